"""Time expressions: absolute dates, and relative ones resolved against the publication date when there is one.

Absolute: "24. April 2021", "3.5.2020", "2021-04-24", "März 2020", a year ("2021"). Partly relative: a day and
month without a year ("am 24. April"), a month alone ("im März"): they take the publication year. Relative: the
entries of ``resources/de/time_relative.tsv`` ("gestern", "aktuell", "derzeit"), weekdays ("am Mittwoch"),
"vergangene Woche" / "nächsten Montag" (determiners of ``time_calendar.tsv``), "vor drei Tagen". A relative
expression is ``unresolved`` when the article has no publication date, or when it is vague ("kürzlich").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Span, Token
from .numbers import number_value
from .types import Signal, SignalKind

RELATIVE_FILE = "time_relative.tsv"
CALENDAR_FILE = "time_calendar.tsv"
_NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ORDINAL_DAY_RE = re.compile(r"^(\d{1,2})\.$")
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DETERMINER_ENDINGS = ("en", "er", "es", "em", "e", "")
# Words before a bare month that make it a date ("im März", "Ende Mai"), not a name ("August Bebel").
_MONTH_CUES = frozenset({"im", "anfang", "mitte", "ende", "seit", "ab", "bis", "vom", "zum", "des", "letzten"})
# Units of "vor drei Tagen" / "in zwei Wochen" (lemmas), with their length in days where fixed.
_SPAN_UNITS = {"tag": 1, "woche": 7, "monat": 0, "jahr": 0}
_CALENDAR_UNITS = {"monat": "month", "jahr": "year"}
# Singular forms only: the plural ("in den vergangenen Jahren", "in den nächsten Wochen") is a stretch, not a date.
_SINGULAR_UNITS = frozenset({"woche", "monat", "monats", "jahr", "jahres", "wochenende", "wochenendes"})
_RELATIVE_UNITS = {"woche": "week", "monat": "month", "jahr": "year", "wochenende": "weekend"}
# The article's own words that put a weekday after the publication date: "am Mittwoch wird ... entscheiden".
_FUTURE_AUXILIARY = "werden"
_INFINITIVE_TAGS = frozenset({"VVINF", "VAINF", "VMINF"})
_MAX_DAY = 31


@dataclass(frozen=True)
class Calendar:
    months: dict[str, int]
    weekdays: dict[str, int]
    shifts: dict[str, int]
    relative: dict[tuple[str, ...], tuple[str, int]]
    first_words: frozenset[str]  # words that may open a non-numeric expression
    weekday_prefixes: tuple[str, ...]


@cache
def calendar() -> Calendar:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    shifts: dict[str, int] = {}
    for word, kind, value in lexicon_rows(CALENDAR_FILE):
        {"month": months, "weekday": weekdays, "shift": shifts}[kind][word] = int(value)
    relative = {tuple(r[0].split()): (r[1], int(r[2])) for r in lexicon_rows(RELATIVE_FILE)}
    shift_forms = {stem + ending for stem in shifts for ending in _DETERMINER_ENDINGS}
    first = {*months, *(m + "." for m in months), *shift_forms, *(k[0] for k in relative), "am", "vor", "in"}
    return Calendar(months, weekdays, shifts, relative, frozenset(first), tuple(weekdays))


def publication_date(value: str | None) -> date | None:
    """The date part of an ISO publication date ("2021-03-24T14:07:24+01:00" -> 2021-03-24), None if unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class _Found:
    first: int
    last: int  # token index after the expression
    cue: str
    value: str | None
    unresolved: bool
    reason: str


class _Reader:
    """Reads the time expressions of one sentence's tokens, left to right, longest first."""

    def __init__(self, text: str, tokens: Sequence[Token], published: date | None) -> None:
        self.text = text
        self.tokens = tokens
        self.words = [text[t.span.start : t.span.end] for t in tokens]
        self.lower = [w.lower() for w in self.words]
        self.published = published
        self.cal = calendar()

    def read(self) -> list[_Found]:
        found = []
        i = 0
        while i < len(self.tokens):
            hit = self._at(i)
            if hit is None:
                i += 1
                continue
            found.append(hit)
            i = hit.last
        return found

    def _at(self, i: int) -> _Found | None:
        if not self._may_start(i):
            return None
        return (
            self._numeric_date(i)
            or self._day_month(i)
            or self._weekday(i)
            or self._month(i)
            or self._year(i)
            or self._shifted(i)
            or self._ago(i)
            or self._relative_word(i)
        )

    def _may_start(self, i: int) -> bool:
        """A cheap test that rules out most tokens: every expression starts with a digit or a calendar word."""
        word = self.lower[i]
        return word[:1].isdigit() or word in self.cal.first_words or word.startswith(self.cal.weekday_prefixes)

    # ----------------------------------------------------------------------------------------- absolute dates

    def _numeric_date(self, i: int) -> _Found | None:
        iso = _ISO_DATE_RE.match(self.words[i])
        if iso:
            return self._date(i, i + 1, int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        match = _NUMERIC_DATE_RE.match(self.words[i])
        if not match:
            return None
        year = match.group(3)
        if year is None:
            return self._date(i, i + 1, None, int(match.group(2)), int(match.group(1)))
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return self._date(i, i + 1, full_year, int(match.group(2)), int(match.group(1)))

    def _day_month(self, i: int) -> _Found | None:
        day = _ORDINAL_DAY_RE.match(self.words[i])
        if not day or i + 1 >= len(self.words):
            return None
        month = self.cal.months.get(self.lower[i + 1].rstrip("."))
        if month is None:
            return None
        if i + 2 < len(self.words) and _YEAR_RE.match(self.words[i + 2]):
            return self._date(i, i + 3, int(self.words[i + 2]), month, int(day.group(1)))
        return self._date(i, i + 2, None, month, int(day.group(1)))

    def _date(self, first: int, last: int, year: int | None, month: int, day: int) -> _Found | None:
        if not (1 <= month <= 12 and 1 <= day <= _MAX_DAY):
            return None
        if year is not None:
            return self._absolute(first, last, f"{year:04d}-{month:02d}-{day:02d}")
        if self.published is None:
            return _Found(
                first,
                last,
                "day and month",
                f"XXXX-{month:02d}-{day:02d}",
                True,
                "Date without a year, and the article has no publication date: the year is unknown.",
            )
        return _Found(
            first,
            last,
            "day and month",
            f"{self.published.year:04d}-{month:02d}-{day:02d}",
            False,
            f"Date without a year, read in the publication year {self.published.year}.",
        )

    def _month(self, i: int) -> _Found | None:
        month = self.cal.months.get(self.lower[i].rstrip("."))
        if month is None or self.tokens[i].pos not in ("NN", "NE"):
            return None
        if i + 1 < len(self.words) and _YEAR_RE.match(self.words[i + 1]):
            return self._absolute(i, i + 2, f"{int(self.words[i + 1]):04d}-{month:02d}")
        if i == 0 or self.lower[i - 1] not in _MONTH_CUES:
            return None
        if self.published is None:
            return _Found(
                i, i + 1, "month", f"XXXX-{month:02d}", True, "Month without a year, and the article has no date."
            )
        return _Found(
            i,
            i + 1,
            "month",
            f"{self.published.year:04d}-{month:02d}",
            False,
            f"Month without a year, read in the publication year {self.published.year}.",
        )

    def _year(self, i: int) -> _Found | None:
        if not _YEAR_RE.match(self.words[i]):
            return None
        if i + 1 < len(self.words) and self.lower[i + 1].startswith("er"):  # "1990er-Jahre": a decade
            return self._absolute(i, i + 2, self.words[i][:3] + "X")
        if self.tokens[i].pos != "CARD":
            return None
        # "2000 Euro": a count; a year stands alone or before a preposition, verb or punctuation
        if i + 1 < len(self.tokens) and self.tokens[i + 1].pos in ("NN", "ADJA"):
            return None
        return self._absolute(i, i + 1, self.words[i])

    def _absolute(self, first: int, last: int, value: str) -> _Found:
        return _Found(first, last, "absolute date", value, False, "Absolute date: it can be checked as it stands.")

    # ------------------------------------------------------------------------------------------ relative ones

    def _shift_at(self, i: int) -> int | None:
        word = self.lower[i]
        for ending in _DETERMINER_ENDINGS:
            if ending and not word.endswith(ending):
                continue
            stem = word[: len(word) - len(ending)] if ending else word
            if stem in self.cal.shifts:
                return self.cal.shifts[stem]
        return None

    def _weekday_at(self, i: int) -> int | None:
        word = self.lower[i]
        if word.endswith("s") and word not in self.cal.weekdays:  # "mittwochs": every Wednesday, no date
            return None
        for name, value in self.cal.weekdays.items():
            if word.startswith(name):  # "Mittwoch", "Mittwochabend"
                return value
        return None

    def _weekday(self, i: int) -> _Found | None:
        weekday = self._weekday_at(i)
        if weekday is None:
            return None
        first, shift = i, None
        if i > 0 and self._shift_at(i - 1) is not None:
            first, shift = i - 1, self._shift_at(i - 1)
        elif i > 0 and self.lower[i - 1] == "am":
            first = i - 1
        # "Mittwoch, 24. April 2021": the date that follows dates it
        j = i + 1
        if j < len(self.words) and self.words[j] in (",", "den", "dem"):
            j += 1
        if j < len(self.words):
            dated = self._day_month(j) or self._numeric_date(j)
            if dated is not None:
                return _Found(first, dated.last, dated.cue, dated.value, dated.unresolved, dated.reason)
        cue = "weekday" if shift is None else "shifted weekday"
        if self.published is None:
            return _Found(first, i + 1, cue, None, True, _NO_DATE)
        resolved = self._resolve_weekday(weekday, shift)
        direction = "the next" if resolved > self.published else "the last"
        return _Found(
            first,
            i + 1,
            cue,
            resolved.isoformat(),
            False,
            f"Weekday resolved from the publication date {self.published.isoformat()} ({direction} such day).",
        )

    def _resolve_weekday(self, weekday: int, shift: int | None) -> date:
        assert self.published is not None
        back = (self.published.weekday() - weekday) % 7
        past = self.published - timedelta(days=back)
        ahead = self.published + timedelta(days=(weekday - self.published.weekday()) % 7)
        if shift is not None and shift > 0:
            return ahead if ahead > self.published else ahead + timedelta(days=7)
        if shift is not None and shift < 0:
            return past if past < self.published else past - timedelta(days=7)
        return ahead if self._future_tense() and ahead > self.published else past

    def _future_tense(self) -> bool:
        return any(t.lemma == _FUTURE_AUXILIARY and t.pos == "VAFIN" for t in self.tokens) and any(
            t.pos in _INFINITIVE_TAGS for t in self.tokens
        )

    def _shifted(self, i: int) -> _Found | None:
        """ "vergangene Woche", "nächsten Monat", "dieses Jahr"."""
        shift = self._shift_at(i)
        if shift is None or i + 1 >= len(self.tokens):
            return None
        unit = _RELATIVE_UNITS.get(self.tokens[i + 1].lemma.lower())
        if unit is None or self.lower[i + 1] not in _SINGULAR_UNITS:  # "in den vergangenen Jahren": no date
            return None
        return self._relative(i, i + 2, "shifted " + unit, unit, shift)

    def _ago(self, i: int) -> _Found | None:
        """ "vor drei Tagen", "in zwei Wochen", "vor einem Jahr"."""
        if self.lower[i] not in ("vor", "in") or i + 2 >= len(self.tokens):
            return None
        word = self.lower[i + 1]
        count = 1.0 if word in ("einem", "einer") else number_value(word)
        unit = self.tokens[i + 2].lemma.lower()
        if count is None or unit not in _SPAN_UNITS or count != int(count):
            return None
        sign = -1 if self.lower[i] == "vor" else 1
        n = sign * int(count)
        if unit in ("tag", "woche"):
            return self._relative(i, i + 3, f"{self.lower[i]} N {unit}", "day", n * _SPAN_UNITS[unit])
        return self._relative(i, i + 3, f"{self.lower[i]} N {unit}", _CALENDAR_UNITS[unit], n)

    def _relative_word(self, i: int) -> _Found | None:
        for n in (2, 1):
            key = tuple(self.lower[i : i + n])
            if len(key) < n or key not in self.cal.relative:
                continue
            # a single word must be an adverb or predicative adjective: "heute Morgen" is not "morgen"
            if n == 1 and self.tokens[i].pos not in ("ADV", "ADJD"):
                continue
            unit, offset = self.cal.relative[key]
            return self._relative(i, i + n, " ".join(key), unit, offset)
        return None

    def _relative(self, first: int, last: int, cue: str, unit: str, offset: int) -> _Found:
        if unit == "vague":
            return _Found(first, last, cue, None, True, "Vague relative time: no date can be given for it.")
        if self.published is None:
            return _Found(first, last, cue, None, True, _NO_DATE)
        value = _resolve(self.published, unit, offset)
        return _Found(
            first,
            last,
            cue,
            value,
            False,
            f"Relative time resolved from the publication date {self.published.isoformat()}.",
        )


_NO_DATE = "Relative time, and the article has no publication date: a reader cannot tell when this was."


def _resolve(published: date, unit: str, offset: int) -> str:
    if unit in ("day", "now"):
        return (published + timedelta(days=offset)).isoformat()
    if unit in ("week", "weekend"):
        year, week, _ = (published + timedelta(weeks=offset)).isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        months = published.year * 12 + published.month - 1 + offset
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return f"{published.year + offset:04d}"


def time_signals(text: str, tokens: Sequence[Token], published: date | None) -> list[Signal]:
    """The time expressions of one sentence; ``published`` is the article's publication date, if known."""
    signals = []
    for hit in _Reader(text, tokens, published).read():
        span = Span(tokens[hit.first].span.start, tokens[hit.last - 1].span.end)
        signals.append(Signal(SignalKind.TIME, span, hit.cue, hit.reason, hit.value, hit.unresolved))
    return signals

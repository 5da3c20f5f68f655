"""Time expressions: absolute dates, relative ones resolved from the publication date or flagged unresolved."""

from __future__ import annotations

from datetime import date

import pytest

from newsaudit.framing.numbers import number_value
from newsaudit.framing.time_expressions import publication_date, time_signals
from newsaudit.language import analyze_text

# A Wednesday: "am Mittwoch" in a past-tense sentence is that day, "gestern" the Tuesday.
PUBLISHED = date(2021, 3, 24)


def _times(text: str, published: date | None = PUBLISHED) -> dict[str, tuple[str | None, bool]]:
    language = analyze_text(text, [(0, len(text), 0)], profile="fast")
    return {
        text[s.span.start : s.span.end]: (s.value, s.unresolved) for s in time_signals(text, language.tokens, published)
    }


def test_absolute_dates() -> None:
    """Day-month-year in words and digits, month-year and a year stand as they are, with or without a date."""
    found = _times("Am 24. April 2021, am 3.5.2020, im März 2020 und 2019 geschah es.", None)
    assert found == {
        "24. April 2021": ("2021-04-24", False),
        "3.5.2020": ("2020-05-03", False),
        "März 2020": ("2020-03", False),
        "2019": ("2019", False),
    }


def test_relative_days_resolved_from_publication_date() -> None:
    """'gestern', 'heute', 'am Mittwoch', 'derzeit', 'vor drei Tagen' get ISO dates from the publication date."""
    found = _times("Gestern und heute kam er, am Mittwoch ging er. Derzeit ist es ruhig. Vor drei Tagen regnete es.")
    assert found["Gestern"] == ("2021-03-23", False)
    assert found["heute"] == ("2021-03-24", False)
    assert found["am Mittwoch"] == ("2021-03-24", False)
    assert found["Derzeit"] == ("2021-03-24", False)
    assert found["Vor drei Tagen"] == ("2021-03-21", False)


def test_weekday_direction() -> None:
    """A past weekday is the last one; 'nächsten Montag' and a future-tense sentence look ahead."""
    assert _times("Am Montag sagte er das.")["Am Montag"] == ("2021-03-22", False)
    assert _times("Nächsten Montag kommt er.")["Nächsten Montag"] == ("2021-03-29", False)
    assert _times("Am Freitag wird der Rat entscheiden.")["Am Freitag"] == ("2021-03-26", False)


def test_weeks_months_years() -> None:
    """'vergangene Woche' is an ISO week, 'im März' takes the publication year, 'heuer' is the year."""
    found = _times("Vergangene Woche und im März, heuer und nächsten Monat.")
    assert found["Vergangene Woche"] == ("2021-W11", False)
    assert found["März"] == ("2021-03", False)
    assert found["heuer"] == ("2021", False)
    assert found["nächsten Monat"] == ("2021-04", False)


def test_unresolved_without_publication_date() -> None:
    """Without a publication date every relative expression is unresolved; a day-month keeps its known part."""
    found = _times("Am Mittwoch und aktuell, am 24. April.", None)
    assert found["Am Mittwoch"] == (None, True)
    assert found["aktuell"] == (None, True)
    assert found["24. April"] == ("XXXX-04-24", True)


def test_vague_relative_times_stay_unresolved() -> None:
    """'kürzlich' cannot be dated even with a publication date."""
    assert _times("Kürzlich sagte er das.")["Kürzlich"] == (None, True)


def test_not_time_expressions() -> None:
    """'heute Morgen' is today, not tomorrow; 'August' as a name and '2000 Euro' as a count are no dates."""
    found = _times("Heute Morgen sprach August Bebel über 2000 Euro.")
    assert found == {"Heute": ("2021-03-24", False)}


def test_plural_units_are_no_date() -> None:
    """'in den vergangenen Jahren' is a stretch of time, not last year; 'vergangenen Jahres' is last year."""
    found = _times("In den vergangenen Jahren stieg die Zahl, seit Mai vergangenen Jahres auch.")
    assert "vergangenen Jahren" not in found
    assert found["vergangenen Jahres"] == ("2020", False)


def test_habitual_weekday_is_not_a_date() -> None:
    """'mittwochs' means every Wednesday: no date."""
    assert _times("Der Markt ist mittwochs geöffnet.") == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-24T14:07:24+01:00", date(2021, 3, 24)),
        ("2021-03-24", date(2021, 3, 24)),
        ("gestern", None),
        (None, None),
    ],
)
def test_publication_date(value: str | None, expected: date | None) -> None:
    """ISO publication dates are read, anything else is no date."""
    assert publication_date(value) == expected


@pytest.mark.parametrize(
    ("word", "value"),
    [("drei", 3), ("zwölf", 12), ("einundzwanzig", 21), ("dreihundertzwanzig", 320), ("1.000", 1000), ("2,5", 2.5)],
)
def test_number_words(word: str, value: float) -> None:
    """Number words and German digit groups read as numbers."""
    assert number_value(word) == value


def test_articles_are_not_numbers() -> None:
    """'ein', 'eine' are articles, not counts."""
    assert number_value("eine") is None and number_value("ein") is None

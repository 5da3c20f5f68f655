"""A regex tokenizer for German news text that keeps character offsets.

One compiled alternation is scanned over the text; each match is a token ``(start, end)`` into the
text the caller gave, so ``text[start:end]`` is always the token's surface. The alternatives are tried
in order, most specific first: URLs and e-mail addresses, dates and times, numbers with German
thousands/decimal separators, known abbreviations (``resources/de/language_abbreviations.tsv``),
ordinals before a month or a lowercase word (``3. Oktober``, ``der 3. deutsche``), initials (``W.``),
words with inner hyphens, apostrophes, gender marks and dots (``US-Präsident``, ``Bürger*innen``),
truncated compounds before a conjunction (``Ein- und Ausfuhr``), ellipses, and single punctuation.

Why not SoMaJo: it is a good German tokenizer, but measured here at ~14k tokens/s it alone would spend
~65 ms on a 900-word article, more than the bench allows for structure and language together; this
regex runs at several hundred thousand tokens/s and matches its token boundaries on the Wikinews
quotation set within about a point of F1 (``newsaudit eval language`` prints both when SoMaJo is
installed).
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicons import lexicon_rows

# German month names (and common short forms) after which "3." is a day ordinal, not a sentence end.
MONTHS = (
    "Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez"
)


@cache
def abbreviations() -> dict[str, bool]:
    """Abbreviation (with its final period) -> whether its period may also end the sentence."""
    table: dict[str, bool] = {}
    for form, may_end in lexicon_rows("language_abbreviations.tsv"):
        table[form] = may_end.strip() == "yes"
        table.setdefault(form[0].upper() + form[1:], table[form])  # "Vgl." at the start of a sentence
    return table


def _abbreviation_pattern() -> str:
    # Longest first so that "u.a.m." wins over "u.a."; lowercase variants of sentence-initial forms too.
    forms = sorted(abbreviations(), key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


_WORD = r"[^\W\d_](?:\w|['’](?=\w)|[-‐](?=\w)|[*:](?=innen\b|in\b))*"


@cache
def _token_regex() -> re.Pattern[str]:
    abbr = _abbreviation_pattern()
    parts = [
        r"(?:https?://|www\.)[^\s<>\"“”„]+[^\s<>\"“”„.,;:!?)\]}'’]",  # URL; trailing punctuation stays outside
        # e-mail; bounded and anchored at the start of a run so that long dotted strings stay linear
        r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}",
        r"\d{1,2}\.\d{1,2}\.(?:\d{2,4})?(?=\W|$)",  # date 3.10.2024 / 3.10.
        r"\d{1,2}:\d{2}(?::\d{2})?",  # time 16:00
        rf"\d{{1,2}}\.(?=\s+(?:{MONTHS})\b)",  # ordinal day before a month name
        r"\d{1,4}\.(?=\s+[a-zäöüß])",  # ordinal before a lowercase word: "der 3. deutsche"
        r"\d+(?:[.,]\d+)*(?:[-‐][^\W\d_]\w*)*(?:[-‐](?=\s))?",  # numbers 1.000,50 and "39-Jährige", "19-"
        rf"(?<![\w.])(?:{abbr})(?!\w)",  # known abbreviations, period included
        r"(?<=(?<![\w.])[^\W\d_]\. )[^\W\d_]\.(?!\w)",  # second half of a spaced abbreviation: "z. B.", "d. h."
        r"(?<![\w.])(?:[^\W\d_]\.){2,}(?!\w)",  # dotted acronyms: U.S.A., z.B. not in the list
        r"(?<![\w.])[A-ZÄÖÜ]\.(?=\s*[A-ZÄÖÜ][a-zäöüß])",  # initial before a name: "Wladimir W. Putin"
        r"[#@]\w+",  # hashtags, handles
        _WORD + r"[-‐](?=\s*,?\s*(?:und|oder|bis|sowie|als\s+auch|wie)\b)",  # truncated compound "Ein-"
        _WORD,
        r"\.{2,}|…",  # ellipsis
        r"''|``|[-–—]{2,}|[?!]+",  # doubled quote marks, dash runs, ?! runs
        r"[^\w\s]|_",  # any other single symbol
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts))


@cache
def ordinal_cues() -> frozenset[str]:
    """Words after which "<number>." is an ordinal even before a capitalised word."""
    return frozenset(row[0].strip() for row in lexicon_rows("language_ordinal_cues.tsv"))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` of ``text[start:end]``, as offsets into ``text``."""
    stop = len(text) if end is None else end
    spans = [m.span() for m in _token_regex().finditer(text, start, stop)]
    return _join_ordinals(text, spans)


def _join_ordinals(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue "3" + "." into the ordinal "3." after a determiner when a word follows ("des 3. Bataillons")."""
    cues = ordinal_cues()
    out: list[tuple[int, int]] = []
    i = 0
    n = len(spans)
    while i < n:
        a, b = spans[i]
        if (
            i + 2 < n
            and out
            and text[a:b].isdigit()
            and b - a <= 3
            and spans[i + 1] == (b, b + 1)
            and text[b] == "."
            and spans[i + 2][0] > b + 1
            and text[spans[i + 2][0]].isalpha()
            and text[slice(*out[-1])].lower() in cues
        ):
            out.append((a, b + 1))
            i += 2
            continue
        out.append((a, b))
        i += 1
    return out

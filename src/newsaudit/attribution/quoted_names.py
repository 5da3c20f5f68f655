"""Names and titles in quotation marks are no quotations („Partij voor de Vrijheid“, „Gasoducto del Sur“).

The rules read every text in quotation marks as a possible direct quotation; quotes-de annotates names of parties,
works, ships and web sites in quotation marks as nothing. A Direct quotation whose quote has no finite verb and only
capitalised content words is dropped, in both profiles: without cue or speaker at any length, with them from two
words on.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ..types import Language, Token
from .phrases import FINITE_TAGS, SentenceViews
from .types import Quotation, QuoteKind

# Fast quote F1 train .8060 -> .8065, dev .7576 -> .7591 (2026-11-26); cue and speaker unchanged. Dropping every
# verbless cue-less quote of up to 3/5/8 tokens as well (scare quotes) gave dev .7590/.7585/.7583: not kept.
DROP_QUOTED_NAMES = True
# ... also with a cue or speaker the CRF gave them („Le Canard enchaîné“ after "hat Berichte der Zeitung …
# zurückgewiesen"), from two words on (a single capitalised word with a cue is mostly a quoted term, "von einer
# „Katastrophe“"): fast train .8065/.7555/.6878 -> .8068/.7563/.6882, dev .7585/.7222/.6475 -> .7590/.7223/.6484
# (quote/cue/speaker, 2026-11-26); from one word on: dev .7580/.7213/.6481.
NAME_WORDS_WITH_CUE = 2


@cache
def _lower_case_title_words() -> frozenset[str]:
    """Words a title or name may keep in lower case ("Partij voor de Vrijheid", "Institute for Contemporary Art"):
    the function words of every language the language identifier knows, German included."""
    from ..language.identify import function_words

    return frozenset(word for listed in function_words()[1].values() for word in listed) | {"de", "den", "van"}


def _is_quoted_name(text: str, tokens: Sequence[Token]) -> bool:
    """Whether a quoted span reads as a name or title: no finite verb, every content word capitalised."""
    if any(t.pos in FINITE_TAGS for t in tokens):
        return False
    words = [text[t.span.start : t.span.end] for t in tokens]
    content = [w for w in words if w[:1].isalnum() and w.lower() not in _lower_case_title_words()]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def drop_quoted_names(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """Direct quotations whose quote is a name or title in quotation marks („Partij voor de Vrijheid“, „Gasoducto
    del Sur“; one word only without cue or speaker): quotes-de does not count names as quotations."""
    if not DROP_QUOTED_NAMES:
        return list(quotations)
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.quote[0].start) if q.kind == QuoteKind.DIRECT and len(q.quote) == 1 else None
        if s is not None:
            tokens = [t for t in s.tokens if q.quote[0].contains(t.span)]
            words = sum(1 for t in tokens if text[t.span.start : t.span.start + 1].isalnum())
            long_enough = not (q.cue or q.speaker) or words >= NAME_WORDS_WITH_CUE
            if tokens and long_enough and _is_quoted_name(text, tokens):
                continue
        out.append(q)
    return out

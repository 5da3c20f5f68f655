"""The fast profile's quotation extractor: the rules, with cue and speaker re-read by the CRF when it ships, and
the addressees read off each cue's clause (``addressees.py``).

``LEARNED`` switches the CRF on (``crf.py``); it is on because it wins on quotes-de dev (figures in
``models/quotes_fast.json``). Without the model file (a checkout that has not run
``newsaudit train quotes --profile fast``) the rules answer alone; each quotation's ``method`` says which
(``rule:…`` or ``rule:…+crf`` / ``crf:new``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Article, Language
from . import crf, rules
from .addressees import add_addressees
from .conventions import apply_conventions, trim_speakers
from .nested import nested_direct_cues
from .quoted_names import drop_quoted_names
from .speaker_steps import (
    continued_speakers,
    coordinated_speakers,
    missing_speakers,
    object_speakers,
    plausible_speakers,
    second_source_speakers,
    where_it_says_speakers,
)
from .types import Quotation

# quotes-de dev token F1 quote/cue/speaker, rules alone .703/.653/.531, with the CRF .731/.688/.589; with the span
# conventions, re-framing and lexicon additions of 2026-11-25 (same CRF model) .742/.700/.615
LEARNED = True


def uses_learned_model() -> bool:
    """Whether ``find_quotations`` runs the CRF (switched on and shipped) or the rules alone."""
    return LEARNED and crf.MODEL_PATH.is_file()


def find_quotations(article: Article, language: Language) -> tuple[Quotation, ...]:
    """Quotations of the article's prose, in text order."""
    if uses_learned_model():
        found = crf.find_quotations_crf(article, language)
    else:
        found = tuple(apply_conventions(article.text, rules.find_quotations(article, language)))
    return finish(article, language, found)


# The steps after extraction, in order, each taking (text, language layer, quotations): drop quoted names
# (quoted_names.py), trim speaker edges (conventions.py), fill and correct speakers (speaker_steps.py), give a
# direct quotation inside an indirect one the outer cue (nested.py).
FINISHING_STEPS = (
    drop_quoted_names,
    trim_speakers,
    coordinated_speakers,
    missing_speakers,
    object_speakers,
    second_source_speakers,
    where_it_says_speakers,
    plausible_speakers,
    continued_speakers,
    nested_direct_cues,
)


def finish(article: Article, language: Language, quotations: Sequence[Quotation]) -> tuple[Quotation, ...]:
    """The steps after extraction that both profiles share: speaker edges and fallbacks, then addressees."""
    found = list(quotations)
    for step in FINISHING_STEPS:
        found = step(article.text, language, found)
    return tuple(add_addressees(article, language, found))

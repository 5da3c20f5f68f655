"""Verb mood of finite verbs: indicative, Konjunktiv I, Konjunktiv II, imperative, or ambiguous.

Konjunktiv I (``er sei``, ``sie habe``) is German's mark of reported speech and Konjunktiv II (``wäre``,
``würden``) of distance or of reported speech where Konjunktiv I would look like the indicative, so the
attribution stages read both. The decision, in order:

1. HanTa's imperative tags (``VVIMP``, ``VAIMP``) -> imperative.
2. A sentence that opens with the finite verb followed by ``Sie`` and does not end in ``?``
   (``Lesen Sie hier``, ``Folgen Sie uns``) -> imperative (the polite imperative, which HanTa tags VVFIN).
3. The lexicon ``resources/de/language_mood_forms.tsv`` (auxiliaries, modals, frequent strong verbs).
4. HanTa's morphemes: a present stem + ending ``-e`` (``plane``, ``gehe``) is Konjunktiv I unless ``ich`` is
   its subject (then the indicative ``ich plane``); a strong past stem (HanTa ``*_VAR``) + ``-e`` (``ginge``)
   or with an umlaut its lemma lacks and an e-ending (``kämen``; not ``fällt``) is Konjunktiv II.
5. Everything else is indicative, including forms that Konjunktiv I or II share with the indicative
   (``sie haben``, ``sagte``): German's substitution rule (Ersatzregel) makes writers switch to the next
   distinct form (``hätten``, ``würde sagen``) when they mean the subjunctive, so the shared form reads as
   indicative. ``ambiguous`` is kept for a sentence-initial ``-e`` form (``Bleibe!``, ``Glaube nicht``):
   imperative, optative or a dropped ``ich``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Mood

FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN", "VVIMP", "VAIMP"})
# How far (in tokens) "ich" may stand from a verb to count as its subject: "ich glaube", "glaube ich",
# "ich selbst glaube"; set from the hand-written mood examples in tests/test_language.py.
ICH_WINDOW_BEFORE = 3
ICH_WINDOW_AFTER = 2
_OPENERS = frozenset({"„", '"', "»", "«", "‚", "'", "(", "-", "–", "—"})
_UMLAUT = {"ä": "a", "ö": "o", "ü": "u"}

# (lowercased form, HanTa tag, lemma) -> the mood its stem and ending mark (step 4), None when they mark none
StemMood = Callable[[str, str, str], "Mood | None"]


@cache
def mood_forms() -> dict[str, str]:
    table = {}
    for form, mood in lexicon_rows("language_mood_forms.tsv"):
        table[form] = mood.strip()
    return table


def _ich_near(words: Sequence[str], i: int) -> bool:
    lo, hi = max(0, i - ICH_WINDOW_BEFORE), min(len(words), i + ICH_WINDOW_AFTER + 1)
    return any(words[j].lower() == "ich" for j in range(lo, hi) if j != i)


def _sentence_initial(words: Sequence[str], i: int) -> bool:
    first = 0
    while first < len(words) and words[first] in _OPENERS:
        first += 1
    return i == first


def _polite_imperative(words: Sequence[str], i: int) -> bool:
    return _sentence_initial(words, i) and i + 1 < len(words) and words[i + 1] == "Sie" and "?" not in words[-1]


def morpheme_mood(morphemes: Sequence[tuple[str, str]], lemma: str) -> Mood | None:
    """Konjunktiv I/II from HanTa's morphemes of a finite verb (step 4 above, without the ``ich`` check)."""
    if len(morphemes) < 2:
        return None
    stem, stem_tag = morphemes[-2]
    suffix, suffix_tag = morphemes[-1]
    if suffix_tag != "SUF_FIN":
        return None
    strong_past = stem_tag.endswith("_VAR")
    if strong_past and suffix == "e":
        return Mood.KONJUNKTIV_II
    # kämen/kamen: the umlaut of a strong past stem whose lemma has none marks Konjunktiv II, but only with an
    # e-ending (-e, -en, -est, -et): HanTa also gives the umlauted present stems of fällt, trägt, läuft the
    # *_VAR tag, and those are indicative.
    if (
        strong_past
        and suffix.startswith("e")
        and any(ch in _UMLAUT for ch in stem)
        and not any(ch in _UMLAUT for ch in lemma.lower())
    ):
        return Mood.KONJUNKTIV_II
    if not strong_past and suffix == "e":
        return Mood.KONJUNKTIV_I
    return None


def verb_mood(words: Sequence[str], i: int, tag: str, hanta_tag: str, lemma: str, stem_mood: StemMood) -> Mood | None:
    """Mood of ``words[i]`` (a sentence's surface tokens) if it is a finite verb, else None."""
    if tag not in FINITE_TAGS:
        return None
    if tag.endswith("IMP"):
        return Mood.IMPERATIVE
    if _polite_imperative(words, i):
        return Mood.IMPERATIVE
    form = words[i].lower()
    listed = mood_forms().get(form)
    if listed == "konjunktiv_i_unless_ich":
        return Mood.INDICATIVE if _ich_near(words, i) else Mood.KONJUNKTIV_I
    if listed is not None:
        return Mood(listed)
    mood = stem_mood(form, hanta_tag, lemma)
    if mood is Mood.KONJUNKTIV_I:
        if _ich_near(words, i):
            return Mood.INDICATIVE
        if _sentence_initial(words, i):  # "Bleibe!", "Glaube nicht": imperative, optative or a dropped "ich"
            return Mood.AMBIGUOUS
    return mood or Mood.INDICATIVE

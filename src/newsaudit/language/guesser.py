"""The ``fast`` profile's word analyses: HanTa's precomputed lexicon where a form is known, a suffix guesser else.

HanTa's morpheme lattice costs 0.3-1 ms per new word form, and news keeps producing new forms, so a
corpus run never gets past it by caching. The fast profile never runs the lattice:

* Candidate tags: a form in HanTa's precomputed word cache (~23k frequent forms, ``model.cache``) gets
  HanTa's own scores (the same numbers ``_tag_word`` gives it); any other form gets emission-like scores
  ``log p(tag | suffix, shape) - log p(tag)`` from the longest of its last 1..6 letters found in the
  shape's suffix table (shape: sentence-initial / all-caps / capitalised / lowercase / other, with digit
  and hyphen flags). A constant added to all tags of one word does not change the Viterbi's choice, so
  the scale needs no calibration against HanTa's.
* Lemma: a table of HanTa's lemma for every (form, tag) of its word cache, stored as a suffix
  replacement; other forms take the replacement rule learnt for their tag and longest matching suffix.
* Mood of finite verbs (the part ``mood.py`` reads from HanTa's morphemes: Konjunktiv I ``-e`` on a
  present stem, Konjunktiv II on a strong past stem): stored per known finite form, learnt per suffix
  for the others.

The tables are distilled from the accurate tagger over public German news (``newsaudit train language``,
``language/train.py``); the artefact ``models/language_guesser.json.gz`` holds suffix statistics and rule
tables, HanTa's own vocabulary, and its provenance, but no dataset text.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..types import Mood

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "language_guesser.json.gz"
MAX_SUFFIX = 6  # letters of a form's ending the emission table is keyed on
MAX_LEMMA_SUFFIX = 5  # letters of a form's ending the lemma rules are keyed on
FINITE_HANTA_TAGS = ("VV(FIN)", "VA(FIN)", "VM(FIN)")
MOOD_CLASSES = {"k1": Mood.KONJUNKTIV_I, "k2": Mood.KONJUNKTIV_II}
IDENTITY = "="  # lemma rule: the lowercased form itself
# A compound's head: a form of HanTa's word cache of at least MIN_HEAD letters after at least MIN_MODIFIER
# letters ("Bundestags|abgeordneter"); its best tag's class becomes part of the shape. Set on a held-out
# tenth of the 10kGNAD texts (tag agreement with the accurate tagger, 2026-11-25): no head feature 0.9800,
# (MIN_HEAD, MIN_MODIFIER) = (3, 2) 0.9805, (4, 2) 0.9806, (5, 2) 0.9802, (4, 3) 0.9807 (within noise of (4, 2)).
MIN_HEAD = 4
MIN_MODIFIER = 2
HEAD_CLASSES = {"NN": "N", "NE": "E", "ADJ": "A", "VV": "V"}


def compound_heads(cache: dict[str, list[tuple[int, float]]], int2tag: dict[int, str]) -> dict[str, str]:
    """Forms of HanTa's word cache long enough to head a compound -> the class of their best tag (N, E, A, V)."""
    heads = {}
    for form, scores in cache.items():
        if len(form) < MIN_HEAD or not scores:
            continue
        best = int2tag[max(scores, key=lambda pair: pair[1])[0]]
        letter = HEAD_CLASSES.get(best.partition("(")[0])
        if letter is not None:
            heads[form] = letter
    return heads


def head_class(lower: str, heads: dict[str, str]) -> str:
    """The class of the longest known form ending a lowercased form after at least MIN_MODIFIER letters, or ""."""
    for j in range(MIN_MODIFIER, len(lower) - MIN_HEAD + 1):
        found = heads.get(lower[j:])
        if found is not None:
            return found
    return ""


def shape(word: str, casesensitive: bool, head: str = "") -> str:
    """The shape class of a form: case (S initial, A all caps, U capitalised, L lowercase, O other), then
    D (has a digit), H (has an inner hyphen), then the class of a known compound head (``head_class``)."""
    first = word[0]
    if len(word) > 1 and word.isupper() and any(ch.isalpha() for ch in word):
        case = "A"
    elif not first.isalpha():
        case = "O"
    elif not casesensitive:
        case = "S"
    elif first.isupper():
        case = "U"
    else:
        case = "L"
    digit = "D" if any(ch.isdigit() for ch in word) else ""
    hyphen = "H" if "-" in word[1:] else ""
    return case + digit + hyphen + head


def lemma_rule(form: str, lemma: str) -> str:
    """The replacement turning lowercased ``form`` into ``lemma`` (first letter lowercased): ``k|ending``."""
    target = lemma[:1].lower() + lemma[1:]
    k = 0
    for a, b in zip(form, target, strict=False):
        if a != b:
            break
        k += 1
    if k == len(form) == len(target):
        return IDENTITY
    return f"{len(form) - k}|{target[k:]}"


def apply_rule(form: str, rule: str) -> str | None:
    """Apply a ``lemma_rule`` to lowercased ``form``; None when the rule strips more than the form holds."""
    if rule == IDENTITY:
        return form
    strip, _, ending = rule.partition("|")
    n = int(strip)
    if n > len(form):
        return None
    return form[: len(form) - n] + ending


def capitalise(lemma: str) -> str:
    return lemma[:1].upper() + lemma[1:]


@dataclass(frozen=True)
class GuesserModel:
    """The distilled tables, keyed by HanTa tag ids (see ``train.py`` for how each is built)."""

    emissions: dict[str, tuple[tuple[int, float], ...]]  # "shape|suffix" -> ((tag, score), ...), best first
    known_lemmas: dict[str, dict[int, str]]  # lowercased known form -> tag -> lemma rule
    lemma_rules: dict[int, dict[str, str]]  # tag -> form suffix -> lemma rule
    capitalised: frozenset[int]  # tags whose lemma HanTa capitalises
    known_moods: dict[str, str]  # lowercased known finite form + "|" + tag -> "k1" / "k2"
    mood_rules: dict[str, str]  # finite form suffix -> "k1" / "k2" / "" (no subjunctive stem)
    provenance: dict[str, Any]
    heads: dict[str, str]  # HanTa's known forms that may head a compound -> class (from the model, not the file)

    def candidates(self, word: str, casesensitive: bool) -> tuple[tuple[int, float], ...]:
        """Candidate tags with emission-like scores for a form outside HanTa's word cache."""
        lower = word.lower()
        key_shape = shape(word, casesensitive, head_class(lower, self.heads))
        emissions = self.emissions
        for n in range(min(MAX_SUFFIX, len(lower)), -1, -1):
            found = emissions.get(f"{key_shape}|{lower[len(lower) - n :]}")
            if found is not None:
                return found
        return emissions["*|"]

    def lemma(self, lower: str, tag: int) -> str:
        """HanTa-style lemma of a lowercased form (capitalised for nouns and names, as HanTa does)."""
        rule = self.known_lemmas.get(lower, {}).get(tag)
        if rule is None:
            rules = self.lemma_rules.get(tag)
            rule = IDENTITY
            if rules is not None:
                for n in range(min(MAX_LEMMA_SUFFIX, len(lower)), -1, -1):
                    found = rules.get(lower[len(lower) - n :])
                    if found is not None and apply_rule(lower, found) is not None:
                        rule = found
                        break
        lemma = apply_rule(lower, rule) or lower
        return capitalise(lemma) if tag in self.capitalised else lemma

    def stem_mood(self, lower: str, hanta_tag: str) -> Mood | None:
        """Konjunktiv I/II as HanTa's morphemes would mark it (``mood._from_morphemes``), else None."""
        known = self.known_moods.get(f"{lower}|{hanta_tag}")
        if known is not None:
            return MOOD_CLASSES.get(known)
        for n in range(min(MAX_SUFFIX, len(lower)), -1, -1):
            found = self.mood_rules.get(lower[len(lower) - n :])
            if found is not None:
                return MOOD_CLASSES.get(found)
        return None


def load_guesser(tag2int: dict[str, int], heads: dict[str, str], path: Path = MODEL_PATH) -> GuesserModel:
    """Read the artefact and map its tag names to the loaded HanTa model's ids."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        emissions = {
            key: tuple((int(tag2int[t]), float(s)) for t, s in cands) for key, cands in data["emissions"].items()
        }
        known_lemmas = {
            form: {int(tag2int[t]): rule for t, rule in rules.items()} for form, rules in data["known_lemmas"].items()
        }
        lemma_rules = {int(tag2int[t]): dict(rules) for t, rules in data["lemma_rules"].items()}
        capitalised = frozenset(int(tag2int[t]) for t in data["capitalised"])
        model = GuesserModel(
            emissions,
            known_lemmas,
            lemma_rules,
            capitalised,
            dict(data["known_moods"]),
            dict(data["mood_rules"]),
            dict(data["provenance"]),
            heads,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot load the fast-profile word guesser ({path.name}): {exc}") from exc
    if "*|" not in model.emissions or not all(math.isfinite(s) for c in emissions.values() for _t, s in c):
        raise ModelError(f"the fast-profile word guesser ({path.name}) lacks its fallback row or has bad scores")
    return model

"""POS tags, lemmas and morphemes from HanTa's German model, with a faster sentence Viterbi.

HanTa (Wartena 2019; LGPL-3.0; its model ``morphmodel_ger.pgz`` ships inside the wheel, so nothing is
downloaded) tags with a second-order HMM over words whose emission scores come from a morphological
analysis of each word. Its own ``tag_sent`` is correct but slow (3-7k tokens/s measured here): it
analyses every word afresh (0.1-3 ms for words outside its precomputed cache) and its Viterbi loops
over all ~56 transitions of every state. This module keeps HanTa's model and scores and changes only how
they are computed:

* the word-level analyses run through ``morphology.MorphAnalyzer`` (HanTa's lattice with its inner call
  inlined: the same results, ~2x faster), memoised per lowercased word;
* per-word results are memoised (``functools.lru_cache``): the candidate tags of a word form with its
  case flag, the lemma of (word, tag), the morphemes of (word, tag), so a word seen before costs a dict
  lookup;
* the Viterbi iterates only over the candidate tags of each word (usually 1-3) and looks their
  transition scores up, with the same pruning (5 best states) and the same scores as ``tag_sent``;
  ``newsaudit eval language`` checks that the tags agree with ``tag_sent`` (100% of the EuroParl subset);
* URLs and e-mail addresses are tagged XY without analysis, and tokens longer than 64 characters are
  scored by their last 32 (the lattice is quadratic in word length).

The ``fast`` profile (``guesser.py``) keeps this Viterbi and HanTa's transition scores but never runs the
morpheme lattice: known forms take HanTa's precomputed scores and lemmas, other forms a distilled suffix
guesser.

HanTa's tags are mapped to STTS (``ADJ(A)`` -> ``ADJA``, ``VV(FIN)`` -> ``VVFIN``, ``NNA``/``NNI`` -> ``NN``).
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ModelError
from ..types import Mood
from .guesser import GuesserModel, compound_heads, load_guesser
from .mood import morpheme_mood
from .morphology import MorphAnalyzer

MODEL_FILE = "morphmodel_ger.pgz"
# HanTa's internal state ids (HanoverTagger.py): EMPTY, START and END frame a sentence; UNKNOWN is a fallback.
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
_LOWERBOUND = -1e6  # HanTa's floor for log probabilities
_BEAM = 5  # HanTa's tag_sent keeps the states within 1 of the 5th best; we keep the same beam
# Word forms memoised per cache. The caches held ~56k forms and ~150 MB after 420k tokens of news
# (10kGNAD); the cap keeps a long corpus run under ~300 MB in all.
_CACHE_SIZE = 1 << 16
# HanTa's morpheme lattice grows with the square of a word's length: a 63-letter compound takes ~20 ms, a
# 5,000-character string of base64 would take minutes. Longer tokens are scored by their last
# _TAIL_LENGTH characters (German compounds take the class of their head) and keep their form as lemma.
MAX_ANALYSED_LENGTH = 64
_TAIL_LENGTH = 32
PROFILES = ("accurate", "fast")
_NON_WORD = re.compile(r"://|^www\.|@\w")  # URLs and e-mail addresses: tagged XY, never analysed

# Typographic variants HanTa's training data (TIGER-style) writes in ASCII.
_NORMALISE = {
    "„": '"',
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "‚": "'",
    "‘": "'",
    "’": "'",
    "‹": "'",
    "›": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "…": "...",
}


def stts(hanta_tag: str) -> str:
    """HanTa's tag in STTS: ``VV(FIN)`` -> ``VVFIN``, ``NNA`` -> ``NN``, ``UNKNOWN`` -> ``XY``."""
    if hanta_tag in ("NNA", "NNI"):
        return "NN"
    if hanta_tag == "UNKNOWN":
        return "XY"
    return hanta_tag.replace("(", "").replace(")", "")


def restore_case(word: str, lemma: str) -> str:
    """Give a capitalised lemma the word's own casing where they share a prefix: "DDT", not "Ddt".

    HanTa builds lemmas from lowercased morphemes and capitalises nouns and names, which turns acronyms and
    inner capitals into "Ddt", "Us-fluggesellschaft"; lowercase lemmas (verbs, adjectives) are left alone.
    """
    if not lemma or not lemma[0].isupper():
        return lemma
    k = 0
    for a, b in zip(word, lemma, strict=False):
        if a.lower() != b.lower():
            break
        k += 1
    return word[:k] + lemma[k:]


@dataclass(frozen=True)
class TaggedWord:
    tag: str  # STTS
    hanta_tag: str  # HanTa's own tag, e.g. VV(FIN)
    lemma: str


class FastTagger:
    """HanTa's German model with memoised word analyses and a Viterbi over candidate tags only."""

    def __init__(self) -> None:
        started = time.perf_counter()
        try:
            from HanTa import HanoverTagger as ht

            self.model: Any = ht.HanoverTagger(MODEL_FILE)
        except Exception as exc:  # a broken install must name itself, not crash with a pickle traceback
            raise ModelError(f"cannot load the HanTa German model ({MODEL_FILE}): {exc}") from exc
        self.morphology = MorphAnalyzer(self.model)
        self.morphology.install()
        self.load_seconds = time.perf_counter() - started
        self._trans: dict[tuple[int, int], dict[int, float]] = self.model.LP_trans_word
        self._int2tag: dict[int, str] = self.model.int2tag
        self._xy = int(self.model.tag2int["XY"])
        self._stts: dict[int, str] = {t: stts(name) for t, name in self._int2tag.items()}
        self.word_scores = lru_cache(maxsize=_CACHE_SIZE)(self._word_scores)
        self.lemma = lru_cache(maxsize=_CACHE_SIZE)(self._lemma)
        self.morphemes = lru_cache(maxsize=_CACHE_SIZE)(self._morphemes)
        self._cache: dict[str, list[tuple[int, float]]] = self.model.cache
        self._case: dict[int, dict[bool, float]] = self.model.LP_case_t
        self._wtag: dict[int, float] = self.model.LP_wtag
        self._guesser: GuesserModel | None = None
        self.fast_scores = lru_cache(maxsize=_CACHE_SIZE)(self._fast_scores)
        self.fast_lemma = lru_cache(maxsize=_CACHE_SIZE)(self._fast_lemma)

    @property
    def guesser(self) -> GuesserModel:
        """The fast profile's tables, loaded on first use (~0.15 s, ~30 MB measured here)."""
        if self._guesser is None:
            with _LOCK:
                if self._guesser is None:
                    self._guesser = load_guesser(self.model.tag2int, self.noun_heads())
        return self._guesser

    def use_guesser(self, guesser: GuesserModel) -> None:
        """Swap in other fast-profile tables (training checks the ones it has just written) and forget caches."""
        self._guesser = guesser
        self.clear_caches()

    def noun_heads(self) -> dict[str, str]:
        """HanTa's known forms that may head a compound, with their class (the guesser's compound feature)."""
        return compound_heads(self._cache, self._int2tag)

    def _fast_scores(self, word: str, casesensitive: bool) -> tuple[tuple[int, float], ...] | None:
        """HanTa's scores for a form in its precomputed word cache (as ``_tag_word`` gives them), else guessed."""
        if _NON_WORD.search(word):
            return ((self._xy, 0.0),)
        if len(word) > MAX_ANALYSED_LENGTH:
            word = word[-_TAIL_LENGTH:]
        cached = self._cache.get(self.model.normalize(word))
        if cached is None:
            return self.guesser.candidates(word, casesensitive)
        upcase = casesensitive and word[0].isupper()
        scores = [(t, p if t == _UNKNOWN else p + self._case[t][upcase] - self._wtag[t]) for t, p in cached]
        scores.sort(key=lambda pair: pair[1], reverse=True)
        if not scores or (len(scores) == 1 and scores[0][0] == _UNKNOWN):
            return None
        return tuple(scores)

    def _fast_lemma(self, word: str, tag: int) -> str:
        if len(word) > MAX_ANALYSED_LENGTH or tag == self._xy:
            return word
        return self.guesser.lemma(word, tag)

    def stem_mood(self, form: str, hanta_tag: str, lemma: str, profile: str = "accurate") -> Mood | None:
        """Konjunktiv I/II marked by the stem and ending of a finite verb form (lowercased), else None."""
        if profile == "fast":
            return self.guesser.stem_mood(form, hanta_tag)
        return morpheme_mood(self.morphemes(form, self.tag_id(hanta_tag)), lemma)

    def _word_scores(self, word: str, casesensitive: bool) -> tuple[tuple[int, float], ...] | None:
        """Candidate tags with log p(word|tag) as HanTa's tag_sent scores them; None: any tag (unknown)."""
        if _NON_WORD.search(word):
            return ((self._xy, 0.0),)
        if len(word) > MAX_ANALYSED_LENGTH:
            word = word[-_TAIL_LENGTH:]
        scores = self.model._tag_word(word, cutoff=5, casesensitive=casesensitive, conditional=True)
        if not scores or (len(scores) == 1 and scores[0][0] == _UNKNOWN):
            return None
        return tuple(scores)

    def _lemma(self, word: str, tag: int) -> str:
        if len(word) > MAX_ANALYSED_LENGTH or tag == self._xy:
            return word
        return str(self.model._analyze(word, tag, taglevel=1)[0])

    def _morphemes(self, word: str, tag: int) -> tuple[tuple[str, str], ...]:
        """HanTa's morpheme analysis, e.g. ``käme`` -> (("käm", "VV_VAR"), ("e", "SUF_FIN"))."""
        if len(word) > MAX_ANALYSED_LENGTH:
            return ()
        _stem, morphs, _pos = self.model._analyze(word, tag, taglevel=3)
        return tuple((str(m), str(t)) for m, t in morphs)

    def viterbi(self, words: list[str], profile: str = "accurate") -> list[int]:
        """Best tag ids for one sentence of (normalised) words: HanTa's tag_sent_viterbi, restricted."""
        word_scores = self.fast_scores if profile == "fast" else self.word_scores
        trans = self._trans
        prevrow: dict[tuple[int, int], float] = {(_EMPTY, _START): 0.0}
        backpointers: list[dict[tuple[int, int], tuple[int, int]]] = []
        for i, word in enumerate(words):
            scores = word_scores(word, i > 0)
            rowbound = sorted(prevrow.values(), reverse=True)[_BEAM] - 1 if len(prevrow) > _BEAM else _LOWERBOUND
            row: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], tuple[int, int]] = {}
            for state, lp0 in prevrow.items():
                if lp0 < rowbound:
                    continue
                lp_t = trans[state]
                prev = state[1]
                if scores is None:
                    for c, lp_tc in lp_t.items():
                        if c != _END:
                            lp = lp0 + lp_tc
                            if lp > _LOWERBOUND and lp > row.get((prev, c), -math.inf):
                                row[(prev, c)] = lp
                                back[(prev, c)] = state
                    continue
                for c, lpw in scores:
                    lp_trans = lp_t.get(c)
                    if lp_trans is None:
                        continue
                    lp = lp0 + lp_trans + lpw  # HanTa's order of addition, for identical floats
                    if lp > _LOWERBOUND:
                        newstate = (prev, c)
                        if lp > row.get(newstate, -math.inf):
                            row[newstate] = lp
                            back[newstate] = state
            if not row:  # no known transition fits the word: let it take any tag, as HanTa does for unknowns
                for state, lp0 in prevrow.items():
                    for c, lp in self._trans[state].items():
                        if c != _END and lp0 + lp > row.get((state[1], c), -math.inf):
                            row[(state[1], c)] = lp0 + lp
                            back[(state[1], c)] = state
            backpointers.append(back)
            prevrow = row
        best_state, best = None, -math.inf
        for state, lp0 in prevrow.items():
            lp = lp0 + trans[state].get(_END, -math.inf)
            if lp > best:
                best_state, best = state, lp
        if best_state is None:  # only when no state can end a sentence: take the best-scored state
            best_state = max(prevrow, key=prevrow.__getitem__)
        tags: list[int] = []
        state = best_state
        for back in reversed(backpointers):
            tags.append(state[1])
            state = back[state]
        return tags[::-1]

    def tag(self, words: list[str], profile: str = "accurate") -> list[TaggedWord]:
        """STTS tag and lemma for each word of one sentence (surface forms; quotes are normalised here).

        ``profile``: "accurate" analyses every word with HanTa; "fast" looks known words up and guesses the rest.
        """
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        if not words:
            return []
        normalised = [_NORMALISE.get(w, w) for w in words]
        tag_ids = self.viterbi(normalised, profile)
        int2tag, stts_of = self._int2tag, self._stts
        lemma = self.fast_lemma if profile == "fast" else self.lemma
        return [
            TaggedWord(stts_of[tag], int2tag[tag], restore_case(word, lemma(word.lower(), tag)))
            for word, tag in zip(normalised, tag_ids, strict=True)
        ]

    def clear_caches(self) -> None:
        """Forget every memoised word analysis (the bench uses it to time a cold start without reloading)."""
        self.word_scores.cache_clear()
        self.lemma.cache_clear()
        self.morphemes.cache_clear()
        self.morphology.clear_caches()
        self.fast_scores.cache_clear()
        self.fast_lemma.cache_clear()

    def tag_id(self, hanta_tag: str) -> int:
        return int(self.model.tag2int[hanta_tag])


_TAGGER: FastTagger | None = None
_LOCK = threading.Lock()


def get_tagger() -> FastTagger:
    """The process-wide tagger, loaded on first use (0.1-0.3 s and ~40 MB of RSS, measured here)."""
    global _TAGGER
    if _TAGGER is None:
        with _LOCK:
            if _TAGGER is None:
                _TAGGER = FastTagger()
    return _TAGGER

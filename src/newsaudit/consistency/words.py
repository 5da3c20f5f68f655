"""Content words of a statement and how two of them match: same lemma, same name stem, or compound part.

German joins words into compounds ("Skandal-Foto", "Rathaus-Chef", "Schusswechsel") and derives adjectives
and countries from names ("Russe", "russisch", "Russland"), so equal lemmas alone miss most support between a
terse headline and the body. Matching is graded: an equal lemma counts fully, the others less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from ..lexicons import lexicon_lines
from ..types import Span, Token

STOPWORD_FILE = "consistency_stopwords.tsv"

# STTS tags of content words, by what kind of word they are.
NAME_TAGS = frozenset({"NE"})
NOUN_TAGS = frozenset({"NN"})
VERB_TAGS = frozenset({"VVFIN", "VVINF", "VVPP", "VVIZU", "VVIMP"})
ADJECTIVE_TAGS = frozenset({"ADJA", "ADJD"})

# Graded credit of a match (set by hand: an equal lemma is the clear case; a shared name stem, "Russe" ~ "russisch",
# nearly as good; a compound head, "Skandal-Foto" ~ "Foto", names the same thing more specifically; a shared
# modifier, "Schusswechsel" ~ "Schuss", is weaker evidence).
LEMMA_CREDIT = 1.0
STEM_CREDIT = 0.8
HEAD_CREDIT = 0.7
PART_CREDIT = 0.5
# The shortest lemma that may count as the head or modifier of a compound ("Rat" in "Beirat" is too short to trust).
MIN_PART_LENGTH = 4
# What a closed compound must add to a word to be a compound of it, not an inflected or derived form.
MIN_REST_LENGTH = 3
# Derivational endings stripped to find a name's stem: Russ-e, russ-isch, Russ-land, Ukrain-er, Berlin-er-in.
_NAME_SUFFIXES = ("innen", "ischen", "ische", "isch", "land", "erin", "er", "en", "e", "s")
_MIN_STEM_LENGTH = 4
# Feminine person nouns map to the masculine lemma ("Anwohnerin" ~ "Anwohner", "Präsidentinnen" ~ "Präsident"):
# endings of agent nouns that take "-in"/"-innen".
_AGENT_ENDINGS = ("er", "ent", "ant", "ist", "loge", "at", "eur")


class WordKind(StrEnum):
    NAME = "name"
    NOUN = "noun"
    VERB = "verb"
    ADJECTIVE = "adjective"


class MatchKind(StrEnum):
    LEMMA = "lemma"
    STEM = "stem"
    COMPOUND = "compound"
    NUMBER = "number"


@dataclass(frozen=True)
class ContentWord:
    """A content word: its span, a lowercase key (the lemma, with a separable verb particle joined), its kind."""

    span: Span
    key: str
    kind: WordKind
    parts: tuple[str, ...]  # hyphen-separated parts of a compound key ("schock", "video"); () for simple words
    stem: str  # the key with one derivational ending removed ("russisch" -> "russ"); "" for verbs
    name_like: bool  # a name or an adjective derived from one ("russisch"): its stem may match a noun's


@cache
def stopwords() -> frozenset[str]:
    """Lemmas that are too general to count as support."""
    return frozenset(line.strip().lower() for line in lexicon_lines(STOPWORD_FILE))


def _kind(pos: str) -> WordKind | None:
    if pos in NAME_TAGS:
        return WordKind.NAME
    if pos in NOUN_TAGS:
        return WordKind.NOUN
    if pos in VERB_TAGS:
        return WordKind.VERB
    if pos in ADJECTIVE_TAGS:
        return WordKind.ADJECTIVE
    return None


def name_stem(key: str) -> str:
    """The stem of a name-like word with one derivational ending removed ("russisch" -> "russ"), or the key."""
    for suffix in _NAME_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM_LENGTH:
            return key[: -len(suffix)]
    return key


def _is_name_like(key: str, kind: WordKind) -> bool:
    # Names and the adjectives derived from them ("russisch", "ukrainisch"). Two common nouns never match by stem,
    # since stripping "-er"/"-e" from them would join unrelated words ("Lehrer" ~ "Lehre").
    return kind is WordKind.NAME or (kind is WordKind.ADJECTIVE and key.endswith("isch"))


def masculine(key: str) -> str:
    """The masculine form of a feminine person noun ("anwohnerin" -> "anwohner"), else the key itself."""
    for suffix in ("innen", "in"):
        base = key[: -len(suffix)]
        if key.endswith(suffix) and len(base) >= _MIN_STEM_LENGTH and base.endswith(_AGENT_ENDINGS):
            return base
    return key


def _particle(tokens: Sequence[Token], i: int) -> str:
    """The separable particle of the finite verb at ``i`` ("wenden ... ab" -> "ab"), up to the clause end."""
    for token in tokens[i + 1 :]:
        if token.pos == "PTKVZ":
            return token.lemma.lower()
        if token.pos in ("$,", "$.", "KON", "KOUS") or token.pos.startswith("V"):
            return ""
    return ""


def content_words(text: str, tokens: Sequence[Token]) -> tuple[ContentWord, ...]:
    """The content words among one statement's tokens; stopwords and one-letter words left out."""
    words: list[ContentWord] = []
    skip = stopwords()
    for i, token in enumerate(tokens):
        kind = _kind(token.pos)
        if kind is None:
            continue
        lemma = token.lemma if token.lemma and token.lemma != "<unknown>" else text[token.span.start : token.span.end]
        key = lemma.lower().strip("-")
        if kind is WordKind.NOUN:
            key = masculine(key)
        if token.pos == "VVFIN":
            key = _particle(tokens, i) + key
        if len(key) < 2 or key in skip:
            continue
        parts = tuple(p for p in key.split("-") if p) if "-" in key else ()
        stem = "" if kind is WordKind.VERB else name_stem(key)
        words.append(ContentWord(token.span, key, kind, parts, stem, _is_name_like(key, kind)))
    return tuple(words)


def could_match(a: ContentWord, b: ContentWord) -> bool:
    """A quick necessary condition for ``match_credit(a, b)`` to be non-zero, for skipping most pairs cheaply.

    Every match needs one key inside the other (equal lemmas, and a compound part or head is a substring of the
    compound) or equal non-empty stems.
    """
    return a.key in b.key or b.key in a.key or (bool(a.stem) and a.stem == b.stem)


def match_credit(a: ContentWord, b: ContentWord) -> tuple[float, MatchKind | None]:
    """How strongly word ``a`` is matched by word ``b``, and how (0.0 and None when they do not match)."""
    if a.key == b.key:
        return LEMMA_CREDIT, MatchKind.LEMMA
    # "Russe" ~ "russisch" ~ "Russland", but not "Lehrer" ~ "Lehre": one side must be a name or derived from one
    if a.stem and a.stem == b.stem and (a.name_like or b.name_like):
        return STEM_CREDIT, MatchKind.STEM
    credit = _compound_credit(a, b)
    return (credit, MatchKind.COMPOUND) if credit else (0.0, None)


def _compound_credit(a: ContentWord, b: ContentWord) -> float:
    if a.kind is WordKind.VERB or b.kind is WordKind.VERB:
        return 0.0
    short, long = (a, b) if len(a.key) <= len(b.key) else (b, a)
    if len(short.key) < MIN_PART_LENGTH:
        return 0.0
    if long.parts:
        if long.parts[-1] == short.key:
            return HEAD_CREDIT
        if short.key in long.parts[:-1]:
            return PART_CREDIT
    # closed compounds: the head is the end of the word ("Schusswechsel" ~ "Wechsel"), a modifier its start; the
    # rest must be a word too ("Lehrer" is not "Lehre" + "r")
    if len(long.key) - len(short.key) < MIN_REST_LENGTH:
        return 0.0
    if long.key.endswith(short.key):
        return HEAD_CREDIT
    if long.key.startswith(short.key) and len(short.key) >= MIN_PART_LENGTH + 1:
        return PART_CREDIT
    return 0.0

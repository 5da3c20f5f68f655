"""Token features of the fast NER profile (a linear-chain CRF, ``train.py``).

Per token: the lower-cased form, word shape, prefixes and suffixes, capitalisation, digits and hyphens, position in
the sentence, the STTS tag from the language layer's fast profile (HanTa's NE vs NN split is the strongest single
cue for German, where every noun is capitalised), the parts of hyphenated compounds ("US-Präsident"), gazetteer
hits (``resources/de/ner_gazetteer.tsv``, ``ner_places_cldr.tsv``, the GeoNames towns of
``ner_places_geonames.tsv`` and the outlet registry ``outlets.tsv``; also for the form without a genitive -s:
"Russlands", "Putins"), and two distributional word clusters (coarse and fine; ``train.build_clusters``), which
carry what the ~10k labelled sentences cannot: that an unseen "Lauterbach" behaves like "Merkel" and "Remagen" like
"Hameln". Neighbours within two tokens contribute their form, shape, POS, coarse cluster and gazetteer kind.

``ner_places_cldr.tsv`` was generated once with babel and pytz (installed here as dependencies of dateparser):
German CLDR territory names, CLDR exemplar cities and the city part of every IANA zone name.
``ner_places_geonames.tsv`` is written by ``scripts/make_places_geonames.py`` (GeoNames, CC BY 4.0).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

from ..lexicons import lexicon_lines, lexicon_rows

GAZETTEER_FILE = "ner_gazetteer.tsv"
# Generated once from CLDR (babel) and the tz database (pytz): ``name<TAB>kind`` for every German territory
# name and exemplar city; the hand-written gazetteer wins where both list a name.
PLACES_FILE = "ner_places_cldr.tsv"
# Towns of GeoNames (``scripts/make_places_geonames.py``): DACH places of 1,000+ inhabitants, elsewhere 15,000+.
# GermEval held-out micro-F1 .695 -> .703 (LOC .717 -> .727), XGLUE dev .838 -> .843, EuroParl dev .953 -> .945
# (2026-11-26, retrained with them); loading the gazetteer once per process takes ~0.15 s and ~19 MB more.
TOWNS_FILE = "ner_places_geonames.tsv"
OUTLETS_FILE = "outlets.tsv"
# Word -> (coarse cluster, fine cluster) ids: distributional classes built by ``train.build_clusters`` and
# shipped beside the model they were trained with (``<model>.clusters.tsv.gz``).
Clusters = Mapping[str, tuple[str, str]]
# Longest gazetteer entry in tokens that we try to match ("Amnesty International", "Sankt Petersburg").
MAX_GAZETTEER_TOKENS = 4
_REPEATS = re.compile(r"(.)\1+")
_WORD_SPLIT = re.compile(r"\w+|[^\w\s]")


# Per-word results are cached (words repeat within and across articles); the caches are bounded.
WORD_CACHE_SIZE = 65536


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_shape(word: str) -> str:
    """Character classes, e.g. ``Putin`` -> ``Xxxxx``, ``G7`` -> ``X9``; other characters stay."""
    return "".join(_char_class(c) for c in word)


def _char_class(c: str) -> str:
    if c.isalpha():
        return "X" if c.isupper() else "x"
    return "9" if c.isdigit() else c


@lru_cache(maxsize=WORD_CACHE_SIZE)
def short_shape(word: str) -> str:
    """Word shape with repeats collapsed: ``Putin`` -> ``Xx``, ``NATO`` -> ``X``, ``2022`` -> ``9``."""
    return _REPEATS.sub(r"\1", word_shape(word))


@cache
def gazetteer() -> dict[tuple[str, ...], str]:
    """Lower-cased token sequence -> kind (country, region, city, town, first_name, org, outlet)."""
    entries: dict[tuple[str, ...], str] = {}
    kinds: dict[str, str] = {}  # one string object per kind: the town list alone has 100,000 rows
    for name_file in (GAZETTEER_FILE, PLACES_FILE, TOWNS_FILE):
        for line in lexicon_lines(name_file):
            name, _, kind = line.partition("\t")
            entries.setdefault(_key(name), kinds.setdefault(kind, kind))
    for cols in lexicon_rows(OUTLETS_FILE):
        if cols and cols[0]:
            # Column 0 is the outlet's canonical name (name, aliases, domains, country, kind, notes).
            entries.setdefault(_key(cols[0]), "outlet")
            # "Der Spiegel" is written "Spiegel" after a preposition or article of the sentence.
            words = _key(cols[0])
            if len(words) > 1 and words[0] in ("der", "die", "das"):
                entries.setdefault(words[1:], "outlet")
    return entries


def clusters_path(model_path: Path) -> Path:
    """Where the word clusters of a model live: ``ner_fast.crfsuite`` -> ``ner_fast.clusters.tsv.gz``."""
    return model_path.with_suffix(".clusters.tsv.gz")


def load_clusters(path: Path) -> dict[str, tuple[str, str]]:
    """Word clusters from a ``word<TAB>coarse<TAB>fine`` gzip file (empty when the file is absent)."""
    if not path.is_file():
        return {}
    clusters: dict[str, tuple[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            word, coarse, fine = line.rstrip("\n").split("\t")
            clusters[word] = (coarse, fine)
    return clusters


def _cluster(word: str, clusters: Clusters) -> tuple[str, str]:
    found = clusters.get(word)
    if found is None:
        found = clusters.get(word.lower()) or clusters.get(word.capitalize())
    return found or ("-", "-")


@cache
def _longest_entry_by_first_word() -> dict[str, int]:
    """Per first word of a gazetteer entry of several words, the most words an entry starting with it has (one
    word is always tried)."""
    longest: dict[str, int] = {}
    for key in gazetteer():
        if len(key) > 1:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


def _key(name: str) -> tuple[str, ...]:
    return tuple(_WORD_SPLIT.findall(name.lower())) if " " in name else (name.lower(),)


def gazetteer_tags(words: Sequence[str]) -> list[str]:
    """Per token ``B-kind``/``I-kind`` of the longest gazetteer match starting left-most, else ``""``."""
    entries = gazetteer()
    longest = _longest_entry_by_first_word()
    lower = [w.lower() for w in words]
    tags = [""] * len(words)
    i = 0
    while i < len(words):
        matched = 0
        # no entry longer than the longest that starts with this word can match (one token is always tried: the
        # genitive -s lookup below needs it)
        for n in range(min(MAX_GAZETTEER_TOKENS, len(words) - i, max(longest.get(lower[i], 0), 1)), 0, -1):
            kind = entries.get(tuple(lower[i : i + n]))
            if kind is None and n == 1 and len(lower[i]) > 3 and lower[i][-1] == "s":
                kind = entries.get((lower[i][:-1],))  # genitive -s: "Russlands", "Putins"
            if kind is not None:
                tags[i] = "B-" + kind
                for j in range(i + 1, i + n):
                    tags[j] = "I-" + kind
                matched = n
                break
        i += max(matched, 1)
    return tags


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _token_features(word: str) -> tuple[str, ...]:
    """The features of a word on its own (cached: callers must not depend on getting a fresh object)."""
    lower = word.lower()
    feats = [
        "w=" + lower,
        "shape=" + short_shape(word),
        "p2=" + lower[:2],
        "p3=" + lower[:3],
        "p4=" + lower[:4],
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
        "s5=" + lower[-5:],
        "len=" + str(min(len(word), 12)),
    ]
    if len(word) <= 6:
        feats.append("fshape=" + word_shape(word))
    if word[:1].isupper():
        feats.append("title")
    if word.isupper() and len(word) > 1:
        feats.append("upper")
    if any(c.isdigit() for c in word):
        feats.append("digit")
    if "-" in word.strip("-"):
        head, _, tail = word.rpartition("-")
        feats.append("hyph_head=" + head.lower())
        feats.append("hyph_head_shape=" + short_shape(head))
        feats.append("hyph_tail=" + tail.lower())
    return tuple(feats)


# Neighbour offsets, in feature order, with the feature of a missing neighbour ("" where none is given).
_OFFSETS = {-2: "", -1: "-1:edge", 1: "1:edge", 2: ""}
_NEIGHBOUR_PREFIXES = {
    d: (f"{d}:w=", f"{d}:shape=", f"{d}:pos=", f"{d}:kc=", f"{d}:kf=" if d in (-1, 1) else "", f"{d}:gaz=")
    for d in _OFFSETS
}


def sentence_features(
    words: Sequence[str], pos: Sequence[str] | None = None, clusters: Clusters | None = None
) -> list[list[str]]:
    """CRF features of every token of one sentence; ``pos`` are STTS tags (one per word) when known.

    ``clusters`` are the word clusters the model was trained with (none: every word in the unknown cluster).
    """
    n = len(words)
    known = clusters or {}
    classes = [_cluster(w, known) for w in words]
    tags = list(pos) if pos is not None else [""] * n
    gaz = gazetteer_tags(words)
    lower = [w.lower() for w in words]
    shapes = [short_shape(w) for w in words]
    own = [_token_features(w) for w in words]
    coarse = [c[0] for c in classes]
    fine = [c[1] for c in classes]
    # What token j adds to the features of the token d places away ("-1:w=der"): form, shape, POS, coarse cluster
    # and, for the adjacent tokens, fine cluster; built column by column (each string once) and zipped per token.
    seen_from: dict[int, list[tuple[str, ...]]] = {}
    for d, (w, sh, p, kc, kf, _) in _NEIGHBOUR_PREFIXES.items():
        columns = [[w + x for x in lower], [sh + x for x in shapes], [p + x for x in tags], [kc + x for x in coarse]]
        if kf:
            columns.append([kf + x for x in fine])
        seen_from[d] = list(zip(*columns, strict=True))
    out: list[list[str]] = []
    for i in range(n):
        feats = ["bias", *own[i], "pos=" + tags[i], "kc=" + coarse[i], "kf=" + fine[i]]
        if i == 0:
            feats.append("first")
        if i == n - 1:
            feats.append("last")
        if gaz[i]:
            feats.append("gaz=" + gaz[i])
            feats.append("gazk=" + gaz[i][2:])
        for d, edge in _OFFSETS.items():
            j = i + d
            if 0 <= j < n:
                feats.extend(seen_from[d][j])
                if gaz[j]:
                    feats.append(_NEIGHBOUR_PREFIXES[d][5] + gaz[j])
            elif edge:
                feats.append(edge)
        if i > 0:
            feats.append("-1|0:w=" + lower[i - 1] + "|" + lower[i])
            feats.append("-1|0:pos=" + tags[i - 1] + "|" + tags[i])
        if i < n - 1:
            feats.append("0|1:pos=" + tags[i] + "|" + tags[i + 1])
            feats.append("0|1:w=" + lower[i] + "|" + lower[i + 1])
        out.append(feats)
    return out

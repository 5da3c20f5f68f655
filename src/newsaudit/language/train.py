"""``newsaudit train language``: distil the fast profile's word guesser from the accurate tagger.

The accurate tagger (HanTa through ``tagger.FastTagger``) tags public German news (10kGNAD test texts and
the Wikinews quotation set's train split; never quotes-de dev or EuroParl dev, which evaluate). From its
output we count, for forms outside HanTa's precomputed word cache:

* tags by shape class and suffix (last 0..6 letters), smoothed by successive abstraction (TnT, Brants
  2000: each suffix's distribution backs off to the next shorter one with weight ``SMOOTHING``), stored as
  ``log p(tag | suffix) - log p(tag)`` for the tags within ``SCORE_CUTOFF`` of the best;
* lemma replacement rules (form suffix -> lemma ending) per tag, majority per suffix over word types;
* the mood HanTa's morphemes mark on finite verbs, majority per suffix over word types.

For the forms in HanTa's cache the lemma of each cached tag and the stem mood of finite tags are computed
with HanTa itself. Nodes that say what their shorter suffix already says are pruned. Everything is counted
and written in sorted order, so a run is deterministic (no randomness is involved).
"""

from __future__ import annotations

import csv
import datetime
import gzip
import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..evaluate.data import dataset
from .guesser import (
    FINITE_HANTA_TAGS,
    MAX_LEMMA_SUFFIX,
    MAX_SUFFIX,
    MODEL_PATH,
    head_class,
    lemma_rule,
    load_guesser,
    shape,
)
from .mood import mood_forms, morpheme_mood
from .sentences import split_sentences
from .tagger import _NORMALISE, _UNKNOWN, MAX_ANALYSED_LENGTH, get_tagger
from .tokenize import tokenize

# Successive-abstraction weight: a suffix seen n times counts its own distribution n : SMOOTHING against
# its shorter suffix's. Set on a held-out tenth of the 10kGNAD texts (training on the rest; tag agreement
# with the accurate tagger over all held-out tokens, 2026-11-25): 0.5 -> 0.9798, 1 -> 0.9800,
# 2 -> 0.9793, 5 -> 0.9788, 10 -> 0.9774, 20 -> 0.9759; never on an evaluation set.
SMOOTHING = 1.0
# Suffix nodes seen fewer times (tokens) are dropped. Same held-out check: 2 -> 0.9801 (+50% nodes),
# 3 -> 0.9800, 5 -> 0.9782.
MIN_NODE_COUNT = 3
SCORE_CUTOFF = 5.0  # tags more than this below the best (log) are left out, as HanTa's own cutoff does
MAX_CANDIDATES = 8
PRUNE_TOLERANCE = 0.15  # a node whose scores all lie within this of its parent's adds nothing
MIN_RULE_TYPES = 2  # lemma / mood rule nodes need this many word types
QUOTES_TRAIN_DOCS = 700  # the whole quotes-de train split
SCORE_DIGITS = 3


def training_texts() -> Iterator[tuple[str, str]]:
    """(source, text) of the distillation corpus, in a fixed order."""
    path = dataset("news-de", "10kgnad-test.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter=";", quotechar="'"):
            if len(row) > 1:
                yield "10kgnad-test", row[1]
    folder = dataset("quotes-de", "train")
    for doc in sorted(folder.glob("*.json"))[:QUOTES_TRAIN_DOCS]:
        yield "quotes-de/train", json.loads(doc.read_text(encoding="utf-8"))["originalText"]


class Counts:
    """Everything counted from the accurate tagger's output."""

    def __init__(self) -> None:
        self.emission: dict[str, Counter[int]] = defaultdict(Counter)  # "shape|suffix" -> tag counts
        self.prior: Counter[int] = Counter()
        self.oov_types: dict[tuple[str, int], str] = {}  # (lowercased form, tag) -> lemma rule
        self.finite_types: dict[str, str] = {}  # lowercased finite form -> mood class
        self.tokens = 0
        self.oov_tokens = 0
        self.heads = get_tagger().noun_heads()


def _mood_class(form: str, hanta_tag: str, lemma: str) -> str:
    tagger = get_tagger()
    mood = morpheme_mood(tagger.morphemes(form, tagger.tag_id(hanta_tag)), lemma)
    return {"konjunktiv_i": "k1", "konjunktiv_ii": "k2"}.get(mood.value if mood else "", "")


def count_sentence(words: list[str], counts: Counts) -> None:
    tagger = get_tagger()
    model = tagger.model
    normalised = [_NORMALISE.get(w, w) for w in words]
    tags = tagger.viterbi(normalised)
    listed = mood_forms()
    for i, (word, tag) in enumerate(zip(normalised, tags, strict=True)):
        counts.tokens += 1
        hanta_tag = tagger._int2tag[tag]
        lower = word.lower()
        if hanta_tag in FINITE_HANTA_TAGS and lower not in listed and len(word) <= MAX_ANALYSED_LENGTH:
            counts.finite_types.setdefault(lower, _mood_class(lower, hanta_tag, tagger.lemma(lower, tag)))
        if model.normalize(word) in model.cache or len(word) > MAX_ANALYSED_LENGTH or tag == _UNKNOWN:
            continue
        counts.oov_tokens += 1
        counts.prior[tag] += 1
        key_shape = shape(word, i > 0, head_class(lower, counts.heads))
        for n in range(min(MAX_SUFFIX, len(lower)) + 1):
            counts.emission[f"{key_shape}|{lower[len(lower) - n :]}"][tag] += 1
        counts.oov_types.setdefault((lower, tag), lemma_rule(lower, tagger.lemma(lower, tag)))


def _parent(key: str) -> str:
    shape_part, _, suffix = key.partition("|")
    return f"{shape_part}|{suffix[1:]}" if suffix else "*|"


def emission_table(counts: Counts, int2tag: dict[int, str]) -> dict[str, list[list[Any]]]:
    """Smoothed, pruned ``log p(tag | node) - log p(tag)`` per node, best first."""
    total = sum(counts.prior.values())
    prior = {t: c / total for t, c in counts.prior.items()}
    probs: dict[str, dict[int, float]] = {"*|": prior}
    table: dict[str, list[list[Any]]] = {}
    kept_scores: dict[str, dict[int, float]] = {}

    def scores_of(dist: dict[int, float]) -> dict[int, float]:
        raw = {t: math.log(p) - math.log(prior[t]) for t, p in dist.items() if p > 0}
        best = max(raw.values())
        top = sorted((t for t in raw if raw[t] >= best - SCORE_CUTOFF), key=lambda t: (-raw[t], t))
        return {t: round(raw[t], SCORE_DIGITS) for t in top[:MAX_CANDIDATES]}

    root_scores = scores_of(prior)
    table["*|"] = [[int2tag[t], s] for t, s in root_scores.items()]
    kept_scores["*|"] = root_scores
    # shorter keys first, so every parent is computed before its children
    for key in sorted(counts.emission, key=lambda k: (len(k.partition("|")[2]), k)):
        tag_counts = counts.emission[key]
        n = sum(tag_counts.values())
        parent = _parent(key)
        if n < MIN_NODE_COUNT or parent not in probs:
            continue
        base = probs[parent]
        dist = {t: (tag_counts.get(t, 0) + SMOOTHING * base.get(t, 0.0)) / (n + SMOOTHING) for t in prior}
        probs[key] = dist
        scores = scores_of(dist)
        # compare with what lookup would find without this node: the nearest kept ancestor
        ancestor = parent
        while ancestor not in kept_scores:
            ancestor = _parent(ancestor)
        near = kept_scores[ancestor]
        is_root_of_shape = key.endswith("|")
        if (
            not is_root_of_shape
            and set(scores) == set(near)
            and all(abs(scores[t] - near[t]) <= PRUNE_TOLERANCE for t in scores)
        ):
            continue
        kept_scores[key] = scores
        table[key] = [[int2tag[t], s] for t, s in scores.items()]
    return table


def _majority_rules(items: list[tuple[str, str]], max_suffix: int, min_types: int = MIN_RULE_TYPES) -> dict[str, str]:
    """Suffix -> the majority value over (form, value) items, pruned where the nearest shorter suffix agrees."""
    by_suffix: dict[str, Counter[str]] = defaultdict(Counter)
    for form, value in items:
        for n in range(min(max_suffix, len(form)) + 1):
            by_suffix[form[len(form) - n :]][value] += 1
    rules: dict[str, str] = {}
    for suffix in sorted(by_suffix, key=lambda s: (len(s), s)):
        values = by_suffix[suffix]
        if suffix and sum(values.values()) < min_types:
            continue
        best = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        nearest = next((rules[suffix[k:]] for k in range(1, len(suffix) + 1) if suffix[k:] in rules), None)
        if suffix and nearest == best:
            continue
        rules[suffix] = best
    return rules


def lemma_rules(counts: Counts, int2tag: dict[int, str]) -> dict[str, dict[str, str]]:
    per_tag: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for (form, tag), rule in sorted(counts.oov_types.items()):
        per_tag[tag].append((form, rule))
    return {int2tag[t]: _majority_rules(items, MAX_LEMMA_SUFFIX) for t, items in sorted(per_tag.items())}


def known_tables(out: TextIO) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """HanTa's lemma of every (form, tag) in its precomputed word cache, and the stem mood of its finite forms."""
    tagger = get_tagger()
    model = tagger.model
    lemmas: dict[str, dict[str, str]] = {}
    moods: dict[str, str] = {}
    started = time.perf_counter()
    for form in sorted(model.cache):
        rules: dict[str, str] = {}
        for tag, _p in model.cache[form]:
            if tag <= _UNKNOWN or len(form) > MAX_ANALYSED_LENGTH:
                continue
            hanta_tag = tagger._int2tag[tag]
            lemma = tagger.lemma(form, tag)
            rules[hanta_tag] = lemma_rule(form, lemma)
            if hanta_tag in FINITE_HANTA_TAGS:
                moods[f"{form}|{hanta_tag}"] = _mood_class(form, hanta_tag, lemma)
        if rules:
            lemmas[form] = rules
    out.write(f"HanTa's word cache: {len(lemmas)} forms analysed in {time.perf_counter() - started:.1f} s\n")
    return lemmas, moods


def train_language(target: Path = MODEL_PATH, *, out: TextIO, limit: int | None = None) -> dict[str, Any]:
    """Tag the corpus with the accurate tagger, build the guesser's tables, write them to ``target``."""
    tagger = get_tagger()
    int2tag = tagger._int2tag
    counts = Counts()
    sources: Counter[str] = Counter()
    started = time.perf_counter()
    for k, (source, text) in enumerate(training_texts()):
        if limit is not None and k >= limit:
            break
        sources[source] += 1
        spans = tokenize(text)
        for first, last in split_sentences(text, spans):
            count_sentence([text[a:b] for a, b in spans[first:last]], counts)
        if k % 200 == 199:
            out.write(f"  {k + 1} texts, {counts.tokens} tokens, {time.perf_counter() - started:.0f} s\n")
    out.write(
        f"tagged {counts.tokens} tokens ({counts.oov_tokens} outside HanTa's word cache) of {sum(sources.values())} "
        f"texts in {time.perf_counter() - started:.0f} s\n"
    )
    known_lemmas, known_moods = known_tables(out)
    capitalised = sorted(int2tag[t] for t in tagger.model.capitalizedlemmata)
    data: dict[str, Any] = {
        "provenance": {
            "what": "newsaudit fast-profile word guesser: suffix statistics and rule tables distilled from HanTa",
            "data": {name: f"{n} texts" for name, n in sorted(sources.items())},
            "teacher": "HanTa 1.2 morphmodel_ger.pgz (LGPL-3.0) through newsaudit's accurate profile",
            "known_forms": "forms, lemmas and moods of HanTa's own precomputed word cache (model.cache)",
            # HanTa's word cache travels in this file, so the file is under HanTa's licence; the statistics over
            # the news texts hold no running text of them.
            "licence": "LGPL-3.0 (contains data of HanTa's model); statistics over 10kGNAD and quotes-de train "
            "(both CC BY-NC-SA 4.0)",
            "date": datetime.date.today().isoformat(),
            "command": "newsaudit train language" + (f" --limit {limit}" if limit else ""),
            "tokens": counts.tokens,
            "oov_tokens": counts.oov_tokens,
            "settings": {
                "smoothing": SMOOTHING,
                "min_node_count": MIN_NODE_COUNT,
                "score_cutoff": SCORE_CUTOFF,
                "prune_tolerance": PRUNE_TOLERANCE,
            },
        },
        "emissions": emission_table(counts, int2tag),
        "lemma_rules": lemma_rules(counts, int2tag),
        "capitalised": capitalised,
        "known_lemmas": known_lemmas,
        "known_moods": known_moods,
        "mood_rules": _majority_rules(sorted(counts.finite_types.items()), MAX_SUFFIX),
    }
    write_model(data, target)
    data["provenance"]["dev_scores"] = dev_scores(target, out)
    write_model(data, target)
    out.write(
        f"emission nodes {len(data['emissions'])}, lemma rules {sum(len(r) for r in data['lemma_rules'].values())}, "
        f"mood rules {len(data['mood_rules'])}, known forms {len(known_lemmas)}\n"
    )
    return data


def dev_scores(target: Path, out: TextIO) -> dict[str, float]:
    """POS and lemma accuracy of both profiles on EuroParl dev with the tables just written (for provenance)."""
    from ..errors import DataError
    from ..evaluate.language import load_europarl, score_tagging

    tagger = get_tagger()
    tagger.use_guesser(load_guesser(tagger.model.tag2int, tagger.noun_heads(), target))
    try:
        sentences = load_europarl()
    except DataError as exc:
        out.write(f"dev scores skipped: {exc}\n")
        return {}
    scores: dict[str, float] = {}
    for profile in ("accurate", "fast"):
        tagged = [[(t.tag, t.lemma) for t in tagger.tag([w for w, _, _ in s], profile)] for s in sentences]
        pos, lemma, n = score_tagging(sentences, tagged)
        scores[f"europarl_dev.{profile}.pos_accuracy"] = round(pos, 4)
        scores[f"europarl_dev.{profile}.lemma_accuracy"] = round(lemma, 4)
        out.write(f"EuroParl dev, {profile}: POS {pos:.4f}, lemma {lemma:.4f} ({n} tokens)\n")
    return scores


def write_model(data: dict[str, Any], target: Path) -> None:
    """Write the artefact as gzip JSON with a fixed timestamp, so identical tables give identical bytes."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(payload)

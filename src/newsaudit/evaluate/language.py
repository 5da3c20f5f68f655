"""Evaluate the language layer (``newsaudit eval language``): sentences, tokens, POS, lemmas, mood, speed.

* Sentences and tokens against the Wikinews quotation set (``quotes-de/dev``: each article's
  ``originalText`` with gold sentences and tokens as character offsets). Sentence boundaries are the
  gold sentence ends (trailing whitespace stripped, the trivial end of the text left out); tokens are
  scored as exact ``(start, end)`` spans. SoMaJo runs beside ours in the same pass when installed.
* POS and lemma accuracy on the gold tokens of German EuroParl (``ner-de/europarl/dev.tsv``) for both
  profiles (``accurate``: HanTa's analysis of every word; ``fast``: HanTa's lexicon + the distilled suffix
  guesser), each from empty word caches with its tokens/s, the share of tokens on which they agree, and,
  on a subset (HanTa's own ``tag_sent`` is slow), ``tag_sent`` beside the accurate profile. EuroParl
  lemmas follow TreeTagger (``d`` for articles, ``Sie|sie`` for alternatives, ``<unknown>``): a lemma
  counts as right when it equals one alternative ignoring case, when gold ``d`` meets der/die/das, and
  tokens with ``<unknown>`` gold lemma are left out.
* Mood has no gold corpus: we print, per profile, accuracy on the hand-written list
  ``resources/de/language_mood_gold.tsv`` and, on quotes-de, the share of Indirect vs Direct quotes whose
  quote span holds a Konjunktiv I/II verb (indirect speech should, direct quotes mostly should not).
* Throughput: tokens/s of the whole layer over the quotes-de texts per profile, first pass (word caches
  emptied) and second pass (warm).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import DataError
from ..language import analyze_text
from ..language.sentences import split_sentences
from ..language.tagger import _NORMALISE, MODEL_FILE, PROFILES, get_tagger
from ..language.tokenize import tokenize
from ..lexicons import lexicon_rows
from ..types import Language, Mood
from .data import dataset

HANTA_SUBSET_SENTENCES = 120  # tag_sent runs at ~5k tokens/s: ~3k tokens keep the comparison under a second
SUBJUNCTIVE = frozenset({Mood.KONJUNKTIV_I, Mood.KONJUNKTIV_II})


@dataclass(frozen=True)
class GoldDoc:
    name: str
    text: str
    sentence_ends: frozenset[int]
    tokens: frozenset[tuple[int, int]]
    quotes: tuple[tuple[str, int, int], ...]  # (type, charBegin, charEnd) of each quote span


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_quotes_dev(root: Path | None = None, limit: int | None = None) -> list[GoldDoc]:
    folder = root or dataset("quotes-de", "dev")
    docs = []
    for path in sorted(folder.glob("*.json"))[:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = data["originalText"]
        ends = set()
        for s in data["sentences"]:
            end = s["charEnd"]
            while end > s["charBegin"] and text[end - 1].isspace():
                end -= 1
            ends.add(end)
        ends.discard(len(text.rstrip()))
        tokens = frozenset((t["charBegin"], t["charEnd"]) for t in data["tokens"])
        quotes = tuple(
            (a["type"], span["charBegin"], span["charEnd"])
            for a in data["annotations"]
            if a.get("quote")
            for span in a["quote"].get("spans", [])
        )
        docs.append(GoldDoc(path.stem, text, frozenset(ends), tokens, quotes))
    if not docs:
        raise DataError(f"no quotes-de documents in {folder}")
    return docs


def ours_segment(text: str) -> tuple[set[int], set[tuple[int, int]]]:
    spans = tokenize(text)
    ends = {spans[b - 1][1] for _a, b in split_sentences(text, spans)}
    ends.discard(len(text.rstrip()))
    return ends, set(spans)


def _somajo_segmenter() -> Callable[[str], tuple[set[int], set[tuple[int, int]]]] | None:
    try:
        from somajo import SoMaJo  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    tokenizer = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)

    def segment(text: str) -> tuple[set[int], set[tuple[int, int]]]:
        ends: set[int] = set()
        tokens: set[tuple[int, int]] = set()
        for sentence in tokenizer.tokenize_text([text]):
            for tok in sentence:
                tokens.add(tok.character_offset)
            if sentence:
                ends.add(sentence[-1].character_offset[1])
        ends.discard(len(text.rstrip()))
        return ends, tokens

    return segment


def eval_segmentation(docs: list[GoldDoc], out: TextIO) -> dict[str, float]:
    systems: dict[str, Callable[[str], tuple[set[int], set[tuple[int, int]]]]] = {"newsaudit": ours_segment}
    somajo = _somajo_segmenter()
    if somajo is None:
        out.write("somajo: not installed (pip install somajo to compare)\n")
    else:
        systems["somajo"] = somajo
    results: dict[str, float] = {}
    out.write(f"\n== sentences and tokens: quotes-de dev ({len(docs)} articles)\n")
    header = ("system", "sent P", "sent R", "sent F1", "tok P", "tok R", "tok F1")
    out.write(f"{header[0]:<10} " + " ".join(f"{h:>7}" for h in header[1:]) + f" {'tok/s':>9}\n")
    for name, segment in systems.items():
        s_tp = s_pred = s_gold = t_tp = t_pred = t_gold = 0
        n_tokens = 0
        started = time.perf_counter()
        predictions = [segment(doc.text) for doc in docs]
        seconds = time.perf_counter() - started
        for doc, (ends, tokens) in zip(docs, predictions, strict=True):
            s_tp += len(ends & doc.sentence_ends)
            s_pred += len(ends)
            s_gold += len(doc.sentence_ends)
            t_tp += len(tokens & doc.tokens)
            t_pred += len(tokens)
            t_gold += len(doc.tokens)
            n_tokens += len(tokens)
        sp, sr, sf = prf(s_tp, s_pred, s_gold)
        tp, tr, tf = prf(t_tp, t_pred, t_gold)
        rate = n_tokens / seconds if seconds else 0.0
        out.write(f"{name:<10} {sp:7.3f} {sr:7.3f} {sf:7.3f} {tp:7.3f} {tr:7.3f} {tf:7.3f} {rate:9.0f}\n")
        results.update(
            {f"{name}.sentence_p": sp, f"{name}.sentence_r": sr, f"{name}.sentence_f1": sf, f"{name}.token_f1": tf}
        )
    return results


def load_europarl(path: Path | None = None) -> list[list[tuple[str, str, str]]]:
    """Sentences of (token, lemma, POS) from a EuroParl TSV (blank line between sentences)."""
    source = path or dataset("ner-de", "europarl", "dev.tsv")
    sentences: list[list[tuple[str, str, str]]] = []
    current: list[tuple[str, str, str]] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 3 or not cols[0]:
            if current:
                sentences.append(current)
                current = []
            continue
        current.append((cols[0], cols[1], cols[2]))
    if current:
        sentences.append(current)
    return sentences


def lemma_matches(gold: str, predicted: str) -> bool | None:
    """Whether a predicted lemma matches a TreeTagger-style gold lemma; None when the gold is unknown."""
    if gold == "<unknown>":
        return None
    guess = predicted.casefold()
    if gold == "d":
        return guess in {"der", "die", "das", "d"}
    return any(guess == alt.casefold() for alt in gold.split("|"))


def score_tagging(
    sentences: list[list[tuple[str, str, str]]], predicted: list[list[tuple[str, str]]]
) -> tuple[float, float, int]:
    pos_ok = lemma_ok = lemma_n = n = 0
    for gold, pred in zip(sentences, predicted, strict=True):
        for (_tok, lemma, pos), (ppos, plemma) in zip(gold, pred, strict=True):
            n += 1
            pos_ok += ppos == pos
            match = lemma_matches(lemma, plemma)
            if match is not None:
                lemma_n += 1
                lemma_ok += match
    return pos_ok / max(n, 1), lemma_ok / max(lemma_n, 1), n


def _tag_sentences(sentences: list[list[tuple[str, str, str]]], profile: str) -> tuple[list[list[Any]], float]:
    """(STTS tag, lemma) per gold token under ``profile``, and the seconds it took."""
    tagger = get_tagger()
    started = time.perf_counter()
    tagged = [[(t.tag, t.lemma) for t in tagger.tag([w for w, _, _ in s], profile)] for s in sentences]
    return tagged, time.perf_counter() - started


def eval_tagging(sentences: list[list[tuple[str, str, str]]], out: TextIO) -> dict[str, float]:
    """POS and lemma accuracy of both profiles (cold word caches), their agreement, and HanTa's tag_sent."""
    from ..language.tagger import stts

    tagger = get_tagger()
    _ = tagger.guesser  # load the fast tables before timing
    predicted: dict[str, list[list[Any]]] = {}
    results: dict[str, float] = {}
    out.write(f"\n== POS and lemma: EuroParl dev ({len(sentences)} sentences)\n")
    out.write(f"{'system':<30} {'tokens':>7} {'POS acc':>8} {'lemma acc':>10} {'tok/s cold':>10}\n")
    for profile in PROFILES:
        tagger.clear_caches()
        tagged, seconds = _tag_sentences(sentences, profile)
        predicted[profile] = tagged
        pos_acc, lemma_acc, n = score_tagging(sentences, tagged)
        out.write(f"{'newsaudit ' + profile:<30} {n:7d} {pos_acc:8.3f} {lemma_acc:10.3f} {n / seconds:10.0f}\n")
        results[f"{profile}.pos_accuracy"] = pos_acc
        results[f"{profile}.lemma_accuracy"] = lemma_acc
        results[f"{profile}.europarl_tokens_per_s_cold"] = n / seconds
    pairs = [
        (a, b) for x, y in zip(predicted["fast"], predicted["accurate"], strict=True) for a, b in zip(x, y, strict=True)
    ]
    results["fast.agreement_pos"] = sum(a[0] == b[0] for a, b in pairs) / max(len(pairs), 1)
    results["fast.agreement_lemma"] = sum(a[1] == b[1] for a, b in pairs) / max(len(pairs), 1)
    out.write(
        f"fast vs accurate: same POS on {results['fast.agreement_pos']:.4f} of tokens, "
        f"same lemma on {results['fast.agreement_lemma']:.4f}\n"
    )
    subset = sentences[:HANTA_SUBSET_SENTENCES]
    from HanTa import HanoverTagger as ht

    reference = ht.HanoverTagger(MODEL_FILE)  # a separate, unpatched model: HanTa exactly as shipped
    started = time.perf_counter()
    hanta = [
        [(stts(tag), lemma) for _w, lemma, tag in reference.tag_sent([_NORMALISE.get(w, w) for w, _, _ in s])]
        for s in subset
    ]
    hanta_seconds = time.perf_counter() - started
    h_pos, h_lemma, h_n = score_tagging(subset, hanta)
    o_pos, o_lemma, _ = score_tagging(subset, predicted["accurate"][: len(subset)])
    agree = sum(
        a[0] == b[0] for x, y in zip(predicted["accurate"], hanta, strict=False) for a, b in zip(x, y, strict=True)
    )
    out.write(f"{'  accurate, HanTa subset':<30} {h_n:7d} {o_pos:8.3f} {o_lemma:10.3f} {'':>10}\n")
    out.write(f"{'HanTa tag_sent (subset)':<30} {h_n:7d} {h_pos:8.3f} {h_lemma:10.3f} {h_n / hanta_seconds:10.0f}\n")
    out.write(f"tag agreement accurate vs HanTa tag_sent on the subset: {agree / max(h_n, 1):.4f}\n")
    out.write("(tok/s: each profile from empty word caches over the whole set; tag_sent as shipped, no caches)\n")
    results.update(
        {
            "pos_accuracy": results["accurate.pos_accuracy"],
            "lemma_accuracy": results["accurate.lemma_accuracy"],
            "hanta.pos_accuracy_subset": h_pos,
            "ours.pos_accuracy_subset": o_pos,
            "hanta_agreement": agree / max(h_n, 1),
        }
    )
    return results


def mood_gold() -> list[tuple[str, str, Mood]]:
    """The hand-written (sentence, finite verb, mood) list shipped in resources/de/language_mood_gold.tsv."""
    rows = []
    for sentence, verb, mood in lexicon_rows("language_mood_gold.tsv"):
        rows.append((sentence, verb, Mood(mood.strip())))
    return rows


def predicted_mood(sentence: str, verb: str, profile: str = "accurate") -> Mood | None:
    """The mood our layer gives the first token ``verb`` of ``sentence`` analysed as one block."""
    language = analyze_text(sentence, [(0, len(sentence), 0)], profile=profile)
    for token in language.tokens:
        if sentence[token.span.start : token.span.end] == verb:
            return token.mood
    return None


def mood_gold_errors(profile: str) -> tuple[int, list[str]]:
    """The number of gold verbs and one line per verb whose predicted mood differs from the gold."""
    rows = mood_gold()
    errors = []
    for sentence, verb, mood in rows:
        got = predicted_mood(sentence, verb, profile)
        if got is not mood:
            errors.append(f"  {verb!r} in {sentence!r}: gold {mood.value}, got {got.value if got else None}")
    return len(rows), errors


def eval_mood_gold(out: TextIO) -> dict[str, float]:
    results = {}
    for profile in PROFILES:
        n, errors = mood_gold_errors(profile)
        accuracy = 1 - len(errors) / n
        out.write(f"\n== mood, profile {profile}: hand-written gold (resources/de/language_mood_gold.tsv, {n} verbs)\n")
        out.write(f"accuracy {accuracy:.3f}\n")
        for line in errors:
            out.write(line + "\n")
        results[f"{profile}.mood_gold_accuracy"] = accuracy
    results["mood_gold_accuracy"] = results["accurate.mood_gold_accuracy"]
    return results


def _analyse_docs(docs: list[GoldDoc], profile: str = "accurate") -> Iterator[tuple[GoldDoc, Language]]:
    for doc in docs:
        yield doc, analyze_text(doc.text, [(0, len(doc.text), 0)], profile=profile)


def eval_mood_quotes(docs: list[GoldDoc], out: TextIO, profile: str = "accurate") -> dict[str, float]:
    with_subj: dict[str, int] = {}
    totals: dict[str, int] = {}
    for doc, language in _analyse_docs(docs, profile):
        subj_starts = [t.span.start for t in language.tokens if t.mood in SUBJUNCTIVE]
        for kind, begin, end in doc.quotes:
            totals[kind] = totals.get(kind, 0) + 1
            if any(begin <= s < end for s in subj_starts):
                with_subj[kind] = with_subj.get(kind, 0) + 1
    out.write(f"\n== mood on quotes-de dev, profile {profile}: quote spans holding a Konjunktiv I/II verb, by type\n")
    results = {}
    for kind in sorted(totals):
        share = with_subj.get(kind, 0) / totals[kind]
        out.write(f"{kind:<22} {totals[kind]:5d} quotes  {share:6.1%} with Konjunktiv I/II\n")
        results[f"{profile}.mood_share.{kind}"] = share
    return results


def eval_throughput(docs: list[GoldDoc], out: TextIO) -> dict[str, float]:
    """Tokens/s of the whole layer per profile: first pass from empty word caches, second pass warm."""
    tagger = get_tagger()
    _ = tagger.guesser  # load the fast tables before timing
    out.write(f"\n== throughput over quotes-de dev ({len(docs)} articles): whole layer, tokens/s\n")
    out.write(f"{'profile':<10} {'cold':>8} {'warm':>8}\n")
    results = {}
    for profile in PROFILES:
        tagger.clear_caches()
        rates = []
        for _ in range(2):
            started = time.perf_counter()
            n = sum(len(language.tokens) for _doc, language in _analyse_docs(docs, profile))
            rates.append(n / (time.perf_counter() - started))
        out.write(f"{profile:<10} {rates[0]:8.0f} {rates[1]:8.0f}\n")
        results[f"{profile}.tokens_per_s_cold"] = rates[0]
        results[f"{profile}.tokens_per_s_warm"] = rates[1]
    out.write("(cold: the word caches emptied first; warm: the same texts again)\n")
    return results


def run_language_eval(*, out: TextIO, limit: int | None = None) -> dict[str, float]:
    """Print every figure of the language layer; return them keyed by name."""
    results: dict[str, float] = {}
    tagger = get_tagger()
    out.write(f"HanTa model loaded in {tagger.load_seconds:.2f} s\n")
    out.write("profiles: accurate (HanTa analysis of every word form) and fast (lexicon + suffix guesser)\n")
    try:
        docs = load_quotes_dev(limit=limit)
    except DataError as exc:
        out.write(f"quotes-de: skipped ({exc})\n")
        docs = []
    if docs:
        results.update(eval_throughput(docs, out))  # first: its cold pass must see empty word caches
        results.update(eval_segmentation(docs, out))
    try:
        europarl = load_europarl()
    except DataError as exc:
        out.write(f"europarl: skipped ({exc})\n")
    else:
        results.update(eval_tagging(europarl[:limit] if limit else europarl, out))
    results.update(eval_mood_gold(out))
    for profile in PROFILES if docs else ():
        results.update(eval_mood_quotes(docs, out, profile))
    return results


def summary(results: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v:.3f}" for k, v in sorted(results.items()))

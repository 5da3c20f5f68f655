"""Evaluate quotation attribution on quotes-de (``newsaudit eval quotes``).

Units are the gold tokens (their character offsets): an annotation's role (quote, cue, speaker, addressee,
frame) is the set of gold tokens that overlap one of its character spans, so a predicted span that cuts a
token in half still counts that token, and the quotation marks are tokens like any other.

Matching, per document: every (gold, predicted) pair whose quote token sets overlap is a candidate; pairs
are taken greedily by the largest quote token overlap (ties: the smaller union, i.e. the closer fit, then
earlier gold, then earlier prediction), each
annotation at most once. Hungarian matching is not needed: overlapping gold quotes are rare (nesting).

Token scores per role: true positives are the shared role tokens of matched pairs; the predicted (gold)
total is the role tokens of all predicted (gold) annotations, matched or not, so a missed quote costs
recall and a spurious one precision. Per quote type and per medium the same is computed over the gold and
predicted annotations of that type/medium, with true positives only from pairs that agree on it. The
exact-span rate of a role is the share of gold annotations with that role whose matched prediction has the
same token set for it (recall-like); ``exact_p`` is the same over predictions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..attribution.types import Quotation
from ..errors import ModelError
from ..types import Span
from .quotes_data import ROLES, GoldQuotation, QuotesDoc, article_of, load_quotes

TYPES = ("Direct", "Indirect", "Reported", "FreeIndirect", "IndirectFreeIndirect")
MEDIA = ("Speech", "Writing", "Thought", "SW", "ST", "TW")
Annotation = GoldQuotation | Quotation


@dataclass(frozen=True)
class _Tokens:
    """One annotation in token units: a frozenset of gold token indices per role, plus type and medium."""

    kind: str
    medium: str
    roles: dict[str, frozenset[int]]


def _token_set(spans: Iterable[Span], starts: Sequence[int], tokens: Sequence[Span]) -> frozenset[int]:
    import bisect

    found: set[int] = set()
    for span in spans:
        i = max(bisect.bisect_right(starts, span.start) - 1, 0)
        while i < len(tokens) and tokens[i].start < span.end:
            if tokens[i].overlaps(span):
                found.add(i)
            i += 1
    return frozenset(found)


def _in_tokens(annotation: Annotation, starts: Sequence[int], tokens: Sequence[Span]) -> _Tokens:
    roles = {name: _token_set(getattr(annotation, name), starts, tokens) for name in ROLES}
    return _Tokens(str(annotation.kind), str(annotation.medium), roles)


def match(gold: Sequence[_Tokens], predicted: Sequence[_Tokens]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by the largest quote token overlap, then smallest union; (gold, predicted) pairs."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            shared = len(g.roles["quote"] & p.roles["quote"])
            if shared:
                union = len(g.roles["quote"] | p.roles["quote"])
                candidates.append((-shared, union, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


class _Counts:
    """Token and exact-span counts for one slice (all, one type, one medium)."""

    def __init__(self) -> None:
        self.tp = dict.fromkeys(ROLES, 0)
        self.n_pred = dict.fromkeys(ROLES, 0)
        self.n_gold = dict.fromkeys(ROLES, 0)
        self.exact = dict.fromkeys(ROLES, 0)
        self.with_gold = dict.fromkeys(ROLES, 0)
        self.with_pred = dict.fromkeys(ROLES, 0)
        self.gold_annotations = 0
        self.pred_annotations = 0
        self.matched = 0

    def add(self, gold: Sequence[_Tokens], pred: Sequence[_Tokens], pairs: Sequence[tuple[int, int]]) -> None:
        self.gold_annotations += len(gold)
        self.pred_annotations += len(pred)
        self.matched += len(pairs)
        for name in ROLES:
            self.n_gold[name] += sum(len(g.roles[name]) for g in gold)
            self.n_pred[name] += sum(len(p.roles[name]) for p in pred)
            self.with_gold[name] += sum(1 for g in gold if g.roles[name])
            self.with_pred[name] += sum(1 for p in pred if p.roles[name])
            for gi, pi in pairs:
                g, p = gold[gi].roles[name], pred[pi].roles[name]
                self.tp[name] += len(g & p)
                self.exact[name] += bool(g) and g == p

    def scores(self, prefix: str) -> dict[str, float]:
        out: dict[str, float] = {
            f"{prefix}gold": float(self.gold_annotations),
            f"{prefix}predicted": float(self.pred_annotations),
            f"{prefix}matched": float(self.matched),
        }
        for name in ROLES:
            p, r, f = prf(self.tp[name], self.n_pred[name], self.n_gold[name])
            out[f"{prefix}{name}.p"] = p
            out[f"{prefix}{name}.r"] = r
            out[f"{prefix}{name}.f1"] = f
            out[f"{prefix}{name}.exact"] = self.exact[name] / self.with_gold[name] if self.with_gold[name] else 0.0
            out[f"{prefix}{name}.exact_p"] = self.exact[name] / self.with_pred[name] if self.with_pred[name] else 0.0
        return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_quotes(gold_docs: Sequence[QuotesDoc], predicted: Mapping[str, Sequence[Quotation]]) -> dict[str, float]:
    """Token P/R/F1 and exact-span rates per role, overall (``quote.f1``), per type and per medium.

    Keys: ``{role}.{p,r,f1,exact,exact_p}``, ``gold``/``predicted``/``matched`` (annotation counts), and the
    same under ``type.{Type}.`` and ``medium.{Medium}.``. Documents missing from ``predicted`` count as
    predicting nothing.
    """
    overall = _Counts()
    by_type = {t: _Counts() for t in TYPES}
    by_medium = {m: _Counts() for m in MEDIA}
    for doc in gold_docs:
        starts = [t.start for t in doc.tokens]
        gold = [_in_tokens(g, starts, doc.tokens) for g in doc.quotations]
        pred = [_in_tokens(p, starts, doc.tokens) for p in predicted.get(doc.doc_id, ())]
        pairs = match(gold, pred)
        overall.add(gold, pred, pairs)
        for attribute, table in (("kind", by_type), ("medium", by_medium)):
            for value, counts in table.items():
                g_idx = [i for i, g in enumerate(gold) if getattr(g, attribute) == value]
                p_idx = [i for i, p in enumerate(pred) if getattr(p, attribute) == value]
                g_pos = {gi: k for k, gi in enumerate(g_idx)}
                p_pos = {pi: k for k, pi in enumerate(p_idx)}
                sub_pairs = [(g_pos[gi], p_pos[pi]) for gi, pi in pairs if gi in g_pos and pi in p_pos]
                counts.add([gold[i] for i in g_idx], [pred[i] for i in p_idx], sub_pairs)
    scores = overall.scores("")
    for value, counts in by_type.items():
        scores.update(counts.scores(f"type.{value}."))
    for value, counts in by_medium.items():
        scores.update(counts.scores(f"medium.{value}."))
    return scores


def gold_as_predictions(docs: Sequence[QuotesDoc]) -> dict[str, tuple[Quotation, ...]]:
    """The gold annotations in the predicted form (sanity check: scoring them gives 1.0 everywhere)."""
    from ..attribution.types import Medium, QuoteKind

    out = {}
    for doc in docs:
        out[doc.doc_id] = tuple(
            Quotation(
                kind=QuoteKind(g.kind),
                quote=g.quote,
                cue=g.cue,
                speaker=g.speaker,
                addressee=g.addressee,
                medium=Medium(g.medium),
                frame=g.frame,
                method="gold",
            )
            for g in doc.quotations
        )
    return out


def predict(
    docs: Sequence[QuotesDoc], *, profile: str = "fast", model: Path | None = None
) -> dict[str, tuple[Quotation, ...]]:
    """Run the extractor of ``profile`` over the documents (language layer in the same profile).

    ``model``: a model file to use instead of the package's default one: the CRF (``attribution/crf.py``) for
    ``fast``, the encoder head (``attribution/accurate.py``) for ``accurate``.
    """
    from ..attribution import find_quotations
    from ..attribution.crf import find_quotations_crf
    from ..attribution.extract import finish
    from ..language import analyze_language

    if profile == "accurate":
        return _predict_accurate(docs, model)
    if profile != "fast":
        raise ModelError(f"profile {profile!r} has no attribution model; choose 'fast' or 'accurate'")
    out = {}
    for doc in docs:
        article = article_of(doc)
        language = analyze_language(article, profile=profile)
        if model is None:
            out[doc.doc_id] = find_quotations(article, language)
        else:  # the same steps as find_quotations, with another CRF model file
            out[doc.doc_id] = finish(article, language, find_quotations_crf(article, language, model=model))
    return out


def _predict_accurate(docs: Sequence[QuotesDoc], model: Path | None) -> dict[str, tuple[Quotation, ...]]:
    """The accurate profile: accurate language layer, the shared encoder pass, the encoder head."""
    from ..attribution.accurate import MODEL_PATH, extract_accurate, is_available
    from ..encoder import encode_article
    from ..language import analyze_language

    path = model or MODEL_PATH
    if not is_available(path):
        raise ModelError(f"no accurate attribution model at {path}: run 'newsaudit train quotes --profile accurate'")
    out = {}
    for doc in docs:
        article = article_of(doc)
        language = analyze_language(article, profile="accurate")
        encoding = encode_article(article, language) if language.tokens else None
        out[doc.doc_id] = extract_accurate(article, language, encoding, model=path)
    return out


def format_table(scores: Mapping[str, float]) -> str:
    """The full table: overall, per type and per medium rows; P/R/F1 per role and exact-span rates."""
    lines = []
    header = f"{'slice':<28}{'gold':>6}{'pred':>6}{'match':>6}" + "".join(f"{name + ' P/R/F1':>22}" for name in ROLES)
    lines.append(header)
    slices = [("all", "")] + [(f"type {t}", f"type.{t}.") for t in TYPES]
    slices += [(f"medium {m}", f"medium.{m}.") for m in MEDIA]
    for label, prefix in slices:
        row = f"{label:<28}{scores[prefix + 'gold']:>6.0f}{scores[prefix + 'predicted']:>6.0f}"
        row += f"{scores[prefix + 'matched']:>6.0f}"
        for name in ROLES:
            p, r, f = (scores[f"{prefix}{name}.{k}"] for k in ("p", "r", "f1"))
            row += f"{p:>8.3f}{r:>7.3f}{f:>7.3f}"
        lines.append(row)
    lines.append("")
    lines.append("exact-span match (share of gold / of predicted annotations with the role whose match is exact)")
    for name in ROLES:
        lines.append(f"  {name:<10} gold {scores[name + '.exact']:.3f}   predicted {scores[name + '.exact_p']:.3f}")
    return "\n".join(lines)


def run_quotes_eval(root: Path, *, out: TextIO, profile: str = "fast", limit: int | None = None) -> dict[str, float]:
    """Score the ``profile`` extractor on the quotes-de split folder ``root`` and print the full table."""
    docs = load_quotes(root, limit=limit)
    scores = score_quotes(docs, predict(docs, profile=profile))
    out.write(
        f"quotes-de {root.name}: {len(docs)} documents, {sum(len(d.tokens) for d in docs)} tokens, "
        f"profile {profile}; token units = gold tokens, greedy one-to-one matching by quote overlap\n"
    )
    out.write(format_table(scores) + "\n")
    return scores

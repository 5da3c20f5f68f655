"""The accurate profile's quotation extractor: a BiLSTM tagger over the shared encoder states, in numpy.

Per language-layer token the head reads a learned mix of the encoder layers it was trained on (the shared
pass of ``encoder/``) and an embedding bag of the fast profile's symbolic features (``features_accurate.py``),
projects them and runs a one-layer BiLSTM over windows of consecutive sentences (quotations cross sentences;
free indirect speech continues an earlier speaker); each token is tagged cue (``B-C``/``I-C``), speaker
(``B-S``/``I-S``), quote of a type (``B-Direct`` ... ``I-IndirectFreeIndirect``) or ``O``, and a Viterbi pass
over the article keeps the BIO tags well formed. The shipped model is an ensemble of four such heads (softmax
and CRF output layer, two seeds each) whose scores are averaged.

``tags_to_quotations`` groups the tags into quotations: quote segments of one type split only by a frame ("Es
handele sich, nach Angaben der Polizei, um ...") merge, each cue goes to its nearest direct or indirect
quotation, the speaker is the speaker span nearest to the cue, free indirect speech inherits the previous
speaker, direct quotes nested in indirect speech are added from the rules; what stays empty (cue, speaker) and
the medium come from the fast extractor's quotation over the same words.

The model (``models/quotes_accurate.npz``, provenance and dev scores in ``models/quotes_accurate.json``) is
trained by ``train_accurate.py`` with torch; here it runs in numpy only (no torch, no sklearn at run time).
The switches below were set on quotes-de dev; "model 1" is an earlier single softmax head without lemma
features, whose figures are where a switch was chosen.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError
from ..model_cache import LoadedModels
from ..span_index import StartIndex
from ..types import Article, Language, Span
from .conventions import apply_conventions
from .cues import cue_lexicon
from .features_accurate import article_features
from .types import Medium, Quotation, QuoteKind, frame_over

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "quotes_accurate.npz"
FloatArray = npt.NDArray[np.float32]
KINDS = tuple(k.value for k in QuoteKind)
LABELS = ("O", "B-C", "I-C", "B-S", "I-S", *(f"{p}-{k}" for k in KINDS for p in ("B", "I")))
METHOD = "encoder:bilstm"
# The BiLSTM reads windows of whole consecutive sentences of at most this many tokens (about five news
# sentences: the speaker of free indirect speech is one or two sentences back), at training and at run time;
# whole articles made training 3x slower on the 2-core machine it was trained on.
WINDOW_TOKENS = 160
# Added to a role's log-probabilities before Viterbi: above 0 trades the role's precision for recall (the head
# is precision-leaning on cues and speakers). Set on dev.
# The single softmax head gained cue .726 -> .734 from {"C": 0.5}; the shipped two-head ensemble loses with it
# (.748 -> .739; 0.25: .744), so none.
ROLE_BIAS: dict[str, float] = {}
# Decoding switches, each set on quotes-de dev (150 documents; the model trained on train only).
MERGE_MAX_GAP = 12  # tokens between two quote segments of one type that a frame (cue/speaker) may fill
# quotes-de splits no direct quote around its frame („A“, sagte sie, „B“ are two annotations): merging those
# cost Direct F1 with gold tags (.951 -> .936 on dev)
MERGE_KINDS = frozenset(QuoteKind) - {QuoteKind.DIRECT}
# a cue goes to a quotation at most this many sentences away; 1: cue .682 -> .680, frame .589 -> .563 (dev, model 1)
CUE_SENTENCE_REACH = 0
INHERIT_KINDS = frozenset({QuoteKind.FREE_INDIRECT, QuoteKind.INDIRECT_FREE_INDIRECT})
# quotes-de gives cues to direct and indirect quotations only (train: 1,905 of 2,145; reported 6 of 297, free
# indirect none), so only those take one.
CUE_KINDS = frozenset({QuoteKind.DIRECT, QuoteKind.INDIRECT})
# A quotation of a cueless kind with a cue right beside it in its sentence is indirect speech the tagger mistyped.
# Off: on dev it moved cue F1 by under .003 either way.
RETYPE_KINDS: frozenset[QuoteKind] = frozenset()
RETYPE_DISTANCE = 1
MERGE_FLIPS = False  # see _merge_flips; on: quote .766 -> .768 but Direct .926 -> .899, so off
SHARE_CUES = True  # a direct/indirect quotation left without a cue takes the nearest one of its sentence (~0)
INHERIT_FIRST = True  # free indirect speech takes the previous speaker before one in its own sentence (+.004)
# What the head leaves empty, the fast extractor's quotation over the same words fills (``_with_fallback``); dev,
# model 1: cue .683 -> .695, speaker .650 -> .656; adding the fast quotations the head missed lost quote F1
# (.766 -> .765 Direct only, .761 all kinds), so none are added.
FALLBACK_CUE = True
FALLBACK_SPEAKER = True
FALLBACK_NEW_KINDS: frozenset[QuoteKind] = frozenset()
# The medium of the overlapping fast quotation (its rules read more of the cue's context) instead of the cue
# lexicon's: dev quote F1 medium Speech .382 -> .575, Writing .132 -> .215, SW .377 -> .335; the rest unchanged.
FALLBACK_MEDIUM = True
# The rules' direct quotes inside a predicted quotation of another kind become nested direct quotations; off (dev,
# model 1): quote .766 -> .746, Direct .926 -> .838.
NESTED_DIRECT = True
# quotes-de's reported speech is the whole sentence, its speaker inside ("Die Feuerwehr sprach von ..."); the tags
# give the speaker its own role and often leave parts of the sentence out, so the quote is rebuilt as one span over
# the sentences it touches (over its tagged parts only: dev quote F1 .791 -> .796, Reported .309 -> .398).
WHOLE_SPAN_KINDS = frozenset({QuoteKind.REPORTED})
# A speakerless, cueless free indirect quotation takes the speaker of one at most this many sentences before
# (3: speaker .650 -> .645). The fast profile's fill by distance (``crf.fill_speakers``: the previous quotation's
# speaker within 300 characters, free indirect kinds) after the finishing steps, 2026-11-26: dev speaker .7005 ->
# .7064 but train .7495 -> .7482, so not used here.
INHERIT_SENTENCES = 1


@dataclass(frozen=True)
class Segment:
    """A run of tokens with one role (``C``, ``S`` or a quote kind), ``first``..``last`` inclusive."""

    role: str
    first: int
    last: int
    confidence: float


class Head:
    """One trained head (numpy): layer mix, feature embedding bag, projection, BiLSTM, output, maybe CRF scores."""

    def __init__(self, w: dict[str, FloatArray], vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.mix = _softmax(w["mix"])
        self.embedding = w["embedding"]
        self.projection = (w["proj_w"].T.copy(), w["proj_b"])
        self.forward_weights = (w["fw_ih"].T.copy(), w["fw_hh"].T.copy(), w["fw_b"])
        self.backward_weights = (w["bw_ih"].T.copy(), w["bw_hh"].T.copy(), w["bw_b"])
        self.out_w = w["out_w"].T.copy()
        self.out_b = w["out_b"]
        # a CRF output layer's transition and start scores (absent: a softmax head)
        self.transitions: FloatArray | None = w.get("transitions")
        self.start: FloatArray | None = w.get("start")

    def inputs(self, states: Sequence[FloatArray], features: Sequence[Sequence[str]]) -> FloatArray:
        """The head's input rows: mixed encoder states beside the summed feature embeddings."""
        mixed = sum(weight * layer for weight, layer in zip(self.mix, states, strict=True))
        bag = np.zeros((len(features), self.embedding.shape[1]), dtype=np.float32)
        for row, names in enumerate(features):
            ids = [self.vocab[f] for f in names if f in self.vocab]
            if ids:
                bag[row] = self.embedding[ids].sum(axis=0)
        return np.concatenate([np.asarray(mixed, dtype=np.float32), bag], axis=1)

    def log_probabilities(self, x: FloatArray, windows: Sequence[tuple[int, int]]) -> FloatArray:
        """Per-token log-probabilities of the labels, ``(tokens, labels)``; the BiLSTM runs once per window."""
        projected = x @ self.projection[0] + self.projection[1]
        logits = np.zeros((len(x), self.out_b.shape[0]), dtype=np.float32)
        for start, end in windows:
            part = projected[start:end]
            forward = _lstm(part, *self.forward_weights)
            backward = _lstm(part[::-1], *self.backward_weights)[::-1]
            logits[start:end] = np.concatenate([forward, backward], axis=1) @ self.out_w + self.out_b
        logits -= logits.max(axis=1, keepdims=True)
        out: FloatArray = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return out


class AccurateTagger:
    """The trained heads (an ensemble when the file holds several) and their shared feature vocabulary.

    The ensemble's path score is the mean of the heads' path scores: mean per-token log-probabilities plus the
    mean of the heads' CRF transition scores (a softmax head's are zero).
    """

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: np.asarray(data[name]) for name in data.files}
            config: dict[str, Any] = json.loads(str(arrays.pop("config")))
        except Exception as exc:  # a missing or damaged model must name itself
            raise ModelError(f"cannot load the accurate attribution model {path}: {exc}") from exc
        self.layers: tuple[int, ...] = tuple(int(x) for x in config["layers"])
        self.labels: tuple[str, ...] = tuple(config["labels"])
        if self.labels != LABELS:
            raise ModelError(f"{path} was trained for other labels: {self.labels}")
        vocab = {str(w): i for i, w in enumerate(arrays.pop("vocab"))}
        w: dict[str, FloatArray] = {k: v.astype(np.float32) for k, v in arrays.items()}
        count = int(config.get("heads", 0))
        if count:
            self.heads = [
                Head({k[len(f"h{i}_") :]: v for k, v in w.items() if k.startswith(f"h{i}_")}, vocab)
                for i in range(count)
            ]
        else:
            self.heads = [Head(w, vocab)]
        self.allowed = allowed_transitions(self.labels)
        k = len(self.labels)
        transitions = np.zeros((k, k), dtype=np.float32)
        start = np.zeros(k, dtype=np.float32)
        for head in self.heads:
            if head.transitions is not None and head.start is not None:
                transitions += head.transitions
                start += head.start
        self.transitions: FloatArray = transitions / np.float32(len(self.heads))
        self.start: FloatArray = start / np.float32(len(self.heads))

    def log_probabilities(
        self, states: Sequence[FloatArray], features: Sequence[Sequence[str]], windows: Sequence[tuple[int, int]]
    ) -> FloatArray:
        """The heads' mean per-token log-probabilities, ``(tokens, labels)``."""
        total = sum(h.log_probabilities(h.inputs(states, features), windows) for h in self.heads)
        out: FloatArray = np.asarray(total, dtype=np.float32) / np.float32(len(self.heads))
        return out

    def tag(
        self, states: Sequence[FloatArray], features: Sequence[Sequence[str]], windows: Sequence[tuple[int, int]]
    ) -> tuple[list[str], FloatArray]:
        """Viterbi tags (BIO-consistent) over the whole article and the probability of each chosen tag."""
        scores = self.log_probabilities(states, features, windows)
        path = viterbi(scores + role_bias(self.labels), self.allowed, self.transitions, self.start)
        chosen = np.exp(scores[np.arange(len(path)), path]).astype(np.float32)
        return [self.labels[i] for i in path], chosen


def role_bias(labels: Sequence[str]) -> FloatArray:
    """``ROLE_BIAS`` per label, added to the log-probabilities before Viterbi."""
    return np.array([ROLE_BIAS.get(label[2:], 0.0) for label in labels], dtype=np.float32)


def windows(language: Language, limit: int = WINDOW_TOKENS) -> list[tuple[int, int]]:
    """Token ranges of consecutive whole sentences, each at most ``limit`` tokens (a longer sentence alone)."""
    out: list[tuple[int, int]] = []
    for sentence in language.sentences:
        start, end = sentence.token_start, sentence.token_end
        if end <= start:
            continue
        if out and out[-1][1] == start and end - out[-1][0] <= limit:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _softmax(x: FloatArray) -> FloatArray:
    e = np.exp(x - x.max())
    out: FloatArray = (e / e.sum()).astype(np.float32)
    return out


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (np.tanh(0.5 * x) + 1.0)
    return out


def _lstm(x: FloatArray, w_ih: FloatArray, w_hh: FloatArray, bias: FloatArray) -> FloatArray:
    """One LSTM direction over ``x`` (torch's gate order i, f, g, o; ``bias`` = b_ih + b_hh)."""
    hidden = w_hh.shape[0]
    gates_in = x @ w_ih + bias
    h = np.zeros(hidden, dtype=np.float32)
    c = np.zeros(hidden, dtype=np.float32)
    out = np.empty((len(x), hidden), dtype=np.float32)
    for t in range(len(x)):
        gates = gates_in[t] + h @ w_hh
        i = _sigmoid(gates[:hidden])
        f = _sigmoid(gates[hidden : 2 * hidden])
        g = np.tanh(gates[2 * hidden : 3 * hidden])
        o = _sigmoid(gates[3 * hidden :])
        c = f * c + i * g
        h = o * np.tanh(c)
        out[t] = h
    return out


def allowed_transitions(labels: Sequence[str]) -> npt.NDArray[np.bool_]:
    """``allowed[a, b]``: label b may follow label a (``I-X`` only after ``B-X`` or ``I-X``)."""
    n = len(labels)
    allowed = np.ones((n, n), dtype=bool)
    for b, label in enumerate(labels):
        if label.startswith("I-"):
            role = label[2:]
            for a, before in enumerate(labels):
                allowed[a, b] = before[2:] == role and before != "O"
    return allowed


def viterbi(
    scores: FloatArray,
    allowed: npt.NDArray[np.bool_],
    transitions: FloatArray | None = None,
    start: FloatArray | None = None,
) -> list[int]:
    """The best label path under ``allowed`` transitions (a sequence may not start with ``I-``).

    ``transitions[a, b]`` and ``start[b]``: the learned scores of a CRF output layer, when the head has one.
    """
    n, k = scores.shape
    if n == 0:
        return []
    penalty = np.where(allowed, 0.0, -1e9).astype(np.float32)
    if transitions is not None:
        penalty = penalty + transitions
    starts_ok = ~np.array([not allowed[0, j] and not allowed[:, j].all() for j in range(k)])
    best = scores[0] + np.where(starts_ok, 0.0, -1e9).astype(np.float32)
    if start is not None:
        best = best + start
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        total = best[:, None] + penalty
        back[t] = total.argmax(axis=0)
        best = total[back[t], np.arange(k)] + scores[t]
    path = [int(best.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def segments(tags: Sequence[str], confidence: FloatArray) -> list[Segment]:
    """Runs of one role from BIO tags (``B-`` always opens a new run)."""
    out: list[Segment] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        role = tag[2:]
        if tag.startswith("I-") and out and out[-1].role == role and out[-1].last == i - 1:
            last = out[-1]
            share = (last.confidence * (last.last - last.first + 1) + float(confidence[i])) / (i - last.first + 1)
            out[-1] = Segment(role, last.first, i, share)
        else:
            out.append(Segment(role, i, i, float(confidence[i])))
    return out


@dataclass
class _Draft:
    kind: QuoteKind
    parts: list[Segment]
    cues: list[Segment]


def tags_to_quotations(
    text: str,
    language: Language,
    tags: Sequence[str],
    confidence: FloatArray,
    rule_quotations: Sequence[Quotation] = (),
    fallback: Sequence[Quotation] = (),
) -> tuple[Quotation, ...]:
    """Quotations from the head's tags over ``language.tokens``.

    One tag per token cannot say that a quotation nests in another; the rule extractor's direct quotes
    (``rule_quotations``) inside a predicted quotation of another kind become nested direct quotations with its
    cue and speaker, as quotes-de annotates them ("sagte, der Sohn habe sich „bewusst ... stranguliert“").
    """
    tokens = language.tokens
    sentence_of = np.zeros(len(tokens), dtype=np.int64)
    for number, sentence in enumerate(language.sentences):
        sentence_of[sentence.token_start : sentence.token_end] = number
    found = segments(tags, confidence)
    if MERGE_FLIPS:
        found = _merge_flips(found, sentence_of)
    drafts: list[_Draft] = []
    for seg in found:
        if seg.role in ("C", "S"):
            continue
        kind = QuoteKind(seg.role)
        if drafts and _continues(drafts[-1], seg, found, sentence_of):
            drafts[-1].parts.append(seg)
        else:
            drafts.append(_Draft(kind, [seg], []))
    if not drafts:
        return ()
    cue_segments = [seg for seg in found if seg.role == "C"]
    # Cue segments by sentence, and drafts by the sentences of their parts' ends (the ones _sentence_distance
    # measures from): each cue looks at the drafts near it, not at every draft of the article.
    cues_in: dict[int, list[Segment]] = {}
    for seg in cue_segments:
        cues_in.setdefault(int(sentence_of[seg.first]), []).append(seg)
    for draft in drafts:
        if draft.kind in RETYPE_KINDS and any(
            _token_distance(draft.parts, seg) <= RETYPE_DISTANCE
            for here in _draft_sentences(draft, sentence_of)
            for seg in cues_in.get(here, [])
        ):
            draft.kind = QuoteKind.INDIRECT
    cued = [d for d in drafts if d.kind in CUE_KINDS]
    cued_in: dict[int, list[int]] = {}
    for number, draft in enumerate(cued):
        for here in _draft_sentences(draft, sentence_of):
            cued_in.setdefault(here, []).append(number)
    for seg in cue_segments:
        here = int(sentence_of[seg.first])
        reach = range(here - CUE_SENTENCE_REACH, here + CUE_SENTENCE_REACH + 1)
        near = [cued[n] for n in sorted({n for k in reach for n in cued_in.get(k, [])})]
        if near:
            min(near, key=lambda d: _cue_key(d, seg, sentence_of)).cues.append(seg)
    if SHARE_CUES:
        for draft in cued:
            if draft.cues:
                continue
            same = [seg for here in sorted(_draft_sentences(draft, sentence_of)) for seg in cues_in.get(here, [])]
            if same:
                draft.cues.append(min(same, key=lambda seg: (_token_distance(draft.parts, seg), seg.first)))
    speakers = [seg for seg in found if seg.role == "S"]
    lexicon = cue_lexicon()
    out: list[Quotation] = []
    previous: tuple[Quotation, int] | None = None
    for draft in drafts:
        anchors = draft.cues or draft.parts
        sentences = {int(sentence_of[s.first]) for s in (*draft.parts, *draft.cues)} | {
            int(sentence_of[s.last]) for s in (*draft.parts, *draft.cues)
        }
        local = [s for s in speakers if int(sentence_of[s.first]) in sentences]
        speaker: tuple[Span, ...] = ()
        if local and not (draft.kind in INHERIT_KINDS and previous is not None and INHERIT_FIRST):
            nearest = min(local, key=lambda s: (_token_distance(anchors, s), s.first))
            speaker = (_span(tokens, nearest),)
        elif (
            previous is not None
            and not draft.cues
            and draft.kind in INHERIT_KINDS
            and int(sentence_of[draft.parts[0].first]) - previous[1] <= INHERIT_SENTENCES
        ):
            speaker = previous[0].speaker
        cue = tuple(_span(tokens, c) for c in sorted(draft.cues, key=lambda c: c.first))
        medium = Medium.SPEECH_WRITING
        for c in draft.cues:
            entry = lexicon.get(tokens[c.first].lemma)
            if entry is not None:
                medium = entry.medium
                break
        frame_parts = [*cue, *(s for s in speaker if any(_near(s, c) for c in cue))] if cue else []
        frame = frame_over(frame_parts)
        quotation = Quotation(
            kind=draft.kind,
            quote=_quote_spans(tokens, draft, language),
            cue=cue,
            speaker=speaker,
            medium=medium,
            frame=frame,
            confidence=round(min(p.confidence for p in draft.parts), 3),
            method=METHOD,
        )
        out.append(quotation)
        if speaker:
            previous = (quotation, int(sentence_of[draft.parts[-1].last]))
    if NESTED_DIRECT:
        out += _nested_direct(out, rule_quotations)
    if fallback:
        out = _with_fallback(out, fallback)
    return tuple(sorted(out, key=lambda q: (q.quote[0].start, -q.quote[-1].end)))


def _overlap(a: Quotation, b: Quotation) -> int:
    return sum(max(0, min(p.end, r.end) - max(p.start, r.start)) for p in a.quote for r in b.quote)


def _with_fallback(quotations: Sequence[Quotation], fallback: Sequence[Quotation]) -> list[Quotation]:
    """Fill what the head left empty from the fast extractor's quotation over the same words.

    A direct or indirect quotation without cue takes the cue (``FALLBACK_CUE``), one without speaker the
    speaker (``FALLBACK_SPEAKER``), each its medium (``FALLBACK_MEDIUM``), of the fast quotation whose quote
    overlaps it most; with
    ``FALLBACK_NEW_KINDS`` the fast quotations of those kinds that overlap none of the head's are added.
    """
    out: list[Quotation] = []
    fallback_index = _QuoteIndex(fallback)
    for q in quotations:
        # the first of the most overlapping (max() keeps the first), among those that overlap at all
        best = max((fallback[k] for k in fallback_index.overlapping(q)), key=lambda f: _overlap(q, f), default=None)
        if best is not None and _overlap(q, best) > 0:
            cue = q.cue or (best.cue if FALLBACK_CUE and q.kind in CUE_KINDS else ())
            speaker = q.speaker or (best.speaker if FALLBACK_SPEAKER else ())
            if FALLBACK_MEDIUM:
                q = replace(q, medium=best.medium)
            if cue != q.cue or speaker != q.speaker:
                frame = frame_over([*cue, *speaker]) if cue else q.frame
                q = replace(q, cue=cue, speaker=speaker, frame=frame, method=q.method + "+fast")
        out.append(q)
    head_index = _QuoteIndex(quotations)
    for f in fallback:
        if (
            f.kind in FALLBACK_NEW_KINDS
            and f.quote
            and not any(_overlap(quotations[k], f) for k in head_index.overlapping(f))
        ):
            out.append(replace(f, method=f.method + "+fallback"))
    return out


class _QuoteIndex:
    """Quotations found by their quote spans: which of them a quotation's quote overlaps (in their order)."""

    def __init__(self, quotations: Sequence[Quotation]) -> None:
        self.owner = [k for k, q in enumerate(quotations) for _ in q.quote]
        self.spans = StartIndex([p for q in quotations for p in q.quote])

    def overlapping(self, q: Quotation) -> list[int]:
        return sorted({self.owner[k] for p in q.quote for k in self.spans.overlapping(p)})


def _nested_direct(quotations: Sequence[Quotation], rule_quotations: Sequence[Quotation]) -> list[Quotation]:
    """Direct quotes of the rules inside a predicted quotation of another kind, with that quotation's frame."""
    directs = [q for q in quotations if q.kind == QuoteKind.DIRECT]
    out: list[Quotation] = []
    for rule in rule_quotations:
        if rule.kind != QuoteKind.DIRECT or not rule.quote:
            continue
        if any(p.overlaps(r) for q in directs for p in q.quote for r in rule.quote):
            continue
        outer = [
            q
            for q in quotations
            if q.kind != QuoteKind.DIRECT and all(any(p.contains(r) for p in q.quote) for r in rule.quote)
        ]
        if outer:
            host = outer[0]
            out.append(
                Quotation(
                    kind=QuoteKind.DIRECT,
                    quote=rule.quote,
                    cue=host.cue,
                    speaker=host.speaker,
                    medium=host.medium,
                    frame=host.frame,
                    confidence=host.confidence,
                    method=METHOD + "+nested",
                )
            )
    return out


def _merge_flips(found: Sequence[Segment], sentence_of: npt.NDArray[np.int64]) -> list[Segment]:
    """Adjacent quote segments of different kinds in one sentence as one segment of the kind of most tokens.

    The tagger sometimes changes its mind about the kind inside one quotation (``I-Indirect`` then
    ``B-Reported``); quotes-de has almost no two quotations of different kinds touching inside a sentence.
    """
    out: list[Segment] = []
    votes: list[dict[str, int]] = []
    for seg in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and seg.role not in ("C", "S")
            and previous.role not in ("C", "S")
            and seg.role != previous.role
            and seg.first == previous.last + 1
            and sentence_of[seg.first] == sentence_of[previous.last]
        ):
            count = votes[-1]
            count[seg.role] = count.get(seg.role, 0) + seg.last - seg.first + 1
            size = seg.last - previous.first + 1
            share = (
                previous.confidence * (previous.last - previous.first + 1) + seg.confidence * (seg.last - seg.first + 1)
            ) / size
            role = max(count, key=lambda r: (count[r], r))
            out[-1] = Segment(role, previous.first, seg.last, share)
        else:
            out.append(seg)
            votes.append({seg.role: seg.last - seg.first + 1})
    return out


def _quote_spans(tokens: Sequence[Any], draft: _Draft, language: Language) -> tuple[Span, ...]:
    """The draft's quote spans; one span over its speaker for the kinds quotes-de annotates so (reported speech)."""
    if draft.kind in WHOLE_SPAN_KINDS:
        first, last = draft.parts[0].first, draft.parts[-1].last
        starts = [sentence.token_start for sentence in language.sentences]
        opening = language.sentences[bisect.bisect_right(starts, first) - 1]
        closing = language.sentences[bisect.bisect_right(starts, last) - 1]
        if opening.token_start <= first and last < closing.token_end:
            first, last = opening.token_start, closing.token_end - 1
        return (Span(tokens[first].span.start, tokens[last].span.end),)
    return tuple(_span(tokens, p) for p in draft.parts)


def _span(tokens: Sequence[Any], seg: Segment) -> Span:
    return Span(tokens[seg.first].span.start, tokens[seg.last].span.end)


def _near(a: Span, b: Span) -> bool:
    return max(a.start - b.end, b.start - a.end) < 200


def _token_distance(parts: Sequence[Segment], seg: Segment) -> int:
    return min(max(p.first - seg.last, seg.first - p.last, 0) for p in parts)


def _cue_key(draft: _Draft, seg: Segment, sentence_of: npt.NDArray[np.int64]) -> tuple[int, int, int]:
    return (_sentence_distance(draft, seg, sentence_of), _token_distance(draft.parts, seg), draft.parts[0].first)


def _draft_sentences(draft: _Draft, sentence_of: npt.NDArray[np.int64]) -> set[int]:
    """The sentences of the first and last token of each part: those ``_sentence_distance`` measures from."""
    return {int(sentence_of[p.first]) for p in draft.parts} | {int(sentence_of[p.last]) for p in draft.parts}


def _sentence_distance(draft: _Draft, seg: Segment, sentence_of: npt.NDArray[np.int64]) -> int:
    here = int(sentence_of[seg.first])
    return min(abs(k - here) for k in _draft_sentences(draft, sentence_of))


def _continues(draft: _Draft, seg: Segment, found: Sequence[Segment], sentence_of: npt.NDArray[np.int64]) -> bool:
    """Whether quote segment ``seg`` continues ``draft``: same kind, same sentence, only a frame between them."""
    last = draft.parts[-1]
    if (
        seg.role != draft.kind.value
        or draft.kind not in MERGE_KINDS
        or sentence_of[last.last] != sentence_of[seg.first]
    ):
        return False
    if seg.first - last.last - 1 > MERGE_MAX_GAP:
        return False
    between = [s for s in found if last.last < s.first and s.last < seg.first]
    return bool(between) and all(s.role in ("C", "S") for s in between)


_MODELS: LoadedModels[AccurateTagger] = LoadedModels(AccurateTagger)


def get_accurate_tagger(path: Path = MODEL_PATH) -> AccurateTagger:
    """The process-wide accurate head for ``path``, loaded on first use."""
    return _MODELS.get(path)


def forget_accurate_model(path: Path) -> None:
    """Drop a loaded head so that the next use reads the file again (after training rewrote it)."""
    _MODELS.forget(path)


def is_available(path: Path = MODEL_PATH) -> bool:
    """Whether the accurate head is shipped (a checkout may not have trained it)."""
    return path.is_file()


def extract_accurate(
    article: Article, language: Language, encoding: Any, *, model: Path = MODEL_PATH
) -> tuple[Quotation, ...]:
    """Quotations of the article from the shared encoder pass ``encoding`` (an ``encoder.ArticleEncoding``).

    When ``encoding`` lacks a layer the head reads, the pass is redone for those layers (``encode_article``).
    """
    from ..encoder import encode_article
    from .rules import find_quotations as rule_quotations

    if not language.tokens:
        return ()
    tagger = get_accurate_tagger(model)
    if encoding is None or not set(tagger.layers) <= set(encoding.layers):
        encoding = encode_article(article, language, tagger.layers)
    states = [np.asarray(encoding.tokens[layer], dtype=np.float32) for layer in tagger.layers]
    rules = rule_quotations(article, language)
    features = article_features(article, language, rules)
    tags, confidence = tagger.tag(states, features, windows(language))
    fallback = fast_quotations(article, language) if FALLBACK_CUE or FALLBACK_SPEAKER or FALLBACK_NEW_KINDS else ()
    found = tags_to_quotations(article.text, language, tags, confidence, rules, fallback)
    # quotes-de span edges ("wie" in the cue, closed titles): dev cue .7405 -> .7409; adding the auxiliary of a
    # participle cue as the fast profile does cost the head's cue F1 (.7423 -> .7421), so not here.
    # Retraining the head on the rule features of 2026-11-26 (lexicon additions, conventions; `newsaudit train
    # quotes --profile accurate`, 16 min on one core, epochs [14, 14]): dev quote/cue/speaker .790/.745/.705 ->
    # .798/.748/.697, Direct .915 -> .926, Indirect .833 -> .826; a mix within the epoch-to-epoch noise (~.01),
    # chosen on dev besides. The shipped model now has four heads (``train_accurate.HEAD_CRF``, figures there).
    from .extract import finish  # here, as in fast_quotations: extract imports the fast profile's modules

    return finish(article, language, apply_conventions(article.text, found))


def fast_quotations(article: Article, language: Language) -> tuple[Quotation, ...]:
    """The fast profile's quotations (rules + CRF when shipped), to fill what the head leaves empty."""
    from .extract import find_quotations

    return find_quotations(article, language)

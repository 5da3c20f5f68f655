"""Learned cue and speaker tagging for the fast profile: a linear-chain CRF (python-crfsuite) over sentences.

The rule extractor (``rules.py``) finds the quotations; the CRF re-reads each sentence and tags the tokens that
quotes-de annotates as cue (``B-C``/``I-C``) or speaker (``B-S``/``I-S``). Its features are the token's word,
lemma, STTS POS, mood, cue-lexicon class, source-phrase words, quotation-mark state, clause position and the
rule extractor's own reading of the token (stacking: the role and quote type the rules gave it); it also tags
quote tokens (``B-Q``/``I-Q``). ``assemble`` then swaps the rules' cue and speaker of each quotation for the
CRF's nearest spans in the sentences the quotation touches; free indirect quotations of the rules that the CRF
does not read as quotes are dropped, and a sentence with a CRF cue and quote that no rule covers becomes a new
quotation. The model (``models/quotes_fast.crfsuite``, provenance and dev scores in
``models/quotes_fast.json``) is trained by ``train.py`` on quotes-de train.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..model_cache import LoadedModels
from ..span_index import SpanIndex
from ..types import Article, Language, Mood, Span
from .conventions import add_auxiliaries, apply_conventions
from .cues import CLAUSE_WORDS, cue_at, cue_lexicon, source_patterns
from .phrases import QUOTE_MARKS, TokenView
from .reframe import reframe
from .reported import find_reported
from .types import Medium, Quotation, QuoteKind, add_by_sentence, by_sentence, frame_over

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "quotes_fast.crfsuite"
METHOD_SUFFIX = "+crf"
CUE, SPEAKER, QUOTE = "C", "S", "Q"
# Token distance buckets to the nearest quotation mark or cue (set by hand: adjacent, same phrase, same clause, far).
DISTANCE_BUCKETS = (1, 3, 8)
# Switches, each set on quotes-de DEV (150 documents; the model trained on train only); the figures are dev
# quote/cue/speaker token F1 with the switch the other way (2026-11-25, measured with a c1=0.1/c2=0.05 model).
KEEP_RULE_CUE = True  # no CRF cue for a quotation: keep the rule's; off: cue .683 -> .647
KEEP_RULE_SPEAKER = True  # no CRF speaker for a quotation: keep the rule's; off: speaker .582 -> .570
# Sentences with a CRF cue and CRF quote tokens that no rule quotation covers become a quotation (Reported, or
# Indirect with a subjunctive or dass/ob inside); off: .703/.679/.582 (on: .704/.683/.582; 4 quotations more)
NEW_QUOTES = True
INHERIT_CRF_SPEAKER = True  # free indirect speech inherits the CRF speaker of the quotation it continues; off: same
MERGE_RULE_SPEAKER = False  # widen the CRF speaker to the overlapping rule speaker; on: speaker .586 -> .587 only
# Speakerless quotations of these kinds take the previous quotation's speaker when it stands at most
# FILL_DISTANCE characters before the quote in the same paragraph (quotes-de gives hearsay "soll" sentences the
# source named just before; train: 70 of 116 FreeIndirect speakers lie within 200 characters). Set on TRAIN
# (2026-11-25): FreeIndirect at 300 characters: speaker train .631 -> .638, dev .589 -> .595; 600: the same on
# train, dev .594; + IndirectFreeIndirect: no change (their rule speaker is inherited already). Unlimited
# (the earlier switch): dev .586 -> .577. IndirectFreeIndirect as well, now that more quotations before them have
# speakers (2026-11-26): speaker train .6857 -> .6878, dev .6455 -> .6458 (Indirect or Direct as well: no gain).
FILL_SPEAKER_KINDS = frozenset({QuoteKind.FREE_INDIRECT, QuoteKind.INDIRECT_FREE_INDIRECT})
FILL_DISTANCE = 300
# A free indirect quotation of those kinds whose rule speaker is inherited from an earlier quotation, however far
# back (``rules.FREE_INHERITS_SPEAKER``), drops it for the fill above: quotes-de names a speaker for continued
# speech near its source and not across a long stretch of narration. Speaker F1 train .6882 -> .6984, dev .6484 ->
# .6569 (2026-11-26; switching the rules' inheritance off instead: train .6906, dev .6570). The rules alone (no CRF
# model) keep their inheritance.
FILL_REPLACES_INHERITED = True
# A quotation whose rule speaker is inherited from an earlier sentence takes a CRF speaker of its own sentence
# instead (", so X." tails and cues the rules missed): speaker train .638 -> .659, dev .595 -> .601.
OWN_SENTENCE_SPEAKER = True
# Free indirect quotations with a CRF cue inside become Indirect around it (``reframe.py``): train quote/cue/speaker
# .789/.728/.663 -> .791/.743/.668, dev .742/.696/.608 -> .742/.698/.608 (2026-11-25)
REFRAME = True
# A participle/infinitive cue takes its finite auxiliary (``conventions.add_auxiliaries``): cue train .7433 ->
# .7440, dev .6982 -> .6991 (2026-11-25)
ADD_AUXILIARIES = True
# The NER model's tags as features (the model must be trained with the same setting): speaker .586 -> .590,
# cue .679 -> .680, within noise, for a dependency on the NER model's version and its run time, so off.
USE_ENTITIES = False
# The rules' role per token as features (stacking); off: cue .679 -> .663, speaker .586 -> .589
USE_RULE_ROLES = True
NEW_QUOTE_CONFIDENCE = 0.5
# Free indirect quotations of the rules (hearsay "soll", subjunctive continuations) whose quote the CRF tags as
# quote for less than MIN_QUOTE_SHARE of its characters are dropped: quote .704 -> .729 (FreeIndirect only:
# .727; every kind: .729 but speaker .580; share 0.1: .727, 0.5: .725).
FILTER_KINDS = frozenset({QuoteKind.FREE_INDIRECT, QuoteKind.INDIRECT_FREE_INDIRECT})
MIN_QUOTE_SHARE = 0.3
SUBJUNCTIVE = frozenset({Mood.KONJUNKTIV_I, Mood.KONJUNKTIV_II})
# Sentences no quotation touches that the reported-speech classifier (``reported.py``) accepts become Reported
# quotations: dev quote/cue/speaker .742/.701/.615 -> .751/.701/.621 (Reported quote F1 0 -> .289), 2026-11-26.
REPORTED_SENTENCES = True


def _bucket_of(distance: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if distance <= limit:
            return str(limit)
    return "far"


# The bucket of every distance up to the last limit (looked up: the features ask for three per token).
_BUCKETS = tuple(_bucket_of(d) for d in range(DISTANCE_BUCKETS[-1] + 1))


def _bucket(distance: int) -> str:
    return _BUCKETS[distance] if 0 <= distance < len(_BUCKETS) else _bucket_of(distance)


def rule_roles(s: TokenView, quotations: Sequence[Quotation]) -> list[str]:
    """Per token, the rule extractor's reading: ``cue``, ``spk``, ``q:<Type>`` or ``o`` (cue beats speaker)."""
    roles = ["o"] * len(s)
    for i, token in enumerate(s.tokens):
        span = token.span
        for q in quotations:
            if any(part.overlaps(span) for part in q.cue):
                roles[i] = "cue"
                break
            if any(part.overlaps(span) for part in q.speaker):
                roles[i] = "spk"
            elif roles[i] == "o" and any(part.overlaps(span) for part in q.quote):
                roles[i] = "q:" + q.kind.value
    return roles


def entity_tags(s: TokenView) -> list[str]:
    """The fast NER profile's BIO tags of the sentence (PER/ORG/... are strong speaker cues); "O" without it."""
    if not USE_ENTITIES or not len(s):
        return ["O"] * len(s)
    from ..entities.ner import MODEL_PATH as NER_MODEL
    from ..entities.ner import get_ner

    if not NER_MODEL.is_file():
        return ["O"] * len(s)
    tagger = get_ner(NER_MODEL)
    tags, _ = tagger.tag(tagger.features(s.words, [t.pos for t in s.tokens]))
    return tags


@cache
def _source_words() -> frozenset[str]:
    """Every word of a source pattern ("laut", "zufolge", "berichtet" ...)."""
    return frozenset(w for p in source_patterns() for w in p.words)


def _nearest_anchor(anchors: Sequence[int], i: int) -> int:
    """The anchor nearest to ``i`` (ties: the earlier one), found by bisection in the sorted ``anchors``."""
    k = bisect_left(anchors, i)
    if k == len(anchors):
        return anchors[-1]
    if anchors[k] == i or k == 0:
        return anchors[k]
    before, after = anchors[k - 1], anchors[k]
    return before if i - before <= after - i else after


_OFFSETS = (-2, -1, 1, 2)
_NEIGHBOUR_PREFIXES = {d: (f"{d}:w=", f"{d}:p=", f"{d}:r=", f"{d}:cueat=") for d in _OFFSETS}


def sentence_features(s: TokenView, roles: Sequence[str], entities: Sequence[str] | None = None) -> list[list[str]]:
    """CRF features of one sentence, given the rule roles of its tokens (and their NER tags)."""
    ents = list(entities) if entities is not None else ["O"] * len(s)
    lexicon = cue_lexicon()
    source_words = _source_words()
    n = len(s)
    cue_tokens: dict[int, str] = {}
    for i in range(n):
        found = cue_at(s, i)
        if found is not None:
            for k in found[1]:
                cue_tokens.setdefault(k, found[0].cls)
    marks = [i for i, w in enumerate(s.words) if w in QUOTE_MARKS]
    clause_word_after = [False] * n
    seen = False
    for i in range(n - 1, -1, -1):
        clause_word_after[i] = seen
        seen = seen or s.lower[i] in CLAUSE_WORDS
    anchors = sorted(set(cue_tokens) | {i for i in range(n) if s.lower[i] in source_words})
    # commas_before[k]: commas among tokens 0..k-1, so that the commas between two tokens are one subtraction
    commas_before = [0]
    for k in range(n):
        commas_before.append(commas_before[-1] + s.is_comma(k))
    roles_seen = roles if USE_RULE_ROLES else ["-"] * n
    # What token k adds to the features of the token ``offset`` places away: built column by column (each string
    # once) and zipped per token.
    pos_tags = [t.pos for t in s.tokens]
    cue_classes = [cue_tokens.get(k, "-") for k in range(n)]
    seen_from = {
        offset: list(
            zip(
                [w + x for x in s.lower],
                [p + x for x in pos_tags],
                [r + x for x in roles_seen],
                [c + x for x in cue_classes],
                strict=True,
            )
        )
        for offset, (w, p, r, c) in _NEIGHBOUR_PREFIXES.items()
    }
    out: list[list[str]] = []
    for i, token in enumerate(s.tokens):
        word, lower = s.words[i], s.lower[i]
        entry = lexicon.get(token.lemma)
        f = [
            "bias",
            "w=" + lower,
            "l=" + token.lemma.lower(),
            "p=" + token.pos,
            "m=" + (token.mood.value if token.mood is not None else "-"),
            "s3=" + lower[-3:],
            "cap=" + str(word[:1].isupper()),
            "r=" + roles_seen[i],
            "rp=" + roles_seen[i] + "|" + token.pos,
            "lex=" + (entry.cls + "|" + entry.medium.value if entry else "-"),
            "cueat=" + cue_tokens.get(i, "-"),
            "src=" + str(lower in source_words),
            "pos=" + ("first" if i == 0 else "last" if i == n - 1 else "mid"),
            "dass_after=" + str(clause_word_after[i]),
        ]
        if anchors:
            nearest = _nearest_anchor(anchors, i)
            side = "at" if nearest == i else "before" if i < nearest else "after"
            f.append("cued=" + side + "|" + _bucket(abs(nearest - i)))
            f.append("cuedp=" + side + "|" + token.pos)
            commas = commas_before[max(i, nearest)] - commas_before[min(i, nearest)]
            f.append("cuecommas=" + str(min(commas, 2)))
        else:
            f.append("cued=none")
        before = bisect_left(marks, i)  # marks before token i
        after = bisect_right(marks, i)  # index of the first mark after token i
        f.append("inq=" + str(before % 2 == 1))
        f.append("mb=" + (_bucket(i - marks[before - 1]) if before else "none"))
        f.append("ma=" + (_bucket(marks[after] - i) if after < len(marks) else "none"))
        for offset in _OFFSETS:
            k = i + offset
            if 0 <= k < n:
                f.extend(seen_from[offset][k])
            else:
                f.append(f"{offset}:edge")
        if i > 0:
            f.append("pp=" + s.tokens[i - 1].pos + "|" + token.pos)
        if USE_ENTITIES:
            f.append("ne=" + ents[i])
            f.append("ne-1=" + (ents[i - 1] if i else "edge"))
            f.append("ne+1=" + (ents[i + 1] if i + 1 < n else "edge"))
        out.append(f)
    return out


class QuoteTagger:
    """A CRF tagger loaded from a crfsuite model file; ``tag`` is serialised because crfsuite keeps state."""

    def __init__(self, path: Path) -> None:
        try:
            import pycrfsuite  # type: ignore[import-untyped, unused-ignore]  # no stubs

            tagger: Any = pycrfsuite.Tagger()
            tagger.open(str(path))
        except ImportError as exc:
            raise ModelError(
                "the fast attribution profile needs python-crfsuite (pip install python-crfsuite)"
            ) from exc
        except Exception as exc:  # a missing or damaged model must name itself
            raise ModelError(f"cannot load the attribution model {path}: {exc}") from exc
        self._tagger = tagger
        self._lock = threading.Lock()

    def tag(self, features: list[list[str]]) -> list[str]:
        if not features:
            return []
        with self._lock:
            tags: list[str] = self._tagger.tag(features)
        return tags


_MODELS: LoadedModels[QuoteTagger] = LoadedModels(QuoteTagger)


def get_tagger(path: Path = MODEL_PATH) -> QuoteTagger:
    """The process-wide tagger for ``path``, loaded on first use."""
    return _MODELS.get(path)


def forget_model(path: Path) -> None:
    """Drop a loaded model so that the next use reads the file again (after training rewrote it)."""
    _MODELS.forget(path)


def tag_spans(tags: Sequence[str], s: TokenView) -> dict[str, list[Span]]:
    """Character spans per role (``C``, ``S``) from BIO tags; an ``I-`` after another role starts a span."""
    out: dict[str, list[Span]] = {CUE: [], SPEAKER: [], QUOTE: []}
    current = ""
    for i, tag in enumerate(tags):
        role = tag[2:] if tag != "O" else ""
        if role and (tag.startswith("B-") or role != current):
            out[role].append(s.tokens[i].span)
        elif role:
            last = out[role][-1]
            out[role][-1] = Span(last.start, s.tokens[i].span.end)
        current = role
    return out


def _distance(a: Span, b: Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _nearest(spans: Sequence[Span], anchors: Sequence[Span]) -> Span | None:
    if not spans or not anchors:
        return None
    return min(spans, key=lambda sp: (min(_distance(sp, a) for a in anchors), sp.start))


def _merged(chosen: Span, rule: Sequence[Span]) -> Span:
    """The CRF speaker widened to the rule speaker it overlaps (the rules read long appositions better)."""
    for part in rule:
        if part.overlaps(chosen):
            return Span(min(part.start, chosen.start), max(part.end, chosen.end))
    return chosen


def assemble(
    quotations: Sequence[Quotation], sentences: Sequence[Span], found: Sequence[dict[str, list[Span]]]
) -> list[Quotation]:
    """The rule quotations with the CRF's cue and speaker spans nearest to each quote, in the sentences it touches.

    A cue span goes to the quotation whose quote is nearest to it (so two quotations in one sentence do not
    share cues); the speaker is the CRF speaker span nearest to the chosen cue (to the quote without a cue).
    A quotation whose speaker the rules inherited from an earlier one (free indirect speech) inherits that
    one's new speaker instead.
    """
    index = SpanIndex(sentences)
    # not the speaker: an inherited one lies in an earlier sentence
    touched = [index.touching((*q.quote, *q.cue)) for q in quotations]
    touching: dict[int, list[int]] = {}  # sentence -> the quotations touching it, in order
    for j, ks in enumerate(touched):
        for k in ks:
            touching.setdefault(k, []).append(j)
    # which quotation owns each cue span: the nearest quote among the quotations touching its sentence
    owner: dict[tuple[int, Span], int] = {}
    for k, spans in enumerate(found):
        claimants = touching.get(k, [])
        for span in spans[CUE]:
            outside = [
                j for j in claimants if quotations[j].quote and not any(p.overlaps(span) for p in quotations[j].quote)
            ]
            if outside:
                best = min(outside, key=lambda j: (min(_distance(span, p) for p in quotations[j].quote), j))
                owner[(k, span)] = best
    renamed: dict[tuple[Span, ...], tuple[Span, ...]] = {}  # rule speaker -> the CRF's, for inheritance
    out: list[Quotation] = []
    owned: dict[int, list[Span]] = {}
    for (_, span), j in owner.items():
        owned.setdefault(j, []).append(span)
    for j, q in enumerate(quotations):
        cues = sorted(owned.get(j, []))
        cue: tuple[Span, ...] = tuple(cues) if cues else (q.cue if KEEP_RULE_CUE else ())
        speakers = [
            span for k in touched[j] for span in found[k][SPEAKER] if not any(p.overlaps(span) for p in q.quote)
        ]
        chosen = _nearest(speakers, cue or q.quote)
        inherited = bool(q.speaker) and not q.cue and not any(index.touches(k, q.speaker[:1]) for k in touched[j])
        speaker: tuple[Span, ...]
        local = [span for k in touched[j] for span in found[k][SPEAKER]] if OWN_SENTENCE_SPEAKER else []
        if inherited and local:
            # the CRF reads a speaker in the quotation's own sentence ("…, so X."): it beats the inherited one
            speaker = (_nearest(local, q.quote) or local[0],)
        elif inherited and FILL_REPLACES_INHERITED and q.kind in FILL_SPEAKER_KINDS:
            speaker = ()  # fill_speakers gives it the speaker of a quotation just before, if there is one
        elif inherited and INHERIT_CRF_SPEAKER:
            speaker = renamed.get(q.speaker, q.speaker)
        elif chosen:
            speaker = (_merged(chosen, q.speaker) if MERGE_RULE_SPEAKER else chosen,)
        else:
            speaker = q.speaker if KEEP_RULE_SPEAKER else ()
        if q.speaker and not inherited:
            renamed[q.speaker] = speaker
        frame_parts = list(cue) + list(speaker)
        frame = frame_over(frame_parts)
        out.append(replace(q, cue=cue, speaker=speaker, frame=frame, method=q.method + METHOD_SUFFIX))
    return out


def fill_speakers(text: str, quotations: Sequence[Quotation]) -> list[Quotation]:
    """Speakerless quotations of the ``FILL_SPEAKER_KINDS`` take the speaker of the quotation before them, when
    that speaker is near: within ``FILL_DISTANCE`` characters before the quote and in the same paragraph."""
    out: list[Quotation] = []
    latest: tuple[Span, ...] = ()
    for q in sorted(quotations, key=lambda q: q.quote[0].start if q.quote else 0):
        if not q.speaker and latest and q.kind in FILL_SPEAKER_KINDS and not q.cue and q.quote:
            between = text[latest[-1].end : q.quote[0].start]
            if len(between) <= FILL_DISTANCE and "\n" not in between:
                q = replace(q, speaker=latest)
        latest = q.speaker or latest
        out.append(q)
    return out


def _new_quotation(s: TokenView, spans: dict[str, list[Span]], existing: Sequence[Quotation]) -> Quotation | None:
    """A quotation the rules missed: the sentence's CRF cue spans no rule quotation has, with its free quote spans."""
    taken = [p for q in existing for p in (*q.quote, *q.cue, *q.speaker)]
    cues = [c for c in spans[CUE] if not any(c.overlaps(p) for p in taken)]
    quote = [c for c in spans[QUOTE] if not any(c.overlaps(p) for p in taken)]
    if not cues or not quote:
        return None
    speakers = [c for c in spans[SPEAKER] if not any(c.overlaps(p) for p in taken)]
    speaker = _nearest(speakers, cues)
    lexicon = cue_lexicon()
    medium = Medium.SPEECH_WRITING
    for token in s.tokens:
        if any(c.contains(token.span) for c in cues) and token.lemma in lexicon:
            medium = lexicon[token.lemma].medium
            break
    in_quote = [i for i, t in enumerate(s.tokens) if any(q.overlaps(t.span) for q in quote)]
    subjunctive = any(s.tokens[i].mood in SUBJUNCTIVE or s.lower[i] in CLAUSE_WORDS for i in in_quote)
    frame_parts = [*cues, *([speaker] if speaker else [])]
    return Quotation(
        kind=QuoteKind.INDIRECT if subjunctive else QuoteKind.REPORTED,
        quote=tuple(quote),
        cue=tuple(cues),
        speaker=(speaker,) if speaker else (),
        medium=medium,
        frame=frame_over(frame_parts),
        confidence=NEW_QUOTE_CONFIDENCE,
        method="crf:new",
    )


def _tagged_share(q: Quotation, tagged: Sequence[Span], index: SpanIndex) -> float:
    """The share of the quotation's quote characters that the CRF tagged as quote (``index``: of ``tagged``)."""
    total = sum(p.end - p.start for p in q.quote)
    inside = sum(
        max(0, min(p.end, tagged[t].end) - max(p.start, tagged[t].start)) for p in q.quote for t in index.overlapping(p)
    )
    return inside / total if total else 0.0


def find_quotations_crf(article: Article, language: Language, *, model: Path = MODEL_PATH) -> tuple[Quotation, ...]:
    """The rule quotations with cue and speaker re-read by the CRF (plus the quotations only the CRF found)."""
    from .rules import find_quotations as rule_quotations

    tagger = get_tagger(model)
    quotations = rule_quotations(article, language)
    touching = by_sentence(language.sentence_index, quotations)
    sentences: list[Span] = []
    found: list[dict[str, list[Span]]] = []
    views: list[TokenView] = []
    for number, sentence in enumerate(language.sentences):
        s = TokenView(article.text, language.tokens_of(sentence))
        if not len(s):
            continue
        local = touching.get(number, [])
        tags = tagger.tag(sentence_features(s, rule_roles(s, local), entity_tags(s)))
        sentences.append(sentence.span)
        found.append(tag_spans(tags, s))
        views.append(s)
    assembled = assemble(quotations, sentences, found)
    if FILTER_KINDS:
        tagged = [span for spans in found for span in spans[QUOTE]]
        tagged_index = SpanIndex(tagged)
        assembled = [
            q
            for q in assembled
            if q.kind not in FILTER_KINDS or _tagged_share(q, tagged, tagged_index) >= MIN_QUOTE_SHARE
        ]
    if REFRAME:
        assembled = reframe(assembled, sentences, views, [f[CUE] for f in found], [f[SPEAKER] for f in found])
    if NEW_QUOTES:
        index = SpanIndex(sentences)
        touching = by_sentence(index, assembled)
        for k, s in enumerate(views):
            extra = _new_quotation(s, found[k], touching.get(k, []))
            if extra is not None:
                assembled.append(extra)
                add_by_sentence(index, extra, touching)
    if REPORTED_SENTENCES:
        assembled.extend(find_reported(article, language, assembled))
    assembled = apply_conventions(article.text, fill_speakers(article.text, assembled))
    if ADD_AUXILIARIES:
        assembled = add_auxiliaries(article.text, language, assembled)
    return tuple(sorted(assembled, key=lambda q: q.quote[0].start if q.quote else 0))

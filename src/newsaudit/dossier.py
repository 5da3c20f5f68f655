"""The Dossier: everything newsaudit found about one article, schema-versioned and JSON round-trippable.

The JSON layout is described by ``report/dossier.schema.json`` (``newsaudit schema`` prints it). Bump
``SCHEMA_VERSION`` on any change of that layout: minor for additions, major for changes or removals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import __version__
from .attribution import Medium, Quotation, QuoteKind, SourceMention
from .claims.units import Claims
from .consistency import Consistency
from .framing import Framing
from .serial import load, to_plain
from .sourcing import SourceChain
from .stages.attribution import Attribution, SentenceAttribution, SentenceStatus
from .stages.entities import Entities
from .summary import Summary
from .types import (
    Article,
    ArticleMeta,
    Block,
    BlockLabel,
    Language,
    MetaField,
    Mood,
    Provenance,
    Sentence,
    Span,
    StageError,
    StageRecord,
    Token,
)

SCHEMA_VERSION = "1.2"

# The layers added in 1.2, in pipeline order: frozen dataclasses moved through JSON by ``newsaudit.serial``
# (their JSON Schema is derived from the same type hints, see ``scripts/refresh_schema.py``).
LAYER_TYPES: dict[str, type] = {
    "entities": Entities,
    "framing": Framing,
    "consistency": Consistency,
    "sourcing": SourceChain,
    "claims": Claims,
    "summary": Summary,
}


@dataclass(frozen=True)
class Dossier:
    """The verification dossier for one article."""

    article: Article
    provenance: Provenance
    profile: str
    language: Language | None
    stages: tuple[StageRecord, ...]
    errors: tuple[StageError, ...]
    attribution: Attribution | None = None  # None: the stage did not run or failed (see errors), or a 1.0 dossier
    # None: the stage did not run or failed (see errors), or the dossier is older than 1.2.
    entities: Entities | None = None
    framing: Framing | None = None
    consistency: Consistency | None = None
    sourcing: SourceChain | None = None
    claims: Claims | None = None
    summary: Summary | None = None
    tool_version: str = __version__
    schema_version: str = SCHEMA_VERSION

    @property
    def text(self) -> str:
        return self.article.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "tool": {"name": "newsaudit", "version": self.tool_version},
            "profile": self.profile,
            "provenance": _provenance_to_dict(self.provenance),
            "text": self.article.text,
            "meta": _meta_to_dict(self.article.meta),
            "blocks": [_block_to_dict(b) for b in self.article.blocks],
            "language": None if self.language is None else _language_to_dict(self.language),
            "attribution": None if self.attribution is None else _attribution_to_dict(self.attribution),
            **{name: to_plain(getattr(self, name)) for name in LAYER_TYPES},
            "stages": [{"name": s.name, "version": s.version, "seconds": round(s.seconds, 6)} for s in self.stages],
            "errors": [{"stage": e.stage, "error": e.error, "message": e.message} for e in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dossier:
        major = str(data.get("schema_version", "")).split(".")[0]
        if major != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"dossier schema {data.get('schema_version')!r} is not readable by {SCHEMA_VERSION}")
        article = Article(
            text=data["text"],
            blocks=tuple(_block_from_dict(b) for b in data["blocks"]),
            meta=_meta_from_dict(data["meta"]),
        )
        language = data.get("language")
        attribution = data.get("attribution")  # absent in 1.0 dossiers
        return cls(
            article=article,
            provenance=Provenance(**data["provenance"]),
            profile=data["profile"],
            language=None if language is None else _language_from_dict(language),
            stages=tuple(StageRecord(s["name"], s["version"], s["seconds"]) for s in data["stages"]),
            errors=tuple(StageError(e["stage"], e["error"], e["message"]) for e in data["errors"]),
            attribution=None if attribution is None else _attribution_from_dict(attribution),
            **{
                name: load(layer, data[name]) if data.get(name) is not None else None
                for name, layer in LAYER_TYPES.items()
            },
            tool_version=data["tool"]["version"],
            schema_version=data["schema_version"],
        )


def _span_from(value: list[int] | None) -> Span | None:
    return None if value is None else Span(value[0], value[1])


def _provenance_to_dict(p: Provenance) -> dict[str, Any]:
    return {
        "source": p.source,
        "kind": p.kind,
        "fetched_at": p.fetched_at,
        "final_url": p.final_url,
        "content_type": p.content_type,
        "encoding": p.encoding,
        "encoding_note": p.encoding_note,
        "size_bytes": p.size_bytes,
    }


def _field_to_dict(f: MetaField | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"value": f.value, "origin": f.origin, "span": None if f.span is None else f.span.to_list()}


def _field_from_dict(d: dict[str, Any] | None) -> MetaField | None:
    if d is None:
        return None
    return MetaField(d["value"], d["origin"], _span_from(d.get("span")))


def _meta_to_dict(m: ArticleMeta) -> dict[str, Any]:
    return {
        "outlet": _field_to_dict(m.outlet),
        "section": _field_to_dict(m.section),
        "title": _field_to_dict(m.title),
        "published": _field_to_dict(m.published),
        "authors": [_field_to_dict(a) for a in m.authors],
        "language": m.language,
    }


def _meta_from_dict(d: dict[str, Any]) -> ArticleMeta:
    authors = tuple(f for f in (_field_from_dict(a) for a in d.get("authors", [])) if f is not None)
    return ArticleMeta(
        outlet=_field_from_dict(d.get("outlet")),
        section=_field_from_dict(d.get("section")),
        title=_field_from_dict(d.get("title")),
        published=_field_from_dict(d.get("published")),
        authors=authors,
        language=d.get("language", "de"),
    )


def _block_to_dict(b: Block) -> dict[str, Any]:
    return {
        "label": b.label.value,
        "span": b.span.to_list(),
        "furniture": b.label.is_furniture,
        "confidence": round(b.confidence, 4),
        "method": b.method,
    }


def _block_from_dict(d: dict[str, Any]) -> Block:
    return Block(BlockLabel(d["label"]), Span(*d["span"]), d["confidence"], d["method"])


def _language_to_dict(lang: Language) -> dict[str, Any]:
    return {
        "sentences": [
            {"span": s.span.to_list(), "block": s.block, "tokens": [s.token_start, s.token_end]} for s in lang.sentences
        ],
        "tokens": [
            {
                "span": t.span.to_list(),
                "lemma": t.lemma,
                "pos": t.pos,
                "mood": None if t.mood is None else t.mood.value,
            }
            for t in lang.tokens
        ],
    }


def _language_from_dict(d: dict[str, Any]) -> Language:
    return Language(
        sentences=tuple(Sentence(Span(*s["span"]), s["block"], s["tokens"][0], s["tokens"][1]) for s in d["sentences"]),
        tokens=tuple(
            Token(Span(*t["span"]), t["lemma"], t["pos"], None if t["mood"] is None else Mood(t["mood"]))
            for t in d["tokens"]
        ),
    )


def _spans_to(spans: tuple[Span, ...]) -> list[list[int]]:
    return [s.to_list() for s in spans]


def _spans_from(values: list[list[int]]) -> tuple[Span, ...]:
    return tuple(Span(v[0], v[1]) for v in values)


def _quotation_to_dict(q: Quotation) -> dict[str, Any]:
    return {
        "kind": q.kind.value,
        "quote": _spans_to(q.quote),
        "cue": _spans_to(q.cue),
        "speaker": _spans_to(q.speaker),
        "addressee": _spans_to(q.addressee),
        "frame": _spans_to(q.frame),
        "medium": q.medium.value,
        "confidence": round(q.confidence, 4),
        "method": q.method,
    }


def _quotation_from_dict(d: dict[str, Any]) -> Quotation:
    return Quotation(
        kind=QuoteKind(d["kind"]),
        quote=_spans_from(d["quote"]),
        cue=_spans_from(d["cue"]),
        speaker=_spans_from(d["speaker"]),
        addressee=_spans_from(d["addressee"]),
        medium=Medium(d["medium"]),
        frame=_spans_from(d["frame"]),
        confidence=d["confidence"],
        method=d["method"],
    )


def _attribution_to_dict(a: Attribution) -> dict[str, Any]:
    return {
        "quotations": [_quotation_to_dict(q) for q in a.quotations],
        "source_mentions": [
            {"pattern": m.pattern, "span": m.span.to_list(), "source": m.source.to_list()} for m in a.source_mentions
        ],
        "sentences": [
            {
                "status": s.status.value,
                "quotations": list(s.quotations),
                "source_mentions": list(s.source_mentions),
                "hedges": _spans_to(s.hedges),
            }
            for s in a.sentences
        ],
        "speaker_actors": [None if span is None else span.to_list() for span in a.speaker_actors],
    }


def _attribution_from_dict(d: dict[str, Any]) -> Attribution:
    return Attribution(
        quotations=tuple(_quotation_from_dict(q) for q in d.get("quotations", [])),
        source_mentions=tuple(
            SourceMention(m["pattern"], Span(*m["span"]), Span(*m["source"])) for m in d.get("source_mentions", [])
        ),
        sentences=tuple(
            SentenceAttribution(
                SentenceStatus(s["status"]),
                tuple(s["quotations"]),
                tuple(s["source_mentions"]),
                _spans_from(s["hedges"]),
            )
            for s in d.get("sentences", [])
        ),
        speaker_actors=tuple(None if v is None else Span(v[0], v[1]) for v in d.get("speaker_actors", [])),
    )

"""The stages of the pipeline, in order, per profile (one module per stage in ``newsaudit.stages``)."""

from __future__ import annotations

from .pipeline import Stage
from .stages.attribution import AttributionStage
from .stages.claims import ClaimsStage
from .stages.consistency import ConsistencyStage
from .stages.encoding import EncodingStage
from .stages.entities import EntitiesStage
from .stages.framing import FramingStage
from .stages.language import LanguageStage
from .stages.sourcing import SourcingStage
from .stages.structure import StructureStage
from .stages.summary import SummaryStage


def stages_for(profile: str) -> list[Stage]:
    """The stage list for a profile: the same stages, each running its profile's models.

    The accurate profile adds the shared encoder pass before the stages that read it (attribution, entities).
    """
    encoder: list[Stage] = [EncodingStage()] if profile == "accurate" else []
    return [
        StructureStage(),
        LanguageStage(profile),
        *encoder,
        AttributionStage(profile),
        EntitiesStage(profile),
        FramingStage(),
        ConsistencyStage(profile),
        SourcingStage(),
        ClaimsStage(profile),
        SummaryStage(),
    ]

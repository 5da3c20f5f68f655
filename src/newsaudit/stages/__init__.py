"""The stages of the pipeline, in order: one module per stage; ``stages_for`` lists them per profile."""

from __future__ import annotations

from ..pipeline import Stage
from .attribution import AttributionStage
from .language import LanguageStage
from .structure import StructureStage


def stages_for(profile: str) -> list[Stage]:
    """The stage list for a profile: the same stages; the language stage runs its profile's word analysis."""
    return [StructureStage(), LanguageStage(profile), AttributionStage(profile)]

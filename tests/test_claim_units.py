"""Claim units: statements split from sentences, tied to who stands behind them, their chain and markers."""

from __future__ import annotations

import functools

import pytest

from newsaudit import Dossier, analyze
from newsaudit.claims.units import Claim, split_statements
from newsaudit.evaluate.data import reference_article


@functools.cache
def _dossier(text: str) -> Dossier:
    return analyze(text, kind="text", profile="fast")


def _units(dossier: Dossier) -> list[tuple[str, Claim]]:
    assert dossier.claims is not None, dossier.errors
    return [(dossier.text[c.span.start : c.span.end], c) for c in dossier.claims.units]


def test_two_main_clauses_become_two_statements() -> None:
    """'..., aber ...' with a finite verb on both sides splits; a subordinate clause does not."""
    dossier = _dossier(
        "Brückenbau in Halle\n\nDie Stadt zahlt zwölf Millionen Euro, aber das Land trägt die übrigen Kosten. "
        "Der Bau beginnt, wenn der Winter vorbei ist.\n"
    )
    assert dossier.language is not None
    first, second = dossier.language.sentences[-2:]
    texts = [dossier.text[s.start : s.end] for s in split_statements(dossier.text, dossier.language.tokens_of(first))]
    assert texts == ["Die Stadt zahlt zwölf Millionen Euro", "aber das Land trägt die übrigen Kosten."]
    assert len(split_statements(dossier.text, dossier.language.tokens_of(second))) == 1


def test_quoted_content_is_the_claim_and_the_speaker_stands_behind_it() -> None:
    """An indirect quotation's content is the unit; its source is the named speaker, not the outlet."""
    dossier = _dossier(
        "Brückenbau in Halle\n\nBürgermeisterin Jana Berger sagte am Montag, die Brücke koste zwölf Millionen Euro. "
        "Die Arbeiten beginnen im März.\n"
    )
    units = _units(dossier)
    quoted = [c for text, c in units if text.startswith("die Brücke koste")]
    assert quoted and quoted[0].source == "Bürgermeisterin Jana Berger" and quoted[0].status == "attributed"
    assert "figure" in quoted[0].features
    own = [c for text, c in units if text.startswith("Die Arbeiten beginnen")]
    assert own and own[0].status == "asserted" and own[0].source_span is None


def test_scores_are_probabilities() -> None:
    """Check-worthiness and subjectivity lie in [0, 1]; the threshold is the model's."""
    dossier = _dossier("Brückenbau in Halle\n\nDie Stadt zahlt zwölf Millionen Euro für die neue Brücke.\n")
    assert dossier.claims is not None
    assert all(0.0 <= c.checkworthiness <= 1.0 and 0.0 <= c.subjectivity <= 1.0 for c in dossier.claims.units)
    assert 0.0 < dossier.claims.checkworthy_threshold < 1.0


def test_reference_claims_carry_their_chain() -> None:
    """Arestovich's statements reach the article via the Ukrainian reporters; the Generalstab's directly."""
    path = reference_article()
    if not path.exists():
        pytest.skip(f"reference article not found at {path} (../shared absent)")
    units = _units(analyze(path, profile="fast"))
    arestovich = [c for text, c in units if text.startswith("dass die abtrünnigen Russen")]
    assert arestovich and arestovich[0].source == "Aleksey Arestovich"
    assert arestovich[0].chain == ("news.de", "ukrainischen Reportern", "Aleksey Arestovich")
    staff = [c for text, c in units if text.startswith("Unterdessen halten")]
    assert staff and staff[0].chain == ("news.de", "ukrainische Generalstab")
    video = [c for text, c in units if text.startswith("Das von der Legion")]
    assert video and video[0].chain[-2:] == ("Express", "Legion für die Freiheit Russlands")

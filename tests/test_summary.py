"""The summary a reader sees first, on the reference article (issue 6) and on an invented plain one."""

from __future__ import annotations

import functools

import pytest

from newsaudit import Dossier, analyze
from newsaudit.evaluate.data import reference_article


@functools.cache
def _reference(profile: str) -> Dossier:
    path = reference_article()
    if not path.exists():
        pytest.skip(f"reference article not found at {path} (../shared absent)")
    return analyze(path, profile="fast" if profile == "fast" else "accurate")


def _flags(dossier: Dossier) -> dict[str, list[tuple[str, str, list[str]]]]:
    assert dossier.summary is not None
    text = dossier.text
    out: dict[str, list[tuple[str, str, list[str]]]] = {}
    for flag in dossier.summary.red_flags:
        out.setdefault(flag.kind, []).append((flag.title, flag.reason, [text[s.start : s.end] for s in flag.evidence]))
    return out


def test_reference_summary_shows_the_headline_body_mismatches() -> None:
    """The headline's 'Russen schießen auf eigene Truppen' and the caption's 'Immer mehr' are flagged with spans."""
    flags = _flags(_reference("fast"))["headline_body"]
    evidence = [e for _, _, spans in flags for e in spans]
    assert "Russen schießen auf eigene Truppen" in evidence
    assert any(s.startswith("Immer mehr Soldaten wenden sich") for s in evidence)
    assert all(reason for _, reason, _ in flags)


def test_reference_summary_shows_one_sided_second_hand_sourcing() -> None:
    """Only parties as primary sources, a foreign tabloid relayed, no own verification."""
    flags = _flags(_reference("fast"))
    assert {"party_sources_only", "foreign_tabloid", "second_hand", "no_own_verification"} <= set(flags)
    tabloid = flags["foreign_tabloid"][0]
    assert "Express" in tabloid[1] and tabloid[2] == ['der britische "Express"']
    parties = flags["party_sources_only"][0][2]
    assert any("Arestovich" in s for s in parties) and "der ukrainische Generalstab" in parties


def test_reference_summary_shows_wording_flags() -> None:
    """The hedge 'offenbar', sensational words, the unquantified 'Immer mehr', the undated 'am Mittwoch'."""
    flags = _flags(_reference("fast"))
    assert ["offenbar"] in [spans for _, _, spans in flags["hedge"]]
    sensational = flags["sensational"][0][2]
    assert {"Schock-Video", "betrogen"} <= set(sensational)
    assert any("Immer mehr" in spans for _, _, spans in flags["unquantified"])
    assert "am Mittwoch" in flags["unresolved_time"][0][2]


def test_reference_sourcing_sentence_names_the_chain() -> None:
    """One sentence: three primary sources, relayed through the Express."""
    dossier = _reference("fast")
    assert dossier.summary is not None
    sentence = dossier.summary.sourcing
    assert sentence.startswith("3 primary sources") and "relayed through Express" in sentence


def test_a_plain_report_has_few_flags() -> None:
    """A sober, self-reported local article gets no sourcing or headline flags beyond 'no named source'."""
    text = (
        "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr\n\n"
        "Die Stadt Halle beginnt im März 2027 mit dem Bau der neuen Brücke über die Saale. "
        "Die Arbeiten sollen zwei Jahre dauern und 12 Millionen Euro kosten, teilte die Stadtverwaltung mit.\n"
    )
    dossier = analyze(text, kind="text", profile="fast")
    kinds = set(_flags(dossier))
    assert not kinds & {"sensational", "clickbait", "foreign_tabloid", "unresolved_time", "party_sources_only"}

"""The source chain: who relays whom, channels, credits, verification wording and the evidence profile."""

from __future__ import annotations

import functools
import json

from newsaudit import analyze
from newsaudit.serial import load, to_plain
from newsaudit.sourcing import NodeRole, Relation, SourceChain
from newsaudit.sourcing.chain import display_name
from newsaudit.sourcing.lexicon import media_kind_of_head
from newsaudit.stages.sourcing import source_chain

# An invented article: a newspaper relayed with a video of a citizens' group, an office cited, a spokesman
# speaking to a broadcaster, own research and a note that something could not be checked, a photo credit.
RELAYED = (
    "Politik\n\n"
    "Streit um Talsperre: Behörde widerspricht Anwohnern\n\n"
    'Wie die "Süddeutsche Zeitung" berichtet, soll die Talsperre seit Wochen undicht sein. Ein von der '
    "Bürgerinitiative veröffentlichtes Video zeigt nasse Stellen an der Mauer, schreibt die Zeitung. Das ließ "
    "sich nicht unabhängig überprüfen.\n\n"
    'Laut dem Landesamt für Umwelt besteht keine Gefahr. "Die Mauer ist sicher", sagte ein Sprecher des Amtes '
    "gegenüber dem Bayerischen Rundfunk. Nach eigenen Recherchen liegen der Redaktion Messprotokolle vor.\n\n"
    "Foto: dpa/Peter Kneffel\n"
)


@functools.cache
def _chain(text: str) -> tuple[str, SourceChain]:
    dossier = analyze(text, kind="text", profile="fast")
    assert dossier.language is not None and dossier.attribution is not None
    return dossier.text, source_chain(dossier.article, dossier.language, dossier.attribution)


def _edges(chain: SourceChain) -> set[tuple[str, str, str]]:
    return {(chain.node(e.parent).name, chain.node(e.child).name, e.relation.value) for e in chain.edges}


def test_display_name_prefers_the_quoted_name_then_the_part_before_the_apposition() -> None:
    """Quoted names win; appositions and leading articles are dropped."""
    assert display_name('der britische "Express"') == "Express"
    assert display_name("Jana Berger, Sprecherin des Bürgermeisters") == "Jana Berger"
    assert display_name("dem Bayerischen Rundfunk") == "Bayerischen Rundfunk"


def test_media_nouns_match_heads_and_compound_ends_only() -> None:
    """'das Online-Portal' and 'ein Boulevardblatt' are media; a person or a 'Portalkran' is not."""
    assert media_kind_of_head("das britische Online-Portal") == "online portal"
    assert media_kind_of_head("ein Boulevardblatt") == "tabloid"
    assert media_kind_of_head("Jana Berger") is None
    assert media_kind_of_head("der Portalkran") is None


def test_relayed_medium_carries_what_is_cited_in_its_block() -> None:
    """The video published by the group reaches the article through the newspaper that reported it."""
    text, chain = _chain(RELAYED)
    edges = _edges(chain)
    assert ("(unknown outlet)", "Süddeutsche Zeitung", "reports") in edges
    assert ("Süddeutsche Zeitung", "Bürgerinitiative", "published") in edges
    newspaper = next(n for n in chain.nodes if n.name == "Süddeutsche Zeitung")
    assert newspaper.role is NodeRole.MEDIUM
    assert [text[s.start : s.end] for s in newspaper.mentions] == ['die "Süddeutsche Zeitung"', "die Zeitung"]


def test_a_channel_sits_between_the_outlet_and_the_speaker() -> None:
    """'sagte ein Sprecher ... gegenüber dem Bayerischen Rundfunk': outlet -> broadcaster -> spokesman."""
    _, chain = _chain(RELAYED)
    edges = _edges(chain)
    assert ("(unknown outlet)", "Bayerischen Rundfunk", "reports") in edges
    assert ("Bayerischen Rundfunk", "Sprecher des Amtes", "via") in edges


def test_own_research_is_verification_not_a_source() -> None:
    """'Nach eigenen Recherchen' is no node; it and 'liegen der Redaktion ... vor' count as own verification."""
    text, chain = _chain(RELAYED)
    assert not any("Recherchen" in n.name for n in chain.nodes)
    own = [text[s.start : s.end] for s in chain.profile.own_verification]
    assert own == ["Nach eigenen Recherchen", "liegen der Redaktion Messprotokolle vor"]
    assert [text[s.start : s.end] for s in chain.profile.unverified_notes] == ["nicht unabhängig überprüfen"]
    kinds = {f.kind for f in chain.profile.flags}
    assert "no_own_verification" not in kinds and "says_unverified" in kinds


def test_credit_parts_become_photo_nodes() -> None:
    """'Foto: dpa/Peter Kneffel' gives two photo edges from the outlet."""
    _, chain = _chain(RELAYED)
    photos = [chain.node(e.child).name for e in chain.edges if e.relation is Relation.PHOTO]
    assert photos == ["dpa", "Peter Kneffel"]


def test_an_article_without_attribution_has_no_named_source() -> None:
    """No quotation or source mention: one flag, no primary sources."""
    text = (
        "Neue Brücke über die Saale\n\nDie Stadt Halle baut im Frühjahr eine neue Brücke über die Saale. "
        "Die Arbeiten dauern zwei Jahre und kosten zwölf Millionen Euro.\n"
    )
    _, chain = _chain(text)
    assert chain.profile.primary_sources == ()
    assert [f.kind for f in chain.profile.flags] == ["no_named_source"]


def test_chain_round_trips_through_json() -> None:
    """to_plain -> JSON -> load gives the same chain."""
    _, chain = _chain(RELAYED)
    assert load(SourceChain, json.loads(json.dumps(to_plain(chain)))) == chain

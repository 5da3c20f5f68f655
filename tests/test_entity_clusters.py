"""Per-article entity clusters: genitives, short forms, titles, epithets, spelling variants, missed mentions."""

from __future__ import annotations

import functools
import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsaudit import analyze
from newsaudit.entities.clusters import METHOD_EPITHET, METHOD_STRING, EntityCluster, cluster_mentions
from newsaudit.entities.ner import EntityMention
from newsaudit.entities.normalise import spelling_key
from newsaudit.evaluate.data import reference_article
from newsaudit.serial import load, to_plain
from newsaudit.stages.entities import Entities, EntitiesStage, find_clusters
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Language, MetaField, Span

TEXT = (
    "Politik\n\n"
    "Kreml-Chef unter Druck: Neue Vorwürfe gegen die Führung in Moskau\n\n"
    "Wladimir Putin hat am Montag in Moskau neue Truppen angekündigt. Putins Sprecher sagte, die Lage sei ernst. "
    "Der Kreml-Chef selbst äußerte sich nicht. Präsident Selenskyj warnte in Kiew vor einer Eskalation, "
    "Zelensky sprach von russischen Angriffen auf Russland nahe Städte.\n\n"
    "Die Legion für die Freiheit Russlands meldete Erfolge in der Ukraine. Die Legion der Freiheit Russlands ist "
    "eine Gruppe russischer Überläufer. Ein Sprecher des Kremls wies das zurück.\n\n"
    "Aleksey Arestovich, Berater in Kyiv, sagte, die Lage im Ukraine-Krieg sei stabil. Das bestätigte "
    "Arestovich am Abend. Jana Berger und Paul Berger vom Institut widersprachen.\n"
)


@functools.cache
def _layers(text: str) -> tuple[Article, Language]:
    dossier = analyze(text, kind="text", profile="fast")
    assert dossier.language is not None
    return dossier.article, dossier.language


def _at(text: str, phrase: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def _clusters(*mentions: tuple[str, str] | tuple[str, str, int], text: str = TEXT) -> tuple[EntityCluster, ...]:
    """Cluster hand-made NER mentions (phrase, type[, occurrence]) over ``text``: the rules, not the NER."""
    article, language = _layers(text)
    ner = [EntityMention(_at(text, m[0], m[2] if len(m) > 2 else 0), m[1], 1.0) for m in mentions]  # type: ignore[misc]
    return cluster_mentions(article, language, sorted(ner, key=lambda m: m.span))


def _named(clusters: tuple[EntityCluster, ...], canonical: str) -> EntityCluster:
    found = [c for c in clusters if c.canonical == canonical]
    assert len(found) == 1, [c.canonical for c in clusters]
    return found[0]


def _texts(cluster: EntityCluster, text: str = TEXT) -> list[str]:
    return [text[m.span.start : m.span.end] for m in cluster.mentions]


def test_genitive_joins_the_full_name() -> None:
    """'Putins' joins 'Wladimir Putin', whose full name is canonical."""
    clusters = _clusters(("Wladimir Putin", "PER"), ("Putins", "PER"))
    putin = _named(clusters, "Wladimir Putin")
    assert "Putins" in _texts(putin) and putin.type == "PER"


def test_genitive_after_a_determiner_is_nominative() -> None:
    """'des Kremls' gives the canonical name 'Kreml'."""
    kreml = _named(_clusters(("Kremls", "ORG")), "Kreml")
    assert _texts(kreml) == ["Kremls"]


def test_surname_joins_the_one_full_name_and_is_string_matched() -> None:
    """'Arestovich', missed by the NER, is found as a string match of 'Aleksey Arestovich's surname."""
    arestovich = _named(_clusters(("Aleksey Arestovich", "PER")), "Aleksey Arestovich")
    assert _texts(arestovich) == ["Aleksey Arestovich", "Arestovich"]
    assert arestovich.mentions[1].method == METHOD_STRING


def test_a_surname_two_people_share_stays_apart() -> None:
    """'Berger' alone names neither Jana nor Paul Berger: no merge and no string match of the shared surname."""
    clusters = _clusters(("Jana Berger", "PER"), ("Paul Berger", "PER"))
    assert _texts(_named(clusters, "Jana Berger")) == ["Jana Berger"]
    assert _texts(_named(clusters, "Paul Berger")) == ["Paul Berger"]


def test_title_is_stripped_and_spelling_variants_merge() -> None:
    """'Präsident Selenskyj' becomes the mention 'Selenskyj', and 'Zelensky' joins it by its spelling key."""
    selenskyj = _named(_clusters(("Präsident Selenskyj", "PER"), ("Zelensky", "PER")), "Selenskyj")
    assert _texts(selenskyj) == ["Selenskyj", "Zelensky"]
    assert selenskyj.key == spelling_key("Zelenskyy")


def test_epithet_joins_the_person_the_article_names() -> None:
    """'Kreml-Chef' (headline and body) joins Putin's cluster when the article names Putin."""
    putin = _named(_clusters(("Wladimir Putin", "PER")), "Wladimir Putin")
    epithets = [m for m in putin.mentions if m.method == METHOD_EPITHET]
    assert [TEXT[m.span.start : m.span.end] for m in epithets] == ["Kreml-Chef", "Kreml-Chef"]


def test_epithet_alone_names_nobody() -> None:
    """Without a mention of Putin, 'Kreml-Chef' is in no cluster."""
    clusters = _clusters(("Selenskyj", "PER"))
    assert all("Kreml-Chef" not in c.aliases for c in clusters)


def test_alias_table_merges_exonyms() -> None:
    """'Kiew' and 'Kyiv' are one place (alias table); 'Moskau' stays apart."""
    clusters = _clusters(("Kiew", "LOC"), ("Kyiv", "LOC"), ("Moskau", "LOC"))
    kiew = _named(clusters, "Kiew")
    assert _texts(kiew) == ["Kiew", "Kyiv"]
    assert _texts(_named(clusters, "Moskau")) == ["Moskau", "Moskau"]  # the second one by string match


def test_adjective_derivation_is_not_the_country() -> None:
    """'russischen' forms a derived cluster 'russisch', apart from 'Russland'."""
    clusters = _clusters(("russischen", "OTH"), ("russischer", "OTH"), ("Russland", "LOC"))
    derived = _named(clusters, "russisch")
    assert derived.derived and _texts(derived) == ["russischen", "russischer"]
    assert not _named(clusters, "Russland").derived


def test_organisation_name_the_ner_missed_and_its_variant() -> None:
    """'Legion für/der Freiheit Russlands' is recovered around the LOC mention and both spellings are one cluster."""
    clusters = _clusters(("Russlands", "LOC", 0), ("Russlands", "LOC", 1))
    legion = _named(clusters, "Legion für die Freiheit Russlands")
    assert _texts(legion) == ["Legion für die Freiheit Russlands", "Legion der Freiheit Russlands"]
    assert legion.type == "ORG"


PLACES = (
    "Sport\n\n"
    "Segler trainieren vor Olympia in Rio de Janeiro\n\n"
    "Die Segler trainieren seit Montag in Rio de Janeiro. In Rio ist das Wasser verschmutzt, berichtete "
    "The Associated Press. Wie die Associated Press weiter meldete, spielt Bayern München am Abend in Bayern. "
    "Ein Sprecher des Internetportals Indymedia schwieg.\n"
)


def test_first_word_names_the_place_of_the_same_type() -> None:
    """'Rio' joins 'Rio de Janeiro' (both LOC); 'Bayern' (LOC) does not join 'Bayern München' (ORG)."""
    clusters = _clusters(
        ("Rio de Janeiro", "LOC"),
        ("Rio", "LOC", 2),
        ("Bayern München", "ORG"),
        ("Bayern", "LOC", 1),
        text=PLACES,
    )
    assert _texts(_named(clusters, "Rio de Janeiro"), PLACES) == ["Rio de Janeiro", "Rio de Janeiro", "Rio"]
    assert _texts(_named(clusters, "Bayern"), PLACES) == ["Bayern"]


def test_leading_article_and_alias_give_one_key() -> None:
    """'The Associated Press' and 'Associated Press' are one cluster whose key is the alias table's AP."""
    clusters = _clusters(("The Associated Press", "ORG"), ("Associated Press", "ORG", 1), text=PLACES)
    ap = _named(clusters, "The Associated Press")
    assert len(ap.mentions) == 2 and ap.key == spelling_key("AP")


def test_genitive_description_before_a_name_is_dropped() -> None:
    """'des Internetportals Indymedia' gives the mention 'Indymedia'."""
    indymedia = _named(_clusters(("Internetportals Indymedia", "ORG"), text=PLACES), "Indymedia")
    assert _texts(indymedia, PLACES) == ["Indymedia"]


HEALTH = (
    "Gesundheit\n\n"
    "WHO warnt vor neuer Welle\n\n"
    "Die Weltgesundheitsorganisation WHO warnte am Montag vor einer neuen Welle. Die WHO rät zu Tests. "
    "Die Bill-und-Melinda-Gates-Stiftung zahlt für die Impfstoffe.\n"
)


def test_acronym_after_the_name_joins_it() -> None:
    """'WHO' joins 'Weltgesundheitsorganisation WHO'; the cluster key is the alias table's WHO."""
    clusters = _clusters(("Weltgesundheitsorganisation WHO", "ORG"), ("WHO", "ORG", 2), text=HEALTH)
    who = _named(clusters, "Weltgesundheitsorganisation WHO")
    assert _texts(who, HEALTH) == ["WHO", "Weltgesundheitsorganisation WHO", "WHO"]
    assert who.key == spelling_key("WHO")


def test_canonical_name_keeps_the_text_spelling() -> None:
    """A hyphenated name the tokenizer splits keeps its hyphens in the canonical name."""
    clusters = _clusters(("Bill-und-Melinda-Gates-Stiftung", "ORG"), text=HEALTH)
    assert [c.canonical for c in clusters] == ["Bill-und-Melinda-Gates-Stiftung"]


def test_organisation_is_not_its_product() -> None:
    """'Apple' (ORG) does not join 'Apple Pencil' (ORG): the first-word rule is for places only."""
    text = (
        "Technik\n\nApple stellt neuen Stift vor\n\n"
        "Apple stellte am Montag den Apple Pencil vor. Der Stift kostet mehr.\n"
    )
    clusters = _clusters(("Apple", "ORG", 1), ("Apple Pencil", "ORG"), text=text)
    assert _texts(_named(clusters, "Apple"), text) == ["Apple", "Apple"]
    assert _texts(_named(clusters, "Apple Pencil"), text) == ["Apple Pencil"]


def test_string_match_skips_page_furniture_but_not_for_the_outlet() -> None:
    """A name in a related-article link is no mention; the outlet's own name in the footer is."""
    text = "Putin reist nach Minsk, sagt News.de.\nMehr zu Putin lesen Sie hier\nFolgen Sie News.de auf Facebook\n"
    blocks = (
        Block(BlockLabel.PARAGRAPH, Span(0, 37)),
        Block(BlockLabel.RELATED_LINK, Span(38, 66)),
        Block(BlockLabel.FOOTER, Span(67, 98)),
    )
    article = Article(text, blocks, ArticleMeta(outlet=MetaField("news.de", "text", Span(29, 36))))
    clusters = cluster_mentions(article, None, [EntityMention(Span(0, 5), "PER", 1.0)])
    assert _texts(_named(clusters, "Putin"), text) == ["Putin"]
    assert _texts(_named(clusters, "News.de"), text) == ["News.de", "News.de"]


def test_string_match_skips_compounds() -> None:
    """'Ukraine-Krieg' is not a mention of the Ukraine."""
    ukraine = _named(_clusters(("Ukraine", "LOC")), "Ukraine")
    assert _texts(ukraine) == ["Ukraine"]


def test_clusters_are_ordered_with_disjoint_string_matches() -> None:
    """Clusters come in first-mention order with ids e1, e2...; added mentions overlap no other mention."""
    clusters = _clusters(("Wladimir Putin", "PER"), ("Moskau", "LOC"), ("Aleksey Arestovich", "PER"))
    assert [c.id for c in clusters] == [f"e{i}" for i in range(1, len(clusters) + 1)]
    firsts = [c.mentions[0].span.start for c in clusters]
    assert firsts == sorted(firsts)
    spans = sorted(m.span for c in clusters for m in c.mentions)
    assert all(not a.overlaps(b) for a, b in itertools.pairwise(spans))
    assert all(0 <= s.start < s.end <= len(TEXT) for s in spans)


def test_entities_round_trip_through_json() -> None:
    """The dossier's JSON mapping (newsaudit.serial) gives the same clusters back."""
    entities = Entities(_clusters(("Wladimir Putin", "PER"), ("Putins", "PER"), ("russischen", "OTH")))
    data = json.loads(json.dumps(to_plain(entities)))
    assert data["clusters"][0]["mentions"][0]["span"] == list(entities.clusters[0].mentions[0].span.to_list())
    assert load(Entities, data) == entities


def test_stage_declares_what_it_needs_and_gives() -> None:
    """The entities stage reads article and language, provides 'entities' and is not essential."""
    stage = EntitiesStage("fast")
    assert (stage.name, stage.requires, stage.provides, stage.essential) == (
        "entities",
        ("article", "language"),
        "entities",
        False,
    )
    article, language = _layers(TEXT)
    result = stage.run({"article": article, "language": language})
    assert isinstance(result, Entities) and result.clusters


# --- the reference article, with the fast NER --------------------------------------------------------------

REFERENCE_ENTITIES = [
    "Wladimir Putin",
    "Arestovich",
    "Selenskyj",
    "Legion für die Freiheit Russlands",
    "Express",
    "news.de",
    "Sjewjerodonezk",
    "Luhansk",
    "Ukraine",
    "Russland",
]


@functools.cache
def _reference() -> tuple[str, Entities]:
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path} (../shared/examples is absent)")
    dossier = analyze(path, profile="fast")
    assert dossier.language is not None
    return dossier.article.text, find_clusters(dossier.article, dossier.language, "fast")[0]


def _cluster_of(entities: Entities, name: str) -> EntityCluster:
    """The one non-derived cluster whose canonical name or surname has ``name``'s spelling key."""
    key = spelling_key(name)
    found = [
        c
        for c in entities.clusters
        if not c.derived and key in (spelling_key(c.canonical), spelling_key(c.canonical.split()[-1]))
    ]
    assert len(found) == 1, f"{name}: {[c.canonical for c in entities.clusters]}"
    return found[0]


@pytest.mark.parametrize("name", REFERENCE_ENTITIES)
def test_reference_article_has_the_cluster(name: str) -> None:
    """Each entity the issue lists for the reference article has exactly one cluster."""
    _, entities = _reference()
    _cluster_of(entities, name)


def test_reference_putin_cluster() -> None:
    """Putin: 3+ mentions including 'Putins', canonical 'Wladimir Putin', type PER."""
    text, entities = _reference()
    putin = _cluster_of(entities, "Wladimir Putin")
    forms = [text[m.span.start : m.span.end] for m in putin.mentions]
    assert len(forms) >= 3 and "Putins" in forms
    assert (putin.canonical, putin.type) == ("Wladimir Putin", "PER")


def test_reference_legion_has_both_spellings_and_arestovich_both_mentions() -> None:
    """The Legion cluster holds both spellings; Arestovich's cluster has the full name and 'so Arestovich'."""
    text, entities = _reference()
    legion = _cluster_of(entities, "Legion für die Freiheit Russlands")
    assert {"Legion für die Freiheit Russlands", "Legion der Freiheit Russlands"} <= set(legion.aliases)
    arestovich = _cluster_of(entities, "Arestovich")
    assert [text[m.span.start : m.span.end] for m in arestovich.mentions] == ["Aleksey Arestovich", "Arestovich"]


def test_reference_russland_is_not_russisch() -> None:
    """'Russland' and 'Russlands' are one cluster; 'russische' is a separate, derived one."""
    _, entities = _reference()
    russland = _cluster_of(entities, "Russland")
    assert {"Russland", "Russlands"} <= set(russland.aliases)
    assert not any(a.startswith("russisch") for a in russland.aliases)


# --- invariants over arbitrary mention sets ---------------------------------------------------------------

_WORDS = [m.span() for m in re.finditer(r"\S+", TEXT)]
TYPES = ("PER", "ORG", "LOC", "OTH")


@given(st.lists(st.tuples(st.integers(0, len(_WORDS) - 1), st.integers(1, 3), st.sampled_from(TYPES)), max_size=25))
@settings(max_examples=60, deadline=None)
def test_every_mention_lands_in_one_cluster_inside_the_text(picks: list[tuple[int, int, str]]) -> None:
    """For any non-overlapping mentions: spans stay inside the text, no two clusters share a span, ids are e1..eN."""
    article, language = _layers(TEXT)
    mentions: list[EntityMention] = []
    for first, length, kind in sorted(picks):
        last = min(first + length, len(_WORDS)) - 1
        span = Span(_WORDS[first][0], _WORDS[last][1])
        if all(not span.overlaps(m.span) for m in mentions):
            mentions.append(EntityMention(span, kind, 0.5))
    clusters = cluster_mentions(article, language, mentions)
    spans = [m.span for c in clusters for m in c.mentions]
    assert len(spans) == len(set(spans))
    assert all(0 <= s.start < s.end <= len(TEXT) for s in spans)
    assert [c.id for c in clusters] == [f"e{i}" for i in range(1, len(clusters) + 1)]
    for mention in mentions:  # each mention, or the name cleaning kept of it, is in some cluster
        assert any(mention.span.contains(s) or s.contains(mention.span) for s in spans), mention


QUOTED_TEXT = (
    "Politik\n\n"
    "Neue Vorwürfe gegen die Führung in Moskau nach dem Angriff auf Charkiw\n\n"
    'Wie der britische "Express" berichtet, zeigt ein Video den Angriff. Die Parole „Für Russland, für den Sieg“ '
    "stand auf den Fahrzeugen der Truppen, die am Morgen in die Stadt einrückten.\n\n"
    "Auch die „Bild“ zeigte die Aufnahmen noch am selben Abend auf ihrer Seite im Netz.\n"
)


def test_quoted_registry_outlet_is_a_cluster_without_a_ner_mention() -> None:
    """A quoted name the outlet registry knows is an ORG cluster; a quoted slogan is not."""
    clusters = _clusters(text=QUOTED_TEXT)
    names = {c.canonical: c.type for c in clusters}
    assert names.get("Express") == "ORG" and names.get("Bild") == "ORG", names
    assert not any("Russland" in name for name in names), names

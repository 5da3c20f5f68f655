"""Actor typing: registry, role phrases, appositions, country words, anonymity and the party-to-the-story rule."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsaudit.entities.actors import (
    ACTOR_KINDS,
    ActorType,
    StoryParties,
    analyse_word,
    party_to_conflict,
    role_table,
    story_parties,
    type_actor,
)
from newsaudit.entities.outlets import MEDIA_KINDS, country_of_adjective, country_of_noun, split_credit
from newsaudit.evaluate.data import reference_article
from newsaudit.ingest import load_document
from newsaudit.language import analyze_text
from newsaudit.pipeline import run_stages
from newsaudit.stages.language import LanguageStage
from newsaudit.stages.structure import StructureStage
from newsaudit.types import Article, BlockLabel, Language, Span

WAR = StoryParties(("RU", "UA"))
NONE = StoryParties(())


def _type(text: str, mention: str, ner: str | None = None, parties: StoryParties = NONE) -> ActorType:
    """Type the first occurrence of ``mention`` in a one-sentence text, with the fast language layer."""
    language = analyze_text(text, [(0, len(text), 0)], profile="fast")
    start = text.index(mention)
    return type_actor(text, (Span(start, start + len(mention)),), ner, language, parties=parties)


def _words(text: str, actor: ActorType) -> list[str]:
    return [text[s.start : s.end] for s in actor.evidence]


def test_role_table_uses_known_kinds() -> None:
    """Every row of actor_roles.tsv has a known kind (or media:<media kind>) and match type."""
    table = role_table()
    entries = [*table.words.values(), *(e for _, e in table.phrases), *table.wholes.values()]
    assert len(entries) > 200
    for entry in entries:
        assert entry.kind in (*ACTOR_KINDS, "role"), entry
        assert entry.media_kind is None or entry.media_kind in MEDIA_KINDS, entry
        assert entry.match in ("word", "suffix", "phrase", "whole"), entry
        assert entry.country is None or (len(entry.country) == 2 and entry.country.isupper()), entry


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("ukrainischen", "UA"),
        ("russischer", "RU"),
        ("britische", "GB"),
        ("US-amerikanische", "US"),
        ("Schweizer", "CH"),
    ],
)
def test_country_adjectives(word: str, code: str) -> None:
    """Inflected country adjectives map to ISO codes."""
    assert country_of_adjective(word) == code


@pytest.mark.parametrize(("word", "code"), [("Russlands", "RU"), ("Ukraine", "UA"), ("Ukrainer", "UA"), ("USA", "US")])
def test_country_nouns(word: str, code: str) -> None:
    """Country names (also in the genitive) and demonyms map to ISO codes."""
    assert country_of_noun(word) == code


@pytest.mark.parametrize("word", ["Ukrainisch-Kurs", "schnelle", "Rasse", "Präsident"])
def test_country_words_negatives(word: str) -> None:
    """Words that only look like country words map to nothing."""
    assert country_of_adjective(word) is None and country_of_noun(word) is None


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Polizeisprecherin", "police_judiciary"),
        ("Regierungssprecher", "government"),
        ("Kreml-Sprecher", "government"),
        ("Generalstabschef", "military"),
        ("Militärexperte", "expert"),
        ("Staatsanwalt", "police_judiciary"),
        ("Streitkräften", "military"),
        ("Online-Portal", "media"),
    ],
)
def test_compounds_take_the_head_or_a_typed_modifier(word: str, kind: str) -> None:
    """A compound's head decides; a role head ("Sprecher", "Chef") takes the type of its modifier."""
    hit = analyse_word(word, Span(0, len(word)))
    assert hit is not None and hit.kind == kind


def test_registered_outlet_as_compound_modifier() -> None:
    """'NDR-Sprecher' speaks for a registered outlet: media, public broadcaster, DE."""
    hit = analyse_word("NDR-Sprecher", Span(0, 12))
    assert hit is not None and (hit.kind, hit.media_kind, hit.country) == ("media", "public broadcaster", "DE")


@pytest.mark.parametrize("word", ["Kreditvermittler", "Wald", "Putin", "Schusswechsel"])
def test_compounds_negatives(word: str) -> None:
    """Words that merely end like a role noun, and ordinary nouns, carry no sector."""
    hit = analyse_word(word, Span(0, len(word)))
    assert hit is None or hit.kind == "role"


def test_apposition_with_genitive_chain() -> None:
    """An apposition's role is followed through genitives to the first typed role; the adjective gives the country."""
    text = "Anna Kowalenko, Beraterin des Büroleiters des ukrainischen Präsidenten, sagte, die Lage sei ernst."
    actor = _type(text, "Anna Kowalenko", "PER", WAR)
    assert (actor.kind, actor.country, actor.party_to, actor.named) == ("government", "UA", "UA", True)
    assert _words(text, actor) == ["Beraterin", "Büroleiters", "ukrainischen", "Präsidenten"]


def test_role_in_front_of_a_name() -> None:
    """Role and country adjective in front of a name type it ("der russische Präsident X")."""
    actor = _type("Der russische Präsident Boris Beispiel sagte, er sei bereit.", "Boris Beispiel", "PER", WAR)
    assert (actor.kind, actor.country, actor.party_to) == ("government", "RU", "RU")


def test_spokesperson_of_the_police() -> None:
    """'Sprecher der Polizei' is police/judiciary, and unnamed."""
    actor = _type("Ein Sprecher der Polizei sagte, die Lage sei ruhig.", "Ein Sprecher der Polizei")
    assert (actor.kind, actor.named) == ("police_judiciary", False)


def test_military_body_with_country() -> None:
    """'der ukrainische Generalstab' is the military of UA, a party in a story about UA."""
    actor = _type(
        "Der ukrainische Generalstab erklärte, die Stadt sei gehalten.", "Der ukrainische Generalstab", None, WAR
    )
    assert (actor.kind, actor.country, actor.party_to, actor.named) == ("military", "UA", "UA", True)


def test_military_of_a_third_country_is_no_party() -> None:
    """The same body of a country outside the story's parties is not a party."""
    actor = _type("Die französische Armee erklärte, man beobachte die Lage.", "Die französische Armee", None, WAR)
    assert (actor.kind, actor.country, actor.party_to) == ("military", "FR", None)


def test_country_in_a_genitive_before_the_role() -> None:
    """'Israels Armee' takes the country from the genitive name in front of it."""
    actor = _type("Israels Armee erklärte, man habe Ziele getroffen.", "Israels Armee", "ORG", StoryParties(("IL",)))
    assert (actor.kind, actor.country, actor.party_to) == ("military", "IL", "IL")


def test_state_owned_medium() -> None:
    """'die staatliche Nachrichtenagentur' of a story party is state media and a party."""
    text = "Das meldete die staatliche russische Nachrichtenagentur am Abend."
    actor = _type(text, "die staatliche russische Nachrichtenagentur", None, WAR)
    assert (actor.kind, actor.media_kind, actor.country, actor.party_to) == ("media", "state media", "RU", "RU")


def test_named_actor_with_an_anonymity_phrase_elsewhere_stays_named() -> None:
    """An anonymity phrase in one mention does not make a named actor anonymous."""
    text = "Aus Regierungskreisen hieß es das. Der Minister Karl Beispiel sagte dasselbe."
    language = analyze_text(text, [(0, len(text), 0)], profile="fast")
    spans = tuple(Span(text.index(m), text.index(m) + len(m)) for m in ("Regierungskreisen", "Karl Beispiel"))
    actor = type_actor(text, spans, "PER", language, parties=NONE)
    assert (actor.kind, actor.named) == ("government", True)


def test_country_in_the_complement() -> None:
    """'Präsident der Ukraine' takes the country from its genitive."""
    actor = _type("Der Präsident der Ukraine sagte, man kämpfe weiter.", "Der Präsident der Ukraine", None, WAR)
    assert (actor.kind, actor.country, actor.party_to) == ("government", "UA", "UA")


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Ein Sprecher sagte, man prüfe den Fall.", "Ein Sprecher"),
        ("Aus Regierungskreisen hieß es, man prüfe den Fall.", "Regierungskreisen"),
        ("Insider berichten von Streit in der Koalition.", "Insider"),
        ("Eine mit der Sache vertraute Person sagte, der Vertrag stehe.", "Eine mit der Sache vertraute Person"),
    ],
)
def test_anonymous_sources(text: str, mention: str) -> None:
    """Anonymity markers and an unnamed person with a bare role are anonymous."""
    actor = _type(text, mention)
    assert (actor.kind, actor.named) == ("anonymous", False)
    assert actor.evidence


def test_anonymous_source_keeps_its_country() -> None:
    """'aus serbischen Regierungskreisen' is anonymous, and Serbian."""
    text = "Das verlautete aus serbischen Regierungskreisen am Abend."
    actor = _type(text, "serbischen Regierungskreisen")
    assert (actor.kind, actor.country, actor.named) == ("anonymous", "RS", False)
    assert _words(text, actor) == ["serbischen", "Regierungskreisen"]


def test_unnamed_role_of_a_named_body_is_not_anonymous() -> None:
    """'eine Sprecherin von Siemens' speaks for a named body: an organisation, unnamed, not anonymous."""
    actor = _type("Eine Sprecherin von Siemens sagte, man äußere sich nicht.", "Eine Sprecherin von Siemens")
    assert (actor.kind, actor.named) == ("organisation", False)


@pytest.mark.parametrize(
    ("text", "mention", "ner", "kind"),
    [
        ("Der Siemens-Konzern teilte mit, die Zahlen seien gut.", "Der Siemens-Konzern", "ORG", "company"),
        ("Amnesty International kritisierte das Urteil.", "Amnesty International", "ORG", "ngo"),
        (
            "Die Staatsanwaltschaft Köln ermittelt gegen den Mann.",
            "Die Staatsanwaltschaft Köln",
            "ORG",
            "police_judiciary",
        ),
        ("Carlo Beispiel von der Universität Kiel sagte, die Lage sei ernst.", "Carlo Beispiel", "PER", "expert"),
        ("Oleh Beispiel, ein ukrainischer Militärexperte, sagte, die Front halte.", "Oleh Beispiel", "PER", "expert"),
        ("Die prorussischen Separatisten meldeten Geländegewinne.", "Die prorussischen Separatisten", None, "party"),
        ("Moskau bestreitet die Vorwürfe.", "Moskau", "LOC", "government"),
        ("Das berichtet die Nachrichtenagentur Reuters.", "die Nachrichtenagentur Reuters", "ORG", "media"),
    ],
)
def test_sectors(text: str, mention: str, ner: str | None, kind: str) -> None:
    """Companies, NGOs, judiciary, experts (also via 'von der Universität'), armed groups, capitals, agencies."""
    assert _type(text, mention, ner).kind == kind


@pytest.mark.parametrize(
    ("text", "mention", "ner", "kind"),
    [
        ("Max Beispiel sagte, er sei zufrieden.", "Max Beispiel", "PER", "person"),
        ("Anna Schmidt, Mutter von drei Kindern, sagte, sie sei froh.", "Anna Schmidt", "PER", "person"),
        ("In Berlin wurde gefeiert.", "Berlin", "LOC", "place"),
        ("Im Wald war es still.", "Wald", None, "other"),
    ],
)
def test_no_role_falls_back_to_the_ner_label(text: str, mention: str, ner: str | None, kind: str) -> None:
    """Without a role phrase or an outlet, the NER label decides; apposition without a role changes nothing."""
    actor = _type(text, mention, ner)
    assert (actor.kind, actor.party_to) == (kind, None)


def test_country_name_stands_for_its_government() -> None:
    """'Russland bestreitet das': a country as speaker is its government (a party in a war story about it)."""
    actor = _type("Russland bestreitet die Vorwürfe.", "Russland", "LOC", WAR)
    assert (actor.kind, actor.country, actor.party_to) == ("government", "RU", "RU")


def test_demonym_gives_the_country_only() -> None:
    """'die Ukrainer' are people of UA, not an organ of the state."""
    actor = _type("Die Ukrainer feiern den Sieg.", "Die Ukrainer", None, WAR)
    assert (actor.kind, actor.country, actor.party_to) == ("other", "UA", None)


def test_armed_group_without_country_is_non_state_party() -> None:
    """A non-state armed group is a party even when no side is named."""
    actor = party_to_conflict(ActorType("party", reason="test"), NONE)
    assert actor.party_to == "non-state"


def test_state_media_of_a_party_is_a_party() -> None:
    """State media of a story party belong to it; private media of the same country do not."""
    state = party_to_conflict(ActorType("media", media_kind="state media", country="RU"), WAR)
    private = party_to_conflict(ActorType("media", media_kind="broadsheet", country="RU"), WAR)
    assert (state.party_to, private.party_to) == ("RU", None)


def test_story_parties_need_several_mentions() -> None:
    """Countries named often enough are the story's parties; a country named once is not."""
    text = (
        "Russische Truppen griffen an. Die ukrainische Armee wehrte ab. Russland bestreitet das. "
        "Die Ukraine meldet Erfolge. Russlands Führung schweigt. Ukrainische Soldaten halten. "
        "Ein britischer Reporter war dabei."
    )
    language = analyze_text(text, [(0, len(text), 0)], profile="fast")
    parties = story_parties(text, language)
    assert set(parties.countries) == {"RU", "UA"}
    assert "GB" not in parties.countries
    assert story_parties(text, None).countries == ()


# ---- the reference article ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layers:
    """What actor typing reads: the article and its language layer (structure and language stages only)."""

    article: Article
    language: Language


@pytest.fixture(scope="module")
def reference() -> Layers:
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path}")
    result = run_stages([StructureStage(), LanguageStage("fast")], {"document": load_document(path)})
    article, language = result.annotations["article"], result.annotations["language"]
    assert isinstance(article, Article) and isinstance(language, Language)
    return Layers(article, language)


def _spans(text: str, phrase: str) -> tuple[Span, ...]:
    found, start = [], text.find(phrase)
    while start >= 0:
        found.append(Span(start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return tuple(found)


def _reference_type(layers: Layers, phrase: str, ner: str | None) -> ActorType:
    text = layers.article.text
    return type_actor(text, _spans(text, phrase), ner, layers.language)


def test_reference_story_parties(reference: Layers) -> None:
    """The reference is a war story between Russia and Ukraine; Britain (the cited tabloid) is no party."""
    assert set(story_parties(reference.article.text, reference.language).countries) == {"RU", "UA"}


def test_reference_express_is_a_british_tabloid(reference: Layers) -> None:
    """'der britische "Express"' is the Daily Express: media, tabloid, GB, no party."""
    actor = _reference_type(reference, 'der britische "Express"', None)
    assert (actor.kind, actor.media_kind, actor.country, actor.party_to) == ("media", "tabloid", "GB", None)


def test_country_hint_from_another_mention() -> None:
    """A bare "Express" is the British tabloid when another mention of the same actor says "britische"."""
    text = 'Das meldet der "Express". Der britische "Express" zeigt ein Video.'
    second = 'britische "Express"'
    spans = (
        Span(text.index('"Express"'), text.index('"Express"') + 9),
        Span(text.index(second), text.index(second) + 19),
    )
    language = analyze_text(text, [(0, len(text), 0)], profile="fast")
    actor = type_actor(text, spans, "ORG", language, parties=NONE)
    assert (actor.outlet, actor.country) == ("Daily Express", "GB")


def test_reference_general_staff_is_military_party(reference: Layers) -> None:
    """'der ukrainische Generalstab' is the military of UA and a party to the war."""
    actor = _reference_type(reference, "der ukrainische Generalstab", "ORG")
    assert (actor.kind, actor.country, actor.party_to) == ("military", "UA", "UA")


def test_reference_arestovich_is_an_official_of_ukraine(reference: Layers) -> None:
    """Arestovich, through his apposition, is a government official of UA and a party."""
    actor = _reference_type(reference, "Arestovich", "PER")
    assert (actor.kind, actor.country, actor.party_to, actor.named) == ("government", "UA", "UA", True)


def test_reference_credit_agencies(reference: Layers) -> None:
    """The photo credit's agencies are typed: picture alliance, dpa, AP as agencies, Sputnik as Russian state media."""
    text = reference.article.text
    (credit,) = reference.article.blocks_of(BlockLabel.CREDIT)
    typed = {text[s.start : s.end]: o for s, o in split_credit(text, credit.span) if o}
    assert {k: (o.kind, o.country) for k, o in typed.items()} == {
        "picture alliance": ("photo agency", "DE"),
        "dpa": ("agency", "DE"),
        "Sputnik": ("state media", "RU"),
        "AP": ("agency", "US"),
    }
    sputnik = _reference_type(reference, "Sputnik", "ORG")
    assert (sputnik.kind, sputnik.media_kind, sputnik.party_to) == ("media", "state media", "RU")


def test_reference_president_in_front_of_a_name(reference: Layers) -> None:
    """Selenskyj is typed by the role right in front of him, not by the apposition it sits in."""
    actor = _reference_type(reference, "Wolodymyr Selenskyj", "PER")
    assert (actor.kind, actor.country, actor.party_to) == ("government", "UA", "UA")
    assert "präsident" in actor.reason and "berater" not in actor.reason


def test_reference_passive_agent_is_no_affiliation(reference: Layers) -> None:
    """'Putin von eigenen Soldaten übergangen' does not make Putin a soldier."""
    actor = _reference_type(reference, "Wladimir Putin", "PER")
    assert actor.kind == "person"


def test_reference_outlet_is_an_online_portal(reference: Layers) -> None:
    """news.de, named in the page furniture, is an online portal."""
    actor = _reference_type(reference, "News.de", "ORG")
    assert (actor.kind, actor.media_kind, actor.country) == ("media", "online portal", "DE")

"""The rule-based attribution (fast profile): quotations, source mentions, negatives, the reference article."""

from __future__ import annotations

import pytest

from newsaudit.attribution import QuoteKind, find_source_mentions
from newsaudit.attribution import find_quotations as find_learned
from newsaudit.attribution.cues import cue_lexicon, source_nouns, source_patterns
from newsaudit.attribution.rules import find_quotations
from newsaudit.attribution.types import Quotation
from newsaudit.evaluate.data import reference_article
from newsaudit.language import analyze_language
from newsaudit.structure.text import label_text
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Provenance, Span


def _article(text: str) -> Article:
    return Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),), ArticleMeta())


def _quotations(text: str) -> list[tuple[str, str, str, str]]:
    """(kind, quote, cue, speaker) texts of every quotation, discontinuous parts joined by " | "."""
    article = _article(text)
    found = find_quotations(article, analyze_language(article, profile="fast"))
    return [_texts(text, q) for q in found]


def _texts(text: str, q: Quotation) -> tuple[str, str, str, str]:
    def join(spans: tuple[Span, ...]) -> str:
        return " | ".join(text[s.start : s.end] for s in spans)

    return (str(q.kind), join(q.quote), join(q.cue), join(q.speaker))


def _mentions(text: str) -> list[tuple[str, str]]:
    article = _article(text)
    return [
        (m.pattern, text[m.source.start : m.source.end])
        for m in find_source_mentions(article, analyze_language(article, profile="fast"))
    ]


def test_lexicons_load() -> None:
    """The resource files parse: reporting verbs with a medium, source patterns, statement nouns."""
    assert cue_lexicon()["sagen"].medium == "Speech"
    assert cue_lexicon()["mitteilen"].cls == "say"
    assert {p.name for p in source_patterns()} >= {"laut", "zufolge", "wie", "so", "agency", "unter-berufung"}
    assert "angaben" in source_nouns()


def test_direct_quote_with_cue_after() -> None:
    """„…“, sagte X: direct quote with marks, cue and speaker after it."""
    text = "„Wir bauen die Brücke im Frühjahr“, sagte Bürgermeister Bernd Wiegand am Montag."
    assert _quotations(text) == [
        ("Direct", "„Wir bauen die Brücke im Frühjahr“", "sagte", "Bürgermeister Bernd Wiegand"),
    ]


def test_direct_quote_across_sentences_with_cue_before() -> None:
    """X sagte: „A. B.“ is one direct quote over two sentences; the speaker precedes the cue."""
    text = "Die Ministerin erklärte: »Das Gesetz kommt. Wir warten nicht länger.«"
    assert _quotations(text) == [
        ("Direct", "»Das Gesetz kommt. Wir warten nicht länger.«", "erklärte", "Die Ministerin"),
    ]


def test_so_cue_after_direct_quote() -> None:
    """„…“, so X weiter. takes "so" as the cue."""
    text = '"Es sind mehrere Dutzend Freiwillige", so Arestovich weiter.'
    ((kind, _, cue, speaker),) = _quotations(text)
    assert (kind, cue, speaker) == ("Direct", "so", "Arestovich")


def test_so_is_no_cue_inside_a_clause() -> None:
    """ "so" as an adverb ("so schnell", "so dass") is no cue and gives no quotation."""
    assert _quotations("Das Auto fuhr so schnell, dass die Polizei es nicht einholen konnte.") == []
    assert _mentions("Er war so müde, so dass er einschlief.") == []


def test_naming_verb_is_no_cue() -> None:
    """ "lauten" names a text ("Der Slogan lautet „…“"): no cue, and the slogan's owner is no speaker."""
    text = 'Während der Slogan der Partei "Mehr für alle" lautet, werben die anderen mit "Weniger ist mehr".'
    found = _quotations(text)
    assert all(cue == "" and '"' not in speaker for _, _, cue, speaker in found)


def test_direct_quote_takes_no_cue_from_another_clause() -> None:
    """A quote in a main clause with its own verb does not take the reporting verb of the clause before."""
    text = (
        "Während der Minister „Wir schaffen das schon“ sagte, trugen die Demonstranten Schilder mit der Aufschrift "
        "„Wir gehen nicht weg“."
    )
    first, second = _quotations(text)
    assert first[2] == "sagte"
    assert second[1:3] == ("„Wir gehen nicht weg“", "")


def test_indirect_dass_clause() -> None:
    """Cue verb + dass-clause: the clause is the quote, the subject the speaker."""
    text = "Die Betreiberfirma teilte am Montag mit, dass das Kraftwerk wieder Strom liefere."
    assert _quotations(text) == [
        ("Indirect", "dass das Kraftwerk wieder Strom liefere", "teilte | mit", "Die Betreiberfirma"),
    ]


def test_indirect_subjunctive_clause_and_its_continuation() -> None:
    """Cue + Konjunktiv I clause is indirect; the next subjunctive sentence continues it (same speaker)."""
    text = "Der Sprecher sagte, der Zug sei pünktlich gewesen. Die Ursache werde noch geprüft."
    found = _quotations(text)
    assert found[0] == ("Indirect", "der Zug sei pünktlich gewesen", "sagte", "Der Sprecher")
    assert found[1] == ("IndirectFreeIndirect", "Die Ursache werde noch geprüft.", "", "Der Sprecher")


def test_inverted_indirect_speech() -> None:
    """Clause first, then ", erklärte X": the clause before the cue is the quote."""
    text = "Die Truppen halten dem Angriff weiter stand, erklärte der Generalstab am Mittwoch."
    assert _quotations(text) == [
        ("Indirect", "Die Truppen halten dem Angriff weiter stand", "erklärte", "der Generalstab"),
    ]


def test_indicative_statement_without_cue_is_not_a_quotation() -> None:
    """A plain indicative statement with no cue, marks or subjunctive yields nothing."""
    assert _quotations("Die Stadt baut eine neue Brücke über die Saale.") == []


@pytest.mark.parametrize(
    ("text", "pattern", "source"),
    [
        ("Laut Polizei wurde niemand verletzt.", "laut", "Polizei"),
        ("Dem Bericht zufolge stieg die Zahl der Unfälle.", "zufolge", "Dem Bericht"),
        ("Nach Angaben der Feuerwehr brannte die Halle völlig aus.", "nach", "Angaben der Feuerwehr"),
        ("Nach Polizeiangaben gab es zwei Verletzte.", "nach", "Polizeiangaben"),
        ("Nach Informationen des Spiegel plant die Regierung neue Steuern.", "nach", "Informationen des Spiegel"),
        ("Aus Sicht der Opposition ist das Gesetz verfassungswidrig.", "aus", "Sicht der Opposition"),
        (
            "Unter Berufung auf Regierungskreise meldete die Zeitung den Rücktritt.",
            "unter-berufung",
            "Regierungskreise",
        ),
        ("Wie die Zeitung berichtet, ist der Minister zurückgetreten.", "wie", "die Zeitung"),
        ("Gemäß der Satzung wählt der Vorstand den Präsidenten.", "gemäß", "der Satzung"),
        ("„Wir sind bereit“, so Arestovich weiter.", "so", "Arestovich"),
        ("Die Lage sei ruhig, so ein Sprecher der Polizei am Abend.", "so", "ein Sprecher der Polizei"),
        ("Demnach sollen die Kraftwerke länger laufen.", "demnach", "Demnach"),
    ],
)
def test_source_mention_patterns(text: str, pattern: str, source: str) -> None:
    """Each source-mention pattern yields its mention with the source phrase."""
    assert (pattern, source) in _mentions(text)


def test_agency_byline() -> None:
    """An agency in parentheses "(dpa)" is a source mention."""
    assert ("agency", "dpa") in _mentions("Berlin (dpa) Der Bundestag hat das Gesetz beschlossen.")


@pytest.mark.parametrize(
    "text",
    [
        "Die Kinder schrien laut auf dem Hof.",  # "laut" as an adverb
        "Die Musik war sehr laut.",  # "laut" as a predicative adjective
        "Nach dem Spiel fuhren die Fans nach Hause.",  # "nach" without a statement noun
        "Wie immer kam er zu spät.",  # "wie" without a reporting verb
    ],
)
def test_source_mention_negatives(text: str) -> None:
    """Look-alikes of source phrases give no source mention and no quotation."""
    assert _mentions(text) == []
    assert _quotations(text) == []


def test_quoted_titles_are_not_quotations() -> None:
    """A quoted name or title („Die Welt“) is no direct quote; a quoted phrase with a verb is."""
    assert _quotations("Das meldet die Zeitung „Die Welt“ in ihrer Ausgabe vom Montag.") == []
    assert [q[0] for q in _quotations("Er nannte das Urteil „ein Skandal, der sich rächen wird“.")] == ["Direct"]


def test_by_participle_source_mention() -> None:
    """ "das von X veröffentlichte Video" names X as the source."""
    text = "Das von der Legion für die Freiheit Russlands veröffentlichte Video zeigt schwere Kämpfe."
    assert ("by-participle", "der Legion für die Freiheit Russlands") in _mentions(text)


def test_reference_article_attributions() -> None:
    """The reference article: Express (wie … berichtet, schreibt), Arestovich (erklärte + so), Generalstab."""
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article absent: {path}")
    text = path.read_text(encoding="utf-8")
    article = label_text(text, Provenance(source=str(path), kind="text"))
    language = analyze_language(article, profile="fast")
    found = [_texts(text, q) for q in find_quotations(article, language)]
    cues_speakers = {(cue, speaker) for _, _, cue, speaker in found}
    assert ("Wie | berichtet", 'der britische "Express"') in cues_speakers
    assert ("schreibt", "das britische Online-Portal") in cues_speakers
    assert ("erklärte", "der ukrainische Generalstab") in cues_speakers
    indirect = [q for q in found if q[0] == "Indirect" and q[2] == "erklärte" and q[3].startswith("Aleksey")]
    assert indirect and indirect[0][1] == "dass die abtrünnigen Russen sehr gut kämpfen würden"
    direct = [q for q in found if q[0] == "Direct" and q[1].startswith('"Es sind mehrere Dutzend')]
    assert direct and direct[0][1].endswith('durch Russland marschiert"') and direct[0][2:] == ("so", "Arestovich")
    sources = {(m.pattern, text[m.source.start : m.source.end]) for m in find_source_mentions(article, language)}
    assert ("wie", 'der britische "Express"') in sources
    assert QuoteKind.DIRECT in {QuoteKind(q[0]) for q in found}


REPORT_OF_NOTHING = (
    "Der Bahnhof ist seit Mai wieder offen. Wie viel der lange Umbau des alten Bahnhofs am Ende gekostet hat, "
    "war auch durch mehrere Anfragen im Stadtrat nicht zu erfahren."
)


def test_report_without_reported_content_is_no_quotation() -> None:
    """'Wie viel ... gekostet hat, war nicht zu erfahren': no quote words, so no quotation (and no crash)."""
    assert all(quote for _, quote, _, _ in _quotations(REPORT_OF_NOTHING))
    article = _article(REPORT_OF_NOTHING)
    learned = find_learned(article, analyze_language(article, profile="fast"))
    assert all(q.quote for q in learned)


def test_governed_object_is_reported_speech() -> None:
    """ "Die Feuerwehr sprach von ...": the whole sentence is reported speech with its speaker and no cue."""
    text = "Die Feuerwehr sprach von einem glimpflichen Ausgang am Hafen."
    assert _quotations(text) == [("Reported", text[:-1], "", "Die Feuerwehr")]


def test_reported_speech_keeps_the_speakers_apposition() -> None:
    """The subject of a reported-speech sentence keeps its apposition between commas; a subordinate clause before
    the verb's clause is no subject."""
    text = "Petra Pau, PDS-Bundestagsabgeordnete, sprach von einer Neudefinition der Republik."
    assert _quotations(text) == [("Reported", text[:-1], "", "Petra Pau, PDS-Bundestagsabgeordnete")]
    text = "Nachdem der Zug entgleist war, sprach die Feuerwehr von einem glimpflichen Ausgang."
    assert [speaker for *_, speaker in _quotations(text)] == ["die Feuerwehr"]

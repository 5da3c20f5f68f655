"""Speaker resolution within an article: short mentions, pronouns and descriptions link to the full mention."""

from __future__ import annotations

import pytest

from newsaudit import analyze
from newsaudit.attribution import Quotation, QuoteKind, SourceMention
from newsaudit.attribution.speakers import resolve_speakers
from newsaudit.evaluate.data import reference_article
from newsaudit.types import Language, Span

TEXT = (
    "Energie\n\n"
    "Stadtwerke erhöhen die Preise für Fernwärme deutlich\n\n"
    "Die Stadtwerke wollen die Preise für Fernwärme im kommenden Jahr um ein Viertel erhöhen. Wie die britische "
    '"Financial Review" berichtet, sind auch andere Städte betroffen. Das britische Blatt nennt Zahlen aus '
    "zwölf Städten.\n\n"
    "Jana Berger, Sprecherin des Bürgermeisters Paul Lenz, sagte, die Stadt prüfe Hilfen für Haushalte. "
    "Berger betonte, niemand solle frieren. Sie sagte außerdem, die Entscheidung falle im Dezember.\n\n"
    "Der städtische Energiebeirat erklärte, die Erhöhung sei unvermeidlich. Lenz selbst äußerte sich nicht.\n"
)


def _span(text: str, phrase: str, start: int = 0) -> Span:
    at = text.index(phrase, start)
    return Span(at, at + len(phrase))


def _language(text: str) -> Language:
    dossier = analyze(text, kind="text", profile="fast")
    assert dossier.language is not None
    return dossier.language


def _quotation(text: str, speaker: str, quote: str) -> Quotation:
    return Quotation(QuoteKind.INDIRECT, quote=(_span(text, quote),), speaker=(_span(text, speaker),))


def _resolved(text: str, quotations: list[Quotation], mentions: tuple[SourceMention, ...] = ()) -> list[str | None]:
    actors = resolve_speakers(text, _language(text), quotations, mentions)
    return [None if a is None else text[a.start : a.end] for a in actors]


def test_short_name_and_pronoun_resolve_to_the_full_introduction() -> None:
    """'Berger' and 'Sie' both link to 'Jana Berger, Sprecherin des Bürgermeisters Paul Lenz'."""
    full = "Jana Berger, Sprecherin des Bürgermeisters Paul Lenz"
    quotations = [
        _quotation(TEXT, full, "die Stadt prüfe Hilfen für Haushalte"),
        Quotation(
            QuoteKind.INDIRECT,
            quote=(_span(TEXT, "niemand solle frieren"),),
            speaker=(_span(TEXT, "Berger", TEXT.index("Berger betonte")),),
        ),
        _quotation(TEXT, "Sie", "die Entscheidung falle im Dezember"),
    ]
    assert _resolved(TEXT, quotations) == [full, full, full]


def test_a_name_inside_an_apposition_is_not_the_actor() -> None:
    """'Lenz' is named in Berger's apposition, but Berger is not Lenz: Lenz stays his own actor."""
    quotations = [
        _quotation(
            TEXT, "Jana Berger, Sprecherin des Bürgermeisters Paul Lenz", "die Stadt prüfe Hilfen für Haushalte"
        ),
        Quotation(
            QuoteKind.REPORTED,
            quote=(_span(TEXT, "äußerte sich nicht"),),
            speaker=(_span(TEXT, "Lenz", TEXT.index("Lenz selbst")),),
        ),
    ]
    assert _resolved(TEXT, quotations)[1] == "Lenz"


def test_a_description_links_to_the_named_outlet_it_shares_an_adjective_with() -> None:
    """'Das britische Blatt' links to 'die britische "Financial Review"'; an unrelated description stays itself."""
    quotations = [
        _quotation(TEXT, 'die britische "Financial Review"', "sind auch andere Städte betroffen"),
        Quotation(
            QuoteKind.REPORTED, quote=(_span(TEXT, "nennt Zahlen"),), speaker=(_span(TEXT, "Das britische Blatt"),)
        ),
        _quotation(TEXT, "Der städtische Energiebeirat", "die Erhöhung sei unvermeidlich"),
    ]
    resolved = _resolved(TEXT, quotations)
    assert resolved[1] == 'die britische "Financial Review"'
    assert resolved[2] == "Der städtische Energiebeirat"


def test_a_quotation_without_speaker_has_no_actor() -> None:
    """No speaker named, no actor."""
    quotation = Quotation(QuoteKind.DIRECT, quote=(_span(TEXT, "niemand solle frieren"),))
    assert _resolved(TEXT, [quotation]) == [None]


@pytest.mark.skipif(not reference_article().is_file(), reason="reference article not found (../shared/examples)")
@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_reference_article_speakers_resolve(profile: str) -> None:
    """'so Arestovich' links to his introduction, 'das britische Online-Portal' to the Express (issue 4, point 2)."""
    dossier = analyze(reference_article(), kind="text", profile=profile)
    assert dossier.attribution is not None
    text = dossier.text
    pairs = {
        text[q.speaker[0].start : q.speaker[-1].end]: text[a.start : a.end]
        for q, a in zip(dossier.attribution.quotations, dossier.attribution.speaker_actors, strict=True)
        if q.speaker and a is not None
    }
    assert pairs["Arestovich"].startswith("Aleksey Arestovich, Berater des Büroleiters")
    assert pairs["das britische Online-Portal"] == 'der britische "Express"'
    assert pairs["der ukrainische Generalstab"] == "der ukrainische Generalstab"


AGREEMENT_TEXT = (
    "Die Staatsanwaltschaft teilte mit, der Prozess beginne im Mai. Demnach sollen drei Zeugen aussagen. "
    "Der Angeklagte sei geständig. Er beteuerte, er habe nicht gewusst, was er tat.\n"
)


def test_source_adverb_resolves_to_the_source_before() -> None:
    """ "Demnach" (which quotes-de marks as the speaker) links to the source named before it."""
    quotations = [
        _quotation(AGREEMENT_TEXT, "Die Staatsanwaltschaft", "der Prozess beginne im Mai"),
        _quotation(AGREEMENT_TEXT, "Demnach", "sollen drei Zeugen aussagen"),
    ]
    assert _resolved(AGREEMENT_TEXT, quotations) == ["Die Staatsanwaltschaft", "Die Staatsanwaltschaft"]


def test_pronoun_does_not_take_an_actor_of_another_gender() -> None:
    """ "Er" does not resolve to "Die Staatsanwaltschaft" (feminine): it stays its own actor."""
    quotations = [
        _quotation(AGREEMENT_TEXT, "Die Staatsanwaltschaft", "der Prozess beginne im Mai"),
        _quotation(AGREEMENT_TEXT, "Er", "er habe nicht gewusst, was er tat"),
    ]
    assert _resolved(AGREEMENT_TEXT, quotations) == ["Die Staatsanwaltschaft", "Er"]


def test_pronoun_takes_a_name_that_opened_a_sentence_after_the_last_speaker() -> None:
    """ "sagte er" after "Bürgermeister Klaus Dorneck wies ... zurück." is Dorneck, not the speaker quoted before."""
    text = (
        "Die Gutachter empfehlen, den Wasserstand zu senken. Bürgermeister Klaus Dorneck wies die Vorwürfe zurück. "
        "Die Stadt habe alle Vorgaben erfüllt, sagte er.\n"
    )
    pronoun = _span(text, "er", text.index("sagte er") + len("sagte "))
    quotations = [
        _quotation(text, "Die Gutachter", "den Wasserstand zu senken"),
        Quotation(QuoteKind.INDIRECT, quote=(_span(text, "Die Stadt habe alle Vorgaben erfüllt"),), speaker=(pronoun,)),
    ]
    assert _resolved(text, quotations) == ["Die Gutachter", "Bürgermeister Klaus Dorneck"]

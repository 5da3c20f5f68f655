"""quotes-de span conventions, re-framing free indirect speech, nearby speaker filling, speaker steps, quoted names."""

from __future__ import annotations

from itertools import pairwise

from newsaudit.attribution.conventions import add_auxiliaries, apply_conventions, trim_speakers
from newsaudit.attribution.crf import fill_speakers
from newsaudit.attribution.nested import nested_direct_cues
from newsaudit.attribution.phrases import TokenView, np_forward, speaker_near_verb
from newsaudit.attribution.quoted_names import drop_quoted_names
from newsaudit.attribution.reframe import reframe
from newsaudit.attribution.speaker_steps import (
    continued_speakers,
    coordinated_speakers,
    missing_speakers,
    object_speakers,
    plausible_speakers,
    second_source_speakers,
    where_it_says_speakers,
)
from newsaudit.attribution.types import Quotation, QuoteKind
from newsaudit.types import Language, Sentence, Span, Token


def _span(text: str, part: str, start: int = 0) -> Span:
    at = text.index(part, start)
    return Span(at, at + len(part))


# lemmas the tests need where the lower-cased word is not the lemma
_LEMMAS = {
    "zitiert": "zitieren",
    "wird": "werden",
    "wurde": "werden",
    "aufgefordert": "auffordern",
    "vorgeworfen": "vorwerfen",
}


def _tagged(tagged: str, *, sentences: bool = False) -> tuple[str, Language]:
    """A text and its language layer from "word/POS word/POS …" (words joined by spaces): one sentence, or with
    ``sentences`` one per "./$." token."""
    pairs = [item.rsplit("/", 1) for item in tagged.split()]
    text = " ".join(word for word, _ in pairs)
    tokens, at = [], 0
    for word, pos in pairs:
        start = text.index(word, at)
        tokens.append(Token(Span(start, start + len(word)), _LEMMAS.get(word, word.lower()), pos))
        at = start + len(word)
    ends = [k + 1 for k, (word, pos) in enumerate(pairs) if sentences and pos == "$." and word == "."]
    bounds = [0, *[e for e in ends if e < len(tokens)], len(tokens)]
    spans = [Sentence(Span(tokens[a].span.start, tokens[b - 1].span.end), 0, a, b) for a, b in pairwise(bounds)]
    return text, Language(tuple(spans), tuple(tokens))


def _quotation(text: str, quote: str, cue: str, speaker: str, kind: QuoteKind = QuoteKind.DIRECT) -> Quotation:
    """A quotation with quote, cue and speaker found in ``text`` (the speaker's first occurrence)."""
    return Quotation(kind, (_span(text, quote),), cue=(_span(text, cue),), speaker=(_span(text, speaker),))


def test_wie_joins_the_cue() -> None:
    """The "wie" opening a reporting clause joins the cue, at the sentence start and after a comma."""
    text = "Wie die Polizei mitteilte, wurde niemand verletzt. Er kam, wie EADS gestern mitteilte, zurück."
    first = Quotation(QuoteKind.INDIRECT, (_span(text, "wurde niemand verletzt"),), cue=(_span(text, "mitteilte"),))
    second_cue = _span(text, "mitteilte", text.index("EADS"))
    second = Quotation(QuoteKind.INDIRECT, (_span(text, "Er kam"),), cue=(second_cue,))
    out = apply_conventions(text, [first, second])
    assert [text[c.start : c.end] for c in out[0].cue] == ["Wie", "mitteilte"]
    assert [text[c.start : c.end] for c in out[1].cue] == ["wie", "mitteilte"]


def test_wie_not_across_a_clause_boundary() -> None:
    """A comparative "wie" in an earlier clause does not join the cue."""
    text = "Es war so kalt wie nie, sagte der Sprecher."
    q = Quotation(QuoteKind.INDIRECT, (_span(text, "Es war so kalt wie nie"),), cue=(_span(text, "sagte"),))
    assert apply_conventions(text, [q])[0].cue == q.cue


def test_speaker_closes_an_open_title() -> None:
    """A speaker cut inside a quoted title („news.bbc.co.uk“) is widened over the closing mark."""
    text = "Laut „news.bbc.co.uk“ sei der Fang erlaubt."
    q = Quotation(QuoteKind.INDIRECT, (_span(text, "sei der Fang erlaubt"),), speaker=(_span(text, "„news"),))
    (out,) = apply_conventions(text, [q])
    assert [text[s.start : s.end] for s in out.speaker] == ["„news.bbc.co.uk“"]


def test_participle_cue_takes_its_auxiliary() -> None:
    """A participle cue takes the finite auxiliary of its clause ("hatte … angekündigt")."""
    tagged = "Die/ART Firma/NN hatte/VAFIN am/APPRART Montag/NN angekündigt/VVPP ,/$, sie/PPER gehe/VVFIN"
    text, language = _tagged(tagged)
    q = Quotation(QuoteKind.INDIRECT, (_span(text, "sie gehe"),), cue=(_span(text, "angekündigt"),))
    (out,) = add_auxiliaries(text, language, [q])
    assert [text[c.start : c.end] for c in out.cue] == ["hatte", "angekündigt"]


def test_reframe_free_indirect_with_a_learned_cue() -> None:
    """A whole-sentence free indirect quote with a cue inside becomes Indirect: frame out, the clause is the quote."""
    text, language = _tagged("So/ADV sagte/VVFIN der/ART Minister/NN ,/$, es/PPER gebe/VVFIN keine/PIAT Toten/NN ./$.")
    free = Quotation(QuoteKind.INDIRECT_FREE_INDIRECT, (Span(0, len(text)),))
    view = TokenView(text, language.tokens)
    (out,) = reframe([free], [Span(0, len(text))], [view], [[_span(text, "sagte")]], [[_span(text, "der Minister")]])
    assert out.kind == QuoteKind.INDIRECT
    assert [text[s.start : s.end] for s in out.quote] == ["es gebe keine Toten"]
    assert [text[s.start : s.end] for s in out.speaker] == ["der Minister"]


def test_reframe_leaves_free_speech_without_cue() -> None:
    """Without a learned cue inside, free indirect speech stays as it is."""
    text, language = _tagged("Es/PPER gebe/VVFIN keine/PIAT Toten/NN ./$.")
    free = Quotation(QuoteKind.INDIRECT_FREE_INDIRECT, (Span(0, len(text)),))
    view = TokenView(text, language.tokens)
    assert reframe([free], [Span(0, len(text))], [view], [[]], [[]]) == [free]


def test_fill_speakers_only_nearby() -> None:
    """Hearsay takes the previous speaker in the same paragraph close by, not across a paragraph break."""
    text = "Laut Polizei brannte es. Zwei Menschen sollen verletzt sein.\nDer Zug soll ausfallen."
    source = Quotation(QuoteKind.INDIRECT, (_span(text, "brannte es"),), speaker=(_span(text, "Polizei"),))
    near = Quotation(QuoteKind.FREE_INDIRECT, (_span(text, "Zwei Menschen sollen verletzt sein"),))
    far = Quotation(QuoteKind.FREE_INDIRECT, (_span(text, "Der Zug soll ausfallen"),))
    out = fill_speakers(text, [source, near, far])
    assert out[1].speaker == source.speaker
    assert out[2].speaker == ()


def _speaker(tagged: str, verb: str) -> str:
    text, language = _tagged(tagged)
    s = TokenView(text, language.tokens)
    found = speaker_near_verb(s, s.words.index(verb), 0)
    return "" if found is None else text[s.span(*found).start : s.span(*found).end]


def test_speaker_before_a_relative_clause() -> None:
    """ "X, der …, erklärte": the speaker is the phrase before the relative clause."""
    tagged = "Frank/NE Sichau/NE ,/$, der/PRELS als/APPR Sprecher/NN fungiert/VVFIN ,/$, erklärte/VVFIN ,/$, dass/KOUS"
    assert _speaker(tagged, "erklärte") == "Frank Sichau"


def test_speaker_with_an_apposition_the_phrase_reader_stops_inside() -> None:
    """ "X, ein Repräsentant aus Y und Z, sagte": the apposition, prepositions and "und" included, stays with X; a
    subordinate clause between the commas is no apposition."""
    tagged = (
        "John/NE Kline/NE ,/$, ein/ART Repräsentant/NN aus/APPR Minnesota/NE und/KON Marineoberst/NN außer/APPR"
        " Dienst/NN ,/$, sagte/VVFIN :/$."
    )
    assert _speaker(tagged, "sagte") == "John Kline , ein Repräsentant aus Minnesota und Marineoberst außer Dienst"
    tagged = "John/NE Kline/NE ,/$, als/KOUS er/PPER zurück/PTKVZ kam/VVFIN ,/$, sagte/VVFIN :/$."
    assert _speaker(tagged, "sagte") != "John Kline , als er zurück kam"


def test_speaker_from_a_misread_prefield() -> None:
    """A determiner-led prefield the tagger misread ("Der 39-Jährige") is still the speaker."""
    assert _speaker("Der/ART 39-Jährige/ADJA gab/VVFIN jedoch/ADV an/PTKVZ ,/$, es/PPER gehe/VVFIN", "gab") == (
        "Der 39-Jährige"
    )
    tagged = "Ein/ART Reporter/NN des/ART Senders/NN n-tv/ADV berichtete/VVFIN ,/$, dass/KOUS"
    assert _speaker(tagged, "berichtete") == "Ein Reporter des Senders n-tv"


def test_speaker_loses_a_leading_adverb_but_not_a_misread_name() -> None:
    """ "aktuell der Sender" -> "der Sender"; a capitalised token tagged ADV (a name the tagger misread) stays."""
    for tag in ("ADV", "ADJD"):  # the fast and the accurate language layer tag "aktuell" differently
        tagged = f"Wie/PWAV aktuell/{tag} der/ART Sender/NN berichtet/VVFIN ,/$, sagte/VVFIN Koppelin/ADV es/PPER"
        text, language = _tagged(tagged)
        quotes = [
            Quotation(QuoteKind.INDIRECT, (_span(text, "es"),), speaker=(_span(text, "aktuell der Sender"),)),
            Quotation(QuoteKind.INDIRECT, (_span(text, "es"),), speaker=(_span(text, "Koppelin"),)),
        ]
        out = trim_speakers(text, language, quotes)
        assert [text[p.start : p.end] for q in out for p in q.speaker] == ["der Sender", "Koppelin"]


def test_speaker_loses_trailing_adverbs_and_objects_but_not_a_misread_name() -> None:
    """ "Die Armeeleitung hingegen" -> "Die Armeeleitung", "er seinem Arbeitgeber" -> "er"; "n-tv" tagged ADV stays."""
    tagged = (
        "Die/ART Armeeleitung/NN hingegen/ADV sprach/VVFIN ,/$, er/PPER seinem/PPOSAT Arbeitgeber/NN vorwarf/VVFIN"
        " ,/$, Reporter/NN von/APPR n-tv/ADV berichtete/VVFIN"
    )
    text, language = _tagged(tagged)
    speakers = ("Die Armeeleitung hingegen", "er seinem Arbeitgeber", "Reporter von n-tv")
    quotes = [Quotation(QuoteKind.INDIRECT, (_span(text, "sprach"),), speaker=(_span(text, p),)) for p in speakers]
    out = trim_speakers(text, language, quotes)
    assert [text[p.start : p.end] for q in out for p in q.speaker] == ["Die Armeeleitung", "er", "Reporter von n-tv"]


def test_cue_noun_phrase_is_no_speaker() -> None:
    """ "wird mit den Worten zitiert": "den Worten" belongs to the cue; a speaker span ending in it is dropped."""
    tagged = "Sie/PPER wird/VAFIN mit/APPR den/ART Worten/NN zitiert/VVPP ,/$, es/PPER"
    text, language = _tagged(tagged)
    quotes = [
        Quotation(QuoteKind.INDIRECT, (_span(text, "es"),), speaker=(_span(text, "den Worten"),)),
        Quotation(QuoteKind.INDIRECT, (_span(text, "es"),), speaker=(_span(text, "Sie"),)),
    ]
    out = trim_speakers(text, language, quotes)
    assert [[text[p.start : p.end] for p in q.speaker] for q in out] == [[], ["Sie"]]


def test_with_words_joins_the_cue() -> None:
    """ "kommentierte … mit den Worten: „…“", "wird mit den Worten zitiert: „…“": the phrase in the cue's sentence
    before the quote joins the cue; one after the quote or in another sentence does not."""
    text = (
        "Er kommentierte den Entscheid mit den Worten: „Das ist gut.“ Sie sagte: „Ja“. Mit den Worten ging sie. "
        "Er wird mit den Worten zitiert: „Nein“."
    )
    joined = Quotation(QuoteKind.DIRECT, (_span(text, "„Das ist gut.“"),), cue=(_span(text, "kommentierte"),))
    alone = Quotation(QuoteKind.DIRECT, (_span(text, "„Ja“"),), cue=(_span(text, "sagte"),))
    before = Quotation(QuoteKind.DIRECT, (_span(text, "„Nein“"),), cue=(_span(text, "zitiert"),))
    out = apply_conventions(text, [joined, alone, before])
    assert [[text[c.start : c.end] for c in q.cue] for q in out] == [
        ["kommentierte", "mit", "den", "Worten"],
        ["sagte"],
        ["mit", "den", "Worten", "zitiert"],
    ]


def test_second_source_leaves_a_verb_cue() -> None:
    """ "kommentierte … laut BBC": "laut" is a second source inside the frame, not part of the verb's cue; alone it
    stays the cue."""
    text = "Er kommentierte laut BBC, es sei gut. Laut BBC sei es gut."
    both = Quotation(
        QuoteKind.INDIRECT, (_span(text, "es sei gut"),), cue=(_span(text, "kommentierte"), _span(text, "laut"))
    )
    alone = Quotation(QuoteKind.INDIRECT, (_span(text, "sei es gut"),), cue=(_span(text, "Laut"),))
    out = apply_conventions(text, [both, alone])
    assert [[text[c.start : c.end] for c in q.cue] for q in out] == [["kommentierte"], ["Laut"]]


def test_speaker_of_a_misread_participle() -> None:
    """ "Sie wird … zitiert" with "zitiert" tagged VVFIN: the subject of the auxiliary speaks (passive of zitieren);
    "wurde … aufgefordert" keeps no speaker (its subject is the addressee)."""
    assert _speaker("Sie/PPER wird/VAFIN mit/APPR den/ART Worten/NN zitiert/VVFIN :/$.", "zitiert") == "Sie"
    assert _speaker("Metz/NE hat/VAFIN gestern/ADV erklärt/VVFIN :/$.", "erklärt") == "Metz"
    assert _speaker("Er/PPER wurde/VAFIN aufgefordert/VVFIN ,/$, zu/PTKZU", "aufgefordert") == ""


def test_coordinated_cue_verb_takes_the_first_subject() -> None:
    """ "Die CCE bestätigte … und nannte sie „…“": the speaker is the subject before the first verb, not "sie", nor a
    speaker of an earlier sentence; without "und" before the cue the phrase after it stays."""
    tagged = (
        "Die/ART CCE/NE bestätigte/VVFIN die/ART Aussage/NN nicht/PTKNEG und/KON nannte/VVFIN sie/PPER "
        "„/$( reine/ADJA Spekulation/NN “/$("
    )
    text, language = _tagged(tagged)
    (out,) = coordinated_speakers(text, language, [_quotation(text, "„ reine Spekulation “", "nannte", "sie")])
    assert [text[p.start : p.end] for p in out.speaker] == ["Die CCE"]
    earlier, language = _tagged("Der/ART Chef/NN sagte/VVFIN das/PDS ./$. " + tagged, sentences=True)
    q = _quotation(earlier, "„ reine Spekulation “", "nannte", "Der Chef")
    (out,) = coordinated_speakers(earlier, language, [q])
    assert [earlier[p.start : p.end] for p in out.speaker] == ["Die CCE"]
    plain, language = _tagged(tagged.replace("und/KON", ",/$,"))
    q = _quotation(plain, "„ reine Spekulation “", "nannte", "sie")
    assert coordinated_speakers(plain, language, [q]) == [q]


def test_missing_speaker_is_the_cue_verbs_subject() -> None:
    """A learned cue without a speaker takes its verb's subject; a passive cue ("wird … vorgeworfen") takes none."""
    tagged = (
        "Der/ART Sprecher/NN ,/$, Steffen/NE Seibert/NE ,/$, versuchte/VVFIN mit/APPR den/ART Worten/NN zu/PTKZU "
        "beruhigen/VVINF :/$. „/$( Alles/PIS gut/ADJD “/$("
    )
    text, language = _tagged(tagged)
    q = Quotation(QuoteKind.DIRECT, (_span(text, "„ Alles gut “"),), cue=(_span(text, "versuchte"),))
    (out,) = missing_speakers(text, language, [q])
    assert [text[p.start : p.end] for p in out.speaker] == ["Der Sprecher , Steffen Seibert"]
    passive, language2 = _tagged("Ihm/PPER wird/VAFIN vorgeworfen/VVPP ,/$, gelogen/VVPP zu/PTKZU haben/VAINF")
    p = Quotation(QuoteKind.INDIRECT, (_span(passive, "gelogen zu haben"),), cue=(_span(passive, "vorgeworfen"),))
    assert missing_speakers(passive, language2, [p]) == [p]


def test_quoted_names_are_no_quotations() -> None:
    """A quote that is a name is dropped: at any length without cue or speaker („Partij voor de Vrijheid“), from two
    words on with a cue („Le Canard“); a quoted sentence, or a single quoted word with a cue („Katastrophe“),
    stays."""
    tagged = (
        "Die/ART „/$( Partij/NE voor/FM de/FM Vrijheid/NE “/$( gewann/VVFIN ./$. „/$( Wir/PPER siegen/VVFIN “/$( "
        "./$. Sie/PPER nannte/VVFIN es/PPER „/$( Katastrophe/NN “/$( und/KON wies/VVFIN „/$( Le/FM Canard/NE “/$("
        " zurück/PTKVZ"
    )
    text, language = _tagged(tagged)
    name = Quotation(QuoteKind.DIRECT, (_span(text, "„ Partij voor de Vrijheid “"),))
    sentence = Quotation(QuoteKind.DIRECT, (_span(text, "„ Wir siegen “"),))
    word = Quotation(QuoteKind.DIRECT, (_span(text, "„ Katastrophe “"),), cue=(_span(text, "nannte"),))
    cued_name = Quotation(QuoteKind.DIRECT, (_span(text, "„ Le Canard “"),), cue=(_span(text, "wies"),))
    assert drop_quoted_names(text, language, [name, sentence, word, cued_name]) == [sentence, word]


def test_second_source_gives_way_to_the_verbs_subject() -> None:
    """ "Laut BBC sagte der Minister, …": the speaker is the minister, not the source after "laut"."""
    text, language = _tagged(
        "Laut/APPR BBC/NE sagte/VVFIN der/ART Minister/NN ,/$, dass/KOUS es/PPER teurer/ADJD werde/VAFIN ./$."
    )
    q = _quotation(text, "dass es teurer werde", "sagte", "BBC", QuoteKind.INDIRECT)
    (out,) = second_source_speakers(text, language, [q])
    assert [text[p.start : p.end] for p in out.speaker] == ["der Minister"]


def test_noun_phrase_takes_its_genitive_tail() -> None:
    """ "Angaben seines Anwalts", "Einschätzung politischer Beobachter": possessive and article-less genitives
    continue the phrase; "Reuters 900 Menschen" still splits at the number."""
    for tagged, phrase in (
        ("Nach/APPR Angaben/NN seines/PPOSAT Anwalts/NN verstarb/VVFIN er/PPER", "Angaben seines Anwalts"),
        (
            "Nach/APPR Einschätzung/NN politischer/ADJA Beobachter/NN war/VAFIN es/PPER",
            "Einschätzung politischer Beobachter",
        ),
        ("Laut/APPR Reuters/NE 900/CARD Menschen/NN starben/VVFIN", "Reuters"),
    ):
        text, language = _tagged(tagged)
        s = TokenView(text, language.tokens)
        found = np_forward(s, 1)
        assert found is not None
        assert text[s.span(*found).start : s.span(*found).end] == phrase


def test_where_it_says_names_the_document() -> None:
    """ "In dem Bericht heißt es, …": the report is the speaker; "Es heißt, …" has none."""
    text, language = _tagged(
        "In/APPR dem/ART Bericht/NN heißt/VVFIN es/PPER ,/$, die/ART Lage/NN sei/VAFIN ernst/ADJD ./$."
    )
    q = Quotation(QuoteKind.INDIRECT, (_span(text, "die Lage sei ernst"),), cue=(_span(text, "heißt es"),))
    (out,) = where_it_says_speakers(text, language, [q])
    assert [text[p.start : p.end] for p in out.speaker] == ["dem Bericht"]
    bare, language = _tagged("Es/PPER heißt/VVFIN ,/$, die/ART Lage/NN sei/VAFIN ernst/ADJD ./$.")
    q = Quotation(QuoteKind.INDIRECT, (_span(bare, "die Lage sei ernst"),), cue=(_span(bare, "Es heißt"),))
    assert where_it_says_speakers(bare, language, [q]) == [q]


def test_an_amount_is_no_speaker() -> None:
    """Free indirect speech whose carried-over speaker is "3,5 Milliarden Euro" takes the paragraph's last speaker."""
    text = "Steinbrück sagte, es sei gut. 3,5 Milliarden Euro fehlten. Man sei in der Lage, zu sparen."
    said = Quotation(
        QuoteKind.INDIRECT,
        (_span(text, "es sei gut"),),
        cue=(_span(text, "sagte"),),
        speaker=(_span(text, "Steinbrück"),),
    )
    free = Quotation(
        QuoteKind.FREE_INDIRECT,
        (_span(text, "Man sei in der Lage, zu sparen"),),
        speaker=(_span(text, "3,5 Milliarden Euro"),),
    )
    out = plausible_speakers(text, Language((), ()), [said, free])
    assert [text[p.start : p.end] for p in out[1].speaker] == ["Steinbrück"]


def test_direct_quote_inside_an_indirect_one_takes_its_cue() -> None:
    """ "X kritisiert, die Aktion erinnere „fatal an …“": the quoted words share the outer cue "kritisiert"; a direct
    quotation outside the indirect one keeps its own."""
    text = "Hatzius kritisiert, die Aktion erinnere „fatal an die Bücherverbrennung“. Er sagte: „Das ist schlimm.“"
    outer = _quotation(text, "die Aktion erinnere „fatal an die Bücherverbrennung“", "kritisiert", "Hatzius")
    outer = Quotation(QuoteKind.INDIRECT, outer.quote, cue=outer.cue, speaker=outer.speaker)
    inner = _quotation(text, "„fatal an die Bücherverbrennung“", "erinnere", "die Aktion")
    apart = _quotation(text, "„Das ist schlimm.“", "sagte", "Er")
    out = nested_direct_cues(text, Language((), ()), [outer, inner, apart])
    assert [text[c.start : c.end] for c in out[1].cue] == ["kritisiert"]
    assert out[1].speaker == inner.speaker
    assert out[2] == apart and out[0] == outer


def test_quoted_sentence_after_a_quotation_continues_it() -> None:
    """A cue-less quoted sentence right after a quotation takes its speaker; one after a paragraph break, or a
    quoted phrase inside a sentence, does not."""
    text = "Kline sagte, dass es kein Unfall war. „Das war direktes Feuer.“ Die Lage sei „ernst“.\n„Es ist vorbei.“"
    first = _quotation(text, "dass es kein Unfall war", "sagte", "Kline", QuoteKind.INDIRECT)
    follows = Quotation(QuoteKind.DIRECT, (_span(text, "„Das war direktes Feuer.“"),))
    phrase = Quotation(QuoteKind.DIRECT, (_span(text, "„ernst“"),))
    after_break = Quotation(QuoteKind.DIRECT, (_span(text, "„Es ist vorbei.“"),))
    out = continued_speakers(text, Language((), ()), [first, follows, phrase, after_break])
    assert [[text[p.start : p.end] for p in q.speaker] for q in out] == [["Kline"], ["Kline"], [], []]


def test_object_phrase_gives_way_to_the_subject() -> None:
    """A speaker opening with a dative word is replaced by the cue verb's subject, but not by a demonstrative that
    points back at it ("mit dem Anwalt … sagte dieser")."""
    tagged = (
        "Nach/APPR einem/ART Besuch/NN sprach/VVFIN der/ART Präsident/NN von/APPR der/ART „/$( schlimmsten/ADJA"
        " Katastrophe/NN “/$( ./$."
        " Mit/APPR dem/ART Anwalt/NN sagte/VVFIN dieser/PDS ,/$, dass/KOUS er/PPER krank/ADJD sei/VAFIN ./$."
    )
    text, language = _tagged(tagged, sentences=True)
    visit = _quotation(text, "„ schlimmsten Katastrophe “", "sprach", "einem Besuch")
    lawyer = _quotation(text, "dass er krank sei", "sagte", "dem Anwalt", QuoteKind.INDIRECT)
    out = object_speakers(text, language, [visit, lawyer])
    assert [text[p.start : p.end] for q in out for p in q.speaker] == ["der Präsident", "dem Anwalt"]

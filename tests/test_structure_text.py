"""The raw-text structure labeller: rules, outlet, span invariants, bad input and a quality floor on Fundus."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsaudit.errors import NoArticleError
from newsaudit.evaluate.data import data_root
from newsaudit.structure.line_features import body_span, is_doubled, line_stats
from newsaudit.structure.outlet import find_outlet_mentions, outlet_from_url, registrable_domain
from newsaudit.structure.text import decide_lines, label_text, split_lines
from newsaudit.structure.text_rules import (
    default_furniture,
    furniture_rule_for,
    is_section_name,
    split_credit,
    split_kicker,
)
from newsaudit.types import BlockLabel, Provenance

TEXT = Provenance(source="<text>", kind="text")

PARAGRAPH_1 = (
    "Die Stadt Halle will im kommenden Frühjahr mit dem Bau der neuen Brücke über die Saale beginnen. "
    "Das sagte ein Sprecher der Stadtverwaltung am Montag in einer Pressekonferenz im Rathaus."
)
PARAGRAPH_2 = (
    "Die Kosten würden nach bisheriger Planung bei rund zwölf Millionen Euro liegen, der Bund übernehme "
    "einen großen Teil davon. Anwohner hatten sich seit Jahren für die neue Verbindung eingesetzt."
)
PARAGRAPH_3 = (
    "Nach Angaben der Verwaltung soll die Brücke im Herbst des übernächsten Jahres für den Verkehr "
    "freigegeben werden, wenn das Wetter mitspielt und die Lieferungen pünktlich kommen."
)


# ---------------------------------------------------------------------------------------------------------
# Rules


def test_credit_split_after_marker() -> None:
    """ "Caption. Bild: Credit" splits into the caption (without the marker) and the credit."""
    line = "Immer mehr Soldaten wenden sich ab. Bild: picture alliance/dpa | Alexei Nikolsky"
    split = split_credit(line)
    assert split is not None
    assert line[: split.caption_end] == "Immer mehr Soldaten wenden sich ab."
    assert line[split.credit_start : split.credit_end] == "picture alliance/dpa | Alexei Nikolsky"


def test_credit_split_of_a_credit_only_line_and_copyright_sign() -> None:
    """A line that is only a credit has an empty caption part; "©" is a marker too."""
    split = split_credit("Foto: dpa")
    assert split is not None and split.caption_end == 0
    line = "Der Hafen am Abend. © Imago Images"
    split = split_credit(line)
    assert split is not None and line[split.credit_start : split.credit_end] == "Imago Images"


def test_credit_split_refuses_prose_and_unmarked_lines() -> None:
    """No marker, or a long sentence after "Quelle:", is not a credit."""
    assert split_credit("Die Regierung hat am Montag beschlossen, die Steuern zu senken.") is None
    long_tail = "Quelle: " + " ".join(["Wort"] * 20)
    assert split_credit("Eine Grafik. " + long_tail) is None


def test_kicker_split() -> None:
    """A short phrase before the first colon is the kicker; the rest is the headline."""
    line = "Wladimir Putin betrogen: Schock-Video aufgetaucht: Russen schießen auf eigene Truppen!"
    split = split_kicker(line)
    assert split is not None
    kicker_end, headline_start = split
    assert line[:kicker_end] == "Wladimir Putin betrogen"
    assert line[headline_start:].startswith("Schock-Video aufgetaucht")


def test_kicker_split_refuses_long_prefix_format_label_and_short_rest() -> None:
    """A long clause before the colon, a format label ("Liveblog:") or a one-word rest is no kicker."""
    assert split_kicker("Die Bundesregierung hat sich nach langen Verhandlungen geeinigt: Steuern sinken bald") is None
    assert split_kicker("Liveblog: Alle Entwicklungen zum Krieg in der Ukraine") is None
    assert split_kicker("Eilmeldung: Rücktritt") is None
    assert split_kicker("Ohne Doppelpunkt keine Dachzeile") is None


@pytest.mark.parametrize("line", ["Politik", "Wirtschaft", "Politik > Ausland", "Sport | Fußball", "Kultur:"])
def test_section_names(line: str) -> None:
    """Rubric names and rubric paths that start with one are sections."""
    assert is_section_name(line)


@pytest.mark.parametrize("line", ["Wladimir Putin", "Politik ist schwierig geworden", "Themen", ""])
def test_not_section_names(line: str) -> None:
    """Other short lines are not sections."""
    assert not is_section_name(line)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("• Artikel teilen:", "share_widget"),
        ("Facebook Twitter WhatsApp E-Mail", "share_widget"),
        ("Lesen Sie auch: Neue Zahlen zur Inflation", "related_link"),
        ("Alle aktuellen Entwicklungen im Ukraine-Krieg lesen Sie hier", "related_link"),
        ("Folgen Sie Beispiel.de schon bei Facebook und Twitter? Hier finden Sie aktuelle Videos.", "footer"),
        ("Erfahren Sie hier mehr über die journalistischen Standards und die Redaktion von beispiel.de.", "footer"),
        ("© 2024 Beispiel Verlag GmbH", "footer"),
        ("/loc/beispiel.de", "navigation"),
        ("Themen", "navigation"),
        ("Anzeige", "advertisement"),
    ],
)
def test_furniture_rules(line: str, label: str) -> None:
    """Common furniture lines are decided by the furniture rules, with the right subtype."""
    rule = furniture_rule_for(line)
    assert rule is not None and rule.label == label


def test_furniture_rules_leave_prose_alone() -> None:
    """A prose sentence that mentions a cue word ("teilen", "Themen", "Kontakt") is not furniture."""
    assert furniture_rule_for(PARAGRAPH_1) is None
    line = "Die Ministerin wollte die Themen der Konferenz nicht mit den Journalisten teilen, sagte ihr Sprecher."
    assert furniture_rule_for(line) is None


def test_default_furniture_subtypes() -> None:
    """Unnamed furniture: a few words are navigation, a title-like line a related link, a sentence a footer."""
    assert default_furniture("Ukraine-Krieg") == "navigation"
    assert default_furniture("Neue Zahlen: So teuer wird der Winter für Mieter in Berlin") == "related_link"
    long_sentence = " ".join(["Wort"] * 25) + "."
    assert default_furniture(long_sentence) == "footer"


# ---------------------------------------------------------------------------------------------------------
# Outlet


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.news.de/politik/855123/putin/1/", "news.de"),
        ("http://m.spiegel.de/politik", "spiegel.de"),
        ("www.tagesschau.de/inland", "tagesschau.de"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
    ],
)
def test_outlet_from_url(url: str, domain: str) -> None:
    """The outlet of a URL is its registrable domain."""
    assert outlet_from_url(url) == domain


@pytest.mark.parametrize("junk", ["", "/loc/news.de", "not a url", "https://127.0.0.1/x", "https://localhost/"])
def test_outlet_from_url_rejects_junk(junk: str) -> None:
    """Paths, words, IP addresses and single-label hosts give no outlet."""
    assert outlet_from_url(junk) is None
    assert registrable_domain("de") is None


def test_outlet_mentions_in_furniture() -> None:
    """A follow-us line and a written domain both name the outlet, with spans on the mention."""
    line = "Folgen Sie News.de schon bei Facebook? Mehr über die Redaktion von news.de."
    mentions = find_outlet_mentions(line)
    assert {m.domain for m in mentions} == {"news.de"}
    assert all(line[m.span.start : m.span.end].lower() == "news.de" for m in mentions)


def _article_text(*extra: str, after_headline: str | None = None) -> str:
    return "\n\n".join(
        [
            "Politik",
            "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr",
            *([after_headline] if after_headline else []),
            PARAGRAPH_1,
            PARAGRAPH_2,
            PARAGRAPH_3,
            *extra,
        ]
    )


def test_outlet_from_self_reference_in_text() -> None:
    """Without a URL, the outlet comes from its self-reference in the furniture, with a span."""
    text = _article_text("Folgen Sie Beispiel-Zeitung.de schon bei Facebook und Twitter?")
    article = label_text(text, TEXT)
    assert article.meta.outlet is not None and article.meta.outlet.value == "beispiel-zeitung.de"
    assert article.meta.outlet.span is not None


def test_outlet_from_url_wins_over_text() -> None:
    """With a URL in the provenance, the outlet is the URL's domain."""
    provenance = Provenance(source="https://www.spiegel.de/politik/x", kind="text")
    article = label_text(_article_text("Folgen Sie Beispiel.de auf Facebook"), provenance)
    assert article.meta.outlet is not None and article.meta.outlet.value == "spiegel.de"


# ---------------------------------------------------------------------------------------------------------
# Labelling, spans, bad input


def test_small_article_labels() -> None:
    """Section, headline, three paragraphs and a footer come out as such."""
    article = label_text(_article_text("Impressum | Datenschutz | Kontakt"), TEXT)
    labels = [b.label for b in article.blocks]
    assert labels[0] == BlockLabel.SECTION
    assert BlockLabel.HEADLINE in labels
    assert labels.count(BlockLabel.PARAGRAPH) + labels.count(BlockLabel.TEASER) == 3
    assert labels[-1].is_furniture
    assert article.meta.title is not None
    assert article.meta.title.value == "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr"


def test_caption_line_with_credit_is_split_into_caption_and_credit() -> None:
    """A "Sentence. Foto: Agency | Name" line under the headline becomes a caption block and a credit block."""
    caption = "Die neue Brücke soll 2027 fertig sein. Foto: Stadtwerke/Archiv | Jana Muster"
    article = label_text(_article_text("Impressum | Datenschutz | Kontakt", after_headline=caption), TEXT)
    by_label = {b.label: article.text[b.span.start : b.span.end] for b in article.blocks}
    assert by_label[BlockLabel.CAPTION] == "Die neue Brücke soll 2027 fertig sein."
    assert by_label[BlockLabel.CREDIT] == "Stadtwerke/Archiv | Jana Muster"


@pytest.mark.parametrize(
    "text", [PARAGRAPH_1, f"{PARAGRAPH_1} {PARAGRAPH_2} {PARAGRAPH_3}", f"{PARAGRAPH_1}\n{PARAGRAPH_2}"]
)
def test_plain_prose_is_paragraphs(text: str) -> None:
    """Article text without furniture (as in 10kGNAD, one article per line) comes out as prose, not furniture."""
    article = label_text(text, TEXT)
    assert article.blocks
    assert all(b.label in (BlockLabel.PARAGRAPH, BlockLabel.TEASER) for b in article.blocks), article.blocks


def test_bare_article_keeps_its_sentence_as_paragraph() -> None:
    """A headline and one sentence, nothing else: the sentence is the article's paragraph, not a footer."""
    text = "Brückenbau in Halle\n\nDie Stadt zahlt zwölf Millionen Euro für die neue Brücke.\n"
    article = label_text(text, TEXT)
    labels = {article.text[b.span.start : b.span.end]: b.label for b in article.blocks}
    assert labels["Die Stadt zahlt zwölf Millionen Euro für die neue Brücke."] in (
        BlockLabel.PARAGRAPH,
        BlockLabel.TEASER,
    )


def test_text_without_body_has_no_teaser() -> None:
    """A title and one lead-like sentence: the sentence is the body (a paragraph), not a teaser above no body."""
    text = "Neue Brücke\n\nDie Stadt Halle baut für zwölf Millionen Euro eine neue Brücke über die Saale.\n"
    labels = [b.label for b in label_text(text, TEXT).blocks]
    assert BlockLabel.TEASER not in labels and BlockLabel.PARAGRAPH in labels


def test_credit_only_line_is_a_credit() -> None:
    """A line that is a credit marker and a credit ("Foto: dpa/Peter Kneffel") is a credit, not a byline."""
    article = label_text(_article_text("Foto: dpa/Peter Kneffel"), TEXT)
    credits = [article.text[b.span.start : b.span.end] for b in article.blocks if b.label == BlockLabel.CREDIT]
    assert credits == ["dpa/Peter Kneffel"]
    assert not any(b.label == BlockLabel.BYLINE for b in article.blocks)


def test_button_label_rendered_twice_is_doubled() -> None:
    """ "Link kopieren Link kopieren" is one phrase repeated (never a headline); a headline is not."""
    assert is_doubled("Link kopieren Link kopieren")
    assert is_doubled("vor 3 Stundenvor 3 Stunden")
    assert not is_doubled("Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr")


def test_headline_far_above_the_body_loses_to_one_near_it() -> None:
    """A title-like line far above the article prose loses to a slightly less probable one right above it."""
    lines = [
        "Überspringe das Menü und gehe direkt zum Inhalt",
        *[f"Rubrik Nummer {k}" for k in range(12)],
        "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr",
        PARAGRAPH_1,
        PARAGRAPH_2,
    ]
    labels = ("headline", "paragraph", "furniture")
    probs = np.tile([0.0, 0.1, 0.9], (len(lines), 1))
    probs[0] = [0.6, 0.0, 0.4]
    probs[13] = [0.4, 0.0, 0.6]
    probs[14:] = [0.0, 0.9, 0.1]
    decisions = decide_lines(lines, [line_stats(line) for line in lines], probs, labels)
    assert [i for i, d in enumerate(decisions) if d.label == "headline"] == [13]


def _headline_lines(lines: list[str], headline_probs: dict[int, float]) -> list[int]:
    """The lines decided as headline when the model gives these lines these headline probabilities."""
    labels = ("headline", "paragraph", "furniture")
    probs = np.tile([0.0, 0.1, 0.9], (len(lines), 1))
    for i, line in enumerate(lines):
        if line in (PARAGRAPH_1, PARAGRAPH_2):
            probs[i] = [0.0, 0.9, 0.1]
    for i, p in headline_probs.items():
        probs[i] = [p, 0.0, 1.0 - p]
    decisions = decide_lines(lines, [line_stats(line) for line in lines], probs, labels)
    return [i for i, d in enumerate(decisions) if d.label == "headline"]


def test_headline_sharing_no_word_with_the_prose_loses() -> None:
    """A title-like line about something else than the article loses to a less probable one about it."""
    lines = [
        "Wie sich jetzt Discountzertifikate einsetzen lassen",
        "Mehr aus der Region",
        "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr",
        PARAGRAPH_1,
        PARAGRAPH_2,
    ]
    assert _headline_lines(lines, {0: 0.6, 2: 0.4}) == [2]


def test_deck_below_the_headline_does_not_take_its_place() -> None:
    """A heading below the headline that shares no word with it is a deck, not the visible headline."""
    lines = ["Neue Brücke über die Saale geplant", "Kosten von zwölf Millionen Euro – Anwohner zufrieden", PARAGRAPH_2]
    assert _headline_lines(lines, {0: 0.5, 1: 0.3}) == [0]
    restated = ["Brücke über die Saale: Stadt plant Neubau", "Stadt plant neue Brücke über die Saale", PARAGRAPH_1]
    assert _headline_lines(restated, {0: 0.5, 1: 0.3}) == [1]


def test_headline_above_a_more_probable_deck_keeps_its_place() -> None:
    """The more probable of two stacked titles that share no word is a deck: the title above it is the headline."""
    lines = ["Neue Brücke über die Saale geplant", "Kosten von zwölf Millionen Euro – Anwohner zufrieden", PARAGRAPH_2]
    assert _headline_lines(lines, {0: 0.3, 1: 0.5}) == [0]
    # Unless the title above is much less probable, or restates the line (an SEO title above the visible headline).
    assert _headline_lines(lines, {0: 0.1, 1: 0.5}) == [1]
    restated = ["Brücke über die Saale: Stadt plant Neubau", "Stadt plant neue Brücke über die Saale", PARAGRAPH_1]
    assert _headline_lines(restated, {0: 0.3, 1: 0.5}) == [1]


def test_title_shown_twice_above_a_deck_is_the_headline() -> None:
    """A title shown twice counts with its more probable copy against the deck below it."""
    title = "Neue Brücke über die Saale geplant"
    lines = [title, "Regionales", title, "Kosten von zwölf Millionen Euro – Anwohner zufrieden", PARAGRAPH_2]
    assert _headline_lines(lines, {0: 0.4, 2: 0.05, 3: 0.5}) == [2]


def test_question_headline_does_not_open_the_body() -> None:
    """A one-sentence question of prose length is a heading above the body, not its first paragraph."""
    question = "Die neue Brücke über die Saale kommt – aber wer soll das alles am Ende eigentlich bezahlen?"
    stats = [line_stats(line) for line in (question, "Brücke für Halle", PARAGRAPH_1, PARAGRAPH_2)]
    assert stats[0].prose and stats[0].single_question
    assert body_span(stats) == (2, 3)
    assert not line_stats(PARAGRAPH_1).single_question


def test_quotation_headline_below_a_short_line_takes_its_place() -> None:
    """A quote headline ending in a full stop, right below a short rubric-like line, is the headline."""
    lines = ["Große Pläne", "„Die Brücke über die Saale kommt. Das ist sicher.“", PARAGRAPH_1, PARAGRAPH_2]
    assert _headline_lines(lines, {0: 0.5, 1: 0.3}) == [1]


def test_no_article_error_without_prose() -> None:
    """Text with only headings, navigation and short lines raises NoArticleError."""
    with pytest.raises(NoArticleError):
        label_text("Politik\n\nThemen\n\nArtikel teilen\n\nImpressum | Datenschutz", TEXT)


def test_split_lines_trims_and_skips_blank_lines() -> None:
    """Line spans exclude surrounding whitespace and blank lines."""
    text = "  Erste Zeile \n\n\t\nZweite Zeile\n"
    spans = split_lines(text)
    assert [text[s.start : s.end] for s in spans] == ["Erste Zeile", "Zweite Zeile"]


_LINES = st.sampled_from(
    [
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
        "Politik",
        "Themen",
        "• Artikel teilen:",
        "Streit um die Brücke: Anwohner protestieren gegen Lärm",
        "Ein Kran auf der Baustelle. Foto: dpa/Max Muster",
        "Von Anna Beispiel",
        "25.11.2026, 14:30 Uhr",
        "Folgen Sie Beispiel.de auf Facebook",
        "„Wir bauen, so schnell es geht“, sagte die Bürgermeisterin am Abend.",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=12), st.sampled_from(["\n", "\n\n", " \n \n", "\r\n"]))
def test_block_spans_are_ordered_disjoint_and_inside_the_text(lines: list[str], separator: str) -> None:
    """Blocks lie in the text, in order, without overlap, trimmed; the text is kept unchanged."""
    text = "  " + separator.join(lines) + "\n"
    try:
        article = label_text(text, TEXT)
    except NoArticleError:
        return  # a mix without enough prose context; the invariants below concern labelled texts
    assert article.text == text
    previous_end = 0
    for block in article.blocks:
        assert previous_end <= block.span.start < block.span.end <= len(text)
        content = text[block.span.start : block.span.end]
        assert content == content.strip() and "\n" not in content
        assert 0.0 <= block.confidence <= 1.0
        previous_end = block.span.end
    for field in (article.meta.title, article.meta.section, article.meta.outlet):
        if field is not None and field.span is not None:
            assert 0 <= field.span.start < field.span.end <= len(text)


# ---------------------------------------------------------------------------------------------------------
# Quality floor on the public Fundus pages (leave-publisher-out, cheaper than `newsaudit eval structure-text`)

# Floors a little under the figures of the quick cross-validation below (3 folds, article rendering: headline
# 0.695, paragraph 0.894, furniture 0.932 on 2026-11-25; headline 0.790, paragraph 0.894, furniture 0.933 on
# 2026-11-26 with the headline decoding that checks shared words; headline 0.803, paragraph 0.896, furniture 0.933
# with the deck rule and single-question lines kept out of the body; headline 0.836, paragraph 0.898, furniture
# 0.934 with the gold headline on the visible heading instead of a breadcrumb copy of the title; one page is 0.016
# headline F1), so that a regression fails and noise does not; the full evaluation figures are in the report of the
# change.
FLOOR_HEADLINE_F1 = 0.81
FLOOR_PARAGRAPH_F1 = 0.87
FLOOR_FURNITURE_F1 = 0.90


def test_fundus_quality_floor() -> None:
    """Leave-publisher-out (3 folds, article rendering): headline, paragraph and furniture F1 above the floors."""
    fundus = data_root() / "html-de" / "fundus"
    if not fundus.is_dir():
        pytest.skip(f"Fundus data not found at {fundus}")
    pytest.importorskip("sklearn", reason="training the fold models needs scikit-learn (dev extra)")
    from newsaudit.evaluate.structure_text import quick_cv_scores

    scores = quick_cv_scores(fundus, n_folds=3, variants=("article",))
    assert scores["f1.headline"] >= FLOOR_HEADLINE_F1, scores["f1.headline"]
    assert scores["f1.paragraph"] >= FLOOR_PARAGRAPH_F1, scores["f1.paragraph"]
    assert scores["f1.furniture"] >= FLOOR_FURNITURE_F1, scores["f1.furniture"]


def test_article_on_one_line_cut_off_mid_sentence_is_a_paragraph() -> None:
    """A whole short article on one line, cut off by the scraper without a final full stop, is article prose."""
    text = (
        "Eine Woche nach der Wahl stellt der Bürgermeister von Halle heute sein neues Team im Rathaus vor. "
        "Fest steht, dass die bisherige Kämmerin ihr Amt behält und künftig auch für die Schulen zuständig ist. "
        "Aus dem Stadtrat scheidet der langjährige Fraktionschef der Grünen aus. Er wird Dezernent für Umwelt. "
        "Die Pressekonferenz im Livestream"
    )
    article = label_text(text, TEXT)
    assert [b.label for b in article.blocks] == [BlockLabel.PARAGRAPH]

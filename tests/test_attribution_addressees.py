"""Addressees: to whom a quotation is said, read off the clause of its cue (both profiles share the step)."""

from __future__ import annotations

import pytest

from newsaudit.attribution import find_quotations
from newsaudit.attribution.phrases import TokenView, np_forward
from newsaudit.language import analyze_language
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Span


def _addressees(text: str) -> list[list[str]]:
    article = Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),), ArticleMeta())
    quotations = find_quotations(article, analyze_language(article, profile="fast"))
    assert quotations, f"no quotation found in {text!r}"
    return [[text[p.start : p.end] for p in q.addressee] for q in quotations]


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        ("Der Minister sagte der Zeitung, er sei zufrieden.", "der Zeitung"),
        ("Ein Sprecher sagte gegenüber dem Sender, die Lage sei ruhig.", "dem Sender"),
        ("In einem Interview mit dem Radiosender erklärte die Ministerin, sie werde kandidieren.", "dem Radiosender"),
        ("Die Opposition forderte die Regierung auf, den Plan zurückzuziehen.", "die Regierung"),
        ("Darin wird der Bürgermeister aufgefordert, bis Ende Mai zurückzutreten.", "der Bürgermeister"),
        ("Der Bürgermeister sagte vor Journalisten, die Brücke werde gebaut.", "Journalisten"),
        ("Die Ministerin appellierte an die Bürger, Strom zu sparen.", "die Bürger"),
    ],
)
def test_addressee_patterns(text: str, addressee: str) -> None:
    """Dative objects, "gegenüber", "Interview mit", objects of appeal verbs, passive subjects, audiences."""
    assert _addressees(text) == [[addressee]]


@pytest.mark.parametrize(
    "text",
    [
        "Die Haltung gegenüber der Partei sei klar, sagte der Minister.",  # "gegenüber" belongs to a noun
        "Die Ärztin warnte vor einer neuen Welle, die Lage sei ernst.",  # "warnen vor": the danger, not a listener
        "Der Bürgermeister sagte vor dem Rathaus, die Brücke werde gebaut.",  # "vor" a place, not an audience
    ],
)
def test_no_addressee(text: str) -> None:
    """Phrases that look like addressees but are not stay empty."""
    assert _addressees(text) == [[]]


def test_noun_phrase_at_sentence_start() -> None:
    """A determiner-initial noun phrase opening the sentence is read whole (it used to come back empty)."""
    text = "Die Männer werden beschuldigt."
    article = Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),), ArticleMeta())
    s = TokenView(text, analyze_language(article, profile="fast").tokens)
    assert np_forward(s, 0) == (0, 1)

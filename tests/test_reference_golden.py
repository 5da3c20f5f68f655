"""Golden test: the structure of the reference article (issue 3, item 4), from the raw-text labeller."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit.ingest import load_document
from newsaudit.structure.text import label_text
from newsaudit.types import Article, BlockLabel

HEADLINE_LINE = "Wladimir Putin betrogen: Schock-Video aufgetaucht: Russen schießen auf eigene Truppen!"
KICKER = "Wladimir Putin betrogen"
CAPTION = "Immer mehr Soldaten wenden sich von Wladimir Putin ab."
CREDIT = "picture alliance/dpa/Pool Sputnik Kremlin/AP | Alexei Nikolsky"


@pytest.fixture(scope="module")
def article(reference_file: Path) -> Article:
    """The reference article labelled by ``label_text`` (structure only, no language stage)."""
    document = load_document(reference_file, kind="text")
    return label_text(document.text, document.provenance)


@pytest.fixture(scope="module")
def reference_file() -> Path:
    """The reference article; skips when ../shared/examples is absent."""
    from newsaudit.evaluate.data import reference_article

    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path} (../shared/examples is absent)")
    return path


def _texts(article: Article, label: BlockLabel) -> list[str]:
    return [article.text[b.span.start : b.span.end] for b in article.blocks if b.label == label]


def _label_of(article: Article, text: str) -> BlockLabel:
    """The label of the block whose text is ``text`` (exactly one such block)."""
    matches = [b.label for b in article.blocks if article.text[b.span.start : b.span.end] == text]
    assert len(matches) == 1, f"{text!r}: {matches}"
    return matches[0]


def _label_starting(article: Article, prefix: str) -> BlockLabel:
    matches = [b.label for b in article.blocks if article.text[b.span.start : b.span.end].startswith(prefix)]
    assert len(matches) == 1, f"{prefix!r}: {matches}"
    return matches[0]


def test_section_is_politik(article: Article) -> None:
    """The section line is "Politik", in the blocks and in the metadata."""
    assert _texts(article, BlockLabel.SECTION) == ["Politik"]
    assert article.meta.section is not None and article.meta.section.value == "Politik"


def test_headline_with_kicker(article: Article) -> None:
    """The headline line splits into the kicker "Wladimir Putin betrogen" and the headline; the title is the line."""
    assert _texts(article, BlockLabel.KICKER) == [KICKER]
    assert _texts(article, BlockLabel.HEADLINE) == [HEADLINE_LINE.removeprefix(KICKER + ": ")]
    assert article.meta.title is not None and article.meta.title.value == HEADLINE_LINE


def test_caption_and_credit(article: Article) -> None:
    """The image line is the caption and its photo credit, the "Bild:" marker in neither."""
    assert _texts(article, BlockLabel.CAPTION) == [CAPTION]
    assert _texts(article, BlockLabel.CREDIT) == [CREDIT]


def test_four_intertitles_and_six_paragraphs(article: Article) -> None:
    """Exactly 4 intertitles and 6 body paragraphs, in reading order."""
    intertitles = _texts(article, BlockLabel.INTERTITLE)
    paragraphs = _texts(article, BlockLabel.PARAGRAPH)
    assert len(intertitles) == 4, intertitles
    assert len(paragraphs) == 6, paragraphs
    assert intertitles[0].startswith("Wladimir Putin von eigenen Soldaten")
    assert intertitles[-1] == "Ukraine enthüllt: Immer mehr Russen wenden sich von Putin ab"
    assert paragraphs[0].startswith("Es sind Aufnahmen")
    assert paragraphs[-1].startswith("Unterdessen halten die ukrainischen Streitkräfte")


@pytest.mark.parametrize(
    "prefix",
    [
        "• Artikel teilen",
        "Alle aktuellen Entwicklungen im Ukraine-Krieg lesen Sie hier",
        "Folgen Sie News.de",
        "/loc/news.de",
        "Themen",
        "Erfahren Sie hier mehr über die journalistischen Standards",
    ],
)
def test_furniture_lines(article: Article, prefix: str) -> None:
    """Share widget, read-more link, follow-us footer, path, "Themen" and the standards line are furniture."""
    assert _label_starting(article, prefix).is_furniture


def test_no_other_content_blocks(article: Article) -> None:
    """Nothing else is labelled as article content: no teaser, byline, dateline or quote box."""
    labels = {b.label for b in article.blocks}
    assert not labels & {BlockLabel.TEASER, BlockLabel.BYLINE, BlockLabel.DATELINE, BlockLabel.QUOTE_BOX}


def test_outlet_is_news_de(article: Article) -> None:
    """The outlet is news.de, found in the page furniture (the file has no URL)."""
    assert article.meta.outlet is not None and article.meta.outlet.value == "news.de"
    span = article.meta.outlet.span
    assert span is not None
    assert article.text[span.start : span.end].lower() == "news.de"

"""Gold alignment of rendered pages (structure.render): which rendered line is the headline.

The pages are invented; they reproduce layouts seen on public news sites: a breadcrumb whose last item repeats
the title as an <h1>, a visible headline whose text sits in <div>s inside an <h2>, a short kicker that names
something the body also names.
"""

from __future__ import annotations

from pathlib import Path

from newsaudit.evaluate.fundus import FundusPage, GoldSection
from newsaudit.structure.render import gold_labels, render_html

BODY = (
    "Die Stadt Halle baut eine neue Brücke über die Saale, die im Jahr 2028 fertig sein soll.",
    "Der Stadtrat hat dafür zwölf Millionen Euro bewilligt, mehr als zunächst geplant war.",
)


def _page(html: str, title: str) -> FundusPage:
    return FundusPage(
        publisher="Beispiel",
        country="DE",
        html_path=Path("Beispiel_2026_11_26.html.gz"),
        url="https://beispiel.de/a",
        html=html,
        title=title,
        authors=(),
        summary=(),
        sections=(GoldSection(headlines=(), paragraphs=BODY),),
        images=(),
        published=None,
        topics=(),
    )


def _labelled(html: str, title: str) -> dict[str, str]:
    rendered = render_html(html, "page")
    return dict(zip(rendered.line_texts(), gold_labels(rendered, _page(html, title)), strict=True))


def _body_html() -> str:
    return "".join(f"<p>{p}</p>" for p in BODY)


def _breadcrumb(last: str) -> str:
    """A breadcrumb trail whose last item is the title as an <h1> (a layout of several news sites)."""
    return f"<nav><ol><li>Start</li><li>Halle</li></ol><h1>{last}</h1></nav>"


def test_heading_text_in_inner_divs_is_a_heading() -> None:
    """An <h2> whose kicker and headline sit in <div>s is the visible headline, not the breadcrumb's <h1> copy."""
    html = (
        f"<html><body>{_breadcrumb('Halle baut eine neue Brücke über die Saale')}"
        "<header><h2><div>Verkehr in Halle:</div><div>Eine neue Brücke über die Saale</div></h2></header>"
        f"<main>{_body_html()}</main></body></html>"
    )
    labels = _labelled(html, "Halle baut eine neue Brücke über die Saale")
    assert labels["Eine neue Brücke über die Saale"] == "headline"
    assert labels["Halle baut eine neue Brücke über die Saale"] == "furniture"


def test_heading_line_is_never_a_prose_fragment() -> None:
    """A headline that repeats a phrase of the body is the headline, not a fragment of that paragraph."""
    html = (
        "<html><body><h1>Die Stadt Halle baut eine neue Brücke über die Saale</h1>"
        f"<main>{_body_html()}</main></body></html>"
    )
    labels = _labelled(html, "Die Stadt Halle baut eine neue Brücke über die Saale")
    assert labels["Die Stadt Halle baut eine neue Brücke über die Saale"] == "headline"


def test_short_prose_match_above_the_headline_does_not_start_the_article() -> None:
    """A kicker that happens to match the body ("neue Brücke über die Saale") does not hide the headline below."""
    html = (
        f"<html><body>{_breadcrumb('Halle: Stadt baut neue Brücke')}"
        "<div>neue Brücke über die Saale</div>"
        "<h2>Halle baut eine neue Brücke</h2>"
        f"<main>{_body_html()}</main></body></html>"
    )
    labels = _labelled(html, "Halle baut eine neue Brücke")
    assert labels["Halle baut eine neue Brücke"] == "headline"
    assert labels["Halle: Stadt baut neue Brücke"] == "furniture"

"""Language identification: a text that is not German is named and flagged; German stays German."""

from __future__ import annotations

import pytest

from newsaudit import analyze
from newsaudit.evaluate.data import data_root
from newsaudit.language.identify import function_words, identify
from newsaudit.types import Span

ENGLISH = (
    "City to build a new bridge\n\n"
    "The city council of Halle has approved the plans for a new bridge over the river, the mayor said on Monday. "
    "It will be finished by 2028 and is expected to cost twelve million euros, which is more than planned.\n"
)
GERMAN_WITH_ENGLISH_LYRICS = (
    "Der Sänger sagte am Montag in Berlin, er freue sich auf die Tour. Auf der Bühne sang er "
    '"the winner takes it all, the loser has to fall" und das Publikum war begeistert von der Show.'
)
OTHERS = {
    "fr": "Le conseil municipal a approuvé les plans pour un nouveau pont sur la rivière, a dit le maire. Il sera "
    "fini en 2028 et coûtera plus que prévu par la ville dans le budget de cette année.",
    "nl": "De gemeenteraad heeft de plannen voor een nieuwe brug over de rivier goedgekeurd, zei de burgemeester. "
    "Het werk wordt in 2028 afgerond en kost meer dan gepland, maar ook de provincie betaalt mee. Volgens de "
    "wethouder is het een belangrijke stap voor de stad.",
}


def _whole(text: str) -> list[Span]:
    return [Span(0, len(text))]


def test_english_article_is_named_and_flagged_first() -> None:
    """An English article gets meta.language "en" and, first of the red flags, "not_german" with its evidence."""
    dossier = analyze(ENGLISH, kind="text", profile="fast")
    assert dossier.article.meta.language == "en"
    assert dossier.summary is not None
    first = dossier.summary.red_flags[0]
    assert first.kind == "not_german" and first.evidence
    english = function_words()[1]["en"]
    assert all(ENGLISH[s.start : s.end].lower() in english for s in first.evidence)


def test_german_quoting_english_stays_german() -> None:
    """A German text with an English quotation is German: the other language must clearly outnumber German."""
    assert identify(GERMAN_WITH_ENGLISH_LYRICS, _whole(GERMAN_WITH_ENGLISH_LYRICS)).code == "de"


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_are_named(code: str) -> None:
    """French and Dutch news sentences are recognised."""
    assert identify(OTHERS[code], _whole(OTHERS[code])).code == code


def test_german_reference_has_no_language_flag() -> None:
    """The reference article is German: no "not_german" flag."""
    path = data_root().parent / "examples" / "000_e802bb6f5783bca5.txt"
    if not path.exists():
        pytest.skip(f"reference article not found at {path}")
    dossier = analyze(path, profile="fast")
    assert dossier.article.meta.language == "de"
    assert dossier.summary is not None and all(f.kind != "not_german" for f in dossier.summary.red_flags)


def test_no_german_news_article_is_taken_for_another_language() -> None:
    """None of the first 300 10kGNAD articles (Austrian news) is named another language."""
    import csv

    from newsaudit.ingest import load_document
    from newsaudit.language.identify import identify_article
    from newsaudit.structure.text import label_text

    path = data_root() / "news-de" / "10kgnad-test.csv"
    if not path.exists():
        pytest.skip(f"10kGNAD not found at {path}")
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for _, r in zip(range(300), csv.reader(handle, delimiter=";", quotechar="'"), strict=False)]
    codes = set()
    for row in rows:
        if len(row) < 2 or not row[1].strip():
            continue
        document = load_document(row[1], kind="text")
        codes.add(identify_article(label_text(document.text, document.provenance)).code)
    assert codes == {"de"}

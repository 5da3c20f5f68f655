"""The outlet registry: its file, name and domain matching, photo credits, and the user's extension."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from newsaudit.entities import outlets
from newsaudit.entities.outlets import (
    MEDIA_KINDS,
    USER_REGISTRY_ENV,
    match_outlet,
    outlet_for_domain,
    registry,
    split_credit,
)
from newsaudit.errors import DataError
from newsaudit.lexicons import RESOURCE_DIR
from newsaudit.types import Span


def _credit(text: str) -> list[tuple[str, str | None]]:
    return [(text[s.start : s.end], o.name if o else None) for s, o in split_credit(text, Span(0, len(text)))]


def test_registry_file_is_well_formed() -> None:
    """Every row has six columns, a known kind and an ISO country code, and the file states source and licence."""
    text = (RESOURCE_DIR / outlets.REGISTRY_FILE).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "source:" in header and "licence:" in header and USER_REGISTRY_ENV in header
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        assert len(cols) == 6, line
        assert cols[4] in MEDIA_KINDS, line
        assert re.fullmatch(r"[A-Z]{2}", cols[3]), line


def test_registry_is_large_and_unambiguous_by_name_and_domain() -> None:
    """At least 250 outlets; no two share a canonical name or a domain."""
    reg = registry()
    assert len(reg.outlets) >= 250
    names = Counter(outlets.name_key(o.name) for o in reg.outlets)
    assert [n for n, c in names.items() if c > 1] == []
    domains = Counter(d for o in reg.outlets for d in o.domains)
    assert [d for d, c in domains.items() if c > 1] == []


def test_every_kind_of_outlet_is_present() -> None:
    """Agencies, photo agencies, state media, public broadcasters, tabloids ... are all represented."""
    kinds = {o.kind for o in registry().outlets}
    assert kinds == MEDIA_KINDS


@pytest.mark.parametrize(
    ("written", "name", "country", "kind"),
    [
        ('der britische "Express"', "Daily Express", "GB", "tabloid"),
        ("Express", "Express", "DE", "tabloid"),
        ("BILD", "Bild", "DE", "tabloid"),
        ("bild.de", "Bild", "DE", "tabloid"),
        ("des Spiegels", "Der Spiegel", "DE", "magazine"),
        ("die Nachrichtenagentur Reuters", "Reuters", "GB", "agency"),
        ("dem US-Sender CNN", "CNN", "US", "broadcaster"),
        ("„Guardian“", "The Guardian", "GB", "broadsheet"),
        ("ITAR-TASS", "TASS", "RU", "state media"),
        ("Sputnik", "Sputnik", "RU", "state media"),
        ("picture-alliance", "picture alliance", "DE", "photo agency"),
        ("Kyiv Independent", "Kyiv Independent", "UA", "online portal"),
        ("News.de", "News.de", "DE", "online portal"),
        ("ntv", "n-tv", "DE", "broadcaster"),
    ],
)
def test_match_outlet(written: str, name: str, country: str, kind: str) -> None:
    """Names match across case, quotes, articles, adjectives, media nouns and the genitive -s."""
    outlet = match_outlet(written)
    assert outlet is not None, written
    assert (outlet.name, outlet.country, outlet.kind) == (name, country, kind)


@pytest.mark.parametrize("written", ["Wladimir Putin", "die ukrainische Armee", "Legion", "Sprecher der Polizei", ""])
def test_match_outlet_negatives(written: str) -> None:
    """People, institutions and empty strings are no outlets."""
    assert match_outlet(written) is None


def test_country_hint_picks_among_shared_aliases() -> None:
    """An explicit country hint chooses between outlets that share a name."""
    outlet = match_outlet("Express", country="GB")
    assert outlet is not None and outlet.name == "Daily Express"


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("news.de", "News.de"),
        ("www.bild.de", "Bild"),
        ("https://edition.cnn.com/2024/world", "CNN"),
        ("news.sky.com", "Sky News"),
        ("de.rt.com", "RT"),
        ("www1.wdr.de", "WDR"),
        ("faktencheck.afp.com", "AFP"),
        ("www.t-online.de", "t-online"),
    ],
)
def test_outlet_for_domain(host: str, name: str) -> None:
    """Hosts and URLs resolve through their own name or a parent domain."""
    outlet = outlet_for_domain(host)
    assert outlet is not None and outlet.name == name


@pytest.mark.parametrize("host", ["example.org", "localhost", "", "de", "not a host"])
def test_outlet_for_domain_negatives(host: str) -> None:
    """Unknown hosts and junk give None."""
    assert outlet_for_domain(host) is None


def test_split_credit_types_agencies_and_keeps_photographers() -> None:
    """A pooled agency credit splits into typed agencies and untyped names."""
    parts = _credit("Bild: picture alliance/dpa/Pool Sputnik Kremlin/AP | Alexei Nikolsky")
    assert parts == [
        ("picture alliance", "picture alliance"),
        ("dpa", "dpa"),
        ("Sputnik", "Sputnik"),
        ("Kremlin", None),
        ("AP", "AP"),
        ("Alexei Nikolsky", None),
    ]


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("Foto: AFP via Getty Images", [("AFP", "AFP"), ("Getty Images", "Getty Images")]),
        ("© REUTERS/Gleb Garanich", [("REUTERS", "Reuters"), ("Gleb Garanich", None)]),
        ("imago images/ITAR-TASS", [("imago images", "imago"), ("ITAR-TASS", "TASS")]),
        ("Foto: AP Photo/Efrem Lukatsky", [("AP", "AP"), ("Efrem Lukatsky", None)]),
        ("dpa-Zentralbild/Jens Büttner", [("dpa-Zentralbild", "dpa"), ("Jens Büttner", None)]),
        ("Foto: Max Mustermann", [("Max Mustermann", None)]),
    ],
)
def test_split_credit_variants(credit: str, expected: list[tuple[str, str | None]]) -> None:
    """Common credit shapes: 'via', copyright sign, photo suffixes, agency sub-brands, a photographer alone."""
    assert _credit(credit) == expected


def test_split_credit_spans_point_into_the_text() -> None:
    """Credit parts are offsets into the whole text, inside the given span."""
    text = "Ein Satz. Foto: dpa/Anna Weber"
    span = Span(text.index("Foto"), len(text))
    parts = split_credit(text, span)
    assert [text[s.start : s.end] for s, _ in parts] == ["dpa", "Anna Weber"]
    assert all(span.contains(s) for s, _ in parts)


def test_user_extension_adds_and_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NEWSAUDIT_OUTLETS adds rows and replaces a shipped row with the same canonical name."""
    extra = tmp_path / "extra.tsv"
    extra.write_text(
        "# my outlets\n"
        "Lokalblatt Musterstadt\tLokalblatt\tlokalblatt-muster.de\tDE\tregional paper\ttest row\n"
        "News.de\t\tnews.de\tDE\ttabloid\toverride for the test\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(USER_REGISTRY_ENV, str(extra))
    added = match_outlet("Lokalblatt")
    assert added is not None and added.kind == "regional paper"
    domain = outlet_for_domain("www.lokalblatt-muster.de")
    assert domain is not None and domain.name == "Lokalblatt Musterstadt"
    replaced = outlet_for_domain("news.de")
    assert replaced is not None and replaced.kind == "tabloid"
    monkeypatch.delenv(USER_REGISTRY_ENV)
    shipped = outlet_for_domain("news.de")
    assert shipped is not None and shipped.kind == "online portal"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Name\t\tx.de\tDE\tnewspaperish\t\n", "unknown kind"),
        ("Name\t\tx.de\tGermany\ttabloid\t\n", "ISO 3166"),
        ("Name\tx.de\n", "6 tab-separated columns"),
    ],
)
def test_user_extension_errors_name_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, message: str
) -> None:
    """A malformed user row is a DataError that names the file, the line and the problem."""
    extra = tmp_path / "bad.tsv"
    extra.write_text("# header\n" + row, encoding="utf-8")
    monkeypatch.setenv(USER_REGISTRY_ENV, str(extra))
    with pytest.raises(DataError, match=rf"bad\.tsv:2: .*{message}"):
        registry()


def test_user_extension_missing_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A user registry path that does not exist is a DataError naming the variable."""
    monkeypatch.setenv(USER_REGISTRY_ENV, str(tmp_path / "absent.tsv"))
    with pytest.raises(DataError, match=USER_REGISTRY_ENV):
        registry()

"""The outlet registry: which outlet, agency or photo agency a name, domain or photo credit refers to.

The registry is a resource file (``resources/de/outlets.tsv``: canonical name, aliases, domains, country, kind,
notes), written from public knowledge; users add or replace entries with an extra TSV in the same columns named by
the environment variable ``NEWSAUDIT_OUTLETS``. Matching ignores case, spacing, hyphens and quotes, and peels off
what German wraps around an outlet name: articles, adjectives ("der britische 'Express'"), media nouns ("die
Nachrichtenagentur Reuters") and the genitive -s ("des Spiegels"). When one alias names several outlets ("Express":
the Cologne tabloid and the British Daily Express), a country adjective in the mention decides, else the outlet whose
canonical name it is.

Country words (``resources/de/country_adjectives.tsv``: adjective stems, country names, demonyms -> ISO code) are read
here too, because the matcher needs them for that choice; ``entities.actors`` uses the same table.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import DataError
from ..lexicons import RESOURCE_DIR, lexicon_rows
from ..types import Span

REGISTRY_FILE = "outlets.tsv"
COUNTRY_FILE = "country_adjectives.tsv"
USER_REGISTRY_ENV = "NEWSAUDIT_OUTLETS"
MEDIA_KINDS = frozenset(
    {
        "agency",
        "photo agency",
        "public broadcaster",
        "broadcaster",
        "broadsheet",
        "tabloid",
        "magazine",
        "online portal",
        "state media",
        "regional paper",
        "blog/alternative",
    }
)
# Nouns that name the kind of medium in front of its name ("die Nachrichtenagentur Reuters", "das Boulevardblatt
# 'Sun'"); peeled off before matching. Compounds end in one of these ("Online-Portal", "Tageszeitung").
_MEDIA_NOUN_ENDINGS = (
    "zeitung",
    "blatt",
    "blattes",
    "blatts",
    "sender",
    "senders",
    "agentur",
    "magazin",
    "magazins",
    "portal",
    "portals",
    "zeitschrift",
    "seite",
    "website",
    "webseite",
    "kanal",
    "kanals",
    "fernsehen",
    "fernsehens",
    "rundfunk",
    "radio",
    "dienst",
    "dienstes",
    "medium",
    "tabloid",
)
# Credit words that are no name: "Pool Sputnik Kremlin", "AP Photo", "Archivbild".
_CREDIT_FILLERS = frozenset(
    {
        "pool",
        "photo",
        "photos",
        "foto",
        "fotos",
        "bild",
        "archiv",
        "archivbild",
        "archivfoto",
        "symbolbild",
        "symbolfoto",
        "screenshot",
        "handout",
        "montage",
        "collage",
        "grafik",
        "illustration",
        "privat",
        "copyright",
        "credit",
        "quelle",
        "bildquelle",
        "fotograf",
        "fotografin",
        "via",
    }
)
# A marker that opens a credit line ("Bild: ", "Foto: ", "©"); the credit's names follow it.
_CREDIT_MARKER_RE = re.compile(
    r"\s*(?:\(?\s*(?:Bild|Bilder|Foto|Fotos|Bildquelle|Quelle|Copyright|Credit|Grafik|Illustration|Video|Archivbild|"
    r"Archivfoto|Symbolbild|Symbolfoto|Fotograf|Fotografin|Titelbild|Beitragsbild)\s?:\s*|©\s*|\(c\)\s*)",
    re.IGNORECASE,
)
# Separators between the parts of a photo credit: "picture alliance/dpa | Name", "AFP via Getty Images".
_CREDIT_SPLIT_RE = re.compile(r"\s*(?:/|\||,|;|\+|&|\bvia\b|\bund\b|\band\b|\s[-–]\s)\s*", re.IGNORECASE)
_CREDIT_WORD_RE = re.compile(r"[\w.&'’-]*\w[.]?")
_QUOTE_CHARS = "\"'„“”‚‘’«»‹›`´"
_QUOTED_RE = re.compile(r"[\"„“”«»‹›‚‘’']\s*([^\"„“”«»‹›‚‘’']+?)\s*[\"„“”«»‹›‚‘’']")
_WORD_RE = re.compile(r"\S+")
# Word-level lookups are memoised per word form; bounded so that corpus runs over many texts keep a flat memory.
WORD_CACHE_SIZE = 1 << 16
# Longest outlet name in words that the credit scanner tries ("Radio Free Europe/Radio Liberty" is split first).
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class Outlet:
    """One registry entry: a news outlet, agency or photo agency."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str  # ISO 3166-1 alpha-2 of the seat
    kind: str  # one of MEDIA_KINDS
    notes: str = ""


@dataclass(frozen=True)
class Registry:
    """The loaded registry with its lookup tables (keys from ``name_key``)."""

    outlets: tuple[Outlet, ...]
    by_key: dict[str, tuple[Outlet, ...]]
    canonical: dict[str, Outlet]
    by_domain: dict[str, Outlet]


def name_key(name: str) -> str:
    """The matching key of a name: case-folded, quotes dropped, hyphens/slashes/underscores as spaces, one space."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(c for c in text if c not in _QUOTE_CHARS)
    text = re.sub(r"[-_/–]+", " ", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .,:;!?()[]")


def parse_registry(lines: Iterable[str], origin: str) -> list[Outlet]:
    """Registry rows from TSV lines (``#``, blank lines skipped); ``DataError`` naming origin and line if malformed."""
    outlets: list[Outlet] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.rstrip("\n").split("\t")]
        if len(cols) == 5:
            cols.append("")
        if len(cols) != 6 or not cols[0]:
            raise DataError(
                f"{origin}:{number}: expected 6 tab-separated columns (name, aliases, domains, country, kind, notes)"
            )
        name, aliases, domains, country, kind, notes = cols
        if kind not in MEDIA_KINDS:
            raise DataError(f"{origin}:{number}: unknown kind {kind!r}; use one of {', '.join(sorted(MEDIA_KINDS))}")
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise DataError(f"{origin}:{number}: country must be an ISO 3166 alpha-2 code, got {country!r}")
        outlets.append(
            Outlet(
                name=name,
                aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
                domains=tuple(d.strip().lower() for d in domains.split("|") if d.strip()),
                country=country,
                kind=kind,
                notes=notes,
            )
        )
    return outlets


def _build(outlets: list[Outlet]) -> Registry:
    # A user row with the canonical name of a shipped row replaces it; later rows win.
    by_name: dict[str, Outlet] = {}
    for outlet in outlets:
        by_name[name_key(outlet.name)] = outlet
    final = tuple(by_name.values())
    by_key: dict[str, list[Outlet]] = {}
    by_domain: dict[str, Outlet] = {}
    for outlet in final:
        for written in (outlet.name, *outlet.aliases, *outlet.domains):
            bucket = by_key.setdefault(name_key(written), [])
            if outlet not in bucket:
                bucket.append(outlet)
        for domain in outlet.domains:
            by_domain.setdefault(domain, outlet)
    return Registry(
        outlets=final,
        by_key={k: tuple(v) for k, v in by_key.items()},
        canonical={name_key(o.name): o for o in final},
        by_domain=by_domain,
    )


@cache
def _load(user_file: str | None) -> Registry:
    shipped = (RESOURCE_DIR / REGISTRY_FILE).read_text(encoding="utf-8").splitlines()
    outlets = parse_registry(shipped, REGISTRY_FILE)
    if user_file:
        path = Path(user_file)
        try:
            extra = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"cannot read {USER_REGISTRY_ENV}={user_file}: {error}") from error
        outlets += parse_registry(extra, str(path))
    return _build(outlets)


def registry() -> Registry:
    """The shipped registry plus the user's extra TSV named by ``$NEWSAUDIT_OUTLETS`` (if set)."""
    return _load(os.environ.get(USER_REGISTRY_ENV) or None)


# ---- country words ---------------------------------------------------------------------------------------------

_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True)
class CountryWords:
    """Lower-cased country words -> ISO code: adjective stems, country names (with genitive -s), demonyms."""

    adjective_stems: dict[str, str]
    nouns: dict[str, str]  # country names and demonyms
    names: dict[str, str]  # country names only


@cache
def country_words() -> CountryWords:
    """The table ``country_adjectives.tsv``: adjective stem, ISO code, country names, demonyms."""
    stems: dict[str, str] = {}
    nouns: dict[str, str] = {}
    names: dict[str, str] = {}
    for cols in lexicon_rows(COUNTRY_FILE):
        stem, code = cols[0].strip().lower(), cols[1].strip()
        if stem:
            stems[stem] = code
        for column, field in enumerate(cols[2:4]):
            for noun in field.split("|"):
                noun = noun.strip().lower()
                if noun:
                    nouns.setdefault(noun, code)
                    if column == 0:
                        names.setdefault(noun, code)
    return CountryWords(stems, nouns, names)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def country_of_adjective(word: str) -> str | None:
    """ISO code of an inflected country adjective ("britischen" -> "GB", "US-amerikanische" -> "US"), else None."""
    lower = word.lower()
    if "-" in lower:  # "US-amerikanische", "russisch-orthodoxe": the last part carries the inflection
        lower = lower.rsplit("-", 1)[1]
    stems = country_words().adjective_stems
    for ending in _ADJECTIVE_ENDINGS:
        if ending and not lower.endswith(ending):
            continue
        stem = lower[: len(lower) - len(ending)] if ending else lower
        if stem in stems:
            return stems[stem]
    return None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def country_of_noun(word: str) -> str | None:
    """ISO code of a country name or demonym ("Russlands" -> "RU", "Ukrainer" -> "UA"), else None."""
    lower = word.lower()
    nouns = country_words().nouns
    if lower in nouns:
        return nouns[lower]
    for ending in ("s", "es", "n", "en"):
        if lower.endswith(ending) and lower[: -len(ending)] in nouns:
            return nouns[lower[: -len(ending)]]
    return None


def country_of_word(word: str) -> str | None:
    """ISO code named by a country adjective, country name or demonym, else None."""
    return country_of_adjective(word) or country_of_noun(word)


# ---- matching --------------------------------------------------------------------------------------------------


def _choose(candidates: tuple[Outlet, ...], key: str, country: str | None) -> Outlet | None:
    if len(candidates) == 1:
        return candidates[0]
    if country:
        in_country = [o for o in candidates if o.country == country]
        if len(in_country) == 1:
            return in_country[0]
    canonical = registry().canonical.get(key)
    if canonical in candidates:
        return canonical
    return None


def _is_media_noun(word: str) -> bool:
    lower = word.lower().strip(_QUOTE_CHARS + ".,:;")
    return any(lower.endswith(ending) for ending in _MEDIA_NOUN_ENDINGS)


def _lookup(written: str, country: str | None) -> Outlet | None:
    key = name_key(written)
    if not key:
        return None
    reg = registry()
    candidates = reg.by_key.get(key)
    if candidates:
        return _choose(candidates, key, country)
    # Genitive: "des Spiegels", "des Guardians", "der Times'" (the apostrophe is dropped by name_key).
    for ending in ("es", "s"):
        if key.endswith(ending) and key[: -len(ending)] in reg.by_key:
            stem = key[: -len(ending)]
            return _choose(reg.by_key[stem], stem, country)
    return None


def match_outlet(name: str, *, country: str | None = None) -> Outlet | None:
    """The registry outlet a written name refers to, or None.

    Tries the whole name, then a quoted part, then the name with leading lower-case words (articles, adjectives),
    media nouns ("Zeitung", "Nachrichtenagentur") and the genitive -s peeled off. A country adjective in the name
    ("der britische 'Express'") or ``country`` picks among outlets sharing an alias.
    """
    words = _WORD_RE.findall(name)
    if country is None:
        for word in words:
            code = country_of_adjective(word.strip(_QUOTE_CHARS))
            if code:
                country = code
                break
    found = _lookup(name, country)
    if found:
        return found
    for quoted in _QUOTED_RE.findall(name):
        found = _lookup(quoted, country)
        if found:
            return found
    # Peel leading words that cannot start an outlet name: lower-case words and media nouns.
    start = 0
    while start < len(words) - 1:
        word = words[start].strip(_QUOTE_CHARS)
        if word[:1].islower() or _is_media_noun(word) or word.lower() in ("der", "die", "das", "des", "dem", "den"):
            start += 1
            found = _lookup(" ".join(words[start:]), country)
            if found:
                return found
            continue
        break
    return None


def outlet_for_domain(host: str) -> Outlet | None:
    """The outlet of a host name or URL ("www.bild.de", "https://edition.cnn.com/x" -> CNN), or None.

    The host and each of its parent domains are tried, longest first, so "news.sky.com" beats "sky.com".
    """
    text = host.strip().lower()
    if "://" in text or "/" in text:
        try:
            parsed = urlsplit(text if "://" in text else "//" + text)
            text = parsed.hostname or ""
        except ValueError:
            return None
    text = text.rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    by_domain = registry().by_domain
    labels = text.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in by_domain:
            return by_domain[candidate]
    return None


# ---- photo credits ---------------------------------------------------------------------------------------------


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The separator-delimited parts of ``text[start:end]`` as absolute (start, end), stripped."""
    parts: list[tuple[int, int]] = []
    cursor = start
    for match in _CREDIT_SPLIT_RE.finditer(text, start, end):
        parts.append((cursor, match.start()))
        cursor = match.end()
    parts.append((cursor, end))
    stripped: list[tuple[int, int]] = []
    for a, b in parts:
        while a < b and (text[a].isspace() or text[a] in _QUOTE_CHARS + "()[]:"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in _QUOTE_CHARS + "()[]:,;"):
            b -= 1
        if a < b:
            stripped.append((a, b))
    return stripped


def _scan_piece(text: str, a: int, b: int) -> list[tuple[Span, Outlet | None]]:
    """Outlets named inside one credit part, longest names first; the other words form photographer names."""
    whole = match_outlet(text[a:b])
    if whole:
        return [(Span(a, b), whole)]
    words = [(m.start(), m.end()) for m in _CREDIT_WORD_RE.finditer(text, a, b)]
    found: list[tuple[int, int, Outlet]] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            s, e = words[i][0], words[i + n - 1][1]
            outlet = _lookup(text[s:e], None)
            if outlet:
                found.append((i, i + n, outlet))
                i += n
                break
        else:
            i += 1
    result: list[tuple[Span, Outlet | None]] = []
    taken: set[int] = set()
    for first, last, outlet in found:
        result.append((Span(words[first][0], words[last - 1][1]), outlet))
        taken.update(range(first, last))
    # Remaining words, in runs, minus filler words ("Pool", "Photo"), are names (photographers, pools, owners).
    run: list[int] = []
    for index in [*range(len(words)), len(words)]:
        keep = (
            index < len(words)
            and index not in taken
            and text[words[index][0] : words[index][1]].lower().strip(".") not in _CREDIT_FILLERS
        )
        if keep:
            run.append(index)
            continue
        if run:
            result.append((Span(words[run[0]][0], words[run[-1]][1]), None))
            run = []
    result.sort(key=lambda item: item[0])
    return result


def split_credit(text: str, span: Span) -> list[tuple[Span, Outlet | None]]:
    """The parts of a photo credit: each outlet or agency named (typed) and each other name (None), in text order.

    "picture alliance/dpa/Pool Reuters Rathaus/AP | Jana Berg" -> picture alliance, dpa, Reuters, AP (outlets),
    "Rathaus" and "Jana Berg" (None). A leading marker ("Bild:", "Foto:", "©") is skipped.
    """
    start, end = span.start, span.end
    marker = _CREDIT_MARKER_RE.match(text, start, end)
    if marker:
        start = marker.end()
    parts: list[tuple[Span, Outlet | None]] = []
    for a, b in _pieces(text, start, end):
        parts.extend(_scan_piece(text, a, b))
    return parts

"""Names on a page: the site's own names, title suffixes that repeat them, and author names in bylines."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .html_cues import cue
from .html_meta import PageMeta
from .outlet import outlet_from_url

# " | Outlet", " - WELT", " – DW – 13.06.2023": a spaced separator and a short tail without another separator.
_SUFFIX_RE = re.compile(r"\s+[|–—-]\s+(?:(?!\s[|–—-]\s).){2,40}$")


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def alnum(text: str) -> str:
    """Letters and digits only, lower case, umlauts spelled out (domains write "boersen-zeitung")."""
    return "".join(ch for ch in text.lower().translate(_TRANSLITERATION) if ch.isalnum())


def strip_site_suffix(title: str, site_names: Iterable[str] = ()) -> str:
    """'Headline | Outlet' -> 'Headline' (also ' - WELT', ' – DW – 13.06.2023').

    A tail is cut only when it names the site (og:site_name, publisher, domain) or is a date, so that
    headlines with a dash of their own ("Aktivistin getötet - Irans Justiz dementiert") stay whole.
    """
    names = [n for n in (alnum(s) for s in site_names) if len(n) >= 2]
    previous = None
    while previous != title:
        previous = title
        match = _SUFFIX_RE.search(title)
        if match is None:
            break
        tail = alnum(match.group(0))
        is_date = bool(re.fullmatch(r"\s*[|–—-]\s*[\d.\s/-]+", match.group(0)))
        if is_date or any(tail and (tail in n or n in tail) for n in names):
            title = title[: match.start()].strip()
    return title


def names_the_site(name: str, meta: PageMeta) -> bool:
    """The name is the outlet itself ("DER SPIEGEL", "ORF.at", "Redaktion hessenschau.de"), not a person."""
    key = alnum(name)
    tokens = {alnum(t) for t in re.findall(r"\w+", name)}
    for site in (alnum(s) for s in site_names(meta)):
        if site and (site == key or site in tokens or (len(site) >= 5 and site in key)):
            return True
    return False


# A person's name in a byline: two to four capitalised words, name particles allowed.
_NAME_RE = re.compile(
    r"^(?:Dr\.\s+|Prof\.\s+)*[A-ZÄÖÜ][\w'’.-]*(?:\s+(?:von|van|de|der|den|zu|del|la)?\s*[A-ZÄÖÜ][\w'’.-]*){1,3}$"
)
_NAME_SEPARATOR_RE = re.compile(r"\s*(?:,|\bund\b|\band\b|&|\||/|;)\s*")
_BYLINE_END_RE = re.compile(r"\s(?:\d|Stand:|Aktualisiert|Veröffentlicht|Lesezeit)")


def split_names(text: str) -> list[str]:
    """Author names in a byline or an author string: "Von Anna Muster und Ben Beispiel, Berlin" -> two names.

    The opening word ("Von", "Kommentar von") and what follows a date are cut; the rest is split at commas,
    "und", "&" and "|"; pieces that look like a person's name or are a news agency are kept.
    """
    text = cue("byline_prefix").sub("", text.strip(), count=1)
    cut = _BYLINE_END_RE.search(text)
    if cut:
        text = text[: cut.start()]
    names: list[str] = []
    for piece in _NAME_SEPARATOR_RE.split(text):
        piece = piece.strip(" .:-–")
        if _NAME_RE.match(piece) or cue("agency").match(piece.lower()):
            names.append(piece)
    return names


def site_names(meta: PageMeta) -> list[str]:
    """Names the page gives itself (og:site_name, publisher, domain): what a title suffix may be."""
    names = [n for n in (meta.site_name, meta.publisher.value if meta.publisher else None) if n]
    domain = outlet_from_url(meta.url) if meta.url else None
    if domain:
        names += [domain, domain.split(".")[0]]
    return names

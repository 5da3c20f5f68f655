"""The outlet of an article: from its URL (registrable domain) or from outlet mentions in its text.

The registrable domain is the public suffix plus one label ("zeit.de", "spiegel.de", "bbc.co.uk").
The suffix list is a small resource file (``resources/de/public_suffixes.tsv``): multi-label suffixes
are listed there, every other host falls back to "last label is the suffix".
Outlet names come from the outlet registry ``resources/de/outlets.tsv`` (read by ``entities.outlets``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from ..lexicons import lexicon_lines
from ..types import Span

# Hosts are letters, digits, hyphens and dots; anything else means the string is not a URL host.
_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_IPV4_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


@cache
def _multi_label_suffixes() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in lexicon_lines("public_suffixes.tsv"))


def registrable_domain(host: str) -> str | None:
    """The registrable domain of a host name, or None when it is not a public host name."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not _HOST_RE.match(host) or _IPV4_RE.match(host):
        return None
    labels = host.split(".")
    suffixes = _multi_label_suffixes()
    suffix_len = 2 if len(labels) >= 2 and ".".join(labels[-2:]) in suffixes else 1
    if len(labels) <= suffix_len:
        return None
    return ".".join(labels[-(suffix_len + 1) :])


def outlet_from_url(url: str) -> str | None:
    """Registrable domain of a URL ("https://www.zeit.de/politik/..." -> "zeit.de"); None for paths and junk."""
    url = url.strip()
    if not url:
        return None
    if "://" not in url:
        if url.startswith("/") or url.startswith("."):
            return None
        url = "//" + url  # bare host ("www.spiegel.de/politik") parsed as a network location
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return registrable_domain(host)


@dataclass(frozen=True)
class Outlet:
    """One registry entry: a German-language outlet or a news agency."""

    domain: str
    name: str
    country: str
    kind: str  # one of entities.outlets.MEDIA_KINDS: "tabloid", "online portal", "agency", ...


@cache
def outlet_registry() -> dict[str, Outlet]:
    """The registry keyed by domain: one entry per domain of the outlet registry (``entities.outlets``)."""
    from ..entities.outlets import registry as full_registry

    registry: dict[str, Outlet] = {}
    for outlet in full_registry().outlets:
        for domain in outlet.domains:
            registry.setdefault(domain, Outlet(domain, outlet.name, outlet.country, outlet.kind))
    return registry


@cache
def _names_to_domains() -> dict[str, str]:
    """Lower-cased outlet names (and bare domains) -> domain, for matching mentions in text."""
    mapping: dict[str, str] = {}
    for outlet in outlet_registry().values():
        mapping[outlet.name.lower()] = outlet.domain
        mapping[outlet.domain] = outlet.domain
    return mapping


@dataclass(frozen=True)
class OutletMention:
    """An outlet seen in the text: the domain it resolves to, where, and by which cue."""

    domain: str
    span: Span
    cue: str  # "domain" | "follow-us" | "about-us"


# A domain written in the text ("zeit.de", "www.spiegel.de", "/loc/zeit.de"). The label before the TLD
# must start with a letter so that numbers such as "3.5" are not domains.
_DOMAIN_IN_TEXT_RE = re.compile(
    r"(?<![\w@.-])(?:https?://)?(?:www\.)?((?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*\.(?:de|at|ch|com|net|org|eu|info|tv|fm|news|co\.uk))(?![\w-])",
)


@cache
def _follow_cues() -> tuple[re.Pattern[str], ...]:
    """Patterns from ``structure_outlet_cues.tsv``: group ``outlet`` captures the outlet's own name."""
    patterns: list[re.Pattern[str]] = []
    for line in lexicon_lines("structure_outlet_cues.tsv"):
        patterns.append(re.compile(line.split("\t")[0]))
    return tuple(patterns)


def _resolve_name(name: str) -> str | None:
    """A written outlet name or domain -> registrable domain (via the registry, else the domain itself)."""
    key = name.strip().lower()
    names = _names_to_domains()
    if key in names:
        return names[key]
    domain = outlet_from_url(key) if "." in key else None
    return domain


def find_outlet_mentions(text: str) -> list[OutletMention]:
    """Self-references of the outlet in furniture lines: "Folgen Sie X bei ...", "Redaktion von x.de", domains.

    Returned in text order. The caller decides which lines count (only furniture, not article prose, where
    a domain may name a cited outlet).
    """
    mentions: list[OutletMention] = []
    for pattern in _follow_cues():
        for match in pattern.finditer(text):
            domain = _resolve_name(match.group("outlet"))
            if domain:
                mentions.append(OutletMention(domain, Span(match.start("outlet"), match.end("outlet")), "follow-us"))
    for match in _DOMAIN_IN_TEXT_RE.finditer(text):
        domain = outlet_from_url(match.group(1))
        if domain:
            mentions.append(OutletMention(domain, Span(match.start(1), match.end(1)), "domain"))
    mentions.sort(key=lambda m: m.span)
    return mentions

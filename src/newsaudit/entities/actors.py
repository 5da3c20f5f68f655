"""Actor typing: what kind of actor a source or speaker is (outlet, official, military, expert, anonymous ...).

``type_actor`` reads, in this order of precedence:

1. the outlet registry (``entities.outlets``): a mention that names a registered outlet is media of its kind
   ("der britische 'Express'" -> tabloid, GB);
2. role nouns and phrases (``resources/de/actor_roles.tsv``) in the mention, in the words in front of a name
   ("der polnische Präsident Jan Nowak") and in an apposition after it ("Marta Kowalczyk, Beraterin des
   Büroleiters des polnischen Präsidenten"). A role that says nothing about the sector ("Sprecher", "Berater") or
   that takes its type from a complement ("Präsident", "Behörde") follows its genitive or von-complement
   ("Sprecher der Polizei") or compound modifier ("Polizeisprecher") to the first typed role;
3. anonymity markers ("Insider", "aus Regierungskreisen", "eine Quelle") when no mention names the actor, and a
   person described by a role alone with no name anywhere in the mentions ("ein Sprecher"), make it anonymous;
4. else the NER type (PER -> person, ORG -> organisation, LOC -> place).

The country comes from the role entry (Kreml -> RU), a compound part ("US-Präsident"), a country adjective in front
of a role noun ("der ukrainische Generalstab") or a country in its complement ("Präsident der Ukraine").

``party_to``: an actor is a party to the story when it is an organ of a state that the article's main story is
about (government, military, police/judiciary, state media) or a non-state armed group. The story's parties are
the countries the article's prose names most often (``story_parties``: at least ``MIN_PARTY_MENTIONS`` mentions
and ``MIN_PARTY_SHARE`` of all country mentions, at most ``MAX_PARTIES``). Limits: counting is no reading; an
article about a war between two countries that mostly quotes a third (a mediator) can make the mediator a party,
and a domestic story makes its own government a party to it (which, for a story about that government, it is).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..lexicons import lexicon_rows
from ..types import Language, Span, Token
from .outlets import (
    WORD_CACHE_SIZE,
    country_of_adjective,
    country_of_noun,
    country_of_word,
    country_words,
    match_outlet,
)

ROLES_FILE = "actor_roles.tsv"
ACTOR_KINDS = (
    "media",
    "government",
    "military",
    "party",
    "company",
    "ngo",
    "expert",
    "police_judiciary",
    "anonymous",
    "person",
    "organisation",
    "place",
    "other",
)
# Kinds that are organs of a state: party to the story when their country is one of the story's parties.
STATE_KINDS = frozenset({"government", "military", "police_judiciary"})
# Set by reading country counts of the reference article and ten news-de and disinfo-de articles: the two warring
# states of a war report reach 8-20 mentions each, a country that only hosts a cited outlet 1-2.
MIN_PARTY_MENTIONS = 3
MIN_PARTY_SHARE = 0.2
MAX_PARTIES = 2
# Words an apposition may reach before its first role noun ("Kowalczyk, ehemalige Beraterin ...").
APPOSITION_REACH = 4
# Inflectional endings a role noun may carry ("Büroleiters", "Präsidenten", "Sprecherin", "Reportern").
_ENDINGS = ("", "s", "es", "n", "en", "e", "er", "ern", "in", "innen", "nen")
# Linking elements between the parts of a compound ("Regierungs|sprecher", "Behörden|chef").
_LINKS = ("", "s", "es", "n", "en", "-")
_NAME_TAGS = frozenset({"NE", "FM"})
_NOUN_TAGS = frozenset({"NN", "NE", "FM", "TRUNC"})
_MODIFIER_TAGS = frozenset({"ADJA", "ADJD", "ART", "PPOSAT", "CARD", "PIAT", "PDAT", "$("})
_COMPLEMENT_STARTS = frozenset({"des", "der", "eines", "einer", "von", "vom", "dem", "den"})
_VERB_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN", "VVIMP", "VAIMP"})
# Adjectives that make a medium state media ("die staatliche Nachrichtenagentur", "der staatseigene Sender").
_STATE_OWNED_STEMS = ("staatlich", "staatseigen", "regierungseigen")
_ANONYMOUS = "anonymous"
_ROLE = "role"
_FALLBACK_BY_NER = {"PER": "person", "ORG": "organisation", "LOC": "place", "GPE": "place", "MEDIA": "media"}


@dataclass(frozen=True)
class ActorType:
    """The type of an actor, with the spans of the words that decided it and one sentence why.

    ``kind`` is one of ``ACTOR_KINDS``; ``media_kind`` one of ``outlets.MEDIA_KINDS`` (or None) for media;
    ``country`` an ISO 3166 code; ``party_to`` the story party the actor belongs to (an ISO code, or "non-state"
    for an armed group whose side the text does not say), None when it is no party; ``named`` is False when no
    mention names the person behind it ("ein Sprecher der Polizei", "Insider"), while a body described by its role
    ("die Polizei", "der ukrainische Generalstab") counts as named; ``outlet`` is the registry's canonical name for
    media. ``evidence`` holds the spans of the words that decided the type, ``reason`` says which rule did.
    """

    kind: str
    media_kind: str | None = None
    country: str | None = None
    party_to: str | None = None
    evidence: tuple[Span, ...] = ()
    reason: str = ""
    named: bool = True
    outlet: str | None = None


@dataclass(frozen=True)
class RoleEntry:
    """One row of ``actor_roles.tsv``."""

    phrase: str
    kind: str
    media_kind: str | None
    match: str  # word | suffix | phrase | whole
    person: bool
    complement: bool
    country: str | None
    note: str


@dataclass(frozen=True)
class RoleTable:
    words: dict[str, RoleEntry]  # word and suffix entries by phrase
    suffixes: tuple[str, ...]  # suffix entries, longest first
    phrases: tuple[tuple[tuple[str, ...], RoleEntry], ...]  # multi-word entries, longest first
    phrases_by_first: dict[str, tuple[tuple[tuple[str, ...], RoleEntry], ...]]  # the same, by their first word
    wholes: dict[str, RoleEntry]


@cache
def role_table() -> RoleTable:
    """The role lexicon, indexed for word, compound-suffix, phrase and whole-mention matching."""
    words: dict[str, RoleEntry] = {}
    phrases: list[tuple[tuple[str, ...], RoleEntry]] = []
    wholes: dict[str, RoleEntry] = {}
    for cols in lexicon_rows(ROLES_FILE):
        cols = [c.strip() for c in cols] + [""] * (7 - len(cols))
        phrase, kind_field, match, entity, complement, country, note = cols[:7]
        kind, _, media_kind = kind_field.partition(":")
        entry = RoleEntry(
            phrase=phrase,
            kind=kind,
            media_kind=media_kind or None,
            match=match,
            person=entity == "person",
            complement=complement == "yes",
            country=country or None,
            note=note,
        )
        if match == "phrase":
            phrases.append((tuple(phrase.split()), entry))
        elif match == "whole":
            wholes[phrase] = entry
        else:
            words[phrase] = entry
    suffixes = tuple(sorted((p for p, e in words.items() if e.match == "suffix"), key=len, reverse=True))
    phrases.sort(key=lambda item: len(item[0]), reverse=True)
    by_first: dict[str, list[tuple[tuple[str, ...], RoleEntry]]] = {}
    for item in phrases:
        by_first.setdefault(item[0][0], []).append(item)
    return RoleTable(words, suffixes, tuple(phrases), {k: tuple(v) for k, v in by_first.items()}, wholes)


@dataclass(frozen=True)
class RoleHit:
    """A role word in the text: its entry, and the typed modifier of a compound ("Polizei|sprecher") if any."""

    entry: RoleEntry
    span: Span
    modifier: RoleEntry | None = None
    modifier_country: str | None = None
    named_modifier: bool = False  # an untyped name before the hyphen: "NDB-Sprecherin", "Siemens-Chef"

    @property
    def kind(self) -> str:
        if self.modifier and self.modifier.kind != _ROLE and (self.entry.complement or self.entry.kind == _ROLE):
            return self.modifier.kind
        return self.entry.kind

    @property
    def label(self) -> str:
        """The lexicon words that decided the hit: "sprecher", or "polizei+sprecher" for a typed compound."""
        if self.modifier and self.kind == self.modifier.kind and self.kind != self.entry.kind:
            return f"{self.modifier.phrase}+{self.entry.phrase}"
        return self.entry.phrase

    @property
    def media_kind(self) -> str | None:
        if self.kind != self.entry.kind and self.modifier:
            return self.modifier.media_kind
        return self.entry.media_kind

    @property
    def country(self) -> str | None:
        if self.modifier_country:
            return self.modifier_country
        if self.modifier and self.modifier.country and self.kind == self.modifier.kind:
            return self.modifier.country
        return self.entry.country


def _word_entry(word: str) -> RoleEntry | None:
    """The entry a whole word matches (with an inflectional ending), or None."""
    table = role_table()
    for ending in _ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        entry = table.words.get(stem)
        if entry:
            return entry
    return None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _modifier_entry(modifier: str) -> RoleEntry | None:
    """The entry the first part of a compound ends in ("bundespolizei" -> polizei), linking -s/-n allowed."""
    table = role_table()
    for link in _LINKS:
        if link and not modifier.endswith(link):
            continue
        stem = modifier[: len(modifier) - len(link)] if link else modifier
        if not stem:
            continue
        entry = table.words.get(stem)
        if entry:
            return entry
        for suffix in table.suffixes:
            if len(suffix) >= 4 and stem.endswith(suffix):
                return table.words[suffix]
    return None


@cache
def _outlet_entry(name: str, media_kind: str, country: str) -> RoleEntry:
    """A role entry standing for a registered outlet used as a compound modifier."""
    return RoleEntry(name, "media", media_kind, "word", False, False, country, "outlet registry")


def analyse_word(word: str, span: Span) -> RoleHit | None:
    """The role a word names: whole-word entries, else the head of a compound (longest suffix entry first)."""
    found = _analyse(word)
    return replace(found, span=span) if found else None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _analyse(word: str) -> RoleHit | None:
    """``analyse_word`` for one word form (memoised: a text repeats its words), with an empty span."""
    span = Span(0, 0)
    lower = word.lower().strip(".-")
    if not lower:
        return None
    parts = lower.split("-")
    head = parts[-1]
    modifiers = [p for p in parts[:-1] if p]
    modifier_country = None
    for part in modifiers:
        modifier_country = modifier_country or country_of_word(part)
    original_parts = word.strip(".-").split("-")
    named_modifier = any(
        p[:1].isupper() and not country_of_word(p) and not _modifier_entry(p.lower()) for p in original_parts[:-1]
    )
    modifier_entry = None
    for part in reversed(modifiers):
        modifier_entry = _modifier_entry(part)
        if modifier_entry:
            break
    if modifier_entry is None:  # "NDR-Sprecher", "dpa-Korrespondent": a registered outlet before the hyphen
        for part in reversed(original_parts[:-1]):
            outlet = match_outlet(part) if len(part) > 1 else None
            if outlet:
                modifier_entry = _outlet_entry(outlet.name, outlet.kind, outlet.country)
                named_modifier = False
                break
    # The whole hyphenated word may be an entry ("wagner-gruppe", "telegram-kanal").
    entry = _word_entry(lower) if len(parts) > 1 else None
    if entry:
        return RoleHit(entry, span, None, None)
    entry = _word_entry(head)
    if entry and entry.match in ("word", "suffix"):
        return RoleHit(entry, span, modifier_entry, modifier_country, named_modifier)
    table = role_table()
    suffix = _head_suffix(head)
    if suffix is None:
        return None
    index = head.rfind(suffix)
    inner = _modifier_entry(head[:index])
    return RoleHit(table.words[suffix], span, inner or modifier_entry, modifier_country, named_modifier)


def _suffix_matches(head: str, suffix: str) -> bool:
    """The compound rule: the suffix's last occurrence is inside the word and only an inflectional ending follows."""
    index = head.rfind(suffix)
    return index > 0 and head[index + len(suffix) :] in _ENDINGS


@cache
def _suffix_ranks() -> tuple[dict[str, int], int]:
    """Each suffix entry's place in ``role_table().suffixes`` (the order they are tried in), and the longest one."""
    suffixes = role_table().suffixes
    return {suffix: rank for rank, suffix in enumerate(suffixes)}, max(map(len, suffixes), default=0)


def _head_suffix(head: str) -> str | None:
    """The first suffix entry, in ``role_table().suffixes`` order, that ``_suffix_matches`` the head, or None.

    Instead of trying all suffix entries, only the substrings of the head that end where an inflectional ending
    starts are looked up (any matching suffix is one of them); the rule is then checked on those few.
    """
    ranks, longest = _suffix_ranks()
    found: set[str] = {""} if "" in ranks else set()
    for ending in _ENDINGS:
        if not head.endswith(ending):
            continue
        end = len(head) - len(ending)
        found.update(head[i:end] for i in range(max(1, end - longest), end) if head[i:end] in ranks)
    matching = [suffix for suffix in found if _suffix_matches(head, suffix)]
    return min(matching, key=ranks.__getitem__) if matching else None


# ---- tokens around the mentions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    span: Span
    word: str
    pos: str
    lemma: str


_FALLBACK_WORD_RE = re.compile(r"\w[\w.'’-]*\w|\w|[^\w\s]")


def _fallback_tokens(text: str, span: Span) -> list[_Tok]:
    """Tokens of a span the language layer did not cover (credits, captions): words, a guessed coarse tag."""
    tokens: list[_Tok] = []
    for match in _FALLBACK_WORD_RE.finditer(text, span.start, span.end):
        word = match.group()
        if not word[0].isalnum():
            pos = "$," if word == "," else "$." if word in ".!?" else "$("
        elif word.lower() in ("von", "vom"):
            pos = "APPR"
        elif word.lower() in _COMPLEMENT_STARTS | {"die", "das", "ein", "eine", "einen", "einem"}:
            pos = "ART"
        elif word[0].isupper():
            pos = "NN"
        else:
            pos = "ADJA" if word.endswith(("e", "en", "er", "es", "em")) else "X"
        tokens.append(_Tok(Span(match.start(), match.end()), word, pos, word))
    return tokens


def _sentence_tokens(text: str, span: Span, language: Language | None) -> tuple[list[_Tok], int, int]:
    """The tokens of the sentence holding ``span`` and the index range of the span's tokens in it."""
    if language is not None and language.tokens:
        article = _article_tokens(text, language)
        position = bisect.bisect_right(article.starts, span.start) - 1
        if position >= 0:
            sentence = language.sentences[position]
            if sentence.span.start <= span.start < sentence.span.end:
                toks = article.sentence(position)
                inside = [i for i, t in enumerate(toks) if t.span.overlaps(span)]
                if inside:
                    return toks, inside[0], inside[-1] + 1
    toks = _fallback_tokens(text, span)
    return toks, 0, len(toks)


class _ArticleTokens:
    """One article's sentence starts and its sentences as _Tok lists, built as mentions ask for them: an article
    types every cluster, and each mention reads its whole sentence."""

    def __init__(self, text: str, language: Language) -> None:
        self.text = text
        self.language = language
        self.starts = [s.span.start for s in language.sentences]
        self._toks: dict[int, list[_Tok]] = {}

    def sentence(self, position: int) -> list[_Tok]:
        """The _Tok list of sentence ``position`` (callers read it, never change it)."""
        toks = self._toks.get(position)
        if toks is None:
            toks = [_from_token(self.text, t) for t in self.language.tokens_of(self.language.sentences[position])]
            self._toks[position] = toks
        return toks


# The last article's tokens, for the identical text and language layer objects only.
_LAST_ARTICLE: _ArticleTokens | None = None


def _article_tokens(text: str, language: Language) -> _ArticleTokens:
    global _LAST_ARTICLE
    last = _LAST_ARTICLE
    if last is None or last.text is not text or last.language is not language:
        last = _ArticleTokens(text, language)
        _LAST_ARTICLE = last
    return last


def _from_token(text: str, token: Token) -> _Tok:
    return _Tok(token.span, text[token.span.start : token.span.end], token.pos, token.lemma)


def _is_quote(tok: _Tok) -> bool:
    return tok.pos == "$(" or tok.word in "\"„“”'‚‘’«»"


def _window(toks: list[_Tok], first: int, last: int) -> tuple[int, int]:
    """Widen a mention's token range over the words in front of it and an apposition after it."""
    start = first
    took_role = False
    while start > 0:
        prev = toks[start - 1]
        if prev.pos in _MODIFIER_TAGS or _is_quote(prev):
            start -= 1
            continue
        # One role noun right in front ("des ukrainischen Präsidenten Wolodymyr Selenskyj"), not the nouns whose
        # complement that one is ("Berater des Büroleiters des ...").
        if (
            not took_role
            and prev.pos in _NOUN_TAGS
            and prev.pos not in _NAME_TAGS
            and analyse_word(prev.word, prev.span)
        ):
            start -= 1
            took_role = True
            continue
        break
    end = last
    if end < len(toks) and toks[end].word.lower() in ("von", "vom"):
        # An affiliation ("Carlo Masala von der Universität der Bundeswehr") names a body, never a person role:
        # "Putin von eigenen Soldaten übergangen" is a passive agent, no apposition.
        reach = toks[end + 1 : end + 1 + APPOSITION_REACH]
        nouns = [t for t in reach if t.pos in _NOUN_TAGS]
        hit = analyse_word(nouns[0].word, nouns[0].span) if nouns else None
        if hit is None or hit.entry.person:
            return start, end
    if end < len(toks) and (toks[end].word in (",", "(") or toks[end].word.lower() in ("von", "vom")):
        closer = ")" if toks[end].word == "(" else None
        stop = end + 1
        while stop < len(toks):
            tok = toks[stop]
            if (closer and tok.word == closer) or (not closer and tok.word in (",", ";", ":", "(", ")")):
                break
            if tok.pos == "$." or tok.pos in _VERB_TAGS:
                break
            stop += 1
        reach = toks[end + 1 : min(stop, end + 1 + APPOSITION_REACH)]
        if any(t.pos in _NOUN_TAGS and analyse_word(t.word, t.span) for t in reach):
            end = stop
    return start, end


# ---- deciding -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Decision:
    kind: str
    media_kind: str | None
    country: str | None
    evidence: tuple[Span, ...]
    steps: tuple[str, ...]  # lexicon phrases along the role chain
    person: bool
    of_named_body: bool = False  # the role belongs to a body the text names ("Sprecherin des NDB")


def _hits_in(toks: list[_Tok], start: int, end: int) -> dict[int, RoleHit]:
    hits: dict[int, RoleHit] = {}
    lowers = [t.word.lower() for t in toks]
    i = start
    while i < end:
        matched = False
        for words, entry in _phrases_starting(lowers[i]):
            n = len(words)
            if i + n <= len(toks) and all(_inflects(lowers[i + k], words[k]) for k in range(n)):
                hits[i] = RoleHit(entry, Span(toks[i].span.start, toks[i + n - 1].span.end))
                i += n
                matched = True
                break
        if matched:
            continue
        tok = toks[i]
        if tok.pos in _NOUN_TAGS or tok.word[:1].isupper() or tok.pos in ("ADJA", "ADJD"):
            hit = analyse_word(tok.word, tok.span)
            # Adjectives only count as anonymity markers ("anonyme", "ungenannte"), never as role nouns.
            if hit and (tok.pos not in ("ADJA", "ADJD") or hit.entry.kind == _ANONYMOUS):
                hits[i] = hit
        i += 1
    return hits


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _phrases_starting(word: str) -> tuple[tuple[tuple[str, ...], RoleEntry], ...]:
    """The multi-word entries whose first word ``word`` is (with an inflectional ending), longest first."""
    table = role_table()
    found: list[tuple[tuple[str, ...], RoleEntry]] = []
    for ending in _ENDINGS:
        if word.endswith(ending):
            found.extend(table.phrases_by_first.get(word[: len(word) - len(ending)] if ending else word, ()))
    return tuple(sorted(found, key=lambda item: len(item[0]), reverse=True))


def _inflects(word: str, base: str) -> bool:
    return word == base or any(word == base + ending for ending in _ENDINGS if ending)


def _country_before(toks: list[_Tok], index: int) -> tuple[str | None, Span | None]:
    """A country word in front of token ``index``: an adjective among its modifiers ("des ukrainischen Präsidenten")
    or a country name in the genitive right before it ("Israels Armee")."""
    i = index - 1
    while i >= 0 and (toks[i].pos in _MODIFIER_TAGS or _is_quote(toks[i])):
        code = country_of_adjective(toks[i].word) if toks[i].pos in ("ADJA", "ADJD") or toks[i].word.islower() else None
        if code:
            return code, toks[i].span
        i -= 1
    if i >= 0 and i == index - 1 and toks[i].word[:1].isupper() and toks[i].word.endswith("s"):
        code = country_of_noun(toks[i].word)
        if code:
            return code, toks[i].span
    return None, None


def _state_owned_before(toks: list[_Tok], index: int) -> Span | None:
    """An adjective saying the medium belongs to a state ("die staatliche Nachrichtenagentur"), if any."""
    i = index - 1
    while i >= 0 and (toks[i].pos in _MODIFIER_TAGS or _is_quote(toks[i])):
        if toks[i].word.lower().startswith(_STATE_OWNED_STEMS):
            return toks[i].span
        i -= 1
    return None


@dataclass(frozen=True)
class _Complement:
    """What a genitive/von complement names: a role hit (its index), a country, or an untyped named body."""

    target: int | None = None
    country: str | None = None
    country_span: Span | None = None
    named_body: bool = False


def _complement(toks: list[_Tok], index: int, hits: dict[int, RoleHit]) -> _Complement:
    """The complement of token ``index``: "Sprecher der Polizei" -> the hit at "Polizei"; "Präsident der Ukraine",
    "Armee Russlands" -> the country; "Sprecherin des NDB" -> a named body."""
    j = index + 1
    if j >= len(toks):
        return _Complement()
    if toks[j].pos in _NAME_TAGS or toks[j].word[:1].isupper():
        # "Armee Russlands"; a plain name right after the role is the person's name ("Präsident Selenskyj").
        code = country_of_noun(toks[j].word)
        return _Complement(j if j in hits else None, code, toks[j].span if code else None)
    if toks[j].word.lower() not in _COMPLEMENT_STARTS:
        return _Complement()
    j += 1
    while j < len(toks) and (toks[j].pos in _MODIFIER_TAGS or _is_quote(toks[j])):
        j += 1
    if j >= len(toks):
        return _Complement()
    if j in hits:
        return _Complement(target=j)
    code = country_of_noun(toks[j].word)
    if code:
        return _Complement(country=code, country_span=toks[j].span)
    return _Complement(named_body=toks[j].pos in _NAME_TAGS or toks[j].word[:1].isupper())


def _resolve(toks: list[_Tok], index: int, hits: dict[int, RoleHit], depth: int = 0) -> _Decision:
    """Follow a role hit through its complements to the first role that types the actor."""
    hit = hits[index]
    evidence = [hit.span]
    country = hit.country
    code, where = _country_before(toks, index)
    if code and not country:
        country = code
        if where:
            evidence.append(where)
    media_kind = hit.media_kind
    state_owned = _state_owned_before(toks, index) if hit.kind == "media" else None
    if state_owned:
        media_kind = "state media"
        evidence.append(state_owned)
    decision = _Decision(hit.kind, media_kind, country, (), (hit.label,), hit.entry.person, hit.named_modifier)
    if (hit.entry.complement or hit.kind == _ROLE) and depth < 6:
        comp = _complement(toks, index, hits)
        target, comp_country, comp_span = comp.target, comp.country, comp.country_span
        if comp.named_body:
            decision = replace(decision, of_named_body=True)
        if target is not None:
            inner = _resolve(toks, target, hits, depth + 1)
            if inner.kind not in (_ROLE, _ANONYMOUS):
                kind = inner.kind if (hit.entry.complement or hit.kind == _ROLE) else hit.kind
                media_kind = inner.media_kind if kind == inner.kind else hit.media_kind
                return _Decision(
                    kind,
                    media_kind,
                    country or inner.country,
                    tuple(evidence) + inner.evidence,
                    decision.steps + inner.steps,
                    hit.entry.person,
                )
        elif comp_country and not country:
            country = comp_country
            if comp_span:
                evidence.append(comp_span)
    return replace(decision, country=country, evidence=tuple(evidence))


def _decide_window(
    toks: list[_Tok], start: int, end: int
) -> tuple[_Decision | None, list[tuple[Span, str | None, Span | None]]]:
    """The deciding role in a window (the first one, followed through its complements) and the anonymity markers,
    each with the country of an adjective in front of it ("aus serbischen Regierungskreisen") and that word's span."""
    hits = _hits_in(toks, start, len(toks))
    markers = [
        (h.span, *_country_before(toks, i)) for i, h in hits.items() if start <= i < end and h.entry.kind == _ANONYMOUS
    ]
    for index in sorted(i for i in hits if start <= i < end):
        if hits[index].entry.kind == _ANONYMOUS:
            continue
        return _resolve(toks, index, hits), markers
    return None, markers


def _is_named(toks: list[_Tok], first: int, last: int, ner_type: str | None) -> bool:
    """A mention names its actor when it holds a proper noun (NE) or, for PER/ORG, a capitalised non-role word.

    Names inside a complement of a role ("eine Sprecherin von Siemens") name the body, not the actor.
    """
    seen_role = in_complement = False
    for tok in toks[first:last]:
        if seen_role and tok.word.lower() in _COMPLEMENT_STARTS:
            in_complement = True
        elif tok.word in (",", "("):  # an apposition after the complement may name the actor again
            in_complement = seen_role = False
        if in_complement:
            continue
        if tok.pos in _NAME_TAGS and not country_of_noun(tok.word):
            return True
        capitalised = tok.word[:1].isupper() and tok.pos not in ("ART", "ADJA")
        if ner_type in ("PER", "ORG", "MEDIA") and capitalised and not analyse_word(tok.word, tok.span):
            return True
        seen_role = seen_role or (tok.pos in _NOUN_TAGS and analyse_word(tok.word, tok.span) is not None)
    return False


def _evidence_text(steps: tuple[str, ...]) -> str:
    return " -> ".join(f"'{s}'" for s in steps)


def type_actor(
    text: str,
    mention_spans: tuple[Span, ...] | list[Span],
    ner_type: str | None,
    language: Language | None,
    *,
    parties: StoryParties | None = None,
) -> ActorType:
    """The type of the actor behind ``mention_spans`` (all its mentions in ``text``, any order).

    ``ner_type`` is the NER label of the cluster (PER, ORG, LOC, OTH, or None); ``language`` the article's language
    layer (tokens with POS; mentions outside it, such as credits, are read without POS). ``parties`` are the story's
    parties (``story_parties``); computed from ``language`` when not given.
    """
    spans = sorted(mention_spans)
    if parties is None:
        parties = story_parties(text, language)
    actor = _type_without_party(text, spans, ner_type, language)
    return party_to_conflict(actor, parties)


def _type_without_party(text: str, spans: list[Span], ner_type: str | None, language: Language | None) -> ActorType:
    if not spans:
        return ActorType("other", reason="no mention to read")
    # 1. the outlet registry; a country adjective in any mention ("der britische Express") picks among namesakes
    if ner_type != "PER":
        hint = next(
            (
                code
                for span in spans
                for word in text[span.start : span.end].split()
                if (code := country_of_adjective(word))
            ),
            None,
        )
        for span in spans:
            outlet = match_outlet(text[span.start : span.end], country=hint)
            if outlet:
                return ActorType(
                    kind="media",
                    media_kind=outlet.kind,
                    country=outlet.country,
                    evidence=(span,),
                    reason=f"names the registered outlet {outlet.name} ({outlet.kind}, {outlet.country})",
                    outlet=outlet.name,
                )
    # 2. role phrases around each mention; 3. anonymity
    named = False
    decision: _Decision | None = None
    markers: list[tuple[Span, str | None, Span | None]] = []
    whole = role_table().wholes
    for span in spans:
        toks, first, last = _sentence_tokens(text, span, language)
        named = named or _is_named(toks, first, last, ner_type)
        mention = text[span.start : span.end].strip().lower()
        if mention in whole and decision is None:
            entry = whole[mention]
            decision = _Decision(entry.kind, entry.media_kind, entry.country, (span,), (entry.phrase,), False)
            continue
        bare = _strip_articles(mention)
        code = _country_name(bare)
        if decision is None and code:
            # A country as the one who speaks or acts ("Russland bestreitet das") stands for its government.
            decision = _Decision("government", None, code, (span,), (bare,), False)
            continue
        start, end = _window(toks, first, last)
        found, found_markers = _decide_window(toks, start, end)
        markers.extend(found_markers)
        if found and (decision is None or (decision.kind == _ROLE and found.kind != _ROLE)):
            decision = found
    # Anonymity markers count only when no mention names the actor: "X, who asked not to be named" stays X.
    if markers and not named:
        marker_countries = [(code, where) for _, code, where in markers if code]
        country = decision.country if decision else None
        evidence = {span for span, _, _ in markers}
        if not country and marker_countries:
            country, where = marker_countries[0]
            if where:
                evidence.add(where)
        return ActorType(
            kind=_ANONYMOUS,
            country=country,
            evidence=tuple(sorted(evidence)),
            reason="marked as an unnamed source by "
            + ("an anonymity phrase" if len(markers) == 1 else "anonymity phrases")
            + (f"; country {country}" if country else ""),
            named=False,
        )
    if decision is not None:
        country_note = f"; country {decision.country}" if decision.country else ""
        if decision.kind == _ROLE:
            if not named and decision.person and decision.of_named_body:
                return ActorType(
                    kind="organisation",
                    country=decision.country,
                    evidence=decision.evidence,
                    reason=f"an unnamed {_evidence_text(decision.steps)} of a named body of unknown type{country_note}",
                    named=False,
                )
            if not named and decision.person:
                return ActorType(
                    kind=_ANONYMOUS,
                    country=decision.country,
                    evidence=decision.evidence,
                    reason=f"an unnamed person, only the role {_evidence_text(decision.steps)}{country_note}",
                    named=False,
                )
            fallback = _FALLBACK_BY_NER.get(ner_type or "", "person" if decision.person else "other")
            return ActorType(
                kind=fallback,
                country=decision.country,
                evidence=decision.evidence,
                reason=f"the role {_evidence_text(decision.steps)} names no sector; NER label decides{country_note}",
                named=named,
            )
        unnamed = "" if named or not decision.person else " (not named in the text)"
        return ActorType(
            kind=decision.kind,
            media_kind=decision.media_kind,
            country=decision.country,
            evidence=tuple(sorted(decision.evidence)),
            reason=f"role phrase {_evidence_text(decision.steps)} ({decision.kind}){country_note}{unnamed}",
            named=named or not decision.person,
        )
    # 4. the NER label; a demonym ("die Russen") still gives the country
    kind = _FALLBACK_BY_NER.get(ner_type or "", "other")
    demonyms = [span for span in spans if country_of_noun(_strip_articles(text[span.start : span.end].lower()))]
    country = country_of_noun(_strip_articles(text[demonyms[0].start : demonyms[0].end].lower())) if demonyms else None
    return ActorType(
        kind=kind,
        country=country,
        evidence=tuple(demonyms[:1]),
        reason=f"no role phrase or registered outlet; NER label {ner_type or 'none'}"
        + (f"; people of {country}" if country else ""),
    )


def _strip_articles(mention: str) -> str:
    """A lower-cased mention without a leading article ("die russen" -> "russen")."""
    words = mention.strip().split()
    while len(words) > 1 and words[0] in ("der", "die", "das", "des", "dem", "den"):
        words = words[1:]
    return " ".join(words)


def _country_name(word: str) -> str | None:
    """ISO code when ``word`` is a country's name (not a demonym): "russland", "russlands", "der ukraine"."""
    names = country_words().names
    if word in names:
        return names[word]
    if word.endswith("s") and word[:-1] in names:
        return names[word[:-1]]
    return None


# ---- the story's parties --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryParties:
    """The countries the article's main story is about, with their mention counts and evidence spans."""

    countries: tuple[str, ...]
    counts: tuple[tuple[str, int], ...] = ()
    evidence: tuple[tuple[str, tuple[Span, ...]], ...] = ()


def story_parties(text: str, language: Language | None) -> StoryParties:
    """The countries most named in the article's prose (adjectives, names, demonyms, state institutions).

    A country is a party when it has at least ``MIN_PARTY_MENTIONS`` mentions and ``MIN_PARTY_SHARE`` of all country
    mentions; at most ``MAX_PARTIES``, the most mentioned first.
    """
    if language is None:
        return StoryParties(())
    global _LAST_PARTIES
    last = _LAST_PARTIES
    if last is not None and last[0] is text and last[1] is language:
        return last[2]  # the entities and the sourcing stage both ask for the same article's parties
    parties = _story_parties(text, language)
    _LAST_PARTIES = (text, language, parties)
    return parties


# The last article's parties, for the identical text and language layer objects only.
_LAST_PARTIES: tuple[str, Language, StoryParties] | None = None


def _story_parties(text: str, language: Language) -> StoryParties:
    counts: Counter[str] = Counter()
    where: dict[str, list[Span]] = {}
    table = role_table()
    for token in language.tokens:
        word = text[token.span.start : token.span.end]
        code = None
        if token.pos in ("ADJA", "ADJD"):
            code = country_of_adjective(word)
        elif token.pos in _NOUN_TAGS:
            for part in word.split("-"):
                code = country_of_noun(part)
                if not code:
                    entry = table.words.get(part.lower())
                    code = entry.country if entry and entry.kind in STATE_KINDS else None
                if code:
                    break
        if code:
            counts[code] += 1
            where.setdefault(code, []).append(token.span)
    total = sum(counts.values())
    ranked = [
        code for code, n in counts.most_common() if n >= MIN_PARTY_MENTIONS and total and n / total >= MIN_PARTY_SHARE
    ][:MAX_PARTIES]
    return StoryParties(
        countries=tuple(ranked),
        counts=tuple(counts.most_common()),
        evidence=tuple((code, tuple(where[code])) for code in ranked),
    )


def party_to_conflict(actor: ActorType, parties: StoryParties) -> ActorType:
    """The actor with ``party_to`` set when it belongs to one of the story's parties (rule in the module docstring).

    State organs (government, military, police/judiciary) and state media whose country is a story party belong to
    that party; a non-state armed group (kind ``party``) is a party on the side of its country, or "non-state".
    """
    if actor.kind == "party":
        side = actor.country if actor.country else "non-state"
        return replace(actor, party_to=side, reason=actor.reason + "; an armed group, so a party to the conflict")
    state_organ = actor.kind in STATE_KINDS or (actor.kind == "media" and actor.media_kind == "state media")
    if state_organ and actor.country and actor.country in parties.countries:
        return replace(
            actor,
            party_to=actor.country,
            reason=actor.reason + f"; {actor.country} is one of the story's parties ({', '.join(parties.countries)})",
        )
    return actor

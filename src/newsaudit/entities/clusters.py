"""Per-article entity clusters: which mentions name the same entity, under one canonical name.

The input is the NER's mentions (any profile: ``EntityMention`` spans with a type). The rules, in order:

1. **Clean each mention.** Title and role words in front are not the name ("Präsident Selenskyj" -> "Selenskyj";
   ``resources/de/entity_titles.tsv``, kind ``title``); a person or place followed only by common nouns is a
   prenominal genitive the tagger ran on ("Putins Slogan" -> "Putins"); a common noun before a full name is a
   description ("Serben Novak Djokovic"). The genitive -s goes where the article also has the bare form, a
   genitive determiner precedes it, or the lemmatiser strips it from a place ("Putins" -> Putin, "des Kremls" ->
   Kreml, "Österreichs" -> Österreich); inside a phrase name it stays ("Verein der Freiheit Tibets").
2. **Recover names the NER missed, without a gazetteer.** An organisation head noun (``org_head`` in the same
   table: Legion, Bewegung, Komitee...) joined by für/der/des/zur/gegen... to a name mention is an organisation
   name ("Verein für die Freiheit Tibets", where the NER saw only "Tibets"). The outlet that structure
   found in the page (``ArticleMeta.outlet``) and registry outlets in photo credits are mentions too (the
   language layer, and so the NER, reads prose blocks only).
3. **Merge** two mentions when their spelling keys (``normalise.spelling_key``, through the alias table, a
   leading article left out) are equal ("Selenskyj"/"Zelensky", "Kiew"/"Kyiv", "The Associated Press"/"AP");
   when their capitalised words agree ("Verein für die Freiheit Tibets"/"Verein der Freiheit Tibets"); or
   when a one-word name is the surname (else the first name) of exactly one longer person name ("Berger" ->
   "Jana Berger"), or the first word of exactly one longer place name ("Rio" -> "Rio de Janeiro"; not for
   organisations: "Apple" is not "Apple Pencil").
4. **Add what the NER missed**: every other token-aligned occurrence of a cluster's surface forms (and of a
   person's surname), with a genitive ending (method ``string-match``), and epithets of the alias table
   ("Kreml-Chef") when the article names their person (method ``epithet``). Not in page furniture (a related-
   article link names nothing in this article), except the page's own outlet; not in hyphen compounds
   ("Ukraine-Krieg"); not a form two clusters share (two Bergers: "Berger" alone is a guess).

Adjective derivations ("russische", "britischen": GermEval's LOCderiv, our OTH) are NOT merged with their
base name: "russische Soldaten" is not a mention of the state Russland, and an actor list that counted it
so would be wrong. They form their own clusters, flagged ``derived`` and named by their stem ("russisch"),
so that a report can list or hide them.

The canonical name of a cluster is its fullest proper-name mention (most words; then most frequent; then
first), in the nominative. Its type is the majority NER type of its mentions (ties: the first mention's).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Article, BlockLabel, Language, Span, Token
from .actors import ActorType
from .ner import EntityMention
from .normalise import AliasTable, default_alias_table, spelling_key
from .outlets import match_outlet, split_credit

TITLES_FILE = "entity_titles.tsv"
METHOD_STRING = "string-match"
METHOD_EPITHET = "epithet"
METHOD_OUTLET = "meta:outlet"
METHOD_CREDIT = "registry:credit"
METHOD_ORG_NAME = "rule:org-name"
METHOD_QUOTED_OUTLET = "registry:quoted"
# German sets the titles of papers and channels in quotation marks (die britische „Times“, „Bild“): a quoted
# name of at most MAX_QUOTED_OUTLET_WORDS words that the outlet registry knows is that outlet, whether or not the
# NER model tagged it (quotes cut a name off from the context a tagger reads).
_QUOTED_NAME_RE = re.compile(r"[\"„“”«»]([A-ZÄÖÜ][^\"„“”«»\n]{0,60}?)[\"“”«»]")
MAX_QUOTED_OUTLET_WORDS = 4
# Inflected forms of a title word ("Präsidenten", "Ministers") and of an epithet ("Kreml-Chefs").
_NOUN_ENDINGS = ("", "s", "n", "en", "es", "e")
# Adjective endings of a derivation ("russische", "russischen", "russischer").
_ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e")
# Connectors that join an organisation head noun to the rest of its name ("Verein für die Freiheit Tibets").
# ("in", "von" are left out: "die Partei in Berlin" names no organisation "Partei in Berlin".)
_ORG_CONNECTORS = frozenset({"für", "der", "des", "zur", "zum", "gegen"})
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den"})
# Determiners that put the following name in the genitive ("des Kremls", "eines Putins").
_GENITIVE_DETERMINERS = frozenset({"des", "eines", "dieses", "jenes"})
# Articles that may open a name without being its identity ("The Associated Press", "Der Spiegel").
_LEADING_ARTICLES = frozenset({"the", "der", "die", "das", "le", "la", "il", "el"})
# An organisation name the rule builds has at most this many tokens (longest real ones seen: 6-7 words).
MAX_ORG_NAME_TOKENS = 8
# A form with fewer letters or digits than this is not string-matched: "Li", "Xi", "St." are too ambiguous.
MIN_MATCH_CHARS = 3
_APOSTROPHES = ("'", "’")
# Genitive endings a string match may carry ("Bergers", "Macron's", "Boris’").
_GENITIVE_ENDINGS = ("s", "'s", "’s", "’")
_STTS_NOUN = "NN"


@dataclass(frozen=True)
class ClusterMention:
    """One mention of a cluster: where, found by which method, with what confidence."""

    span: Span
    method: str
    confidence: float = 1.0


@dataclass(frozen=True)
class EntityCluster:
    """One entity of the article: canonical name, type, the surface forms seen and every mention span.

    ``key`` is the spelling key of the canonical name through the alias table: equal keys across articles
    name the same entity. ``actor`` is filled by actor typing (None until then).
    """

    id: str
    canonical: str
    type: str
    key: str
    aliases: tuple[str, ...]
    mentions: tuple[ClusterMention, ...]
    derived: bool = False
    actor: ActorType | None = None

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(m.span for m in self.mentions)


@dataclass(frozen=True)
class TitleWords:
    titles: frozenset[str]
    org_heads: frozenset[str]


@cache
def title_words() -> TitleWords:
    """Title/role words stripped before names and organisation head nouns, from ``entity_titles.tsv``."""
    rows = lexicon_rows(TITLES_FILE)
    return TitleWords(
        titles=frozenset(r[0] for r in rows if r[1].strip() == "title"),
        org_heads=frozenset(r[0] for r in rows if r[1].strip() == "org_head"),
    )


def _inflected_in(word: str, lexicon: frozenset[str], endings: Sequence[str] = _NOUN_ENDINGS) -> bool:
    return any(word.endswith(e) and word[: len(word) - len(e)] in lexicon for e in endings)


# --- candidates: cleaned mentions ---------------------------------------------------------------------------


@dataclass
class _Candidate:
    span: Span
    type: str
    method: str
    confidence: float
    words: list[_Word]  # the words of the cleaned mention
    genitive_before: bool = False  # a genitive determiner precedes the mention
    derived: bool = False
    name_words: list[str] = field(default_factory=list)  # nominative form, filled by _nominative
    name: str = ""  # the nominative as written (the text's own spacing and hyphens), filled by _nominative
    extra_forms: tuple[str, ...] = ()  # other spellings to look for (the outlet's name as the metadata has it)

    @property
    def surface(self) -> str:
        return " ".join(w.text for w in self.words)


_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class _Word:
    text: str
    span: Span
    pos: str = ""
    lemma: str = ""


class _Text:
    """The article text with its tokens indexed by offset."""

    def __init__(self, article: Article, language: Language | None) -> None:
        self.text = article.text
        self.tokens: tuple[Token, ...] = language.tokens if language is not None else ()
        self.starts = [t.span.start for t in self.tokens]

    def tokens_in(self, span: Span) -> list[Token]:
        first = bisect.bisect_left(self.starts, span.start)
        last = bisect.bisect_left(self.starts, span.end)
        return [t for t in self.tokens[first:last] if t.span.end <= span.end]

    def token_before(self, offset: int) -> Token | None:
        i = bisect.bisect_left(self.starts, offset) - 1
        return self.tokens[i] if i >= 0 else None

    def words(self, span: Span) -> list[_Word]:
        """Words of ``span``: tokens where the language layer has them, else whitespace-separated words."""
        tokens = self.tokens_in(span)
        if tokens:
            return [_Word(self.text[t.span.start : t.span.end], t.span, t.pos, t.lemma) for t in tokens]
        chunk = self.text[span.start : span.end]
        return [_Word(m.group(), Span(span.start + m.start(), span.start + m.end())) for m in _WORD_RE.finditer(chunk)]


def _clean(text: _Text, span: Span, kind: str, method: str, confidence: float) -> _Candidate | None:
    words = text.words(span)
    titles = title_words().titles
    # "Präsident Selenskyj", "US-Präsident Biden", "ÖVP-Chef Mitterlehner": the title is not part of the name
    # (kept when nothing else is left)
    while len(words) > 1 and _inflected_in(words[0].text.rsplit("-", 1)[-1], titles):
        words = words[1:]
    # "Serben Novak Djokovic", "des Internetportals Indymedia": a common noun in front of a full proper name, or
    # one in the genitive in front of any, is a description, not the name ("Universität Texas" stays whole)
    # a hyphenated role noun before a two-word name likewise ("Stronach-Klubobmann Helmut Naderer")
    while (
        len(words) > 1
        and words[0].pos == _STTS_NOUN
        and (
            (all(w.pos == "NE" for w in words[1:]) and (len(words) > 2 or words[0].text.endswith("s")))
            or ("-" in words[0].text and len(words) > 2 and all(w.text[:1].isupper() for w in words[1:]))
        )
    ):
        words = words[1:]
    # "Putins Slogan": a person or place in the genitive, then only common nouns -> the genitive ends the name
    if kind in ("PER", "LOC") and len(words) > 1:
        for i, word in enumerate(words[:-1]):
            if word.text.endswith("s") and all(w.pos == _STTS_NOUN for w in words[i + 1 :]):
                words = words[: i + 1]
                break
    if not words or not any(ch.isalnum() for w in words for ch in w.text):
        return None
    cleaned = Span(words[0].span.start, words[-1].span.end)
    before = text.token_before(cleaned.start)
    genitive = before is not None and text.text[before.span.start : before.span.end].lower() in _GENITIVE_DETERMINERS
    first = words[0].text
    # an adjective derivation ("russische") is OTH and lower case; "dpa", "taz" are lower-case names
    derived = kind == "OTH" and len(words) == 1 and first[:1].islower() and first.isalpha()
    return _Candidate(cleaned, kind, method, confidence, list(words), genitive, derived)


def _stem(adjective: str) -> str:
    for ending in _ADJECTIVE_ENDINGS:
        if adjective.endswith(ending) and len(adjective) - len(ending) >= 3:
            return adjective[: -len(ending)]
    return adjective


def _strip_genitive(word: str) -> str | None:
    """The word without a genitive ending, or None when it has none."""
    for apostrophe in _APOSTROPHES:
        if word.endswith(apostrophe + "s"):
            return word[:-2]
        if word.endswith(apostrophe):
            return word[:-1]
    # "Express", "Kongress": a double s is the stem's, not a genitive
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return None


def _nominative(text: str, candidates: Sequence[_Candidate]) -> None:
    """Fill each candidate's ``name_words`` and ``name``: the genitive -s of its last word goes when the article
    has the bare form as a word of another mention or anywhere as a word of its own ("Putins" beside "Putin"), a
    genitive determiner precedes it ("des Kremls"), or the lemmatiser says so ("Österreichs" -> Österreich)."""
    bare_words = {spelling_key(w.text) for c in candidates if not c.derived for w in c.words}
    for c in candidates:
        words = [w.text for w in c.words]
        if c.derived:
            c.name_words = [_stem(words[0].lower())]
            c.name = c.name_words[0]
            continue
        last = c.words[-1]
        stripped = _strip_genitive(last.text)
        # inside a phrase name the genitive belongs to the name ("Verein der Freiheit Tibets")
        phrase = any(w[:1].islower() for w in words)
        if stripped and not phrase:
            evidence = (
                c.genitive_before
                # the lemmatiser knows German place names, and guesses at foreign people's ("Varoufakis")
                or (len(words) == 1 and c.type != "PER" and last.lemma == stripped)
                or last.text[-2:] in ("'s", "’s")
                or (spelling_key(stripped) != spelling_key(last.text) and spelling_key(stripped) in bare_words)
                or next(aligned_occurrences(text, stripped), None) is not None
            )
            if evidence:
                words[-1] = stripped
        c.name_words = words
        c.name = text[c.span.start : last.span.start] + words[-1]


# --- candidates the NER missed ------------------------------------------------------------------------------


def _org_names(text: _Text, mentions: Sequence[_Candidate]) -> list[_Candidate]:
    """Organisation names opened by a head noun and closed by a name mention ("Verein für die Freiheit Tibets")."""
    heads = title_words().org_heads
    found: list[_Candidate] = []
    for mention in mentions:
        if mention.derived or mention.type == "OTH":
            continue
        i = bisect.bisect_left(text.starts, mention.span.start)
        first = max(0, i - MAX_ORG_NAME_TOKENS + 1)
        # walk left over articles, connectors and capitalised words to the nearest head noun
        has_connector = False
        for j in range(i - 1, first - 1, -1):
            token = text.tokens[j]
            word = text.text[token.span.start : token.span.end]
            if word in heads and has_connector:
                span = Span(token.span.start, mention.span.end)
                candidate = _clean(text, span, "ORG", METHOD_ORG_NAME, mention.confidence)
                if candidate is not None:
                    found.append(candidate)
                break
            if word in _ORG_CONNECTORS:
                has_connector = True
            elif not (word in _ARTICLES or (word[:1].isupper() and token.pos in ("NN", "NE", "ADJA"))):
                break
    return found


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _aligned_end(text: str, end: int) -> bool:
    """Nothing of a word, compound or domain goes on at ``end`` ("Ukraine-Krieg", "news.de")."""
    if end >= len(text):
        return True
    following = text[end]
    if _word_char(following) or following == "-":
        return False
    return not (following == "." and end + 1 < len(text) and _word_char(text[end + 1]))


def aligned_occurrences(text: str, form: str, endings: Sequence[str] = ()) -> Iterator[Span]:
    """Token-aligned occurrences of ``form`` in ``text``, each with the longest of ``endings`` that fits.

    Not inside a word, a hyphen compound ("Ukraine-Krieg" is no mention of Ukraine), a domain or a URL path
    ("/loc/news.de").
    (``str.find`` per form rather than one regex per article: compiling an alternation of an article's names
    cost more than the whole search.)
    """
    if not form:
        return
    tails = [*sorted(endings, key=len, reverse=True), ""]
    start = text.find(form)
    while start != -1:
        before = text[start - 1] if start else ""
        if not before or not (_word_char(before) or before in "-./@"):
            end = start + len(form)
            for tail in tails:
                if text.startswith(tail, end) and _aligned_end(text, end + len(tail)):
                    yield Span(start, end + len(tail))
                    break
        start = text.find(form, start + 1)


def _is_label(text: str, span: Span) -> bool:
    """'Bild: dpa' — a word at the start of a line followed by a colon labels what follows; it names nothing."""
    line_start = span.start == 0 or text[span.start - 1] == "\n"
    return line_start and text[span.end : span.end + 1] == ":"


def _outlet_candidates(article: Article, text: _Text) -> list[_Candidate]:
    """The page's own outlet (from structure's metadata) and registry outlets named in photo credits."""
    found: list[_Candidate] = []
    outlet = article.meta.outlet
    if outlet is not None:
        spans = [outlet.span] if outlet.span is not None else []
        if not spans:
            spans = list(aligned_occurrences(article.text, outlet.value))
        for span in spans[:1]:
            candidate = _clean(text, span, "ORG", METHOD_OUTLET, 1.0)
            if candidate is not None:
                candidate.extra_forms = (outlet.value,)
                found.append(candidate)
    for block in article.blocks_of(BlockLabel.CREDIT):
        for span in _credited_outlets(article.text, block.span):
            candidate = _clean(text, span, "ORG", METHOD_CREDIT, 1.0)
            if candidate is not None:
                found.append(candidate)
    for span in _quoted_outlets(article):
        candidate = _clean(text, span, "ORG", METHOD_QUOTED_OUTLET, 1.0)
        if candidate is not None:
            found.append(candidate)
    return found


def _quoted_outlets(article: Article) -> Iterator[Span]:
    """Spans of registry outlet names written in quotation marks in the article's own (non-furniture) blocks."""
    for block in article.blocks:
        if block.label.is_furniture:
            continue
        for match in _QUOTED_NAME_RE.finditer(article.text, block.span.start, block.span.end):
            name = match.group(1)
            if len(name.split()) <= MAX_QUOTED_OUTLET_WORDS and match_outlet(name) is not None:
                yield Span(match.start(1), match.end(1))


def _credited_outlets(text: str, span: Span) -> list[Span]:
    """Spans of the outlets and agencies a photo credit names ("picture alliance/dpa/Pool Sputnik Kremlin/AP"), by
    the outlet registry's credit splitter (``entities/outlets.py``), which knows photo agencies and aliases."""
    return [part for part, outlet in split_credit(text, span) if outlet is not None]


# --- merging -----------------------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _content_key(c: _Candidate) -> str | None:
    """The capitalised words of a multi-word name: "Verein für die Freiheit Tibets" ~ "Legion der Freiheit ..."."""
    content = [w for w in c.name_words if w[:1].isupper()]
    return spelling_key(" ".join(content)) if len(content) >= 2 and len(content) < len(c.name_words) else None


def name_key(name: str, aliases: AliasTable) -> str:
    """The identity key of a name: its spelling key through the alias table, a leading article left out
    ("The Associated Press" ~ "Associated Press" -> AP; "Der Spiegel" ~ "Spiegel")."""
    first, _, rest = name.partition(" ")
    if rest and first.lower() in _LEADING_ARTICLES:
        name = rest
    return aliases.resolve(name)


def _merge(candidates: Sequence[_Candidate], aliases: AliasTable) -> list[list[int]]:
    groups = _UnionFind(len(candidates))
    by_key: dict[tuple[bool, str], int] = {}
    by_content: dict[str, int] = {}
    for i, c in enumerate(candidates):
        key = (c.derived, spelling_key(c.name) if c.derived else name_key(c.name, aliases))
        if key in by_key:
            groups.union(by_key[key], i)
        else:
            by_key[key] = i
        content = None if c.derived else _content_key(c)
        if content is not None:
            if content in by_content:
                groups.union(by_content[content], i)
            else:
                by_content[content] = i
    # short forms: a one-word name that is the surname (else the first name: "Zeid" for "Zeid Raad al-Hussein")
    # of exactly one longer person name joins it; a word two people share stays apart
    surnames: dict[str, set[int]] = {}
    first_names: dict[str, set[int]] = {}
    for i, c in enumerate(candidates):
        if c.type == "PER" and len(c.name_words) > 1 and not c.derived:
            surnames.setdefault(spelling_key(c.name_words[-1]), set()).add(i)
            first_names.setdefault(spelling_key(c.name_words[0]), set()).add(i)
    # a place named by its first word ("Rio" for "Rio de Janeiro"), places only: "Bayern" (LOC) is not "Bayern
    # München" (ORG), and an organisation is not its product or branch ("Apple" / "Apple Pencil")
    heads: dict[tuple[str, str], set[int]] = {}
    for i, c in enumerate(candidates):
        if c.type == "LOC" and len(c.name_words) > 1 and not c.derived:
            heads.setdefault((c.type, spelling_key(c.name_words[0])), set()).add(i)
    # an organisation's acronym after its name ("Weltgesundheitsorganisation WHO") names it alone too ("WHO")
    acronyms: dict[str, set[int]] = {}
    for i, c in enumerate(candidates):
        last = c.name_words[-1]
        if c.type != "PER" and len(c.name_words) > 1 and last.isupper() and last.isalpha() and len(last) >= 2:
            acronyms.setdefault(spelling_key(last), set()).add(i)
    for i, c in enumerate(candidates):
        if len(c.name_words) != 1 or c.derived:
            continue
        word = spelling_key(c.name_words[0])
        owners = surnames.get(word) or first_names.get(word) or acronyms.get(word) or heads.get((c.type, word), set())
        roots = {groups.find(j) for j in owners}
        if len(roots) == 1:
            groups.union(roots.pop(), i)
    members: dict[int, list[int]] = {}
    for i in range(len(candidates)):
        members.setdefault(groups.find(i), []).append(i)
    return list(members.values())


# --- followers: string matches and epithets -----------------------------------------------------------------


@dataclass
class _Group:
    candidates: list[_Candidate]
    followers: list[ClusterMention] = field(default_factory=list)

    @property
    def derived(self) -> bool:
        return all(c.derived for c in self.candidates)

    def forms(self) -> set[str]:
        """Surface forms to look for: each mention's text and nominative, and for people their surname."""
        forms: set[str] = set()
        for c in self.candidates:
            forms.update((c.surface, c.name, *c.extra_forms))
            if c.type == "PER" and len(c.name_words) > 1 and c.name_words[-1][:1].isupper():
                forms.add(c.name_words[-1])
        return {f for f in forms if sum(ch.isalnum() for ch in f) >= MIN_MATCH_CHARS}


class _Taken:
    """Which characters of the text some mention already covers."""

    def __init__(self, size: int, spans: Iterable[Span]) -> None:
        self._chars = bytearray(size)
        for span in spans:
            self.take(span.start, span.end)

    def take(self, start: int, end: int) -> None:
        self._chars[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._chars.find(1, start, end) != -1


def _add_string_matches(text: str, groups: Sequence[_Group], taken: _Taken, furniture: _Taken) -> None:
    """Other occurrences of each cluster's forms, outside page furniture (a related-article link is no mention
    in this article) except for the page's own outlet, whose name the furniture carries ("Folgen Sie News.de")."""
    owners: dict[str, set[int]] = {}
    for i, group in enumerate(groups):
        if not group.derived:
            for form in group.forms():
                owners.setdefault(form, set()).add(i)
    # a form two clusters share ("Müller" of Hans and of Eva Müller) would be a guess: not matched.
    # Longest forms first, so that "Marta Kowalczyk" is taken before "Kowalczyk" inside it.
    for form in sorted((f for f, ids in owners.items() if len(ids) == 1), key=len, reverse=True):
        group = groups[next(iter(owners[form]))]
        anywhere = any(c.method == METHOD_OUTLET for c in group.candidates)
        for span in aligned_occurrences(text, form, _GENITIVE_ENDINGS):
            if taken.overlaps(span.start, span.end) or _is_label(text, span):
                continue
            if anywhere or not furniture.overlaps(span.start, span.end):
                group.followers.append(ClusterMention(span, METHOD_STRING))
                taken.take(span.start, span.end)


def _add_epithets(text: str, groups: Sequence[_Group], aliases: AliasTable, taken: _Taken, furniture: _Taken) -> None:
    """Epithets ("Kreml-Chef") join the cluster of their person when the article names that person."""
    person_keys: dict[str, _Group] = {}
    for group in groups:
        for c in group.candidates:
            if c.type == "PER" and not c.derived:
                person_keys.setdefault(name_key(c.name, aliases), group)
                person_keys.setdefault(spelling_key(c.name_words[-1]), group)
    for epithet in aliases.epithets:
        canonical_words = epithet.canonical.split()
        person = person_keys.get(aliases.resolve(epithet.canonical)) or person_keys.get(
            spelling_key(canonical_words[-1])
        )
        if person is None:
            continue
        for span in aligned_occurrences(text, epithet.alias, _NOUN_ENDINGS):
            if not taken.overlaps(span.start, span.end) and not furniture.overlaps(span.start, span.end):
                person.followers.append(ClusterMention(span, METHOD_EPITHET))
                taken.take(span.start, span.end)


# --- the clusters ------------------------------------------------------------------------------------------


def _canonical(group: _Group) -> str:
    namers = [c for c in group.candidates if not c.derived] or group.candidates
    counts = Counter(spelling_key(c.name) for c in namers)
    best = min(
        namers,
        key=lambda c: (-len(c.name_words), -counts[spelling_key(c.name)], c.span.start),
    )
    return best.name


def _type(group: _Group) -> str:
    votes = Counter(c.type for c in group.candidates)
    first = min(group.candidates, key=lambda c: c.span.start).type
    top = max(votes.values())
    return first if votes[first] == top else next(t for t, n in votes.most_common() if n == top)


def _cluster(group: _Group, aliases: AliasTable, text: str) -> EntityCluster:
    mentions = sorted(
        [ClusterMention(c.span, c.method, c.confidence) for c in group.candidates] + group.followers,
        key=lambda m: (m.span.start, m.span.end),
    )
    unique: list[ClusterMention] = []
    for m in mentions:
        if not unique or unique[-1].span != m.span:
            unique.append(m)
    aliases_seen = list(dict.fromkeys(text[m.span.start : m.span.end] for m in unique))
    canonical = _canonical(group)
    if group.derived:
        key = spelling_key(canonical)
    else:
        # the alias table's identity when it lists any name of the cluster ("WHO" for "Weltgesundheitsorganisation
        # WHO"), so that articles that name an entity differently still share its key
        listed = next((c.name for c in group.candidates if aliases.knows(c.name)), canonical)
        key = name_key(listed, aliases)
    return EntityCluster("", canonical, _type(group), key, tuple(aliases_seen), tuple(unique), group.derived)


def cluster_mentions(
    article: Article,
    language: Language | None,
    mentions: Sequence[EntityMention],
    *,
    aliases: AliasTable | None = None,
) -> tuple[EntityCluster, ...]:
    """The article's entity clusters in first-mention order, ids ``e1``, ``e2``... (see the module docstring)."""
    table = aliases if aliases is not None else default_alias_table()
    text = _Text(article, language)
    candidates = [c for m in mentions if (c := _clean(text, m.span, m.type, m.method, m.confidence)) is not None]
    candidates += _org_names(text, candidates)
    candidates += _outlet_candidates(article, text)
    # one candidate per span: the NER's own mention wins over a rule's
    seen: set[Span] = set()
    unique = []
    for c in candidates:
        if c.span not in seen:
            seen.add(c.span)
            unique.append(c)
    _nominative(article.text, unique)
    groups = [_Group([unique[i] for i in members]) for members in _merge(unique, table)]
    taken = _Taken(len(article.text), (c.span for c in unique))
    furniture = _Taken(len(article.text), (b.span for b in article.blocks if b.label.is_furniture))
    _add_string_matches(article.text, groups, taken, furniture)
    _add_epithets(article.text, groups, table, taken, furniture)
    clusters = sorted((_cluster(g, table, article.text) for g in groups), key=lambda c: c.mentions[0].span)
    return tuple(
        EntityCluster(f"e{i}", c.canonical, c.type, c.key, c.aliases, c.mentions, c.derived)
        for i, c in enumerate(clusters, 1)
    )

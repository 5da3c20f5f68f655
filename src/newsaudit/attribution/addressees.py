"""Addressees: to whom a quotation is said ("sagte der Zeitung", "gegenüber der Presse", "in einem Interview mit
X", "forderte die Regierung auf", "Ihm wird vorgeworfen").

Read off the clause of the quotation's cue, after the quotation, speaker and cue are final (both profiles). The
words that signal an addressee are data (``resources/de/attribution_addressees.tsv``); the addressee span is the
noun phrase without its preposition, as quotes-de marks it. A phrase inside the quote or the speaker is never
the addressee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Article, Language, Span
from .cues import cue_at
from .phrases import SentenceViews, TokenView, clause_end, clause_start, is_passive_auxiliary, np_forward
from .types import Quotation

LEXICON = "attribution_addressees.tsv"
# Determiners and pronouns that can only be dative (or accusative) in a noun phrase: a phrase right after a
# reporting verb opening with one is its object, not its subject ("sagte dem Sender", "sagte ihm").
DATIVE_OPENERS = frozenset(
    {"dem", "einem", "diesem", "jenem", "seinem", "ihrem", "unserem", "ihm", "ihnen", "mir", "uns"}
)
# Pronouns that can only be a subject: never who is spoken to ("Der Partei schlug er vor": "er" speaks).
NOMINATIVE_PRONOUNS = frozenset({"er", "ich", "wir", "du", "man"})
# Between the verb and its object: adverbs, negation, a reflexive ("sagte am Montag der Zeitung" is left out).
SKIPPABLE_TAGS = frozenset({"ADV", "PTKNEG", "ADJD", "PRF"})
MAX_SKIPPED = 3


@dataclass(frozen=True)
class AddresseeLexicon:
    """The addressee signals by kind (see the header of the lexicon file)."""

    prepositions: frozenset[str]
    nouns: dict[str, str]  # statement noun -> the preposition of its addressee
    audiences: frozenset[str]
    dative_verbs: frozenset[str]
    dative_any_verbs: frozenset[str]
    object_verbs: frozenset[str]
    verb_prepositions: dict[str, str]  # verb lemma -> the preposition of its addressee


@cache
def addressee_lexicon() -> AddresseeLexicon:
    """The addressee signals of ``resources/de/attribution_addressees.tsv``."""
    by_kind: dict[str, list[list[str]]] = {}
    for row in lexicon_rows(LEXICON):
        by_kind.setdefault(row[0], []).append(row[1:])

    def words(kind: str) -> frozenset[str]:
        return frozenset(r[0] for r in by_kind.get(kind, []))

    dative_any = words("dative-any")
    return AddresseeLexicon(
        prepositions=words("prep"),
        nouns={r[0]: r[1] for r in by_kind.get("noun", [])},
        audiences=words("audience"),
        dative_verbs=words("dative") | dative_any,
        dative_any_verbs=dative_any,
        object_verbs=words("object"),
        verb_prepositions={r[0]: r[1] for r in by_kind.get("verb-prep", [])},
    )


def _phrase(s: TokenView, first: int, blocked: set[int]) -> tuple[int, int] | None:
    """The noun phrase from token ``first``, unless it reaches into the quote, speaker or cue or is a pronoun
    that can only be a subject."""
    if first >= len(s) or first in blocked or s.lower[first] in NOMINATIVE_PRONOUNS:
        return None
    found = np_forward(s, first, apposition=False)
    if found is None or any(k in blocked for k in range(found[0], found[1] + 1)):
        return None
    return found


def _after(s: TokenView, i: int, speaker: set[int]) -> int:
    """The first token after ``i`` that is not the speaker, a reflexive or an adverb (at most MAX_SKIPPED of
    those): where the object of the verb (or auxiliary) ``i`` starts."""
    k, skipped = i + 1, 0
    while k < len(s) and (k in speaker or s.tokens[k].pos in SKIPPABLE_TAGS) and skipped <= MAX_SKIPPED:
        skipped += k not in speaker
        k += 1
    return k


def _in_clause(s: TokenView, first: int, last: int, blocked: set[int]) -> tuple[int, int] | None:
    """A prepositional or statement-noun addressee anywhere in tokens first..last-1."""
    lexicon = addressee_lexicon()
    for k in range(first, last):
        if k in blocked or k + 1 >= len(s):
            continue
        word = s.lower[k]
        # "gegenüber" after a noun belongs to it ("die Haltung gegenüber der Partei"), not to the verb
        if word in lexicon.prepositions and not (k > 0 and s.tokens[k - 1].pos == "NN"):
            found = _phrase(s, k + 1, blocked)
        elif word in lexicon.nouns and k + 2 < len(s) and s.lower[k + 1] == lexicon.nouns[word]:
            found = _phrase(s, k + 2, blocked)
        elif word == "vor":
            found = _phrase(s, k + 1, blocked)
            if found is not None and s.lower[found[1]] not in lexicon.audiences:
                found = None
        else:
            continue
        if found is not None:
            return found
    return None


def _object_of(
    s: TokenView, verb: int, lemma: str, cue: set[int], speaker: set[int], blocked: set[int]
) -> tuple[int, int] | None:
    """The object of a reporting verb that names the addressee (accusative of "auffordern", dative of "sagen"),
    or the subject of its passive ("Er wird aufgefordert", "Ihm wird vorgeworfen")."""
    lexicon = addressee_lexicon()
    start = clause_start(s, verb)
    passive = [k for k in range(start, verb) if is_passive_auxiliary(s, k)]
    if passive:
        if lemma not in lexicon.object_verbs and lemma not in lexicon.dative_verbs:
            return None
        # the subject opens the clause ("Er wird aufgefordert") or follows the auxiliary ("Darin wird er aufgefordert")
        first = clause_start(s, passive[0])
        found = _phrase(s, first, blocked) if first < passive[0] else None
        return found or _phrase(s, _after(s, passive[0], speaker), blocked)
    if lemma in lexicon.verb_prepositions:
        preposition = lexicon.verb_prepositions[lemma]
        at = next((k for k in range(verb + 1, clause_end(s, verb)) if s.lower[k] == preposition), None)
        return _phrase(s, at + 1, blocked) if at is not None else None
    if not speaker or not (lemma in lexicon.object_verbs or lemma in lexicon.dative_verbs):
        return None  # without a speaker the phrase after the verb is as likely the speaker itself
    # the object follows the finite verb: the cue verb itself, or its auxiliary ("hatte den Landrat aufgefordert")
    finite = (
        verb
        if s.tokens[verb].pos == "VVFIN"
        else next((k for k in sorted(cue) if k < verb and s.tokens[k].pos in {"VAFIN", "VMFIN"}), None)
    )
    if finite is None:
        return None
    k = _after(s, finite, speaker)
    if k >= len(s) or k in blocked:
        return None
    if lemma in lexicon.object_verbs or lemma in lexicon.dative_any_verbs:
        return _phrase(s, k, blocked)
    opener = s.lower[k]
    # "der" after the verb is the speaker as often as a dative ("sagte der Sprecher"): only once the speaker is known
    if opener in DATIVE_OPENERS or opener == "der":
        return _phrase(s, k, blocked)
    return None


def _addressee(s: TokenView, q: Quotation) -> tuple[int, int] | None:
    def indices(spans: Sequence[Span]) -> set[int]:
        return {i for i, t in enumerate(s.tokens) if any(p.overlaps(t.span) for p in spans)}

    cue = indices(q.cue)
    if not cue:
        return None
    speaker = indices(q.speaker)
    blocked = cue | indices(q.quote) | speaker
    found = _in_clause(s, clause_start(s, min(cue)), clause_end(s, max(cue)), blocked)
    if found is not None:
        return found
    for verb in sorted(cue):
        if not s.tokens[verb].pos.startswith("VV"):
            continue
        reading = cue_at(s, verb)
        lemma = reading[0].lemma if reading else s.tokens[verb].lemma
        found = _object_of(s, verb, lemma, cue, speaker, blocked)
        if found is not None:
            return found
    return None


def add_addressees(article: Article, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """The quotations with an addressee where their cue's clause names one (those that have one keep it)."""
    views = SentenceViews(article.text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if q.cue and not q.addressee else None
        found = _addressee(s, q) if s is not None and len(s) else None
        out.append(replace(q, addressee=(s.span(*found),)) if s is not None and found is not None else q)
    return out

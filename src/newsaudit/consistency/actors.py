"""Who does it: the subject of a statement's main verb, and whether the body gives the same action another actor.

Kept conservative on purpose (no parser): a subject is only read where German word order makes it plain, a
noun phrase alone before the finite verb ("Russen schießen ...") or right after a subordinating word in a
verb-final clause ("..., wie Soldaten auf ... schießen"). Pronouns are not resolved, so "wie sie ... schießen"
gives no actor and no flag. The flag needs the same verb in the best supporting sentences, each with a named
subject other than the element's named actor, and the element's actor nowhere in them (so "Russland" against
"Moskau ..., sagte der russische Außenminister" is no shift). Descriptions are left out: "die Ex-Außenministerin"
and "die Grünen-Politikerin", or a name and a description, may be one person, which only coreference could tell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..types import Language, Span, Token
from .words import ContentWord, WordKind, content_words, match_credit

if TYPE_CHECKING:
    from .features import Statement
    from .types import Flag, Support

# Tags that may make up a plain noun phrase (the subject candidates).
_NOMINAL = frozenset({"ART", "ADJA", "NN", "NE", "PIAT", "PIDAT", "PPOSAT", "CARD", "TRUNC", "ADV", "$("})
_HEADS = frozenset({"NN", "NE"})
_SUBORDINATORS = frozenset({"KOUS", "PWAV", "PRELS"})
_BOUNDARIES = frozenset({"$,", "$.", "KON", "KOUS", "PWAV", "PRELS"})


def _head(text: str, phrase: Sequence[Token]) -> ContentWord | None:
    if not phrase or not any(t.pos in _HEADS for t in phrase) or (phrase[0].pos == "ADV" and len(phrase) == 1):
        return None
    heads = [t for t in phrase if t.pos in _HEADS]
    words = content_words(text, heads[-1:])
    return words[0] if words else None


def _phrase_words(text: str, phrase: Sequence[Token]) -> tuple[ContentWord, ...]:
    return content_words(text, [t for t in phrase if t.pos in _HEADS])


def subject_before(text: str, tokens: Sequence[Token]) -> tuple[ContentWord | None, ContentWord | None]:
    """The subject head and finite verb of a statement that opens with a noun phrase and its finite full verb."""
    for j, token in enumerate(tokens):
        if token.pos == "VVFIN":
            before = tokens[:j]
            if before and all(t.pos in _NOMINAL for t in before):
                verb = content_words(text, tokens[j:])
                return _head(text, before), verb[0] if verb else None
            return None, None
        if token.pos not in _NOMINAL:
            return None, None
    return None, None


def _clause_subject(text: str, tokens: Sequence[Token], j: int) -> tuple[ContentWord, ...]:
    """The nouns and names of the subject of the finite verb at ``j`` when word order shows it, else ()."""
    start = j
    while start > 0 and tokens[start - 1].pos not in _BOUNDARIES:
        start -= 1
    if start > 0 and tokens[start - 1].pos in _SUBORDINATORS:
        run = []
        for token in tokens[start:j]:
            if token.pos not in _NOMINAL:
                break
            run.append(token)
        return _phrase_words(text, run) if _head(text, run) else ()
    before = tokens[start:j]
    if before and all(t.pos in _NOMINAL for t in before) and _head(text, before):
        return _phrase_words(text, before)
    return ()


def _subjects_of(text: str, tokens: Sequence[Token], action: ContentWord) -> list[tuple[ContentWord, ...]]:
    """For every finite use of the statement's verb in a sentence, its subject's words (() where not readable)."""
    found: list[tuple[ContentWord, ...]] = []
    for j, token in enumerate(tokens):
        if token.pos != "VVFIN":
            continue
        verb = content_words(text, tokens[j:])
        if verb and verb[0].span == token.span and verb[0].key == action.key:
            found.append(_clause_subject(text, tokens, j))
    return found


def actor_shift(text: str, language: Language, statement: Statement, group: Sequence[Support]) -> Flag | None:
    """An ``actor_shift`` flag when the best supporting sentences give the statement's action to someone else."""
    from .types import Flag, FlagKind

    actor, action = statement.actor, statement.action
    if actor is None or action is None or actor.kind is not WordKind.NAME or not group:
        return None
    others: list[tuple[Span, Span]] = []
    for support in group:
        tokens = language.tokens_of(language.sentences[support.sentence])
        if any(match_credit(actor, word)[0] > 0 for word in content_words(text, tokens)):
            return None  # the actor is in the sentence in another role or under a stem ("Russland" ~ "russische")
        for subject in _subjects_of(text, tokens, action):
            if not subject:
                continue
            if any(match_credit(actor, word)[0] > 0 for word in subject):
                return None  # the body gives the action to the same actor
            names = [w for w in subject if w.kind is WordKind.NAME]
            if not names:
                return None  # a description ("die Grünen-Politikerin") may be the element's actor under another name
            others.append((support.span, names[-1].span))
    if not others:
        return None
    return Flag(
        FlagKind.ACTOR_SHIFT,
        "The element makes a different actor the subject of this action than the body sentences that report it.",
        (statement.span, actor.span, action.span, *(span for pair in others for span in pair)),
    )

"""Speaker resolution within one article: link each quotation's speaker to the article's fullest mention of it.

A report names its sources once in full ("Jana Berger, Sprecherin des Bürgermeisters") and then shortly
("so Berger", "sie", "das britische Blatt" for 'die britische "Financial Review"'). The candidates are the
speakers of the quotations and the sources of the source mentions, in text order; a speaker resolves to an
earlier (or the same) candidate by three rules, tried in order:

1. names: a capitalised word of the speaker is a name (STTS NE, or capitalised mid-sentence but not a noun,
   or a quoted title) of an earlier candidate -> the first such candidate (the full introduction);
2. pronoun: a personal pronoun (er, sie) or an anaphoric source adverb ("demnach", which quotes-de marks as the
   speaker) -> the actor of the nearest earlier quotation with a speaker, within ``MAX_PRONOUN_DISTANCE``
   characters (news rarely keeps a pronoun speaker across paragraphs), unless a sentence opens with a name
   after that speaker and before the pronoun ("Bürgermeister X wies die Vorwürfe zurück. ..., sagte er"), and
   only when the article of the actor does not contradict the pronoun's gender;
3. description: a speaker without a name that shares a content adjective or noun lemma with an earlier named
   candidate ("das Hamburger Blatt" ~ 'die Hamburger "Morgenpost"') -> the nearest such candidate.

Otherwise the speaker is its own actor. This is within-article resolution only; entity typing and
cross-article identity are the entities stage's work (issue 5).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..types import Language, Span, Token
from .cues import source_patterns
from .types import Quotation, SourceMention

# A pronoun speaker refers back at most this far (characters from the previous quotation's speaker); set by
# reading the reference article and quotes-de train, where pronoun speakers follow within a paragraph or two.
MAX_PRONOUN_DISTANCE = 1500
_PRONOUNS = frozenset({"er", "sie"})
# A sentence-opening name may carry up to this many title words before it ("Bayerns Innenminister Joachim Herrmann").
MAX_TITLE_WORDS = 3
_TITLE_TAGS = frozenset({"NN", "ADJA"})
_NAME_TAIL_TAGS = frozenset({"NE", "NN", "FM", "ADJD"})
# Nominative articles and the genders they show (speakers are subjects); "die" is feminine or plural, both "sie".
_ARTICLE_GENDER = {"der": "m", "ein": "m", "die": "f", "eine": "f", "das": "n"}
_PRONOUN_GENDER = {"er": frozenset({"m"}), "sie": frozenset({"f"})}
# Parts of speech whose lemmas carry a description's meaning ("britische" -> britisch, "Portal").
_CONTENT_TAGS = frozenset({"ADJA", "ADJD", "NN"})
_QUOTE_MARKS = frozenset("\"„“”»«'‚‘’")


@dataclass(frozen=True)
class _Mention:
    span: Span
    names: frozenset[str]
    capitalised: frozenset[str]  # every capitalised word of the head: a name the tagger took for a noun is here
    content: frozenset[str]


@dataclass(frozen=True)
class _Index:
    """The article's text and language layer with the offsets the lookups need."""

    text: str
    language: Language
    token_starts: list[int]  # start offset of every token, sorted
    sentence_starts: frozenset[int]  # start offset of every sentence's first token

    @classmethod
    def of(cls, text: str, language: Language) -> _Index:
        tokens = language.tokens
        firsts = (tokens[s.token_start].span.start for s in language.sentences if s.token_end > s.token_start)
        return cls(text, language, [t.span.start for t in tokens], frozenset(firsts))

    def tokens_in(self, span: Span) -> list[Token]:
        first = bisect.bisect_left(self.token_starts, span.start)
        last = bisect.bisect_right(self.token_starts, span.end)
        return [t for t in self.language.tokens[first:last] if t.span.end <= span.end]


def _is_name(text: str, tokens: Sequence[Token], i: int, sentence_starts: frozenset[int]) -> bool:
    """A proper name: tagged NE; or capitalised inside a sentence while not tagged as a noun (German
    capitalises only nouns and names there, and taggers often miss foreign names and tag them ADJD); or a
    noun in quotation marks (titles of media: 'die britische "Financial Review"')."""
    token = tokens[i]
    word = text[token.span.start : token.span.end]
    if token.pos == "NE":
        return True
    if not word[:1].isupper():
        return False
    if token.pos not in ("NN", "NE") and token.span.start not in sentence_starts:
        return True
    before = text[token.span.start - 1 : token.span.start]
    after = text[token.span.end : token.span.end + 1]
    return token.pos == "NN" and before in _QUOTE_MARKS and after in _QUOTE_MARKS


def _mention(index: _Index, span: Span) -> _Mention:
    """Names and content lemmas of the mention's head: an apposition after a comma ("Berater des ukrainischen
    Präsidenten Wolodymyr Selenskyj") describes the actor and names others, so it is left out."""
    text, sentence_starts = index.text, index.sentence_starts
    tokens = index.tokens_in(span)
    comma = next((i for i, t in enumerate(tokens) if t.pos == "$,"), len(tokens))
    tokens = tokens[:comma]
    names = frozenset(
        text[t.span.start : t.span.end] for i, t in enumerate(tokens) if _is_name(text, tokens, i, sentence_starts)
    )
    capitalised = frozenset(w for t in tokens if (w := text[t.span.start : t.span.end])[:1].isupper())
    content = frozenset(t.lemma.lower() for t in tokens if t.pos in _CONTENT_TAGS)
    return _Mention(span, names, capitalised, content)


@cache
def _anaphoric_adverbs() -> frozenset[str]:
    """Source adverbs that point back at the source named before ("Demnach sollen ...")."""
    return frozenset(p.words[0] for p in source_patterns() if p.kind == "adverb" and len(p.words) == 1)


def _agrees(pronoun: str, actor: str) -> bool:
    """Whether a pronoun can refer to ``actor`` by grammatical gender, as its opening article shows it ("er" is not
    "die Staatsanwaltschaft"); actors without an article (names) agree with both."""
    first = actor.split(maxsplit=1)[0].lower() if actor.strip() else ""
    gender = _ARTICLE_GENDER.get(first)
    return gender is None or pronoun not in _PRONOUN_GENDER or gender in _PRONOUN_GENDER[pronoun]


def _covering(first: Span, spans: Sequence[Span]) -> Span:
    return Span(first.start, max(s.end for s in spans))


def resolve_speakers(
    text: str, language: Language, quotations: Sequence[Quotation], mentions: Sequence[SourceMention]
) -> tuple[Span | None, ...]:
    """Per quotation, the span of the actor its speaker refers to (None when the quotation names no speaker)."""
    index = _Index.of(text, language)
    speakers = {k: _mention(index, _covering(q.speaker[0], q.speaker)) for k, q in enumerate(quotations) if q.speaker}
    mentioned = [*speakers.values(), *(_mention(index, m.source) for m in mentions if len(m.source))]
    candidates = _Candidates(sorted(mentioned, key=lambda m: m.span))
    previous: tuple[Span, Span] | None = None  # (speaker span, its actor) of the last quotation with a speaker
    order = sorted(range(len(quotations)), key=lambda k: quotations[k].quote[0] if quotations[k].quote else Span(0, 0))
    actors: dict[int, Span] = {}
    openers = _opening_names(text, language)
    for k in order:
        speaker = speakers.get(k)
        if speaker is None:
            continue
        name = _opening_name_between(text, speaker.span, previous, openers)
        # a sentence-opening name nearer than the previous speaker stands in for it, as its own fullest mention
        antecedent = previous if name is None else (name, _resolve(text, _mention(index, name), candidates, None))
        actors[k] = _resolve(text, speaker, candidates, antecedent)
        previous = (speaker.span, actors[k])
    return tuple(actors.get(k) for k in range(len(quotations)))


def _opening_names(text: str, language: Language) -> list[Span]:
    """Names that open their sentence as its subject, with their title ("Bürgermeister Klaus Dorneck wies ...").

    A pronoun speaker often refers to such a person although the text quoted nobody there (not yet a speaker).
    """
    out = []
    for sentence in language.sentences:
        tokens = language.tokens[sentence.token_start : sentence.token_end]
        i = 1 if tokens and tokens[0].pos == "ART" else 0
        titles = 0
        while i < len(tokens) and tokens[i].pos in _TITLE_TAGS and titles < MAX_TITLE_WORDS:
            i, titles = i + 1, titles + 1
        first_name = i
        while i < len(tokens) and tokens[i].pos == "NE":
            i += 1
        # a surname the tagger does not know ("Klaus Dorneck" with "Dorneck" as NN): capitalised words after a name
        while (
            i > first_name
            and i < len(tokens)
            and tokens[i].pos in _NAME_TAIL_TAGS
            and text[tokens[i].span.start].isupper()
        ):
            i += 1
        if i > first_name:
            out.append(Span(tokens[0].span.start, tokens[i - 1].span.end))
    return out


def _opening_name_between(
    text: str, pronoun: Span, previous: tuple[Span, Span] | None, openers: Sequence[Span]
) -> Span | None:
    """For a personal-pronoun speaker at ``pronoun``: the last sentence-opening name after the previous quotation's
    speaker and within ``MAX_PRONOUN_DISTANCE`` before the pronoun, else None."""
    if text[pronoun.start : pronoun.end].lower() not in _PRONOUNS:
        return None
    floor = previous[0].end if previous is not None else 0
    nearer = [o for o in openers if floor <= o.start and o.end <= pronoun.start]
    if nearer and pronoun.start - nearer[-1].end <= MAX_PRONOUN_DISTANCE:
        return nearer[-1]
    return None


class _Candidates:
    """The mentions a speaker may refer back to, sorted by span, indexed by their names and content words.

    ``_resolve`` asks for the first earlier mention sharing a name and the last earlier named one sharing a content
    word; the indexes answer both without walking every earlier mention (quadratic on texts with thousands of
    quotations).
    """

    def __init__(self, mentions: Sequence[_Mention]) -> None:
        self.mentions = mentions
        self.starts = [m.span.start for m in mentions]
        self.by_name: dict[str, list[int]] = {}
        self.by_content: dict[str, list[int]] = {}  # named mentions only
        for i, m in enumerate(mentions):
            for name in m.names:
                self.by_name.setdefault(name, []).append(i)
            for word in m.content if m.names else ():
                self.by_content.setdefault(word, []).append(i)

    def _limit(self, speaker: _Mention) -> int:
        """Mentions before this position start no later than the speaker: the earlier ones (and the speaker)."""
        return bisect.bisect_right(self.starts, speaker.span.start)

    def first_sharing_a_name(self, speaker: _Mention) -> Span | None:
        """The first earlier mention (not the speaker's own) with a name among the speaker's capitalised words."""
        limit = self._limit(speaker)
        best: int | None = None
        for word in speaker.capitalised:
            for i in self.by_name.get(word, ()):
                if i >= limit or (best is not None and i >= best):
                    break
                if self.mentions[i].span != speaker.span:
                    best = i
                    break
        return None if best is None else self.mentions[best].span

    def last_named_sharing_content(self, speaker: _Mention) -> Span | None:
        """The last earlier named mention (not the speaker's own) that shares a content word with the speaker."""
        limit = self._limit(speaker)
        best = -1
        for word in speaker.content:
            positions = self.by_content.get(word, [])
            k = bisect.bisect_left(positions, limit) - 1
            while k >= 0 and positions[k] > best and self.mentions[positions[k]].span == speaker.span:
                k -= 1
            if k >= 0:
                best = max(best, positions[k])
        return None if best < 0 else self.mentions[best].span


def _resolve(text: str, speaker: _Mention, candidates: _Candidates, previous: tuple[Span, Span] | None) -> Span:
    named = candidates.first_sharing_a_name(speaker)
    if named is not None:
        return named
    if speaker.names:
        return speaker.span  # a named actor not met before is its own introduction
    words = text[speaker.span.start : speaker.span.end].lower().split()
    if len(words) == 1 and (words[0] in _PRONOUNS or words[0] in _anaphoric_adverbs()):
        if (
            previous is not None
            and speaker.span.start - previous[0].end <= MAX_PRONOUN_DISTANCE
            and _agrees(words[0], text[previous[1].start : previous[1].end])
        ):
            return previous[1]
        return speaker.span
    return candidates.last_named_sharing_content(speaker) or speaker.span

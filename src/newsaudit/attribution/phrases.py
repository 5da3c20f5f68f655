"""Token-level phrase reading for attribution: a sentence's tokens, clause edges and noun phrases (speakers).

Speakers are found by POS patterns, not a parser: the noun phrase before a verb-second cue when it opens the
clause, else the one after it, with genitive/"von" tails, "(CDU)", a name apposition ("X, Berater des Y,")
and quoted names („Welt“). Switches below were set on quotes-de train (speaker token F1 in the comments).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Language, Span, Token

NOMINAL_TAGS = frozenset({"NN", "NE", "FM", "PPER", "PIS", "PDS", "TRUNC"})
MODIFIER_TAGS = frozenset({"ART", "ADJA", "PPOSAT", "CARD", "PIAT", "PDAT", "ADJD"})
QUOTE_MARKS = frozenset('„“”"»«‚‘')
DETERMINER_TAGS = frozenset({"ART", "PPOSAT", "PDAT", "PIAT"})
FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})
GENITIVE_DETERMINERS = frozenset({"der", "des", "eines", "einer"})
COORDINATORS = frozenset({"und", "sowie"})
NOT_SPEAKERS = frozenset({"es", "man", "sich", "dies", "das"})  # impersonal/expletive subjects are no speakers
LINK_PREPOSITIONS = frozenset({"von", "für", "aus", "des", "der"})
# "Doktorvater zu Guttenbergs", "Berater … und Militärblogger", "Angaben vom gestrigen Mittwoch zufolge" ("vom":
# fast speaker train .6816 -> .6821, dev unchanged; also forwards: train quote .8066 -> .8062, so backwards only)
BACKWARD_LINKS = LINK_PREPOSITIONS | {"zu", "und", "vom"}
SPEAKER_MAX_TOKENS = 14  # longest noun phrase we take as a speaker (gold speakers: median 2-3 tokens)
PASSIVE_HAS_NO_SPEAKER = True  # "wurde aufgefordert": the subject is the addressee, not the speaker
# ... except for verbs whose passive subject is the one who speaks ("Sie wird mit den Worten zitiert")
PASSIVE_SPEAKER_VERBS = frozenset({"zitieren"})
# A VVFIN cue after a finite auxiliary of its clause is read as the participle it is ("hat … erklärt"): with
# PASSIVE_SPEAKER_VERBS, fast speaker F1 train .6788 -> .6793, dev .6254 -> .6272 (2026-11-26); accurate unchanged.
MISREAD_PARTICIPLES = True
NOUN_SPLIT_FORWARD = False  # reading "NN NN" as two phrases: speaker .499 -> .486 (names tagged NN), so off
NOUN_SPLIT_BACKWARD = False  # the same looking backwards: .499 -> .483, so off
# after a head noun, a possessive in the genitive continues the phrase ("Angaben seines Anwalts"): fast speaker F1
# train +.0003, dev unchanged (2026-11-26)
POSSESSIVE_GENITIVES = True
POSSESSIVE_GENITIVE_WORDS = frozenset({"seines", "ihres", "seiner", "ihrer"})
# ... and so does an article-less genitive plural: a strong "-er" adjective and a noun ("Angaben libanesischer
# Sicherheitskreise", "Einschätzung politischer Beobachter"): fast speaker F1 train .6810 -> .6816, dev .6328 ->
# .6335 (2026-11-26)
STRONG_GENITIVES = True
# an adjective or number right after a head noun starts the next phrase ("Reuters | 900 Menschen")
MODIFIER_SPLIT = True
# "X, der …, erklärte": the speaker is the phrase before the relative clause; with the prefield fallback below
# speaker train .6675 -> .6687, dev .6078 -> .6147 (2026-11-25; each alone on dev: .6107 / .6118)
RELATIVE_SKIP = True
# a determiner-led prefield with a noun the tagger misread ("Der 39-Jährige", "… n-tv") is the speaker
PREFIELD_FALLBACK = True
# "John Kline, ein Repräsentant aus Minnesota und Marineoberst außer Dienst, sagte": an apposition between commas
# that the phrase reader stops inside (a preposition, "und") still belongs to the name before it: fast speaker F1
# train .6828 -> .6834, dev .6335 -> .6374 (2026-11-26; every changed speaker is now the gold one)
LOOSE_APPOSITIONS = True
APPOSITION_TAGS = frozenset(
    {
        "ART",
        "ADJA",
        "ADJD",
        "ADV",
        "NN",
        "NE",
        "FM",
        "TRUNC",
        "CARD",
        "APPR",
        "APPRART",
        "APPO",
        "KON",
        "PPOSAT",
        "PIAT",
        "PDAT",
        "$(",
    }
)


class TokenView:
    """One sentence's tokens (with their words) and the helpers the rules share; indices are into ``tokens``."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens = list(tokens)
        self.words = [text[t.span.start : t.span.end] for t in tokens]
        self.lower = [w.lower() for w in self.words]

    def __len__(self) -> int:
        return len(self.tokens)

    def is_punct(self, i: int) -> bool:
        return self.tokens[i].pos.startswith("$")

    def is_comma(self, i: int) -> bool:
        return self.words[i] in {",", ":", ";", "–", "-"}

    def is_nominal(self, i: int) -> bool:
        token = self.tokens[i]
        if token.pos in NOMINAL_TAGS:
            return True
        # Unknown names get odd tags from the suffix guesser (a foreign surname as ADJD): trust the capital letter.
        word = self.words[i]
        return bool(word[:1].isupper()) and not token.pos.startswith(("V", "$", "KO", "AP", "PW", "PT")) and i > 0

    def span(self, first: int, last: int) -> Span:
        """Character span of tokens first..last (inclusive)."""
        return Span(self.tokens[first].span.start, self.tokens[last].span.end)

    def spans_of(self, indices: Sequence[int]) -> tuple[Span, ...]:
        """Character spans of token indices, contiguous runs merged."""
        chosen = set(indices)
        out: list[Span] = []
        for i in sorted(chosen):
            span = self.tokens[i].span
            if out and i - 1 in chosen:
                out[-1] = Span(out[-1].start, span.end)
            else:
                out.append(span)
        return tuple(out)

    def finite_verbs(self, first: int, last: int) -> list[int]:
        return [i for i in range(first, last) if self.tokens[i].pos in FINITE_TAGS]


class SentenceViews:
    """The ``TokenView`` of the sentence holding a character position, built once per sentence."""

    def __init__(self, text: str, language: Language) -> None:
        self.text = text
        self.language = language
        self._views: dict[int, TokenView] = {}

    def at(self, position: int) -> TokenView | None:
        """The view of the sentence whose span holds ``position`` (None between or before sentences)."""
        k = self.language.sentence_index.holding(position)
        if k is None:
            return None
        if k not in self._views:
            self._views[k] = TokenView(self.text, self.language.tokens_of(self.language.sentences[k]))
        return self._views[k]


# ------------------------------------------------------------------------------------------ noun phrases


def noun_continues(s: TokenView, first: int, second: int) -> bool:
    """Whether two adjacent nominal tokens belong to one phrase: a name after a title or name ("Präsident
    Kennedy", "Frank-Jürgen Weise"); two common nouns or a pronoun and a noun are two phrases."""
    if s.tokens[first].pos in {"PPER", "PIS", "PDS"} or s.tokens[second].pos in {"PPER", "PIS", "PDS"}:
        return False
    return s.tokens[second].pos != "NN" or s.tokens[first].pos == "TRUNC"


def _strong_genitive(s: TokenView, j: int) -> bool:
    """Whether token j opens an article-less genitive plural: an "-er" adjective (ADJA) followed by a noun."""
    return (
        s.tokens[j].pos == "ADJA"
        and s.lower[j].endswith("er")
        and j + 1 < len(s)
        and s.tokens[j + 1].pos in {"NN", "NE"}
    )


def np_forward(s: TokenView, i: int, *, apposition: bool = True) -> tuple[int, int] | None:
    """The noun phrase starting at token i (inclusive range): genitive/PP tails, "(CDU)", an apposition."""
    if i >= len(s):
        return None
    if s.tokens[i].pos in {"PPER", "PIS", "PDS"}:
        return (i, i)
    j = i
    last_core = -1
    opened = False
    while j < len(s) and j - i < SPEAKER_MAX_TOKENS:
        pos = s.tokens[j].pos
        if s.is_nominal(j) or pos == "TRUNC":
            if NOUN_SPLIT_FORWARD and last_core == j - 1 and last_core >= i and not noun_continues(s, j - 1, j):
                break  # "die Staatsanwaltschaft | Ertel": a second noun phrase
            last_core = j
        elif s.words[j] in QUOTE_MARKS and not opened and j + 1 < len(s) and s.is_nominal(j + 1):
            opened = True  # „Welt“ inside the phrase: the opening mark
        elif s.words[j] in QUOTE_MARKS and opened and last_core == j - 1:
            opened = False
            last_core = j  # ... and its closing mark
        elif last_core == j - 1 and s.lower[j] in COORDINATORS and j + 1 < len(s) and s.is_nominal(j + 1):
            pass  # "kanadischer General und Kommandeur des Einsatzes"
        elif pos in MODIFIER_TAGS and pos != "ADJD":
            # after the head only a genitive determiner continues the phrase ("der Chef der Bundesagentur");
            # "den Behörden" or "900 Menschen" after "der Bericht" is the next phrase (an object)
            if (
                last_core >= i
                and last_core == j - 1
                and (pos in DETERMINER_TAGS or MODIFIER_SPLIT)
                and s.lower[j] not in GENITIVE_DETERMINERS
                and not (POSSESSIVE_GENITIVES and s.lower[j] in POSSESSIVE_GENITIVE_WORDS)
                and not (STRONG_GENITIVES and _strong_genitive(s, j))
            ):
                break
        elif last_core >= 0 and s.lower[j] in LINK_PREPOSITIONS and j + 1 < len(s):
            pass
        elif last_core == j - 1 and s.words[j] == "(":
            close = next((k for k in range(j + 1, min(len(s), j + 6)) if s.words[k] == ")"), None)
            if close is None:
                break
            last_core = j = close  # "Christian Wulff (CDU)"
        elif last_core == j - 1 and s.words[j] == "," and apposition:
            # apposition ", Frank-Jürgen Weise," / ", ein Klimaexperte vom WWF," closed by punctuation
            sub = np_forward(s, j + 1, apposition=False)
            if sub and (sub[1] + 1 == len(s) or s.is_punct(sub[1] + 1)):
                last_core = sub[1]
            break
        else:
            break
        j += 1
    return (i, last_core) if last_core >= i else None


def np_backward(s: TokenView, end: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase ending at token ``end`` (inclusive), not reaching before ``floor``."""
    last = end
    if end >= floor and s.words[end] == ")":
        opening = next((k for k in range(end - 1, max(floor - 1, end - 6), -1) if s.words[k] == "("), None)
        if opening is not None:
            end = opening - 1  # "Wulff (CDU)": the phrase is before the parenthesis
    if end < floor or not s.is_nominal(end):
        return None
    j = end
    while j - 1 >= floor and end - j < SPEAKER_MAX_TOKENS:
        prev = j - 1
        pos = s.tokens[prev].pos
        linking = s.lower[prev] in BACKWARD_LINKS and prev - 1 >= floor and s.is_nominal(prev - 1)
        if NOUN_SPLIT_BACKWARD and s.is_nominal(prev) and s.is_nominal(j) and not noun_continues(s, prev, j):
            break  # "die Organisation | Schätzungen zufolge"
        if s.is_nominal(prev) or (pos in MODIFIER_TAGS and pos != "ADJD") or linking:
            j = prev
        else:
            break
    # Skip leading link words the loop may have kept ("von der Leyen" is fine; a bare leading "in" is not).
    while j < end and s.tokens[j].pos in {"APPR", "APPRART"}:
        j += 1
    return (j, last)


def speaker_near_verb(s: TokenView, verb: int, floor: int) -> tuple[int, int] | None:
    """The speaker of a cue verb, unless it is an impersonal "es"/"man" (quotes-de gives those no speaker).

    For a participle or infinitive cue ("hatte … angekündigt", "will … wissen") the subject stands next to the
    finite auxiliary or modal, so that is where we look.
    """
    start = clause_start(s, verb, floor)
    finite = [k for k in range(start, verb) if s.tokens[k].pos in {"VAFIN", "VMFIN"}]
    # A "finite" full verb after a finite auxiliary of its clause is a participle the tagger misread ("wird …
    # zitiert", "hat … erklärt": HanTa tags many -t participles VVFIN).
    if s.tokens[verb].pos != "VVFIN" or (MISREAD_PARTICIPLES and finite):
        participle = s.tokens[verb].pos in {"VVPP", "VVFIN"}
        if (
            PASSIVE_HAS_NO_SPEAKER
            and participle
            and s.tokens[verb].lemma not in PASSIVE_SPEAKER_VERBS
            and any(is_passive_auxiliary(s, k) for k in finite)
        ):
            return None  # "wurde aufgefordert", "wird gemeldet": the subject is not the speaker
        if finite:
            verb = finite[0]
    found = subject_near_verb(s, verb, floor)
    if found and found[0] == found[1] and s.lower[found[0]] in NOT_SPEAKERS:
        return None
    return found


def _prefield_phrase(s: TokenView, first: int, verb: int) -> bool:
    """Whether the tokens before a verb-second verb form one noun phrase the tagger misread ("Der 39-Jährige",
    "Ein Reporter des Fernsehsenders n-tv"): a determiner first, a noun inside, no verb or punctuation."""
    if verb - first < 2 or verb - first > SPEAKER_MAX_TOKENS or s.tokens[first].pos not in DETERMINER_TAGS:
        return False
    inside = range(first + 1, verb)
    if any(s.tokens[k].pos.startswith(("V", "$", "KO", "PW", "PREL")) for k in inside):
        return False
    return any(s.is_nominal(k) or s.words[k][:1].isdigit() for k in inside)


def is_passive_auxiliary(s: TokenView, k: int) -> bool:
    """A finite "werden" that is no future tense: followed by a participle, not an infinitive."""
    return s.tokens[k].lemma == "werden" and s.tokens[k].pos == "VAFIN"


def _name_with_apposition(s: TokenView, comma: int, floor: int) -> tuple[int, int] | None:
    """ "X, <apposition>, <verb>": the phrase X that opens the clause and the apposition up to ``comma``, when the
    apposition holds no verb or clause word and starts like a noun phrase."""
    opening = next((k for k in range(comma - 1, floor, -1) if s.is_comma(k)), None)
    if opening is None or comma - opening < 3 or comma - opening > SPEAKER_MAX_TOKENS:
        return None
    inside = range(opening + 1, comma)
    if s.tokens[opening + 1].pos not in {"ART", "ADJA", "NN", "NE", "PPOSAT", "CARD"}:
        return None
    if not all(s.tokens[k].pos in APPOSITION_TAGS for k in inside) or not any(s.is_nominal(k) for k in inside):
        return None
    outer = np_backward(s, opening - 1, floor)
    if outer is None or outer[0] != clause_start(s, outer[0], floor) or not s.is_nominal(outer[1]):
        return None
    return (outer[0], comma - 1)


def subject_near_verb(s: TokenView, verb: int, floor: int) -> tuple[int, int] | None:
    """Subject of a verb-second clause: the NP before the verb when it opens the clause, else the NP after.

    ``floor`` is the first token the clause may start at (0, or the token after a quote and its comma).
    """
    before = verb - 1
    if before - 1 >= floor and s.words[before] == ",":
        # "X, Berater des Y, erklärte": the apposition and the name before it
        inner = np_backward(s, before - 1, floor)
        if inner and inner[0] - 2 >= floor and s.words[inner[0] - 1] == ",":
            outer = np_backward(s, inner[0] - 2, floor)
            if outer and outer[0] == clause_start(s, outer[0], floor):
                return (outer[0], inner[1])
    if LOOSE_APPOSITIONS and before - 1 >= floor and s.words[before] == ",":
        loose = _name_with_apposition(s, before, floor)
        if loose is not None:
            return loose
    if RELATIVE_SKIP and before - 1 >= floor and s.words[before] == ",":
        # "Frank Sichau, der als Sprecher fungiert, erklärte": the phrase before the relative clause
        relative = next((k for k in range(before - 1, floor, -1) if s.is_comma(k)), None)
        if relative is not None and relative + 1 < before and s.tokens[relative + 1].pos in {"PRELS", "PRELAT"}:
            head = np_backward(s, relative - 1, floor)
            if head and head[0] == clause_start(s, head[0], floor):
                return head
    first = clause_start(s, verb, floor)
    back = np_backward(s, before, first)
    if back and back[0] == first:
        return back
    if PREFIELD_FALLBACK and back is None and _prefield_phrase(s, first, verb):
        return (first, before)
    k = verb + 1
    while k < len(s) and s.tokens[k].pos in {"ADV", "PTKVZ", "ADJD", "PTKNEG"} and k - verb <= 3:
        k += 1
    if k < len(s) and s.tokens[k].pos == "PPER":
        return (k, k)
    forward = np_forward(s, k)
    if forward:
        return forward
    return back


# ------------------------------------------------------------------------------------------ cues


def clause_end(s: TokenView, i: int) -> int:
    """Index after the last token of the clause holding token i (before the next comma/colon)."""
    k = i + 1
    while k < len(s) and not (s.is_comma(k) or s.tokens[k].pos == "$."):
        k += 1
    return k


def clause_start(s: TokenView, i: int, floor: int = 0) -> int:
    """Index of the first token of the clause holding token i (after the last comma/colon before it)."""
    k = i - 1
    while k >= floor:
        if s.is_comma(k) or s.tokens[k].pos == "$(":
            return k + 1
        k -= 1
    return floor


# ------------------------------------------------------------------------------------------ builders

"""Rule-based quotation and source attribution (the ``fast`` profile).

Works sentence by sentence over the language layer (tokens with STTS POS, lemma and mood):

* Direct: text between paired quotation marks („…“ "…" »…« «…»), across sentences inside one block; an
  interrupted quote („A“, sagte er, „B“) is one quotation with two quote spans. The cue is a reporting verb
  or "so" next to the quote in the sentences it touches; the speaker is the noun phrase next to the cue.
* Indirect: a reporting verb followed by a dass/ob/w-clause or by a clause whose finite verb is
  subjunctive ("Er sagte, er sei krank"), a subjunctive clause followed by ", sagte X", and source phrases
  that make the rest of the sentence indirect speech ("laut X", "X zufolge", "nach Angaben von X", "wie X
  berichtet", "so X"). The quote is the sentence minus the frame (speaker + cue), possibly discontinuous.
* IndirectFreeIndirect: subjunctive sentences without a cue right after an indirect quotation continue it;
  they inherit its speaker.
* Reported: a sentence whose main verb is a reporting verb with no quote, clause or subjunctive.
* FreeIndirect: hearsay "soll(en) … haben/sein" without a cue.

Lexicons: ``resources/de/attribution_cues.tsv`` (reporting verbs, medium) and
``resources/de/attribution_sources.tsv`` (source phrases). Tuned on quotes-de train only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from ..types import Article, Language, Mood, Span, Token
from .types import Medium, Quotation, QuoteKind, SourceMention

# Pairs of opening and closing quotation marks; a straight " closes itself.
CLOSERS = {"„": "“\"", "»": "«", "«": "»", '"': '"', "“": "”"}
MAX_QUOTE_CHARS = 2000  # longer "quotes" are unpaired marks; the longest gold direct quote in train is ~1,100
SUBJUNCTIVE = frozenset({Mood.KONJUNKTIV_I, Mood.KONJUNKTIV_II})
CLAUSE_WORDS = frozenset({"dass", "daß", "ob"})
NOMINAL_TAGS = frozenset({"NN", "NE", "FM", "PPER", "PIS", "PDS", "TRUNC", "PRF"})
MODIFIER_TAGS = frozenset({"ART", "ADJA", "PPOSAT", "CARD", "PIAT", "PDAT", "ADJD"})
TITLE_MAX_WORDS = 6
TITLE_FUNCTION_WORDS = frozenset({"der", "die", "das", "des", "und", "of", "the", "de", "la", "von", "für", "in", "–", "-"})
QUOTE_MARKS = frozenset("„“”\"»«‚‘")
DETERMINER_TAGS = frozenset({"ART", "PPOSAT", "PDAT", "PIAT"})
GENITIVE_DETERMINERS = frozenset({"der", "des"})
NOT_SPEAKERS = frozenset({"es", "man", "sich", "dies", "das"})  # impersonal/expletive subjects are no speakers
LINK_PREPOSITIONS = frozenset({"von", "für", "aus", "des", "der"})
QUOTED_SHARE = 0.6  # a clause more than 60% inside quotation marks is the direct quote's (set on train)
CUE_TO_CLAUSE_TOKENS = 8  # "teilte die Polizei am Montag mit, ..." : the comma comes within a few tokens
SPEAKER_MAX_TOKENS = 14
FREE_INDIRECT_GAP = 1000  # sentences since the last quotation; any subjunctive sentence scored best on train
HEARSAY = True
CHAIN_GAP_WORDS = 6
REPORT_VERBS_TAKE_CLAUSES = True
INHERIT_DIRECT_SPEAKER = False  # inheriting the last speaker for uncued direct quotes lost speaker F1 on train
IMPERSONAL_CUES = frozenset({"heißen", "annehmen", "vermuten", "berichten", "melden", "äußern", "erwarten"})  # longer runs are rarely one noun phrase; set on train speakers (median 2-3 tokens)

# Confidence per pattern: rough precision of the pattern on quotes-de train (quote matched at all).
CONFIDENCE = {
    "direct": 0.9,
    "indirect-clause": 0.8,
    "indirect-source": 0.8,
    "indirect-free": 0.6,
    "reported": 0.5,
    "free-indirect": 0.5,
}


@dataclass(frozen=True)
class Cue:
    lemma: str
    medium: Medium
    cls: str  # "say" or "report"
    governs: str = ""  # a word the verb takes that quotes-de counts as cue ("als" after "bezeichnen")


@dataclass(frozen=True)
class SourcePattern:
    name: str
    kind: str  # prep-before | postp | wie-clause | agency
    words: tuple[str, ...]
    medium: Medium


def _rows(name: str) -> list[list[str]]:
    text = resources.files("newsaudit.resources.de").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def cue_lexicon() -> dict[str, Cue]:
    """Reporting verbs by lemma (particle verbs joined: "mitteilen")."""
    return {row[0]: Cue(row[0], Medium(row[1]), row[2], row[3] if len(row) > 3 else "") for row in _rows("attribution_cues.tsv")}


@cache
def source_patterns() -> tuple[SourcePattern, ...]:
    """Source phrases ("laut", "nach Angaben", "zufolge", agencies) in lexicon order."""
    return tuple(SourcePattern(r[0], r[1], tuple(r[2].split()), Medium(r[3])) for r in _rows("attribution_sources.tsv"))


class _Sentence:
    """One sentence's tokens with the helpers the rules share."""

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
        # Unknown names get odd tags from the suffix guesser ("Arestovich"/ADJD): trust the capital letter.
        word = self.words[i]
        return bool(word[:1].isupper()) and not token.pos.startswith(("V", "$", "KO", "AP", "PW", "PT")) and i > 0

    def span(self, first: int, last: int) -> Span:
        """Character span of tokens first..last (inclusive)."""
        return Span(self.tokens[first].span.start, self.tokens[last].span.end)

    def finite_verbs(self, first: int, last: int) -> list[int]:
        return [i for i in range(first, last) if self.tokens[i].pos in {"VVFIN", "VAFIN", "VMFIN"}]


# ------------------------------------------------------------------------------------------ noun phrases


def _np_forward(s: _Sentence, i: int, *, apposition: bool = True) -> tuple[int, int] | None:
    """The noun phrase starting at token i (inclusive range): genitive/PP tails, "(CDU)", an apposition."""
    if i >= len(s):
        return None
    if s.tokens[i].pos in {"PPER", "PIS", "PDS"}:
        return (i, i)
    j = i
    last_core = -1
    while j < len(s) and j - i < SPEAKER_MAX_TOKENS:
        pos = s.tokens[j].pos
        if s.is_nominal(j) or pos == "TRUNC":
            last_core = j
        elif s.words[j] in QUOTE_MARKS and j + 1 < len(s) and (s.is_nominal(j + 1) or last_core == j - 1):
            last_core = j if last_core == j - 1 and last_core >= 0 else last_core  # „Welt“ inside the phrase
        elif pos in MODIFIER_TAGS and pos != "ADJD":
            # after the head only a genitive determiner continues the phrase ("der Chef der Bundesagentur");
            # "den Behörden" after "der Bericht" is the next phrase (an object)
            if last_core >= 0 and pos in DETERMINER_TAGS and s.lower[j] not in GENITIVE_DETERMINERS:
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
            sub = _np_forward(s, j + 1, apposition=False)
            if sub and (sub[1] + 1 == len(s) or s.is_punct(sub[1] + 1)):
                last_core = sub[1]
            break
        else:
            break
        j += 1
    return (i, last_core) if last_core >= i else None


def _np_backward(s: _Sentence, end: int, floor: int) -> tuple[int, int] | None:
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
        if s.is_nominal(prev) or (pos in MODIFIER_TAGS and pos != "ADJD"):
            j = prev
        elif s.lower[prev] in LINK_PREPOSITIONS | {"zu"} and prev - 1 >= floor and s.is_nominal(prev - 1):
            j = prev
        else:
            break
    # Skip leading link words the loop may have kept ("von der Leyen" is fine; a bare leading "in" is not).
    while j < end and s.tokens[j].pos in {"APPR", "APPRART"}:
        j += 1
    return (j, last)


def _speaker_near_verb(s: _Sentence, verb: int, floor: int) -> tuple[int, int] | None:
    """The speaker of a cue verb, unless it is an impersonal "es"/"man" (quotes-de gives those no speaker).

    For a participle or infinitive cue ("hatte … angekündigt", "will … wissen") the subject stands next to the
    finite auxiliary or modal, so that is where we look.
    """
    if s.tokens[verb].pos != "VVFIN":
        start = _clause_start(s, verb, floor)
        finite = [k for k in range(start, verb) if s.tokens[k].pos in {"VAFIN", "VMFIN"}]
        if finite:
            verb = finite[0]
    found = _subject_near_verb(s, verb, floor)
    if found and found[0] == found[1] and s.lower[found[0]] in NOT_SPEAKERS:
        return None
    return found


def _subject_near_verb(s: _Sentence, verb: int, floor: int) -> tuple[int, int] | None:
    """Subject of a verb-second clause: the NP before the verb when it opens the clause, else the NP after.

    ``floor`` is the first token the clause may start at (0, or the token after a quote and its comma).
    """
    before = verb - 1
    if before - 1 >= floor and s.words[before] == ",":
        # "X, Berater des Y, erklärte": the apposition and the name before it
        inner = _np_backward(s, before - 1, floor)
        if inner and inner[0] - 2 >= floor and s.words[inner[0] - 1] == ",":
            outer = _np_backward(s, inner[0] - 2, floor)
            if outer and outer[0] == _clause_start(s, outer[0], floor):
                return (outer[0], inner[1])
    clause_start = _clause_start(s, verb, floor)
    back = _np_backward(s, before, clause_start)
    if back and back[0] == clause_start:
        return back
    k = verb + 1
    while k < len(s) and s.tokens[k].pos in {"ADV", "PTKVZ", "ADJD", "PTKNEG"} and k - verb <= 3:
        k += 1
    if k < len(s) and s.tokens[k].pos == "PPER":
        return (k, k)
    forward = _np_forward(s, k)
    if forward:
        return forward
    return back


# ------------------------------------------------------------------------------------------ cues


def _cue_at(s: _Sentence, i: int) -> tuple[Cue, list[int]] | None:
    """The reporting-verb cue whose verb is token i, with its token indices.

    Besides the verb the cue holds what quotes-de counts as part of it: a separated particle ("teilte … mit"),
    the auxiliary or modal of a participle/infinitive ("hatte berichtet", "will wissen", "war … worden"),
    a reflexive right after the verb ("äußerte sich"), an expletive "es" next to it ("heißt es") and the
    word the verb governs when the lexicon names one ("bezeichnete … als", "sprach von").
    """
    token = s.tokens[i]
    if not token.pos.startswith("VV"):
        return None
    lexicon = cue_lexicon()
    cue: Cue | None = None
    tokens = [i]
    if token.pos == "VVFIN":
        for k in range(i + 1, len(s)):
            if s.is_punct(k) or s.tokens[k].pos.startswith("V") or s.lower[k] in CLAUSE_WORDS:
                break
            if s.tokens[k].pos == "PTKVZ":
                joined = s.lower[k] + token.lemma
                if joined in lexicon:
                    cue, tokens = lexicon[joined], [i, k]
                break
    if cue is None:
        cue = lexicon.get(token.lemma)
    if cue is None:
        return None
    start, end = _clause_start(s, i), _clause_end(s, i)
    if token.pos != "VVFIN":
        finite = [k for k in range(start, end) if s.tokens[k].pos in {"VAFIN", "VMFIN"}]
        if finite:
            tokens.append(finite[0])
        tokens.extend(k for k in (i - 1, i + 1) if 0 <= k < len(s) and s.tokens[k].pos in {"VAPP", "VAINF", "VMINF"})
    if i + 1 < len(s) and s.tokens[i + 1].pos == "PRF":
        tokens.append(i + 1)
    for k in (i - 1, i + 1):
        if 0 <= k < len(s) and s.lower[k] == "es" and token.lemma in IMPERSONAL_CUES:
            tokens.append(k)
    if cue.governs:
        governed = next((k for k in range(i + 1, end) if s.lower[k] == cue.governs), None)
        if governed is not None:
            tokens.append(governed)
    return cue, sorted(set(tokens))


def _clause_end(s: _Sentence, i: int) -> int:
    """Index after the last token of the clause holding token i (before the next comma/colon)."""
    k = i + 1
    while k < len(s) and not (s.is_comma(k) or s.tokens[k].pos == "$."):
        k += 1
    return k


def _clause_start(s: _Sentence, i: int, floor: int = 0) -> int:
    """Index of the first token of the clause holding token i (after the last comma/colon before it)."""
    k = i - 1
    while k >= floor:
        if s.is_comma(k) or s.tokens[k].pos == "$(":
            return k + 1
        k -= 1
    return floor


# ------------------------------------------------------------------------------------------ builders


def _spans_of(s: _Sentence, indices: Sequence[int]) -> tuple[Span, ...]:
    """Character spans of token indices, contiguous runs merged."""
    out: list[Span] = []
    for i in sorted(indices):
        span = s.tokens[i].span
        if out and i - 1 in indices:
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return tuple(out)


def _trim(s: _Sentence, indices: list[int]) -> list[int]:
    """Drop punctuation at the edges of each contiguous run (the quote excludes the frame's commas)."""
    keep = set(indices)
    runs: list[list[int]] = []
    for i in sorted(keep):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out: list[int] = []
    for run in runs:
        while run and s.is_punct(run[0]) and s.words[run[0]] not in "„»\"«“":
            run.pop(0)
        while run and s.is_punct(run[-1]) and s.words[run[-1]] not in "“«\"»”":
            run.pop()
        out.extend(run)
    return out


@dataclass
class _Found:
    kind: QuoteKind
    quote: list[int]
    cue: list[int]
    speaker: tuple[int, int] | None
    medium: Medium
    method: str
    sentence: int

    def to_quotation(self, s: _Sentence) -> Quotation:
        quote = _trim(s, self.quote)
        speaker = list(range(self.speaker[0], self.speaker[1] + 1)) if self.speaker else []
        frame_tokens = self.cue + speaker
        frame: tuple[Span, ...] = ()
        if frame_tokens:
            frame = (s.span(min(frame_tokens), max(frame_tokens)),)
        return Quotation(
            kind=self.kind,
            quote=_spans_of(s, quote),
            cue=_spans_of(s, self.cue),
            speaker=_spans_of(s, speaker),
            medium=self.medium,
            frame=frame,
            confidence=CONFIDENCE[self.method],
            method=f"rule:{self.method}",
        )


@cache
def source_nouns() -> dict[str, Medium]:
    """Statement-noun endings for "nach"/"aus" source phrases, longest first."""
    rows = sorted(_rows("attribution_source_nouns.tsv"), key=lambda r: -len(r[0]))
    return {r[0]: Medium(r[1]) for r in rows}


def _statement_noun(s: _Sentence, first: int, last: int) -> Medium | None:
    """Medium of the first statement noun among tokens first..last ("Angaben", "Polizeiangaben"), if any."""
    nouns = source_nouns()
    for k in range(first, last + 1):
        if s.tokens[k].pos == "NN":
            for ending, medium in nouns.items():
                if s.lower[k].endswith(ending):
                    return medium
            return None  # only the phrase's first noun may be the statement noun
    return None


Phrase = tuple[SourcePattern, list[int], tuple[int, int] | None, Medium]


def _source_phrase(s: _Sentence, first: int = 0) -> Phrase | None:
    """The first source phrase in the sentence: "laut X", "nach Angaben X", "X zufolge", "wie X berichtet", "so X"."""
    for i in range(first, len(s)):
        for pattern in source_patterns():
            if s.lower[i] != pattern.words[0]:
                continue
            found = _phrase_at(s, i, pattern)
            if found is not None:
                return found
    return None


def _phrase_at(s: _Sentence, i: int, pattern: SourcePattern) -> Phrase | None:
    n = len(pattern.words)
    if s.lower[i : i + n] != list(pattern.words):
        return None
    if pattern.kind == "prep-before":
        if s.tokens[i].pos not in {"APPR", "APPO"} and pattern.name == "laut":
            return None  # "laut" as adjective/adverb ("laut schreien", "war laut")
        speaker = _np_forward(s, i + n)
        return (pattern, list(range(i, i + n)), speaker, pattern.medium) if speaker else None
    if pattern.kind == "prep-noun":
        speaker = _np_forward(s, i + 1)
        if speaker is None:
            return None
        medium = _statement_noun(s, speaker[0], speaker[1])
        return (pattern, [i], speaker, medium) if medium else None
    if pattern.kind == "postp":
        if s.tokens[i].pos not in {"APPO", "APPR", "PTKVZ", "ADV"} and i == 0:
            return None
        speaker = _np_backward(s, i - 1, 0)
        return (pattern, [i], speaker, pattern.medium) if speaker else None
    if pattern.kind == "wie-clause":
        if s.tokens[i].pos not in {"PWAV", "KOKOM", "KOUS"} or (i > 0 and not s.is_comma(i - 1)):
            return None
        for k in range(i + 1, min(len(s), i + 2 * SPEAKER_MAX_TOKENS)):
            if s.tokens[k].pos == "$.":
                break
            if s.tokens[k].pos.startswith("VV") and (k + 1 == len(s) or s.is_punct(k + 1)):
                found = _cue_at(s, k)
                if found is None:
                    return None
                speaker = _np_forward(s, i + 1)
                if speaker is None:
                    speaker = _np_backward(s, k - 1, i + 1)
                return pattern, [i, *found[1]], speaker, found[0].medium
        return None
    if pattern.kind == "so-tail":
        # cue "so" only as ", so X." closing a sentence (not "so schnell", "so dass")
        if i == 0 or not (s.is_comma(i - 1) or s.tokens[i - 1].pos == "$("):
            return None
        speaker = _np_forward(s, i + 1)
        if speaker is None:
            return None
        rest = speaker[1] + 1
        while rest < len(s) and s.tokens[rest].pos in {"ADV", "PTKVZ", "ADJD"}:
            rest += 1
        if rest < len(s) and not s.is_punct(rest):
            return None
        return pattern, [i], speaker, pattern.medium
    return None


def _mostly_quoted(indices: Sequence[int], quoted: set[int], s: _Sentence) -> bool:
    """True when the clause opens with a direct quote that makes up most of its words (the direct rule owns it)."""
    words = [i for i in indices if not s.is_punct(i) or i in quoted]
    if not words or words[0] not in quoted:
        return False
    return sum(1 for i in words if i in quoted) > QUOTED_SHARE * len(words)


def _clause_is_reported(s: _Sentence, nxt: int, end: int) -> bool:
    """Whether the clause from ``nxt`` reads as reported content after a reporting verb and a comma."""
    if s.lower[nxt] in CLAUSE_WORDS or s.tokens[nxt].pos in {"PWAV", "PWS"}:
        return True
    clause_end = next((k for k in range(nxt + 1, end) if s.is_comma(k)), end)
    verbs = s.finite_verbs(nxt, clause_end)
    if any(s.tokens[v].mood in SUBJUNCTIVE for v in verbs):
        return True
    if any(s.tokens[k].pos in {"VVIZU", "PTKZU"} for k in range(nxt, clause_end)):
        return True
    # a main clause (finite verb in second position) right after the comma: "teilte mit, der Zug sei/ist ..."
    return bool(verbs) and s.tokens[nxt].pos not in {"PRELS", "KON", "KOUS", "PRELAT"} and verbs[0] - nxt <= 4


def _sentence_rules(s: _Sentence, index: int, quoted: set[int]) -> list[_Found]:
    """Indirect quotations of one sentence (tokens in ``quoted`` are inside direct quotes)."""
    n = len(s)
    if n == 0 or len(quoted) == n:
        return []
    phrase = _source_phrase(s, 0)
    if phrase:
        pattern, cue, speaker, medium = phrase
        frame = set(cue) | (set(range(speaker[0], speaker[1] + 1)) if speaker else set())
        quote = [i for i in range(n) if i not in frame]
        if not _mostly_quoted(quote, quoted, s):
            return [_Found(QuoteKind.INDIRECT, quote, cue, speaker, medium, "indirect-source", index)]
    for i in range(n):
        if i in quoted:
            continue
        cue_found = _cue_at(s, i)
        if cue_found is None:
            continue
        cue, cue_tokens = cue_found
        if cue.cls != "say" and not REPORT_VERBS_TAKE_CLAUSES:
            continue
        last_cue = max(cue_tokens)
        # pattern 1: cue ... , (dass|ob|w-word|subjunctive clause|zu-infinitive|main clause)
        comma = next((k for k in range(last_cue + 1, n) if s.is_comma(k)), None)
        if comma is not None and comma + 1 < n and comma - last_cue <= CUE_TO_CLAUSE_TOKENS:
            nxt = comma + 1
            quote = list(range(nxt, n))
            if _clause_is_reported(s, nxt, n) and not _mostly_quoted(quote, quoted, s):
                speaker = _speaker_near_verb(s, i, 0)
                return [_Found(QuoteKind.INDIRECT, quote, cue_tokens, speaker, cue.medium, "indirect-clause", index)]
        # pattern 2: clause , cue X .  (the cue verb opens the last clause)
        start = _clause_start(s, i)
        if start > 1 and s.is_comma(start - 1) and s.tokens[i].pos == "VVFIN" and i == start:
            quote = list(range(0, start - 1))
            if not _mostly_quoted(quote, quoted, s):
                speaker = _speaker_near_verb(s, i, start)
                return [_Found(QuoteKind.INDIRECT, quote, cue_tokens, speaker, cue.medium, "indirect-clause", index)]
    return []


def find_quotations(article: Article, language: Language) -> tuple[Quotation, ...]:
    """Quotations of the article's prose, in text order."""
    text = article.text
    sentences = [_Sentence(text, language.tokens_of(sentence)) for sentence in language.sentences]
    spans = _direct_quotes(article, language)
    direct = _chain_direct(text, [_direct_quotation(sentences, index, span) for span, index in spans])
    direct_by_sentence: dict[int, list[int]] = {}
    for k, (_, index) in enumerate(spans):
        direct_by_sentence.setdefault(index, []).append(k)
    quoted_chars = [span for span, _ in spans]
    quotations: list[Quotation] = []
    speaker: tuple[tuple[Span, ...], Medium] | None = None  # the latest speaker, inherited by free indirect speech
    active = 0  # sentences since the last quotation (free indirect speech continues a recent one)
    for index, s in enumerate(sentences):
        quoted = {i for i, t in enumerate(s.tokens) if any(span.contains(t.span) for span in quoted_chars)}
        found = [r.to_quotation(s) for r in _sentence_rules(s, index, quoted)]
        for k in direct_by_sentence.get(index, []):
            if not direct[k].speaker and speaker is not None and INHERIT_DIRECT_SPEAKER:
                direct[k] = replace(direct[k], speaker=speaker[0])
        found_here = found + [direct[k] for k in direct_by_sentence.get(index, [])]
        quotations.extend(found_here)
        if not found and len(quoted) < len(s):
            free = _free_sentence(s, quoted, speaker, active)
            if free is not None:
                quotations.append(free)
                found_here.append(free)
        with_speaker = [q for q in found_here if q.speaker]
        if with_speaker:
            speaker = (with_speaker[-1].speaker, with_speaker[-1].medium)
        active = 0 if found_here else active + 1
    return tuple(sorted(quotations, key=lambda q: q.quote[0].start if q.quote else 0))


def _free_sentence(
    s: _Sentence, quoted: set[int], speaker: tuple[tuple[Span, ...], Medium] | None, active: int
) -> Quotation | None:
    """A subjunctive sentence without a cue continuing recent reported speech; or hearsay "soll"."""
    verbs = [v for v in s.finite_verbs(0, len(s)) if v not in quoted]
    if not verbs:
        return None
    speaker_spans, medium = speaker if speaker else ((), Medium.SPEECH_WRITING)
    if any(s.tokens[v].mood == Mood.KONJUNKTIV_I for v in verbs) and active <= FREE_INDIRECT_GAP:
        return Quotation(
            kind=QuoteKind.INDIRECT_FREE_INDIRECT,
            quote=(s.span(0, len(s) - 1),),
            speaker=speaker_spans,
            medium=medium,
            confidence=CONFIDENCE["indirect-free"],
            method="rule:indirect-free",
        )
    if HEARSAY and any(s.tokens[v].lemma == "sollen" and s.tokens[v].mood == Mood.INDICATIVE for v in verbs):
        return Quotation(
            kind=QuoteKind.FREE_INDIRECT,
            quote=(s.span(0, len(s) - 1),),
            medium=Medium.SPEECH_WRITING,
            confidence=CONFIDENCE["free-indirect"],
            method="rule:free-indirect",
        )
    return None


def _chain_direct(text: str, direct: list[Quotation]) -> list[Quotation]:
    """A cue-less direct quote that continues the previous one („A“, sagte X. „B“) takes its cue and speaker.

    Continues = at most ``CHAIN_GAP_WORDS`` words besides the previous quote's frame between the two quotes.
    """
    out: list[Quotation] = []
    for quotation in direct:
        if out and not quotation.cue and out[-1].cue:
            previous = out[-1]
            gap = list(text[previous.quote[-1].end : quotation.quote[0].start])
            offset = previous.quote[-1].end
            for span in previous.frame:
                for k in range(max(span.start, offset), min(span.end, quotation.quote[0].start)):
                    gap[k - offset] = " "
            if len("".join(gap).split()) <= CHAIN_GAP_WORDS:
                quotation = replace(
                    quotation,
                    cue=previous.cue,
                    speaker=previous.speaker,
                    frame=previous.frame,
                    medium=previous.medium,
                )
        out.append(quotation)
    return out


def _direct_quotes(article: Article, language: Language) -> list[tuple[Span, int]]:
    """Spans of text between paired quotation marks (marks included) and the sentence holding the closer."""
    text = article.text
    out: list[tuple[Span, int]] = []
    ends = [s.span.end for s in language.sentences]
    starts = [s.span.start for s in language.sentences]
    for block in article.blocks:
        if not block.label.is_prose:
            continue
        i = block.span.start
        while i < block.span.end:
            ch = text[i]
            if ch in CLOSERS:
                closers = CLOSERS[ch]
                j = i + 1
                limit = min(block.span.end, i + MAX_QUOTE_CHARS)
                while j < limit and text[j] not in closers:
                    j += 1
                if j < limit and j > i + 1 and not _looks_like_title(text[i + 1 : j]):
                    span = Span(i, j + 1)
                    sentence = _sentence_at(starts, ends, j)
                    if sentence is not None:
                        out.append((span, sentence))
                    i = j + 1
                    continue
            i += 1
    return out


def _looks_like_title(inner: str) -> bool:
    """A quoted name or title („Die Welt“, „Spaceship Two“): a few words, all capitalised or numbers."""
    words = inner.split()
    if not words or len(words) > TITLE_MAX_WORDS:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in TITLE_FUNCTION_WORDS for w in words)


def _sentence_at(starts: Sequence[int], ends: Sequence[int], position: int) -> int | None:
    import bisect

    k = bisect.bisect_right(starts, position) - 1
    if 0 <= k < len(ends) and position < ends[k]:
        return k
    return None


def _direct_quotation(sentences: Sequence[_Sentence], index: int, quote: Span) -> Quotation:
    """A direct quote with the cue and speaker found around it (same sentence, else the one it starts in)."""
    candidates = [index]
    for k in range(index - 1, max(index - 6, -1), -1):
        if sentences[k].tokens and sentences[k].tokens[-1].span.end > quote.start:
            candidates.append(k)
        else:
            break
    medium = Medium.SPEECH
    for k in candidates:
        s = sentences[k]
        outside = [i for i, t in enumerate(s.tokens) if not quote.overlaps(t.span)]
        after = [i for i in outside if s.tokens[i].span.start >= quote.end]
        before = [i for i in outside if s.tokens[i].span.end <= quote.start]
        # ", so X" right after the quote
        if len(after) >= 3 and s.is_comma(after[0]) and s.lower[after[1]] == "so":
            speaker = _np_forward(s, after[1] + 1)
            if speaker:
                return _make_direct(s, quote, [after[1]], speaker, medium)
        for side in (after, before):
            for i in side:
                cue_found = _cue_at(s, i)
                if cue_found is None:
                    continue
                cue, cue_tokens = cue_found
                floor = (after[0] + 1 if s.is_comma(after[0]) else after[0]) if side is after else 0
                speaker = _speaker_near_verb(s, i, floor)
                return _make_direct(s, quote, cue_tokens, speaker, cue.medium)
    return Quotation(
        kind=QuoteKind.DIRECT,
        quote=(quote,),
        medium=medium,
        confidence=CONFIDENCE["direct"],
        method="rule:direct",
    )


def _make_direct(s: _Sentence, quote: Span, cue: list[int], speaker: tuple[int, int] | None, medium: Medium) -> Quotation:
    speaker_tokens = list(range(speaker[0], speaker[1] + 1)) if speaker else []
    frame_tokens = cue + speaker_tokens
    return Quotation(
        kind=QuoteKind.DIRECT,
        quote=(quote,),
        cue=_spans_of(s, cue),
        speaker=_spans_of(s, speaker_tokens),
        medium=medium,
        frame=(s.span(min(frame_tokens), max(frame_tokens)),) if frame_tokens else (),
        confidence=CONFIDENCE["direct"],
        method="rule:direct",
    )


def find_source_mentions(article: Article, language: Language) -> tuple[SourceMention, ...]:
    """Source mentions that name where a statement comes from ("laut X", "X zufolge", "(dpa)")."""
    text = article.text
    out: list[SourceMention] = []
    agencies = next((p for p in source_patterns() if p.kind == "agency"), None)
    for sentence in language.sentences:
        s = _Sentence(text, language.tokens_of(sentence))
        phrase = _source_phrase(s, 0)
        if phrase:
            pattern, cue, speaker, _ = phrase
            tokens = cue + (list(range(speaker[0], speaker[1] + 1)) if speaker else [])
            source = s.span(*speaker) if speaker else Span(s.tokens[cue[0]].span.start, s.tokens[cue[0]].span.start)
            out.append(SourceMention(pattern.name, s.span(min(tokens), max(tokens)), source))
        if agencies:
            for i in range(1, len(s) - 1):
                if s.lower[i] in agencies.words and s.words[i - 1] == "(" and s.words[i + 1] in {")", "/"}:
                    span = s.span(i - 1, i + 1)
                    out.append(SourceMention(agencies.name, span, s.tokens[i].span))
    return tuple(out)

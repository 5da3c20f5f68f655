"""Span conventions of quotes-de applied to finished quotations, the same for both profiles.

The extractors find the right words; these rules only move the edges of cue and speaker spans to where the
quotes-de annotators put them (counted on quotes-de train, Petersen-Frey & Biemann 2024):

- the "wie" that opens a reporting clause belongs to the cue ("Wie die Polizei mitteilte, …",
  "…, wie EADS mitteilte"): in train 48 of 76 such cues include it (cue F1 train .7232 -> .7234, dev .6928 ->
  .6943);
- a speaker that opens a quoted title closes it too (laut „news.bbc.co.uk“, not laut „news): speaker F1
  train .6594 -> .6595, dev .6052 -> .6057;
- "mit den Worten" / "mit folgenden Worten" between the cue and its quote belongs to the cue: of such phrases in a
  quotation with a cue, train has 9 of 12 in the cue, dev 7 of 7. Fast cue F1 dev .7115 -> .7128, train .7566 ->
  .7555 (the three train quotations it changes are the exceptions; the CRF, trained on train, already tags the
  others); accurate dev cue .756 -> .757 (2026-11-26). Also before the cue in its sentence ("wird mit den Worten
  zitiert"): fast dev .7133 -> .7146, train .7555 -> .7554. (Adding the auxiliary of a VVFIN-tagged participle cue
  as well, "wird … zitiert": train .7554 -> .7541, not kept);
- a "laut" next to another cue word is a second source inside the frame ("kommentierte die Entscheidung laut BBC
  mit folgenden Worten"), not cue (train: 5 of 159 gold cues with "laut" have another word): fast cue dev .7128 ->
  .7133, train unchanged; accurate dev .757 -> .758;
- a speaker does not end with a lower-case adverb or run on into a dative object ("die Kanzlerin einigen
  Teilnehmern"; ``trim_speakers``);
- a speaker does not start with a lower-case adverb ("Wie aktuell der Sender berichtet": "der Sender";
  ``trim_speakers``, which needs the language layer): dev speaker F1 unchanged in both profiles (2026-11-26), the
  report no longer shows "aktuell der Sender" as a source.

Not adopted: dropping the cue of ``Reported`` quotations (quotes-de gives Reported no cue: 6 of 297 in train)
cost cue F1 on train (.723 -> .714), because the quotations we type Reported are mostly gold Indirect ones. Adding
a finite cue verb's separable particle (PTKVZ) from the rest of its clause: fast dev cue .7146 -> .7129, accurate
.758 -> .756 (the tagger reads "weiter", "ein" as particles). "als" before a quote after a naming verb ("bezeichnete
… als „…“"; train 24 of 34 in the cue): train cue .7554 -> .7551, dev unchanged. The "es" of "heißt es" (train
31 of 31 in the cue): no change, the cues hold it already (2026-11-26).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from ..types import Language, Span
from .phrases import SentenceViews, TokenView, clause_end, clause_start
from .types import Quotation, frame_over

# How far before the cue a clause-opening "wie" may stand (characters): "wie" + a speaker noun phrase of a few
# words ("Wie die Mitarbeiterin seines Büros in New Rochelle mitteilte" is 59); set by reading quotes-de train.
WIE_REACH = 80
# "wie" at the start of the text, a line or a sentence, or after a comma, with no clause boundary up to the cue.
_WIE = re.compile(r"(?:^|(?<=[\n.!?,;:(]))\s*([Ww]ie)\s[^,.;:!?„“”\"»«\n]*$")
# "mit den Worten" / "mit folgenden Worten" between the cue and its quote: quotes-de counts it as part of the cue
# ("kommentierte … mit den Worten: „…“"; train 9 of 12 such phrases in a quotation with a cue, dev 7 of 7).
_WITH_WORDS = re.compile(r"\b(mit)\s+(den|folgenden)\s+(Worten)\b")
# How far after the start of the cue the phrase may stand (characters; one clause of reporting frame).
WITH_WORDS_REACH = 150
WITH_WORDS_IN_CUE = True
# A "laut" beside another cue is a second source inside the reporting clause ("kommentierte … laut BBC …"): quotes-de
# keeps it out of the cue (train: 5 of 159 cues with "laut" have another word).
SOURCE_PREPOSITIONS = frozenset({"laut"})
DROP_SECOND_SOURCE = True
# the rest of a title up to its closing mark: no spaces (a web address, a one-word name) or just the mark
_TITLE_REST = re.compile(r"[^\s„“”»«]{0,40}[“”»‘]")


def _wie_before(text: str, cue: Span, quote: Sequence[Span]) -> Span | None:
    """The clause-opening "wie" before the cue, when the clause runs from it to the cue."""
    start = max(0, cue.start - WIE_REACH)
    match = _WIE.search(text[start : cue.start])
    if match is None:
        return None
    span = Span(start + match.start(1), start + match.end(1))
    if any(part.overlaps(span) for part in quote):
        return None
    return span


def _closed_title(text: str, speaker: Span) -> Span:
    """The speaker widened over the rest of a quoted title it opens: „news.bbc.co.uk“ when the span stops at
    "„news" (the tokenizer splits web addresses) or before the closing mark."""
    inside = text[speaker.start : speaker.end]
    if sum(inside.count(mark) for mark in "„«‚") <= sum(inside.count(mark) for mark in "“»‘"):
        return speaker
    match = _TITLE_REST.match(text, speaker.end)
    return Span(speaker.start, match.end()) if match else speaker


def _with_words(text: str, cue: Sequence[Span], quote: Sequence[Span]) -> tuple[Span, ...]:
    """The words of "mit den Worten" in the cue's sentence before the quote ("wird mit den Worten zitiert: „…“",
    "kommentierte … mit folgenden Worten: „…“"); none otherwise."""
    reach_start = max(0, cue[0].start - WITH_WORDS_REACH)
    boundary = max(text.rfind(mark, reach_start, cue[0].start) for mark in ".!?;\n")
    start = boundary + 1 if boundary >= 0 else reach_start
    end = min(cue[0].start + WITH_WORDS_REACH, quote[0].start)
    for match in _WITH_WORDS.finditer(text, start, end):
        between = text[min(match.end(), cue[0].start) : max(match.start(), cue[0].start)]
        crosses_sentence = any(mark in between for mark in ".!?;\n")
        if not crosses_sentence and not any(part.overlaps(Span(*match.span())) for part in cue):
            return tuple(Span(*match.span(g)) for g in (1, 2, 3))
    return ()


def apply_conventions(text: str, quotations: Sequence[Quotation]) -> list[Quotation]:
    """The quotations with cue and speaker edges moved to the quotes-de conventions (see the module doc)."""
    out = []
    for q in quotations:
        cue = q.cue
        if cue and not any(text[c.start : c.end].lower() == "wie" for c in cue):
            wie = _wie_before(text, cue[0], q.quote)
            if wie is not None:
                cue = (wie, *cue)
        if DROP_SECOND_SOURCE and len(cue) > 1:
            kept = tuple(c for c in cue if text[c.start : c.end].lower() not in SOURCE_PREPOSITIONS)
            cue = kept or cue
        if cue and q.quote and WITH_WORDS_IN_CUE:
            cue = tuple(sorted((*cue, *_with_words(text, cue, q.quote))))
        speaker = tuple(_closed_title(text, s) for s in q.speaker)
        if cue != q.cue or speaker != q.speaker:
            frame_parts = [*q.frame, *cue, *speaker]  # widened only: the frame keeps a dropped cue's words
            frame = frame_over(frame_parts)
            q = replace(q, cue=cue, speaker=speaker, frame=frame)
        out.append(q)
    return out


def _finite_auxiliary(s: TokenView, cue: set[int]) -> int | None:
    """The finite auxiliary or modal of a participle/infinitive cue in its clause, when the cue lacks it."""
    if any(s.tokens[i].pos in {"VAFIN", "VMFIN"} for i in cue):
        return None
    for i in sorted(cue):
        if s.tokens[i].pos in {"VVPP", "VVINF", "VVIZU"}:
            start, end = clause_start(s, i), clause_end(s, i)
            return next((k for k in range(start, end) if s.tokens[k].pos in {"VAFIN", "VMFIN"}), None)
    return None


def add_auxiliaries(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """Cues that are a participle or infinitive take the clause's finite auxiliary or modal ("hatte … angekündigt",
    "wird … zitiert"), as quotes-de does and as the rules' ``cue_at`` does; a learned cue may leave it out."""
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if q.cue else None
        if s is None:
            out.append(q)
            continue
        cue = {i for i, t in enumerate(s.tokens) if any(t.span.overlaps(c) for c in q.cue)}
        auxiliary = _finite_auxiliary(s, cue) if cue else None
        if auxiliary is None:
            out.append(q)
            continue
        spans = tuple(sorted((*q.cue, s.tokens[auxiliary].span)))
        frame_parts = [*q.frame, *spans]
        frame = frame_over(frame_parts)
        out.append(replace(q, cue=spans, frame=frame))
    return out


# Parts of speech that never open a speaker phrase in quotes-de: an adverb before the name ("Wie aktuell der
# Sender berichtet": the speaker is "der Sender"). In train the gold speakers that start with a token tagged ADV
# are names the tagger misread (4 of 2,694), hence only lower-case words are dropped. The accurate language layer
# tags "aktuell" there ADJD (a predicative adjective, never inside a noun phrase): dropped too (quotes-de dev and
# train unchanged in the fast profile, dev unchanged in the accurate one; the reference's source "der britische
# "Express"" no longer starts with "aktuell").
_NOT_SPEAKER_OPENERS = frozenset({"ADV", "ADJD"})
# ... nor close one ("Die Armeeleitung hingegen", "McCains Kampagne selber dagegen", "das Gericht zunächst"); with the
# object cut below, fast speaker F1 train .6834 -> .6836, dev .6412 -> .6417 (2026-11-26)
_NOT_SPEAKER_CLOSERS = frozenset({"ADV", "PTKNEG"})
TRIM_TRAILING_ADVERBS = True
# ... nor run on into a dative object after its head ("die Kanzlerin einigen Teilnehmern", "er seinem Arbeitgeber")
_OBJECT_DETERMINERS = frozenset({"dem", "einem", "seinem", "ihrem", "einigen", "diesem", "ihm", "ihnen"})
TRIM_OBJECTS = True


# Nouns that head a part of the cue after "mit", never a speaker ("wird mit den Worten zitiert"): such a speaker span
# is dropped ("nach ihren Worten" names the speaker's words: it stays). Speaker token F1 on quotes-de, fast: train
# .6786 -> .6787, dev .6248 -> .6254 (2026-11-26).
_CUE_NOUNS = frozenset({"Worten", "Worte"})


def _plain_lower_word(word: str) -> bool:
    """A word of lower-case letters only: "hingegen" is an adverb, "n-tv" and "al-Arabiya" are misread names."""
    return word.isalpha() and word.islower()


def _trimmed_end(text: str, language: Language, starts: Sequence[int], span: Span) -> Span:
    """``span`` cut before a dative object after its head ("die Kanzlerin | einigen Teilnehmern") and without the
    lower-case adverbs at its end ("Die Armeeleitung hingegen", "das Gericht zunächst"); ``starts``: the token
    starts of ``language``."""
    first = bisect.bisect_left(starts, span.start)
    last = bisect.bisect_left(starts, span.end)
    tokens = [t for t in language.tokens[first:last] if span.contains(t.span)]
    if TRIM_OBJECTS:
        cut = next(
            (
                k
                for k in range(1, len(tokens))
                if text[tokens[k].span.start : tokens[k].span.end] in _OBJECT_DETERMINERS
                and tokens[k - 1].pos in {"NN", "NE", "PPER", "PDS"}
            ),
            None,
        )
        tokens = tokens[:cut] if cut is not None else tokens
    while (
        TRIM_TRAILING_ADVERBS
        and len(tokens) > 1
        and tokens[-1].pos in _NOT_SPEAKER_CLOSERS
        and _plain_lower_word(text[tokens[-1].span.start : tokens[-1].span.end])
    ):
        tokens.pop()
    return Span(span.start, tokens[-1].span.end) if tokens else span


def trim_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """Speaker spans without the lower-case adverbs a tagger let them start or end with ("aktuell der Sender",
    "die Armeeleitung hingegen"), a dative object after their head, and without the cue's own noun phrase ("mit den
    Worten")."""
    starts = [t.span.start for t in language.tokens]
    out = []
    for q in quotations:
        speaker = []
        for span in q.speaker:
            i = bisect.bisect_left(starts, span.start)
            while (
                i + 1 < len(starts)
                and starts[i] == span.start
                and language.tokens[i].pos in _NOT_SPEAKER_OPENERS
                and text[span.start : span.start + 1].islower()  # a capitalised "adverb" is a misread name
                and language.tokens[i + 1].span.start < span.end
            ):
                span = Span(language.tokens[i + 1].span.start, span.end)
                i += 1
            span = _trimmed_end(text, language, starts, span)
            before = text[max(0, span.start - 4) : span.start].split()[-1:]
            if before != ["mit"] or not set(text[span.start : span.end].split()[-1:]) & _CUE_NOUNS:
                speaker.append(span)
        out.append(replace(q, speaker=tuple(speaker)) if tuple(speaker) != q.speaker else q)
    return out

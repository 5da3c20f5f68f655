"""Speaker steps after extraction, the same for both profiles: who speaks when a cue verb has no speaker of its own.

- ``missing_speakers``: a quotation whose cue (often a learned one) has a full verb but no speaker takes that verb's
  subject, as the rules would have read it (``phrases.speaker_near_verb``; none for a passive);
- ``object_speakers``: a dative/accusative phrase ("einem Besuch im Krisengebiet") is no subject: the verb's
  subject speaks;
- ``second_source_speakers``: "Laut BBC News sagte der Minister, …": the minister speaks, BBC News is a second
  source inside the frame;
- ``where_it_says_speakers``: "In dem Bericht heißt es, …": the report speaks;
- ``plausible_speakers``: an amount carried over as the speaker of free indirect speech gives way to the last
  real speaker of the paragraph;
- ``coordinated_speakers``: a cue verb coordinated with "und" ("Die CCE bestätigte … und nannte sie „…“") shares
  the subject of the sentence's first verb; the phrase after it is its object;
- ``continued_speakers``: a quoted sentence without cue right after a quotation continues it and takes its speaker.

Switches and their measured effect on quotes-de (token F1 of speakers) stand beside each constant. Tried and not
kept (fast speaker F1, 2026-11-26): the relative pronoun as the speaker of a cue verb in a relative clause (train
.6807 -> .6786: quotes-de marks the pronoun in some cases and the antecedent in others); widening a speaker after
"nach"/"laut" over its noun phrase's tail ("Angaben" -> "Angaben von n24"; train .6798 -> .6780, the phrase reader
runs on into the clause); a learned ranker over candidate noun phrases (dev .627 -> .557; with candidates only where
no speaker was found .634 at best, within noise); a common-noun phrase right after a verb-second cue replaced by a
name filling the prefield ("Modder nannte die Absage Hartmanns …"): no change with NE-tagged names, and with names
the tagger misread (a capitalised ADJD at the sentence start) train .6828 -> .6832 but "Unmissverständlich sagt das
Gericht" turns "Unmissverständlich" into the speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..types import Language, Span
from .conventions import SOURCE_PREPOSITIONS
from .phrases import (
    FINITE_TAGS,
    SentenceViews,
    TokenView,
    clause_start,
    np_backward,
    speaker_near_verb,
    subject_near_verb,
)
from .types import Quotation, QuoteKind, frame_over

# A cue-less quoted sentence right after a quotation continues it: fast speaker F1 train .6836 -> .6850, dev .6417
# -> .6455 (2026-11-26); the same with the cue as well: cue train .7555 -> .7553, dev .7222 -> .7231, not kept.
# Without the limit to whole sentences right after the last quotation (any cue-less Direct quotation taking the
# last speaker, ``rules.INHERIT_DIRECT_SPEAKER``) speaker F1 falls.
CONTINUED_SPEAKERS = True
SENTENCE_GAP = ' .!?“”"«»'  # what may stand between the two quotations: spaces, sentence ends, quotation marks
# Words that open a noun phrase in the dative or accusative only: never the subject of a clause.
OBJECT_OPENERS = frozenset(
    {"dem", "den", "einem", "einen", "ihm", "ihn", "diesem", "diesen", "seinem", "seinen", "ihrem", "ihren"}
)
# "Die CCE bestätigte die Aussage nicht und nannte sie „reine Spekulation“": a cue verb after "und" shares the
# subject of the sentence's first verb; the phrase after it is its object. Fast speaker F1 train .6793 -> .6794
# (1 quotation), dev .6272 -> .6285 (2), each change to the gold speaker or nearer to it (2026-11-26). Replacing a
# speaker that opens with a dative/accusative word after a verb cue by the subject changed no quotation: not kept.
COORDINATED_SUBJECT = True
# ... also when the speaker was taken from an earlier sentence ("X spielte die Idee herunter und ist der Meinung,
# dass …"): fast speaker train unchanged, dev .6310 -> .6328 (one quotation, now the gold speaker).
COORDINATED_ACROSS_SENTENCES = True
# Not kept: the same for a speaker before the coordinated verb ("X erläutert die Hypothese …, und fügt hinzu"):
# train .6851 -> .6844, dev unchanged (the first verb's subject is often a thing: "Die Äußerungen … glaubt").
# A quotation whose (learned) cue has a full verb but which has no speaker takes the verb's subject, as the rules
# would have (``phrases.speaker_near_verb``: none for a passive): fast speaker F1 train .6794 -> .6798, dev .6285 ->
# .6310; accurate dev .691 -> .693 (2026-11-26). Taking the subject of an auxiliary cue ("wird … vorgeworfen")
# instead made train worse (.6765): the passive's subject is who is accused, not who speaks.
MISSING_SPEAKERS = True
# "In dem Bericht heißt es, …": the document named in the prepositional phrase before "heißt es" is the speaker
# (quotes-de train: 29 of 36 "heißt es" quotations name it, 21 of them without the preposition). Most already get it
# from the CRF: fast train speaker .6821 -> .6822 (one quotation, correct), dev and accurate unchanged (2026-11-26);
# kept because a report's "heißt es" is common in news and otherwise leaves the statement without a source.
WHERE_IT_SAYS = True
IMPERSONAL_VERBS = frozenset({"heißt", "hieß"})
WHERE_PREPOSITIONS = frozenset({"in", "im", "auf", "an", "am"})
# A cue-less quotation's speaker (carried over by the rules from an earlier sentence) that is an amount ("3,5
# Milliarden Euro") is no speaker: the last plausible speaker before it in the paragraph is taken instead. Fast
# speaker train .6822 -> .6828, dev unchanged (2026-11-26); treating object phrases ("den Vorwurf") alike: train
# .6798, dev .6325, not kept.
PLAUSIBLE_SPEAKERS = True
# "Laut BBC News sagte der Minister, dass …": the phrase after "laut" is a second source inside the frame (the cue
# keeps only the verb, ``conventions.DROP_SECOND_SOURCE``); the verb's subject speaks. Only for a finite full verb:
# accurate dev speaker .693 -> .694, fast train and dev unchanged (with participle cues as well, fast train .6807 ->
# .6802: "…, zu der laut Polizei ein Bündnis aufgerufen hatte") (2026-11-26).
SECOND_SOURCE_SPEAKERS = True
# A speaker opening with a dative/accusative word after a verb cue gives way to the verb's subject: fast speaker
# train .6878 -> .6878, dev .6458 -> .6475; accurate dev .6995 -> .7005 (2026-11-26). Without the exception for a
# demonstrative subject ("sagte dieser", which quotes-de resolves to the phrase before it): train .6866.
OBJECT_SPEAKERS = True


def _tokens_in(s: TokenView, spans: Sequence[Span]) -> list[int]:
    """Indices of the sentence's tokens that overlap any of ``spans``."""
    return [i for i, t in enumerate(s.tokens) if any(t.span.overlaps(p) for p in spans)]


def _with_speaker(q: Quotation, speaker: Span) -> Quotation:
    """``q`` with ``speaker`` as its speaker, the frame widened over it; ``q`` itself when the span overlaps its
    quote or cue (a speaker never does)."""
    if any(part.overlaps(speaker) for part in (*q.quote, *q.cue)):
        return q
    return replace(q, speaker=(speaker,), frame=frame_over([*q.frame, speaker]))


def _subject_of(s: TokenView, finite: int) -> tuple[int, int] | None:
    """The subject of a verb-second finite verb (``phrases.subject_near_verb``: the prefield phrase with its
    apposition, else the phrase after the verb), unless it opens with a preposition or a dative/accusative word."""
    phrase = subject_near_verb(s, finite, 0)
    if phrase is None or s.lower[phrase[0]] in OBJECT_OPENERS or s.tokens[phrase[0]].pos in {"APPR", "APPRART"}:
        return None
    return phrase


def _coordinated(s: TokenView, verb: int) -> bool:
    """Whether the verb follows "und" directly ("… und nannte sie"): it shares the sentence's first subject."""
    return verb > 0 and s.lower[verb - 1] == "und"


def _first_subject(s: TokenView, verb: int) -> tuple[int, int] | None:
    """The subject of the sentence's first finite verb, for a verb coordinated with "und" before ``verb``."""
    first = s.finite_verbs(0, verb)
    return _subject_of(s, first[0]) if first else None


def missing_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """A quotation with a verb cue and no speaker takes the subject of that verb (or, after "und", of the
    sentence's first verb), when it lies outside the quote: a learned cue comes without the rules' speaker."""
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if MISSING_SPEAKERS and q.cue and not q.speaker else None
        cue = _tokens_in(s, q.cue) if s else []
        # the full verb, not an auxiliary: speaker_near_verb reads a passive ("wird … vorgeworfen") from it
        verbs = [i for i in cue if s is not None and s.tokens[i].pos.startswith("VV")]
        if s is None or not verbs:
            out.append(q)
            continue
        verb = verbs[0]
        quoted = _tokens_in(s, q.quote)
        floor = max((i + 1 for i in quoted if i < verb), default=0)
        subject = _first_subject(s, verb) if _coordinated(s, verb) else speaker_near_verb(s, verb, floor)
        out.append(_with_speaker(q, s.span(*subject)) if subject is not None else q)
    return out


def object_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """A speaker that opens with a dative/accusative word ("Nach einem Besuch im Krisengebiet sprach der Präsident
    von …": not "einem Besuch …") is no subject: the cue verb's subject speaks, when the phrase reader finds one
    that is not a demonstrative pointing back at that phrase ("mit dem Anwalt … sagte dieser")."""
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if OBJECT_SPEAKERS and q.cue and len(q.speaker) == 1 else None
        speaker = _tokens_in(s, q.speaker) if s else []
        verbs = [i for i in _tokens_in(s, q.cue) if s.tokens[i].pos.startswith("VV")] if s and speaker else []
        if s is None or not verbs or s.lower[speaker[0]] not in OBJECT_OPENERS:
            out.append(q)
            continue
        subject = speaker_near_verb(s, verbs[0], 0)
        if (
            subject is None
            or subject[0] in speaker
            or s.lower[subject[0]] in OBJECT_OPENERS
            or (subject[0] == subject[1] and s.tokens[subject[0]].pos == "PDS")
        ):
            out.append(q)
            continue
        out.append(_with_speaker(q, s.span(*subject)))
    return out


def second_source_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """A quotation with a verb cue whose speaker is the phrase after a "laut" takes the verb's subject instead."""
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if SECOND_SOURCE_SPEAKERS and q.cue and len(q.speaker) == 1 else None
        speaker = _tokens_in(s, q.speaker) if s else []
        if s is None or not speaker or speaker[0] == 0 or s.lower[speaker[0] - 1] not in SOURCE_PREPOSITIONS:
            out.append(q)
            continue
        cue = _tokens_in(s, q.cue)
        # a finite full verb (a verb-second main clause, whose subject the phrase reader finds reliably)
        verbs = [i for i in cue if s.tokens[i].pos == "VVFIN"]
        subject = speaker_near_verb(s, verbs[0], 0) if verbs else None
        if subject is None or s.span(*subject).overlaps(q.speaker[0]):
            out.append(q)
            continue
        out.append(_with_speaker(q, s.span(*subject)))
    return out


def where_it_says_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """ "In der Vorabversion des Berichts heißt es, …": a speakerless quotation whose cue is "heißt/hieß es" takes
    the noun phrase of the prepositional phrase that opens its clause."""
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if WHERE_IT_SAYS and q.cue and not q.speaker else None
        cue = _tokens_in(s, q.cue) if s else []
        verbs = [i for i in cue if s is not None and s.lower[i] in IMPERSONAL_VERBS]
        if s is None or not verbs:
            out.append(q)
            continue
        start = clause_start(s, verbs[0])
        phrase = np_backward(s, verbs[0] - 1, start + 1) if verbs[0] - start >= 2 else None
        if phrase is None or phrase[0] != start + 1 or s.lower[start] not in WHERE_PREPOSITIONS:
            out.append(q)
            continue
        out.append(_with_speaker(q, s.span(*phrase)))
    return out


def _implausible(text: str, speaker: Span) -> bool:
    """Whether a speaker span is an amount (it opens with a digit)."""
    words = text[speaker.start : speaker.end].split()
    return bool(words) and words[0][:1].isdigit()


def plausible_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """Cue-less quotations whose speaker is an amount take the previous plausible speaker in the same paragraph
    (none when there is none). ``language`` is unused: every step has the same signature."""
    out: list[Quotation] = []
    latest: tuple[Span, ...] = ()
    for q in quotations:
        if PLAUSIBLE_SPEAKERS and not q.cue and len(q.speaker) == 1 and _implausible(text, q.speaker[0]):
            same_paragraph = bool(latest) and "\n" not in text[latest[-1].end : q.speaker[0].start]
            q = replace(q, speaker=latest if same_paragraph else ())
        if q.speaker and not _implausible(text, q.speaker[0]):
            latest = q.speaker
        out.append(q)
    return out


def _continues(text: str, previous: Quotation, q: Quotation) -> bool:
    """Whether ``q`` is one quoted sentence standing right after ``previous`` (only whitespace, sentence ends and
    closing quotation marks between them, no paragraph break)."""
    end = max(part.end for part in (*previous.quote, *previous.cue, *previous.speaker))
    gap = text[end : q.quote[0].start]
    quoted = text[q.quote[0].start : q.quote[0].end].rstrip("“”\"«»‘’' ")
    return q.quote[0].start >= end and "\n" not in gap and not gap.strip(SENTENCE_GAP) and quoted[-1:] in ".!?"


def continued_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """A direct quotation without cue or speaker that is a whole sentence right after another quotation continues
    it ("X sagte, dass … . „Das war direktes Feuer.“"): it takes that quotation's speaker. ``language`` is unused:
    every step has the same signature."""
    out: list[Quotation] = []
    for q in quotations:
        previous = out[-1] if out else None
        if (
            CONTINUED_SPEAKERS
            and previous is not None
            and previous.speaker
            and q.kind == QuoteKind.DIRECT
            and not (q.cue or q.speaker)
            and len(q.quote) == 1
            and _continues(text, previous, q)
        ):
            q = replace(q, speaker=previous.speaker, frame=frame_over([*q.frame, *previous.speaker]))
        out.append(q)
    return out


def coordinated_speakers(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """The speaker of a cue verb coordinated with "und" is the subject of the sentence's first verb, not the
    phrase after the cue (its object) nor a speaker of an earlier sentence."""
    views = SentenceViews(text, language)
    out = []
    for q in quotations:
        s = views.at(q.cue[0].start) if COORDINATED_SUBJECT and len(q.speaker) == 1 and q.cue else None
        if s is None:
            out.append(q)
            continue
        cue = _tokens_in(s, q.cue)
        speaker = _tokens_in(s, q.speaker)
        finite = [i for i in cue if s.tokens[i].pos in FINITE_TAGS]
        subject = None
        elsewhere = not speaker and COORDINATED_ACROSS_SENTENCES
        after_cue = bool(speaker) and bool(finite) and speaker[0] > finite[0]
        if finite and (elsewhere or after_cue) and _coordinated(s, finite[0]):
            subject = _first_subject(s, finite[0])
        if subject is None or subject[0] in speaker:
            out.append(q)
            continue
        out.append(_with_speaker(q, s.span(*subject)))
    return out

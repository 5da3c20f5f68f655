"""Attribution lexicons (reporting verbs, source phrases, statement nouns) and reading a cue off the tokens.

The lexicons are data: ``resources/de/attribution_cues.tsv``, ``attribution_sources.tsv`` and
``attribution_source_nouns.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..lexicons import lexicon_rows
from .phrases import QUOTE_MARKS, TokenView, clause_end, clause_start
from .types import Medium

CLAUSE_WORDS = frozenset({"dass", "daß", "ob"})
PARTICLE_DISTANCE = 25  # finite verb to its separated particle ("teilte … mit") across long appositions
IMPERSONAL_CUES = frozenset({"heißen", "annehmen", "vermuten", "berichten", "melden", "äußern", "erwarten"})


@dataclass(frozen=True)
class Cue:
    """A reporting verb of the lexicon."""

    lemma: str
    medium: Medium
    cls: str  # "say" or "report"
    governs: str = ""  # a word the verb takes that quotes-de counts as cue ("als" after "bezeichnen")


@dataclass(frozen=True)
class SourcePattern:
    """A source phrase of the lexicon ("laut", "nach" + statement noun, "zufolge", "(dpa)")."""

    name: str
    kind: str  # prep-before | prep-noun | postp | wie-clause | so-tail | adverb | by-participle | agency
    words: tuple[str, ...]
    medium: Medium


@cache
def cue_lexicon() -> dict[str, Cue]:
    """Reporting verbs by lemma (particle verbs joined: "mitteilen")."""
    return {
        row[0]: Cue(row[0], Medium(row[1]), row[2], row[3] if len(row) > 3 else "")
        for row in lexicon_rows("attribution_cues.tsv")
    }


@cache
def source_patterns() -> tuple[SourcePattern, ...]:
    """Source phrases ("laut", "nach Angaben", "zufolge", agencies) in lexicon order."""
    return tuple(
        SourcePattern(r[0], r[1], tuple(r[2].split()), Medium(r[3])) for r in lexicon_rows("attribution_sources.tsv")
    )


@cache
def source_nouns() -> dict[str, Medium]:
    """Statement-noun endings for "nach"/"aus" source phrases, longest first."""
    rows = sorted(lexicon_rows("attribution_source_nouns.tsv"), key=lambda r: -len(r[0]))
    return {r[0]: Medium(r[1]) for r in rows}


def cue_at(s: TokenView, i: int) -> tuple[Cue, list[int]] | None:
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
        for k in range(i + 1, min(len(s), i + PARTICLE_DISTANCE)):
            # commas may separate an apposition ("teilte der Direktor, Bagus Puruhito, mit"); a clause word,
            # another verb or the end of the sentence stops the search
            stop = s.tokens[k].pos == "$." or s.words[k] in QUOTE_MARKS or s.tokens[k].pos.startswith("V")
            if stop or s.lower[k] in CLAUSE_WORDS or s.tokens[k].pos in {"KOUS", "PRELS"}:
                break
            if s.is_punct(k):
                continue
            # the separated particle closes the clause; the tagger sometimes reads it as ADJD ("gab … bekannt")
            closes = k + 1 == len(s) or s.is_punct(k + 1)
            if s.tokens[k].pos == "PTKVZ" or (closes and s.tokens[k].pos in {"ADJD", "ADV"}):
                joined = s.lower[k] + token.lemma
                if joined in lexicon:
                    cue, tokens = lexicon[joined], [i, k]
                    break
                if s.tokens[k].pos == "PTKVZ":
                    break
    if cue is None:
        cue = lexicon.get(token.lemma)
    if cue is None:
        return None
    start, end = clause_start(s, i), clause_end(s, i)
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

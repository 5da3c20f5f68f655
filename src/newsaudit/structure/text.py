"""Structure of raw scraped text: label every line block and find the outlet.

Scraped text has one block per line (blank lines between blocks are usual but not required). Each line is
classified by the learned line model (``line_model``; features in ``line_features``, among them where the
line sits relative to the article body, the main run of prose lines) into headline, teaser, intertitle,
paragraph, caption, credit, byline, dateline or furniture, with the paragraph prior corrected for scraped
pages; then rules (``text_rules``) name the furniture subtype, keep labels within their usual line lengths,
fill prose gaps inside the body, pick one headline per text (the most probable headline-shaped line, lines
far above any prose or sharing no word with it discounted, moved to the title line nearest the body when the
page shows the title twice, and up to the title above it when the chosen line is a deck below that title),
split "Kicker: Headline" lines and "Caption. Bild: Credit" lines, and mark the section and kicker lines.
``Article.text`` is the input, unchanged; blocks are spans into it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..errors import NoArticleError
from ..types import Article, ArticleMeta, Block, BlockLabel, MetaField, Provenance, Span
from .line_features import (
    LineStats,
    body_span,
    content_words,
    document_features,
    is_doubled,
    line_ends_plain_sentence,
    line_stats,
)
from .line_model import LineModel, shipped_model
from .outlet import find_outlet_mentions, outlet_from_url
from .text_rules import (
    MAX_KICKER_WORDS,
    cue,
    default_furniture,
    furniture_rule_for,
    is_section_name,
    split_credit,
    split_kicker,
    word_count,
)

# Headline candidates are the headline-shaped lines whose headline probability reaches this value (none: the
# text shows no headline); the best-scored candidate wins. Set with the leave-publisher-out evaluation on the
# Fundus renderings, the threshold applied before ranking (2026-11-26): headline F1 0.825 (0.01), 0.833 (0.02),
# 0.828 (0.03), 0.828 (0.04), 0.823 (0.05), 0.808 (0.08); 0.03 sits inside the plateau, away from its edge.
# Re-measured with the deck rule and ``single_question`` lines: 0.873 (0.01, 0.02), 0.882 (0.03, 0.04), 0.877 (0.05).
HEADLINE_MIN_PROB = 0.03

# A headline has 2 to 30 words (the longest Fundus headlines, with a run-in kicker, have 25) and is not a
# prose sentence ending in a full stop (no Fundus headline is).
MIN_HEADLINE_WORDS = 2
MAX_HEADLINE_WORDS = 30
# A later line restates the headline when it shares this share (Jaccard) of its content words: "Feuerwehrleute
# sollen später in Pension | wdr aktuell" above "Feuerwehrleute sollen später in Pension". Set on the Fundus
# renderings (0.5 catches run-in kickers and the "|" site suffix, not related articles on the same topic).
MIN_RESTATEMENT_JACCARD = 0.5
# The heading right below the most probable headline line takes its place when its headline probability is
# at least this share of the best one (leave-publisher-out on Fundus: 0.05-0.1 best, +0.03 headline F1;
# 0.5 gains 0.01). Captions, bylines and datelines (lines with these cues) never do.
MIN_LOWER_HEADLINE_RATIO = 0.1
# The line above may be this short and share no content word with the heading below it (a kicker or rubric
# line); longer title lines must share one (leave-publisher-out: 0 and 3-4 words give headline F1 0.815 and
# 0.823 with quotation headlines allowed below; requiring a shared word at all: 0.807 -> 0.815).
MAX_WORDS_ABOVE_WITHOUT_SHARED = 3
_NOT_HEADLINE_CUES = frozenset({"credit_marker", "date", "time", "byline_start"})
MIN_RESTATEMENT_WORDS = 3
MAX_RESTATEMENT_WORDS = 30

# The most words a line of each label has: a little over the longest of the Fundus gold lines (bylines 15,
# datelines 12, credits 12, intertitles 19, captions 46 words; furniture 99% under 30). A longer line is
# never given that label by the model: a 500-word article on one line with a date in it is no dateline.
MAX_WORDS = {
    "headline": 30,
    "byline": 30,
    "dateline": 30,
    "credit": 30,
    "intertitle": 20,  # 40 before: leave-publisher-out intertitle/paragraph F1 0.730/0.893 -> 0.736/0.895
    "caption": 80,
    "furniture": 100,
}

# A prose line at most this many lines from paragraphs on both sides is inside the body (set on the Fundus
# renderings: images and intertitles put one to three lines between paragraphs).
_MAX_GAP_LINES = 3
# A line of at least this many words that ends with a full stop is a sentence, not an intertitle (intertitles
# end without one, or with ? or !). Leave-publisher-out: intertitle F1 0.736 -> 0.743, paragraph 0.895 -> 0.894.
INTERTITLE_SENTENCE_MIN_WORDS = 6
_MODEL_FURNITURE = frozenset({"navigation", "related_link", "footer", "share_widget", "advertisement"})

_PROSE_LABELS = frozenset({"paragraph", "teaser"})
# A text without any article prose after decoding may be a bare article (a headline and a sentence or two):
# a sentence of at least this many words counts as prose there (the same as ``label_text``'s prose test).
MIN_BARE_PARAGRAPH_WORDS = 8
# ... when a sentence ends it and the model finds it at least as likely prose as furniture, or, whatever the model
# says (it never saw a whole article on one line), when it is a long run of sentences: at least
# MIN_INNER_SENTENCE_ENDS sentence ends inside and MIN_WORDS_ONE_SIDED words (an article on one line, cut off
# mid-sentence by the scraper: "... für Soziales und Gesundheit. Die Pressekonferenz im Livestream").
MIN_INNER_SENTENCE_ENDS = 2
_INNER_SENTENCE_END_RE = re.compile(r"\w[.!?] [A-ZÄÖÜ]")


def _is_run_of_sentences(line: str, stats: LineStats) -> bool:
    return stats.words >= MIN_WORDS_ONE_SIDED and len(_INNER_SENTENCE_END_RE.findall(line)) >= MIN_INNER_SENTENCE_ENDS


_CONTENT_LABELS = frozenset({"paragraph", "teaser", "intertitle", "caption", "credit", "byline", "dateline"})


@dataclass(frozen=True)
class LineDecision:
    """The label of one line, its confidence and the mechanism that decided it."""

    label: str
    confidence: float
    method: str


def split_lines(text: str) -> list[Span]:
    """Spans of the non-blank lines of ``text``, surrounding whitespace trimmed."""
    spans: list[Span] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        spans.append(Span(start, start + len(stripped)))
    return spans


def _second_best(probs: npt.NDArray[np.float64], labels: Sequence[str], exclude: str) -> tuple[str, float]:
    order = np.argsort(-probs)
    for k in order:
        if labels[int(k)] != exclude:
            return labels[int(k)], float(probs[int(k)])
    return exclude, float(probs[int(order[0])])


def _restatement_above_body(lines: Sequence[str], stats: Sequence[LineStats], headline: int) -> int:
    """The last line between ``headline`` and the article body that restates it, else ``headline``.

    Pages often show the title twice (a hidden SEO heading or a video title, then the visible headline with
    its kicker); the headline of the text is the one that opens the article, right above its body.
    """
    body_start, _ = body_span(stats)
    words = content_words(lines[headline])
    if not words or headline >= body_start:
        return headline
    best = headline
    for j in range(headline + 1, body_start):
        other = content_words(lines[j])
        if (
            other
            and MIN_RESTATEMENT_WORDS <= stats[j].words <= MAX_RESTATEMENT_WORDS
            and not stats[j].prose
            and stats[j].furniture is None
            and not line_ends_plain_sentence(lines[j])
            and len(words & other) / len(words | other) >= MIN_RESTATEMENT_JACCARD
        ):
            best = j
    return best


# The heading right above the chosen headline takes its place when it is a title of more than
# MAX_WORDS_ABOVE_WITHOUT_SHARED words that shares no content word with it and its headline probability (or that of
# an exact copy of it higher up, with no prose between: the page shows the title twice) is at least this share of the
# chosen one's: the chosen line is then a deck (standfirst) below the headline ("Neue Brücke über die Saale
# geplant" above "Kosten von zwölf Millionen Euro – Anwohner zufrieden"), the mirror image of
# ``_heading_right_below``. Leave-publisher-out on the Fundus renderings (2026-11-26, with the shipped features),
# headline F1 by ratio: 0.841 (rule off, or 1.0), 0.865 (0.1), 0.882 (0.2, 0.3), 0.873 (0.4, 0.5); accuracy and
# the other labels' F1 unchanged (+-0.001). The deck rule alone, on the features before ``single_question``:
# 0.828 -> 0.861.
MIN_UPPER_HEADLINE_RATIO = 0.3


# A line that is one quotation, a quote headline that may end in a full stop: „Ich wollte, dass sie mich mögen. So
# überlebt man.“ (with MAX_WORDS_ABOVE_WITHOUT_SHARED: leave-publisher-out headline F1 0.815 -> 0.823).
_QUOTATION_RE = re.compile(r"^[„\"»“‚][^„\"»“”«]+[“\"«”‘]$")


def _is_quotation(line: str) -> bool:
    return bool(_QUOTATION_RE.match(line))


def _title_shaped(line: str, s: LineStats) -> bool:
    """A line that can be a title: no furniture, no cue of what is never a headline, and not a plain sentence
    (unless it is one quotation)."""
    return (
        s.furniture is None
        and not s.cues & _NOT_HEADLINE_CUES
        and (not line_ends_plain_sentence(line) or _is_quotation(line))
    )


def _heading_right_below(
    lines: Sequence[str],
    stats: Sequence[LineStats],
    headline_probs: npt.NDArray[np.float64],
    headline: int,
    prose_words: frozenset[str] = frozenset(),
) -> int:
    """The next line when it is heading-shaped and nearly as likely a headline, else ``headline``.

    Two title lines on top of each other are a kicker or an SEO title above the visible headline (the
    title nearest the article); the gold alignment decides the same way (``render._place_headline``).
    """
    j = headline + 1
    if j >= len(lines) or j >= body_span(stats)[0]:
        return headline
    s = stats[j]
    if (
        MIN_HEADLINE_WORDS <= s.words <= MAX_HEADLINE_WORDS
        and not s.prose
        and _title_shaped(lines[j], s)
        and headline_probs[j] >= MIN_LOWER_HEADLINE_RATIO * headline_probs[headline]
        # A button label below the title ("Klicken, um die Teilen-Funktion zu öffnen. Teilen") shares no word with
        # the article's prose; a deck below the headline ("Index gibt leicht nach – ...") none with the headline,
        # while an SEO title and the visible headline restate each other. A short line above (a kicker or
        # rubric, "Politik und Macht") needs no shared word.
        and (not prose_words or bool(content_words(lines[j]) & prose_words))
        and (
            stats[headline].words <= MAX_WORDS_ABOVE_WITHOUT_SHARED
            or bool(content_words(lines[j]) & content_words(lines[headline]))
        )
    ):
        return j
    return headline


def _title_copy_probability(
    lines: Sequence[str], stats: Sequence[LineStats], headline_probs: npt.NDArray[np.float64], i: int
) -> float:
    """The headline probability of line ``i`` or of an exact copy of it above, with no prose line between."""
    best = float(headline_probs[i])
    for k in range(i - 1, -1, -1):
        if stats[k].prose:
            break
        if lines[k] == lines[i]:
            best = max(best, float(headline_probs[k]))
    return best


def _headline_above_deck(
    lines: Sequence[str],
    stats: Sequence[LineStats],
    headline_probs: npt.NDArray[np.float64],
    headline: int,
    prose_words: frozenset[str] = frozenset(),
) -> int:
    """The heading right above ``headline`` when ``headline`` is a deck below it (``MIN_UPPER_HEADLINE_RATIO``)."""
    i = headline - 1
    if i < 0:
        return headline
    s = stats[i]
    words = content_words(lines[i])
    if (
        MAX_WORDS_ABOVE_WITHOUT_SHARED < s.words <= MAX_HEADLINE_WORDS
        and (not s.prose or s.single_question)
        and _title_shaped(lines[i], s)
        and not is_section_name(lines[i])
        and not words & content_words(lines[headline])
        and (not prose_words or bool(words & prose_words))
        and _title_copy_probability(lines, stats, headline_probs, i)
        >= MIN_UPPER_HEADLINE_RATIO * headline_probs[headline]
    ):
        return i
    return headline


# A long prose line next to the body (within _MAX_GAP_LINES of a paragraph on one side only) joins it too:
# runs of paragraphs at the end or start of the body that the model took for promotional text. Set with the
# leave-publisher-out evaluation (15 words: paragraph F1 0.886, 25: 0.892, 35: 0.893, 50: 0.889).
MIN_WORDS_ONE_SIDED = 35


# The headline opens the article: a candidate with no prose line within NEAR_BODY_LINES below it (teasers of
# other articles, a "skip to content" link, a video title at the top of the page) has its headline probability
# multiplied by FAR_FROM_BODY_FACTOR when the candidates are compared. Leave-publisher-out on the Fundus
# renderings: headline F1 0.765 (factor 1) -> 0.774 (0.3, distance to the start of the main prose run) -> 0.782
# (0.3, distance to the next prose line, which also works when intertitles and images split the body into
# runs); factors 0.1-0.5 and 10-15 lines give the same within one page, 5 lines loses 0.025.
NEAR_BODY_LINES = 10
FAR_FROM_BODY_FACTOR = 0.3
# A headline shares content words with the article it opens: a candidate sharing none with any prose line
# of the text ("Wie sich jetzt Discountzertifikate einsetzen lassen" above a sports report, a stray button
# label) has its score multiplied by this factor. Leave-publisher-out (2026-11-26): headline F1 0.782 -> 0.798
# with factors 0.1-0.5 (the same), accuracy and the other labels unchanged.
UNRELATED_TO_PROSE_FACTOR = 0.3
# Prior correction of the paragraph class: the training set adds "clean" and "flat" texts that are all
# article (``structure.train.clean_texts``), which inflates the paragraph prior over real scraped pages.
# Multiplying the paragraph probability by this factor (then renormalising) undoes it. Leave-publisher-out:
# paragraph F1 0.894 (1.0) -> 0.902 (0.7) -> 0.904 (0.6) -> 0.909 (0.5) = 0.909 (0.4); teaser, furniture and
# accuracy do not drop.
PARAGRAPH_PRIOR_FACTOR = 0.5


def _fill_body_gaps(lines: Sequence[str], stats: Sequence[LineStats], decisions: list[LineDecision]) -> None:
    """A prose line inside the article body, between two paragraphs, is a paragraph, not furniture; so is a long
    prose line next to a paragraph on one side.

    The line model decides each line from its own features and its neighbours' shapes, not from their labels;
    a paragraph that looks like a promotional sentence can come out as furniture in the middle of the body.
    """
    start, end = body_span(stats)
    changed = True
    while changed:  # a run of such lines joins the body line by line
        changed = False
        paragraphs = [i for i, d in enumerate(decisions) if d.label == "paragraph"]
        for i in range(max(start, 0), end + 1):
            d = decisions[i]
            if d.method != "model" or d.label not in _MODEL_FURNITURE or not stats[i].prose:
                continue
            before = [j for j in paragraphs if j < i]
            after = [j for j in paragraphs if j > i]
            near_before = bool(before) and i - before[-1] <= _MAX_GAP_LINES
            near_after = bool(after) and after[0] - i <= _MAX_GAP_LINES
            if (near_before and near_after) or ((near_before or near_after) and stats[i].words >= MIN_WORDS_ONE_SIDED):
                decisions[i] = LineDecision("paragraph", d.confidence, "rule:body-gap")
                paragraphs = sorted([*paragraphs, i])
                changed = True


def _caption_with_credit(line: str) -> bool:
    """A line that ends a sentence and then names a photo credit after a marker ("... ab. Bild: dpa")."""
    split = split_credit(line)
    return split is not None and split.caption_end > 0 and line[: split.caption_end].rstrip()[-1:] in ".!?"


def _only_credit(line: str) -> bool:
    """A line that is a credit marker and a short credit and nothing before it ("Foto: dpa/Peter Kneffel")."""
    split = split_credit(line)
    return split is not None and split.caption_end == 0


def _may_be(label: str, line: str, stats: LineStats) -> bool:
    """Whether the line's length and ending allow the label at all."""
    if stats.words > MAX_WORDS.get(label, stats.words):
        return False
    is_sentence = stats.words >= INTERTITLE_SENTENCE_MIN_WORDS and line_ends_plain_sentence(line)
    return not (label == "intertitle" and is_sentence)


def _prior_corrected(probs: npt.NDArray[np.float64], labels: Sequence[str]) -> npt.NDArray[np.float64]:
    """The model's probabilities with the paragraph prior corrected (``PARAGRAPH_PRIOR_FACTOR``), renormalised."""
    factors = np.ones(len(labels))
    factors[labels.index("paragraph")] = PARAGRAPH_PRIOR_FACTOR
    corrected = probs * factors
    total = corrected.sum(axis=1, keepdims=True)
    result: npt.NDArray[np.float64] = corrected / np.where(total > 0, total, 1.0)
    return result


def decide_lines(
    lines: Sequence[str],
    stats: Sequence[LineStats],
    probs: npt.NDArray[np.float64],
    labels: Sequence[str],
    *,
    correct_prior: bool = True,
) -> list[LineDecision]:
    """Model labels corrected by the rules: furniture subtypes, one headline, section and kicker lines.

    ``correct_prior``: apply ``PARAGRAPH_PRIOR_FACTOR`` (made for scraped pages with furniture around the article).
    """
    if correct_prior:
        probs = _prior_corrected(probs, labels)
    headline_col = labels.index("headline")
    decisions: list[LineDecision] = []
    for i, line in enumerate(lines):
        allowed = np.asarray([_may_be(label, line, stats[i]) for label in labels])
        k = int(np.argmax(np.where(allowed, probs[i], -1.0)))
        label, confidence = labels[k], float(probs[i, k])
        if label == "headline":
            label, confidence = _second_best(np.where(allowed, probs[i], -1.0), labels, "headline")
        rule = furniture_rule_for(line)
        if rule is not None:
            decisions.append(LineDecision(rule.label, 1.0, f"rule:{rule.name}"))
        elif label == "furniture" and _caption_with_credit(line):
            # "Sentence. Foto: Agency | Name": a caption with its photo credit, whatever the model says (such
            # lines are rare in the training renderings, where captions and credits mostly sit on lines of
            # their own).
            decisions.append(LineDecision("caption", confidence, "rule:caption-credit"))
        elif label in {"byline", "dateline"} and _only_credit(line):
            # "Foto: dpa/Peter Kneffel": the marker names a photo credit, not an author or a date.
            decisions.append(LineDecision("credit", confidence, "rule:credit-line"))
        elif label == "furniture":
            decisions.append(LineDecision(default_furniture(line), confidence, "model"))
        elif label == "kicker":
            # A kicker line the model sees alone is trusted only right above the headline (below).
            decisions.append(LineDecision(default_furniture(line), confidence, "model"))
        else:
            decisions.append(LineDecision(label, confidence, "model"))

    _fill_body_gaps(lines, stats, decisions)

    # One headline: the most probable headline-shaped line, moved down to a restatement of it right above
    # the body when the page repeats the title (SEO title, then the visible headline).
    candidates = [
        i
        for i in range(len(lines))
        if not decisions[i].method.startswith("rule:")
        and MIN_HEADLINE_WORDS <= stats[i].words <= MAX_HEADLINE_WORDS
        and not (stats[i].prose and line_ends_plain_sentence(lines[i]))
        and not is_section_name(lines[i])
        and not is_doubled(lines[i])  # a button label rendered twice ("Link kopieren Link kopieren")
    ]
    prose_lines = [i for i, st in enumerate(stats) if st.prose]
    prose_words: set[str] = set()
    for i in prose_lines:
        prose_words |= content_words(lines[i])

    def score(i: int) -> float:
        k = bisect.bisect_right(prose_lines, i)
        next_prose = prose_lines[k] if k < len(prose_lines) else len(lines)
        factor = FAR_FROM_BODY_FACTOR if next_prose - i > NEAR_BODY_LINES else 1.0
        if prose_words and not content_words(lines[i]) & prose_words:
            factor *= UNRELATED_TO_PROSE_FACTOR
        return float(probs[i, headline_col]) * factor

    headline = max((i for i in candidates if probs[i, headline_col] >= HEADLINE_MIN_PROB), key=score, default=None)
    if headline is not None:
        best = headline
        headline = _restatement_above_body(lines, stats, headline)
        headline = _heading_right_below(lines, stats, probs[:, headline_col], headline, frozenset(prose_words))
        nearest = headline
        headline = _headline_above_deck(lines, stats, probs[:, headline_col], headline, frozenset(prose_words))
        if headline != nearest:
            method = "model+rule:headline-above-deck"
        else:
            method = "model" if headline == best else "model+rule:title-nearest-body"
        decisions[headline] = LineDecision("headline", float(probs[headline, headline_col]), method)
    else:
        headline = None

    # Section: a rubric name above the headline (or above the first content when there is no headline).
    first_content = next((i for i, d in enumerate(decisions) if d.label in _CONTENT_LABELS), len(lines))
    top = headline if headline is not None else first_content
    for i in range(top):
        if is_section_name(lines[i]):
            decisions[i] = LineDecision("section", 1.0, "rule:section-name")

    # Kicker line: a short phrase directly above the headline that nothing else claimed.
    if headline is not None and headline > 0:
        i = headline - 1
        d = decisions[i]
        if (
            d.method == "model"
            and d.label in {"navigation", "related_link", "footer"}
            and 2 <= stats[i].words <= MAX_KICKER_WORDS
            and not stats[i].ends_sentence
            and not cue("date").search(lines[i])
            and not cue("time").search(lines[i])
        ):
            decisions[i] = LineDecision("kicker", d.confidence, "rule:kicker-line")
    return decisions


def _blocks_for_line(span: Span, line: str, decision: LineDecision) -> list[Block]:
    """The block(s) of one line: kicker/headline and caption/credit lines are split in two."""
    label = decision.label
    if label == "headline":
        kicker = split_kicker(line)
        if kicker is not None:
            kicker_end, headline_start = kicker
            return [
                Block(BlockLabel.KICKER, Span(span.start, span.start + kicker_end), decision.confidence, "rule:kicker"),
                Block(BlockLabel.HEADLINE, Span(span.start + headline_start, span.end), decision.confidence, "model"),
            ]
    if label in {"caption", "credit"}:
        credit = split_credit(line)
        if credit is not None:
            blocks: list[Block] = []
            if credit.caption_end > 0:
                blocks.append(
                    Block(
                        BlockLabel.CAPTION,
                        Span(span.start, span.start + credit.caption_end),
                        decision.confidence,
                        decision.method,
                    )
                )
            blocks.append(
                Block(
                    BlockLabel.CREDIT,
                    Span(span.start + credit.credit_start, span.start + credit.credit_end),
                    1.0 if label == "caption" else decision.confidence,
                    "rule:credit-marker",
                )
            )
            return blocks
    return [Block(BlockLabel(label), span, decision.confidence, decision.method)]


# Byline words that are not part of a name: "Von Anna Muster und Max Beispiel", "Autorin: ...".
_BYLINE_PREFIX_RE = re.compile(r"^(?:[Vv]on|VON|Ein (?:Beitrag|Kommentar|Gastbeitrag) von|Autor(?:in)?:|Text:)\s+")
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|\bund\b|&|/)\s*")
_GERMAN_DATE_RE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b(?:\D{0,12}?(\d{1,2})[:.](\d{2}))?")


def _authors(text: str, span: Span) -> tuple[MetaField, ...]:
    """Names in a byline, each with its span."""
    line = text[span.start : span.end]
    prefix = _BYLINE_PREFIX_RE.match(line)
    offset = prefix.end() if prefix else 0
    fields: list[MetaField] = []
    for match in re.finditer(r"[^,&/]+", line[offset:]):
        for part in re.finditer(r"(?:(?!\bund\b)[^|])+", match.group()):
            name = part.group().strip(" .;:-–")
            if word_count(name) < 2 or word_count(name) > 4 or any(c.isdigit() for c in name):
                continue
            start = span.start + offset + match.start() + part.start() + part.group().index(name)
            fields.append(MetaField(name, "text", Span(start, start + len(name))))
    return tuple(fields)


def _published(text: str, span: Span) -> MetaField | None:
    """An ISO date (and time) from a dateline, with the span of the date."""
    line = text[span.start : span.end]
    match = _GERMAN_DATE_RE.search(line)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if match.group(4):
        value += f"T{int(match.group(4)):02d}:{match.group(5)}"
    return MetaField(value, "text", Span(span.start + match.start(), span.start + match.end()))


def _outlet(text: str, blocks: Sequence[Block], provenance: Provenance) -> MetaField | None:
    """The outlet: from the URL when known (with its mention in the page furniture as the span), else from
    self-references in the furniture ("Folgen Sie X auf ...", "Redaktion von x.de")."""
    url_domain = None
    for candidate in (provenance.final_url, provenance.source):
        if candidate and re.match(r"https?://", candidate):
            url_domain = outlet_from_url(candidate)
            if url_domain:
                break
    mentions = []
    for block in blocks:
        if block.label.is_furniture or block.label == BlockLabel.SECTION:
            for mention in find_outlet_mentions(text[block.span.start : block.span.end]):
                start = block.span.start + mention.span.start
                mentions.append((mention.domain, Span(start, start + len(mention.span))))
    if url_domain:
        same = [span for domain, span in mentions if domain == url_domain]
        return MetaField(url_domain, "text", same[0]) if same else MetaField(url_domain, "url")
    if not mentions:
        return None
    counts: dict[str, int] = {}
    for domain, _ in mentions:
        counts[domain] = counts.get(domain, 0) + 1
    best = max(counts, key=lambda d: (counts[d], -next(i for i, (m, _) in enumerate(mentions) if m == d)))
    span = next(s for d, s in mentions if d == best)
    return MetaField(best, "text", span)


def label_lines(text: str, model: LineModel | None = None) -> tuple[list[Span], list[LineDecision]]:
    """The non-blank lines of ``text`` and their decisions (the model and rules, before block splitting)."""
    spans = split_lines(text)
    lines = [text[s.start : s.end] for s in spans]
    if not lines:
        return spans, []
    stats = [line_stats(line) for line in lines]
    model = model or shipped_model()
    probs = model.predict_proba(document_features(lines, stats))
    decisions = decide_lines(lines, stats, probs, model.labels)
    if not any(d.label in _PROSE_LABELS for d in decisions):
        # The paragraph prior correction is made for pages with furniture around the article; a short text that is
        # all article (a headline and one sentence) can lose its only paragraph to it, so the model decides alone,
        # and a whole sentence that it calls furniture (no furniture rule did) is the article's paragraph: the
        # model never saw a text this short, and its furniture / byline / prose split for the last line of a
        # two-line text changes from one training run to the next (0.36 furniture vs 0.19 prose for a plain
        # nine-word sentence after the 2026-11-26 retraining).
        decisions = decide_lines(lines, stats, probs, model.labels, correct_prior=False)
        prose_cols = [model.labels.index(label) for label in sorted(_PROSE_LABELS)]
        for i, d in enumerate(decisions):
            if (
                d.method == "model"
                and d.label in _MODEL_FURNITURE
                and stats[i].words >= MIN_BARE_PARAGRAPH_WORDS
                and (stats[i].ends_sentence or _is_run_of_sentences(lines[i], stats[i]))
            ):
                decisions[i] = LineDecision("paragraph", float(probs[i, prose_cols].sum()), "model+rule:bare-article")
    if not any(d.label == "paragraph" for d in decisions):
        # A teaser is the lead above a body; a text whose only prose is "teaser" has no body apart from it, so it
        # is the body (else the consistency check reports a teaser that no body text supports).
        decisions = [
            LineDecision("paragraph", d.confidence, d.method + "+rule:no-body") if d.label == "teaser" else d
            for d in decisions
        ]
    return spans, decisions


def label_text(text: str, provenance: Provenance, *, model: LineModel | None = None) -> Article:
    """Label every block of scraped plain text; ``NoArticleError`` when it holds no article prose."""
    spans, decisions = label_lines(text, model)
    prose = [
        s
        for s, d in zip(spans, decisions, strict=True)
        if d.label in {"paragraph", "teaser"} and word_count(text[s.start : s.end]) >= 8
    ]
    if not prose:
        raise NoArticleError("the text holds no article prose (only headings, navigation or short lines)")
    blocks: list[Block] = []
    for span, decision in zip(spans, decisions, strict=True):
        blocks.extend(_blocks_for_line(span, text[span.start : span.end], decision))

    def first(label: BlockLabel) -> Block | None:
        return next((b for b in blocks if b.label == label), None)

    section = first(BlockLabel.SECTION)
    headline_line = next((s for s, d in zip(spans, decisions, strict=True) if d.label == "headline"), None)
    byline = first(BlockLabel.BYLINE)
    dateline = first(BlockLabel.DATELINE)
    meta = ArticleMeta(
        outlet=_outlet(text, blocks, provenance),
        section=MetaField(text[section.span.start : section.span.end], "text", section.span) if section else None,
        title=(
            MetaField(text[headline_line.start : headline_line.end], "text", headline_line) if headline_line else None
        ),
        published=_published(text, dateline.span) if dateline else None,
        authors=_authors(text, byline.span) if byline else (),
    )
    return Article(text=text, blocks=tuple(blocks), meta=meta)

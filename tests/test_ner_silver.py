"""Silver NER data for the fast profile: sentences from unlabelled text, tagged by the accurate head, cached."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsaudit.entities import silver
from newsaudit.entities.ner_accurate import MODEL_PATH as ACCURATE_HEAD


def test_split_words_keeps_sentences_of_usable_length() -> None:
    """Sentences become word tuples; headings under MIN_WORDS words are left out."""
    text = "Kurz gemeldet\nDie Stadt Halle baut eine neue Brücke. Der Bau beginnt im Mai."
    assert silver.split_words(iter([text])) == [
        ("Die", "Stadt", "Halle", "baut", "eine", "neue", "Brücke", "."),
        ("Der", "Bau", "beginnt", "im", "Mai", "."),
    ]


def test_silver_sentences_are_tagged_by_the_accurate_head_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The head's tags come with the words; a second call reads them from the cache."""
    monkeypatch.setattr(silver, "CACHE_DIR", tmp_path)
    sentences = [("Angela", "Merkel", "traf", "Emmanuel", "Macron", "in", "Paris", ".")]
    first = io.StringIO()
    tagged = silver.silver_sentences(sentences, ACCURATE_HEAD, out=first, limit=10, seed=13)
    assert tagged[0].words == sentences[0]
    assert tagged[0].tags[:2] == ("B-PER", "I-PER") and tagged[0].tags[6] == "B-LOC"
    again = io.StringIO()
    assert silver.silver_sentences(sentences, ACCURATE_HEAD, out=again, limit=10, seed=13) == tagged
    assert "from the cache" in again.getvalue() and "from the cache" not in first.getvalue()


def test_sample_is_limited_seeded_and_in_text_order() -> None:
    """At most ``limit`` sentences, the same for the same seed, in their original order."""
    sentences = [(f"Satz{i}", "ist", "kurz", "genug", ".") for i in range(20)]
    chosen = silver.sample(sentences, 5, 13)
    assert len(chosen) == 5 and chosen == silver.sample(sentences, 5, 13)
    assert [sentences.index(c) for c in chosen] == sorted(sentences.index(c) for c in chosen)
    assert silver.sample(sentences, 50, 13) == sentences

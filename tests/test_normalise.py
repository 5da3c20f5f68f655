"""Spelling keys and the alias table: variants of one name share a key, different names do not."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsaudit.entities.normalise import alias_table, default_alias_table, spelling_key, user_alias_paths
from newsaudit.errors import DataError

VARIANTS = [
    ("Selenskyj", "Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskij", "Selenski"),
    ("Sjewjerodonezk", "Sievierodonetsk", "Severodonezk", "Sewerodonezk", "Severodonetsk"),
    ("Arestovich", "Arestowitsch", "Arestovych"),
    ("Müller", "Mueller", "Muller", "MÜLLER"),
    ("Straße", "Strasse", "STRASSE"),
    ("Nord-Stream", "Nord Stream", "Nordstream"),
    ("Wladimir Putin", "Vladimir Putin"),
    ("Wolodymyr Selenskyj", "Volodymyr Zelenskyy"),
    ("Aleksey", "Alexei", "Alexej", "Aleksei"),
    ("Kyiv", "Kijiw", "Kyjiw"),
    ("Charkiw", "Kharkiv"),
    ("Cherson", "Kherson"),
    ("Saporischschja", "Zaporizhzhia"),
    ("Donezk", "Donetsk"),
    ("Prigoschin", "Prigozhin"),
    ("Schoigu", "Shoigu"),
    ("Lawrow", "Lavrov"),
    ("Jelzin", "Yeltsin"),
    ("Jewgeni", "Yevgeny", "Evgeny"),
    ("Nawalny", "Navalny", "Nawalnyj"),
    ("Odessa", "Odesa"),
    ("São Paulo", "Sao Paulo"),
]

# Different people and places. "Scholz" and "Schulz" are two politicians whose names differ in a vowel: the key
# keeps vowels, so they stay apart (a key that merged them would merge the two people in every article). A country
# and its people ("Serbien"/"Serben") are different entities too.
UNRELATED = (
    "Scholz",
    "Schulz",
    "Merkel",
    "Merz",
    "Putin",
    "Biden",
    "Macron",
    "Habeck",
    "Baerbock",
    "Söder",
    "Lawrow",
    "Peskow",
    "Schoigu",
    "Selenskyj",
    "Arestovich",
    "Klitschko",
    "Kiew",
    "Moskau",
    "Berlin",
    "Bern",
    "Serbien",
    "Serben",
    "Kroatien",
    "Kroaten",
)

NAME_LETTERS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜéèšžčł- .'"), max_size=30
)


@pytest.mark.parametrize("variants", VARIANTS, ids=lambda v: v[0])
def test_spelling_variants_share_one_key(variants: tuple[str, ...]) -> None:
    """Every listed transliteration or orthographic variant maps to the key of the first."""
    assert {spelling_key(v) for v in variants} == {spelling_key(variants[0])}


def test_unrelated_names_do_not_collide() -> None:
    """Twenty-four different names (Scholz and Schulz, Serbien and Serben included) give different keys."""
    collisions = [(a, b) for a, b in combinations(UNRELATED, 2) if spelling_key(a) == spelling_key(b)]
    assert collisions == []


def test_names_that_differ_by_more_than_spelling_need_the_alias_table() -> None:
    """Kiew/Kyiv and Luhansk/Lugansk differ in their keys but resolve to one entity through the alias table."""
    assert spelling_key("Kiew") != spelling_key("Kyiv")
    table = default_alias_table()
    assert table.resolve("Kiew") == table.resolve("Kyiv") == table.resolve("Kijiw") == table.resolve("Kiev")
    assert table.resolve("Lugansk") == table.resolve("Luhansk")
    assert table.resolve("Moscow") == table.resolve("Moskau")
    assert table.resolve("Moskau") != table.resolve("Kiew")


def test_unlisted_name_resolves_to_its_own_key() -> None:
    """A name the table does not know keeps its spelling key."""
    assert default_alias_table().resolve("Arestowitsch") == spelling_key("Arestovich")


def test_epithets_are_kept_apart_from_aliases() -> None:
    """'Kreml-Chef' is an epithet of Putin, not an alias: resolving it does not give Putin's key."""
    table = default_alias_table()
    assert any(e.alias == "Kreml-Chef" and e.canonical == "Wladimir Putin" for e in table.epithets)
    assert table.resolve("Kreml-Chef") != table.resolve("Wladimir Putin")


@given(NAME_LETTERS)
def test_key_is_idempotent(name: str) -> None:
    """The key of a key is the key itself."""
    key = spelling_key(name)
    assert spelling_key(key) == key


@given(NAME_LETTERS, NAME_LETTERS)
@example("Serbien", "Montenegro")
def test_key_ignores_case_and_separators(first: str, second: str) -> None:
    """Case, hyphens and spaces between parts do not change the key."""
    assert (
        spelling_key(f"{first}-{second}") == spelling_key(f"{first} {second}".upper()) == spelling_key(first + second)
    )


def test_user_alias_table_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A TSV named by $NEWSAUDIT_ALIASES adds aliases and epithets to the shipped table."""
    user = tmp_path / "aliases.tsv"
    user.write_text("# my aliases\nBig Apple\tNew York\talias\nStadtchef\tEric Adams\tepithet\n", encoding="utf-8")
    monkeypatch.setenv("NEWSAUDIT_ALIASES", str(user))
    assert user_alias_paths() == (user,)
    table = default_alias_table()
    assert table.resolve("Big Apple") == table.resolve("New York")
    assert any(e.alias == "Stadtchef" for e in table.epithets)
    assert table.resolve("Kyiv") == table.resolve("Kiew")  # the shipped rows stay


@pytest.mark.parametrize(
    ("content", "message"),
    [("Big Apple\n", "needs alias<TAB>canonical"), ("Big Apple\tNew York\tnickname\n", "kind 'nickname'")],
)
def test_bad_user_alias_table_is_a_data_error(tmp_path: Path, content: str, message: str) -> None:
    """A malformed user table raises DataError naming the file and the row."""
    user = tmp_path / "bad.tsv"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message) as raised:
        alias_table((user,))
    assert str(user) in str(raised.value)


def test_missing_user_alias_table_is_a_data_error(tmp_path: Path) -> None:
    """A user table that does not exist raises DataError naming it."""
    with pytest.raises(DataError, match="cannot read the alias table"):
        alias_table((tmp_path / "absent.tsv",))

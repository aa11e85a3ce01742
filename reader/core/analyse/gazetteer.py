"""Place names and demonyms that the small NER model gets wrong.

``en_core_web_sm`` regularly types countries as ORG or PERSON ("Armenia has asked
the EU…" → ORG) and demonyms as GPE. A reader trusts the entity sidebar only if
countries are places and "Ukrainian" is a nationality, so type repair consults
this module. Countries come from pycountry (names, common names, official names)
plus the short forms news actually uses; cities and regions are a small curated
list (no large gazetteer dependency) plus English-named subdivisions from
pycountry. Everything is built lazily and cached: importing this module is free.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "country_key",
    "country_display_name",
    "demonym_country",
    "is_known_place",
    "normalise",
    "place_type",
    "places",
]

# The tables live in gazetteer.json beside this module (data, not code: a curator edits a list
# without touching the logic), loaded once on first use.
_DATA_FILE = Path(__file__).with_name("gazetteer.json")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """gazetteer.json, parsed once: country_extra (short forms pycountry lacks → alpha-3), display
    (the name a reader expects, not ISO's "Korea, Democratic People's Republic of"), places (curated
    regions, cities and features the model mislabels, by type), demonym_extra (demonyms no suffix
    rule derives) and subdivision_common (subdivision names too generic to be places)."""
    with _DATA_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Curated place names (normalised) → GPE/LOC/FAC."""
    return {name.lower(): kind for kind, names in _data()["places"].items() for name in names}


# Suffix → what may follow the stem in the country name: Ukrain-ian/Ukrain-e, Cub-an/Cub-a, Israel-i.
_DEMONYM_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ian", ("", "ia", "e", "a", "y")),
    ("ean", ("a", "e")),
    ("an", ("a", "")),
    ("ese", ("", "a")),
    ("i", ("",)),
    ("n", ("",)),
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SPACE = re.compile(r"\s+")


def normalise(name: str) -> str:
    """Key for comparing names: case-folded, straight apostrophes, single spaces."""
    return _SPACE.sub(" ", name.translate(_APOSTROPHES)).strip().casefold()


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Map every normalised country name we know to its ISO alpha-3 code."""
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            key = normalise(value)
            if key.startswith("the "):
                key = key[4:]
            table.setdefault(key, code)
            if "," in value:  # "Iran, Islamic Republic of" → also "Iran"
                table.setdefault(normalise(value.split(",")[0]), code)
    table.pop("korea", None)  # ambiguous between the two Koreas
    table.pop("congo", None)
    table.update(_data()["country_extra"])
    return table


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    """English-looking names of states, provinces and regions (California, Texas, Ontario)."""
    import pycountry

    kinds = {"State", "Province", "Region", "Governorate", "Prefecture", "Territory", "Oblast", "Republic"}
    common = frozenset(_data()["subdivision_common"])
    names: set[str] = set()
    for sub in pycountry.subdivisions:
        name = sub.name
        if sub.type not in kinds or not name.isascii() or any(c in name for c in ",[('/"):
            continue
        key = normalise(name)
        if key in common:
            continue
        names.add(key)
    return frozenset(names)


def country_key(name: str) -> str | None:
    """ISO alpha-3 code when ``name`` is a country ("Armenia", "US", "North Korea"), else None."""
    key = normalise(name)
    table = _countries()
    if key in table:
        return table[key]
    if key.startswith("the ") and key[4:] in table:
        return table[key[4:]]
    return None


@lru_cache(maxsize=512)
def country_display_name(code: str) -> str:
    """The name a reader expects for a country code: "Russia", "Iran", "North Korea"."""
    display: dict[str, str] = _data()["display"]
    if code in display:
        return display[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    common = getattr(country, "common_name", None)
    if common:
        return str(common)
    name = str(country.name)
    return name.split(",")[0] if "," in name else name


def place_type(name: str) -> str | None:
    """GPE or LOC when ``name`` is a known country, city, region or feature; None otherwise."""
    key = normalise(name)
    if key.startswith("the "):
        key = key[4:]
    if country_key(key) is not None:
        return "GPE"
    kind = places().get(key)
    if kind is not None:
        return kind
    if key in _subdivisions():
        return "GPE"
    return None


def is_known_place(name: str) -> bool:
    """True when the gazetteer knows ``name`` as a place of any kind."""
    return place_type(name) is not None


@lru_cache(maxsize=4096)
def demonym_country(word: str) -> str | None:
    """Country code ("" for peoples without one) when ``word`` is a demonym, else None.

    "Armenian", "Ukrainians", "North Korean" are recognised by list or by deriving them from a
    country name with a demonym suffix (Armenia+n, Ukrain+ian, Azerbaijan+i), so that the model's
    "Ukrainian → GPE" can be repaired to NORP without listing every nationality by hand.
    """
    key = normalise(word)
    extra: dict[str, str] = _data()["demonym_extra"]
    if key in extra:
        return extra[key]
    if not key or not key[0].isalpha() or country_key(key) is not None:
        return None
    singular = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    if singular in extra:
        return extra[singular]
    for suffix, endings in _DEMONYM_SUFFIXES:
        if not singular.endswith(suffix):
            continue
        stem = singular[: -len(suffix)]
        if len(stem) < 3:
            continue
        for ending in endings:
            code = country_key(stem + ending)
            if code is not None:
                return code
    return None

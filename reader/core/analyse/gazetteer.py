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

import re
from functools import lru_cache

__all__ = [
    "country_key",
    "country_display_name",
    "demonym_country",
    "is_known_place",
    "normalise",
    "place_type",
]

# Short forms and historical names that pycountry does not carry, mapped to alpha-3.
_COUNTRY_EXTRA: dict[str, str] = {
    "us": "USA",
    "u.s.": "USA",
    "u.s": "USA",
    "usa": "USA",
    "u.s.a.": "USA",
    "america": "USA",
    "united states of america": "USA",
    "the united states": "USA",
    "uk": "GBR",
    "u.k.": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "scotland": "GBR",
    "wales": "GBR",
    "russia": "RUS",
    "iran": "IRN",
    "syria": "SYR",
    "north korea": "PRK",
    "south korea": "KOR",
    "dprk": "PRK",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "vietnam": "VNM",
    "laos": "LAO",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
    "taiwan": "TWN",
    "czech republic": "CZE",
    "czechia": "CZE",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "congo": "COG",
    "dr congo": "COD",
    "drc": "COD",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "burma": "MMR",
    "myanmar": "MMR",
    "holland": "NLD",
    "the netherlands": "NLD",
    "vatican": "VAT",
    "vatican city": "VAT",
    "turkey": "TUR",
    "türkiye": "TUR",
    "turkiye": "TUR",
    "east timor": "TLS",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "macedonia": "MKD",
    "the philippines": "PHL",
    "brunei": "BRN",
    "micronesia": "FSM",
    "the gambia": "GMB",
    "the bahamas": "BHS",
}

# How a country is shown: the name a reader expects, not ISO's "Korea, Democratic People's Republic of".
_DISPLAY: dict[str, str] = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "RUS": "Russia",
    "PSE": "Palestine",
    "COD": "DR Congo",
    "COG": "Congo",
    "VAT": "Vatican City",
    "FSM": "Micronesia",
    "TUR": "Turkey",
    "CZE": "Czech Republic",
    "CIV": "Ivory Coast",
    "SYR": "Syria",
    "LAO": "Laos",
    "VNM": "Vietnam",
    "BRN": "Brunei",
}

# Regions, disputed territories, cities and geographic features that news mentions and the model
# mislabels. Curated and small on purpose; the value is the entity type to give them.
_PLACES: dict[str, str] = {
    name.lower(): kind
    for kind, names in {
        "GPE": (
            "Nagorno-Karabakh",
            "Karabakh",
            "Gaza",
            "Gaza Strip",
            "West Bank",
            "East Jerusalem",
            "Kursk",
            "Crimea",
            "Donbas",
            "Donbass",
            "Donetsk",
            "Luhansk",
            "Kharkiv",
            "Kherson",
            "Zaporizhzhia",
            "Mariupol",
            "Bakhmut",
            "Avdiivka",
            "Odesa",
            "Odessa",
            "Lviv",
            "Kyiv",
            "Kiev",
            "Belgorod",
            "Bryansk",
            "Transnistria",
            "Abkhazia",
            "South Ossetia",
            "Kashmir",
            "Tibet",
            "Xinjiang",
            "Hong Kong",
            "Macau",
            "Kosovo",
            "Darfur",
            "Tigray",
            "Idlib",
            "Aleppo",
            "Raqqa",
            "Mosul",
            "Kurdistan",
            "Golan Heights",
            "Sinai",
            "Rafah",
            "Khan Younis",
            "Jabalia",
            "Nablus",
            "Jenin",
            "Hebron",
            "Ramallah",
            "Bethlehem",
            "Tel Aviv",
            "Jerusalem",
            "Haifa",
            "Beirut",
            "Damascus",
            "Baghdad",
            "Tehran",
            "Riyadh",
            "Doha",
            "Dubai",
            "Abu Dhabi",
            "Cairo",
            "Amman",
            "Ankara",
            "Istanbul",
            "Baku",
            "Yerevan",
            "Tbilisi",
            "Moscow",
            "St Petersburg",
            "Minsk",
            "Warsaw",
            "Berlin",
            "Paris",
            "London",
            "Madrid",
            "Rome",
            "Brussels",
            "Vienna",
            "Geneva",
            "The Hague",
            "Amsterdam",
            "Stockholm",
            "Oslo",
            "Helsinki",
            "Copenhagen",
            "Dublin",
            "Lisbon",
            "Athens",
            "Budapest",
            "Prague",
            "Bucharest",
            "Sofia",
            "Belgrade",
            "Zagreb",
            "Washington",
            "New York",
            "Los Angeles",
            "Chicago",
            "San Francisco",
            "Boston",
            "Miami",
            "Houston",
            "Ottawa",
            "Toronto",
            "Montreal",
            "Vancouver",
            "Mexico City",
            "Havana",
            "Caracas",
            "Bogota",
            "Lima",
            "Santiago",
            "Buenos Aires",
            "Brasilia",
            "Rio de Janeiro",
            "Sao Paulo",
            "Beijing",
            "Shanghai",
            "Taipei",
            "Tokyo",
            "Seoul",
            "Pyongyang",
            "Manila",
            "Jakarta",
            "Bangkok",
            "Hanoi",
            "Kuala Lumpur",
            "Singapore",
            "Delhi",
            "New Delhi",
            "Mumbai",
            "Kolkata",
            "Karachi",
            "Islamabad",
            "Lahore",
            "Kabul",
            "Dhaka",
            "Kathmandu",
            "Colombo",
            "Sydney",
            "Melbourne",
            "Canberra",
            "Auckland",
            "Wellington",
            "Nairobi",
            "Lagos",
            "Abuja",
            "Addis Ababa",
            "Khartoum",
            "Johannesburg",
            "Cape Town",
            "Pretoria",
            "Kinshasa",
            "Tripoli",
            "Tunis",
            "Algiers",
            "Rabat",
            "Mogadishu",
            "Kigali",
            "Kampala",
            "Accra",
            "Dakar",
            "Hokkaido",
            "Okinawa",
            "Siberia",
            "Chechnya",
            "Dagestan",
            "Bavaria",
            "Catalonia",
            "Scotland",
            "Wales",
            "Northern Ireland",
            "England",
            "Sderot",
            "Ashkelon",
            "Kfar Aza",
            "Be'eri",
            "Lachin",
            "Stepanakert",
            "Khankendi",
            "Shusha",
            "Soviet Union",
            "USSR",
            "Yugoslavia",
            "Czechoslovakia",
            "Ottoman Empire",
        ),
        "LOC": (
            "Middle East",
            "Near East",
            "Far East",
            "Europe",
            "Asia",
            "Africa",
            "North America",
            "South America",
            "Latin America",
            "Central America",
            "Antarctica",
            "Arctic",
            "Caucasus",
            "South Caucasus",
            "Balkans",
            "Baltics",
            "Scandinavia",
            "Sahel",
            "Horn of Africa",
            "Central Asia",
            "Southeast Asia",
            "South Asia",
            "East Asia",
            "Pacific",
            "Atlantic",
            "Mediterranean",
            "Black Sea",
            "Red Sea",
            "Baltic Sea",
            "Caspian Sea",
            "South China Sea",
            "Persian Gulf",
            "Gulf",
            "Strait of Hormuz",
            "Bab el-Mandeb",
            "Suez Canal",
            "Himalayas",
            "Alps",
            "Caucasus Mountains",
            "Sahara",
            "Amazon",
            "Nile",
            "Danube",
            "Dnipro",
            "Dnieper",
            "Euphrates",
            "Tigris",
            "Jordan River",
            "Indo-Pacific",
            "Lachin Corridor",
        ),
    }.items()
    for name in names
}

# Demonyms that do not derive from the country name by a suffix rule.
_DEMONYM_EXTRA: dict[str, str] = {
    "british": "GBR",
    "briton": "GBR",
    "britons": "GBR",
    "english": "GBR",
    "scottish": "GBR",
    "scot": "GBR",
    "scots": "GBR",
    "welsh": "GBR",
    "irish": "IRL",
    "french": "FRA",
    "frenchman": "FRA",
    "dutch": "NLD",
    "swiss": "CHE",
    "danish": "DNK",
    "dane": "DNK",
    "danes": "DNK",
    "swedish": "SWE",
    "swede": "SWE",
    "swedes": "SWE",
    "finnish": "FIN",
    "finn": "FIN",
    "finns": "FIN",
    "norwegian": "NOR",
    "polish": "POL",
    "pole": "POL",
    "poles": "POL",
    "spanish": "ESP",
    "spaniard": "ESP",
    "spaniards": "ESP",
    "portuguese": "PRT",
    "greek": "GRC",
    "greeks": "GRC",
    "turkish": "TUR",
    "turk": "TUR",
    "turks": "TUR",
    "american": "USA",
    "americans": "USA",
    "filipino": "PHL",
    "filipinos": "PHL",
    "thai": "THA",
    "thais": "THA",
    "lao": "LAO",
    "kuwaiti": "KWT",
    "saudi": "SAU",
    "saudis": "SAU",
    "emirati": "ARE",
    "emiratis": "ARE",
    "omani": "OMN",
    "yemeni": "YEM",
    "yemenis": "YEM",
    "iraqi": "IRQ",
    "iraqis": "IRQ",
    "israeli": "ISR",
    "israelis": "ISR",
    "pakistani": "PAK",
    "pakistanis": "PAK",
    "bangladeshi": "BGD",
    "afghan": "AFG",
    "afghans": "AFG",
    "tajik": "TJK",
    "uzbek": "UZB",
    "kazakh": "KAZ",
    "kyrgyz": "KGZ",
    "turkmen": "TKM",
    "belarusian": "BLR",
    "belarusians": "BLR",
    "czech": "CZE",
    "czechs": "CZE",
    "slovak": "SVK",
    "croat": "HRV",
    "croatian": "HRV",
    "serb": "SRB",
    "serbs": "SRB",
    "bosnian": "BIH",
    "slovene": "SVN",
    "slovenian": "SVN",
    "icelandic": "ISL",
    "maltese": "MLT",
    "cypriot": "CYP",
    "lebanese": "LBN",
    "sudanese": "SDN",
    "congolese": "COD",
    "somali": "SOM",
    "somalis": "SOM",
    "malagasy": "MDG",
    "new zealander": "NZL",
    "kiwi": "NZL",
    "argentine": "ARG",
    "argentinian": "ARG",
    "peruvian": "PER",
    "chilean": "CHL",
    "colombian": "COL",
    "venezuelan": "VEN",
    "mexican": "MEX",
    "mexicans": "MEX",
    "cuban": "CUB",
    "haitian": "HTI",
    "brazilian": "BRA",
    "canadian": "CAN",
    "canadians": "CAN",
    "palestinian": "PSE",
    "palestinians": "PSE",
    "azeri": "AZE",
    "azeris": "AZE",
    "vietnamese": "VNM",
    "burmese": "MMR",
    "chinese": "CHN",
    "japanese": "JPN",
    "taiwanese": "TWN",
    "nepali": "NPL",
    "nepalese": "NPL",
    "sri lankan": "LKA",
    "qatari": "QAT",
    "qataris": "QAT",
    "bahraini": "BHR",
    "jordanian": "JOR",
    "syrian": "SYR",
    "syrians": "SYR",
    "iranian": "IRN",
    "iranians": "IRN",
    "persian": "IRN",
    "egyptian": "EGY",
    "egyptians": "EGY",
    "libyan": "LBY",
    "tunisian": "TUN",
    "moroccan": "MAR",
    "algerian": "DZA",
    "nigerian": "NGA",
    "ghanaian": "GHA",
    "kenyan": "KEN",
    "ethiopian": "ETH",
    "eritrean": "ERI",
    "ugandan": "UGA",
    "rwandan": "RWA",
    "south african": "ZAF",
    "zimbabwean": "ZWE",
    "ukrainian": "UKR",
    "ukrainians": "UKR",
    "russian": "RUS",
    "russians": "RUS",
    "georgian": "GEO",
    "armenian": "ARM",
    "armenians": "ARM",
    "azerbaijani": "AZE",
    "azerbaijanis": "AZE",
    "north korean": "PRK",
    "north koreans": "PRK",
    "south korean": "KOR",
    "south koreans": "KOR",
    "korean": "KOR",
    "koreans": "KOR",
    "indian": "IND",
    "indians": "IND",
    "german": "DEU",
    "germans": "DEU",
    "italian": "ITA",
    "italians": "ITA",
    "austrian": "AUT",
    "belgian": "BEL",
    "hungarian": "HUN",
    "romanian": "ROU",
    "bulgarian": "BGR",
    "albanian": "ALB",
    "estonian": "EST",
    "latvian": "LVA",
    "lithuanian": "LTU",
    "moldovan": "MDA",
    "australian": "AUS",
    "australians": "AUS",
    "indonesian": "IDN",
    "malaysian": "MYS",
    "singaporean": "SGP",
    "kosovar": "XKX",
    "kurd": "",
    "kurds": "",
    "kurdish": "",
    "arab": "",
    "arabs": "",
    "jewish": "",
    "jew": "",
    "jews": "",
    "muslim": "",
    "muslims": "",
    "christian": "",
    "christians": "",
    "catholic": "",
    "catholics": "",
    "sunni": "",
    "shia": "",
    "shiite": "",
    "sikh": "",
    "hindu": "",
    "buddhist": "",
    "european": "",
    "europeans": "",
    "african": "",
    "africans": "",
    "asian": "",
    "asians": "",
    "latino": "",
    "hispanic": "",
    "yazidi": "",
    "rohingya": "",
    "uyghur": "",
    "uighur": "",
    "tatar": "",
    "chechen": "",
    "pashtun": "",
    "baloch": "",
    "druze": "",
    "bedouin": "",
    "soviet": "",
    "ottoman": "",
    "crimean": "",
}

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
    table.update(_COUNTRY_EXTRA)
    return table


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    """English-looking names of states, provinces and regions (California, Texas, Ontario)."""
    import pycountry

    kinds = {"State", "Province", "Region", "Governorate", "Prefecture", "Territory", "Oblast", "Republic"}
    common = {
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "north",
        "south",
        "east",
        "west",
        "centre",
        "capital",
        "coast",
        "lakes",
        "upper",
        "lower",
        "islands",
        "valley",
        "national",
        "north east",
        "north west",
        "south east",
        "south west",
        "highlands",
        "mountain",
        "ocean",
    }
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
    if code in _DISPLAY:
        return _DISPLAY[code]
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
    kind = _PLACES.get(key)
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
    if key in _DEMONYM_EXTRA:
        return _DEMONYM_EXTRA[key]
    if not key or not key[0].isalpha() or country_key(key) is not None:
        return None
    singular = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    if singular in _DEMONYM_EXTRA:
        return _DEMONYM_EXTRA[singular]
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

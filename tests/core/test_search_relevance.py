"""Field weights, pinned on a small relevance fixture.

Each query names the article a reader would expect first. The fixture is built
so that the obvious mistakes of a flat weighting show up: an article that only
mentions a word in passing must not beat one whose title is about it, and an
article whose entities include a name must beat one that just repeats a word
that happens to look like it. With equal field weights the ``sanctions`` and
``Macron`` cases come out wrong (checked when the weights in schema.py were
chosen: title 3, entities 2, notes 1.5, body 1; 2/1.5/1/1 and 5/3/1/1.5 also pass).
"""

from __future__ import annotations

import pytest

from reader.core.search import IndexDoc, SearchIndex

FILLER = "Officials gave few details and said more information would follow later in the week."


def doc(i: int, ident: str, title: str, body: str, **kw: object) -> IndexDoc:
    return IndexDoc(id=ident, title=title, body=f"{body} {FILLER}", position=i, **kw)  # type: ignore[arg-type]


ARTICLES = [
    doc(0, "ceasefire-title", "Gaza ceasefire holds", "The truce agreed on Monday held through the night."),
    doc(
        1,
        "ceasefire-body",
        "Aid convoys reach the north",
        "Trucks carrying flour arrived. A ceasefire was mentioned once by a driver. "
        "The convoy took six hours to cross the checkpoint and unload its cargo at the depot.",
    ),
    doc(
        2,
        "biden-entity",
        "White House sets out budget",
        "Mr Biden told reporters the plan would cut the deficit.",
        entities={"PERSON": ["Joe Biden", "Biden", "Mr Biden"], "ORG": ["White House"]},
    ),
    doc(
        3,
        "biden-passing",
        "Senate vote delayed",
        "Senators argued for hours about procedure, rules, votes and the calendar; "
        "a staffer compared the delay to the Biden era only in passing.",
    ),
    doc(
        4,
        "inflation-title",
        "Inflation falls to 3%",
        "Prices rose more slowly in March, the statistics office said.",
    ),
    doc(
        5,
        "inflation-long",
        "Central bank minutes published",
        "The minutes covered wages, housing, energy, trade, employment and, briefly, inflation, "
        "alongside a long discussion of bond markets, currency reserves and banking supervision.",
    ),
    doc(
        6,
        "zelenskyy",
        "Kyiv appeals for air defence",
        "President Zelenskyy asked allies for more systems.",
        entities={"PERSON": ["Volodymyr Zelenskyy", "Zelenskyy"], "GPE": ["Kyiv", "Ukraine"]},
    ),
    doc(
        7,
        "ukraine-grain",
        "Grain exports resume",
        "Ships left Odesa carrying wheat bound for Egypt.",
        entities={"GPE": ["Odesa", "Egypt", "Ukraine"]},
    ),
    doc(
        8,
        "icc",
        "Court issues warrants",
        "The International Criminal Court said judges had approved the request.",
        entities={"ORG": ["International Criminal Court", "ICC"]},
    ),
    doc(
        9,
        "war-crimes",
        "Investigators gather evidence",
        "Prosecutors are documenting alleged war crimes in the region.",
    ),
    doc(
        10,
        "war-crime-exact",
        "Tribunal opens",
        "The first war crime trial of the decade opened on Tuesday.",
    ),
    doc(
        11,
        "climate-title",
        "Climate talks stall in Bonn",
        "Negotiators failed to agree on a finance target.",
        entities={"GPE": ["Bonn"]},
    ),
    doc(
        12,
        "climate-note",
        "Heatwave grips southern Europe",
        "Temperatures passed 44C in Sicily.",
        notes="follow up: climate attribution study",
        entities={"LOC": ["southern Europe"], "GPE": ["Sicily"]},
    ),
    doc(
        13,
        "election",
        "Polls close in general election",
        "Turnout was higher than expected across the country, the election commission said.",
    ),
    doc(
        14,
        "election-passing",
        "Football club sold",
        "The club's new owner, who once stood in an election, paid a record sum.",
    ),
    doc(15, "sanctions-title", "EU agrees sanctions package", "Ministers met in Brussels."),
    doc(
        16,
        "sanctions-body",
        "Oil price climbs",
        "Traders said sanctions, new sanctions and the threat of sanctions pushed prices up; "
        "sanctions were the talk of the market.",
    ),
    doc(
        17,
        "macron-entity",
        "Paris hosts summit",
        "The French president opened the summit.",
        entities={"PERSON": ["Emmanuel Macron", "Macron"], "GPE": ["Paris"]},
    ),
    doc(
        18,
        "macron-body",
        "Souvenir stalls boom",
        "Macron mugs sold out next to Macron posters at the stall.",
    ),
]

CASES = [
    ("ceasefire", "ceasefire-title"),  # title beats a body-only mention
    ("Biden", "biden-entity"),  # an entity beats a passing body mention
    ("inflation", "inflation-title"),  # short title match beats a long body mention
    ("Zelensky~", "zelenskyy"),  # fuzzy spelling still finds the person
    ("person:Biden", "biden-entity"),
    ("ICC", "icc"),  # an alias in the entity map finds the article
    ('"war crime"', "war-crime-exact"),  # quotes mean those words, not "war crimes"
    ("war crimes", "war-crimes"),
    ("climate", "climate-title"),  # title beats the user's note
    ("Ukraine grain", "ukraine-grain"),
    ("election", "election"),
    ("place:Ukraine", "zelenskyy"),  # the shorter entity list wins the tie
    ("sanctions", "sanctions-title"),  # a title match beats four body mentions
    ("Macron", "macron-entity"),  # the article about him beats one that names him twice
]


@pytest.fixture(scope="module")
def ix() -> SearchIndex:
    index = SearchIndex.in_memory(ARTICLES)
    yield index
    index.close()


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_expected_article_ranks_first(ix: SearchIndex, query: str, expected: str) -> None:
    hits = ix.search(query).hits
    assert hits, f"no hits for {query!r}"
    assert hits[0].id == expected, [(h.id, round(h.score, 3)) for h in hits]


def test_notes_are_searchable_but_rank_below_titles(ix: SearchIndex) -> None:
    assert [h.id for h in ix.search("climate").hits] == ["climate-title", "climate-note"]


def test_scores_are_descending(ix: SearchIndex) -> None:
    scores = [h.score for h in ix.search("election OR ceasefire OR inflation").hits]
    assert scores == sorted(scores, reverse=True)

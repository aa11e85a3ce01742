"""The bundled sample, analysed with the real spaCy model: the bar a reporter's sidebar must clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.types import Analysis

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-news.txt"
STORIES = [(1, 20), (21, 33), (34, 51), (52, 71)]
CLUTTER = {7, 8, 13, 39, 40, 53, 54, 55, 56, 57, 58, 59, 64, 65}
PLACES = {"GPE", "LOC", "FAC"}

pytestmark = pytest.mark.spacy


def sample_texts() -> list[str]:
    """The sample's four stories with page clutter removed (as ingest would), glue left as is."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    return [
        "\n".join(lines[n - 1] for n in range(first, last + 1) if n not in CLUTTER) for first, last in STORIES
    ]


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    pytest.importorskip("spacy")
    from reader.core.analyse import SpacyBackend, analyse_texts
    from reader.core.errors import LedeError

    backend = SpacyBackend()
    try:
        return analyse_texts(sample_texts(), backend=backend)
    except LedeError as exc:  # no model installed
        pytest.skip(str(exc))


def entity_types(analyses: list[Analysis]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for analysis in analyses:
        for entity in analysis.entities:
            found.setdefault(entity.name, set()).add(entity.type)
    return found


@pytest.mark.parametrize(
    "name",
    [
        "Nikol Pashinyan",
        "Ilham Aliyev",
        "Joe Biden",
        "Halima Abu Leil",
        "Francesca Albanese",
        "Zelenskyy",
        "Kim Jong Un",
    ],
)
def test_people_are_persons(analyses: list[Analysis], name: str) -> None:
    assert entity_types(analyses).get(name) == {"PERSON"}


@pytest.mark.parametrize(
    "name",
    [
        "Nagorno-Karabakh",
        "Armenia",
        "Azerbaijan",
        "Baku",
        "Lachin Corridor",
        "Hakari Bridge",
        "Gaza",
        "Israel",
        "Iran",
        "Doha",
        "Nablus",
        "West Bank",
        "Ukraine",
        "Russia",
        "North Korea",
        "Kursk",
        "California",
    ],
)
def test_places_are_places_even_where_the_model_says_org(analyses: list[Analysis], name: str) -> None:
    types = entity_types(analyses).get(name)
    assert types is not None and types <= PLACES, (name, types)


@pytest.mark.parametrize(
    "name", ["UNHCR", "EU", "Hamas", "Israel Defence Forces", "Sky News", "United Nations"]
)
def test_organisations_are_orgs(analyses: list[Analysis], name: str) -> None:
    assert entity_types(analyses).get(name) == {"ORG"}


def test_each_entity_once_per_article(analyses: list[Analysis]) -> None:
    for analysis in analyses:
        names = [e.name for e in analysis.entities]
        assert len(names) == len(set(names))


def test_idf_merges_with_israel_defence_forces(analyses: list[Analysis]) -> None:
    idf = next(e for e in analyses[2].entities if e.name == "Israel Defence Forces")
    assert set(idf.aliases) == {"Israel Defence Forces", "IDF"}
    assert idf.count == 5  # (IDF) definition, IDF troops, IDF raid, The IDF has …, and the long form


def test_surnames_and_honorifics_merge_into_the_full_name(analyses: list[Analysis]) -> None:
    biden = next(e for e in analyses[1].entities if e.name == "Joe Biden")
    assert "Mr Biden" in biden.aliases
    assert biden.role == "President"
    halima = next(e for e in analyses[2].entities if e.name == "Halima Abu Leil")
    assert "Halima" in halima.aliases


def test_roles_from_titles(analyses: list[Analysis]) -> None:
    roles = {e.name: e.role for a in analyses for e in a.entities if e.role}
    assert roles["Nikol Pashinyan"] == "Prime Minister"
    assert roles["Ilham Aliyev"] == "President"


def test_debris_is_dropped(analyses: list[Analysis]) -> None:
    names = {e.name for a in analyses for e in a.entities}
    assert not names & {"X", "CCTV", "Armeniafrom", "Azerbaijan’splans", "Western", "Francesca"}
    assert all(not n.lower().startswith("the ") for n in names)
    assert all("’s" not in n and "'s" not in n for n in names)


def test_mentions_point_at_their_text(analyses: list[Analysis]) -> None:
    texts = sample_texts()
    for text, analysis in zip(texts, analyses, strict=True):
        for mention in analysis.mentions:
            surface = text[mention.start : mention.end]
            assert surface and surface == surface.strip()


# Gold quotes of the sample: (story, first words, speaker).
GOLD_QUOTES = [
    (0, "a direct act", "Nikol Pashinyan"),
    (0, "their personal and individual", "Azerbaijan"),
    (1, "on the brink", "Joe Biden"),
    (1, "So many innocent", "Joe Biden"),
    (1, "The deal would free", "Joe Biden"),
    (1, "All told, Iran", "Joe Biden"),
    (1, "winning the worldwide", "Joe Biden"),
    (1, "Compared to four years", "Joe Biden"),
    (1, "We have not gone", "Joe Biden"),
    (2, "Figures who appear", "Sky News"),
    (2, "On December 19, 2024", "Israel Defence Forces"),
    (2, "The use of the ambulance", "Israel Defence Forces"),
    (2, "the circumstances of the incident", "Israel Defence Forces"),
    (2, "When I look at the footage", "Francesca Albanese"),
    (3, "In addition to the first", "Zelenskyy"),
    (3, "Ukraine is ready", "Zelenskyy"),
    (3, "One of them (soldiers)", "Zelenskyy"),
]


def test_quotes_found_and_attributed(analyses: list[Analysis]) -> None:
    found = 0
    right = 0
    for story, opening, speaker in GOLD_QUOTES:
        quote = next((q for q in analyses[story].quotes if q.text.startswith(opening)), None)
        if quote is not None:
            found += 1
            right += quote.speaker == speaker
    assert found / len(GOLD_QUOTES) >= 0.95
    assert right / len(GOLD_QUOTES) >= 0.90


def test_no_scare_quotes(analyses: list[Analysis]) -> None:
    texts = {q.text for a in analyses for q in a.quotes}
    assert not texts & {
        "iron fist",
        "reintegrating",
        "surge",
        "serious offence",
        "Duvdevan",
        "reprimanded",
        "war crime",
    }
    assert sum(len(a.quotes) for a in analyses) == len(GOLD_QUOTES)


def test_continued_quote_spans_paragraphs(analyses: list[Analysis]) -> None:
    albanese = next(q for q in analyses[2].quotes if q.speaker == "Francesca Albanese")
    assert albanese.text.endswith("extrajudicial killing.")
    assert albanese.text.count("\n") == 2


def test_figures_of_the_sample(analyses: list[Analysis]) -> None:
    figures = {f.text: f for a in analyses for f in a.figures}
    assert figures["More than 100,000"].value == 100_000
    assert figures["more than 80%"].unit == "percent" and figures["more than 80%"].value == 80
    assert figures["at least 813"].value == 813
    assert figures["21,000"].value == 21_000
    assert figures["less than 24 hours"].unit == "hours"
    assert figures["7 October 2023"].unit == "date"
    assert "Nagorno-Karabakh" in figures["more than 80%"].sentence

"""An entity's dossier: its mentions in context, quotes, co-mentions and timeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.dossier import build_dossier, find_entity, mention_context
from reader.core.library import Library, open_library
from reader.core.store.annotations import AnnotationStore
from reader.core.types import Article, CoMention, Entity, Mention, Quote, TimelinePoint
from tests.conftest import SAMPLE

GAZA = "a87e5955f278"  # "Gaza deal is “on the brink”, says Biden"
UKRAINE = "b47fea6bc378"  # "Ukraine has announced capture of North Korean soldiers"


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    library = open_library(SAMPLE, annotations=store)
    yield library
    library.close()
    store.close()


def test_the_dossier_of_joe_biden_on_the_sample(lib: Library) -> None:
    d = lib.dossier("Joe Biden")
    assert d is not None
    assert (d.name, d.type) == ("Joe Biden", "PERSON")
    assert d.aliases == ("Mr Biden", "The US president", "The outgoing US leader")
    assert d.article_ids == (GAZA,)
    assert [(m.start, m.end) for m in d.mentions] == [
        (41, 50),
        (97, 119),
        (548, 564),
        (708, 716),
        (1377, 1385),
    ]
    first = d.mentions[0]
    assert first.title == "Gaza deal is “on the brink”, says Biden"
    assert (
        first.context
        == "A Gaza deal is “on the brink”, President Joe Biden has said in his final foreign policy address."
    )
    assert first.context[first.mark[0] : first.mark[1]] == "Joe Biden"
    assert [m.context[m.mark[0] : m.mark[1]] for m in d.mentions] == [
        "Joe Biden",
        "The outgoing US leader",
        "The US president",
        "Mr Biden",
        "Mr Biden",
    ]
    assert len(d.quotes) == 7 and {q.article_id for q in d.quotes} == {GAZA}
    assert d.quotes[0].text == "on the brink" and d.quotes[0].speaker == "Joe Biden"
    # per article: every entity of the one article that names him, once
    assert d.co_mentions == tuple(
        CoMention(name, kind, 1)
        for name, kind in [
            ("Arab", "NORP"),
            ("Doha", "GPE"),
            ("Gaza", "GPE"),
            ("Gaza Strip", "GPE"),
            ("Hamas", "ORG"),
            ("Iran", "GPE"),
            ("Iranian", "NORP"),
            ("Israel", "GPE"),
            ("Palestinian", "NORP"),
            ("United States", "GPE"),
            ("Washington", "GPE"),
        ]
    )
    assert d.timeline == (TimelinePoint(None, 5),)  # the sample's articles have no dates


def test_a_name_is_found_exactly_then_in_any_case_then_by_alias(lib: Library) -> None:
    for asked in ("Joe Biden", "joe biden", "Mr Biden", "the us president"):
        found = lib.dossier(asked)
        assert found is not None and found.name == "Joe Biden", asked
    assert lib.dossier("Nobody Atall") is None
    assert lib.dossier("  ") is None
    assert lib.similar_entities("Bidn") == ["Joe Biden"]
    assert lib.similar_entities("Zelensky") == ["Zelenskyy"]
    assert lib.similar_entities("qqqq") == []


def test_a_long_sentence_is_cut_around_the_mention_at_words(lib: Library) -> None:
    d = lib.dossier("Zelenskyy")
    assert d is not None
    assert [m.context for m in d.mentions] == [
        "Mr Zelenskyy has said Russian and North Korean forces had suffered heavy losses.",
        "“Ukraine is ready to hand over Kim Jong Un’s soldiers to him if he can organise their exchange for "
        "our warriors who are being held captive in Russia,” Mr Zelenskyy added.",
        "…expressed a desire to stay in Ukraine, the other to return to Korea,” said Mr Zelenskyy, adding "
        "that for North Korean soldiers who did not wish to return home, there…",
    ]


def test_a_rename_carries_mentions_and_quotes_to_the_new_name(lib: Library) -> None:
    lib.correct_entity("rename", "Zelenskyy", "Volodymyr Zelenskyy")
    d = lib.dossier("Volodymyr Zelenskyy")
    assert d is not None and d.name == "Volodymyr Zelenskyy"
    assert d.article_ids == (UKRAINE,) and len(d.mentions) == 3
    assert [q.speaker for q in d.quotes] == ["Volodymyr Zelenskyy"] * 3
    assert [q.text[:22] for q in d.quotes] == [
        "In addition to the fir",
        "Ukraine is ready to ha",
        "One of them (soldiers)",
    ]
    assert [s for _a, _t, q in lib.quotes_by("Volodymyr Zelenskyy") for s in [q.speaker]] == [
        "Volodymyr Zelenskyy"
    ] * 3
    old = lib.dossier("Zelenskyy")  # the old name is an alias now
    assert old is not None and old.name == "Volodymyr Zelenskyy"
    lib.correct_entity("hide", "Kim Jong Un")
    again = lib.dossier("Volodymyr Zelenskyy")
    assert again is not None and "Kim Jong Un" not in {c.name for c in again.co_mentions}


def _article(aid: str, date: str | None, text: str, names: dict[str, str]) -> Article:
    """An article whose mentions are every occurrence of each name in ``names`` (name -> type)."""
    mentions = []
    for name, kind in names.items():
        at = text.find(name)
        while at >= 0:
            mentions.append(Mention(at, at + len(name), name, kind))
            at = text.find(name, at + 1)
    entities = tuple(Entity(n, k, (n,), sum(1 for m in mentions if m.entity == n)) for n, k in names.items())
    return Article(
        id=aid,
        title=f"Story {aid}",
        text=text,
        start_line=1,
        end_line=1,
        date=date,
        entities=entities,
        mentions=tuple(sorted(mentions, key=lambda m: m.start)),
    )


def test_timeline_by_date_undated_last_and_co_mentions_counted_per_article() -> None:
    ada = Entity("Ada Lovelace", "PERSON", ("Ada Lovelace",), 4)
    arts = [
        _article(
            "a",
            "2024-01-02",
            "Ada Lovelace met Babbage.\nLater Ada Lovelace wrote.",
            {"Ada Lovelace": "PERSON", "Babbage": "PERSON"},
        ),
        _article(
            "b",
            "2024-01-01",
            "Ada Lovelace and Babbage in London.",
            {"Ada Lovelace": "PERSON", "Babbage": "PERSON", "London": "GPE"},
        ),
        _article("c", None, "In London, Ada Lovelace.", {"Ada Lovelace": "PERSON", "London": "GPE"}),
        _article("d", "2024-01-01", "Babbage alone.", {"Babbage": "PERSON"}),
    ]
    quote = Quote("Ada Lovelace", "poetical science", 0, 5)
    d = build_dossier(ada, arts, [("c", "Story c", quote)])
    assert d.article_ids == ("a", "b", "c")
    assert d.timeline == (
        TimelinePoint("2024-01-01", 1),
        TimelinePoint("2024-01-02", 2),
        TimelinePoint(None, 1),
    )
    assert d.co_mentions == (CoMention("Babbage", "PERSON", 2), CoMention("London", "GPE", 2))
    assert [(m.article_id, m.context) for m in d.mentions] == [
        ("a", "Ada Lovelace met Babbage."),
        ("a", "Later Ada Lovelace wrote."),
        ("b", "Ada Lovelace and Babbage in London."),
        ("c", "In London, Ada Lovelace."),
    ]
    assert d.aliases == () and [(q.article_id, q.text) for q in d.quotes] == [("c", "poetical science")]


def test_context_collapses_whitespace_and_keeps_the_mark_on_the_mention() -> None:
    text = "First one.  Then   Grace\tHopper  spoke at   length. Last."
    start = text.index("Grace")
    context, (a, b) = mention_context(text, start, start + len("Grace\tHopper"))
    assert context == "Then Grace Hopper spoke at length."
    assert context[a:b] == "Grace Hopper"


def test_find_entity_prefers_the_most_named_when_an_alias_is_shared() -> None:
    ents = [Entity("Joe Smith", "PERSON", ("Mr Smith",), 2), Entity("Ann Smith", "PERSON", ("Mr Smith",), 5)]
    assert find_entity(ents, "mr smith") == ents[1]
    assert find_entity(ents, "JOE SMITH") == ents[0]

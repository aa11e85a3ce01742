"""Entity corrections: stored with the annotations, replayed in order over each article's analysis."""

from __future__ import annotations

import pytest

from reader.core.errors import StorageError
from reader.core.store.annotations import AnnotationStore
from reader.core.store.corrections import apply_corrections
from reader.core.types import Entity, EntityCorrection, Mention

# One article: "Joe Biden met Netanyahu. Mr Biden said the IDF ... Advertisement ... Biden ... Israel Defence Forces"
ENTITIES = [
    Entity("Joe Biden", "PERSON", ("Mr Biden", "Biden"), 3, "President"),
    Entity("Netanyahu", "PERSON", (), 1),
    Entity("IDF", "ORG", (), 1),
    Entity("Israel Defence Forces", "ORG", ("Israeli army",), 2),
    Entity("Advertisement", "ORG", (), 1),
]
MENTIONS = [
    Mention(0, 9, "Joe Biden", "PERSON"),
    Mention(14, 23, "Netanyahu", "PERSON"),
    Mention(25, 33, "Joe Biden", "PERSON"),
    Mention(43, 46, "IDF", "ORG"),
    Mention(50, 63, "Advertisement", "ORG"),
    Mention(70, 75, "Joe Biden", "PERSON"),
    Mention(80, 101, "Israel Defence Forces", "ORG"),
    Mention(110, 122, "Israel Defence Forces", "ORG"),
]


def fix(n: int, kind: str, name: str, target: str = "", type: str = "") -> EntityCorrection:
    return EntityCorrection(n, kind, name, target, type)


def test_no_corrections_returns_the_input_unchanged() -> None:
    assert apply_corrections(ENTITIES, MENTIONS, []) == (ENTITIES, MENTIONS)


def test_rename_changes_the_name_everywhere_and_keeps_the_old_one_as_alias() -> None:
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "rename", "Netanyahu", "Benjamin Netanyahu")])
    assert ents[1] == Entity("Benjamin Netanyahu", "PERSON", ("Netanyahu",), 1)
    assert ents[0] == ENTITIES[0] and ents[2:] == ENTITIES[2:]
    assert ments[1] == Mention(14, 23, "Benjamin Netanyahu", "PERSON")
    assert [m for i, m in enumerate(ments) if i != 1] == [m for i, m in enumerate(MENTIONS) if i != 1]


def test_merge_folds_counts_aliases_and_mentions_into_the_target() -> None:
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "merge", "IDF", "Israel Defence Forces")])
    assert [e.name for e in ents] == ["Joe Biden", "Netanyahu", "Israel Defence Forces", "Advertisement"]
    assert ents[2] == Entity("Israel Defence Forces", "ORG", ("Israeli army", "IDF"), 3)
    assert ments[3] == Mention(43, 46, "Israel Defence Forces", "ORG")
    assert sum(m.entity == "Israel Defence Forces" for m in ments) == 3


def test_merge_into_an_absent_target_creates_it_with_the_merged_entitys_type() -> None:
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "merge", "IDF", "Tsahal")])
    assert ents[2] == Entity("Tsahal", "ORG", ("IDF",), 1)
    assert ments[3] == Mention(43, 46, "Tsahal", "ORG")


def test_merged_mentions_take_the_targets_type_and_the_target_keeps_its_role() -> None:
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "merge", "Netanyahu", "Joe Biden")])
    assert ents[0] == Entity("Joe Biden", "PERSON", ("Mr Biden", "Biden", "Netanyahu"), 4, "President")
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "merge", "Advertisement", "Netanyahu")])
    assert ents[1] == Entity("Netanyahu", "PERSON", ("Advertisement",), 2)
    assert ments[4] == Mention(50, 63, "Netanyahu", "PERSON")


def test_rename_onto_an_existing_name_folds_like_a_merge() -> None:
    ents, _ = apply_corrections(ENTITIES, MENTIONS, [fix(1, "rename", "IDF", "Israel Defence Forces")])
    assert [e.name for e in ents].count("Israel Defence Forces") == 1
    assert ents[2] == Entity("Israel Defence Forces", "ORG", ("Israeli army", "IDF"), 3)


def test_retype_changes_the_entity_and_its_mentions() -> None:
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "retype", "IDF", type="MILITARY")])
    assert ents[2] == Entity("IDF", "MILITARY", (), 1)
    assert ments[3] == Mention(43, 46, "IDF", "MILITARY")
    assert ments[6].type == "ORG"


def test_hide_drops_the_entity_and_every_mention_of_it() -> None:
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [fix(1, "hide", "Advertisement")])
    assert [e.name for e in ents] == ["Joe Biden", "Netanyahu", "IDF", "Israel Defence Forces"]
    assert len(ments) == 7 and all(m.entity != "Advertisement" for m in ments)


def test_corrections_apply_in_order_so_later_ones_see_earlier_results() -> None:
    corrections = [
        fix(1, "merge", "IDF", "Israel Defence Forces"),
        fix(2, "rename", "Israel Defence Forces", "Israel Defense Forces"),
        fix(3, "retype", "Israel Defense Forces", type="MILITARY"),
    ]
    ents, ments = apply_corrections(ENTITIES, MENTIONS, corrections)
    assert ents[2] == Entity(
        "Israel Defense Forces", "MILITARY", ("Israeli army", "IDF", "Israel Defence Forces"), 3
    )
    assert [m.start for m in ments if m.entity == "Israel Defense Forces"] == [43, 80, 110]
    assert {m.type for m in ments if m.entity == "Israel Defense Forces"} == {"MILITARY"}
    # the other order: a retype of the old name after the rename finds nothing to change
    ents, _ = apply_corrections(
        ENTITIES, MENTIONS, [fix(1, "rename", "IDF", "Tsahal"), fix(2, "retype", "IDF", type="X")]
    )
    assert ents[2] == Entity("Tsahal", "ORG", ("IDF",), 1)


def test_split_undoes_an_earlier_merge_of_that_name_only() -> None:
    merge = fix(1, "merge", "IDF", "Israel Defence Forces")
    other = fix(2, "merge", "Netanyahu", "Joe Biden")
    ents, ments = apply_corrections(ENTITIES, MENTIONS, [merge, other, fix(3, "split", "IDF")])
    assert ents[1:3] == ENTITIES[2:4]  # IDF and the army are apart again, as analysed
    assert ments[3] == MENTIONS[3]
    assert ents[0].aliases == ("Mr Biden", "Biden", "Netanyahu")  # the other merge still holds
    assert [e.name for e in ents] == ["Joe Biden", "IDF", "Israel Defence Forces", "Advertisement"]


def test_a_merge_made_after_a_split_applies_again() -> None:
    corrections = [
        fix(1, "merge", "IDF", "Israel Defence Forces"),
        fix(2, "split", "IDF"),
        fix(3, "merge", "IDF", "Tsahal"),
    ]
    ents, ments = apply_corrections(ENTITIES, MENTIONS, corrections)
    assert [e.name for e in ents] == [
        "Joe Biden",
        "Netanyahu",
        "Tsahal",
        "Israel Defence Forces",
        "Advertisement",
    ]
    assert ents[3] == ENTITIES[3]
    assert ments[3].entity == "Tsahal"


def test_a_split_without_a_merge_and_corrections_of_absent_names_change_nothing() -> None:
    corrections = [
        fix(1, "split", "Joe Biden"),
        fix(2, "hide", "Hamas"),
        fix(3, "rename", "Hamas", "Harakat"),
        fix(4, "merge", "Hamas", "Joe Biden"),
        fix(5, "retype", "Hamas", type="ORG"),
    ]
    assert apply_corrections(ENTITIES, MENTIONS, corrections) == (ENTITIES, MENTIONS)


def test_the_input_sequences_are_not_modified() -> None:
    ents, ments = list(ENTITIES), tuple(MENTIONS)
    apply_corrections(ents, ments, [fix(1, "hide", "Joe Biden"), fix(2, "merge", "IDF", "Netanyahu")])
    assert ents == ENTITIES and list(ments) == MENTIONS


# -- stored -----------------------------------------------------------------------------------------


def test_corrections_are_kept_per_source_in_creation_order(store: AnnotationStore) -> None:
    a = store.add_correction("src", "rename", " Netanyahu ", "Benjamin Netanyahu")
    b = store.add_correction("src", "hide", "Advertisement")
    c = store.add_correction("src", "retype", "IDF", type="ORG")
    store.add_correction("other", "hide", "IDF")
    assert (a.kind, a.name, a.target, a.type) == ("rename", "Netanyahu", "Benjamin Netanyahu", "")
    assert a.created.endswith("Z")
    assert store.corrections("src") == [a, b, c]
    assert [x.name for x in store.corrections("other")] == ["IDF"]


def test_fields_a_kind_does_not_use_are_not_stored(store: AnnotationStore) -> None:
    h = store.add_correction("src", "hide", "Advertisement", target="ignored", type="ignored")
    assert (h.target, h.type) == ("", "")
    r = store.add_correction("src", "retype", "IDF", target="ignored", type="ORG")
    assert (r.target, r.type) == ("", "ORG")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("delete", "IDF"), "unknown correction kind"),
        (("hide", "  "), "needs the name"),
        (("rename", "IDF"), "needs a target"),
        (("merge", "IDF", "IDF"), "into itself"),
        (("retype", "IDF"), "needs the new type"),
    ],
)
def test_bad_corrections_are_refused(store: AnnotationStore, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        store.add_correction("src", *args)
    assert store.corrections("src") == []


def test_a_removed_correction_stops_applying(store: AnnotationStore) -> None:
    merge = store.add_correction("src", "merge", "IDF", "Israel Defence Forces")
    hide = store.add_correction("src", "hide", "Advertisement")
    store.remove_correction(merge.id)
    assert store.corrections("src") == [hide]
    ents, _ = apply_corrections(ENTITIES, MENTIONS, store.corrections("src"))
    assert [e.name for e in ents] == ["Joe Biden", "Netanyahu", "IDF", "Israel Defence Forces"]
    with pytest.raises(StorageError, match=f"Correction {merge.id} no longer exists"):
        store.remove_correction(merge.id)


def test_stored_corrections_replay_to_the_same_result_as_the_pure_function(store: AnnotationStore) -> None:
    store.add_correction("src", "merge", "IDF", "Israel Defence Forces")
    store.add_correction("src", "rename", "Israel Defence Forces", "Israel Defense Forces")
    store.add_correction("src", "hide", "Advertisement")
    ents, ments = apply_corrections(ENTITIES, MENTIONS, store.corrections("src"))
    assert [(e.name, e.count) for e in ents] == [
        ("Joe Biden", 3),
        ("Netanyahu", 1),
        ("Israel Defense Forces", 3),
    ]
    assert len(ments) == 7

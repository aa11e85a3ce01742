"""Crafted inputs found by tests/bench/bench_hostile.py: each was superlinear in time or memory.

The timeouts are hang guards: before each fix the input took minutes or gigabytes; now well under
a second. Speed itself is measured by the bench script, never asserted here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.core.analyse.backend import NO_WORDS_RUN, SpacyBackend, ner_pieces, split_text
from reader.core.analyse.figures import SENTENCE_MAX, SENTENCE_SIDE, find_figures
from reader.core.copies import CopyDoc, find_copies
from reader.core.ingest import ingest_path
from reader.core.ingest.glue import split_token


@pytest.mark.timeout(30)
def test_one_word_of_half_a_million_letters_is_read_as_it_is(tmp_path: Path) -> None:
    # Glue repair tried every cut of a long lowercase word, copying it each time: 23 s for 200,000.
    word = "a" * 500_000
    source = tmp_path / "word.txt"
    source.write_text(word, encoding="utf-8")
    result = ingest_path(source)
    assert [d.paragraphs for d in result.drafts] == [(word,)]


def test_a_fused_function_word_at_the_end_of_a_long_word_is_still_split() -> None:
    vocab = Counter({"municipality": 3})
    assert split_token("municipalityduring", vocab) == "municipality during"
    assert split_token("b" * 10_000 + "during", vocab) == "b" * 10_000 + "during"  # no evidence


@pytest.mark.timeout(30)
def test_figures_in_one_endless_sentence_keep_a_window_of_it() -> None:
    # 25,000 numbers in one 200 KB "sentence" each kept a copy of it: 9.6 GB in the build.
    text = " ".join(["1,234"] * 40_000) + "."
    figures = find_figures(text)
    assert len(figures) == 40_000
    assert {(f.text, f.value, f.unit) for f in figures} == {("1,234", 1234.0, "count")}
    middle = figures[20_000]
    assert middle.sentence == text[middle.start - 396 : middle.end + 396]  # whole numbers either side
    assert figures[0].sentence == text[: figures[0].end + 396]
    assert max(len(f.sentence) for f in figures) <= 2 * SENTENCE_SIDE + len("1,234")


def test_figures_keep_their_whole_sentence_up_to_the_limit() -> None:
    long = "The fund, " + "which grew and grew, " * ((SENTENCE_MAX - 40) // 21) + "holds 5 million dollars."
    assert len(long) <= SENTENCE_MAX
    text = f"Prices rose 5% in May. {long} Then 3 people left."
    assert [(f.text, f.sentence) for f in find_figures(text)] == [
        ("5%", "Prices rose 5% in May."),
        ("5 million dollars", long),
        ("3 people", "Then 3 people left."),
    ]


def test_stretches_without_a_letter_or_digit_are_not_sent_to_the_entity_model() -> None:
    assert list(ner_pieces('"' * 200_000)) == []
    # The stretch is every character from the end of "spoke" to the start of "Angela".
    text = "Joe Biden spoke " + "(" * (NO_WORDS_RUN - 2) + " Angela Merkel replied."
    assert list(ner_pieces(text)) == [(0, "Joe Biden spoke"), (15 + NO_WORDS_RUN, "Angela Merkel replied.")]
    shorter = "Joe Biden spoke " + "(" * (NO_WORDS_RUN - 3) + " Angela Merkel replied."
    assert list(ner_pieces(shorter)) == list(split_text(shorter)) == [(0, shorter)]
    prose = "The council met. " * 5_000
    assert list(ner_pieces(prose)) == list(split_text(prose))


@pytest.mark.spacy
@pytest.mark.timeout(60)
def test_names_beside_a_run_of_brackets_are_found_where_they_are() -> None:
    pytest.importorskip("spacy")
    text = "Joe Biden spoke in Paris. " + "(" * 100_000 + " Angela Merkel replied from Berlin."
    (spans,) = list(SpacyBackend().spans([text]))
    assert [(text[s:e], label) for s, e, label in spans] == [
        ("Joe Biden", "PERSON"),
        ("Paris", "GPE"),
        ("Angela Merkel", "PERSON"),
        ("Berlin", "GPE"),
    ]


@pytest.mark.timeout(60)
def test_ten_thousand_identical_records_are_one_original_and_its_copies() -> None:
    # Every one shares every LSH bucket; listing each article's bucket-mates was quadratic
    # (7,142 one-word records: 107 s in the build).
    docs = [CopyDoc(f"r{i}", "The same short record.", None, i) for i in range(10_000)]
    copy_of = find_copies(docs)
    assert copy_of["r0"] is None
    assert set(copy_of.values()) == {None, "r0"}
    assert sum(v == "r0" for v in copy_of.values()) == 9_999


def test_a_bucket_over_the_big_size_groups_as_listing_its_members_does() -> None:
    from reader.core import copies

    stories = [f"Story {k} " + " ".join(f"w{k}x{j}" for j in range(40)) for k in range(3)]
    docs = [
        CopyDoc(f"d{i}", stories[i % 3] + f" tail{i % 7}", f"2024-01-0{1 + i % 5}", i) for i in range(300)
    ]
    sets = [copies.shingles(d.text, copies.DEFAULT.k) for d in docs]
    buckets = copies.Buckets(sets)
    listed = copies.group(docs, sets, copies.candidate_pairs(sets))  # every pair listed
    assert copies.group(docs, sets, buckets) == listed
    assert len({v for v in listed.values() if v is not None}) == 3

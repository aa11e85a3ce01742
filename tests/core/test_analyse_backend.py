"""Long paragraphs reach spaCy in bounded pieces, and their entities land at the right offsets."""

from __future__ import annotations

import pytest

from reader.core.analyse.backend import _TOKEN, PIECE, PIECE_TOKENS, SpacyBackend, split_text


def test_pieces_cover_the_text_exactly_and_stay_bounded() -> None:
    text = ("The council met. " * 50 + "\n") * 200 + "x" * (PIECE * 2 + 7)  # and one unbreakable run
    pieces = list(split_text(text))
    assert "".join(p for _, p in pieces) == text
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    assert max(len(p) for _, p in pieces) <= PIECE
    # cut at line ends where there are any
    assert all(p.endswith("\n") for _, p in pieces if "\n" in p and not p.startswith("x"))


def test_text_dense_with_tokens_is_cut_by_tokens_not_only_characters() -> None:
    """200 KB of "A-A-A-..." is 200,000 tokens: in 20,000-character pieces it took 2.4 GB in spaCy."""
    dense = "He met " + "A-" * 100_000 + " today."
    pieces = list(split_text(dense))
    assert "".join(p for _, p in pieces) == dense
    assert max(len(_TOKEN.findall(p)) for _, p in pieces) <= PIECE_TOKENS
    assert len(pieces) == -(-len(_TOKEN.findall(dense)) // PIECE_TOKENS)  # full pieces, not slivers


def test_prose_is_cut_where_it_was_before_the_token_bound() -> None:
    prose = ("The council met on Monday to discuss the budget for next year. " * 40 + "\n") * 60
    assert len(prose) > 3 * PIECE
    assert list(split_text(prose)) == list(split_text(prose, tokens=10**9))


def test_a_short_or_empty_text_is_one_piece_or_none() -> None:
    assert list(split_text("Joe Biden spoke.")) == [(0, "Joe Biden spoke.")]
    assert list(split_text("")) == []


@pytest.mark.spacy
def test_entities_of_a_paragraph_longer_than_a_piece_keep_their_offsets() -> None:
    pytest.importorskip("spacy")
    sentence = "Angela Merkel spoke in Berlin on Monday. "
    long = sentence * (PIECE // len(sentence) * 3)
    texts = ["Joe Biden met Emmanuel Macron in Paris.", "", long]
    out = list(SpacyBackend().spans(texts))
    assert len(out) == 3 and out[1] == []
    assert [texts[0][s:e] for s, e, _ in out[0]] == ["Joe Biden", "Emmanuel Macron", "Paris"]
    found = {long[s:e] for s, e, _ in out[2]}
    assert {"Angela Merkel", "Berlin"} <= found
    assert max(e for _, e, _ in out[2]) > 2 * PIECE  # spans from the last piece, shifted back


def test_workers_replaced_every_few_texts_find_the_same_entities_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fresh worker processes per lot of texts (bounded vocabulary growth) change no span."""
    pytest.importorskip("spacy")
    from reader.core.analyse import backend

    sentence = "Angela Merkel spoke in Berlin on Monday. "
    texts = [
        "Joe Biden met Emmanuel Macron in Paris.",
        "",
        "Toyota opened a plant in Kentucky, said Akio Toyoda.",
        sentence * (PIECE // len(sentence) + 5),  # two pieces, cut across a lot's texts
        "The United Nations met in Geneva.",
        "",
        "Lionel Messi scored for Inter Miami in Florida.",
    ]
    one = list(SpacyBackend().spans(texts))
    monkeypatch.setattr(backend, "WORKER_TEXTS", 3)
    lots = list(SpacyBackend(n_process=2).spans(iter(texts)))
    assert lots == one
    assert [texts[0][s:e] for s, e, _ in lots[0]] == ["Joe Biden", "Emmanuel Macron", "Paris"]
    assert lots[1] == [] and lots[5] == []


def test_two_threads_never_load_a_model_at_the_same_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ahead lane and the NER stage load on two threads; their spacy.load calls must not race."""
    spacy = pytest.importorskip("spacy")
    import threading
    import time

    real_load = spacy.load
    inside = 0
    most = 0
    guard = threading.Lock()

    def slow_load(*args: object, **kwargs: object) -> object:
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.2)
        try:
            return real_load(*args, **kwargs)
        finally:
            with guard:
                inside -= 1

    monkeypatch.setattr(spacy, "load", slow_load)
    backends = [SpacyBackend(), SpacyBackend()]
    threads = [threading.Thread(target=lambda b=b: b.nlp) for b in backends]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1
    assert all("ner" in b.nlp.pipe_names for b in backends)

"""Property-based fuzzing of ingest: any bytes give drafts or one clear SourceError, never a crash.

Random bytes and structured mutations of every format Lede reads (JSONL,
CSV, HTML, RSS, Markdown, plain dumps) are written to a file and ingested.
The property: ``ingest_path`` returns, or raises :class:`SourceError` with a
one-line message naming the file; no other exception escapes, and every
paragraph kept is non-empty text from the file.

CI runs a fixed budget (FUZZ_EXAMPLES per format, derandomised so a failure
reproduces); ``LEDE_FUZZ_EXAMPLES=5000 python -m pytest tests/core/test_ingest_fuzz.py``
runs a longer hunt on demand.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import SourceError
from reader.core.ingest import ingest_path

FUZZ_EXAMPLES = int(os.environ.get("LEDE_FUZZ_EXAMPLES", "200"))

SEEDS = {
    "a.jsonl": '{"title": "Flood", "text": "Rain fell.\\nRivers rose.", "date": "2024-03-05"}\n'
    '{"title": "Budget", "text": "<p>The council <b>voted</b>.</p>"}\n',
    "a.csv": 'title,text,date\nFlood,"Rain fell. Rivers rose.",2024-03-05\nBudget,The council voted.,\n',
    "a.html": "<html><head><title>Flood - Site</title></head><body><nav>Home</nav><article><h1>Flood</h1>"
    "<p>Rain fell across the valley on Monday.</p><p>Rivers rose.</p></article></body></html>",
    "a.xml": '<?xml version="1.0"?><rss><channel><item><title>Flood</title><description>Rain fell.'
    "</description></item><item><title>Budget</title><description>The council voted.</description>"
    "</item></channel></rss>",
    "a.md": "# Flood\n\nRain fell across the valley.\n\n## Budget\n\nThe council voted *today*.\n",
    "a.txt": "Flood waters rose in the valley on Monday, officials said.\nAdvertisement\n1:01\n"
    "The council approved the budget on Tuesday.\n",
}

# Fragments that broke parsers before: markup openers, quotes, long runs, control bytes.
NASTY = st.sampled_from(
    [
        "<![",
        "<!--",
        "]]>",
        "<b>" * 50,
        '"' * 40,
        " " * 500,
        "#" * 10,
        "\x00",
        "\ufeff",
        "\r",
        "9" * 5000,
        "{",
        "}",
        "[",
        "\\",
        "&#0;",
        "&lol;",
        "<![CDATA[",
        "\u2028",
        "\udcff",
    ]
)


def _mutate(seed: str, cuts: list[tuple[int, int, str]]) -> bytes:
    text = seed
    for at, span, insert in cuts:
        i = at % (len(text) + 1)
        text = text[:i] + insert + text[i + span % 8 :]
    return text.encode("utf-8", errors="surrogatepass")


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            result = ingest_path(path)
        except SourceError as exc:
            message = str(exc)
            assert "\n" not in message and name in message
            return
        for draft in result.drafts:
            assert all(p.strip() for p in draft.paragraphs)
            assert len(draft.lines) == len(draft.paragraphs)


_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_mutated_inputs_of_every_format_give_drafts_or_one_clear_error(name: str) -> None:
    @_SETTINGS
    @given(
        st.lists(
            st.tuples(st.integers(0, 10_000), st.integers(0, 7), st.one_of(NASTY, st.text(max_size=20))),
            max_size=6,
        )
    )
    def run(cuts: list[tuple[int, int, str]]) -> None:
        _check(name, _mutate(SEEDS[name], cuts))

    run()


@pytest.mark.parametrize("suffix", [".txt", ".json", ".csv", ".html", ".xml", ".md", ".warc"])
def test_random_bytes_give_drafts_or_one_clear_error(suffix: str) -> None:
    @_SETTINGS
    @given(st.binary(max_size=2000))
    def run(data: bytes) -> None:
        _check("f" + suffix, data)

    run()

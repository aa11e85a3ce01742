"""The notes panel with 10,000 annotations: time to fill it and to filter it (on demand).

Measures, offscreen, the UI-thread work the panel does (model reset, filtering by
text, #tag, @entity and colour) with N synthetic highlights, median of repeats, and
the same filters done by SQL in the annotation store as the baseline.

    python tests/bench/bench_notes_panel.py [--n 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.core.store.annotations import AnnotationStore  # noqa: E402
from reader.ui.widgets.notes_panel import NotesPanel  # noqa: E402

WORDS = "ceasefire refugees hostages border talks minister election court report protest".split()


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        QApplication.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1)


def _set(panel: NotesPanel, text: str) -> None:
    """Type the filter and clear it again (two real refilters each time)."""
    panel.filter.setText(text)
    QApplication.processEvents()
    panel.filter.setText("")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp())
    store = AnnotationStore(tmp / "a.sqlite")
    text = " ".join(rng.choice(WORDS) for _ in range(4000))
    titles: dict[str, str] = {}
    entities: dict[int, tuple[str, ...]] = {}
    for i in range(args.n):
        aid = f"art{i % 2000}"
        titles[aid] = f"Story {i % 2000}"
        start = rng.randrange(0, len(text) - 200)
        hl = store.add_highlight(
            "src", aid, text + f" {i}", start, start + rng.randint(20, 150), rng.randint(1, 5)
        )
        if i % 3 == 0:
            hl = store.set_highlight_note(hl.id, f"note {rng.choice(WORDS)} {i}")
        if i % 5 == 0:
            store.set_highlight_tags(hl.id, [rng.choice(WORDS)])
        entities[hl.id] = (rng.choice(["Joe Biden", "Hamas", "UNHCR", "Armenia"]),)
    highlights = store.highlights("src")
    panel = NotesPanel()
    panel.resize(400, 800)
    panel.show()
    results = {
        "annotations": len(highlights),
        "store_list_all_ms": _median_ms(lambda: store.highlights("src"), args.repeat),
        "store_filter_tag_sql_ms": _median_ms(lambda: store.highlights("src", tag="talks"), args.repeat),
        "store_filter_text_sql_ms": _median_ms(lambda: store.highlights("src", text="court"), args.repeat),
        "panel_fill_ms": _median_ms(lambda: panel.set_highlights(highlights, titles, entities), args.repeat),
        "panel_filter_text_ms": _median_ms(lambda: _set(panel, "court"), args.repeat),
        "panel_filter_tag_ms": _median_ms(lambda: _set(panel, "#talks"), args.repeat),
        "panel_filter_entity_ms": _median_ms(lambda: _set(panel, "@biden"), args.repeat),
        "panel_filter_colour_ms": _median_ms(
            lambda: (panel.color.setCurrentIndex(3), panel.color.setCurrentIndex(0)), args.repeat
        ),
    }
    print(json.dumps(results, indent=1))
    store.close()
    del app


if __name__ == "__main__":
    main()

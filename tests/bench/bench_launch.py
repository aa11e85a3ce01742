"""Launch-to-window time, measured from outside as a user sees it (on demand).

Starts Xvfb + openbox, then launches ``python -m reader SOURCE`` N times and times
process start → a visible window titled "Lede…" (xdotool --sync), and → the window
title naming an article (the list is loaded and the first article readable).
The baseline measured in the same run is a bare PySide6 QMainWindow, so the ratio
shows what Lede adds on top of Qt itself.

    python tests/bench/bench_launch.py [--source FILE] [--runs 7] [--readers]

``--readers`` also times the desktop readers of :data:`READERS` that are installed
(``apt-get install quiterss``), each the same way, for the issue's comparison.

The programs take turns (bare Qt, Lede, each reader, then again), so a change in the
machine's load touches them all alike. Python runs with its bytecode cache as a user's
does (``PYTHONDONTWRITEBYTECODE`` is dropped: the warm-up launch writes the ``.pyc`` files).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.e2e.xsession import XSession, missing_tools  # noqa: E402

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.setWindowTitle("Lede bare"); w.resize(1280, 800); w.show()
app.exec()
"""


# Desktop readers timed the same way when installed (``--readers``): executable, arguments,
# and a pattern for their main window's title. Each gets its own HOME, warmed by one launch.
# RSS Guard 4.0.4 (Debian) is not listed: it embeds Chromium, which will not start as root
# without QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox, and even then its main window never
# became visible to this harness within 60 s (first-run account dialog, single instance).
READERS = {
    "QuiteRSS": (["quiterss"], "QuiteRSS"),
}
READER_ENV: dict[str, str] = {}


def _time_window(
    x: XSession,
    argv: list[str],
    want_article: bool,
    *,
    name: str = "^Lede",
    env: dict[str, str] | None = None,
) -> tuple[float, float | None]:
    env = {k: v for k, v in (env or x.env()).items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # poll ourselves: `xdotool search --sync` sleeps half a second between tries
        deadline = start + 60
        while time.perf_counter() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", name], env=x.env(), capture_output=True
            )
            if found.stdout.strip():
                break
            time.sleep(0.005)
        shown = time.perf_counter() - start
        readable = None
        if want_article:
            wid = x.window_id()
            while time.perf_counter() < start + 120 and not x.title(wid).startswith("Lede — "):
                time.sleep(0.005)
            readable = time.perf_counter() - start
        return shown, readable
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _reader_env(x: XSession, home: str) -> dict[str, str]:
    """A desktop reader's own HOME, so its settings and feeds are its first-run defaults."""
    return {
        **x.env(),
        "HOME": home,
        "XDG_CONFIG_HOME": f"{home}/.config",
        "XDG_DATA_HOME": f"{home}/.local/share",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(REPO / "resources" / "sample-news.txt"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--readers", action="store_true", help="also time the installed desktop readers")
    args = parser.parse_args()
    if missing_tools():
        sys.exit(f"needs {', '.join(missing_tools())}")
    readers = (
        {label: spec for label, spec in READERS.items() if shutil.which(spec[0][0])} if args.readers else {}
    )
    lede_argv = [sys.executable, "-m", "reader", args.source]
    with XSession() as x, tempfile.TemporaryDirectory() as homes:
        subprocess.run(
            [sys.executable, "-m", "reader", "index", args.source], check=True, capture_output=True
        )
        _time_window(x, lede_argv, True)  # warm the OS file cache and write the bytecode cache
        for label, (argv, title) in readers.items():  # each reader's first run makes its profile
            _time_window(x, argv, False, name=title, env=_reader_env(x, f"{homes}/{label}"))
        bare: list[float] = []
        lede: list[tuple[float, float | None]] = []
        reader_times: dict[str, list[float]] = {label: [] for label in readers}
        for _ in range(args.runs):  # take turns: a change in load touches every program alike
            bare.append(_time_window(x, [sys.executable, "-c", BARE], False)[0])
            lede.append(_time_window(x, lede_argv, True))
            for label, (argv, title) in readers.items():
                env = _reader_env(x, f"{homes}/{label}")
                reader_times[label].append(_time_window(x, argv, False, name=title, env=env)[0])
    readers_median = {label: round(statistics.median(t), 3) for label, t in reader_times.items()}
    shown = [s for s, _ in lede]
    readable = [r for _, r in lede if r is not None]
    result = {
        "source": args.source,
        "runs": args.runs,
        "bare_qt_window_median_s": round(statistics.median(bare), 3),
        "lede_window_shown_median_s": round(statistics.median(shown), 3),
        "lede_first_article_readable_median_s": round(statistics.median(readable), 3),
        "ratio_shown_vs_bare_qt": round(statistics.median(shown) / statistics.median(bare), 2),
        "readers_window_shown_median_s": readers_median,
        "ratio_shown_vs_readers": {
            k: round(statistics.median(shown) / v, 2) for k, v in readers_median.items()
        },
    }
    print(json.dumps(result, indent=1))
    print(f"{'':34}{'median s':>10}")
    print(f"{'bare PySide6 window':34}{result['bare_qt_window_median_s']:>10}")
    print(f"{'Lede window shown (warm)':34}{result['lede_window_shown_median_s']:>10}")
    print(f"{'Lede first article readable':34}{result['lede_first_article_readable_median_s']:>10}")
    for label, median in readers_median.items():
        print(f"{label + ' window shown':34}{median:>10}")


if __name__ == "__main__":
    main()

"""The README's screenshots, taken from the real app on the bundled sample (run by hand).

    python -m tests.e2e.screenshots [OUT_DIR]     (default: resources/)

For each theme, a fresh profile (its own XDG folders, the theme in its settings) under
Xvfb + openbox, driven with xdotool as a user would: the reader with a highlight, the
command palette open on a query, and the entity sidebar focused on a quote. Each shot is
of the window alone, reduced to 256 colours without dithering (``convert +dither -colors
256``; dithering speckles the focus bar's tint) to stay small. Look at every one before
committing it: the script cannot tell a good shot from a bad one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.xsession import XSession, missing_tools

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "sample-news.txt"
WIDTH, HEIGHT = 1400, 880  # the window's client area


def _profile(root: Path, theme: str) -> dict[str, str]:
    """XDG folders of a first-run user whose only setting is ``theme``."""
    env = {name: str(root / name.lower()) for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    code = f"from reader import paths; print(paths.config_dir() / {'settings.json'!r})"
    settings = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, check=True
    ).stdout.strip()
    Path(settings).parent.mkdir(parents=True, exist_ok=True)
    Path(settings).write_text(json.dumps({"version": 1, "theme": theme}), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "reader", "index", str(SAMPLE)], env={**os.environ, **env}, check=True
    )
    return env


def _shot(x: XSession, wid: str, path: Path) -> None:
    """The window's client area, read from the screen (``-screen``: the palette overlay is in it)."""
    raw = path.with_suffix(".raw.png")
    subprocess.run(
        ["import", "-display", x.display, "-screen", "-window", wid, str(raw)], check=True, timeout=30
    )
    subprocess.run(["convert", str(raw), "+dither", "-colors", "256", str(path)], check=True)
    raw.unlink()
    print(f"{path} {path.stat().st_size // 1024} KB")


def take(theme: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as root, XSession(WIDTH + 100, HEIGHT + 100) as x:
        env = _profile(Path(root), theme)
        x.launch([str(SAMPLE)], env)
        wid = x.window_id()
        x.wait_title(wid, lambda t: t.startswith("Lede — "), timeout=120)
        x.xdotool("windowsize", "--sync", wid, str(WIDTH), str(HEIGHT))
        x.xdotool("windowmove", "--sync", wid, "0", "0")
        x.focus(wid)
        time.sleep(2)  # the sidebar's entities land after the article
        # the reader: the second article, a yellow highlight, the focus bar two paragraphs on
        x.key("j")
        time.sleep(1)
        x.key("Down", "Down", "1", "Down", "Down")
        time.sleep(1)
        _shot(x, wid, out / f"screenshot-reader-{theme}.png")
        # the command palette, on a query that matches actions and titles
        x.key("ctrl+k")
        x.type("high")
        time.sleep(1)
        _shot(x, wid, out / f"screenshot-palette-{theme}.png")
        x.key("Escape")
        # the entity sidebar focused, a quote selected (the focused row shows it whole)
        x.key("e")
        x.key(*["Down"] * 24)
        time.sleep(1)
        _shot(x, wid, out / f"screenshot-sidebar-{theme}.png")


def main() -> None:
    if missing_tools():
        sys.exit(f"needs {', '.join(missing_tools())}")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "resources"
    out.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        take(theme, out)


if __name__ == "__main__":
    main()

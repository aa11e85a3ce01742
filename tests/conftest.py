"""Test-wide set-up: Qt runs offscreen, and every run gets its own XDG folders so
tests never touch (or depend on) a developer's real annotations or caches."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_ROOT = Path(tempfile.mkdtemp(prefix="lede-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_ROOT / _name.lower())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "resources" / "sample-news.txt"
SHARED = REPO.parent / "shared"

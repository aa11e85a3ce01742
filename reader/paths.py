"""Where Lede keeps things, through appdirs (which honours the XDG_* variables).

* data dir: ``annotations.sqlite`` -- precious, the user's highlights and notes.
* cache dir: one folder per source with the catalog and the Whoosh index -- rebuildable.
* config dir: user settings such as remapped keys.

All path logic lives here so a change of policy is one file.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import appdirs

APP_NAME = "lede"
APP_AUTHOR = "Lede"


def data_dir() -> Path:
    """The folder for annotations; created on first use."""
    path = Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """The folder for derived data (index, catalog); safe to delete."""
    path = Path(appdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The folder for settings (remapped keys, theme)."""
    path = Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def annotations_db() -> Path:
    return data_dir() / "annotations.sqlite"


def source_key(source: Path) -> str:
    """A short stable key for a source path; annotations and caches are keyed by it."""
    resolved = str(Path(source).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]


def source_cache_dir(source: Path) -> Path:
    """The cache folder of one source (holds ``current/`` and in-progress builds)."""
    path = cache_dir() / "sources" / source_key(source)
    path.mkdir(parents=True, exist_ok=True)
    return path


def resource(name: str) -> Path:
    """A file from ``resources/``: in a checkout, an installed prefix, or a frozen bundle."""
    here = Path(__file__).resolve().parent
    candidates = (
        here.parent / "resources" / name,  # source checkout / editable install
        Path(sys.prefix) / "share" / "lede" / name,  # `pip install .` (data-files)
        here / "resources" / name,  # frozen (PyInstaller) layout
    )
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def bundled_sample() -> Path:
    """The sample dump shipped in ``resources/``, opened when no source is given."""
    return resource("sample-news.txt")


def links_socket() -> str:
    """The local socket where an open window takes ``lede://`` links from later launches (one per user)."""
    import getpass

    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    return f"lede-links-{user}"

"""Which ``build-*`` folders of a source cache are leftovers, and their removal.

A killed build leaves its half-written folder behind; the next build sweeps every folder
that is neither the published one nor being written right now by a live process (its
folder name carries the writer's pid, and a finished build has a manifest).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.core.cache_check import read_pointer

__all__ = ["remove_stale_builds"]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_builds(cache: Path) -> None:
    """Delete build folders that are neither current nor being written by a live process."""
    current = read_pointer(cache)[0]
    for folder in cache.glob("build-*"):
        if current is not None and folder.name == current.name:
            continue
        try:
            pid = int(folder.name.split("-")[1])
        except (IndexError, ValueError):
            pid = -1
        if pid != os.getpid() and pid > 0 and _pid_alive(pid) and not (folder / "manifest.json").exists():
            continue  # another live build is writing it
        shutil.rmtree(folder, ignore_errors=True)

"""Is the published build usable? And what one line tells the user why a build failed?

The cache dir is rebuildable, so a damaged pointer, catalog or index is never an
error the user has to fix: the build notices it at open and builds afresh. The
checks here are the cheap ones that decide that, run on every open:

* the ``CURRENT`` pointer decodes and names a ``build-*`` folder with a complete manifest;
* the catalog opens (schema version), its article rows can be listed, and their
  number is the manifest's;
* the files the build wrote still have the sizes it recorded (a truncated or
  extended file: one ``stat`` each, no read);
* the Whoosh index opens, holds as many documents as the catalog has articles, and
  answers a probe query from the first and last articles (which reads postings and
  stored fields, where damage otherwise shows only at search time).

A build that fails is reported as one line (:func:`failure_line`): an ``OSError``
anywhere in the cause chain (ENOSPC above all), or the last line a forked writer
printed before dying, which :class:`ChildStderr` collects instead of letting a raw
traceback reach the terminal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from reader.core.errors import LedeError

POINTER = "CURRENT"
MANIFEST = "manifest.json"
# Manifest stages a published build may carry ("searchable": analysis still to come).
PUBLISHED_STAGES = ("searchable", "complete")
_BUILD_NAME = re.compile(r"build-[0-9]+-[0-9]+")
# Index files Whoosh never rewrites once a segment is written: MAIN_<segment>.<ext>.
# The table of contents (_MAIN_<n>.toc) and the write lock are rewritten, so not recorded.
_SEGMENT_FILE = re.compile(r"MAIN_[0-9a-z]+\.")


def read_pointer(cache: Path) -> tuple[Path | None, str | None]:
    """(published build folder, None), (None, None) before any build, or (None, what is wrong)."""
    import json

    pointer = cache / POINTER
    try:
        raw = pointer.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"its pointer {pointer} cannot be read ({exc.strerror or exc})"
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None, f"its pointer {pointer} is not text"
    if not _BUILD_NAME.fullmatch(name):
        return None, f"its pointer {pointer} names no build"
    folder = cache / name
    if not folder.is_dir():
        return None, f"the published build {name} is missing"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, f"the manifest of {name} is missing or unreadable"
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("sha256"), str)
        and isinstance(manifest.get("articles"), int)
        and manifest.get("stage") in PUBLISHED_STAGES
    ):
        return None, f"the manifest of {name} is incomplete"
    return folder, None


def recorded_sizes(folder: Path) -> dict[str, int]:
    """Sizes of the files a finished build will not change again, for the manifest."""
    sizes: dict[str, int] = {}
    catalog = folder / "catalog.sqlite"
    if catalog.exists() and not (folder / "catalog.sqlite-wal").exists():
        sizes["catalog.sqlite"] = catalog.stat().st_size
    index = folder / "index"
    if index.is_dir():
        for path in index.iterdir():
            if _SEGMENT_FILE.match(path.name):
                sizes[f"index/{path.name}"] = path.stat().st_size
    return sizes


def _sizes_problem(folder: Path, sizes: dict[str, Any]) -> str | None:
    """A recorded file that changed size, or vanished while the rest of its segment is still there.

    A segment merged away by a later note's commit takes all its files with it; a lone
    missing file means damage.
    """
    present = {p.name for p in (folder / "index").iterdir()} if (folder / "index").is_dir() else set()
    for rel, size in sizes.items():
        path = folder / rel
        try:
            actual = path.stat().st_size
        except FileNotFoundError:
            segment = path.name.split(".", 1)[0] + "."
            if rel.startswith("index/") and not any(n.startswith(segment) for n in present):
                continue
            return f"{rel} is missing"
        except OSError as exc:
            return f"{rel} cannot be read ({exc.strerror or exc})"
        if actual != size:
            return f"{rel} has {actual:,} bytes, the build wrote {size:,}"
    return None


def build_problem(folder: Path, manifest: dict[str, Any]) -> str | None:
    """What makes a published build unusable, or None. Cheap: no full scan of anything."""
    from reader.core.store.catalog import Catalog

    expected = manifest.get("articles")
    if manifest.get("stage") == "complete":
        problem = _sizes_problem(folder, manifest.get("files") or {})
        if problem is not None:
            return problem
    try:
        with Catalog(folder / "catalog.sqlite", readonly=True) as catalog:
            ids = catalog.article_ids()
            probes = [
                a.title for a in (catalog.article(i) for i in {ids[0], ids[-1]} if ids) if a is not None
            ]
    except LedeError as exc:
        return f"the catalog is unreadable ({_first_line(exc)})"
    except Exception as exc:  # sqlite3 or json inside a damaged row
        return f"the catalog is unreadable ({type(exc).__name__}: {_first_line(exc)})"
    if len(ids) != expected:
        return f"the catalog has {len(ids)} articles, the manifest {expected}"
    return _index_problem(folder / "index", len(ids), probes)


def _index_problem(directory: Path, expected: int, titles: list[str]) -> str | None:
    from reader.core.search import SearchIndex

    if not directory.is_dir():
        return "the search index is missing"
    try:
        index = SearchIndex(directory)
    except Exception as exc:
        return f"the search index is unreadable ({_first_line(exc)})"
    try:
        count = index.doc_count()
        if count != expected:
            return f"the search index has {count} articles, the catalog {expected}"
        # Only a failure to read counts: an empty answer could be the analyzer's doing, and
        # a false alarm here would rebuild the library on every open.
        for word in filter(None, map(probe_word, titles)):
            index.search(word, limit=1, snippets=1)
    except Exception as exc:
        return f"the search index is unreadable ({type(exc).__name__}: {_first_line(exc)})"
    finally:
        with contextlib.suppress(Exception):
            index.close()
    return None


def probe_word(title: str) -> str:
    """The longest plain word of a title: a query that must hit its own article."""
    words = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) > 3]
    return max(words, key=len).lower() if words else ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------------------- failure lines

_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_DISK_FULL_WORDS = ("no space left on device", "database or disk is full", "disk quota exceeded")


def os_error_in(exc: BaseException | None) -> OSError | None:
    """The first OSError in ``exc``'s cause/context chain (wrapped errors hide it)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _chain_text(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        parts.append(str(cur))
        cur = cur.__cause__ or cur.__context__
    return " ".join(parts)


def failure_line(
    exc: BaseException, cache: Path, *, kept: bool, children: str = "", tail: str | None = None
) -> str:
    """One line for a failed build: what went wrong, where, and what the user now has."""
    if tail is None:
        tail = "the previous library is still in use" if kept else "no library could be built"
    oserr = os_error_in(exc)
    text = f"{_chain_text(exc)} {children}".casefold()
    if (oserr is not None and oserr.errno in _DISK_FULL) or any(w in text for w in _DISK_FULL_WORDS):
        return f"disk full while building the index in {cache}; {tail}"
    if oserr is not None:
        return f"cannot write the index in {cache} ({oserr.strerror or oserr}); {tail}"
    last = children.strip().splitlines()[-1] if children.strip() else _first_line(exc)
    return f"building the index in {cache} failed ({last}); {tail}"


class ChildStderr:
    """Collect what forked writer processes print, instead of letting it reach the terminal.

    A forked child inherits ``sys.stderr``; pointed at a pipe that a thread here drains,
    a writer's dying traceback becomes text the build turns into one line. The pipe
    needs no disk (the usual reason the writer died). Whatever the children print when
    the build succeeds anyway is passed on unchanged.
    """

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._saved: TextIO | None = None
        self._write: TextIO | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ChildStderr:
        read_fd, write_fd = os.pipe()
        self._thread = threading.Thread(target=self._drain, args=(read_fd,), daemon=True)
        self._thread.start()
        self._write = os.fdopen(write_fd, "w", encoding="utf-8", errors="replace", buffering=1)
        self._saved = sys.stderr
        self._saved.flush()
        sys.stderr = self._write
        return self

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            for chunk in iter(lambda: pipe.read1(65536), b""):
                self._chunks.append(chunk)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._saved is not None and self._write is not None and self._thread is not None
        sys.stderr = self._saved
        self._write.close()
        # A child that outlives the build keeps the pipe open: wait only briefly for it.
        self._thread.join(timeout=2.0)
        if kind is None and self.text:
            self._saved.write(self.text)

    @property
    def text(self) -> str:
        return b"".join(self._chunks).decode("utf-8", "replace")

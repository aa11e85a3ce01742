"""The user's settings: remapped keys, look, reading behaviour and recent sources.

Pure Python (no Qt), so ``lede keys`` can print the user's effective bindings
without starting a window, and the store can be tested headless.

The file is ``<config dir>/settings.json``. Only what differs from the defaults is
written -- for keys, only the actions the user rebound (the Frescobaldi habit) --
so a later release can improve a default and every user who never touched it gets
the improvement. Writes are atomic (a crash leaves the old file or the new one).
A file that cannot be parsed is never overwritten silently: it is renamed to
``settings.json.corrupt-<timestamp>`` so nothing the user wrote by hand is lost,
the defaults are used, and :attr:`Settings.notice` says what happened so the
window can tell the user once.

Top-level entries this version does not know are kept and written back, so an
older Lede never erases what a newer one stored.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import paths
from reader.core.atomic import write_text_atomic
from reader.keymap import ACTIONS, BY_ID

FILE_NAME = "settings.json"
FORMAT_VERSION = 1
THEMES: tuple[str, ...] = ("system", "light", "dark")
MAX_RECENT = 10

FONT_SIZE_RANGE = (6.0, 48.0)
LINE_WIDTH_RANGE = (0, 400)
MARK_READ_RANGE = (0, 24 * 3600)
READ_ALOUD_RATE_RANGE = (0.5, 2.0)  # multiples of the speech engine's normal speed

# The fields that are written to the file, in file order (``path``/``notice`` are runtime only).
_PERSISTED = (
    "keys",
    "theme",
    "font_family",
    "font_size",
    "line_width",
    "mark_read_after_seconds",
    "read_aloud_rate",
    "recent_sources",
    "last_source",
)

_MODIFIERS = {"meta": "Meta", "ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "shift": "Shift"}
_MODIFIER_ORDER = ("Meta", "Ctrl", "Alt", "Shift")  # the order QKeySequence's PortableText uses
_NAMED_KEYS = {
    name.lower(): name
    for name in (
        "Esc", "Tab", "Backtab", "Backspace", "Return", "Enter", "Ins", "Del", "Pause", "Print",
        "Home", "End", "Left", "Up", "Right", "Down", "PgUp", "PgDown", "Space", "Menu", "Help",
    )
}  # fmt: skip
_NAMED_KEYS.update(
    {"escape": "Esc", "insert": "Ins", "delete": "Del", "pageup": "PgUp", "pagedown": "PgDown"}
)


def default_path() -> Path:
    """Where the settings live unless a test or a caller says otherwise."""
    return paths.config_dir() / FILE_NAME


def normalize_key(key: str) -> str:
    """One spelling per key chord, the one ``QKeySequence.toString(PortableText)`` gives.

    Settings are compared with the keymap's defaults (to save only changes) and with
    each other (to find conflicts) as strings, so ``ctrl+shift+l``, ``Shift+Ctrl+L``
    and ``Ctrl+Shift+L`` must all become the same string. Returns ``""`` for blank input.
    """
    key = key.strip()
    if not key:
        return ""
    if key == "+":
        return "+"
    if key.endswith("++"):
        mods_part, last = key[:-2], "+"
    else:
        mods_part, _, last = key.rpartition("+")
    last = last.strip()
    mods: list[str] = []
    extra: list[str] = []
    for token in (t.strip() for t in mods_part.split("+") if t.strip()):
        canonical = _MODIFIERS.get(token.lower())
        if canonical is None:
            extra.append(token)  # not a modifier we know: keep it rather than guess
        elif canonical not in mods:
            mods.append(canonical)
    mods.sort(key=_MODIFIER_ORDER.index)
    if len(last) == 1:
        last = last.upper()
    elif last.lower() in _NAMED_KEYS:
        last = _NAMED_KEYS[last.lower()]
    elif last[:1] in "fF" and last[1:].isdigit():
        last = "F" + last[1:]
    return "+".join([*mods, *extra, last])


def normalize_keys(keys: Sequence[str]) -> tuple[str, ...]:
    """Normalised, blank entries dropped, duplicates dropped, order kept (the first is the primary)."""
    out: list[str] = []
    for k in keys:
        n = normalize_key(k)
        if n and n not in out:
            out.append(n)
    return tuple(out)


def conflicts(keys_map: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Keys bound to more than one action that can fire in the same place: key → action ids.

    Two reader-only actions clash with each other, and a window-wide action clashes
    with anything (Qt would see an ambiguous shortcut and run neither). Action ids not
    in the keymap are ignored. Ids are listed in keymap order so messages are stable.
    """
    order = {spec.id: i for i, spec in enumerate(ACTIONS)}
    by_key: dict[str, list[str]] = {}
    for action_id in sorted((a for a in keys_map if a in BY_ID), key=order.__getitem__):
        for key in normalize_keys(keys_map[action_id]):
            by_key.setdefault(key, []).append(action_id)
    result: dict[str, list[str]] = {}
    for key, ids in by_key.items():
        clashing: list[str] = []
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                ca, cb = BY_ID[a].context, BY_ID[b].context
                if ca == cb or "window" in (ca, cb):
                    clashing.extend(x for x in (a, b) if x not in clashing)
        if len(clashing) > 1:
            result[key] = sorted(clashing, key=order.__getitem__)
    return result


@dataclass
class Settings:
    """The settings store. Construct with :meth:`load`; change fields; call :meth:`save`."""

    keys: dict[str, list[str]] = field(default_factory=dict)
    theme: str = "system"
    font_family: str = ""
    font_size: float = 13.0
    line_width: int = 0
    mark_read_after_seconds: int = 0
    read_aloud_rate: float = 1.0
    recent_sources: list[str] = field(default_factory=list)
    last_source: str = ""
    path: Path | None = field(default=None, compare=False, repr=False)
    notice: str = field(default="", compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # ------------------------------------------------------------------ file
    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read the settings; a missing file gives defaults, an unreadable one is kept aside."""
        path = Path(path) if path is not None else default_path()
        settings = cls(path=path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return settings
        except OSError as exc:
            settings.notice = (
                f"Could not read the settings file {path} ({exc.strerror or exc}); using defaults."
            )
            return settings
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("the file does not hold a JSON object")
        except (UnicodeDecodeError, ValueError) as exc:
            kept = _keep_aside(path)
            where = f"it was kept as {kept.name}" if kept else "it could not be moved aside"
            settings.notice = (
                f"The settings file was unreadable ({_short(exc)}); {where}, and defaults are used."
            )
            return settings
        problems = settings._apply(data)
        if problems:
            settings.notice = (
                "Some settings were invalid and their defaults are used: " + ", ".join(problems) + "."
            )
        return settings

    def save(self, path: Path | None = None) -> Path:
        """Write the non-default settings atomically; returns the file written."""
        target = Path(path) if path is not None else (self.path or default_path())
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        write_text_atomic(target, text)
        self.path = target
        return target

    def to_dict(self) -> dict[str, Any]:
        """What goes into the file: the version, unknown entries kept, and only non-defaults."""
        defaults = Settings()
        out: dict[str, Any] = {"version": FORMAT_VERSION}
        out.update({k: v for k, v in self.extra.items() if k not in _PERSISTED and k != "version"})
        for name in _PERSISTED:
            value = getattr(self, name)
            if name == "keys":
                value = self._changed_keys()
            if value != getattr(defaults, name):
                out[name] = deepcopy(value)
        return out

    def copy(self) -> Settings:
        """An independent copy (a dialog edits one and only hands it back on OK)."""
        return deepcopy(self)

    def update_from(self, other: Settings) -> None:
        """Take every persisted value of ``other`` (so callers holding this object see the change)."""
        for name in _PERSISTED:
            setattr(self, name, deepcopy(getattr(other, name)))

    # ------------------------------------------------------------------ keys
    def effective_keys(self) -> dict[str, tuple[str, ...]]:
        """Every action's keys: the keymap's defaults with the user's changes on top."""
        out: dict[str, tuple[str, ...]] = {}
        for spec in ACTIONS:
            stored = self.keys.get(spec.id)
            out[spec.id] = normalize_keys(stored) if stored is not None else spec.keys
        return out

    def set_keys(self, action_id: str, keys: Sequence[str]) -> None:
        """Bind ``keys`` (may be empty: unbound); storing nothing when they equal the defaults."""
        spec = BY_ID.get(action_id)
        if spec is None:
            raise KeyError(f"unknown action {action_id!r}")
        if isinstance(keys, str):
            keys = [keys]
        normalized = normalize_keys(keys)
        if normalized == spec.keys:
            self.keys.pop(action_id, None)
        else:
            self.keys[action_id] = list(normalized)

    def reset_keys(self, action_id: str | None = None) -> None:
        """Back to the default keys for one action, or for all when ``action_id`` is None."""
        if action_id is None:
            self.keys.clear()
        else:
            self.keys.pop(action_id, None)

    def conflicts(self) -> dict[str, list[str]]:
        """The clashes among the effective keys (see :func:`conflicts`)."""
        return conflicts(self.effective_keys())

    # ------------------------------------------------------------------ other
    def add_recent(self, path: str | os.PathLike[str]) -> None:
        """Put a source first in the recent list (absolute path, no duplicates, at most 10)."""
        entry = str(Path(path).expanduser().resolve())
        self.recent_sources = [entry, *(p for p in self.recent_sources if p != entry)][:MAX_RECENT]

    def wants_dark(self, system_dark: bool) -> bool:
        """Whether to draw dark, given what the desktop prefers (only asked for ``"system"``)."""
        return self.theme == "dark" or (self.theme == "system" and system_dark)

    # ------------------------------------------------------------------ internals
    def _changed_keys(self) -> dict[str, list[str]]:
        """Stored overrides minus any that equal the defaults, in keymap order (unknown ids last)."""
        order = {spec.id: i for i, spec in enumerate(ACTIONS)}
        out: dict[str, list[str]] = {}
        for action_id in sorted(self.keys, key=lambda a: (order.get(a, len(order)), a)):
            keys = normalize_keys(self.keys[action_id])
            spec = BY_ID.get(action_id)
            if spec is None or keys != spec.keys:
                out[action_id] = list(keys)
        return out

    def _apply(self, data: Mapping[str, Any]) -> list[str]:
        """Take valid values from a parsed file; return the names of the ones that were not."""
        problems: list[str] = []
        self.extra = {k: v for k, v in data.items() if k not in _PERSISTED and k != "version"}

        keys = data.get("keys", {})
        if isinstance(keys, dict):
            for action_id, value in keys.items():
                if isinstance(value, list) and all(isinstance(k, str) for k in value):
                    self.keys[str(action_id)] = list(normalize_keys(value))
                else:
                    problems.append(f"keys of {action_id}")
            self.keys = self._changed_keys()
        else:
            problems.append("keys")

        theme = data.get("theme", self.theme)
        if theme in THEMES:
            self.theme = theme
        else:
            problems.append("theme")

        family = data.get("font_family", self.font_family)
        if isinstance(family, str):
            self.font_family = family
        else:
            problems.append("font_family")

        size = data.get("font_size", self.font_size)
        if _is_number(size) and FONT_SIZE_RANGE[0] <= size <= FONT_SIZE_RANGE[1]:
            self.font_size = float(size)
        else:
            problems.append("font_size")

        for name, (low, high) in (
            ("line_width", LINE_WIDTH_RANGE),
            ("mark_read_after_seconds", MARK_READ_RANGE),
        ):
            value = data.get(name, getattr(self, name))
            if _is_number(value) and float(value).is_integer() and low <= value <= high:
                setattr(self, name, int(value))
            else:
                problems.append(name)

        rate = data.get("read_aloud_rate", self.read_aloud_rate)
        if _is_number(rate) and READ_ALOUD_RATE_RANGE[0] <= rate <= READ_ALOUD_RATE_RANGE[1]:
            self.read_aloud_rate = float(rate)
        else:
            problems.append("read_aloud_rate")

        recent = data.get("recent_sources", [])
        if isinstance(recent, list) and all(isinstance(p, str) for p in recent):
            seen: list[str] = []
            for p in recent:
                if p and p not in seen:
                    seen.append(p)
            self.recent_sources = seen[:MAX_RECENT]
        else:
            problems.append("recent_sources")

        last = data.get("last_source", "")
        if isinstance(last, str):
            self.last_source = last
        else:
            problems.append("last_source")
        return problems


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text[:120]


def _keep_aside(path: Path) -> Path | None:
    """Rename an unreadable settings file so it is neither lost nor read again."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target

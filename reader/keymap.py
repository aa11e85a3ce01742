"""Every user action in one table: stable id, text, default keys, where it applies.

Pure data with no Qt import, so ``lede keys`` and the documentation can print the
same table the window binds. ``reader.ui.actions`` turns it into QActions; a user's
remapped keys are stored as differences from these defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    keys: tuple[str, ...]
    group: str
    context: str = "window"  # "window": anywhere in the window; "reader": only in the reader pane


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next_article", "Next article", ("J", "Alt+Down"), "Navigate"),
    ActionSpec("prev_article", "Previous article", ("K", "Alt+Up"), "Navigate"),
    ActionSpec("focus_down", "Move focus bar down", ("Down",), "Navigate", "reader"),
    ActionSpec("focus_up", "Move focus bar up", ("Up",), "Navigate", "reader"),
    ActionSpec("extend_down", "Extend focus by a sentence", ("Shift+Down",), "Navigate", "reader"),
    ActionSpec("extend_up", "Shrink/extend focus upward by a sentence", ("Shift+Up",), "Navigate", "reader"),
    ActionSpec("page_down", "Page down (next unread at the end)", ("Space",), "Navigate", "reader"),
    ActionSpec("page_up", "Page up", ("Shift+Space",), "Navigate", "reader"),
    ActionSpec("next_unread", "Mark read, next unread article", ("Shift+J",), "Navigate"),
    ActionSpec("history_back", "Back to the previous article", ("Alt+Left",), "Navigate"),
    ActionSpec("history_forward", "Forward again", ("Alt+Right",), "Navigate"),
    ActionSpec("next_mention", "Next mention of the entity", ("]",), "Navigate"),
    ActionSpec("prev_mention", "Previous mention of the entity", ("[",), "Navigate"),
    ActionSpec("focus_list", "Focus the article list", ("Alt+1",), "Panes"),
    ActionSpec("focus_reader", "Focus the reader", ("Alt+2",), "Panes"),
    ActionSpec("focus_sidebar", "Focus the entity sidebar", ("E", "Alt+3"), "Panes"),
    ActionSpec("toggle_sidebar", "Show/hide the entity sidebar", ("Ctrl+\\",), "Panes"),
    ActionSpec("toggle_notes", "Show/hide the notes panel", ("Ctrl+Shift+A",), "Panes"),
    ActionSpec("toggle_watchlist", "Show/hide the watchlist", ("Ctrl+Shift+W",), "Panes"),
    ActionSpec("distraction_free", "Distraction-free reading", ("F11", "Ctrl+Shift+F"), "Panes"),
    ActionSpec("cycle_filter", "List filter: all / unread / starred / with notes", ("F",), "Panes"),
    ActionSpec("hide_copies", "Show/hide wire copies in the list", ("Shift+V",), "Panes"),
    ActionSpec("escape", "Back to the reader", ("Esc",), "Panes"),
    ActionSpec("highlight", "Highlight focus or selection", ("H",), "Annotate"),
    ActionSpec("highlight_1", "Highlight in colour 1 (yellow)", ("1",), "Annotate"),
    ActionSpec("highlight_2", "Highlight in colour 2 (blue)", ("2",), "Annotate"),
    ActionSpec("highlight_3", "Highlight in colour 3 (green)", ("3",), "Annotate"),
    ActionSpec("highlight_4", "Highlight in colour 4 (orange)", ("4",), "Annotate"),
    ActionSpec("highlight_5", "Highlight in colour 5 (purple)", ("5",), "Annotate"),
    ActionSpec("remove_highlight", "Remove highlight", ("Shift+H",), "Annotate"),
    ActionSpec("note", "Note on the focused highlight", ("N",), "Annotate"),
    ActionSpec("article_note", "Note on the article", ("Shift+N",), "Annotate"),
    ActionSpec("tag", "Tag the focused highlight", ("T",), "Annotate"),
    ActionSpec("quotes_by", "All quotes by the selected entity", ("Q",), "Annotate"),
    ActionSpec("dossier", "Open the selected entity's dossier", ("D",), "Annotate"),
    ActionSpec("rename_entity", "Rename the selected entity…", ("F2",), "Annotate"),
    ActionSpec("merge_entity", "Merge the selected entity into…", ("Ctrl+M",), "Annotate"),
    ActionSpec("split_entity", "Split a merged name out of the entity…", ("Ctrl+Shift+M",), "Annotate"),
    ActionSpec("hide_entity", "Not an entity: hide it", ("Ctrl+D",), "Annotate"),
    # the read rule, stated where people look for it (the ? sheet, `lede keys`): see
    # reader_pane.END_SEEN_MS; Preferences can add "read after N seconds open"
    ActionSpec(
        "cut_here", "A new article starts at the focused paragraph", ("Ctrl+Return",), "Annotate", "reader"
    ),
    ActionSpec(
        "join_previous", "This article goes on from the one before", ("Ctrl+Backspace",), "Annotate", "reader"
    ),
    ActionSpec("next_doubt", "Next doubtful break between articles (check the cut)", ("B",), "Annotate"),
    ActionSpec("prev_doubt", "Previous doubtful break between articles", ("Shift+B",), "Annotate"),
    ActionSpec(
        "settle_doubt", "The doubtful break here is right: settle it, go to the next", ("X",), "Annotate"
    ),
    ActionSpec("toggle_read", "Toggle read (read once its end has been on screen 2 s)", ("U",), "Annotate"),
    ActionSpec("toggle_star", "Toggle star", ("S",), "Annotate"),
    ActionSpec("search", "Search the library", ("/",), "Search"),
    ActionSpec("save_search", "Save the current search…", ("Ctrl+S",), "Search"),
    ActionSpec("find", "Find in article", ("Ctrl+F",), "Search"),
    ActionSpec("find_next", "Next match", ("F3",), "Search"),
    ActionSpec("find_prev", "Previous match", ("Shift+F3",), "Search"),
    ActionSpec("palette", "Command palette", ("Ctrl+K",), "Help"),
    ActionSpec("shortcuts", "Keyboard shortcuts", ("?",), "Help"),
    ActionSpec("zoom_in", "Larger text", ("Ctrl+=", "Ctrl++"), "View"),
    ActionSpec("zoom_out", "Smaller text", ("Ctrl+-",), "View"),
    ActionSpec("zoom_reset", "Default text size", ("Ctrl+0",), "View"),
    ActionSpec("toggle_theme", "Light/dark theme", ("Ctrl+Shift+L",), "View"),
    ActionSpec("show_removed", "Show removed lines", ("Ctrl+Shift+R",), "View"),
    ActionSpec("read_aloud", "Read aloud from the focus bar (again: stop)", ("R",), "View"),
    ActionSpec("pause_aloud", "Pause/resume reading aloud", ("P",), "View"),
    ActionSpec("aloud_faster", "Read aloud faster", ("Ctrl+]",), "View"),
    ActionSpec("aloud_slower", "Read aloud slower", ("Ctrl+[",), "View"),
    ActionSpec("open", "Open source…", ("Ctrl+O",), "File"),
    ActionSpec("open_recent", "Open a recent source…", ("Ctrl+Shift+O",), "File"),
    ActionSpec("preferences", "Preferences…", ("Ctrl+,",), "File"),
    ActionSpec("cancel_build", "Stop the index build (resumes next time)", ("Ctrl+Shift+X",), "File"),
    ActionSpec("import_annotations", "Import annotations (Lede, Hypothesis, W3C)…", ("Ctrl+I",), "File"),
    ActionSpec("export_md", "Export notes as Markdown…", ("Ctrl+E",), "File"),
    ActionSpec("export_entity", "Export the selected entity's notebook…", ("Ctrl+Shift+E",), "File"),
    ActionSpec("quit", "Quit", ("Ctrl+Q",), "File"),
)

BY_ID: dict[str, ActionSpec] = {a.id: a for a in ACTIONS}
GROUPS: tuple[str, ...] = ("Navigate", "Annotate", "Search", "Panes", "View", "Help", "File")

_PRETTY = {"Down": "↓", "Up": "↑", "Left": "←", "Right": "→", "Esc": "Esc"}


def pretty(key: str) -> str:
    """A readable form of a key sequence: ``J`` → ``j``, ``Shift+Down`` → ``Shift+↓``."""
    parts = key.split("+") if key != "Ctrl++" else ["Ctrl", "+"]
    parts = [_PRETTY.get(p, p) for p in parts]
    if len(parts) == 1 and len(parts[0]) == 1 and parts[0].isalpha():
        return parts[0].lower()
    return "+".join(parts)


def format_table(keys: Mapping[str, Sequence[str]] | None = None) -> str:
    """The keyboard sheet as plain text, grouped, for ``lede keys`` and the README.

    ``keys`` maps action ids to the bindings to show (a user's effective keys, so
    ``lede keys`` tells the truth after a remap); actions it omits show their
    defaults, and an action bound to nothing shows ``—``.
    """
    lines: list[str] = []
    for group in GROUPS:
        lines.append(group)
        for spec in ACTIONS:
            if spec.group == group:
                bound = spec.keys if keys is None else keys.get(spec.id, spec.keys)
                shown = " / ".join(pretty(k) for k in bound) or "—"
                lines.append(f"  {shown:<22} {spec.text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"

"""Opening the window at a ``lede://open`` link's passage (a link from an exported note).

The desktop starts ``lede lede://open?…``; the CLI parses the link (core) and hands it
to the window, which opens its source as usual. Once the article list is filled, this
controller takes over from "restore the last article": it asks the library where the
passage is (on the read pool: when it is not in its own article, every article is read),
opens that article and focuses the passage. What it cannot find (the article, or the
passage in it) it says in the status bar, and it opens what it can: the article without
the passage, the passage in another article, or the first article.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from reader.core.types import PassageLink
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.models.notes import quoted

if TYPE_CHECKING:
    from reader.ui.link_server import LinkServer
    from reader.ui.main_window import MainWindow

#: How much of the quote a status message repeats.
_SHOWN = 50


def _short(quote: str) -> str:
    """The passage between curly quotes, cut at a word: a passage that opens with its own
    quote mark is not wrapped in a second one ("““All told…" read as a typo)."""
    return quoted(textwrap.shorten(quoted(quote)[1:-1], _SHOWN, placeholder="…"))


class LinkController(Controller):
    def __init__(self, window: MainWindow, link: PassageLink | None = None) -> None:
        super().__init__(window)
        self.pending = link
        self.server: LinkServer | None = None

    def handlers(self) -> dict[str, Handler]:
        return {}

    def listen(self, name: str | None) -> None:
        """Answer links handed over by later ``lede lede://…`` launches (see ``ui/link_server.py``)."""
        try:
            from reader.ui.link_server import LinkServer
        except ImportError:  # a Qt without QtNetwork: each link then opens a window of its own
            return
        self.server = LinkServer(self.window, name)
        self.server.linkReceived.connect(self.receive)
        if not self.server.listen():
            self.server = None  # another window answers them

    def close(self) -> None:
        if self.server is not None:
            self.server.close()

    def receive(self, link: PassageLink) -> None:
        """A link from another launch: go to its passage, opening its source first if it is another."""
        w = self.window
        w.showNormal()
        w.raise_()
        w.activateWindow()
        self.pending = link
        source = Path(link.source).expanduser()
        if source.resolve() == w.source.resolve() and self.library is not None:
            self.follow()  # takes the pending link, whatever it finds
            return
        if not source.exists():
            self.pending = None
            self.status(f"The linked source {source} is not there any more")
            return
        w.loading.switch_source(source)  # the list, once filled, follows the pending link

    def follow(self) -> bool:
        """Go to the pending link's passage, once; True when it did (it chooses the article)."""
        link, lib = self.pending, self.library
        if link is None or lib is None:
            return False
        self.pending = None
        if not link.article and not link.quote:
            return False  # a link to the source alone: open it as usual
        self.submit(
            ops.find_passage(lib, link.article, link.quote).then(
                lambda found: self._found(link, found), lambda exc: self._lost(link, str(exc))
            )
        )
        return True

    def _found(self, link: PassageLink, found: tuple[str, int, int] | None) -> None:
        w = self.window
        if found is not None:
            article_id, start, end = found
            w.navigation.go_to(article_id, lambda: self._focus(start, end))
            if link.article and article_id != link.article:
                self.status(
                    f"The linked article {link.article} is no longer in {w.source.name}; "
                    f"its passage {_short(link.quote)} is in this one"
                )
            else:
                self.status(f"Opened the linked passage {_short(link.quote)}", 8000)
            return
        if link.article and w.list_model.row_of(link.article) >= 0:
            w.navigation.go_to(link.article, lambda: w.reader.setFocus(Qt.FocusReason.OtherFocusReason))
            if link.quote:
                self.status(f"The linked passage {_short(link.quote)} is no longer in this article")
            return
        missing = f"The linked article {link.article} is not in {w.source.name}" if link.article else ""
        if link.quote:
            missing += ", nor is its passage" if missing else f"The linked passage is not in {w.source.name}"
            missing += f" {_short(link.quote)}"
        self._lost(link, missing)

    def _lost(self, _link: PassageLink, message: str) -> None:
        """Open the first article, saying what the link named that is not here."""
        w = self.window
        self.status(message)
        if w.list_model.rowCount():
            w.list.setCurrentIndex(w.list_model.index(0))

    def _focus(self, start: int, end: int) -> None:
        self.window.reader.set_focus_span(start, end)
        self.window.reader.setFocus(Qt.FocusReason.OtherFocusReason)

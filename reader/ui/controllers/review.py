"""Reviewing the segmenter's doubtful breaks: B and Shift+B step through them in file order.

The segmenter marks the gaps it was least sure of (about one an article; about half its
mistakes are at one, see ``Library.doubtful_breaks``). Stepping through them is the quick way
to check a dump's cuts: each step opens the article, puts the focus bar on the paragraph and
says what the doubt is and which key settles it (the cuts of :mod:`.loading`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reader.keymap import pretty
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.types import DoubtfulBreak
    from reader.ui.main_window import MainWindow


class ReviewController(Controller):
    """The doubtful breaks of the open library, read once per library, and the steps through them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._breaks: list[DoubtfulBreak] | None = None
        self._of: Library | None = None  # the library ``_breaks`` were read from

    def handlers(self) -> dict[str, Handler]:
        return {
            "next_doubt": lambda: self.step(1),
            "prev_doubt": lambda: self.step(-1),
            "settle_doubt": self.settle,
        }

    def settle(self) -> None:
        """The break at the focused paragraph is right as Lede cut it: no longer in doubt; on to the next."""
        w, lib, focused = self.window, self.library, self._focused()
        if lib is None or w.current is None or focused is None or self._of is not lib or not self._breaks:
            self.status("No doubtful break here to settle", 4000)
            return
        paragraph, line = focused
        here = [
            b
            for b in self._breaks
            if b.article_id == w.current.id and ((b.at_start and paragraph == 0) or b.line == line)
        ]
        if not here:
            self.status(
                f"No doubtful break at this paragraph: {self._key('next_doubt')} goes to the next one", 4000
            )
            return
        found = here[0]
        self.submit(
            ops.settle_doubt(lib, found.article_id, found.line).then(lambda _c: self._settled(lib, found))
        )

    def _settled(self, lib: Library, found: DoubtfulBreak) -> None:
        if self.library is not lib or self._breaks is None:
            return
        self._breaks = [b for b in self._breaks if b != found]
        w = self.window
        w.list_model.set_doubted(Counter(b.article_id for b in self._breaks))
        if w.current is not None and w.current.id == found.article_id:
            w.reader.set_doubts(ops.doubt_paragraphs(w.current, self._breaks))
        if not self._go(self._breaks, 1, quiet=True):
            left = len(self._breaks)
            self.status(
                f"The break at line {found.line} stays as Lede cut it; no doubtful break after it ({left} left)"
            )

    def use(self, lib: Library | None, breaks: list[DoubtfulBreak]) -> None:
        """The breaks of a library just shown (read with its lists, so B needs no read of its own)."""
        self._of, self._breaks = lib, list(breaks)

    def step(self, delta: int) -> None:
        """Go to the next (``delta`` 1) or previous (-1) doubtful break from the focused paragraph."""
        lib = self.library
        if lib is None:
            return
        if self._of is not lib or self._breaks is None:
            self.submit(ops.doubtful_breaks(lib).then(lambda found: self._read(lib, found, delta)))
            return
        self._go(self._breaks, delta)

    def _read(self, lib: Library, found: list[DoubtfulBreak], delta: int) -> None:
        self._of, self._breaks = lib, found
        if self.library is lib:
            self._go(found, delta)

    def _focused(self) -> tuple[int, int] | None:
        """The focused paragraph of the open article and its source line (None: no article open)."""
        w = self.window
        if w.current is None or not w.current.lines:
            return None
        index = min(max(w.reader.focus_paragraph_index(), 0), len(w.current.lines) - 1)
        return index, w.current.lines[index]

    def _here(self) -> int:
        """The source line being read (0 before any article is open)."""
        focused = self._focused()
        return 0 if focused is None else focused[1]

    def _go(self, breaks: list[DoubtfulBreak], delta: int, quiet: bool = False) -> bool:
        """Open the next break in ``delta``'s direction; False (said unless ``quiet``) when there is none."""
        here = self._here()
        ahead = [k for k, b in enumerate(breaks) if (b.line > here if delta > 0 else b.line < here)]
        if quiet and not ahead:
            return False
        if not breaks:
            self.status("No doubtful breaks in this source: no break between its articles is in doubt", 5000)
            return False
        if not ahead:
            back = self._key("prev_doubt" if delta > 0 else "next_doubt")
            self.status(
                f"No doubtful break {'after' if delta > 0 else 'before'} this paragraph "
                f"({len(breaks)} in this source; {back} goes {'back' if delta > 0 else 'on'})",
                5000,
            )
            return False
        k = ahead[0] if delta > 0 else ahead[-1]
        found = breaks[k]
        w = self.window
        w.navigation.go_to(found.article_id, lambda: self._arrive(found, k, len(breaks)))
        return True

    def _arrive(self, found: DoubtfulBreak, k: int, total: int) -> None:
        w = self.window
        if w.current is None or found.line not in w.current.lines:
            return
        # A doubt at a start is the article's first paragraph's (its lead may follow a dateline line).
        w.reader.set_focus_paragraph(0 if found.at_start else w.current.lines.index(found.line))
        if found.at_start:
            doubt = f"this article may go on from the one before: {self._key('join_previous')} joins them"
        else:
            doubt = f"a new story may start at this paragraph: {self._key('cut_here')} starts one here"
        self.status(
            f"Doubtful break {k + 1} of {total} (line {found.line}): {doubt}; {self._key('settle_doubt')}: it is right"
        )

    def _key(self, action_id: str) -> str:
        keys = self.window.settings.effective_keys().get(action_id, ())
        return pretty(keys[0]) if keys else "(no key)"

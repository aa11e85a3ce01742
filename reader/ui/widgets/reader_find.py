"""Find in the open article: the matches of a needle or of a library search's words.

A mixin of :class:`~reader.ui.widgets.reader_pane.ReaderPane`, kept apart because finding is
its own small state machine (the matches, the current one, wrapping) that only borrows the
reader's focus to show where a match is; the spans themselves come from ``text_matches``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.widgets.text_matches import needle_spans, term_spans

if TYPE_CHECKING:
    from reader.core.types import Article
    from reader.ui.widgets.reader_pane import Focus


class FindInArticle:
    """The reader's find: F3 and Shift+F3 step through ``_find``, the current match is ``_find_index``."""

    _find: list[tuple[int, int]]
    _find_index: int

    if TYPE_CHECKING:  # provided by the reader pane
        article: Article | None
        focus: Focus

        def _paragraph_focus(self, index: int) -> Focus: ...
        def paragraph_of(self, offset: int) -> int: ...
        def _apply_focus(self, ensure_visible: bool = True) -> None: ...
        def _update_extra_selections(self) -> None: ...

    def find_all(self, needle: str, *, case: bool = False, whole: bool = False) -> int:
        """Mark every match of ``needle``; returns the count and selects the first after the focus."""
        self._find = []
        self._find_index = -1
        if self.article is not None and needle:
            self._find = needle_spans(self.article.text, needle, case=case, whole=whole)
            if self._find:
                after = [i for i, (s, _) in enumerate(self._find) if s >= self.focus.start]
                self._find_index = after[0] if after else 0
                self._goto_match()
        self._update_extra_selections()
        return len(self._find)

    def find_all_terms(self, terms: list[str]) -> int:
        """Mark the words of a library search in the article (F3 moves between them)."""
        self._find = []
        self._find_index = -1
        if self.article is not None and terms:
            self._find = term_spans(self.article.text, terms)
            if self._find:
                self._find_index = 0
                self._goto_match()
        self._update_extra_selections()
        return len(self._find)

    def find_step(self, delta: int) -> tuple[int, int]:
        """Move to the next/previous match, wrapping; returns (1-based index, count)."""
        if not self._find:
            return 0, 0
        self._find_index = (self._find_index + delta) % len(self._find)
        self._goto_match()
        return self._find_index + 1, len(self._find)

    def find_position(self) -> tuple[int, int]:
        return (self._find_index + 1 if self._find else 0), len(self._find)

    def _goto_match(self) -> None:
        s, _e = self._find[self._find_index]
        self.focus = self._paragraph_focus(self.paragraph_of(s))
        self._apply_focus()

    def clear_find(self) -> None:
        self._find = []
        self._find_index = -1
        self._update_extra_selections()

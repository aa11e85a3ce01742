"""A small note editor that saves as you type (after a pause) and when it closes.

``Esc`` closes and keeps what was typed: a note is never lost by closing the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from reader.ui.models.notes import hashtags, quoted

AUTOSAVE_MS = 700


class NoteEditor(QDialog):
    def __init__(
        self,
        title: str,
        context: str,
        text: str,
        save: Callable[[str], None],
        parent: QWidget | None = None,
        *,
        tags: Callable[[list[str]], None] | None = None,
    ):
        """``tags``, when given, receives the ``#tags`` of the note each time a save finds
        new ones (a highlight's note: the caller adds them to the highlight's tags)."""
        super().__init__(parent)
        self._tags = tags
        self._tagged = {t.casefold() for t in hashtags(text)}
        self.setObjectName("noteEditor")
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(520, 300)
        self._save = save
        self._saved = text
        layout = QVBoxLayout(self)
        if context:
            quote = QLabel(quoted(context, 300))
            quote.setWordWrap(True)
            quote.setTextFormat(Qt.TextFormat.PlainText)
            quote.setObjectName("paneTitle")
            layout.addWidget(quote)
        self.edit = QPlainTextEdit(text)
        self.edit.setPlaceholderText(
            "Write a note (Markdown; #word tags the highlight). Esc closes; it is saved as you type."
            if tags is not None
            else "Write a note (Markdown). Esc closes; it is saved as you type."
        )
        layout.addWidget(self.edit, 1)
        hint = QLabel("Saved automatically · Esc to close")
        hint.setObjectName("paneTitle")
        layout.addWidget(hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.edit.textChanged.connect(self._timer.start)
        self.edit.setFocus()

    def flush(self) -> None:
        text = self.edit.toPlainText()
        if text != self._saved:
            self._saved = text
            self._save(text)
            found = hashtags(text)
            new = [t for t in found if t.casefold() not in self._tagged]
            if self._tags is not None and new:
                self._tagged |= {t.casefold() for t in new}
                self._tags(new)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self._timer.stop()
        self.flush()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.flush()
        super().closeEvent(event)

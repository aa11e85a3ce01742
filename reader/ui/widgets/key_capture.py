"""Turning one key press into a binding: the capture field of the Preferences' keys page.

Kept apart from the page so the rule for spelling a key (``Ctrl+Shift+L``, ``?``) can be
tested and reused without building a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from reader.keymap import pretty

_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
    Qt.Key.Key_ScrollLock,
    Qt.Key.Key_unknown,
}


def key_from_event(event: QKeyEvent) -> str | None:
    """The portable key string (``"Ctrl+Shift+L"``, ``"?"``) of a key press, or None for a bare modifier.

    Shift is dropped when it only served to type a symbol (``?`` rather than
    ``Shift+?``), the same rule ``QKeySequenceEdit`` follows, so a recorded key
    matches how :mod:`reader.keymap` spells its defaults.
    """
    key = event.key()
    if key in _MODIFIER_KEYS or key == 0:
        return None
    wanted = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
        | Qt.KeyboardModifier.ShiftModifier
    )
    mods = event.modifiers() & wanted
    text = event.text()
    if mods & Qt.KeyboardModifier.ShiftModifier and text:
        ch = text[0]
        if ch.isprintable() and not ch.isalnum() and not ch.isspace():
            mods &= ~Qt.KeyboardModifier.ShiftModifier
    if key == Qt.Key.Key_Backtab:  # Shift+Tab arrives as Backtab
        key = Qt.Key.Key_Tab
        mods |= Qt.KeyboardModifier.ShiftModifier
    combo = QKeyCombination(mods, Qt.Key(key))
    return QKeySequence(combo).toString(QKeySequence.SequenceFormat.PortableText) or None


def shown_keys(keys: Sequence[str]) -> str:
    """Keys as the user reads them (``Ctrl+K / F1``)."""
    return " / ".join(pretty(k) for k in keys)


class KeyCapture(QLineEdit):
    """A read-only field that, once :meth:`start` is called, turns the next key press into a binding.

    A plain ``QKeySequenceEdit`` waits a second for further chords and records Esc;
    Lede binds single chords only and wants Esc to cancel, so capture is ours.
    """

    captured = Signal(str)
    cancelled = Signal()
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        self.recording = False  # set first: Qt sends events from inside the set-up calls below
        super().__init__(parent)
        self.setObjectName("keyCapture")
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # reached by Enter on the list, not by Tab
        self.setAccessibleName("Key capture")
        self.setStyleSheet(
            'QLineEdit#keyCapture[recording="true"] { border: 2px solid palette(highlight); border-radius: 4px; }'
        )
        self.recording = False

    def start(self) -> None:
        self.recording = True
        self.clear()
        self.setPlaceholderText("Press the new key…  (Esc cancels)")
        self.setProperty("recording", True)
        self._restyle()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self, shown: str = "") -> None:
        self.recording = False
        self.setProperty("recording", False)
        self._restyle()
        self.setText(shown)

    def _restyle(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)

    def event(self, event: QEvent) -> bool:
        if self.recording and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the dialog's mnemonics (Alt+R…) must reach us as key presses
            return True
        if self.recording and event.type() == QEvent.Type.KeyPress:
            self.keyPressEvent(event)  # type: ignore[arg-type]  # also Tab, before focus moves
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.recording:
            super().keyPressEvent(event)
            return
        event.accept()
        if event.key() == Qt.Key.Key_Escape and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.cancelled.emit()
            return
        key = key_from_event(event)
        if key is None:  # a modifier alone: show it while the user reaches for the key
            mods = QKeySequence(QKeyCombination(event.modifiers(), Qt.Key.Key_A)).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.setText(mods[:-1] + "…" if mods.endswith("A") else "")
            return
        self.captured.emit(key)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if self.recording and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.cancelled.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.recording:
            self.clicked.emit()
        super().mousePressEvent(event)

"""The Appearance page of Preferences: theme, reading font, size, line width, and when an
article counts as read, with a live preview of the reading font.

The preview is set in the chosen font at the chosen measure, so the user sees the line
the reader will show before pressing OK.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from reader.settings import FONT_SIZE_RANGE, LINE_WIDTH_RANGE, MARK_READ_RANGE, Settings

_PREVIEW_TEXT = (
    "The minister said the talks would resume on Monday, after a week in which "
    "both sides traded accusations over the ceasefire."
)


def _spin(limits: tuple[int, int], step: int, suffix: str, at_zero: str, value: int, tip: str) -> QSpinBox:
    """A whole-number setting whose 0 means something in words (``at_zero``), not "0"."""
    spin = QSpinBox()
    spin.setRange(*limits)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setSpecialValueText(at_zero)
    spin.setValue(value)
    spin.setToolTip(tip)
    return spin


class AppearancePage(QWidget):
    """The look of the reader; edits nothing until :meth:`apply_to` is called on OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        s = settings

        self.theme_combo = QComboBox()
        for label, value in (("System", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.theme)))
        form.addRow("&Theme:", self.theme_combo)
        note = QLabel("“System” follows the desktop's light or dark setting.")
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow("", note)

        font_row = QWidget()
        font_layout = QHBoxLayout(font_row)
        font_layout.setContentsMargins(0, 0, 0, 0)
        self.font_combo = QFontComboBox()
        self.font_combo.setMinimumWidth(240)
        self.default_font_check = QCheckBox("&Default font")
        self.default_font_check.setChecked(not s.font_family)
        if s.font_family:
            self.font_combo.setCurrentFont(QFont(s.font_family))
        else:
            self.font_combo.setCurrentFont(QApplication.font())
        self.font_combo.setEnabled(bool(s.font_family))
        self.default_font_check.toggled.connect(lambda on: self.font_combo.setEnabled(not on))
        font_layout.addWidget(self.font_combo)
        font_layout.addWidget(self.default_font_check)
        font_label = QLabel("&Font:")
        font_label.setBuddy(self.font_combo)
        form.addRow(font_label, font_row)

        self.font_size_spin = QDoubleSpinBox()
        self.font_size_spin.setRange(*FONT_SIZE_RANGE)
        self.font_size_spin.setDecimals(1)
        self.font_size_spin.setSingleStep(0.5)
        self.font_size_spin.setSuffix(" pt")
        self.font_size_spin.setValue(s.font_size)
        form.addRow("Font si&ze:", self.font_size_spin)

        self.line_width_spin = _spin(
            LINE_WIDTH_RANGE,
            2,
            " characters",
            "Fill the pane",
            s.line_width,
            "The longest line of text in the reader; 0 fills the pane",
        )
        form.addRow("&Line width:", self.line_width_spin)
        self.mark_read_spin = _spin(
            MARK_READ_RANGE,
            5,
            " s",
            "Only at the end",
            s.mark_read_after_seconds,
            "Mark an article read after it has been open this long; 0 marks it read only when you reach the end",
        )
        form.addRow("&Mark read after:", self.mark_read_spin)

        for field in (self.theme_combo, self.font_size_spin, self.line_width_spin, self.mark_read_spin):
            field.setMinimumWidth(180)

        self.preview = QLabel(_PREVIEW_TEXT)
        self.preview.setObjectName("fontPreview")
        self.preview.setWordWrap(True)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setAutoFillBackground(True)
        self.preview.setBackgroundRole(QPalette.ColorRole.Base)
        self.preview.setMargin(12)
        self.preview.setAccessibleName("Preview of the reading font")
        form.addRow("Preview:", self.preview)

        self.font_combo.currentFontChanged.connect(lambda _f: self._update_preview())
        self.default_font_check.toggled.connect(lambda _on: self._update_preview())
        self.font_size_spin.valueChanged.connect(lambda _v: self._update_preview())
        self.line_width_spin.valueChanged.connect(lambda _v: self._update_preview())
        self._update_preview()

    def _update_preview(self) -> None:
        """Show the sample paragraph in the chosen font, size and measure (as the reader will)."""
        font = QFont(
            QApplication.font() if self.default_font_check.isChecked() else self.font_combo.currentFont()
        )
        font.setPointSizeF(float(self.font_size_spin.value()))
        self.preview.setFont(font)
        chars = int(self.line_width_spin.value())
        width = QFontMetricsF(font).averageCharWidth() * chars + 2 * self.preview.margin() + 4
        fixed = int(min(max(width, 200), 520)) if chars else 520
        self.preview.setFixedWidth(fixed)
        self.preview.setFixedHeight(self.preview.heightForWidth(fixed))

    def apply_to(self, draft: Settings) -> None:
        """Write the page's choices into ``draft`` (what OK will save)."""
        draft.theme = str(self.theme_combo.currentData())
        draft.font_family = (
            "" if self.default_font_check.isChecked() else self.font_combo.currentFont().family()
        )
        draft.font_size = round(float(self.font_size_spin.value()), 1)
        draft.line_width = int(self.line_width_spin.value())
        draft.mark_read_after_seconds = int(self.mark_read_spin.value())

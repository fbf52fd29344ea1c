"""The size rules, measured on the real widgets: touch targets in mm, text in px (see ui.style)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from ui.style import MIN_ELDER_TEXT_PX, MIN_PRIMARY_MM, MIN_TARGET_MM, MIN_TEXT_PX, MM_PER_PX, Theme

TARGETS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSlider, QAbstractSpinBox)


def text_px(widget: QWidget) -> float:
    font = widget.font()
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * widget.logicalDpiY() / 72


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    if isinstance(widget, QComboBox):
        return widget.currentText() or widget.placeholderText()
    return ""


def _name(widget: QWidget) -> str:
    return widget.objectName() or f"{type(widget).__name__} {_text(widget)[:20]!r}"


def size_problems(root: QWidget, theme: Theme) -> list[str]:
    """Every visible widget under ``root`` that breaks a rule: an enabled target under 12 mm (primary
    buttons under 20 mm), or text under 24 px (32 px in the elder mode)."""
    least_text = MIN_ELDER_TEXT_PX if theme.elder else MIN_TEXT_PX
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, TARGETS) and widget.isEnabled():
            least = MIN_PRIMARY_MM if widget.property("role") == "primary" else MIN_TARGET_MM
            size = min(widget.width(), widget.height()) * MM_PER_PX
            if size < least:
                problems.append(f"{_name(widget)}: a {size:.1f} mm target")
        if _text(widget).strip() and (px := text_px(widget)) < least_text:
            problems.append(f"{_name(widget)}: {px:.0f} px text")
    return problems

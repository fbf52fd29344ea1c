"""A drop-down list for a finger: it opens on its box and its open list is dragged, not only scrolled by its bar."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QScroller, QStyledItemDelegate


class TouchList(QComboBox):
    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(QStyledItemDelegate(self))  # so the style sheet sizes the list's rows
        view = self.view()
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # follows the finger smoothly
        self._draggable = False

    def showPopup(self) -> None:
        """Qt places the list from where the box is as it opens: a form still being laid out, or moving as the
        keyboard goes away, would leave it elsewhere, over other fields. Once the box has settled, place it again."""
        if not self._draggable:  # at the first opening: each grab costs memory Qt never gives back, and most
            self._draggable = True  # lists are never opened (answered from the card, or left as they are)
            QScroller.grabGesture(self.view().viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        super().showPopup()
        QTimer.singleShot(0, self, functools.partial(self._follow, self.mapToGlobal(QPoint())))

    def _follow(self, opened_at: QPoint) -> None:
        if self.view().isVisible() and self.mapToGlobal(QPoint()) != opened_at:
            super().showPopup()

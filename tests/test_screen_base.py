"""ui.screens.base: the helpers every screen builds with."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.screens.base import clear


def test_clearing_a_screen_deletes_every_item_it_takes_out(qtbot: QtBot) -> None:
    """A layout's taken items are the caller's to delete; left alone, every screen change leaked them."""
    host = QWidget()
    qtbot.addWidget(host)
    root = QVBoxLayout(host)
    root.addWidget(QLabel("a"))
    root.addStretch(1)
    row = QHBoxLayout()
    row.addWidget(QLabel("b"))
    row.addStretch(1)
    root.addLayout(row)
    items = [root.itemAt(i) for i in range(root.count())] + [row.itemAt(i) for i in range(row.count())]
    clear(root)
    assert root.count() == 0
    assert [shiboken6.isValid(item) for item in items if item is not row] == [False] * (len(items) - 1)

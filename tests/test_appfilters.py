"""ui.appfilters: the application's event filters are out while a screen rebuilds, and back after it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ui import appfilters


class Seen(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.events = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.events += 1
        return False


def rebuild() -> None:
    """What a screen's refresh does to the event queue: widgets made, parented and thrown away."""
    page = QWidget()
    for n in range(5):
        QLabel(f"{n}", page)
    page.deleteLater()


def test_filters_see_nothing_while_held_back_and_everything_after(qapp: QApplication) -> None:
    first, second = Seen(), Seen()
    appfilters.install(first)
    appfilters.install(second)
    try:
        with appfilters.held_back():
            with appfilters.held_back():  # nested: only the outermost puts them back
                rebuild()
            rebuild()
        assert first.events == second.events == 0
        rebuild()
        assert first.events > 0 and second.events > 0
    finally:
        appfilters.remove(first)
        appfilters.remove(second)


def test_a_filter_removed_while_held_back_stays_out(qapp: QApplication) -> None:
    seen = Seen()
    appfilters.install(seen)
    with appfilters.held_back():
        appfilters.remove(seen)
    rebuild()
    assert seen.events == 0


def test_quietly_runs_the_method_with_the_filters_held_back(qapp: QApplication) -> None:
    seen = Seen()
    appfilters.install(seen)
    try:
        def refresh() -> int:
            rebuild()
            return seen.events

        assert appfilters.quietly(refresh)() == 0
        rebuild()
        assert seen.events > 0
    finally:
        appfilters.remove(seen)


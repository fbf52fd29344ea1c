"""A child process that measures the kiosk window: ``python -m bench.ui_probe transitions|journeys N``.

Prints one JSON line. Each figure's floor is measured in the same process (the taps alternating):

- ``transitions``: a tap on a real button (identity → packages, a package → its form) until the next
  screen has been painted, and the same for a bare QStackedWidget whose button switches its page.
- ``journeys``: resident memory after each of N visits through the visit's intents on the real window
  (card, package, every form step, review, then submit and print, or end), and after each of N
  rounds of a bare window that builds a page of widgets, paints it and throws it away.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from bench.probe import rss_mb
from devices.registry import Devices, demo_devices
from kiosk.config import load_config
from kiosk.reading import ReadResult, ReadStatus
from kiosk.sync.platform import Outcome
from kiosk.visit.states import State
from ui.demo import DEMO_PACKAGE, DEMO_PERSON, demo_answers
from ui.root import Kiosk, application
from ui.tour import TourPlatform, TourPrinter

TIMEOUT_S = 30.0


class Painted(QObject):
    """Ends the event loop it is given at the first paint of the widget it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = True
        self.loop: QEventLoop | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            if self.loop is not None:
                self.loop.quit()  # after this event: the whole frame is painted by then
        return False


def until(what: str, done: Callable[[], bool], painted: Painted | None = None) -> None:
    """Run Qt's event loop until ``done``. A QEventLoop, not a Python loop of processEvents() calls:
    with PySide6 6.12 on Python 3.11 every call of a Qt method that returns nothing drops a reference
    to None, and a tight loop of them ends the process ("deallocating None")."""
    if done():
        return
    deadline = time.monotonic() + TIMEOUT_S
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if done() or time.monotonic() > deadline else None)
    poll.start(1)
    if painted is not None:
        painted.loop = loop
    loop.exec()
    poll.stop()
    if painted is not None:
        painted.loop = None
    if not done():
        raise RuntimeError(f"bench.ui_probe: stuck waiting for {what}")


def settle() -> None:
    """Let everything pending be handled and painted, so one measurement does not pay for the last;
    and delete what was deleteLater()'d, as the running event loop does between a citizen's taps."""
    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def tap_until_painted(button: QAbstractButton, target: QWidget, painted: Painted) -> float:
    """Milliseconds from a tap on ``button`` until ``target`` has been painted, the whole frame."""
    settle()
    target.installEventFilter(painted)
    painted.seen = False
    start = time.perf_counter()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    until(f"{target.objectName() or 'the next screen'} to paint", lambda: painted.seen, painted)
    elapsed = (time.perf_counter() - start) * 1000
    target.removeEventFilter(painted)
    return elapsed


@contextmanager
def kiosk_window() -> Iterator[Kiosk]:
    """The real window with the demo devices, a platform that sends nothing and Qt's timers, not started.
    The voice is the silent mock engine: speech-dispatcher's own time is not the window's."""
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as state:
        config = load_config().with_values(storage__state_dir=state, printer__pdf_dir=state, voice__engine="mock")
        application()
        platform = TourPlatform(config["platform.url"])
        platform.gate.set()
        printer = TourPrinter(config.pdf_dir)
        kiosk = Kiosk(config, Devices(demo_devices(config).reader, printer), platform)
        kiosk.open()
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        try:
            yield kiosk
        finally:
            kiosk.shutdown()
            platform.close()


def bare_window() -> tuple[QStackedWidget, QPushButton, QWidget]:
    """A bare QStackedWidget of two pages; the first page's button shows the second."""
    stack = QStackedWidget()
    stack.resize(1920, 1080)
    first, second = QWidget(), QWidget()
    go = QPushButton("继续", first)
    QVBoxLayout(second).addWidget(QLabel("请选择要办理的事项"))
    stack.addWidget(first)
    stack.addWidget(second)
    go.clicked.connect(lambda: stack.setCurrentWidget(second))
    stack.show()
    return stack, go, second


def card(kiosk: Kiosk) -> None:
    """The citizen's card, read at the home screen of a new visit (ending one starts the next)."""
    kiosk.window.visit.end()
    record = kiosk.devices.reader.people[DEMO_PERSON]  # type: ignore[attr-defined]
    kiosk.window.visit.card_read(ReadResult(ReadStatus.OK, record))


def button(kiosk: Kiosk, name: str) -> QAbstractButton:
    found = kiosk.window.findChild(QAbstractButton, name)
    if found is None:
        raise RuntimeError(f"bench.ui_probe: no button {name!r}")
    return found


def transitions(rounds: int) -> dict[str, list[float]]:
    kiosk_ms: list[float] = []
    bare_ms: list[float] = []
    painted = Painted()
    with kiosk_window() as kiosk:
        window = kiosk.window
        stack, go, second = bare_window()
        for _ in range(rounds + 1):  # the first round warms up
            card(kiosk)
            until("the identity screen", lambda: window.visit.state is State.IDENTIFIED)
            kiosk_ms.append(tap_until_painted(button(kiosk, "identity-continue"), window.screens["packages"], painted))
            stack.setCurrentIndex(0)
            bare_ms.append(tap_until_painted(go, second, painted))
            kiosk_ms.append(tap_until_painted(button(kiosk, f"package-{DEMO_PACKAGE}"), window.screens["form"],
                                              painted))
            stack.setCurrentIndex(0)
            bare_ms.append(tap_until_painted(go, second, painted))
        stack.close()
    return {"kiosk_ms": kiosk_ms[2:], "bare_ms": bare_ms[2:]}


def journey(kiosk: Kiosk, submit: bool) -> None:
    """One citizen's visit through the visit's intents, as the screens send them."""
    card(kiosk)
    visit = kiosk.window.visit
    visit.proceed()
    visit.choose(DEMO_PACKAGE)
    for key, value in demo_answers(kiosk.session.clock().date()).items():
        visit.answer(key, value)
    while visit.state is State.FORM:
        if visit.next_step():
            raise RuntimeError("bench.ui_probe: the demo answers fail a step")
        settle()
    if submit:
        visit.submit()
        submitted = kiosk.session.submitted
        assert submitted is not None
        visit.delivered(submitted.uuid, Outcome.DELIVERED)
        until("the receipt to print", lambda: visit.print_result is not None)
    settle()
    visit.end()
    settle()


def bare_round(stack: QStackedWidget) -> None:
    """A page of widgets built, shown, painted and thrown away: what a screen change costs at the least."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for i in range(20):
        layout.addWidget(QPushButton(f"事项 {i}"))
    stack.addWidget(page)
    stack.setCurrentWidget(page)
    settle()
    stack.removeWidget(page)
    page.deleteLater()
    settle()


def journeys(count: int) -> dict[str, list[float]]:
    kiosk_mb: list[float] = []
    bare_mb: list[float] = []
    with kiosk_window() as kiosk:
        stack, _go, _second = bare_window()
        for i in range(count):
            journey(kiosk, submit=i % 2 == 0)
            kiosk_mb.append(rss_mb())
        for _ in range(count):
            bare_round(stack)
            bare_mb.append(rss_mb())
        stack.close()
    return {"kiosk_mb": kiosk_mb, "bare_mb": bare_mb}


def main() -> int:
    which, count = sys.argv[1], int(sys.argv[2])
    result = transitions(count) if which == "transitions" else journeys(count)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    # No interpreter shutdown: PySide6 6.12 on Python 3.11 returns None and True without a reference
    # (void methods, Signal.emit), so after many taps the final garbage collection can abort
    # ("deallocating True or False"). The figures are printed by then; this is not what they measure.
    os._exit(main())

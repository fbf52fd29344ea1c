"""The kiosk window: a top bar, and the screen for the visit's state. The visit (kiosk.visit) decides."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.i18n import Text
from ui import appfilters
from ui.modes import Modes
from ui.screens.base import Screen, UiContext
from ui.screens.home import HomeScreen
from ui.screens.idle import IdleOverlay
from ui.style import WINDOW_SIZE
from ui.topbar import TopBar

if TYPE_CHECKING:
    from devices.cards.simulated import SimulatedReader
    from kiosk.visit.desk import Desk
    from kiosk.visit.machine import Visit
    from kiosk.visit.states import Change
    from ui.bridges import CardWatcher
    from ui.keyboard import Keyboard

log = logging.getLogger("ui")

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


class KioskWindow(QMainWindow):
    first_frame = Signal()  # the home screen has been painted once

    def __init__(self, cards: CardWatcher, *, hall: Text, lang: str = "zh",
                 simulator: SimulatedReader | None = None) -> None:
        super().__init__()
        self.setObjectName("kiosk-window")
        self.ctx = UiContext(lang="en" if lang == "en" else "zh")
        self.cards = cards
        self.hall = hall
        self.simulator = simulator
        self.resize(*WINDOW_SIZE)

        self.home = HomeScreen(self.ctx, simulator)
        self.screens: dict[str, Screen] = {self.home.name: self.home}
        central = QWidget()
        self._column = column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.modes = Modes(self.ctx, self.redraw)
        self.bar = TopBar(self.ctx, hall, on_language=self.toggle_language, on_end=lambda: self.visit.end(),
                          modes=self.modes)
        column.addWidget(self.bar)
        self.stack = QStackedWidget()  # gives way to the keyboard, whatever the screens' (the home's) least height
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(self.home)
        column.addWidget(self.stack, 1)
        self.keyboard: Keyboard | None = None  # Qt Quick: built by attach, after the first frame
        self.setCentralWidget(central)
        self.idle = IdleOverlay(self.ctx, central)
        self.idle.hide()

        self.home.simulated_insert.connect(self.simulate_insert)
        self.home.simulated_remove.connect(self.simulate_remove)
        self.home.elder_requested.connect(self.modes.toggle_elder)
        if simulator is not None:
            for index in range(len(simulator.people)):
                QShortcut(QKeySequence(f"F{index + 1}"), self).activated.connect(
                    lambda i=index: self.simulate_insert(i))
            QShortcut(QKeySequence("F9"), self).activated.connect(self.simulate_remove)
        self.home.installEventFilter(self)
        self._painted = False
        self._show(self.home)

    def attach(self, desk: Desk) -> None:
        """Take the visit once the kiosk is ready; until then only the home screen shows."""
        from ui.call_overlay import CallOverlay
        from ui.keyboard import Keyboard
        from ui.scanner import WedgeScanner
        from ui.screens import visit_screens

        self.keyboard = Keyboard(self.centralWidget(), self.ctx)  # the screens shrink while it shows
        self._column.addWidget(self.keyboard)
        self.ctx.desk = desk
        self._visit = desk.visit
        for kind in visit_screens():
            screen = kind(self.ctx)
            self.screens[screen.name] = screen
            self.stack.addWidget(screen)
        desk.subscribe(self.on_change)
        self.cards.card_read.connect(lambda result: desk.visit.card_read(result))
        self.cards.card_removed.connect(lambda: desk.visit.card_removed())
        # Activity anywhere restarts the idle clock, which matters only once there is a visit. Not
        # before the first frame: a Python filter on the whole application also sees Qt's private
        # objects (the style's QAnimationTimer), and to pass one PySide6 builds the Python enums of
        # every class in QtCore, QtGui and QtWidgets (~30 ms, most of the gap to a bare window).
        appfilters.install(self)
        self.calling = CallOverlay(self.ctx, self.bar, self.centralWidget(), lambda: self.current.name)
        self.scanner = WedgeScanner(lambda code: self.visit.scan(code), self)  # the hall's QR scanner

    @property
    def visit(self) -> Visit:
        return self.ctx.visit

    @property
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def screen_for(self, visit: Visit) -> Screen:
        """The screen a state shows; the idle warning shows over the screen it interrupted."""
        from kiosk.visit.states import State

        state = visit.resumes if visit.state is State.IDLE_WARNING else visit.state
        return next(s for s in self.screens.values() if state in s.states)

    # -- rendering ---------------------------------------------------------------------------------

    @appfilters.quietly  # rebuilding a screen sends thousands of events: not through Python filters
    def on_change(self, visit: Visit, change: Change) -> None:
        from kiosk.visit.states import Change, State

        if change is Change.IDLE:
            self.idle.show_countdown()
            return
        if visit is not self._visit:  # a new citizen: no screen keeps anything of the last one
            self._visit = visit
            self.modes.new_visit()
            if self.keyboard is not None:
                self.keyboard.new_visit()
            for each in self.screens.values():
                each.refresh()
        screen = self.screen_for(visit)
        if change is Change.SCREEN and visit.state is not State.IDLE_WARNING:
            self._show(screen)
        elif screen is self.current:
            screen.refresh()
        if visit.state is State.IDLE_WARNING:
            self.idle.show_over()
        else:
            self.idle.hide()
        self.bar.refresh()

    def _show(self, screen: Screen) -> None:
        screen.enter()
        self.stack.setCurrentWidget(screen)
        self.bar.refresh()

    def toggle_language(self) -> None:
        self.ctx.lang = "en" if self.ctx.lang == "zh" else "zh"
        self.redraw()

    @appfilters.quietly
    def redraw(self) -> None:
        self.current.refresh()
        self.bar.refresh()
        if self.idle.isVisible():
            self.idle.show_countdown()

    def out_of_service(self) -> None:
        """The kiosk could not start: tell citizens plainly; the log tells the technician why."""
        self.ctx.out_of_service = True
        self._show(self.home)

    # -- input ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # once: each call makes a Python enum
        if kind in _ACTIVITY:
            self.on_activity()
        elif kind == QEvent.Type.Paint and watched is self.home and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_frame.emit)
        return False

    def on_activity(self) -> None:
        if self.ctx.desk is not None:
            self.visit.activity()

    def simulate_insert(self, index: int) -> None:
        if self.simulator is not None:
            self.simulator.insert(index)
            self.cards.poll_now()

    def simulate_remove(self) -> None:
        if self.simulator is not None:
            self.simulator.remove()
            self.cards.poll_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        appfilters.remove(self)
        if self.keyboard is not None:
            self.keyboard.forget()
        super().closeEvent(event)

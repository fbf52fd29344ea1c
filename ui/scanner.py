"""The hall's keyboard-wedge scanner, as the window hears it: key events, which a scan's must not reach a field.

An application-wide filter (ui.appfilters) holds each character back while it may be part of a scan
(devices.scanner.wedge decides by timing). A whole scan goes to the visit (``scanned``) and no field sees it;
anything else is typing and is delivered again, in order, to the field with the focus. Only a device's key events
are looked at: those carry the time the window system saw them, which synthesised ones (a test's QTest, the
on-screen keyboard's input method) do not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from devices.scanner.wedge import ENTER, GAP_MS, WedgeDecoder
from ui import appfilters

_PRESS, _RELEASE = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
_Held = tuple[Qt.Key, Qt.KeyboardModifier, str]


class WedgeScanner(QObject):
    """Installed for the whole application; ``scanned`` gets each code read, from the event loop. Listens only
    while ``window`` shows (a closed window's scanner, in tests, stays quiet)."""

    _replaying = False  # for every scanner: what one delivers again, none holds back

    def __init__(self, scanned: Callable[[str], None], window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.scanned = scanned
        self.decoder = WedgeDecoder()
        self._held: list[_Held] = []  # the events behind decoder.held
        self._swallowed: list[int] = []  # keys whose press was held: their release is held too
        self._quiet = QTimer(self)  # no key for a while: what is held was typing
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(2 * GAP_MS)
        self._quiet.timeout.connect(self._flush)
        appfilters.install(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if WedgeScanner._replaying or kind not in (_PRESS, _RELEASE) or not isinstance(event, QKeyEvent):
            return False
        if not self.window.isVisible():
            return False
        key = Qt.Key(event.key())
        if kind == _RELEASE:
            if key in self._swallowed:
                self._swallowed.remove(key)
                return True
            return False
        if key in _MODIFIER_KEYS:  # a scanner presses Shift for capitals: neither typing nor the end of a burst
            return False
        at_ms = event.timestamp()
        if not at_ms:  # synthesised (a test's QTest, an input method's): no device typed it
            self._flush()
            return False
        verdict = self.decoder.key(ENTER if key in _ENTER_KEYS else event.text(), at_ms)
        if verdict.released:
            self._replay(self._held[: len(verdict.released)])
            self._held = self._held[len(verdict.released):]
        if verdict.passes:
            return False
        self._swallowed.append(key)
        if verdict.scan is not None:
            self._held.clear()
            self._quiet.stop()
            code = verdict.scan
            QTimer.singleShot(0, lambda: self.scanned(code))  # not inside event delivery: the screen changes
            return True
        self._held.append((key, event.modifiers(), event.text()))
        self._quiet.start()
        return True

    def _flush(self) -> None:
        released = self.decoder.flush()
        self._replay(self._held[: len(released)])
        self._held.clear()

    def _replay(self, events: list[_Held]) -> None:
        target = QApplication.focusWidget()
        if target is None or not events:
            return
        WedgeScanner._replaying = True
        try:
            for key, modifiers, text in events:
                for kind in (_PRESS, _RELEASE):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))
        finally:
            WedgeScanner._replaying = False

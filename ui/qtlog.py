"""Route Qt's own messages into Python logging (and so through the personal-data filter).

Only the command-line entry points install this: under pytest-qt its own handler must
stay, so that a Qt warning fails the test.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("ui.qt")

# Said by the offscreen platform whenever a window's size hints change or a list's popup opens, and by the
# on-screen keyboard's own QML (Qt 6.12, in two messages) when it first opens over a QLineEdit; nothing is wrong.
HARMLESS = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
    "QQmlExpression: Expression qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Components/Keyboard.qml:49:5"
    " depends on non-bindable properties:",
    "    QLineEdit::echoMode",
)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if message in HARMLESS:
        return
    log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    qInstallMessageHandler(_handle)

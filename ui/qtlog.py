"""Route Qt's own messages into Python logging (and so through the personal-data filter).

Only the command-line entry points install this: under pytest-qt its own handler must
stay, so that a Qt warning fails the test.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("ui.qt")

# Said by the offscreen platform whenever a window's size hints change; nothing is wrong.
HARMLESS = ("This plugin does not support propagateSizeHints()",)

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

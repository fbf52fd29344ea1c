"""systemd notification: READY at start, then WATCHDOG pings from the UI event loop.

Pinging from a Qt timer proves the event loop is alive, not just the process: a hung
UI stops the pings and systemd restarts the kiosk (see installer/kiosk.service).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("kiosk.app")


def notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send one sd_notify datagram; False when not run by systemd or the socket is gone."""
    path = (environ or os.environ).get("NOTIFY_SOCKET", "")
    if not path:
        return False
    address = "\0" + path[1:] if path.startswith("@") else path
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(state.encode(), address)
    except OSError as exc:
        log.warning("systemd notification failed: %s", exc.strerror)
        return False
    return True


def start_watchdog(parent: QObject, environ: Mapping[str, str] | None = None) -> QTimer | None:
    env = environ or os.environ
    notify("READY=1", env)
    interval_us = int(env.get("WATCHDOG_USEC", "0") or 0)
    if interval_us <= 0:
        return None
    timer = QTimer(parent)
    timer.setInterval(max(1000, interval_us // 2000))  # half the watchdog period, in ms
    timer.timeout.connect(lambda: notify("WATCHDOG=1", env))
    timer.start()
    return timer

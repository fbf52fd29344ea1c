"""Logging: named loggers, a rotating file in the state directory, stderr, and no personal data.

The PersonalDataFilter sits on every handler, so it also covers third-party loggers.
It redacts what has a shape (resident ID numbers, mobile numbers, bank card numbers)
and the free-text values of the citizen now at the kiosk (names, addresses), which the
session registers when a document is read and forgets when the session ends.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

LOGGER_NAMES = ("kiosk.app", "kiosk.session", "kiosk.store", "kiosk.sync", "devices.cards", "devices.printers", "ui")
REDACTED = "[redacted]"

_PATTERNS = (
    re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"),  # resident ID (18)
    re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"),  # old resident ID (15)
    re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)\d{16,19}(?!\d)"),  # bank card
    re.compile(r"(?<![\d-])\d{4}(?:([- ])\d{4}){3}(?:\1\d{1,3})?(?![\d-])"),  # bank card in groups: 6222 0212 ...
)
_lock = threading.Lock()
_personal_values: set[str] = set()


def _worth_registering(value: str) -> bool:
    """Names, addresses and other free text. Bare numbers are left to the patterns above:
    registering "50" (a newborn's length) would blank "HTTP 500" and every date with 50 in it."""
    return len(value) >= 2 and any(c.isalpha() for c in value)


def register_personal_values(values: Iterable[str]) -> None:
    """Redact these exact strings from every log line until they are forgotten."""
    with _lock:
        _personal_values.update(v.strip() for v in values if _worth_registering(v.strip()))


def forget_personal_values() -> None:
    with _lock:
        _personal_values.clear()


def redact(text: str) -> str:
    with _lock:
        values = sorted(_personal_values, key=len, reverse=True)
    for value in values:
        text = text.replace(value, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_installed: list[logging.Handler] = []


def init_logging(log_dir: Path | None, level: str = "INFO", stderr: bool = True) -> None:
    """Install the handlers on the root logger (again: replacing the previous ones)."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        _installed.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        )
    if stderr:
        _installed.append(logging.StreamHandler(sys.stderr))
    for handler in _installed:
        handler.addFilter(PersonalDataFilter())
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)

"""A background worker: one round of work, then a wait that ``kick`` cuts short. Stops when asked."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod


class Worker(ABC):
    name = "worker"
    log = logging.getLogger("kiosk.sync")

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def round(self) -> None:
        """One round of work, on the worker's thread."""

    @abstractmethod
    def pause_s(self) -> float:
        """How long to wait before the next round, unless kicked."""

    def kick(self) -> None:
        """Start the next round now."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.round()
            except Exception:  # the worker must outlive any single failure
                self.log.exception("%s round failed", self.name)
            self._wake.wait(timeout=self.pause_s())
            self._wake.clear()

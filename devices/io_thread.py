"""One I/O thread per device family, as in Electrum's hw_wallet: drivers are rarely thread-safe."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class DeviceThread:
    """A single worker thread that runs every call for one device family, in order."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"device-{family}")
        self._ident: int | None = None
        self._executor.submit(self._remember_ident).result()

    def _remember_ident(self) -> None:
        self._ident = threading.get_ident()

    def submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        return self._executor.submit(fn, *args)

    def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run on the device thread and wait; from the device thread itself, run inline."""
        if self.on_thread():
            return fn(*args)
        return self.submit(fn, *args).result()

    def on_thread(self) -> bool:
        return threading.get_ident() == self._ident

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

"""The application-wide event filters (the idle clock's activity, speech stopping on a touch), held back
while the window rebuilds a screen.

A Python filter on the whole application is called for every event to every object. A screen rebuilding
its widgets sends a few thousand of them (children added, style, font and palette changes, polish), and
each call into Python costs microseconds: with two filters, about half of a screen change. A rebuild runs
to its end without returning to the event loop, so no touch or key can arrive while the filters are out.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

P = ParamSpec("P")
R = TypeVar("R")

# In the order installed, which is kept when they come back. Weak: a window left open by a test is not kept alive.
_installed: list[weakref.ref[QObject]] = []
_held = 0  # how deep in held_back() we are


def _alive() -> list[QObject]:
    return [w for w in (ref() for ref in _installed) if w is not None and shiboken6.isValid(w)]


def install(watcher: QObject) -> None:
    """``watcher.eventFilter`` sees every event of the application (but not while held back)."""
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(watcher)
        _installed.append(weakref.ref(watcher))


def remove(watcher: QObject) -> None:
    app = QApplication.instance()
    if app is not None:
        app.removeEventFilter(watcher)
    _installed[:] = [ref for ref in _installed if ref() not in (None, watcher)]


@contextmanager
def held_back() -> Iterator[None]:
    """The application's filters out while the body runs, which must not run an event loop."""
    global _held
    app = QApplication.instance()
    held = _alive() if _held == 0 else []  # the outermost takes them out and puts them back
    _held += 1
    try:
        if app is None:
            yield
            return
        for watcher in held:
            app.removeEventFilter(watcher)
        try:
            yield
        finally:
            still = _alive()
            for watcher in held:
                if watcher in still:  # not removed meanwhile
                    app.installEventFilter(watcher)
    finally:
        _held -= 1


def quietly(method: Callable[P, R]) -> Callable[P, R]:
    """``method`` run with the application's filters held back."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with held_back():
            return method(*args, **kwargs)

    return run

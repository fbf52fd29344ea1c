"""What the visit needs from the world, as small protocols: timers, background work, the card
reader, the printer and the outbox (the platform's lookups are kiosk.sync.platform.Lookups).

The kiosk wires Qt-backed ones (ui/bridges.py); tests wire plain ones and drive time by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from kiosk.i18n import Language
from kiosk.printing import PrintResult

if TYPE_CHECKING:
    from kiosk.documents.model import Receipt
    from kiosk.mrz import MrzKey

T = TypeVar("T")


class Timer(Protocol):
    def cancel(self) -> None: ...


class Timers(Protocol):
    """The visit's clock: call ``fire`` once, ``seconds`` from now, unless cancelled first."""

    def start(self, seconds: float, fire: Callable[[], None]) -> Timer: ...


class Background(Protocol):
    """Runs ``work`` off the GUI thread; ``answer`` gets its result (None if it raised) back on it."""

    def run(self, work: Callable[[], T], answer: Callable[[T | None], None]) -> None: ...


class Cards(Protocol):
    def read_with(self, mrz: MrzKey) -> None:
        """Read the document on the reader again with the MRZ data typed; the result comes as a card read."""


class Printing(Protocol):
    """Print jobs run on the printers' thread; ``done`` gets the result back on the GUI thread."""

    printer_name: str

    def print_receipt(self, receipt: Receipt, lang: Language, done: Callable[[PrintResult], None]) -> None: ...

    def print_document(self, render: Callable[[], bytes], title: str, done: Callable[[PrintResult], None]) -> None:
        """``render`` (making the PDF takes time) runs on the printers' thread too."""


class Outbox(Protocol):
    def kick(self) -> None:
        """Try to deliver now rather than at the next round."""

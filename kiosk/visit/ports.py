"""What the visit needs from the world, as small protocols: timers, background work, the card
reader, the printer, the outbox, the message outbox (calls and audit events) and the staff card check
(the platform's lookups are kiosk.sync.platform.Lookups).

The kiosk wires Qt-backed ones (ui/bridges.py); tests wire plain ones and drive time by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

from kiosk.i18n import Language
from kiosk.printing import PrintResult

if TYPE_CHECKING:
    import datetime as dt

    from kiosk.documents.model import Receipt
    from kiosk.mrz import MrzKey
    from kiosk.reading import StaffCardProof
    from kiosk.sync.hall_wire import AuditEvent, StaffCall, StaffMember
    from kiosk.sync.platform import Lookups

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


class Messages(Protocol):
    """Calls for staff and staff audit events, queued on the kiosk and delivered like applications
    (kiosk/sync/messages.py); queuing is a quick local write."""

    def queue_call(self, call: StaffCall) -> None: ...

    def queue_audit(self, event: AuditEvent) -> None: ...

    def drop_call(self, uuid: str) -> bool:
        """Forget a call not delivered yet (cancelled meanwhile); False once it was delivered."""


class StaffCards(Protocol):
    """The platform-signed staff list cached on the kiosk (kiosk/staff/directory.py): works offline."""

    def check_card(self, proof: StaffCardProof, now: dt.datetime) -> StaffMember | None: ...


class NoMessages:
    """For a visit wired without a message outbox (older tests, the screen tour): nothing is kept."""

    def queue_call(self, call: StaffCall) -> None:
        return None

    def queue_audit(self, event: AuditEvent) -> None:
        return None

    def drop_call(self, uuid: str) -> bool:
        return True


class NoStaffCards:
    """No staff list yet: no staff card is accepted."""

    def check_card(self, proof: StaffCardProof, now: dt.datetime) -> StaffMember | None:
        return None


@dataclass(frozen=True)
class Services:
    """Everything a visit uses, wired once for the terminal."""

    timers: Timers
    background: Background
    cards: Cards
    printing: Printing
    outbox: Outbox
    lookups: Lookups
    messages: Messages = field(default_factory=NoMessages)
    staff_cards: StaffCards = field(default_factory=NoStaffCards)

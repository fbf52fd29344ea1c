"""The identity-document reader interface, modelled on Electrum's HW_PluginBase / HardwareClientBase.

Card-state problems (no card, removed mid-read, unreadable, expired) come back as a
ReadResult with a reason, as in VotingWorks' auth library; exceptions are for bugs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.reading import REASONS as REASONS
from kiosk.reading import PassiveAuth as PassiveAuth
from kiosk.reading import ReadResult as ReadResult
from kiosk.reading import ReadStatus as ReadStatus

if TYPE_CHECKING:
    from kiosk.mrz import MrzKey  # the MRZ code loads with the first passport, not at start-up


@dataclass(frozen=True)
class ReaderInfo:
    """One reader, for ``kiosk doctor`` and the technician screen."""

    name: str
    state: str  # "empty", "card", "in use" or "unavailable"
    atr: str = ""  # hex, when a card is in it


class DocumentSession(ABC):
    """One open document. Not cached across card insertions: ask the reader for a new one each time."""

    @abstractmethod
    def read(self) -> ReadResult: ...

    @abstractmethod
    def close(self) -> None: ...


class CardReader(ABC):
    """A reader backend. All calls happen on the cards' device thread."""

    name: str

    @abstractmethod
    def available(self) -> bool:
        """Whether the backend's library and service are present."""

    def enumerate(self) -> list[ReaderInfo]:
        """The readers this backend sees, with their state."""
        return [ReaderInfo(self.name, "card" if self.card_present() else "empty")]

    @abstractmethod
    def card_present(self) -> bool: ...

    def insertion(self) -> object | None:
        """A token for the card now on the reader, new for each insertion; None with no card.

        Readers that can tell insertions apart (a PC/SC event counter, a simulator's count)
        override this, so a quick swap of cards between two polls is still seen as a new card.
        """
        return True if self.card_present() else None

    @abstractmethod
    def open(self, mrz: MrzKey | None = None) -> DocumentSession | ReadResult:
        """A session on the inserted document, or a result saying why there is none.

        ``mrz`` opens an eMRTD's chip (Basic Access Control); other documents ignore it.
        """

    def close(self) -> None:  # noqa: B027 (most backends hold nothing to release)
        """Release the backend's context or library (on the device thread, at shutdown)."""


def read_and_close(opened: DocumentSession | ReadResult) -> ReadResult:
    """What ``CardReader.open`` gave, read: a session is read once and closed, a result passed on."""
    if isinstance(opened, ReadResult):
        return opened
    try:
        return opened.read()
    finally:
        opened.close()

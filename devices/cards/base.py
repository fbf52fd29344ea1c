"""The identity-document reader interface, modelled on Electrum's HW_PluginBase / HardwareClientBase.

Card-state problems (no card, removed mid-read, unreadable, expired) come back as a
ReadResult with a reason, as in VotingWorks' auth library; exceptions are for bugs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum

from kiosk.identity import IdentityRecord


class ReadStatus(StrEnum):
    OK = "ok"
    NO_CARD = "no_card"
    REMOVED = "removed"
    UNREADABLE = "unreadable"
    NO_READER = "no_reader"


@dataclass(frozen=True)
class ReadResult:
    status: ReadStatus
    record: IdentityRecord | None = None
    detail: str = ""  # for technicians and logs; never personal data

    @property
    def ok(self) -> bool:
        return self.status is ReadStatus.OK and self.record is not None


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

    @abstractmethod
    def card_present(self) -> bool: ...

    def insertion(self) -> object | None:
        """A token for the card now on the reader, new for each insertion; None with no card.

        Readers that can tell insertions apart (a PC/SC event counter, a simulator's count)
        override this, so a quick swap of cards between two polls is still seen as a new card.
        """
        return True if self.card_present() else None

    @abstractmethod
    def open(self) -> DocumentSession | ReadResult:
        """A session on the inserted document, or a result saying why there is none."""

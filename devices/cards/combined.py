"""Several reader backends as one: a hall kiosk has the resident-ID reader and a PC/SC reader side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from devices.cards.base import CardReader, DocumentSession, ReaderInfo, ReadResult, ReadStatus

if TYPE_CHECKING:
    from kiosk.mrz import MrzKey  # the MRZ code loads with the first passport, not at start-up


class CombinedReader(CardReader):
    """The card put on last, whichever backend holds it, is the one read."""

    name = "combined"

    def __init__(self, readers: Sequence[CardReader]) -> None:
        if not readers:
            raise ValueError("a combined reader needs at least one backend")
        self.readers = tuple(readers)
        self._arrivals: dict[int, object] = {}  # backend index → its insertion token, oldest first

    def available(self) -> bool:
        return any(r.available() for r in self.readers)

    def enumerate(self) -> list[ReaderInfo]:
        return [info for r in self.readers for info in r.enumerate()]

    def card_present(self) -> bool:
        return self.insertion() is not None

    def insertion(self) -> object | None:
        for index, reader in enumerate(self.readers):
            token = reader.insertion()
            if token is None:
                self._arrivals.pop(index, None)
            elif self._arrivals.get(index) != token:  # a new card: it becomes the newest
                self._arrivals.pop(index, None)
                self._arrivals[index] = token
        if not self._arrivals:
            return None
        index = next(reversed(self._arrivals))
        return (index, self._arrivals[index])

    def open(self, mrz: MrzKey | None = None) -> DocumentSession | ReadResult:
        if not self._arrivals:
            self.insertion()
        if not self._arrivals:
            return ReadResult(ReadStatus.NO_CARD)
        return self.readers[next(reversed(self._arrivals))].open(mrz)

    def close(self) -> None:
        for reader in self.readers:
            reader.close()

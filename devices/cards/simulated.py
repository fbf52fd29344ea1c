"""A simulated resident-ID reader for the demo and development (as VotingWorks' mock cards).

Demo people are fictional; their ID numbers carry valid check digits. A card is inserted
or removed by calling ``insert``/``remove`` (the demo UI and the keyboard do that).
"""

from __future__ import annotations

import datetime as dt
import threading

from devices.cards.base import CardReader, DocumentSession, ReadResult, ReadStatus
from kiosk.identity import DocumentType, IdentityRecord
from kiosk.mrz import MrzKey

DEMO_PEOPLE: tuple[IdentityRecord, ...] = (
    IdentityRecord(
        document_type=DocumentType.RESIDENT_ID,
        id_number="430102199003071285",
        name="李晓梅",
        sex="F",
        ethnicity="汉",
        birth_date=dt.date(1990, 3, 7),
        address="湖南省长沙市芙蓉区五一大道 188 号",
        issuer="长沙市公安局芙蓉分局",
        valid_from=dt.date(2020, 5, 11),
        valid_until=dt.date(2040, 5, 11),
    ),
    IdentityRecord(
        document_type=DocumentType.RESIDENT_ID,
        id_number="430521195806121357",
        name="王建国",
        sex="M",
        ethnicity="汉",
        birth_date=dt.date(1958, 6, 12),
        address="湖南省邵阳市邵东市两市镇光明路 16 号",
        issuer="邵东市公安局",
        valid_from=dt.date(2016, 8, 1),
        valid_until=None,
    ),
    IdentityRecord(
        document_type=DocumentType.RESIDENT_ID,
        id_number="430702199509210062",
        name="向丽娟",
        sex="F",
        ethnicity="土家",
        birth_date=dt.date(1995, 9, 21),
        address="湖南省常德市武陵区朗州路 3 号",
        issuer="常德市公安局武陵分局",
        valid_from=dt.date(2013, 9, 2),
        valid_until=dt.date(2023, 9, 2),  # expired: the UI must say so
    ),
)


class _SimulatedSession(DocumentSession):
    def __init__(self, reader: SimulatedReader) -> None:
        self._reader = reader

    def read(self) -> ReadResult:
        record = self._reader.inserted
        if self._reader.damaged:
            return ReadResult(ReadStatus.UNREADABLE, detail="simulated damaged card")
        if record is None:
            return ReadResult(ReadStatus.REMOVED, detail="card removed during the read")
        return ReadResult(ReadStatus.OK, record)

    def close(self) -> None:
        pass


class SimulatedReader(CardReader):
    name = "simulated"

    def __init__(self, people: tuple[IdentityRecord, ...] = DEMO_PEOPLE) -> None:
        self.people = people
        self._inserted: IdentityRecord | None = None
        self._damaged = False
        self._insertions = 0
        self._lock = threading.Lock()

    @property
    def inserted(self) -> IdentityRecord | None:
        with self._lock:
            return self._inserted

    @property
    def damaged(self) -> bool:
        with self._lock:
            return self._damaged

    def insert(self, person: int | IdentityRecord = 0) -> None:
        with self._lock:
            self._inserted = self.people[person] if isinstance(person, int) else person
            self._damaged = False
            self._insertions += 1

    def insert_damaged(self) -> None:
        """A card whose chip does not answer, to practise the error path."""
        with self._lock:
            self._inserted = None
            self._damaged = True
            self._insertions += 1

    def remove(self) -> None:
        with self._lock:
            self._inserted = None
            self._damaged = False

    def available(self) -> bool:
        return True

    def card_present(self) -> bool:
        with self._lock:
            return self._inserted is not None or self._damaged

    def insertion(self) -> object | None:
        with self._lock:
            return self._insertions if self._inserted is not None or self._damaged else None

    def open(self, mrz: MrzKey | None = None) -> DocumentSession | ReadResult:
        if not self.card_present():
            return ReadResult(ReadStatus.NO_CARD)
        return _SimulatedSession(self)

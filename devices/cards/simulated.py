"""A simulated reader for the demo and development (as VotingWorks' mock cards): ID cards, a passport
and a hall staff card.

Demo people are fictional; their ID numbers carry valid check digits. A card is inserted
or removed by calling ``insert``/``insert_staff``/``remove`` (the demo UI and the keyboard do that).
``people`` lists only citizens' documents: the staff card is not one.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING

from devices.cards.base import CardReader, DocumentSession, PassiveAuth, ReadResult, ReadStatus
from kiosk.identity import DocumentFamily, DocumentType, IdentityRecord
from kiosk.reading import StaffCardProof

if TYPE_CHECKING:
    from kiosk.mrz import MrzKey  # the MRZ code loads with the first passport, not at start-up

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


# A passport holder, to practise the MRZ entry that opens an eMRTD's chip: E12345678, 850615, 330131.
DEMO_TRAVELLER = IdentityRecord(
    document_type=DocumentType.PASSPORT,
    id_number="430102198506151231",
    name="张伟",
    sex="M",
    ethnicity="",
    birth_date=dt.date(1985, 6, 15),
    address="",
    issuer="CHN",
    valid_until=dt.date(2033, 1, 31),
    name_latin="ZHANG WEI",
    nationality="CHN",
    document_number="E12345678",
)


# The demo staff card's Ed25519 key. DEMO ONLY: it is public in this source. central/seed.py binds its
# public key to S0012 for the demo and the tour; never bind it on a real platform.
DEMO_STAFF_NUMBER = "S0012"
DEMO_STAFF_PRIVATE_KEY_NOT_SECRET = b"DEMO-ONLY staff card key S0012!!"  # 32 bytes: the raw Ed25519 seed
DEMO_STAFF_PUBLIC_KEY: bytes = bytes.fromhex("810c57e52784a883938b687d3b85c3d861718da8aacf821776be4dab5ce3b294")


def demo_staff_card() -> ReadResult:
    """What the demo staff card gives: a signature of a challenge made for this read, as a real one would.

    cryptography loads with the first staff card, not at start-up."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from devices.cards.staffcard import make_challenge

    challenge = make_challenge()
    signature = Ed25519PrivateKey.from_private_bytes(DEMO_STAFF_PRIVATE_KEY_NOT_SECRET).sign(challenge)
    proof = StaffCardProof(DEMO_STAFF_NUMBER, DEMO_STAFF_PUBLIC_KEY, challenge, signature)
    return ReadResult(ReadStatus.STAFF_CARD, staff=proof)


def mrz_key_of(record: IdentityRecord) -> MrzKey | None:
    """The MRZ data that opens a simulated eMRTD: its number, birth date and expiry date."""
    if record.family is not DocumentFamily.EMRTD or record.valid_until is None:
        return None
    from kiosk.mrz import MrzKey

    return MrzKey(record.document_number, record.birth_date.strftime("%y%m%d"), record.valid_until.strftime("%y%m%d"))


class _SimulatedSession(DocumentSession):
    def __init__(self, reader: SimulatedReader, mrz: MrzKey | None) -> None:
        self._reader = reader
        self._mrz = mrz

    def read(self) -> ReadResult:
        record = self._reader.inserted
        if self._reader.damaged:
            return ReadResult(ReadStatus.UNREADABLE, detail="simulated damaged card")
        if self._reader.staff_inserted:
            return demo_staff_card()
        if record is None:
            return ReadResult(ReadStatus.REMOVED, detail="card removed during the read")
        expected = mrz_key_of(record)
        if expected is None:
            return ReadResult(ReadStatus.OK, record)
        if self._mrz is None:
            return ReadResult(ReadStatus.NEEDS_MRZ, detail="simulated eMRTD")
        if self._mrz != expected:
            return ReadResult(ReadStatus.WRONG_MRZ, detail="simulated eMRTD")
        return ReadResult(ReadStatus.OK, record, passive_auth=PassiveAuth(True, "valid", "not_verified", (1, 11)))

    def close(self) -> None:
        pass


class SimulatedReader(CardReader):
    name = "simulated"

    def __init__(self, people: tuple[IdentityRecord, ...] = (*DEMO_PEOPLE, DEMO_TRAVELLER)) -> None:
        self.people = people
        self._inserted: IdentityRecord | None = None
        self._damaged = False
        self._staff = False
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

    @property
    def staff_inserted(self) -> bool:
        with self._lock:
            return self._staff

    def insert(self, person: int | IdentityRecord = 0) -> None:
        with self._lock:
            self._inserted = self.people[person] if isinstance(person, int) else person
            self._damaged = self._staff = False
            self._insertions += 1

    def insert_damaged(self) -> None:
        """A card whose chip does not answer, to practise the error path."""
        with self._lock:
            self._inserted = None
            self._damaged, self._staff = True, False
            self._insertions += 1

    def insert_staff(self) -> None:
        """The demo staff card (DEMO_STAFF_NUMBER), to sign in as staff."""
        with self._lock:
            self._inserted = None
            self._damaged, self._staff = False, True
            self._insertions += 1

    def remove(self) -> None:
        with self._lock:
            self._inserted = None
            self._damaged = self._staff = False

    def available(self) -> bool:
        return True

    def card_present(self) -> bool:
        with self._lock:
            return self._inserted is not None or self._damaged or self._staff

    def insertion(self) -> object | None:
        with self._lock:
            return self._insertions if self._inserted is not None or self._damaged or self._staff else None

    def open(self, mrz: MrzKey | None = None) -> DocumentSession | ReadResult:
        if not self.card_present():
            return ReadResult(ReadStatus.NO_CARD)
        return _SimulatedSession(self, mrz)

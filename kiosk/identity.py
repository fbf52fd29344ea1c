"""The citizen's identity as read from a document, and the resident ID number rules (GB 11643)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.i18n import Text

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_birth_date(number: str) -> dt.date | None:
    """The birth date encoded in an 18-character resident ID number, or None if it is not a real date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_sex(number: str) -> str:
    """'M' or 'F', from the sequence digit (odd is male)."""
    return "M" if int(number[16]) % 2 else "F"


def implied_by_id_number(number: str) -> tuple[dt.date | None, str]:
    """The birth date and sex that a valid resident ID number encodes, for documents that do not store them."""
    if not is_valid_id_number(number):
        return None, ""
    return id_birth_date(number), id_sex(number)


def is_valid_id_number(number: str) -> bool:
    """An 18-character resident ID number with a real birth date and the right check character."""
    return (
        len(number) == 18
        and number[:17].isdigit()
        and id_birth_date(number) is not None
        and id_check_char(number[:17]) == number[17].upper()
    )


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"  # 外国人永久居留身份证
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证
    SOCIAL_SECURITY = "social_security"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"


class DocumentFamily(StrEnum):
    """How the document is read: the ``document_type`` of ``kiosk card read --json``."""

    RESIDENT_ID = "resident_id"  # the second-generation card and its siblings, through a vendor SDK
    SOCIAL_SECURITY_CARD = "social_security_card"  # ISO 7816 contact card, SSSE application
    EMRTD = "emrtd"  # ICAO 9303 chip: passports and travel permits


DOCUMENT_FAMILIES: dict[DocumentType, DocumentFamily] = {
    DocumentType.RESIDENT_ID: DocumentFamily.RESIDENT_ID,
    DocumentType.FOREIGN_PERMANENT_RESIDENT: DocumentFamily.RESIDENT_ID,
    DocumentType.HMT_RESIDENCE_PERMIT: DocumentFamily.RESIDENT_ID,
    DocumentType.SOCIAL_SECURITY: DocumentFamily.SOCIAL_SECURITY_CARD,
    DocumentType.PASSPORT: DocumentFamily.EMRTD,
    DocumentType.HK_MACAO_PERMIT: DocumentFamily.EMRTD,
    DocumentType.TAIWAN_PERMIT: DocumentFamily.EMRTD,
}

DOCUMENT_NAMES: dict[DocumentType, Text] = {
    DocumentType.RESIDENT_ID: Text("居民身份证", "Resident ID card"),
    DocumentType.FOREIGN_PERMANENT_RESIDENT: Text("外国人永久居留身份证", "Foreign permanent resident ID card"),
    DocumentType.HMT_RESIDENCE_PERMIT: Text("港澳台居民居住证", "Residence permit for HK, Macao and Taiwan residents"),
    DocumentType.SOCIAL_SECURITY: Text("社会保障卡", "Social security card"),
    DocumentType.PASSPORT: Text("护照", "Passport"),
    DocumentType.HK_MACAO_PERMIT: Text("往来港澳通行证", "Travel permit to HK and Macao"),
    DocumentType.TAIWAN_PERMIT: Text("往来台湾通行证", "Travel permit to Taiwan"),
}


def mask_name(name: str) -> str:
    """Keep the surname's first character: 张三丰 → 张**."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_id_number(number: str) -> str:
    """Keep the first 3 and last 4 characters: 430***********1234."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:] if len(number) > 7 else "*" * len(number)


@dataclass(frozen=True)
class IdentityRecord:
    """Who is at the kiosk. The repr is masked so a stray log line cannot leak it."""

    document_type: DocumentType
    id_number: str  # the resident ID number; "" when the document has none (a foreigner's passport)
    name: str
    sex: str  # "M" or "F" ("" when the document does not say)
    ethnicity: str  # 民族 for Chinese citizens
    birth_date: dt.date
    address: str
    issuer: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # None: long-term (长期)
    photo: bytes | None = field(default=None, repr=False, compare=False)
    name_latin: str = ""  # as in the MRZ: SURNAME<<GIVEN NAMES, with spaces
    nationality: str = ""  # ICAO three-letter code (CHN); "" for a resident ID card
    document_number: str = ""  # passport or permit number; "" when it is the ID number
    card_number: str = ""  # the social security card's own number
    birth_place: str = ""  # 出生地, a division (湖南省长沙市芙蓉区), from social security cards that hold it

    def is_expired(self, today: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < today

    @property
    def family(self) -> DocumentFamily:
        return DOCUMENT_FAMILIES[self.document_type]

    @property
    def citizen_id(self) -> str:
        """What identifies the person across visits: the ID number, else the document's own number."""
        if self.id_number:
            return self.id_number
        return f"{self.document_type}:{self.nationality}:{self.document_number}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_document_number(self) -> str:
        return mask_id_number(self.document_number or self.id_number)

    def personal_values(self) -> tuple[str, ...]:
        """Every free-text personal value, for the log filter to redact."""
        values = (self.name, self.name_latin, self.id_number, self.address, self.document_number, self.card_number)
        return tuple(v for v in values if v)

    def __repr__(self) -> str:
        return f"IdentityRecord({self.document_type}, {self.masked_name}, {self.masked_id_number})"

    __str__ = __repr__

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


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"
    SOCIAL_SECURITY = "social_security"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"


DOCUMENT_NAMES: dict[DocumentType, Text] = {
    DocumentType.RESIDENT_ID: Text("居民身份证", "Resident ID card"),
    DocumentType.SOCIAL_SECURITY: Text("社会保障卡", "Social security card"),
    DocumentType.PASSPORT: Text("护照", "Passport"),
    DocumentType.HK_MACAO_PERMIT: Text("往来港澳通行证", "Travel permit to HK and Macao"),
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
    id_number: str
    name: str
    sex: str  # "M" or "F"
    ethnicity: str
    birth_date: dt.date
    address: str
    issuer: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # None: long-term (长期)
    photo: bytes | None = field(default=None, repr=False, compare=False)

    def is_expired(self, today: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < today

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def personal_values(self) -> tuple[str, ...]:
        """Every free-text personal value, for the log filter to redact."""
        return tuple(v for v in (self.name, self.id_number, self.address) if v)

    def __repr__(self) -> str:
        return f"IdentityRecord({self.document_type}, {self.masked_name}, {self.masked_id_number})"

    __str__ = __repr__

"""The second-generation resident ID card (二代证) and its siblings, read through a vendor SDK with ctypes.

Two SDK families are common. ``CVR_*`` (termb) reads the card and hands out each field as GBK text,
and the photo as a BMP; ``SDT_*`` (sdtapi) hands out the card's own 256-byte UCS-2LE base message and
its WLT photo. ``family="auto"`` picks by the symbols the library exports and prefers SDT when both are
there: its text is the card's UCS-2, so a rare name character outside GBK (㛃) survives, where CVR's
getters turn it into "?" (such a read is refused as UNREADABLE rather than put a wrong name on a form).

CVR getters used: CVR_InitComm/Authenticate/Read_Content/CloseComm, GetPeopleName, GetPeopleSex,
GetPeopleNation (code or name), GetPeopleBirthday, GetPeopleAddress, GetPeopleIDCode, GetDepartment,
GetStartDate, GetEndDate; optional GetBMPData, GetCertType (" ", "I" or "J"), GetPassCheckID and
GetIssuesNum ("J"), GetPeopleChineseName, GetPeopleEnglishName and GetNationality ("I"). A build without
the optional getters reads resident cards only; other card types come back as UNKNOWN_CARD.

Some SDKs leave the text (wz.txt) and photo (zp.bmp) of the last card in the working directory; those
are the previous citizen's data, so every read deletes them, before and after, whatever its outcome.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import logging
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from devices.cards.base import CardReader, DocumentSession, ReaderInfo, ReadResult, ReadStatus
from kiosk import divisions
from kiosk.identity import DocumentType, IdentityRecord, implied_by_id_number, is_valid_id_number
from kiosk.mrz import MrzKey

log = logging.getLogger(__name__)

SDK_NOT_FOUND = "SDK_NOT_FOUND"
SDK_PROTOCOL_UNSUPPORTED = "SDK_PROTOCOL_UNSUPPORTED"
PORT_OPEN_FAILED = "PORT_OPEN_FAILED"
TEXT_OUTSIDE_GBK = "TEXT_OUTSIDE_GBK"
LEFTOVERS = ("zp.bmp", "wz.txt", "xp.wlt", "fp.dat")
FAMILIES = ("auto", "cvr", "sdt")

# ---- The base message: 128 UCS-2 characters; spans are [start, end) in characters. ----

BLOCK_SIZE = 256
TYPE_FLAG_AT = 124
LONG_TERM = "长期"

_RESIDENT = {
    "name": (0, 15), "sex": (15, 16), "nation": (16, 18), "birth": (18, 26), "address": (26, 61),
    "id_number": (61, 79), "issuer": (79, 94), "valid_from": (94, 102), "valid_until": (102, 110),
}
_HMT = {k: v for k, v in _RESIDENT.items() if k != "nation"} | {"document_number": (110, 119),
                                                                 "issue_count": (119, 121)}
_FOREIGN = {  # the 2017 layout
    "name_latin": (0, 60), "sex": (60, 61), "document_number": (61, 76), "nationality": (76, 79),
    "name": (79, 94), "valid_from": (94, 102), "valid_until": (102, 110), "birth": (110, 118),
    "version": (118, 120), "authority": (120, 124),
}
_LAYOUTS = {DocumentType.RESIDENT_ID: _RESIDENT, DocumentType.HMT_RESIDENCE_PERMIT: _HMT,
            DocumentType.FOREIGN_PERMANENT_RESIDENT: _FOREIGN}
_TYPE_FLAGS = {"I": DocumentType.FOREIGN_PERMANENT_RESIDENT, "J": DocumentType.HMT_RESIDENCE_PERMIT}
_SEXES = {"1": "M", "2": "F", "男": "M", "女": "F"}
_DATE_SEPARATORS = str.maketrans("", "", "-./年月日 ")


def card_type(flag: str) -> DocumentType:
    """The document a card type flag names: "I", "J", anything else a resident card."""
    return _TYPE_FLAGS.get(flag.strip(), DocumentType.RESIDENT_ID)


def parse_base_message(block: bytes) -> IdentityRecord:
    """The record in an SDT base message; ValueError if it is not a well-formed one."""
    if len(block) != BLOCK_SIZE:
        raise ValueError(f"base message has {len(block)} bytes, not {BLOCK_SIZE}")
    try:
        text = block.decode("utf-16-le")
    except UnicodeDecodeError:
        raise ValueError("base message is not UCS-2") from None
    if len(text) != BLOCK_SIZE // 2:
        raise ValueError("base message has surrogate pairs, which UCS-2 has not")
    doc_type = card_type(text[TYPE_FLAG_AT])
    return record_from_fields(doc_type, {k: text[a:b].rstrip(" ") for k, (a, b) in _LAYOUTS[doc_type].items()})


def record_from_fields(doc_type: DocumentType, fields: Mapping[str, str]) -> IdentityRecord:
    """Check and convert a card's text fields (keys as in the layouts). Errors name a field, never its value."""
    for key, value in fields.items():
        if any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffd\ufffe\uffff" for c in value):
            raise ValueError(f"{key} has characters no card holds")
    valid_from = _date(fields["valid_from"], "valid_from")
    valid_until = None if fields["valid_until"] == LONG_TERM else _date(fields["valid_until"], "valid_until")
    sex = _SEXES.get(fields["sex"], "")
    if doc_type is DocumentType.FOREIGN_PERMANENT_RESIDENT:
        number, nationality, name_latin = fields["document_number"], fields["nationality"], fields["name_latin"]
        if len(number) != 15 or not (number.isascii() and number.isalnum()):
            raise ValueError("permanent-residence number is malformed")
        if len(nationality) != 3 or not (nationality.isascii() and nationality.isalpha()):
            raise ValueError("nationality is malformed")
        if not (fields["name"] or name_latin):
            raise ValueError("name is empty")
        return IdentityRecord(
            document_type=doc_type, id_number="", name=fields["name"] or name_latin, sex=sex, ethnicity="",
            birth_date=_date(fields["birth"], "birth"), address="", valid_from=valid_from,
            valid_until=valid_until, name_latin=name_latin, nationality=nationality.upper(), document_number=number,
        )
    id_number = fields["id_number"].upper()
    if not is_valid_id_number(id_number):
        raise ValueError("ID number is malformed")
    if not fields["name"]:
        raise ValueError("name is empty")
    implied_birth, implied_sex = implied_by_id_number(id_number)
    try:
        birth = _date(fields["birth"], "birth")
    except ValueError:
        if implied_birth is None:
            raise
        birth = implied_birth
    document_number = ""
    if doc_type is DocumentType.HMT_RESIDENCE_PERMIT:
        document_number = fields["document_number"]
        if not (document_number.isascii() and document_number.isalnum()):
            raise ValueError("pass number is malformed")
    return IdentityRecord(
        document_type=doc_type, id_number=id_number, name=fields["name"], sex=sex or implied_sex,
        ethnicity=_nation(fields["nation"]) if doc_type is DocumentType.RESIDENT_ID else "",
        birth_date=birth, address=fields["address"], issuer=fields["issuer"], valid_from=valid_from,
        valid_until=valid_until, document_number=document_number,
    )


def _date(value: str, field: str) -> dt.date:
    """YYYYMMDD (the card), or with separators as some CVR builds give it."""
    digits = value.translate(_DATE_SEPARATORS)
    if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{field} is not a date")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValueError(f"{field} is not a date") from None


def _nation(value: str) -> str:
    """The 民族 name from its GB 3304 code (SDT, some CVR builds) or as the SDK names it (other CVR builds)."""
    if value.isascii() and value.isdigit():
        name = divisions.nation_on_card(value)
        if name is None:
            raise ValueError("nation code is unknown")
        return name
    if not value:
        raise ValueError("nation is empty")
    return value.removesuffix("族") or value


# ---- The SDK families. ----

_CVR_OK = 1
_SDT_OK, _SDT_FOUND = 0x90, 0x9F
_CVR_REQUIRED = ("CVR_InitComm", "CVR_Authenticate", "CVR_Read_Content", "CVR_CloseComm", "GetPeopleName",
                 "GetPeopleSex", "GetPeopleNation", "GetPeopleBirthday", "GetPeopleAddress", "GetPeopleIDCode",
                 "GetDepartment", "GetStartDate", "GetEndDate")
_SDT_REQUIRED = ("SDT_OpenPort", "SDT_ClosePort", "SDT_StartFindIDCard", "SDT_SelectIDCard", "SDT_ReadBaseMsg")
_CVR_RESIDENT = {
    "name": "GetPeopleName", "sex": "GetPeopleSex", "nation": "GetPeopleNation", "birth": "GetPeopleBirthday",
    "address": "GetPeopleAddress", "id_number": "GetPeopleIDCode", "issuer": "GetDepartment",
    "valid_from": "GetStartDate", "valid_until": "GetEndDate",
}
_CVR_GETTERS = {
    DocumentType.RESIDENT_ID: _CVR_RESIDENT,
    DocumentType.HMT_RESIDENCE_PERMIT: {k: v for k, v in _CVR_RESIDENT.items() if k != "nation"}
    | {"document_number": "GetPassCheckID", "issue_count": "GetIssuesNum"},
    DocumentType.FOREIGN_PERMANENT_RESIDENT: {
        "name": "GetPeopleChineseName", "name_latin": "GetPeopleEnglishName", "sex": "GetPeopleSex",
        "document_number": "GetPeopleIDCode", "nationality": "GetNationality", "birth": "GetPeopleBirthday",
        "valid_from": "GetStartDate", "valid_until": "GetEndDate",
    },
}
_TEXT_BUFFER = 512
_PHOTO_BUFFER = 64 * 1024  # a 102×126 24-bit BMP is 38,862 bytes


def _prototype(lib: ctypes.CDLL, name: str, *argtypes: type) -> None:
    function = getattr(lib, name)
    function.argtypes = list(argtypes)
    function.restype = ctypes.c_int


class _Driver(ABC):
    """One SDK family on one port: the reader's calls, without its bookkeeping."""

    family: str

    def __init__(self, lib: ctypes.CDLL, port: int) -> None:
        self.lib = lib
        self.port = port

    @abstractmethod
    def open_port(self) -> bool: ...

    @abstractmethod
    def close_port(self) -> None: ...

    @abstractmethod
    def present(self) -> bool: ...

    @abstractmethod
    def read(self) -> ReadResult: ...

    def failed(self, detail: str) -> ReadResult:
        """A read that did not finish: the card was taken away, or it did not answer."""
        status = ReadStatus.UNREADABLE if self.present() else ReadStatus.REMOVED
        return ReadResult(status, detail=detail)


class _Cvr(_Driver):
    family = "cvr"

    def __init__(self, lib: ctypes.CDLL, port: int) -> None:
        super().__init__(lib, port)
        _prototype(lib, "CVR_InitComm", ctypes.c_int)
        _prototype(lib, "CVR_Read_Content", ctypes.c_int)
        _prototype(lib, "CVR_Authenticate")
        _prototype(lib, "CVR_CloseComm")
        getters = {g for getters in _CVR_GETTERS.values() for g in getters.values()} | {"GetCertType", "GetBMPData"}
        for name in getters:
            if hasattr(lib, name):
                _prototype(lib, name, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int))

    def open_port(self) -> bool:
        return bool(self.lib.CVR_InitComm(self.port) == _CVR_OK)

    def close_port(self) -> None:
        self.lib.CVR_CloseComm()

    def present(self) -> bool:
        return bool(self.lib.CVR_Authenticate() == _CVR_OK)

    def read(self) -> ReadResult:
        if not self.present():
            return ReadResult(ReadStatus.REMOVED, detail="card gone before the read")
        if self.lib.CVR_Read_Content(1) != _CVR_OK:
            return self.failed("CVR_Read_Content failed")
        doc_type = card_type(self._text("GetCertType")) if hasattr(self.lib, "GetCertType") else None
        getters = _CVR_GETTERS[doc_type or DocumentType.RESIDENT_ID]
        missing = [g for g in getters.values() if not hasattr(self.lib, g)]
        if missing:
            return ReadResult(ReadStatus.UNKNOWN_CARD, detail=f"the SDK has no {missing[0]} for a {doc_type} card")
        fields = {key: self._text(getter) for key, getter in getters.items()}
        if any("?" in value for value in fields.values()):  # the SDK's stand-in for a character GBK lacks
            return ReadResult(ReadStatus.UNREADABLE, detail=f"{TEXT_OUTSIDE_GBK}: read it with the SDT family")
        try:
            record = record_from_fields(doc_type or DocumentType.RESIDENT_ID, fields)
        except ValueError as error:
            return ReadResult(ReadStatus.UNREADABLE, detail=f"card text malformed: {error}")
        return ReadResult(ReadStatus.OK, replace(record, photo=self._photo()))

    def _text(self, getter: str) -> str:
        buffer = ctypes.create_string_buffer(_TEXT_BUFFER)
        size = ctypes.c_int(_TEXT_BUFFER)
        if getattr(self.lib, getter)(buffer, ctypes.byref(size)) != _CVR_OK:
            return ""
        raw = buffer.raw[: size.value] if 0 <= size.value < _TEXT_BUFFER else buffer.raw
        # GB 18030 decodes GBK alike, and also the four-byte forms a few newer builds give.
        return raw.split(b"\0", 1)[0].decode("gb18030", errors="replace").rstrip(" ")

    def _photo(self) -> bytes | None:
        if not hasattr(self.lib, "GetBMPData"):
            return None
        buffer = ctypes.create_string_buffer(_PHOTO_BUFFER)
        size = ctypes.c_int(_PHOTO_BUFFER)
        if self.lib.GetBMPData(buffer, ctypes.byref(size)) != _CVR_OK or not 0 < size.value <= _PHOTO_BUFFER:
            return None
        photo = buffer.raw[: size.value]
        return photo if photo.startswith(b"BM") else None


class _Sdt(_Driver):
    family = "sdt"

    def __init__(self, lib: ctypes.CDLL, port: int) -> None:
        super().__init__(lib, port)
        _prototype(lib, "SDT_OpenPort", ctypes.c_int)
        _prototype(lib, "SDT_ClosePort", ctypes.c_int)
        for name in ("SDT_StartFindIDCard", "SDT_SelectIDCard"):
            _prototype(lib, name, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        uint_p = ctypes.POINTER(ctypes.c_uint)
        _prototype(lib, "SDT_ReadBaseMsg", ctypes.c_int, ctypes.c_char_p, uint_p, ctypes.c_char_p, uint_p, ctypes.c_int)

    def open_port(self) -> bool:
        return bool(self.lib.SDT_OpenPort(self.port) == _SDT_OK)

    def close_port(self) -> None:
        self.lib.SDT_ClosePort(self.port)

    def present(self) -> bool:
        # Some readers answer a second find on a card already found with 0x80; a select still succeeds.
        mana = ctypes.create_string_buffer(16)
        return bool(self.lib.SDT_StartFindIDCard(self.port, mana, 0) == _SDT_FOUND
                    or self.lib.SDT_SelectIDCard(self.port, mana, 0) == _SDT_OK)

    def read(self) -> ReadResult:
        mana = ctypes.create_string_buffer(16)
        self.lib.SDT_StartFindIDCard(self.port, mana, 0)  # see present(): the select decides
        if self.lib.SDT_SelectIDCard(self.port, mana, 0) != _SDT_OK:
            return ReadResult(ReadStatus.REMOVED, detail="card gone before the read")
        text, photo = ctypes.create_string_buffer(1024), ctypes.create_string_buffer(2048)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        rc = self.lib.SDT_ReadBaseMsg(self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0)
        if rc != _SDT_OK:
            return self.failed(f"SDT_ReadBaseMsg returned {rc:#x}")
        try:
            record = parse_base_message(text.raw[: min(text_len.value, len(text))])
        except ValueError as error:
            return ReadResult(ReadStatus.UNREADABLE, detail=f"card text malformed: {error}")
        # The photo is WLT, a proprietary wavelet compression that only the vendor's licensed decoder
        # library turns into a BMP; we do not reimplement it, so the record has no photo.
        return ReadResult(ReadStatus.OK, record)


_DRIVERS: dict[str, tuple[type[_Driver], tuple[str, ...]]] = {
    "sdt": (_Sdt, _SDT_REQUIRED),  # first: preferred by "auto" (see the module docstring)
    "cvr": (_Cvr, _CVR_REQUIRED),
}


class _VendorSession(DocumentSession):
    def __init__(self, reader: VendorIdCardReader, driver: _Driver) -> None:
        self._reader = reader
        self._driver = driver
        self._closed = False

    def read(self) -> ReadResult:
        if self._closed:
            return ReadResult(ReadStatus.REMOVED, detail="session closed")
        self._reader.remove_leftovers()  # a stale file must not pass for this card's
        try:
            result = self._driver.read()
        finally:
            self._reader.remove_leftovers()
        log.debug("vendor ID card read: %s %s", result.status, result.detail)
        return result

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._reader.session_closed(self)


class VendorIdCardReader(CardReader):
    """A resident-ID reader behind a vendor SDK. The library is loaded on first use, on the device thread."""

    def __init__(self, library: Path | str, family: str = "auto", port: int = 1001,
                 workdir: Path | None = None) -> None:
        if family not in FAMILIES:
            raise ValueError(f"family must be one of {FAMILIES}, not {family!r}")
        if not (1 <= port <= 16 or 1001 <= port <= 1016):
            raise ValueError(f"port {port} is neither serial (1–16) nor USB (1001–1016)")
        self.library = library
        self.family = family
        self.port = port
        self.workdir = workdir
        self.name = f"vendor:{family}:{port}"
        self._driver: _Driver | None = None
        self._problem = ""  # why there is no driver: the NO_SERVICE detail
        self._port_open = False
        self._port_failing = False
        self._session: _VendorSession | None = None
        self._was_present = False
        self._insertions = 0

    def _load(self) -> _Driver | None:
        """The driver, loading the library the first time; None (and ``_problem``) if it cannot be used.

        A library that fails to load is not tried again: installing the SDK means restarting the kiosk.
        """
        if self._driver is not None or self._problem:
            return self._driver
        try:
            lib = ctypes.CDLL(str(self.library))
        except OSError as error:
            self._problem = SDK_NOT_FOUND
            log.warning("ID card SDK %s cannot be loaded: %s", self.library, error)
            return None
        wanted = list(_DRIVERS) if self.family == "auto" else [self.family]
        for family in wanted:
            driver_class, required = _DRIVERS[family]
            if all(hasattr(lib, symbol) for symbol in required):
                self._driver = driver_class(lib, self.port)
                self.name = f"vendor:{family}:{self.port}"
                return self._driver
        self._problem = SDK_PROTOCOL_UNSUPPORTED
        log.warning("ID card SDK %s exports no %s functions", self.library, " or ".join(wanted))
        return None

    def _ready(self) -> _Driver | None:
        """The driver with its port open, or None."""
        driver = self._load()
        if driver is not None and not self._port_open:
            self._port_open = driver.open_port()
            if not self._port_open and not self._port_failing:  # once, not on every poll
                log.warning("ID card reader port %d does not open", self.port)
            self._port_failing = not self._port_open
        return driver if self._port_open else None

    def _close_port(self) -> None:
        if self._port_open and self._driver is not None:
            self._driver.close_port()
        self._port_open = False

    def available(self) -> bool:
        return self._load() is not None

    def enumerate(self) -> list[ReaderInfo]:
        driver = self._ready()
        if driver is None:
            state = "unavailable"
        elif self._session is not None:
            state = "in use"
        else:
            state = "card" if driver.present() else "empty"
        return [ReaderInfo(self.name, state)]

    def card_present(self) -> bool:
        driver = self._ready()
        return driver is not None and driver.present()

    def insertion(self) -> object | None:
        present = self.card_present()
        if present and not self._was_present:
            self._insertions += 1
        self._was_present = present
        return self._insertions if present else None

    def open(self, mrz: MrzKey | None = None) -> DocumentSession | ReadResult:
        if self._load() is None:
            return ReadResult(ReadStatus.NO_SERVICE, detail=self._problem)
        driver = self._ready()
        if driver is None:
            return ReadResult(ReadStatus.NO_READER, detail=PORT_OPEN_FAILED)
        if not driver.present():
            return ReadResult(ReadStatus.NO_CARD)
        self._session = _VendorSession(self, driver)
        return self._session

    def session_closed(self, session: _VendorSession) -> None:
        """The session's end closes the port; the next poll opens it again."""
        if session is self._session:
            self._session = None
            self._close_port()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        self._close_port()

    def remove_leftovers(self) -> None:
        """Delete the files some SDKs write on each read: they hold the last citizen's text and photo."""
        for directory in (Path(), *([self.workdir] if self.workdir else [])):  # Path(): the working directory
            for name in LEFTOVERS:
                try:
                    (directory / name).unlink(missing_ok=True)
                except OSError as error:
                    log.warning("cannot delete SDK leftover %s: %s", directory / name, error.strerror)

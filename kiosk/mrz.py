"""The machine-readable zone of ICAO 9303 documents: check digits, the key that opens the chip, parsing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kiosk.identity import DocumentType

_WEIGHTS = (7, 3, 1)
_DOCUMENT_NUMBER = re.compile(r"[0-9A-Z<]{1,20}")
_YYMMDD = re.compile(r"\d{6}")


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"{char!r} is not an MRZ character")


def check_digit(text: str) -> str:
    """The ICAO 9303 7-3-1 check digit of an MRZ field."""
    return str(sum(_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(text)) % 10)


def yymmdd_is_date(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%y%m%d")
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class MrzKey:
    """What Basic Access Control needs from the MRZ: the document number, birth date and expiry date.

    Dates are YYMMDD as printed in the MRZ. The repr is masked: the three together open the chip.
    """

    document_number: str
    birth_date: str
    expiry_date: str

    def __post_init__(self) -> None:
        if not _DOCUMENT_NUMBER.fullmatch(self.document_number):
            raise ValueError("the document number has 1 to 20 letters and digits")
        for what, value in (("birth date", self.birth_date), ("expiry date", self.expiry_date)):
            if not _YYMMDD.fullmatch(value) or not yymmdd_is_date(value):
                raise ValueError(f"the {what} must be a real date written YYMMDD, such as 900307")

    @classmethod
    def parse(cls, text: str) -> MrzKey:
        """``DOCNO,YYMMDD,YYMMDD`` (document number, birth date, expiry date), as typed by a person."""
        parts = [p.strip().upper().replace(" ", "") for p in text.split(",")]
        if len(parts) != 3:
            raise ValueError("give the MRZ as DOCNO,YYMMDD,YYMMDD: document number, birth date, expiry date")
        return cls(*parts)

    def seed_text(self) -> str:
        """The 'MRZ information' that Basic Access Control hashes (Doc 9303 Part 11, 4.3)."""
        number = self.document_number.ljust(9, "<")
        return (
            number + check_digit(number)
            + self.birth_date + check_digit(self.birth_date)
            + self.expiry_date + check_digit(self.expiry_date)
        )

    def __repr__(self) -> str:
        return "MrzKey(***)"

    __str__ = __repr__


# ---------------------------------------------------------------------------------------------
# Parsing and composing whole machine-readable zones

_MRZ_LINE = re.compile(r"[0-9A-Z<]+")
_PERMIT_CODES = ("CS", "CD")  # Mainland travel permits: to HK and Macao (CS), to Taiwan (CD)
_BAD_SHAPE = (
    "not an ICAO 9303 MRZ: expected 2 lines of 44 characters (passport), 2 of 36, 3 of 30, "
    "or one 30-character travel permit line"
)


@dataclass(frozen=True)
class MrzData:
    """The fields of a machine-readable zone. A date is None when it is not printed or not a real date.

    ``checks_ok`` says whether every check digit matches. The repr is masked.
    """

    document_code: str  # "P", "I", "CS", ... (filler removed)
    issuer: str
    document_number: str
    birth_date: dt.date | None
    expiry_date: dt.date | None
    sex: str  # "M", "F" or ""
    nationality: str
    surname: str
    given_names: str
    optional_data: str
    checks_ok: bool

    def key(self) -> MrzKey:
        """The Basic Access Control key; ValueError when a date is missing."""
        if self.birth_date is None or self.expiry_date is None:
            raise ValueError("the MRZ has no readable birth or expiry date")
        return MrzKey(self.document_number, self.birth_date.strftime("%y%m%d"), self.expiry_date.strftime("%y%m%d"))

    def __repr__(self) -> str:
        return f"MrzData({self.document_code}, {self.issuer}, ***, checks_ok={self.checks_ok})"

    __str__ = __repr__


def _date(text: str, *, birth: bool, today: dt.date) -> dt.date | None:
    """YYMMDD: birth dates are the latest past century; expiry dates are 20YY."""
    if not _YYMMDD.fullmatch(text):
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    try:
        value = dt.date(2000 + yy, mm, dd)
        if birth and value > today:
            value = dt.date(1900 + yy, mm, dd)
    except ValueError:
        return None
    return value


def _ok(field: str, digit: str) -> bool:
    """Whether ``digit`` checks ``field``; an all-filler field may have a filler check digit."""
    return digit == check_digit(field) or (digit == "<" and set(field) <= {"<"})


def _names(text: str) -> tuple[str, str]:
    surname, _, given = text.partition("<<")
    return " ".join(surname.replace("<", " ").split()), " ".join(given.replace("<", " ").split())


def _sex(char: str) -> str:
    return char if char in ("M", "F") else ""


def _long_number(number: str, digit: str, optional: str) -> tuple[str, str, str]:
    """TD1/TD2 numbers over 9 characters continue in the optional data, followed by their check digit.

    Returns the whole number, its check digit and the optional data left.
    """
    if digit != "<" or optional[:1] in ("", "<"):
        return number, digit, optional
    rest = optional.split("<", 1)[0]
    return number + rest[:-1], rest[-1], optional[len(rest):]


def _lines(text: str) -> list[str]:
    lines = [re.sub(r"[ \t]", "", line) for line in text.upper().splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1 and len(lines[0]) in (88, 72, 90):  # DG1 holds the lines joined
        width = 30 if len(lines[0]) == 90 else len(lines[0]) // 2
        lines = [lines[0][i:i + width] for i in range(0, len(lines[0]), width)]
    if not all(_MRZ_LINE.fullmatch(line) for line in lines):
        raise ValueError("an MRZ holds only the letters A to Z, the digits 0 to 9 and <")
    return lines


def _two_line(line1: str, line2: str, today: dt.date) -> MrzData:
    """TD3 (2×44) and TD2 (2×36): the second line differs only in the optional data's length."""
    td3 = len(line1) == 44
    number, digit = line2[0:9], line2[9]
    optional = line2[28:42] if td3 else line2[28:35]
    checks = [_ok(line2[13:19], line2[19]), _ok(line2[21:27], line2[27])]
    if td3:
        checks += [_ok(optional, line2[42]), _ok(line2[0:10] + line2[13:20] + line2[21:43], line2[43])]
    else:
        number, digit, optional = _long_number(number, digit, optional)
        checks.append(_ok(line2[0:10] + line2[13:20] + line2[21:35], line2[35]))
    surname, given = _names(line1[5:])
    return MrzData(
        document_code=line1[0:2].strip("<"), issuer=line1[2:5], document_number=number.rstrip("<"),
        birth_date=_date(line2[13:19], birth=True, today=today),
        expiry_date=_date(line2[21:27], birth=False, today=today),
        sex=_sex(line2[20]), nationality=line2[10:13], surname=surname, given_names=given,
        optional_data=optional.rstrip("<"), checks_ok=_ok(number, digit) and all(checks),
    )


def _td1(line1: str, line2: str, line3: str, today: dt.date) -> MrzData:
    number, digit, optional1 = _long_number(line1[5:14], line1[14], line1[15:30])
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    checks = (
        _ok(number, digit), _ok(line2[0:6], line2[6]), _ok(line2[8:14], line2[14]), _ok(composite, line2[29])
    )
    surname, given = _names(line3)
    optional = [part for part in (optional1.strip("<"), line2[18:29].strip("<")) if part]
    return MrzData(
        document_code=line1[0:2].strip("<"), issuer=line1[2:5], document_number=number.rstrip("<"),
        birth_date=_date(line2[0:6], birth=True, today=today),
        expiry_date=_date(line2[8:14], birth=False, today=today),
        sex=_sex(line2[7]), nationality=line2[15:18], surname=surname, given_names=given,
        optional_data="<".join(optional), checks_ok=all(checks),
    )


def _permit(line: str, today: dt.date) -> MrzData:
    if line[12] != "<" or line[20] != "<" or line[28] != "<":
        raise ValueError("not a travel permit MRZ line")
    checks = (
        _ok(line[2:11], line[11]), _ok(line[13:19], line[19]), _ok(line[21:27], line[27]), _ok(line[2:29], line[29])
    )
    return MrzData(
        document_code=line[0:2], issuer="CHN", document_number=line[2:11].rstrip("<"),
        birth_date=_date(line[21:27], birth=True, today=today),
        expiry_date=_date(line[13:19], birth=False, today=today),
        sex="", nationality="CHN", surname="", given_names="", optional_data="", checks_ok=all(checks),
    )


def parse_mrz(text: str, today: dt.date | None = None) -> MrzData:
    """Parse a TD3, TD2 or TD1 MRZ, or a Mainland travel permit's line; ValueError when it is none of them.

    Lines may be separated by newlines or joined (as in DG1); spaces are ignored. Two-digit birth
    years are put in the past relative to ``today``; expiry years are 20YY.

    The permits to HK and Macao (``CS``) and to Taiwan (``CD``) carry one 30-character line whose
    layout is not published. Our assumption, from specimens::

        CS  number(9) check  <  expiry YYMMDD check  <  birth YYMMDD check  <  composite

    where the composite check digit covers characters 3 to 29 (the number through the last ``<``).
    The line has no names or sex: for permits they come from DG11.
    """
    today = today or dt.date.today()
    lines = _lines(text)
    shape = tuple(len(line) for line in lines)
    if shape in ((44, 44), (36, 36)):
        return _two_line(lines[0], lines[1], today)
    if shape == (30, 30, 30):
        return _td1(lines[0], lines[1], lines[2], today)
    if shape == (30,) and lines[0][:2] in _PERMIT_CODES:
        return _permit(lines[0], today)
    raise ValueError(_BAD_SHAPE)


def _field(text: str, width: int, what: str) -> str:
    value = text.upper().replace(" ", "<")
    if len(value) > width or (value and not _MRZ_LINE.fullmatch(value)):
        raise ValueError(f"the {what} must be at most {width} of A to Z, 0 to 9 and <")
    return value.ljust(width, "<")


def compose_td3(
    *,
    document_number: str,
    birth_date: dt.date,
    expiry_date: dt.date,
    sex: str,
    surname: str,
    given_names: str,
    nationality: str = "CHN",
    issuer: str = "",
    optional_data: str = "",
    document_code: str = "P",
) -> str:
    """A valid two-line passport MRZ (lines joined by a newline). Names must already be Latin letters."""
    names = _field(surname, 39, "surname").rstrip("<") + "<<" + _field(given_names, 39, "given names").rstrip("<")
    line1 = _field(document_code, 2, "document code") + _field(issuer or nationality, 3, "issuer") + names[:39]
    line1 = line1.ljust(44, "<")
    number = _field(document_number, 9, "document number")
    birth, expiry = birth_date.strftime("%y%m%d"), expiry_date.strftime("%y%m%d")
    optional = _field(optional_data, 14, "optional data")
    body = (
        number + check_digit(number) + _field(nationality, 3, "nationality") + birth + check_digit(birth)
        + (sex if sex in ("M", "F") else "<") + expiry + check_digit(expiry)
        + optional + (check_digit(optional) if optional_data else "<")
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1 + "\n" + body + check_digit(composite)


def compose_permit(
    *, document_number: str, birth_date: dt.date, expiry_date: dt.date, document_code: str = "CS"
) -> str:
    """A valid travel permit line, in the layout that ``parse_mrz`` assumes."""
    if document_code not in _PERMIT_CODES:
        raise ValueError(f"a travel permit's code is one of {', '.join(_PERMIT_CODES)}")
    number = _field(document_number, 9, "document number")
    expiry, birth = expiry_date.strftime("%y%m%d"), birth_date.strftime("%y%m%d")
    body = number + check_digit(number) + "<" + expiry + check_digit(expiry) + "<" + birth + check_digit(birth) + "<"
    return document_code + body + check_digit(body)


def document_type_of(mrz: MrzData) -> DocumentType:
    """P… is a passport, CS the permit to HK and Macao, CD the permit to Taiwan; ValueError otherwise."""
    if mrz.document_code.startswith("P"):
        return DocumentType.PASSPORT
    if mrz.document_code == "CS":
        return DocumentType.HK_MACAO_PERMIT
    if mrz.document_code == "CD":
        return DocumentType.TAIWAN_PERMIT
    raise ValueError(f"documents with code {mrz.document_code!r} are not read at the kiosk")

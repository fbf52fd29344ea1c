"""Value checks for the field types. Each returns None or a localised message; none raises."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.i18n import Text
from kiosk.identity import id_birth_date, id_check_char

# re.ASCII: \d is 0-9 only; full-width or other scripts' digits are not a well-formed number.
_ID_RE = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_POSTAL_RE = re.compile(r"^\d{6}$", re.ASCII)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$", re.ASCII)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# First two digits of GB/T 2260 provincial-level codes.
_PROVINCES = frozenset(str(n) for n in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37))
_PROVINCES |= frozenset(str(n) for n in (41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82))


def resident_id(value: str, today: dt.date | None = None) -> Text | None:
    """GB 11643: 17 digits and a check character, a real past birth date and a real province."""
    number = value.strip().upper()
    if not _ID_RE.match(number):
        return Text("身份证号码应为18位，最后一位可以是X", "An ID number has 18 characters; the last may be X")
    if number[:2] not in _PROVINCES:
        return Text("身份证号码的地区码不正确", "The region code of this ID number is not valid")
    birth = id_birth_date(number)
    if birth is None or birth > (today or dt.date.today()) or birth.year < 1900:
        return Text("身份证号码中的出生日期不正确", "The birth date in this ID number is not valid")
    if id_check_char(number[:17]) != number[17]:
        return Text("身份证号码校验位不正确，请核对", "The check digit of this ID number is wrong; please check it")
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def social_credit_code(value: str) -> Text | None:
    """GB 32100: 18 characters from the code set, the last a check character."""
    code = value.strip().upper()
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return Text("统一社会信用代码应为18位数字或大写字母", "A social credit code has 18 digits or capital letters")
    if uscc_check_char(code[:17]) != code[17]:
        return Text("统一社会信用代码校验位不正确", "The check character of this social credit code is wrong")
    return None


def mobile(value: str) -> Text | None:
    if not _MOBILE_RE.match(value.strip()):
        return Text("请输入11位手机号码", "Please enter an 11-digit mobile number")
    return None


def postal_code(value: str) -> Text | None:
    if not _POSTAL_RE.match(value.strip()):
        return Text("邮政编码应为6位数字", "A postal code has 6 digits")
    return None


def iso_date(value: str, *, past_only: bool = False, today: dt.date | None = None) -> Text | None:
    text = value.strip()
    try:
        if not _DATE_RE.match(text):  # fromisoformat also takes 20240501 and 2024-W18-3
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        return Text("请输入正确的日期，例如 2024-05-01", "Please enter a valid date, e.g. 2024-05-01")
    if past_only and day > (today or dt.date.today()):
        return Text("日期不能晚于今天", "The date cannot be later than today")
    return None


def number(value: str) -> Text | None:
    if not _NUMBER_RE.match(value.strip()):  # not float(): it takes nan, inf and 1_000
        return Text("请输入数字", "Please enter a number")
    return None

"""Every field type in one place: the shape of its answer, its check, a sample answer, how a
certificate states it, and whether it is personal.

A new member of ``FieldType`` needs an entry in ``KINDS``, an editor in ``ui/widgets/fields.py``
(``EDITORS``), a row in docs/catalogue.md and its name in the schema's ``fieldType``; tests check
each covers every member, so a type cannot fall through to a default anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kiosk.catalogue.model import FieldSpec, FieldType
from kiosk.forms import validators
from kiosk.i18n import Text
from kiosk.identity import id_check_char

Check = Callable[[FieldSpec, object, dt.date], Text | None]
"""The message for a given answer (stripped if a string), or None if it is acceptable. Never raises."""

BAD_CHOICE = Text("请从列表中选择", "Please choose from the list")
NOT_SIGNED = Text("请阅读并确认", "Please read and confirm")
BAD_ADDRESS = Text(
    "请选择省、市、县（区）并填写详细地址", "Please choose province, city and county, and give the street"
)
BAD_TEXT = Text("请输入不超过 {limit} 个字的文字", "Please type text of at most {limit} characters")
TEXT_LIMIT = 200
NOT_SCANNED = Text("请扫描此材料", "Please scan this document")

SAMPLE_ID = "43010219900307122" + id_check_char("43010219900307122")
SAMPLE_CREDIT_CODE = "91430100MA4L16JQ9" + validators.uscc_check_char("91430100MA4L16JQ9")
SAMPLE_ADDRESS = {"division": "430104", "detail": "麓山南路932号"}


class Stated(Enum):
    """How a certificate states an answer; kiosk.documents.certificates.facts writes each way."""

    AS_GIVEN = "as given"
    NUMBER = "as given; a whole number without decimals"
    LABEL = "the option's label"
    LABELS = "the options' labels"
    YES_NO = "是 / 否"
    ADDRESS = "in full"


@dataclass(frozen=True)
class FieldKind:
    shape: tuple[type, ...]  # the Python types an acceptable answer has
    check: Check
    sample: Callable[[FieldSpec], object]  # a valid answer, as a careful citizen would give it
    stated: Stated | None  # None: never on a certificate, whatever its template asks for
    personal: bool = False  # the value alone identifies or reaches one person (an ID or a mobile number)

    def __post_init__(self) -> None:
        if self.personal and self.stated is not None:
            raise ValueError("a personal answer is never stated on a certificate")


def _string(validate: Callable[[str], Text | None]) -> Check:
    """A typed string's check: any other value gets the message of an ill-formed string."""
    return lambda _spec, value, _today: validate(value if isinstance(value, str) else "")


def _resident_id(_spec: FieldSpec, value: object, today: dt.date) -> Text | None:
    return validators.resident_id(value if isinstance(value, str) else "", today)


def _text(_spec: FieldSpec, value: object, _today: dt.date) -> Text | None:
    ok = isinstance(value, str) and len(value) <= TEXT_LIMIT
    return None if ok else BAD_TEXT.format(limit=TEXT_LIMIT)


def _date(spec: FieldSpec, value: object, today: dt.date) -> Text | None:
    return validators.iso_date(value if isinstance(value, str) else "", past_only=spec.past_only, today=today)


def _choice(spec: FieldSpec, value: object, _today: dt.date) -> Text | None:
    if spec.options_from is not None:  # the list comes from shared data at run time
        return None if isinstance(value, str) and value else BAD_CHOICE
    ok = isinstance(value, str) and value in {o.value for o in spec.options}
    return None if ok else BAD_CHOICE


def _choices(spec: FieldSpec, value: object, _today: dt.date) -> Text | None:
    allowed = {o.value for o in spec.options}
    ok = isinstance(value, list) and all(isinstance(v, str) and v in allowed for v in value)
    return None if ok else BAD_CHOICE


def _address(_spec: FieldSpec, value: object, _today: dt.date) -> Text | None:
    from kiosk.divisions import is_county

    if not isinstance(value, dict):
        return BAD_ADDRESS
    division, detail = value.get("division"), value.get("detail")
    ok = isinstance(division, str) and is_county(division) and isinstance(detail, str) and detail.strip() != ""
    return None if ok else BAD_ADDRESS


def _scanned(_spec: FieldSpec, value: object, _today: dt.date) -> Text | None:
    pages = value.get("pages") if isinstance(value, dict) else None
    ok = isinstance(pages, int) and not isinstance(pages, bool) and pages > 0
    return None if ok else NOT_SCANNED


def _rows(_spec: FieldSpec, value: object, _today: dt.date) -> Text | None:
    """The list of rows only; engine.field_errors checks each row's sub-fields and counts them."""
    return None if isinstance(value, list) and all(isinstance(row, dict) for row in value) else BAD_CHOICE


def sample_value(spec: FieldSpec) -> object:
    """A valid answer to the field."""
    return KINDS[spec.type].sample(spec)


# FieldKind(shape, check, sample, stated, personal): a dict, so tests can check it covers FieldType.
KINDS: dict[FieldType, FieldKind] = {
    FieldType.TEXT: FieldKind((str,), _text, lambda s: f"示例{s.label.zh}"[:20], Stated.AS_GIVEN),
    FieldType.NUMBER: FieldKind(  # a calculated number (a sum, an age) is an int or a float
        (str, int, float), lambda _s, v, _t: validators.number(str(v)), lambda _s: "1", Stated.NUMBER
    ),
    FieldType.DATE: FieldKind((str,), _date, lambda _s: "2020-10-01", Stated.AS_GIVEN),
    FieldType.CHOICE: FieldKind(
        (str,), _choice, lambda s: s.options[0].value if s.options else "家庭成员一", Stated.LABEL
    ),
    FieldType.MULTI_CHOICE: FieldKind((list,), _choices, lambda s: [s.options[0].value], Stated.LABELS),
    FieldType.RESIDENT_ID: FieldKind((str,), _resident_id, lambda _s: SAMPLE_ID, stated=None, personal=True),
    FieldType.SOCIAL_CREDIT_CODE: FieldKind(
        (str,), _string(validators.social_credit_code), lambda _s: SAMPLE_CREDIT_CODE, Stated.AS_GIVEN
    ),
    FieldType.MOBILE: FieldKind(
        (str,), _string(validators.mobile), lambda _s: "13800138000", stated=None, personal=True
    ),
    FieldType.POSTAL_CODE: FieldKind((str,), _string(validators.postal_code), lambda _s: "410000", Stated.AS_GIVEN),
    FieldType.ADDRESS: FieldKind((dict,), _address, lambda _s: dict(SAMPLE_ADDRESS), Stated.ADDRESS),
    FieldType.YES_NO: FieldKind(
        (bool,), lambda _s, v, _t: None if isinstance(v, bool) else BAD_CHOICE, lambda _s: False, Stated.YES_NO
    ),
    FieldType.SIGNATURE: FieldKind(
        (bool,), lambda _s, v, _t: None if v is True else NOT_SIGNED, lambda _s: True, stated=None
    ),
    FieldType.REPEAT: FieldKind(
        (list,), _rows,
        lambda s: [{sub.name: sample_value(sub) for sub in s.fields}] * max(s.min_rows, 1), stated=None,
    ),
    FieldType.FILE: FieldKind((dict,), _scanned, lambda _s: {"pages": 1}, stated=None),
}

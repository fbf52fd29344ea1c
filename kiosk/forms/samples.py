"""A valid example value for any field: what a careful citizen would give.

The tour fills forms with these to render them, and the benchmarks and tests use them to
build complete applications for any package without knowing its fields.
"""

from __future__ import annotations

from kiosk.catalogue.model import FieldSpec, FieldType
from kiosk.forms.validators import uscc_check_char
from kiosk.identity import id_check_char

SAMPLE_ID = "43010219900307122" + id_check_char("43010219900307122")
SAMPLE_CREDIT_CODE = "91430100MA4L16JQ9" + uscc_check_char("91430100MA4L16JQ9")
SAMPLE_ADDRESS = {"division": "430104", "detail": "麓山南路932号"}


def sample_value(spec: FieldSpec) -> object:
    match spec.type:
        case FieldType.CHOICE:
            return spec.options[0].value if spec.options else "家庭成员一"
        case FieldType.MULTI_CHOICE:
            return [spec.options[0].value]
        case FieldType.DATE:
            return "2020-10-01"
        case FieldType.RESIDENT_ID:
            return SAMPLE_ID
        case FieldType.SOCIAL_CREDIT_CODE:
            return SAMPLE_CREDIT_CODE
        case FieldType.MOBILE:
            return "13800138000"
        case FieldType.POSTAL_CODE:
            return "410000"
        case FieldType.NUMBER:
            return "1"
        case FieldType.YES_NO:
            return False
        case FieldType.SIGNATURE:
            return True
        case FieldType.ADDRESS:
            return dict(SAMPLE_ADDRESS)
        case FieldType.FILE:
            return {"pages": 1}
        case FieldType.REPEAT:
            return [{sub.name: sample_value(sub) for sub in spec.fields}] * max(spec.min_rows, 1)
        case _:
            return f"示例{spec.label.zh}"[:20]


def sample_answers(fields: tuple[FieldSpec, ...] | list[FieldSpec]) -> dict[str, object]:
    return {spec.key: sample_value(spec) for spec in fields if spec.calculate is None}

"""From an application's answers to the facts its certificate states, ready to store as JSON.

Each data key is taken from the first given of the answers the catalogue names for it (its
``certificates``), written as the certificate shows it: a choice as its option's label, a yes/no
as 是/否, an address in full. Only a field type whose entry in kiosk.forms.field_types says how
a certificate states it is stored (an allow-list): never a resident ID or mobile number, a
signature, a scan or a repeat group's rows, whatever a template asks for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, assert_never

from kiosk.catalogue.model import FieldSpec
from kiosk.divisions import full_name
from kiosk.forms.field_types import KINDS, Stated
from kiosk.i18n import Text

Stored = str | dict[str, str]  # a plain string, or {"zh": …, "en": …}
YES, NO = Text("是", "Yes"), Text("否", "No")


def certificate_facts(
    sources: Mapping[str, Sequence[str]], answers: Mapping[str, Any], fields: Mapping[str, FieldSpec]
) -> dict[str, Stored]:
    """The facts the answers give, by data key. ``sources`` is what the catalogue says of the
    certificate's kind (``Catalogue.certificates``): each fact's fields, the first one answered wins."""
    out: dict[str, Stored] = {}
    for key, keys in sources.items():
        for source in keys:
            spec = fields.get(source)
            value = stored_value(spec, answers.get(source)) if spec is not None else None
            if value is not None:
                out[key] = value
                break
    return out


def _json(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def stored_value(spec: FieldSpec, value: object) -> Stored | None:
    """An answer as the certificate states it; None for no answer or a type whose entry says none."""
    how = KINDS[spec.type].stated
    if value is None or value == "" or value == [] or how is None:
        return None
    labels = {o.value: o.label for o in spec.options}
    match how:
        case Stated.LABEL:
            return _json(labels[value]) if isinstance(value, str) and value in labels else str(value)
        case Stated.LABELS if isinstance(value, list):
            chosen = [labels.get(str(v), Text(str(v), str(v))) for v in value]
            return _json(Text("、".join(t.zh for t in chosen), ", ".join(t.en for t in chosen)))
        case Stated.YES_NO:
            return _json(YES if value is True else NO)
        case Stated.ADDRESS if isinstance(value, dict):
            return _address(value)
        case Stated.NUMBER if isinstance(value, float) and value.is_integer():
            return str(int(value))
        case Stated.AS_GIVEN | Stated.LABELS | Stated.ADDRESS | Stated.NUMBER:  # or not in the expected shape
            return value.strip() or None if isinstance(value, str) else str(value)
        case _:
            assert_never(how)


def _address(value: dict[str, Any]) -> str | None:
    detail = str(value.get("detail") or "").strip()
    try:
        region = full_name(str(value.get("division") or ""))
    except KeyError:
        region = ""
    return f"{region}{detail}" or None

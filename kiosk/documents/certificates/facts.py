"""From an application's answers to the facts its certificate states, ready to store as JSON.

Each data key is taken from the first of its answers that is given, written as the certificate
shows it: a choice as its option's label, a yes/no as 是/否, an address in full. A resident ID
number, a mobile number, a signature or a scan is never stored, whatever a template asks for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.catalogue.model import FieldSpec, FieldType
from kiosk.divisions import full_name
from kiosk.documents.certificates.templates import template_for
from kiosk.i18n import Text

Stored = str | dict[str, str]  # a plain string, or {"zh": …, "en": …}
NEVER = frozenset({FieldType.RESIDENT_ID, FieldType.MOBILE, FieldType.SIGNATURE, FieldType.FILE, FieldType.REPEAT})
YES, NO = Text("是", "Yes"), Text("否", "No")
# Data key → the answers it is taken from, first given wins. "holder" and the application's numbers,
# names and dates are the platform's own (central.backoffice).
SOURCES: dict[str, tuple[str, ...]] = {
    "holder_sex": ("applicant.sex",),
    "holder_birth_date": ("applicant.birth_date",),
    "registered_address": ("applicant.address",),
    "child_name": ("child.name",),
    "child_sex": ("child.sex",),
    "birth_date": ("child.birth_date",),
    "birth_place": ("child.birth_place",),
    "birth_weight": ("child.birth_weight",),
    "birth_length": ("child.birth_length",),
    "gestational_weeks": ("child.gestational_weeks",),
    "child_ethnicity": ("child.ethnicity", "applicant.ethnicity"),  # the parents' when they share one
    "household_head": ("child.household_head",),
    "relation_to_head": ("child.relation_to_head",),
    "hukou_with": ("child.hukou_with",),
    "other_parent_name": ("other_parent.name",),
    "spouse_name": ("spouse.name",),
    "spouse_address": ("spouse.address",),
    "move_direction": ("marriage.move_direction",),
    "previous_status": ("marriage.previous_status",),
    "spouse_previous_status": ("marriage.spouse_previous_status",),
    "residence_address": ("residence.address", "student.home_address"),
    "residence_basis": ("residence.basis",),
    "work_unit": ("residence.employer",),
    "proof_purpose": ("identity.proof_purpose",),
    "employer": ("retire.employer",),
    "employer_code": ("retire.employer_code",),
    "first_work_date": ("retire.first_work_date",),
    "retirement_date": ("retire.date",),
    "age_at_retirement": ("retire.age_at_retirement",),
    "special_work": ("retire.special_work",),
    "special_work_type": ("retire.special_work_type",),
    "deceased_name": ("deceased.name",),
    "death_date": ("deceased.death_date",),
    "death_place": ("deceased.death_place",),
    "death_type": ("deceased.death_type",),
    "funeral_home": ("deceased.funeral_home",),
    "relation_to_deceased": ("applicant.relation_to_deceased",),
    "student_name": ("student.name",),
    "student_sex": ("student.sex",),
    "student_birth_date": ("student.birth_date",),
    "school_stage": ("student.stage",),
    "school": ("student.school",),
    "relation_to_student": ("applicant.relation_to_student",),
    "enterprise_name": ("enterprise.name",),
    "credit_code": ("enterprise.credit_code",),
    "enterprise_type": ("enterprise.type",),
    "legal_rep": ("legal_rep.name", "applicant.name"),  # asked only when an agent applies for them
    "registered_capital": ("enterprise.registered_capital",),
    "enterprise_address": ("enterprise.address",),
    "business_scope": ("enterprise.business_scope",),
}


def certificate_facts(kind: str, answers: Mapping[str, Any], fields: Mapping[str, FieldSpec]) -> dict[str, Stored]:
    """The facts the kind's template states that the answers give, by data key."""
    out: dict[str, Stored] = {}
    for key in template_for(kind).stated_keys():
        for source in SOURCES.get(key, ()):
            spec = fields.get(source)
            value = stored_value(spec, answers.get(source)) if spec is not None else None
            if value is not None:
                out[key] = value
                break
    return out


def _json(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def stored_value(spec: FieldSpec, value: object) -> Stored | None:
    """An answer as the certificate states it; None for no answer or a kind of answer never stored."""
    if value is None or value == "" or value == [] or spec.type in NEVER:
        return None
    labels = {o.value: o.label for o in spec.options}
    if spec.type is FieldType.CHOICE:
        return _json(labels[value]) if isinstance(value, str) and value in labels else str(value)
    if spec.type is FieldType.MULTI_CHOICE and isinstance(value, list):
        chosen = [labels.get(str(v), Text(str(v), str(v))) for v in value]
        return _json(Text("、".join(t.zh for t in chosen), ", ".join(t.en for t in chosen)))
    if spec.type is FieldType.YES_NO:
        return _json(YES if value is True else NO)
    if spec.type is FieldType.ADDRESS and isinstance(value, dict):
        return _address(value)
    if spec.type is FieldType.NUMBER and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.strip() or None if isinstance(value, str) else str(value)


def _address(value: dict[str, Any]) -> str | None:
    detail = str(value.get("detail") or "").strip()
    try:
        region = full_name(str(value.get("division") or ""))
    except KeyError:
        region = ""
    return f"{region}{detail}" or None

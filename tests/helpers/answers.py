"""Complete, valid answers to the demo packages, for the people in ``tests.helpers.people``.

Overrides are keyword arguments with ``__`` for the dot: ``birth_answers(child__maternity_claim=True)``.
"""

from __future__ import annotations

from tests.helpers.people import ADDRESS_ANSWER, BIRTH_DATE, ID_NUMBER, NAME, OTHER_ID, OTHER_NAME


def _overridden(answers: dict[str, object], overrides: dict[str, object]) -> dict[str, object]:
    return answers | {key.replace("__", "."): value for key, value in overrides.items()}


def typed_birth_answers(**overrides: object) -> dict[str, object]:
    """What the citizen types for the birth package: all but the applicant's facts, which the ID card fills in."""
    answers: dict[str, object] = {
        "contact.mobile": "13807310000",
        "child.name": "欧阳小明",
        "child.sex": "M",
        "child.birth_date": "2026-11-01",
        "child.birth_place": "湖南省妇幼保健院",
        "child.birth_weight": "3300",
        "child.birth_length": "50",
        "child.gestational_weeks": "39",
        "child.same_ethnicity": True,
        "child.hukou_with": "mother",
        "child.household_head": NAME,
        "child.relation_to_head": "son",
        "child.maternity_claim": False,
        "other_parent.name": OTHER_NAME,
        "other_parent.id_number": OTHER_ID,
        "other_parent.mobile": "13907310000",
        "confirm.pledge": True,
    }
    return _overridden(answers, overrides)


def birth_answers(**overrides: object) -> dict[str, object]:
    """Every answer the birth package needs, the applicant's facts included."""
    applicant: dict[str, object] = {
        "applicant.name": NAME,
        "applicant.id_number": ID_NUMBER,
        "applicant.sex": "F",
        "applicant.ethnicity": "汉",
        "applicant.address": ADDRESS_ANSWER,
    }
    return _overridden(applicant | typed_birth_answers(), overrides)


def marriage_answers(**overrides: object) -> dict[str, object]:
    """Every answer the marriage package needs, the applicant's facts included."""
    answers: dict[str, object] = {
        "applicant.name": NAME,
        "applicant.id_number": ID_NUMBER,
        "applicant.sex": "F",
        "applicant.birth_date": BIRTH_DATE.isoformat(),
        "applicant.address": ADDRESS_ANSWER,
        "applicant.occupation": "employee",
        "applicant.education": "bachelor",
        "spouse.name": OTHER_NAME,
        "spouse.id_number": OTHER_ID,
        "spouse.occupation": "civil_servant",
        "spouse.education": "postgraduate",
        "spouse.address": {"division": "430102", "detail": "五一大道 188 号"},
        "spouse.mobile": "13907310000",
        "marriage.previous_status": "unmarried",
        "marriage.spouse_previous_status": "unmarried",
        "marriage.appointment_date": "2026-12-01",
        "marriage.move_hukou": False,
        "marriage.birth_registration": False,
        "contact.mobile": "13807310000",
        "confirm.marriage_declaration": True,
        "confirm.pledge": True,
    }
    return _overridden(answers, overrides)

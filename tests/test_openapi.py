"""The platform's OpenAPI document (/openapi.json) says what the platform enforces: a body the document
allows is not refused as malformed, and one it forbids is. Each body here is checked against the published
document (formats included) and sent, signed, to a real platform. tests/test_reliability.py fuzzes the rest.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from jsonschema import Draft202012Validator

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from tests.helpers.answers import birth_answers
from tests.helpers.platform import TIMEOUT_S, running_platform
from tests.helpers.platform import EnrolledPlatform as Central
from tests.helpers.submitter import BIRTH

CATALOGUE_VERSION = load_catalogue(DEMO_CATALOGUE).version
CITIZEN_KEY = "0" * 64
NOW = dt.datetime.now(dt.UTC).isoformat()
OK = {"health": "ok"}


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with running_platform("sqlite", tmp_path_factory.mktemp("central")) as running:
        yield running


@pytest.fixture(scope="module")
def document(central: Central) -> dict[str, Any]:
    response = requests.get(central.url("/openapi.json"), timeout=TIMEOUT_S)
    assert response.status_code == 200
    published: dict[str, Any] = response.json()
    return published


def application(central: Central, **changes: object) -> dict[str, Any]:
    application_uuid = str(uuidlib.uuid4())
    terminal_id = central.credentials.terminal_id
    return {"uuid": application_uuid, "number": f"{terminal_id}-20261121-{application_uuid[:8]}",
            "terminal_id": terminal_id, "package_code": BIRTH, "catalogue_version": CATALOGUE_VERSION,
            "submitted_at": NOW, "answers": birth_answers(child__birth_date="2024-05-01")} | changes


def heartbeat(**changes: object) -> dict[str, Any]:
    return {"software": "test", "catalogue_version": CATALOGUE_VERSION, "outbox_pending": 0, "sent_at": NOW} | changes


def consent(**changes: object) -> dict[str, Any]:
    return {"names": ["shared.marital_status"], "purpose": BIRTH, "wording_version": "v1"} | changes


def operation(document: dict[str, Any], path: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path]["post"]
    return found


def allowed_by(document: dict[str, Any], path: str, body: dict[str, Any]) -> bool:
    """Whether the published document allows ``body`` for ``POST path``."""
    reference = operation(document, path)["requestBody"]["content"]["application/json"]["schema"]
    schema = {**reference, "components": document["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(body)


def malformed(response: requests.Response) -> bool:
    return response.status_code == 422 and response.json()["error"] == "malformed"


def audit_event(**changes: object) -> dict[str, Any]:
    return {"uuid": str(uuidlib.uuid4()), "kind": "assist_opened", "at": NOW, "detail": {"mode": "helped"}} | changes


APPLICATIONS = "/v1/applications"
HEARTBEAT = "/v1/terminals/heartbeat"
RATINGS = "/v1/ratings"
SHARED_DATA = "/v1/citizens/{citizen_key}/shared-data"
STAFF_SIGN_IN, CALLS, TICKETS, AUDIT = "/v1/staff/sign-in", "/v1/calls", "/v1/tickets", "/v1/audit"
CASES: dict[str, tuple[str, dict[str, Any], bool]] = {  # id: operation, changes to a well-formed body, allowed
    "uuid": (APPLICATIONS, {}, True),
    "uuid-not-a-uuid": (APPLICATIONS, {"uuid": "not-a-uuid"}, False),
    "level-3.0": (RATINGS, {"level": 3.0}, True),
    "level-3.5": (RATINGS, {"level": 3.5}, False),
    "level-as-text": (RATINGS, {"level": "3"}, False),
    "level-6.0": (RATINGS, {"level": 6.0}, False),
    "device-name": (HEARTBEAT, {"devices": {"card_reader": OK}}, True),
    "device-name-off-pattern": (HEARTBEAT, {"devices": {"Card reader": OK}}, False),
    "device-health-unknown": (HEARTBEAT, {"devices": {"card_reader": {"health": "fine"}}}, False),
    "purpose-no-package-has": (SHARED_DATA, {"purpose": "NO-SUCH-PACKAGE"}, True),
    "name-outside-shared": (SHARED_DATA, {"names": ["marital_status"]}, False),
    "staff-pin": (STAFF_SIGN_IN, {}, True),
    "staff-pin-of-5-digits": (STAFF_SIGN_IN, {"pin": "12345"}, False),
    "staff-number-off-pattern": (STAFF_SIGN_IN, {"staff_number": "s12"}, False),
    "call": (CALLS, {}, True),
    "call-screen-off-pattern": (CALLS, {"screen": "the form"}, False),
    "ticket-service-no-package-has": (TICKETS, {"service": "NO-SUCH-PACKAGE"}, True),
    "ticket-reason-unknown": (TICKETS, {"reason": "bored"}, False),
    "audit": (AUDIT, {}, True),
    "audit-detail-key-off-pattern": (AUDIT, {"events": [audit_event(detail={"a key": "x"})]}, False),
}


def well_formed(central: Central, path: str) -> dict[str, Any]:
    hall: dict[str, dict[str, Any]] = {
        STAFF_SIGN_IN: {"staff_number": "S9001", "pin": "123456", "session_id": str(uuidlib.uuid4())},
        CALLS: {"uuid": str(uuidlib.uuid4()), "screen": "form", "made_at": NOW},
        TICKETS: {"uuid": str(uuidlib.uuid4()), "reason": "asked", "service": "general"},
        AUDIT: {"events": [audit_event()]},
    }
    if path in hall:
        return hall[path]
    if path == APPLICATIONS:
        return application(central)
    if path == RATINGS:
        return {"number": f"{central.credentials.terminal_id}-20261121-norating", "level": 3}
    return heartbeat() if path == HEARTBEAT else consent()


@pytest.mark.parametrize("case", CASES)
def test_the_document_and_the_platform_agree_on_what_is_well_formed(
    central: Central, document: dict[str, Any], case: str
) -> None:
    path, changes, allowed = CASES[case]
    body = well_formed(central, path) | changes
    assert allowed_by(document, path, body) is allowed
    response = central.http.post(central.url(path.format(citizen_key=CITIZEN_KEY)), json=body, timeout=TIMEOUT_S)
    assert malformed(response) is not allowed, response.text
    assert str(response.status_code) in operation(document, path)["responses"]


def test_the_document_states_the_uuid_format_and_the_device_name_pattern(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["Submission"]["properties"]["uuid"]["format"] == "uuid"
    devices = schemas["HeartbeatBody"]["properties"]["devices"]
    assert devices["propertyNames"]["pattern"] == "^[a-z][a-z0-9_]*$"
    assert devices["additionalProperties"] == {"$ref": "#/components/schemas/DeviceHealth"}

    def objects(node: object) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            yield node
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                yield from objects(child)

    # patternProperties alone lets a key off the pattern through, with any value: nowhere in the document.
    assert not [o for o in objects(document) if "patternProperties" in o and "additionalProperties" not in o]


def test_a_level_of_3_point_0_is_rated_3(central: Central) -> None:
    body = application(central)
    assert central.http.post(central.url(APPLICATIONS), json=body, timeout=TIMEOUT_S).status_code == 201
    response = central.http.post(central.url(RATINGS), json={"number": body["number"], "level": 3.0},
                                 timeout=TIMEOUT_S)
    assert response.status_code == 201, response.text
    assert (response.json()["level"], response.json()["level_name"]["zh"]) == (3, "基本满意")


def test_a_purpose_no_package_has_is_a_refusal_the_document_names(
    central: Central, document: dict[str, Any]
) -> None:
    response = central.http.post(central.url(SHARED_DATA.format(citizen_key=CITIZEN_KEY)),
                                 json=consent(purpose="NO-SUCH-PACKAGE"), timeout=TIMEOUT_S)
    assert (response.status_code, response.json()["error"]) == (422, "unknown_package")
    refusal = operation(document, SHARED_DATA)["responses"]["422"]["content"]["application/json"]["schema"]
    name = refusal["$ref"].removeprefix("#/components/schemas/")
    assert "unknown_package" in document["components"]["schemas"][name]["properties"]["error"]["enum"]

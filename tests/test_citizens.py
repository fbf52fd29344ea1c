"""A citizen's picture on the platform, asked for by an enrolled kiosk over real HTTP: applications
from every channel, e-licences, and shared data released only after the consent is stored.

The platform is a real ``kiosk-central serve`` with the demo data of ``kiosk-central seed-demo``,
on SQLite and (under `make test`) on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from central import seed
from central.db import Application
from central.records import Certificate, Consent, ELicence, SharedRecord, Terminal
from cli.central_process import free_port
from devices.cards.simulated import DEMO_PEOPLE
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.forms.engine import CombinedForm
from kiosk.forms.samples import sample_answers
from kiosk.identity import IdentityRecord
from kiosk.sync.client import HttpPlatform
from kiosk.sync.platform import Outcome
from kiosk.sync.wire import Message
from tests.helpers.databases import DATABASE_KINDS
from tests.helpers.pdf import qr_of
from tests.helpers.platform import TIMEOUT_S, database, enrolled, run_central, running_platform, signed_session
from tests.helpers.platform import EnrolledPlatform as Central

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
LI, WANG, XIANG = DEMO_PEOPLE
HOUSEHOLD_CERTIFICATE = "002009002000"  # 户籍证明出具: a standalone item of one field set
RETIREMENT = "43PCN0013"
SERIAL = re.compile(r"^HN-\d{4}-\d{8}$")


def citizen_key(central: Central, person: IdentityRecord) -> str:
    return central.credentials.citizen_key(person.id_number)


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def central(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with running_platform(request.param, tmp_path_factory.mktemp("central"), seeded=True) as running:
        yield running


@pytest.fixture
def db(central: Central) -> Iterator[Session]:
    with database(central) as session:
        yield session


def counts(session: Session) -> dict[str, int]:
    tables = (Application, Certificate, ELicence, SharedRecord, Consent)
    return {table.__name__: session.scalar(select(func.count()).select_from(table)) or 0 for table in tables}


def person_answers(package_code: str, person: IdentityRecord, **overrides: object) -> dict[str, object]:
    """Complete answers for a package, with the person's own details where the card would fill them."""
    form = CombinedForm(CATALOGUE, CATALOGUE.package(package_code))
    answers = sample_answers(form.fields)
    mine = {"applicant.name": person.name, "applicant.id_number": person.id_number, "applicant.sex": person.sex,
            "applicant.birth_date": person.birth_date.isoformat()}
    return answers | {k: v for k, v in mine.items() if k in answers} | overrides


def submit(central: Central, package_code: str, person: IdentityRecord) -> str:
    """Submit as the kiosk does, through its platform client; returns the application number."""
    application_uuid = str(uuidlib.uuid4())
    answers = person_answers(package_code, person)
    number = f"{central.credentials.terminal_id}-20261121-{application_uuid[:8]}"
    result = central.kiosk.submit({
        "uuid": application_uuid, "number": number, "terminal_id": central.credentials.terminal_id,
        "package_code": package_code, "catalogue_version": CATALOGUE.version,
        "submitted_at": "2026-11-21T09:30:00+08:00", "answers": answers,
        "sources": {k: "document" if k.startswith("applicant.") else "citizen" for k in answers},
    })
    assert result.outcome is Outcome.DELIVERED, result.error
    return number


# -- applications ----------------------------------------------------------------------------------


def test_an_online_application_is_seen_at_the_kiosk_with_its_certificate(central: Central) -> None:
    applications = central.kiosk.citizen_applications(citizen_key(central, LI))
    assert applications is not None
    online = [a for a in applications if a.channel == "online"]
    assert len(online) == 1
    approved = online[0]
    assert approved.package_code == HOUSEHOLD_CERTIFICATE
    assert approved.package_name == Message(zh="户籍证明出具", en="Household registration certificate")
    assert approved.status == "approved" and approved.decided_at is not None
    assert approved.reason is None  # reasons are for rejections
    [item] = approved.items
    assert item.item_code == HOUSEHOLD_CERTIFICATE and item.status == "approved"
    assert item.name.zh == "户籍证明出具"
    assert item.certificate is not None and SERIAL.match(item.certificate.serial)
    assert item.certificate.kind == "household_certificate"
    assert item.certificate.name == Message(zh="户籍证明", en="Household registration certificate")


def test_a_kiosk_application_comes_first_and_without_answers(central: Central) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    response = central.http.get(central.url(f"/v1/citizens/{citizen_key(central, LI)}/applications"), timeout=TIMEOUT_S)
    assert response.status_code == 200
    applications = response.json()["applications"]
    newest = applications[0]
    assert newest["number"] == number and newest["channel"] == "kiosk" and newest["status"] == "received"
    assert newest["decided_at"] is None
    assert [i["number"] for i in newest["items"]] == [f"{number}-01"]
    assert newest["items"][0]["certificate"] is None
    received = [a["received_at"] for a in applications]
    assert received == sorted(received, reverse=True)
    assert LI.id_number not in response.text and LI.name not in response.text
    assert "answers" not in response.text


def test_each_citizen_sees_only_their_own(central: Central) -> None:
    xiang = central.kiosk.citizen_applications(citizen_key(central, XIANG))
    assert xiang is not None
    assert [(a.channel, a.package_code, a.status) for a in xiang] == [("online", "001009003000", "received")]
    assert central.kiosk.citizen_applications(citizen_key(central, WANG)) == []
    assert central.kiosk.citizen_applications("0" * 64) == []


@pytest.mark.parametrize("key", ["abc", "g" * 64, "a" * 63, "a" * 65, "a" * 63 + "-"])
def test_anything_but_64_hex_characters_is_not_a_citizen_key(central: Central, key: str) -> None:
    for path in (f"/v1/citizens/{key}/applications", f"/v1/citizens/{key}/licences"):
        response = central.http.get(central.url(path), timeout=TIMEOUT_S)
        assert response.status_code == 422 and response.json()["error"] == "malformed"


def test_an_upper_case_key_is_the_same_citizen(central: Central) -> None:
    path = "/v1/citizens/{}/licences"
    lower = central.http.get(central.url(path.format(citizen_key(central, LI))), timeout=TIMEOUT_S).json()
    upper = central.http.get(central.url(path.format(citizen_key(central, LI).upper())), timeout=TIMEOUT_S).json()
    assert lower == upper and lower["licences"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/citizens/{key}/applications"), ("GET", "/v1/citizens/{key}/licences"),
     ("POST", "/v1/citizens/{key}/shared-data"), ("GET", "/v1/citizens/not-a-key/applications")],
)
def test_citizen_routes_need_a_signature(central: Central, method: str, path: str) -> None:
    body = {"names": ["shared.marital_status"], "purpose": RETIREMENT, "wording_version": "v1"}
    response = requests.request(method, central.url(path.format(key=citizen_key(central, LI))),
                                json=body if method == "POST" else None, timeout=TIMEOUT_S)
    assert response.status_code == 401 and response.json()["error"] == "unsigned"


# -- e-licences ------------------------------------------------------------------------------------


def test_licences_name_their_kind(central: Central) -> None:
    licences = central.kiosk.licences(citizen_key(central, LI))
    assert licences is not None
    assert [(lic.kind, lic.kind_name.zh) for lic in licences] == [
        ("driving_licence", "机动车驾驶证"), ("vehicle_licence", "机动车行驶证"), ("household_register", "居民户口簿")]
    driving, vehicle, _ = licences
    assert driving.data["licence_class"] == "C1" and driving.valid_until == dt.date(2032, 7, 20)
    assert vehicle.number == "湘AD3K82" and vehicle.valid_until is None  # no end date
    xiang = central.kiosk.licences(citizen_key(central, XIANG))
    assert xiang is not None and "residence_permit" in [lic.kind for lic in xiang]
    assert central.kiosk.licences("0" * 64) == []


def test_a_printed_licence_is_checked_by_its_qr_code(central: Central, tmp_path: Path) -> None:
    from kiosk.documents.licence import LicenceData, render_licence

    licences = central.kiosk.licences(citizen_key(central, LI))
    assert licences is not None
    vehicle = next(lic for lic in licences if lic.kind == "vehicle_licence")
    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(render_licence(LicenceData.of(vehicle, LI.name)))
    scanned = qr_of(pdf, tmp_path)
    assert scanned.startswith("/v1/licences/verify/vehicle_licence/")
    checked = requests.get(central.url(scanned), timeout=TIMEOUT_S)  # unsigned: anyone may scan it
    assert checked.status_code == 200
    assert checked.json() == {"valid": True, "kind": "vehicle_licence", "kind_name": vehicle.kind_name.model_dump(),
                              "number": "湘AD3K82", "issued_on": str(vehicle.issued_on), "valid_until": None}
    assert LI.name not in checked.text
    unknown = requests.get(central.url("/v1/licences/verify/vehicle_licence/%E6%B9%98A00000"), timeout=TIMEOUT_S)
    assert unknown.status_code == 404


# -- shared data and consent -----------------------------------------------------------------------


def test_shared_data_is_released_with_a_stored_consent(central: Central, db: Session) -> None:
    names = ["shared.insured_employer", "shared.first_work_date", "shared.no_such_record"]
    response = central.http.post(
        central.url(f"/v1/citizens/{citizen_key(central, WANG)}/shared-data"),
        json={"names": names, "purpose": RETIREMENT, "wording_version": "2026-11"}, timeout=TIMEOUT_S,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["values"] == {"shared.insured_employer": "邵东市湘中机械制造有限公司",
                              "shared.first_work_date": "1978-09-01"}
    consent = db.get(Consent, body["consent_id"])
    assert consent is not None
    assert consent.citizen_key == citizen_key(central, WANG) and consent.terminal_id == central.credentials.terminal_id
    assert consent.names == names  # what the citizen agreed to, found or not
    assert (consent.purpose, consent.wording_version) == (RETIREMENT, "2026-11")


def test_the_kiosk_client_gets_values_ready_to_prefill(central: Central) -> None:
    names = ["shared.insured_employer_code", "shared.marital_status"]
    shared = central.kiosk.shared_data(citizen_key(central, WANG), names, RETIREMENT, "2026-11")
    assert shared is not None and set(shared.values) == set(names) and shared.consent_id > 0
    assert shared.values["shared.marital_status"] == "married"
    code = shared.values["shared.insured_employer_code"]
    form = CombinedForm(CATALOGUE, CATALOGUE.package(RETIREMENT))
    assert isinstance(code, str) and form.check_value(form.field("retire.employer_code"), code) is None


@pytest.mark.parametrize(
    "body",
    [
        {"names": ["marital_status"], "purpose": RETIREMENT, "wording_version": "v1"},  # not shared.*
        {"names": [], "purpose": RETIREMENT, "wording_version": "v1"},
        {"names": ["shared.marital_status"], "purpose": "NO-SUCH-PACKAGE", "wording_version": "v1"},
        {"names": ["shared.marital_status"], "purpose": RETIREMENT, "wording_version": ""},
        {"names": ["shared.marital_status"], "purpose": RETIREMENT},
    ],
)
def test_a_refused_request_stores_no_consent_and_releases_nothing(
    central: Central, db: Session, body: dict[str, Any]
) -> None:
    before = counts(db)["Consent"]
    response = central.http.post(central.url(f"/v1/citizens/{citizen_key(central, WANG)}/shared-data"), json=body,
                                 timeout=TIMEOUT_S)
    assert response.status_code == 422 and "values" not in response.json()
    db.expire_all()
    assert counts(db)["Consent"] == before


def test_no_data_leaves_without_its_consent_stored(central: Central, db: Session, tmp_path: Path) -> None:
    """The terminal's row goes after its key was checked once, so storing the consent fails
    (it names the terminal): the same transaction must then release nothing."""
    credentials = enrolled(central.process, tmp_path / "keys", terminal_id="HN-TEST-GONE")
    http = signed_session(credentials)
    key = credentials.citizen_key(WANG.id_number)
    assert http.get(central.url(f"/v1/citizens/{key}/licences"), timeout=TIMEOUT_S).status_code == 200
    db.execute(delete(Terminal).where(Terminal.id == "HN-TEST-GONE"))
    db.commit()
    response = http.post(central.url(f"/v1/citizens/{key}/shared-data"), timeout=TIMEOUT_S,
                         json={"names": ["shared.marital_status"], "purpose": RETIREMENT, "wording_version": "v1"})
    assert response.status_code in (401, 500)
    assert "married" not in response.text and "values" not in response.text
    assert db.scalar(select(func.count()).select_from(Consent).where(Consent.terminal_id == "HN-TEST-GONE")) == 0


# -- the kiosk's client when the platform cannot answer --------------------------------------------


def test_the_client_answers_none_and_logs_nothing_personal(
    central: Central, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = citizen_key(central, LI)
    nowhere = HttpPlatform(f"http://127.0.0.1:{free_port()}", timeout_s=5, credentials=central.credentials)
    unenrolled = HttpPlatform(central.process.url, timeout_s=5, credentials=tmp_path / "no-keys")
    caplog.set_level(logging.DEBUG, logger="kiosk.sync")
    for platform in (nowhere, unenrolled):
        assert platform.citizen_applications(key) is None
        assert platform.licences(key) is None
        assert platform.shared_data(key, ["shared.marital_status"], RETIREMENT, "v1") is None
        assert platform.rate("HN-TEST-01-NONE", 5, "很好") is None
        assert platform.certificate("HN-2026-00000000") is None
        platform.close()
    assert central.kiosk.citizen_applications(LI.id_number) is None  # an ID number is never sent as a key
    assert caplog.records
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert key not in logged and LI.id_number not in logged and "很好" not in logged


# -- the demo data ---------------------------------------------------------------------------------


def test_seeding_again_adds_nothing(central: Central, db: Session) -> None:
    before = counts(db)
    again = run_central("seed-demo", "--db", central.db_url)
    assert again.returncode == 0, again.stderr
    assert "nothing added" in again.stdout
    db.expire_all()
    assert counts(db) == before


def test_the_seed_knows_the_simulated_card_people() -> None:
    assert [(p.id_number, p.name) for p in seed.PEOPLE] == [(p.id_number, p.name) for p in DEMO_PEOPLE]


def test_every_shared_prefill_of_the_demo_catalogue_has_demo_data() -> None:
    prefills = {f.prefill for f in CATALOGUE.fields.values() if f.prefill and f.prefill.startswith("shared.")}
    seeded = {name for person in seed.PEOPLE for name in person.shared}
    assert prefills and prefills <= seeded
    assert {"shared.marital_status", "shared.household_members"} <= seeded


"""The back office over real HTTP and the real command line: decisions, certificates with a QR code
anyone may check, satisfaction ratings, and the statistics a hall reports.

Applications arrive as a kiosk sends them (kiosk.sync.client.HttpPlatform); decisions are made with
``kiosk-central decide`` as an operator would.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import threading
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select, update

from central.db import Application, ItemApplication
from central.records import Certificate, Rating
from devices.cards.simulated import DEMO_PEOPLE
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.forms.engine import CombinedForm
from kiosk.forms.samples import sample_answers
from kiosk.identity import IdentityRecord
from kiosk.sync.client import Outcome
from tests.helpers.databases import DATABASE_KINDS
from tests.helpers.pdf import pdf_text, qr_of
from tests.helpers.platform import TIMEOUT_S, database, run_central, running_platform, signed_session
from tests.helpers.platform import EnrolledPlatform as Central

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
LI, WANG, XIANG = DEMO_PEOPLE
HOUSEHOLD_CERTIFICATE, RESIDENCE_PERMIT = "002009002000", "001009003000"
BIRTH = "43PCN0009"  # issues a medical birth certificate, a vaccination certificate and a birth registration
IDENTITY_DOCUMENTS = "43PCP0003"  # with identity.proof: an ID card item and a household certificate item
ID_CARD_ITEM = "001009005000"
CST = dt.timezone(dt.timedelta(hours=8))
SERIAL = re.compile(r"^HN-\d{4}-\d{8}$")
CODE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def central(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with running_platform(request.param, tmp_path_factory.mktemp("central")) as running:
        yield running


@pytest.fixture(params=DATABASE_KINDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    """A platform of this test's own, so its figures are exact."""
    with running_platform(request.param, tmp_path) as running:
        yield running




def decide(central: Central, number: str, decision: str, *reason: str) -> subprocess.CompletedProcess[str]:
    return run_central("decide", number, decision, *reason, "--db", central.db_url)


def assert_one_line_failure(result: subprocess.CompletedProcess[str], mentions: str) -> None:
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and mentions in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def submit(central: Central, package_code: str, person: IdentityRecord, **overrides: object) -> str:
    """Submit as the kiosk does, through its platform client; returns the application number."""
    form = CombinedForm(CATALOGUE, CATALOGUE.package(package_code))
    answers = sample_answers(form.fields)
    mine = {"applicant.name": person.name, "applicant.id_number": person.id_number, "applicant.sex": person.sex,
            "applicant.birth_date": person.birth_date.isoformat()}
    answers |= {k: v for k, v in mine.items() if k in answers} | overrides
    application_uuid = str(uuidlib.uuid4())
    number = f"{central.credentials.terminal_id}-20261121-{application_uuid[:8]}"
    result = central.kiosk.submit({
        "uuid": application_uuid, "number": number, "terminal_id": central.credentials.terminal_id,
        "package_code": package_code, "catalogue_version": CATALOGUE.version,
        "submitted_at": "2026-11-21T09:30:00+08:00", "answers": answers, "sources": {},
    })
    assert result.outcome is Outcome.DELIVERED, result.error
    return number


def submit_identity_documents(central: Central, person: IdentityRecord = LI) -> str:
    return submit(central, IDENTITY_DOCUMENTS, person, **{
        "identity.temporary": False, "identity.proof": True, "identity.passport": False,
        "identity.proof_purpose": "job"})


def certificates_of(central: Central, number: str) -> list[Certificate]:
    with database(central) as session:
        return list(session.scalars(
            select(Certificate).join(ItemApplication, ItemApplication.number == Certificate.item_number)
            .join(Application).where(Application.number == number).order_by(Certificate.item_number)
        ))


# -- deciding --------------------------------------------------------------------------------------


def test_approving_issues_one_certificate_per_item(central: Central) -> None:
    number = submit_identity_documents(central)
    result = decide(central, number, "approve")
    assert result.returncode == 0, result.stderr
    with database(central) as session:
        application = session.scalar(select(Application).where(Application.number == number))
        assert application is not None
        assert application.status == "approved" and application.decided_at is not None
        assert [i.status for i in application.items] == ["approved", "approved"]
        items = {i.number: i.item_code for i in application.items}
    certificates = certificates_of(central, number)
    assert [items[c.item_number] for c in certificates] == [ID_CARD_ITEM, HOUSEHOLD_CERTIFICATE]
    assert [c.kind for c in certificates] == ["approval_notice", "household_certificate"]  # generic for the ID card
    for certificate in certificates:
        assert SERIAL.match(certificate.serial) and certificate.serial in result.stdout
        assert CODE.match(certificate.verification_code)
        assert certificate.data["holder"] == LI.name
        assert LI.id_number not in str(certificate.data)
    assert certificates[1].data["item_name"] == {"zh": "户籍证明出具", "en": "Household registration certificate"}
    assert certificates[1].data["package_name"]["zh"] == "证件办理一件事"


def test_deciding_twice_is_refused_in_one_line(central: Central) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    assert decide(central, number, "approve").returncode == 0
    assert_one_line_failure(decide(central, number, "approve"), "already decided")
    assert_one_line_failure(decide(central, number, "reject", "--reason", "迟到的驳回"), "already decided")
    assert len(certificates_of(central, number)) == 1


def test_a_rejection_tells_the_citizen_why(central: Central) -> None:
    number = submit(central, RESIDENCE_PERMIT, XIANG)
    assert_one_line_failure(decide(central, number, "reject"), "--reason")
    result = decide(central, number, "reject", "--reason", "缺少居住证明材料")
    assert result.returncode == 0, result.stderr
    assert certificates_of(central, number) == []
    applications = central.kiosk.citizen_applications(central.credentials.citizen_key(XIANG.id_number))
    assert applications is not None
    [rejected] = [a for a in applications if a.number == number]
    assert rejected.status == "rejected" and rejected.reason == "缺少居住证明材料"
    assert [i.status for i in rejected.items] == ["rejected"]


def test_an_unknown_application_cannot_be_decided(central: Central) -> None:
    assert_one_line_failure(decide(central, "HN-NO-SUCH-1", "approve"), "no application HN-NO-SUCH-1")


# -- certificates ----------------------------------------------------------------------------------


def test_the_certificate_pdf_states_the_facts_and_its_qr_verifies(central: Central, tmp_path: Path) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    assert decide(central, number, "approve").returncode == 0
    [certificate] = certificates_of(central, number)
    response = central.http.get(central.url(f"/v1/certificates/{certificate.serial}"), timeout=TIMEOUT_S)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Verification-Code"] == certificate.verification_code
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    for expected in ("户籍证明", LI.name, "户籍证明出具", "市公安局", certificate.serial, number,
                     certificate.verification_code, "准予办理"):
        assert expected in text, expected
    assert LI.id_number not in text
    path = qr_of(pdf, tmp_path)
    assert path == f"/v1/certificates/verify/{certificate.serial}/{certificate.verification_code}"
    checked = requests.get(central.url(path), timeout=TIMEOUT_S)  # unsigned: anyone may scan
    assert checked.status_code == 200
    assert checked.json() == {"valid": True, "kind": "household_certificate",
                              "issued_at": certificate.issued_at.isoformat().replace("+00:00", "Z")}
    assert LI.name not in checked.text


def test_the_kiosk_client_fetches_the_english_certificate_too(central: Central, tmp_path: Path) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, WANG)
    assert decide(central, number, "approve").returncode == 0
    [certificate] = certificates_of(central, number)
    fetched = central.kiosk.certificate(certificate.serial)
    assert fetched is not None and fetched.pdf.startswith(b"%PDF")
    assert fetched.verification_code == certificate.verification_code
    english = central.http.get(central.url(f"/v1/certificates/{certificate.serial}?lang=en"), timeout=TIMEOUT_S)
    pdf = tmp_path / "en.pdf"
    pdf.write_bytes(english.content)
    assert "Household registration certificate" in " ".join(pdf_text(pdf).split())


def test_each_item_issues_the_certificate_its_catalogue_item_names(central: Central, tmp_path: Path) -> None:
    number = submit(central, BIRTH, LI, **{"child.name": "张小雨", "child.sex": "F", "other_parent.name": "张伟"})
    assert decide(central, number, "approve").returncode == 0
    with database(central) as session:
        application = session.scalar(select(Application).where(Application.number == number))
        assert application is not None
        items = {i.number: i.item_code for i in application.items}
    certificates = certificates_of(central, number)
    kinds = {items[c.item_number]: c.kind for c in certificates}
    assert kinds == {code: CATALOGUE.items[code].certificate or "approval_notice" for code in kinds}
    assert {"birth_medical_certificate", "vaccination_certificate", "birth_registration"} <= set(kinds.values())
    [birth] = [c for c in certificates if c.kind == "birth_registration"]
    assert birth.data["child_name"] == "张小雨" and birth.data["child_sex"] == {"zh": "女", "en": "Female"}
    response = central.http.get(central.url(f"/v1/certificates/{birth.serial}"), timeout=TIMEOUT_S)
    pdf = tmp_path / "birth.pdf"
    pdf.write_bytes(response.content)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    for expected in ("出生登记证明", "户口登记条例", "张小雨", "张伟", LI.name, "落户地公安派出所", birth.serial):
        assert expected in text, expected
    assert LI.id_number not in text and LI.id_number not in str(birth.data)
    checked = requests.get(central.url(f"/v1/certificates/verify/{birth.serial}/{birth.verification_code}"),
                           timeout=TIMEOUT_S)
    assert checked.json()["kind"] == "birth_registration"


@pytest.mark.parametrize("wrong", ["serial", "code"])
def test_a_wrong_serial_or_code_is_not_valid(central: Central, wrong: str) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    assert decide(central, number, "approve").returncode == 0
    [certificate] = certificates_of(central, number)
    serial, code = certificate.serial, certificate.verification_code
    if wrong == "serial":
        serial = f"HN-1999-{int(serial[-8:]) ^ 1:08d}"
    else:
        code = "A" * 8 if code != "A" * 8 else "B" * 8
    response = requests.get(central.url(f"/v1/certificates/verify/{serial}/{code}"), timeout=TIMEOUT_S)
    assert response.json() == {"valid": False, "kind": None, "issued_at": None}


def test_an_unknown_certificate_is_404(central: Central) -> None:
    for serial in ("HN-2026-00000000", "not-a-serial"):
        response = central.http.get(central.url(f"/v1/certificates/{serial}"), timeout=TIMEOUT_S)
        assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert central.kiosk.certificate("HN-2026-00000000") is None


# -- ratings ---------------------------------------------------------------------------------------


def rate(central: Central, body: dict[str, Any], http: requests.Session | None = None) -> requests.Response:
    return (http or central.http).post(central.url("/v1/ratings"), json=body, timeout=TIMEOUT_S)


def test_an_application_is_rated_once(central: Central) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    first = rate(central, {"number": number, "level": 5, "comment": "办事很方便，" * 50})  # 500 characters
    assert first.status_code == 201
    assert first.json()["level_name"] == {"zh": "非常满意", "en": "Very satisfied"}
    second = rate(central, {"number": number, "level": 1})
    assert second.status_code == 409 and second.json()["error"] == "already_rated"
    assert central.kiosk.rate(number, 3, "") is False
    with database(central) as session:
        [stored] = session.scalars(select(Rating).join(Application).where(Application.number == number)).all()
    assert stored.level == 5 and stored.terminal_id == central.credentials.terminal_id


def test_the_kiosk_client_rates(central: Central) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, WANG)
    assert central.kiosk.rate(number, 4, "") is True


def test_rating_an_unknown_application_is_404(central: Central) -> None:
    response = rate(central, {"number": "HN-NO-SUCH-2", "level": 5})
    assert response.status_code == 404 and response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "change",
    [{"level": 0}, {"level": 6}, {"level": "5"}, {"level": 4.5}, {"level": True}, {"comment": "差" * 501},
     {"comment": "a\x00b"}, {"extra": 1}],
)
def test_an_invalid_rating_is_422(central: Central, change: dict[str, Any]) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    response = rate(central, {"number": number, "level": 5} | change)
    assert response.status_code == 422 and response.json()["error"] == "malformed"
    assert rate(central, {"number": number, "level": 5}).status_code == 201  # nothing was stored


def test_concurrent_duplicate_ratings_store_exactly_one(central: Central) -> None:
    number = submit(central, HOUSEHOLD_CERTIFICATE, LI)
    racers = 8
    barrier = threading.Barrier(racers)
    statuses: list[int] = []
    lock = threading.Lock()

    def race(level: int) -> None:
        http = signed_session(central.credentials)
        barrier.wait()
        status = rate(central, {"number": number, "level": level}, http).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=race, args=(1 + n % 5,)) for n in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * (racers - 1)
    with database(central) as session:
        stored = session.scalar(select(func.count()).select_from(Rating).join(Application)
                                .where(Application.number == number))
    assert stored == 1


# -- statistics ------------------------------------------------------------------------------------


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=CST)


def test_stats_count_time_and_satisfaction_exactly(fresh: Central) -> None:
    empty = fresh.http.get(fresh.url("/v1/stats"), timeout=TIMEOUT_S).json()
    assert empty["applications"] == [] and empty["processing"]["average_hours"] is None
    assert empty["satisfaction"]["rate"] is None
    approved, rejected = submit(fresh, HOUSEHOLD_CERTIFICATE, LI), submit(fresh, HOUSEHOLD_CERTIFICATE, WANG)
    waiting = submit(fresh, RESIDENCE_PERMIT, XIANG)
    assert decide(fresh, approved, "approve").returncode == 0
    assert decide(fresh, rejected, "reject", "--reason", "材料不全").returncode == 0
    # The decisions were made just now; pin their times so the averages are exact.
    times = {approved: (at(16, 9), at(18, 15)),  # Monday to Wednesday: 54 hours, 2 working days
             rejected: (at(20, 16), at(23, 10))}  # Friday to Monday: 66 hours, 1 working day
    with database(fresh) as session:
        for number, (received, decided) in times.items():
            session.execute(update(Application).where(Application.number == number)
                            .values(received_at=received, decided_at=decided))
        session.commit()
    for number, level in ((approved, 5), (rejected, 2), (waiting, 4)):
        assert rate(fresh, {"number": number, "level": level}).status_code == 201

    stats = fresh.http.get(fresh.url("/v1/stats"), timeout=TIMEOUT_S).json()
    assert stats["applications"] == [
        {"package_code": RESIDENCE_PERMIT, "package_name": {"zh": "居住证办理", "en": "Residence permit"},
         "total": 1, "by_status": {"received": 1}},
        {"package_code": HOUSEHOLD_CERTIFICATE,
         "package_name": {"zh": "户籍证明出具", "en": "Household registration certificate"},
         "total": 2, "by_status": {"approved": 1, "rejected": 1}},
    ]
    assert stats["processing"] == {"decided": 2, "average_hours": 60.0, "average_working_days": 1.5}
    satisfaction = stats["satisfaction"]
    assert satisfaction["ratings"] == 3 and satisfaction["rate"] == 0.6667  # 满意 or better: 2 of 3
    assert [(lv["level"], lv["name"]["zh"], lv["count"]) for lv in satisfaction["by_level"]] == [
        (5, "非常满意", 1), (4, "满意", 1), (3, "基本满意", 0), (2, "不满意", 1), (1, "非常不满意", 0)]


# -- who may ask -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/stats"), ("GET", "/v1/certificates/HN-2026-00000000"), ("POST", "/v1/ratings")],
)
def test_back_office_routes_need_a_signature(central: Central, method: str, path: str) -> None:
    response = requests.request(method, central.url(path), json={"number": "X", "level": 5} if method == "POST"
                                else None, timeout=TIMEOUT_S)
    assert response.status_code == 401 and response.json()["error"] == "unsigned"


def test_only_verification_is_open_to_anyone(central: Central) -> None:
    response = requests.get(central.url("/v1/certificates/verify/HN-2026-00000000/ABCDEFGH"), timeout=TIMEOUT_S)
    assert response.status_code == 200 and response.json()["valid"] is False
    paths = requests.get(central.url("/openapi.json"), timeout=TIMEOUT_S).json()["paths"]
    for path in ("/v1/stats", "/v1/ratings", "/v1/certificates/{serial}", "/v1/certificates/verify/{serial}/{code}",
                 "/v1/citizens/{citizen_key}/applications", "/v1/citizens/{citizen_key}/shared-data"):
        assert path in paths

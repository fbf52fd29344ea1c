"""One citizen's visit: identify, choose a package, answer, submit; then nothing of them is left."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue, parse_catalogue
from kiosk.documents.verification import CODE_PATTERN
from kiosk.forms.engine import Source
from kiosk.i18n import Text
from kiosk.log import REDACTED, forget_personal_values, redact
from kiosk.session import CitizenSession, SessionError, Terminal, receipt_from_json, receipt_to_json
from kiosk.store import Store
from kiosk.workdays import WorkCalendar
from tests.helpers.answers import typed_birth_answers
from tests.helpers.bundles import encode, small
from tests.helpers.people import (
    ADDRESS,
    ADDRESS_ANSWER,
    ID_NUMBER,
    NAME,
    OTHER_BIRTH_DATE,
    OTHER_ID,
    OTHER_NAME,
    resident,
)

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH, MARRIAGE = "43PCN0009", "43PCP0007"
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST)  # a Friday
TERMINAL = Terminal("HN-CS-0001", Text("长沙市政务服务中心", "Changsha Government Service Centre"), "http://127.0.0.1:8700/")
# What the citizen types; the card fills in the applicant's facts.
BIRTH_ANSWERS = typed_birth_answers(child__ethnicity="回族")  # hidden by "same ethnic group": must not be submitted


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "state")
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> Iterator[CitizenSession]:
    yield CitizenSession(CATALOGUE, store, TERMINAL, clock=lambda: NOW)
    forget_personal_values()


def fill(session: CitizenSession, answers: dict[str, object]) -> None:
    for key, value in answers.items():
        session.set_answer(key, value)


def count_applications(store: Store) -> int:
    connection = sqlite3.connect(store.db_path)
    try:
        return int(connection.execute("SELECT count(*) FROM applications").fetchone()[0])
    finally:
        connection.close()


# -- order of steps ------------------------------------------------------------------------------------------


def test_nothing_before_identification(session: CitizenSession) -> None:
    assert not session.active
    with pytest.raises(SessionError):
        session.choose(BIRTH)
    with pytest.raises(SessionError):
        session.submit()


def test_identify_then_choose_prefills_and_locks_the_document_fields(session: CitizenSession) -> None:
    session.identify(resident())
    assert session.active
    assert [p.code for p in session.packages()] == list(CATALOGUE.packages)
    form = session.choose(BIRTH)
    assert form.package.code == BIRTH
    assert session.answers == {
        "applicant.name": NAME,
        "applicant.id_number": ID_NUMBER,
        "applicant.sex": "F",
        "applicant.ethnicity": "汉",
        "applicant.address": ADDRESS_ANSWER,
    }
    for key in session.answers:
        assert session.prefilled[key].locked
        assert session.source_of(key) is Source.DOCUMENT
    with pytest.raises(SessionError, match=r"applicant\.name"):
        session.set_answer("applicant.name", "someone else")
    assert session.answers["applicant.name"] == NAME
    session.set_answer("child.name", "欧阳小明")
    assert session.source_of("child.name") is Source.CITIZEN


def test_a_calculated_field_has_its_own_source(session: CitizenSession) -> None:
    session.identify(resident())
    session.choose(MARRIAGE)
    assert session.source_of("applicant.age") is Source.CALCULATED
    assert session.source_of("applicant.birth_date") is Source.DOCUMENT
    assert session.source_of("spouse.name") is Source.CITIZEN


def test_submitting_with_missing_answers_is_refused_and_saves_nothing(session: CitizenSession, store: Store) -> None:
    session.identify(resident())
    session.choose(BIRTH)
    session.set_answer("child.name", "欧阳小明")
    with pytest.raises(SessionError, match="unanswered or invalid"):
        session.submit()
    assert count_applications(store) == 0
    assert session.submitted is None
    assert store.next_number(TERMINAL.id, NOW.date()).endswith("-0001")  # no number was used up


# -- submitting ----------------------------------------------------------------------------------------------


def test_submit_saves_the_application_and_its_receipt(session: CitizenSession, store: Store) -> None:
    session.identify(resident())
    form = session.choose(BIRTH)
    fill(session, BIRTH_ANSWERS)
    submitted = session.submit()

    number = "HN-CS-0001-20261120-0001"
    assert submitted.number == number
    receipt = submitted.receipt
    assert receipt.application_number == number
    assert (receipt.terminal_id, receipt.hall, receipt.issued_at) == (TERMINAL.id, TERMINAL.hall, NOW)
    assert receipt.package_name == CATALOGUE.package(BIRTH).name
    code = receipt.verification_code
    assert re.fullmatch(CODE_PATTERN, code)
    assert receipt.qr_payload == f"http://127.0.0.1:8700/v1/status/{number}/{code}"
    assert receipt.submitted is False  # queued; the outbox sends it

    parts = form.fan_out(session.answers)
    assert [i.number for i in receipt.items] == [f"{number}-{n:02d}" for n in range(1, len(parts) + 1)]
    assert [i.name for i in receipt.items] == [item.name for item, _ in parts]
    assert [i.department for i in receipt.items] == [item.department for item, _ in parts]
    assert [i.promised_date for i in receipt.items] == [
        WorkCalendar().add_working_days(NOW.date(), item.promised_days) for item, _ in parts
    ]
    by_code = {item.code: r for (item, _), r in zip(parts, receipt.items, strict=True)}
    assert by_code["002307002000"].promised_date == dt.date(2026, 11, 23)  # 1 working day after a Friday
    assert by_code["002307001000"].promised_date == dt.date(2026, 11, 27)  # 5
    assert by_code["000709001000"].promised_date == dt.date(2026, 12, 4)  # 10
    assert [t.en for t in receipt.to_bring] == ["Newborn medical birth record"]
    assert "Resident ID card" in [t.en for t in receipt.no_need_to_bring]

    stored = store.application(submitted.uuid)
    assert stored is not None
    assert (stored.number, stored.package_code, stored.state, stored.has_payload) == (number, BIRTH, "queued", True)
    assert stored.created_at == NOW
    assert stored.receipt == receipt_to_json(receipt)
    assert receipt_from_json(stored.receipt) == receipt
    for value in (NAME, ID_NUMBER, ADDRESS, "欧阳小明"):
        assert value not in str(stored.receipt)  # the receipt record holds nothing personal


def test_the_envelope_holds_the_effective_answers_and_their_sources(session: CitizenSession, store: Store) -> None:
    session.identify(resident())
    form = session.choose(BIRTH)
    fill(session, BIRTH_ANSWERS)
    submitted = session.submit()
    [item] = store.due(NOW)
    envelope = item.envelope
    assert envelope["uuid"] == submitted.uuid
    assert envelope["number"] == submitted.number
    assert envelope["terminal_id"] == TERMINAL.id
    assert envelope["package_code"] == BIRTH
    assert envelope["catalogue_version"] == CATALOGUE.version
    assert dt.datetime.fromisoformat(envelope["submitted_at"]) == NOW
    assert envelope["answers"] == form.effective(session.answers)
    assert "child.ethnicity" not in envelope["answers"]
    assert envelope["answers"]["applicant.id_number"] == ID_NUMBER
    assert envelope["sources"]["applicant.name"] == "document"
    assert envelope["sources"]["child.name"] == "citizen"
    assert set(envelope["sources"]) == set(envelope["answers"])


def test_submitting_twice_makes_one_application(session: CitizenSession, store: Store) -> None:
    session.identify(resident())
    session.choose(BIRTH)
    fill(session, BIRTH_ANSWERS)
    first = session.submit()
    second = session.submit()
    assert second is first
    assert count_applications(store) == 1
    assert store.pending_count() == 1
    assert store.next_number(TERMINAL.id, NOW.date()).endswith("-0002")


def test_the_next_citizen_gets_the_next_number(session: CitizenSession) -> None:
    numbers = []
    for _ in range(2):
        session.identify(resident())
        session.choose(BIRTH)
        fill(session, BIRTH_ANSWERS)
        numbers.append(session.submit().number)
    assert numbers == ["HN-CS-0001-20261120-0001", "HN-CS-0001-20261120-0002"]


def test_choosing_again_starts_a_fresh_form(session: CitizenSession) -> None:
    session.identify(resident())
    session.choose(BIRTH)
    fill(session, BIRTH_ANSWERS)
    session.submit()
    session.choose(MARRIAGE)
    assert session.submitted is None
    assert "child.name" not in session.answers
    assert session.answers["applicant.birth_date"] == "1990-03-07"


# -- forgetting ----------------------------------------------------------------------------------------------


def test_reset_forgets_the_citizen(session: CitizenSession) -> None:
    session.identify(resident())
    session.choose(BIRTH)
    fill(session, BIRTH_ANSWERS)
    session.submit()
    assert redact(f"for {NAME} at {ADDRESS}") == f"for {REDACTED} at {REDACTED}"
    assert redact("baby 欧阳小明") == f"baby {REDACTED}"  # typed answers are registered too

    session.reset()
    assert not session.active
    assert (session.identity, session.form, session.submitted) == (None, None, None)
    assert session.answers == {}
    assert session.prefilled == {}
    assert redact(f"for {NAME} at {ADDRESS}") == f"for {NAME} at {ADDRESS}"
    assert redact("baby 欧阳小明") == "baby 欧阳小明"
    assert redact(ID_NUMBER) == REDACTED  # shaped values stay redacted whoever's they are


def test_a_new_identification_starts_from_nothing(session: CitizenSession) -> None:
    session.identify(resident())
    session.choose(BIRTH)
    session.set_answer("child.name", "欧阳小明")
    other = resident(
        id_number=OTHER_ID, name=OTHER_NAME, sex="M", birth_date=OTHER_BIRTH_DATE, address="湖南省株洲市天元区"
    )
    session.identify(other)
    assert session.identity is other
    assert session.form is None
    assert session.answers == {}
    assert redact("欧阳小明 欧阳晓红") == "欧阳小明 欧阳晓红"
    assert redact(OTHER_NAME) == REDACTED


def test_shared_data_fills_only_what_the_citizen_has_not_answered(tmp_path: Path) -> None:
    catalogue = parse_catalogue(encode(small(lambda d: d["fields"]["applicant.phone"].update(prefill="shared.mobile"))))
    session = CitizenSession(catalogue, Store(tmp_path / "state"), Terminal("T-1", Text("厅", "Hall"), "http://x"))
    session.identify(resident())
    session.choose("P1")
    assert session.shared_keys() == ["shared.mobile"]
    session.apply_shared({"shared.mobile": "13807310000"})
    assert session.answers["applicant.phone"] == "13807310000"
    assert session.source_of("applicant.phone") is Source.SHARED
    session.set_answer("applicant.phone", "13900000000")  # shared values stay editable
    session.apply_shared({"shared.mobile": "13807310000"})
    assert session.answers.get("applicant.phone") == "13900000000"

"""Demo data for the simulated card's people (devices/cards/simulated.py): e-licences, shared
records, and applications made online, so a citizen at the demo kiosk finds a whole picture.

Everyone here is fictional. Seeding again adds nothing: each row is looked for first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.auth import citizen_secret
from central.backoffice import decide
from central.calendars import published_years
from central.db import RECEIVED, Application, ItemApplication
from central.records import ELicence, SharedRecord, StaffAccount
from central.staff import add_account, bind_card
from central.submissions import CHINA
from kiosk.catalogue import Catalogue
from kiosk.documents.verification import new_code
from kiosk.forms.engine import CombinedForm
from kiosk.forms.validators import uscc_check_char
from kiosk.sync.signing import citizen_key
from kiosk.workdays import WorkCalendar

ONLINE_TERMINAL = "WEB-PORTAL"  # the provincial online service (湘易办), as the applications' terminal
HR, CIVIL_AFFAIRS, POLICE = "湖南省人力资源和社会保障厅", "湖南省民政厅", "湖南省公安厅"
SEED_NAMESPACE = uuidlib.UUID("6f1d3c52-9a4e-4c1b-8d5e-2b7a0c9e4f11")


@dataclass(frozen=True)
class LicenceSeed:
    kind: str
    number: str
    issued_on: dt.date | None
    valid_until: dt.date | None  # None: 长期 (indefinitely)
    data: dict[str, Any]


@dataclass(frozen=True)
class OnlineSeed:
    """An application made on the online portal; ``approved_after`` decides it that long after receipt."""

    key: str  # names its uuid, so a second seeding finds it
    package_code: str
    answers: dict[str, object]
    received_days_ago: int
    received_time: dt.time
    approved_after: dt.timedelta | None = None


@dataclass(frozen=True)
class Person:
    id_number: str  # as on the simulated card; central does not import devices
    name: str
    licences: tuple[LicenceSeed, ...]
    shared: dict[str, tuple[object, str]]  # shared.<name>: value, the department that holds it
    online: tuple[OnlineSeed, ...] = field(default=())


def _member(name: str, relation: str, sex: str, birth_date: str) -> dict[str, str]:
    return {"name": name, "relation": relation, "sex": sex, "birth_date": birth_date}


EMPLOYER_CODE = "91430582MA4Q7XK32"  # 17 characters: the 18th, its check character, is added below
LI = Person(
    "430102199003071285", "李晓梅",
    licences=(
        LicenceSeed("driving_licence", "430102199003071285", dt.date(2022, 7, 20), dt.date(2032, 7, 20), {
            "name": "李晓梅", "sex": "女", "nationality": "中国", "licence_class": "C1",
            "first_issued_on": "2012-07-20", "file_number": "430100812345",
            "issuer": "湖南省长沙市公安局交通警察支队", "address": "湖南省长沙市芙蓉区五一大道 188 号",
        }),
        LicenceSeed("vehicle_licence", "湘AD3K82", dt.date(2022, 5, 18), None, {
            "plate_number": "湘A·D3K82", "vehicle_type": "小型轿车", "owner": "李晓梅", "use": "非营运",
            "model": "比亚迪牌BYD7152WT6HEVC5", "vin": "LGXC16DF4N0123456", "registered_on": "2022-05-18",
            "inspection_valid_until": "2028-05-31", "issuer": "湖南省长沙市公安局交通警察支队",
        }),
        LicenceSeed("household_register", "430102011588", dt.date(2008, 3, 14), None, {
            "household_type": "家庭户", "head_of_household": "李晓梅", "relation_to_head": "户主",
            "address": "湖南省长沙市芙蓉区五一大道 188 号", "native_place": "湖南长沙",
            "registration_authority": "长沙市公安局芙蓉分局定王台派出所",
        }),
    ),
    shared={
        "shared.marital_status": ("unmarried", CIVIL_AFFAIRS),
        "shared.household_members": ([_member("李晓梅", "户主", "F", "1990-03-07")], POLICE),
    },
    online=(
        OnlineSeed(
            "li-household-certificate", "002009002000",
            {"applicant.name": "李晓梅", "applicant.id_number": "430102199003071285",
             "applicant.address": {"division": "430102", "detail": "五一大道 188 号"},
             "identity.proof": True, "identity.proof_purpose": "job"},
            received_days_ago=6, received_time=dt.time(9, 12), approved_after=dt.timedelta(days=1, hours=6),
        ),
    ),
)
WANG = Person(
    "430521195806121357", "王建国",
    licences=(
        LicenceSeed("household_register", "430521203317", dt.date(1998, 11, 2), None, {
            "household_type": "家庭户", "head_of_household": "王建国", "relation_to_head": "户主",
            "address": "湖南省邵阳市邵东市两市镇光明路 16 号", "native_place": "湖南邵东",
            "registration_authority": "邵东市公安局两市镇派出所",
        }),
        LicenceSeed("driving_licence", "430521195806121357", dt.date(2016, 4, 9), None, {
            "name": "王建国", "sex": "男", "nationality": "中国", "licence_class": "C1",
            "first_issued_on": "1996-04-09", "file_number": "430500326718",
            "issuer": "湖南省邵阳市公安局交通警察支队", "address": "湖南省邵阳市邵东市两市镇光明路 16 号",
        }),
        LicenceSeed("social_security_card", "H43785120", dt.date(2019, 6, 1), dt.date(2029, 6, 1), {
            "name": "王建国", "card_kind": "第三代社会保障卡", "bank": "中国农业银行",
            "issuer": "邵阳市人力资源和社会保障局",
        }),
    ),
    shared={
        "shared.insured_employer": ("邵东市湘中机械制造有限公司", HR),
        "shared.insured_employer_code": (EMPLOYER_CODE + uscc_check_char(EMPLOYER_CODE), HR),
        "shared.first_work_date": ("1978-09-01", HR),
        "shared.marital_status": ("married", CIVIL_AFFAIRS),
        "shared.household_members": ([
            _member("王建国", "户主", "M", "1958-06-12"),
            _member("刘桂兰", "配偶", "F", "1960-02-25"),
            _member("王磊", "子", "M", "1985-10-03"),
        ], POLICE),
    },
)
XIANG = Person(
    "430702199509210062", "向丽娟",
    licences=(
        LicenceSeed("household_register", "430702045219", dt.date(2011, 9, 5), None, {
            "household_type": "家庭户", "head_of_household": "向志强", "relation_to_head": "女",
            "address": "湖南省常德市武陵区朗州路 3 号", "native_place": "湖南桑植",
            "registration_authority": "常德市公安局武陵分局丹阳派出所",
        }),
        LicenceSeed("residence_permit", "430702199509210062", dt.date(2026, 3, 10), dt.date(2027, 3, 9), {
            "name": "向丽娟", "residence_address": "湖南省长沙市岳麓区麓山南路 932 号",
            "issuer": "长沙市公安局岳麓分局", "signings": 1,
        }),
    ),
    shared={
        "shared.marital_status": ("unmarried", CIVIL_AFFAIRS),
        "shared.household_members": ([
            _member("向志强", "户主", "M", "1968-04-17"),
            _member("田春花", "配偶", "F", "1970-12-08"),
            _member("向丽娟", "女", "F", "1995-09-21"),
        ], POLICE),
    },
    online=(
        OnlineSeed(
            "xiang-residence-permit", "001009003000",
            {"applicant.name": "向丽娟", "applicant.id_number": "430702199509210062", "applicant.sex": "F",
             "applicant.address": {"division": "430702", "detail": "朗州路 3 号"},
             "student.home_address": {"division": "430104", "detail": "麓山南路 932 号"},
             "residence.basis": "job", "residence.employer": "长沙麓谷信息技术有限公司",
             "contact.mobile": "13787310062"},
            received_days_ago=1, received_time=dt.time(21, 40),
        ),
    ),
)
PEOPLE = (LI, WANG, XIANG)


# The hall's demo staff member: PIN 246810, and the demo staff card of devices/cards/simulated.py
# (DEMO_STAFF_PUBLIC_KEY, copied: central does not import devices; tests/test_staff_central.py compares them).
DEMO_STAFF = ("S0012", "王丽华", "246810")
DEMO_STAFF_CARD_KEY = bytes.fromhex("810c57e52784a883938b687d3b85c3d861718da8aacf821776be4dab5ce3b294")


@dataclass
class Seeded:
    licences: int = 0
    shared_records: int = 0
    applications: int = 0
    staff: int = 0

    def __str__(self) -> str:
        if not (self.licences or self.shared_records or self.applications or self.staff):
            return "demo data: already there, nothing added"
        return (f"demo data: {self.licences} e-licences, {self.shared_records} shared records, "
                f"{self.applications} online applications, {self.staff} staff accounts added")


class SeedError(Exception):
    """The catalogue no longer accepts a demo application: one line for the operator."""


def seed_demo(session: Session, catalogue: Catalogue, now: dt.datetime) -> Seeded:
    """Add whatever demo data is missing. The caller commits."""
    secret = citizen_secret(session)
    calendar = WorkCalendar(published_years(session))
    seeded = Seeded()
    for person in PEOPLE:
        key = citizen_key(secret, person.id_number)
        for licence in person.licences:
            if session.scalar(select(ELicence.id).where(ELicence.citizen_key == key, ELicence.kind == licence.kind,
                                                        ELicence.number == licence.number)) is None:
                session.add(ELicence(citizen_key=key, kind=licence.kind, number=licence.number, data=licence.data,
                                     issued_on=licence.issued_on, valid_until=licence.valid_until))
                seeded.licences += 1
        for name, (value, source) in person.shared.items():
            if session.scalar(select(SharedRecord.id).where(SharedRecord.citizen_key == key,
                                                            SharedRecord.name == name)) is None:
                session.add(SharedRecord(citizen_key=key, name=name, value=value, source=source))
                seeded.shared_records += 1
        for online in person.online:
            seeded.applications += _add_online(session, catalogue, calendar, key, online, now)
    number, name, pin = DEMO_STAFF
    if session.get(StaffAccount, number) is None:
        add_account(session, number, name, pin, now)
        bind_card(session, number, DEMO_STAFF_CARD_KEY, now)
        seeded.staff += 1
    return seeded


def _add_online(
    session: Session, catalogue: Catalogue, calendar: WorkCalendar, key: str, seed: OnlineSeed, now: dt.datetime
) -> int:
    uuid = str(uuidlib.uuid5(SEED_NAMESPACE, seed.key))
    if session.get(Application, uuid) is not None or not catalogue.offers(seed.package_code):
        return 0
    day = now.astimezone(CHINA).date() - dt.timedelta(days=seed.received_days_ago)
    received_at = dt.datetime.combine(day, seed.received_time, CHINA).astimezone(dt.UTC)
    form = CombinedForm(catalogue, catalogue.package(seed.package_code), day)
    errors = form.errors(seed.answers)
    if errors:
        raise SeedError(f"the catalogue refuses the demo application {seed.key}: {', '.join(sorted(errors))}")
    answers = form.effective(seed.answers)
    number = f"WEB-{day:%Y%m%d}-{uuid[:6].upper()}"
    session.add(Application(
        uuid=uuid, number=number, terminal_id=ONLINE_TERMINAL, package_code=seed.package_code,
        catalogue_version=catalogue.version,
        body_sha256=hashlib.sha256(json.dumps(answers, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
        answers=answers, sources={k: "citizen" for k in answers}, verification_code=new_code(),
        status=RECEIVED, submitted_at=received_at, received_at=received_at, channel="online", citizen_key=key,
        items=[
            ItemApplication(item_code=item.code, number=f"{number}-{n:02d}", answers=item_answers, status=RECEIVED,
                            promised_date=calendar.add_working_days(day, item.promised_days))
            for n, (item, item_answers) in enumerate(form.fan_out(seed.answers), start=1)
        ],
    ))
    if seed.approved_after is not None:
        decide(session, catalogue, number, approve=True, reason="材料齐全，准予办理",
               now=received_at + seed.approved_after)
    return 1

"""Promised dates by the official calendar: holidays skipped, make-up workdays (调休) counted.

The package's 2026 calendar; a later year that an operator publishes on the platform, used for the
platform's own promises and, once a heartbeat has brought it, by the kiosk offline; a year no
source knows, which counts weekends only and says so once. The platform runs on SQLite and on
PostgreSQL (the second under `make test`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker

from central.calendars import OfficialCalendar, publish, read_year
from central.db import make_engine
from central.migrate import upgrade
from central.submissions import Accepted, Applications
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Text
from kiosk.log import forget_personal_values
from kiosk.session import CitizenSession, Terminal
from kiosk.store import Store
from kiosk.sync.calendar import CalendarKeeper
from kiosk.sync.heartbeat import Heartbeat, Sources
from kiosk.sync.wire import CalendarYearOut, Submission
from kiosk.workdays import CalendarError, WorkCalendar, YearCalendar, package_years
from tests.helpers.answers import birth_answers, typed_birth_answers
from tests.helpers.databases import DATABASE_KINDS, central_database
from tests.helpers.memory_platform import MemoryPlatform
from tests.helpers.people import resident
from tests.helpers.platform import run_central, running_platform

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH = "43PCN0009"
ONE_DAY, FIVE_DAYS = "002307002000", "002307001000"  # birth package items promised in 1 and 5 working days
CHINA = dt.timezone(dt.timedelta(hours=8))
DAY = dt.timedelta(days=1)
TERMINAL = Terminal("HN-TEST-01", Text("测试大厅", "Test hall"), "http://127.0.0.1:8700/")


def later_year() -> YearCalendar:
    """A year the package does not know (two after its last), as an operator would publish it:
    the first full week of February off, Monday to Friday, and the Saturday before worked."""
    year = max(package_years()) + 2
    monday = next(d for d in (dt.date(year, 2, 1) + n * DAY for n in range(7)) if d.weekday() == 0)
    return YearCalendar(year, frozenset(monday + n * DAY for n in range(5)), frozenset({monday - 2 * DAY}))


LATER = later_year()
HOLIDAY_MONDAY = min(LATER.holidays)
FRIDAY_BEFORE, MAKE_UP_SATURDAY = HOLIDAY_MONDAY - 3 * DAY, HOLIDAY_MONDAY - 2 * DAY


def toml(year: YearCalendar) -> str:
    """The year as an operator writes it: TOML dates, a comment."""
    def dates(days: frozenset[dt.date]) -> str:
        return ", ".join(d.isoformat() for d in sorted(days))
    return (f"# 国务院办公厅关于{year.year}年部分节假日安排的通知 (a test's own)\nyear = {year.year}\n"
            f"holidays = [{dates(year.holidays)}]\nworkdays = [{dates(year.workdays)}]\n")


# -- the calendar --------------------------------------------------------------------------------------


def test_a_submission_before_spring_festival_2026_skips_it_and_counts_the_make_up_saturday() -> None:
    calendar = WorkCalendar()
    friday = dt.date(2026, 2, 13)  # 春节: 15–23 February off; Saturday 14 February worked
    assert calendar.add_working_days(friday, 1) == dt.date(2026, 2, 14)
    assert calendar.add_working_days(friday, 2) == dt.date(2026, 2, 24)
    assert calendar.add_working_days(friday, 5) == dt.date(2026, 2, 27)


def test_a_submission_before_national_day_2026_skips_it_and_counts_the_make_up_saturday() -> None:
    calendar = WorkCalendar()
    wednesday = dt.date(2026, 9, 30)  # 国庆: 1–7 October off; Saturday 10 October worked
    assert calendar.add_working_days(wednesday, 1) == dt.date(2026, 10, 8)
    assert calendar.add_working_days(wednesday, 3) == dt.date(2026, 10, 10)
    assert calendar.add_working_days(dt.date(2026, 9, 18), 1) == dt.date(2026, 9, 20)  # Sunday 20 September worked
    assert calendar.add_working_days(dt.date(2026, 9, 24), 1) == dt.date(2026, 9, 28)  # 中秋, 25 September off


def test_a_published_year_replaces_the_package_for_that_year_only() -> None:
    no_spring_festival = YearCalendar(2026, frozenset({dt.date(2026, 1, 1)}))
    calendar = WorkCalendar([no_spring_festival])
    assert calendar.add_working_days(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 17)
    assert calendar.add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)  # the package's 2025


def test_a_year_no_source_knows_counts_weekends_and_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    year = max(package_years()) + 3
    friday = next(d for d in (dt.date(year, 2, 1) + n * DAY for n in range(7)) if d.weekday() == 4)
    calendar = WorkCalendar([LATER])
    with caplog.at_level(logging.WARNING, logger="kiosk.workdays"):
        assert calendar.add_working_days(friday, 1) == friday + 3 * DAY  # the Monday
        assert calendar.add_working_days(friday, 6) == friday + 10 * DAY
    assert caplog.messages == [f"no official holiday calendar for {year}: counting weekends only"]


@pytest.mark.parametrize(("data", "says"), [
    ({"year": 2028, "holidays": ["2028-01-03"], "workdays": ["2028-01-07"]}, "2028-01-07 is a weekday"),
    ({"year": 2028, "holidays": ["2027-12-31"]}, "2027-12-31 is not in 2028"),
    ({"year": 2028, "holidays": ["2028-01-08"], "workdays": ["2028-01-08"]}, "both a holiday and a workday"),
    ({"year": 2028, "holidays": []}, "none are listed"),
    ({"year": 2028, "holidays": ["1 January"]}, "'1 January' is not a date"),
    ({"year": "2028", "holidays": ["2028-01-03"]}, "year: a year such as 2028"),
    ({"year": 2028, "holiday": ["2028-01-03"]}, "unknown key 'holiday'"),
    (["2028-01-03"], "not list"),
])
def test_a_calendar_that_cannot_be_right_is_refused_saying_why(data: object, says: str) -> None:
    with pytest.raises(CalendarError, match=says):
        YearCalendar.parse(data)


# -- the platform --------------------------------------------------------------------------------------


@pytest.fixture(params=DATABASE_KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with central_database(request.param, tmp_path) as url:
        yield url


def test_the_platform_reads_the_published_years_at_most_once_per_refresh(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        now = [0.0]
        official = OfficialCalendar(engine, refresh_s=30.0, clock=lambda: now[0])
        assert official.published(since=LATER.year) == []
        publish(sessionmaker(engine), LATER, dt.datetime.now(dt.UTC))
        reads = len(statements)
        for _ in range(100):  # heartbeats and applications within the refresh interval: no database read
            assert official.published(since=LATER.year) == []
            assert official.current().add_working_days(FRIDAY_BEFORE, 1) == HOLIDAY_MONDAY
        assert len(statements) == reads
        now[0] = 30.0
        assert official.published(since=LATER.year) == [LATER]
        assert official.current().add_working_days(FRIDAY_BEFORE, 1) == MAKE_UP_SATURDAY
        assert official.published(since=LATER.year + 1) == []
    finally:
        engine.dispose()


def test_an_operator_publishes_replaces_and_lists_a_year(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / f"{LATER.year}.toml"
    path.write_text(toml(LATER), encoding="utf-8")
    assert read_year(path) == LATER

    published = run_central("calendar", "publish", str(path), "--db", db_url)
    assert (published.returncode, published.stderr) == (0, "")
    assert published.stdout == f"calendar {LATER.year} published: promised dates and kiosks use it from now on\n"
    again = run_central("calendar", "publish", str(path), "--db", db_url)
    assert again.stdout == f"calendar {LATER.year} is already published as it is: nothing to do\n"

    path.write_text(toml(YearCalendar(LATER.year, LATER.holidays)), encoding="utf-8")
    replaced = run_central("calendar", "publish", str(path), "--db", db_url)
    assert replaced.stdout == f"calendar {LATER.year} replaced: promised dates and kiosks use the new one from now on\n"

    listed = run_central("calendar", "list", "--db", db_url).stdout.splitlines()
    assert listed[0].startswith(f"{LATER.year}\tpublished ")
    assert listed[0].endswith("\t5 holidays, 0 make-up workdays")
    assert listed[1].startswith(f"the chinese-calendar package knows {min(package_years())}–{max(package_years())}")


@pytest.mark.parametrize(("text", "says"), [
    ("year = 2028\nholidays = [2028-01-03]\nworkdays = [2028-01-07]\n", "workdays: 2028-01-07 is a weekday"),
    ("year = 2028\nholidays = [2028-01-03\n", "not TOML"),
])
def test_a_bad_calendar_file_is_one_line_and_exit_2(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "year.toml"
    path.write_text(text, encoding="utf-8")
    result = run_central("calendar", "publish", str(path), "--db", f"sqlite:///{tmp_path / 'central.db'}")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert says in result.stderr and str(path) in result.stderr


def submission(received: dt.date) -> Submission:
    application_uuid = str(uuidlib.uuid4())
    answers = birth_answers(child__birth_date=(received - 14 * DAY).isoformat())
    return Submission.model_validate({
        "uuid": application_uuid,
        "number": f"HN-TEST-01-{received:%Y%m%d}-{application_uuid[:8]}",
        "terminal_id": "HN-TEST-01",
        "package_code": BIRTH,
        "catalogue_version": CATALOGUE.version,
        "submitted_at": dt.datetime.combine(received, dt.time(9, 30), CHINA).isoformat(),
        "answers": answers,
        "sources": {key: "citizen" for key in answers},
    })


def promised_by_platform(db_url: str, received: dt.date) -> dict[str, dt.date]:
    """The platform's own promised dates for a birth application received on ``received``, by item."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        clock = lambda: dt.datetime.combine(received, dt.time(9, 30), CHINA)  # noqa: E731
        outcome = Applications(engine, CATALOGUE, clock=clock).receive(submission(received))
    finally:
        engine.dispose()
    assert isinstance(outcome, Accepted)
    return {item.item_code: item.promised_date for item in outcome.result.items}


def test_the_platform_promises_by_the_year_an_operator_published(db_url: str, tmp_path: Path) -> None:
    weekends_only = promised_by_platform(db_url, FRIDAY_BEFORE)
    assert weekends_only[ONE_DAY] == HOLIDAY_MONDAY

    path = tmp_path / "later.toml"
    path.write_text(toml(LATER), encoding="utf-8")
    assert run_central("calendar", "publish", str(path), "--db", db_url).returncode == 0
    promised = promised_by_platform(db_url, FRIDAY_BEFORE)
    assert promised[ONE_DAY] == MAKE_UP_SATURDAY
    assert promised[FIVE_DAYS] == HOLIDAY_MONDAY + 10 * DAY  # the Saturday, then Monday to Thursday after the week off


# -- the kiosk -----------------------------------------------------------------------------------------


def kiosk_promises(store: Store, received: dt.date, calendar: WorkCalendar | None = None) -> dict[str, dt.date]:
    """The promised dates on the receipt of a birth application made at the kiosk on ``received``."""
    now = dt.datetime.combine(received, dt.time(9, 30), CHINA)
    session = CitizenSession(CATALOGUE, store, TERMINAL, clock=lambda: now, calendar=calendar)
    try:
        session.identify(resident())
        form = session.choose(BIRTH)
        for key, value in typed_birth_answers(child__birth_date=(received - 14 * DAY).isoformat()).items():
            session.set_answer(key, value)
        receipt = session.submit().receipt
        codes = [item.code for item, _ in form.fan_out(session.answers)]
        return dict(zip(codes, (item.promised_date for item in receipt.items), strict=True))
    finally:
        session.reset()
        forget_personal_values()


@pytest.mark.parametrize("kind", DATABASE_KINDS)
def test_the_kiosk_takes_a_published_year_with_the_heartbeat_and_keeps_it_offline(kind: str, tmp_path: Path) -> None:
    store = Store(tmp_path / "state")
    try:
        running = WorkCalendar(store.calendar_years())
        assert kiosk_promises(store, FRIDAY_BEFORE, running)[ONE_DAY] == HOLIDAY_MONDAY  # weekends only, so far
        with running_platform(kind, tmp_path / "platform") as platform:
            path = tmp_path / "later.toml"
            path.write_text(toml(LATER), encoding="utf-8")
            assert run_central("calendar", "publish", str(path), "--db", platform.db_url).returncode == 0
            keeper = CalendarKeeper(store, running, lambda: dt.datetime.now(dt.UTC))
            sources = Sources(catalogue_version=lambda: CATALOGUE.version, outbox_pending=lambda: 0)
            assert Heartbeat(platform.kiosk, sources, lambda _c: None, on_calendar=keeper.take).beat_once() == []
            platform_promise = promised_by_platform(platform.db_url, FRIDAY_BEFORE)

        assert store.calendar_years() == [LATER]
        live = kiosk_promises(store, FRIDAY_BEFORE, running)  # the running session's calendar, updated
        after_restart = kiosk_promises(store, FRIDAY_BEFORE)  # a new session: the years the store kept
        assert live == after_restart == platform_promise
        assert live[ONE_DAY] == MAKE_UP_SATURDAY
    finally:
        store.close()


def test_a_heartbeat_calendar_is_taken_when_it_changes_and_again_after_a_failure(tmp_path: Path) -> None:
    store = Store(tmp_path / "state")
    keeper = CalendarKeeper(store, WorkCalendar(), lambda: dt.datetime.now(dt.UTC))
    taken: list[list[CalendarYearOut]] = []

    def take(calendar: list[CalendarYearOut]) -> None:
        taken.append(calendar)
        if len(taken) == 1:
            raise OSError("the disk is full")
        keeper.take(calendar)

    platform = MemoryPlatform(calendar=[CalendarYearOut.of(LATER)])
    beat = Heartbeat(platform, Sources(lambda: "v", lambda: 0), lambda _c: None, on_calendar=take)
    try:
        beat.beat_once()  # fails: taken again with the next answer
        beat.beat_once()
        beat.beat_once()  # the same years: not taken again
        no_holidays = CalendarYearOut(year=LATER.year + 1, holidays=[], workdays=[])
        platform.calendar = [CalendarYearOut.of(LATER), no_holidays]
        beat.beat_once()  # the year that does not pass the checks is skipped, the other kept
        assert len(taken) == 3
        assert store.calendar_years() == [LATER]
    finally:
        store.close()

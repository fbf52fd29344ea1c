"""The hall staff page at /staff/: over HTTP against a real platform, and in Debian's chromium driven by selenium.

The browser test saves screenshots of the sign-in page and the dashboard in its tmp_path; with
KIOSK_TEST_STAFF_SCREENSHOTS=docs/screenshots it also writes the two the docs show
(staff-page-sign-in.png and staff-page.png).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.db import Application, make_engine
from central.hall import OpenCall
from central.records import HallTicket, StaffAccount, StaffSignInRecord, StaffWebSession
from central.staff_page import SignInLimiter
from central.staff_page_html import bi, calls_part
from kiosk.i18n import Text
from tests.helpers.databases import DATABASE_KINDS
from tests.helpers.platform import REPO, EnrolledPlatform, enrolled, running_platform, signed_session

NUMBER, NAME, PIN = "S0012", "王丽华", "246810"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCREENSHOTS_ENV = "KIOSK_TEST_STAFF_SCREENSHOTS"
BIRTH = "43PCN0009"  # the demo catalogue's birth package
TIMEOUT_S = 30.0
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_staff(platform: EnrolledPlatform, number: str = NUMBER, name: str = NAME, pin: str = PIN) -> None:
    """`kiosk-central staff add`, as an administrator would."""
    result = subprocess.run(
        [sys.executable, "-m", "central", "staff", "add", number, "--name", name, "--pin-stdin", "--db",
         platform.db_url], input=pin + "\n", cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[EnrolledPlatform]:
    with running_platform("sqlite", tmp_path) as running:
        add_staff(running)
        yield running


def db(platform: EnrolledPlatform) -> Session:
    return Session(make_engine(platform.db_url))


def make_call(platform: EnrolledPlatform, screen: str = "form", http: requests.Session | None = None) -> str:
    uuid = str(uuidlib.uuid4())
    body = {"uuid": uuid, "screen": screen, "made_at": dt.datetime.now(dt.UTC).isoformat()}
    answer = (http or platform.http).post(platform.url("/v1/calls"), json=body, timeout=TIMEOUT_S)
    assert answer.status_code == 201, answer.text
    return uuid


def take_ticket(platform: EnrolledPlatform, reason: str = "expired_document", service: str = "general") -> str:
    body = {"uuid": str(uuidlib.uuid4()), "reason": reason, "service": service}
    answer = platform.http.post(platform.url("/v1/tickets"), json=body, timeout=TIMEOUT_S)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["number"])


def call_status(platform: EnrolledPlatform, uuid: str) -> str:
    return str(platform.http.get(platform.url(f"/v1/calls/{uuid}"), timeout=TIMEOUT_S).json()["status"])


def sign_in(platform: EnrolledPlatform, number: str = NUMBER,
            pin: str = PIN) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    form = browser.get(platform.url("/staff/"), timeout=TIMEOUT_S)
    token = CSRF.search(form.text)
    assert token is not None
    answer = browser.post(platform.url("/staff/sign-in"), data={"csrf": token.group(1), "number": number, "pin": pin},
                          allow_redirects=False, timeout=TIMEOUT_S)
    return browser, answer


def signed_in(platform: EnrolledPlatform) -> tuple[requests.Session, str]:
    """A signed-in page session and its CSRF token."""
    browser, answer = sign_in(platform)
    assert answer.status_code == 303, answer.text
    page = browser.get(platform.url("/staff/"), timeout=TIMEOUT_S)
    token = CSRF.search(page.text)
    assert token is not None and "大厅工作台" in page.text
    return browser, token.group(1)


def add_assisted_application(platform: EnrolledPlatform) -> str:
    """An application made with 代办 and a staff-entered identity, as central/submissions.py stores one."""
    now = dt.datetime.now(dt.UTC)
    assistance = {"mode": "acting", "staff_number": NUMBER, "sign_in": "pin", "session_id": str(uuidlib.uuid4()),
                  "agent": {"document_type": "resident_id", "id_number": "43010519900101999X",
                            "authorisation": "power_of_attorney"}}
    with db(platform) as session, session.begin():
        session.add(Application(
            uuid=str(uuidlib.uuid4()), number="HN20261203000042", terminal_id="HN-TEST-01", package_code=BIRTH,
            catalogue_version="test", body_sha256="0" * 64, answers={"applicant.name": "李秘密"}, sources={},
            verification_code="ABC234", status="received", submitted_at=now, received_at=now,
            assistance=assistance, identity_source="staff_entered", identity_reason="card_damaged",
            registry_check="needed"))
    return "HN20261203000042"


def cookie_header(answer: requests.Response, name: str) -> str:
    found = [c for c in answer.raw.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert len(found) == 1, answer.raw.headers.getlist("Set-Cookie")
    return found[0]


# -- over HTTP ----------------------------------------------------------------------------------------------------


def test_sign_in_gives_a_strict_http_only_cookie_whose_token_is_kept_only_hashed(platform: EnrolledPlatform) -> None:
    first = requests.get(platform.url("/staff/"), timeout=TIMEOUT_S)
    assert first.headers["X-Frame-Options"] == "DENY"
    assert first.headers["Cache-Control"] == "no-store"
    assert first.headers["Content-Security-Policy"].startswith("default-src 'self'")
    pre = cookie_header(first, "kiosk_staff_sign_in")
    assert "HttpOnly" in pre and "SameSite=strict" in pre and "Path=/staff/" in pre and "Secure" not in pre

    browser, answer = sign_in(platform)
    assert answer.status_code == 303 and answer.headers["Location"] == "/staff/"
    cookie = cookie_header(answer, "kiosk_staff")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/staff/" in cookie
    assert "Max-Age=28800" in cookie
    token = browser.cookies["kiosk_staff"]
    with db(platform) as session:
        stored = session.scalars(select(StaffWebSession)).one()
        record = session.scalars(select(StaffSignInRecord)).one()
    assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest() and stored.staff_number == NUMBER
    assert (record.method, record.terminal_id, record.outcome) == ("web", None, "ok")
    page = browser.get(platform.url("/staff/"), timeout=TIMEOUT_S)
    assert "S0012 王**" in page.text and NAME not in page.text

    signed_out = browser.post(platform.url("/staff/sign-out"), data={"csrf": stored.csrf}, timeout=TIMEOUT_S)
    assert "登录" in signed_out.text and "kiosk_staff" not in browser.cookies
    stale = requests.get(platform.url("/staff/"), cookies={"kiosk_staff": token}, timeout=TIMEOUT_S)
    assert 'action="/staff/sign-in"' in stale.text
    with db(platform) as session:
        assert session.scalars(select(StaffWebSession)).all() == []


def test_every_form_without_its_csrf_token_is_refused(platform: EnrolledPlatform) -> None:
    anonymous = requests.Session()
    anonymous.get(platform.url("/staff/"), timeout=TIMEOUT_S)  # has the sign-in cookie, but posts no token
    refused = anonymous.post(platform.url("/staff/sign-in"), data={"number": NUMBER, "pin": PIN}, timeout=TIMEOUT_S)
    assert refused.status_code == 403 and "请求被拒绝" in refused.text
    no_cookie = requests.post(platform.url("/staff/sign-in"), data={"csrf": "x" * 43, "number": NUMBER, "pin": PIN},
                              timeout=TIMEOUT_S)
    assert no_cookie.status_code == 403

    call = make_call(platform)
    take_ticket(platform)
    browser, token = signed_in(platform)
    for path in ("/staff/calls/acknowledge", "/staff/queue/next", "/staff/sign-out"):
        for form in ({}, {"csrf": "x" * 43}, {"csrf": token[:-1]}):
            answer = browser.post(platform.url(path), data=form | {"call": call}, allow_redirects=False,
                                  timeout=TIMEOUT_S)
            assert answer.status_code == 403, (path, form)
    assert call_status(platform, call) == "open"
    with db(platform) as session:
        assert session.scalar(select(HallTicket.status)) == "waiting"
        assert session.scalar(select(StaffWebSession.staff_number)) == NUMBER  # not signed out either


def test_sign_in_is_limited_per_client_address(platform: EnrolledPlatform) -> None:
    for _ in range(10):
        _browser, answer = sign_in(platform, "S9999", "000000")
        assert answer.status_code == 403
    _browser, limited = sign_in(platform)  # even the right PIN, now
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    assert "一分钟后再试" in limited.text


def test_the_limiter_forgets_attempts_older_than_its_window() -> None:
    now = [0.0]
    limiter = SignInLimiter(3, 60.0, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    now[0] = 59.9
    assert not limiter.allow("a")
    now[0] = 60.0
    assert limiter.allow("a")


@pytest.mark.parametrize(("field", "age"), [("last_seen_at", dt.timedelta(minutes=31)),
                                             ("created_at", dt.timedelta(hours=8, minutes=1))])
def test_a_session_ends_after_30_idle_minutes_or_8_hours(platform: EnrolledPlatform, field: str,
                                                         age: dt.timedelta) -> None:
    browser, _token = signed_in(platform)
    assert browser.get(platform.url("/staff/part/calls"), timeout=TIMEOUT_S).status_code == 200
    with db(platform) as session, session.begin():
        session.execute(update(StaffWebSession).values({field: dt.datetime.now(dt.UTC) - age}))
    assert browser.get(platform.url("/staff/part/calls"), timeout=TIMEOUT_S).status_code == 401
    page = browser.get(platform.url("/staff/"), timeout=TIMEOUT_S)
    assert "登录已过期" in page.text and 'action="/staff/sign-in"' in page.text
    assert "kiosk_staff" not in browser.cookies
    with db(platform) as session:
        assert session.scalars(select(StaffWebSession)).all() == []


def test_the_refresh_does_not_keep_an_idle_session_alive(platform: EnrolledPlatform) -> None:
    browser, _token = signed_in(platform)
    idle_since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with db(platform) as session, session.begin():
        session.execute(update(StaffWebSession).values(last_seen_at=idle_since))
    browser.get(platform.url("/staff/part/queue"), timeout=TIMEOUT_S)
    with db(platform) as session:
        assert session.scalar(select(StaffWebSession.last_seen_at)) == idle_since
    browser.get(platform.url("/staff/"), timeout=TIMEOUT_S)  # a person looking at the page
    with db(platform) as session:
        seen = session.scalar(select(StaffWebSession.last_seen_at))
    assert seen is not None and seen > idle_since


def test_wrong_pins_on_the_page_and_at_a_kiosk_count_against_one_account(platform: EnrolledPlatform) -> None:
    for left in (4, 3, 2, 1):
        _browser, answer = sign_in(platform, pin="111111")
        assert answer.status_code == 403 and f"还可尝试 {left} 次" in answer.text
    kiosk = platform.http.post(platform.url("/v1/staff/sign-in"), timeout=TIMEOUT_S, json={
        "staff_number": NUMBER, "pin": "111111", "session_id": str(uuidlib.uuid4())})
    assert kiosk.status_code == 403 and kiosk.json()["error"] == "locked"  # the fifth wrong PIN: a lock
    _browser, answer = sign_in(platform)  # the right PIN, while locked
    assert answer.status_code == 403 and "密码错误次数过多" in answer.text
    with db(platform) as session:
        assert session.scalar(select(StaffAccount.failed_pins)) == 5
        methods = session.scalars(select(StaffSignInRecord.method).order_by(StaffSignInRecord.id)).all()
    assert methods == ["web"] * 4 + ["pin", "web"]


@pytest.mark.parametrize("kind", DATABASE_KINDS)
def test_the_dashboard_shows_calls_queue_and_assisted_applications(tmp_path: Path, kind: str) -> None:
    with running_platform(kind, tmp_path) as platform:
        add_staff(platform)
        calls = [make_call(platform, "form"), make_call(platform, "identity")]
        first, second = take_ticket(platform), take_ticket(platform, "asked", BIRTH)
        number = add_assisted_application(platform)
        browser, token = signed_in(platform)
        page = browser.get(platform.url("/staff/"), timeout=TIMEOUT_S).text
        assert page.count('name="call" value=') == 2 and "HN-TEST-01" in page and "刚刚" in page
        assert "填写表单" in page and "身份信息" in page  # where each citizen called from, in words
        assert f"<td>{first}</td><td>综合窗口" in page and "出生" in page
        assert "2 人等候" in page and "今天还没有叫号" in page
        assert number in page and "代办" in page and "工号密码" in page and "工作人员录入" in page
        assert "需核验" in page and "Check against registry" in page and "证件损坏" in page
        assert "李秘密" not in page and "43010519900101999X" not in page  # nothing personal

        answer = browser.post(platform.url("/staff/calls/acknowledge"), data={"csrf": token, "call": calls[0]},
                              timeout=TIMEOUT_S)
        assert "已确认呼叫" in answer.text and answer.text.count('name="call" value=') == 1
        assert call_status(platform, calls[0]) == "acknowledged"
        again = browser.post(platform.url("/staff/calls/acknowledge"), data={"csrf": token, "call": calls[0]},
                             timeout=TIMEOUT_S)
        assert "已被确认或取消" in again.text
        for expected in (first, second):
            called = browser.post(platform.url("/staff/queue/next"), data={"csrf": token}, timeout=TIMEOUT_S)
            assert f"请 {expected} 到窗口" in called.text
        empty = browser.post(platform.url("/staff/queue/next"), data={"csrf": token}, timeout=TIMEOUT_S)
        assert "没有人等候" in empty.text and f"请 {second} 到窗口" in empty.text
        with db(platform) as session:
            assert set(session.scalars(select(HallTicket.called_by))) == {NUMBER}


def test_bad_input_gets_a_page_not_a_traceback(platform: EnrolledPlatform) -> None:
    browser, token = signed_in(platform)
    garbled = browser.post(platform.url("/staff/queue/next"), data=b"csrf=\xff\xfe", timeout=TIMEOUT_S,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert garbled.status_code == 400 and "无法读取" in garbled.text
    for call in ("not-a-uuid", str(uuidlib.uuid4()), ""):
        answer = browser.post(platform.url("/staff/calls/acknowledge"), data={"csrf": token, "call": call},
                              timeout=TIMEOUT_S)
        assert answer.status_code == 200 and "已被确认或取消" in answer.text
    anonymous = requests.Session()
    form = CSRF.search(anonymous.get(platform.url("/staff/"), timeout=TIMEOUT_S).text)
    assert form is not None
    wrong = anonymous.post(platform.url("/staff/sign-in"), timeout=TIMEOUT_S,
                           data={"csrf": form.group(1), "number": "<script>", "pin": "12"})
    assert wrong.status_code == 400 and "6 位数字密码" in wrong.text and "<script>" not in wrong.text
    assert requests.get(platform.url("/openapi.json"), timeout=TIMEOUT_S).json()["paths"].keys().isdisjoint(
        {"/staff/", "/staff/sign-in", "/staff/queue/next"})


def test_everything_shown_is_escaped() -> None:
    assert bi(Text("<b>", "a&b")) == '&lt;b&gt; <span class="en" lang="en">a&amp;b</span>'
    now = dt.datetime.now(dt.UTC)
    html = calls_part([OpenCall(str(uuidlib.uuid4()), '"><script>', "x<y", now, now)], "tok'en", now)
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html and "x&lt;y" in html
    assert "tok&#x27;en" in html


# -- in a real browser --------------------------------------------------------------------------------------------


@pytest.fixture
def chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[webdriver.Chrome]:
    """Debian's chromium, headless, through Debian's chromedriver: nothing is downloaded (no Selenium Manager)."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=1280,900",
                     f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(argument)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: webdriver.Chrome, tmp_path: Path, name: str) -> None:
    """A PNG of the whole page in tmp_path, and in the docs' folder when asked for."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # the whole page, not just the window
                           {"width": 1280, "height": max(height, 720), "deviceScaleFactor": 1, "mobile": False})
    targets = [tmp_path / name]
    if os.environ.get(SCREENSHOTS_ENV):
        targets.append(REPO / os.environ[SCREENSHOTS_ENV] / name)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(target))
        assert target.stat().st_size > 10_000
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_staff_work_the_page_in_a_real_browser(platform: EnrolledPlatform, chromium: webdriver.Chrome,
                                               tmp_path: Path) -> None:
    wait = WebDriverWait(chromium, TIMEOUT_S)
    other = signed_session(enrolled(platform.process, tmp_path / "keys-2", "HN-TEST-02"))
    call = make_call(platform, "form")
    make_call(platform, "identity", other)
    tickets = [take_ticket(platform, "expired_document"), take_ticket(platform, "asked", BIRTH),
               take_ticket(platform, "in_person", BIRTH)]
    add_assisted_application(platform)

    chromium.get(platform.url("/staff/"))
    assert "大厅工作台" in chromium.title
    screenshot(chromium, tmp_path, "staff-page-sign-in.png")
    chromium.find_element(By.ID, "number").send_keys(NUMBER.lower())  # typed on a tablet: upper-cased for them
    chromium.find_element(By.ID, "pin").send_keys(PIN)
    chromium.find_element(By.ID, "sign-in").click()
    wait.until(lambda d: d.find_elements(By.ID, "calls"))
    calls = chromium.find_element(By.ID, "calls")
    assert "HN-TEST-01" in calls.text and "HN-TEST-02" in calls.text
    assert "需核验" in chromium.find_element(By.ID, "assisted").text
    screenshot(chromium, tmp_path, "staff-page.png")

    chromium.find_element(By.CSS_SELECTOR, f'button[name="call"][value="{call}"]').click()
    wait.until(lambda d: "已确认呼叫" in d.find_element(By.TAG_NAME, "body").text)
    assert call_status(platform, call) == "acknowledged"
    assert "HN-TEST-01" not in chromium.find_element(By.ID, "calls").text

    late = make_call(platform, "consent")  # appears with the page's refresh, without a reload
    WebDriverWait(chromium, 25).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'button[name="call"][value="{late}"]'))

    chromium.find_element(By.NAME, "call-next").click()
    wait.until(lambda d: f"请 {tickets[0]} 到窗口" in d.find_element(By.ID, "last-called").text)

    chromium.execute_script("document.querySelector('#queue input[name=csrf]').remove()")  # a forged post
    chromium.find_element(By.NAME, "call-next").click()
    wait.until(lambda d: "请求被拒绝" in d.title)
    with db(platform) as session:
        waiting = session.scalars(select(HallTicket.number).where(HallTicket.status == "waiting")).all()
    assert sorted(waiting) == sorted(tickets[1:])


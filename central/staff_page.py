"""The hall staff page at /staff/: open calls to acknowledge, the hall queue to call, today's assisted applications.

Server-rendered HTML (central/staff_page_html.py). Staff sign in with number and PIN through central.staff.check_pin,
so the page and the kiosks share one wrong-PIN counter per account; on top of it, sign-in attempts are limited per
client address. The session cookie (central/staff_page_data.py) is HttpOnly, SameSite=Strict, scoped to /staff/
and Secure over https. Every form carries a CSRF token: the session's, or, for the sign-in form, one in a cookie of
its own (double submit). Not part of the API: left out of the OpenAPI schema.
"""

from __future__ import annotations

import collections
import datetime as dt
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from central import hall
from central import staff_page_data as data
from central import staff_page_html as pages
from central.platform import Platform
from central.staff import check_pin
from central.staff_page_assets import CSS, JS
from kiosk.i18n import Text
from kiosk.sync.hall_wire import StaffRefusal

SESSION_COOKIE = "kiosk_staff"
SIGN_IN_COOKIE = "kiosk_staff_sign_in"  # the sign-in form's CSRF token, before there is a session
SIGN_IN_LIMIT = 10  # attempts per client address …
SIGN_IN_WINDOW_S = 60.0  # … in this many seconds
MAX_FORM_BYTES = 4096
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
NUMBER = re.compile(r"^[A-Z][0-9]{4,8}$")
PIN = re.compile(r"^[0-9]{6}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

FORBIDDEN = Text("请求被拒绝", "Request refused")
NO_TOKEN = Text("表单已失效，请返回后重试", "This form has expired: go back and try again")
UNREADABLE = Text("无法读取提交的表单", "The form could not be read")
TOO_MANY = Text("登录尝试过于频繁，请一分钟后再试", "Too many sign-in attempts: try again in a minute")
SIGNED_OUT = Text("请先登录", "Please sign in")
ENDED = Text("登录已过期，请重新登录", "Your session has ended: please sign in again")
FORMAT = Text("请输入工号（如 S0012）和 6 位数字密码", "Enter your staff number (such as S0012) and 6-digit PIN")
TRIES_LEFT = Text("还可尝试 {n} 次", "{n} tries left")

Form = dict[str, str] | None  # None: not a readable form


class SignInLimiter:
    """At most ``limit`` sign-in attempts per client address in any ``window_s`` seconds (kept in memory, per
    process). Behind a reverse proxy every client has the proxy's address: the limit is then the hall's."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self.attempts: dict[str, collections.deque[float]] = {}
        self.lock = threading.Lock()  # routes run on a thread pool

    def allow(self, address: str) -> bool:
        with self.lock:
            now = self.clock()
            if len(self.attempts) > 10_000:  # forget quiet addresses, so the table cannot grow without bound
                self.attempts = {a: d for a, d in self.attempts.items() if d and now - d[-1] < self.window_s}
            recent = self.attempts.setdefault(address, collections.deque())
            while recent and now - recent[0] >= self.window_s:
                recent.popleft()
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            return True


async def read_form(request: Request) -> Form:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    try:
        fields = parse_qs(body.decode(), keep_blank_values=True, max_num_fields=8)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in fields.items()}


FormField = Annotated[Form, Depends(read_form)]


def html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _message(title: Text, text: Text, status: int) -> HTMLResponse:
    return html(pages.message_page(title, text), status)


def _same(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest((given or "").encode(), (expected or "").encode())


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/staff/", secure=request.url.scheme == "https",
                        httponly=True, samesite="strict")


def _forget(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(name, path="/staff/", secure=request.url.scheme == "https", httponly=True,
                           samesite="strict")


def _redirect(done: str) -> RedirectResponse:
    return RedirectResponse(f"/staff/?done={done}", status_code=303, headers=HEADERS)


def routes(platform: Platform) -> APIRouter:
    router = APIRouter(prefix="/staff", include_in_schema=False)
    limiter = SignInLimiter(SIGN_IN_LIMIT, SIGN_IN_WINDOW_S)

    def namer() -> Callable[[str], Text]:
        """Service names from the catalogue in use, looked up once a render (each look-up asks the database)."""
        catalogue = platform.catalogue
        return lambda code: hall.service_name(catalogue, code) or Text(code, code)

    def signed_in(request: Request, *, used: bool) -> data.WebSession | None:
        token = request.cookies.get(SESSION_COOKIE, "")
        if not TOKEN.match(token):
            return None
        with platform.sessions.begin() as session:
            return data.current_session(session, token, platform.clock(), used=used)

    def sign_in_form(request: Request, problem: Text | None, status: int, number: str = "") -> HTMLResponse:
        token = request.cookies.get(SIGN_IN_COOKIE, "")
        token = token if TOKEN.match(token) else secrets.token_urlsafe(32)
        response = html(pages.sign_in_page(token, problem, number), status)
        _cookie(response, request, SIGN_IN_COOKIE, token, None)
        return response

    def dashboard(session: Session, web: data.WebSession, done: str, now: dt.datetime) -> str:
        """The whole page: one query for the calls, two for the queue, one for the assisted applications."""
        day = hall.hall_day(now)
        calls = pages.calls_part(hall.open_calls(session), web.csrf, now)
        names = namer()
        queue = pages.queue_part(hall.waiting_tickets(session, day), data.last_called(session, day), web.csrf, now,
                                 names)
        return pages.dashboard(web, done, calls, queue, pages.assisted_part(data.assisted_today(session, now), names))

    @router.get("/")
    def page(request: Request, done: str = "") -> Response:
        token = request.cookies.get(SESSION_COOKIE, "")
        now = platform.clock()
        with platform.sessions.begin() as session:
            web = data.current_session(session, token, now, used=True) if TOKEN.match(token) else None
            body = None if web is None else dashboard(session, web, done, now)
        if body is None:
            response = sign_in_form(request, ENDED if token else None, 200)
            if token:
                _forget(response, request, SESSION_COOKIE)
            return response
        return html(body)

    @router.get("/staff.css")
    def style() -> Response:
        return Response(CSS, media_type="text/css", headers=HEADERS)

    @router.get("/staff.js")
    def script() -> Response:
        return Response(JS, media_type="text/javascript", headers=HEADERS)

    @router.get("/part/calls")
    def calls_part(request: Request) -> Response:
        """The calls section again, for the page's refresh: this does not count as use of the session."""
        web = signed_in(request, used=False)
        if web is None:
            return html("", 401)
        with platform.sessions() as session:
            calls = hall.open_calls(session)
        return html(pages.calls_part(calls, web.csrf, platform.clock()))

    @router.get("/part/queue")
    def queue_part(request: Request) -> Response:
        web = signed_in(request, used=False)
        if web is None:
            return html("", 401)
        now = platform.clock()
        day = hall.hall_day(now)
        with platform.sessions() as session:
            waiting, called = hall.waiting_tickets(session, day), data.last_called(session, day)
        return html(pages.queue_part(waiting, called, web.csrf, now, namer()))

    @router.post("/sign-in")
    def sign_in(request: Request, form: FormField) -> Response:
        if form is None:
            return _message(FORBIDDEN, UNREADABLE, 400)
        if not _same(form.get("csrf"), request.cookies.get(SIGN_IN_COOKIE)):
            return _message(FORBIDDEN, NO_TOKEN, 403)
        if not limiter.allow(request.client.host if request.client else ""):
            response = _message(FORBIDDEN, TOO_MANY, 429)
            response.headers["Retry-After"] = str(int(SIGN_IN_WINDOW_S))
            return response
        number, pin = form.get("number", "").strip().upper(), form.get("pin", "").strip()
        if not NUMBER.match(number) or not PIN.match(pin):
            return sign_in_form(request, FORMAT, 400, number[:9])
        now = platform.clock()
        with platform.sessions.begin() as session:
            answer = check_pin(session, number, pin, now, terminal_id=None, method="web", session_id=None)
            if isinstance(answer, StaffRefusal):
                return sign_in_form(request, _refused(answer), 403, number)
            token = data.open_session(session, number, now)
        signed = RedirectResponse("/staff/", status_code=303, headers=HEADERS)
        _cookie(signed, request, SESSION_COOKIE, token, int(data.SESSION_MAX.total_seconds()))
        _forget(signed, request, SIGN_IN_COOKIE)
        return signed

    def guarded(request: Request, form: Form) -> data.WebSession | HTMLResponse:
        """The session behind a form post, or the page refusing it (no session, or no or a wrong CSRF token)."""
        if form is None:
            return _message(FORBIDDEN, UNREADABLE, 400)
        web = signed_in(request, used=True)
        if web is None:
            return _message(SIGNED_OUT, ENDED, 401)
        if not _same(form.get("csrf"), web.csrf):
            return _message(FORBIDDEN, NO_TOKEN, 403)
        return web

    @router.post("/sign-out")
    def sign_out(request: Request, form: FormField) -> Response:
        web = guarded(request, form)
        if isinstance(web, HTMLResponse):
            return web
        with platform.sessions.begin() as session:
            data.end_session(session, web.token_sha256)
        out = RedirectResponse("/staff/", status_code=303, headers=HEADERS)
        _forget(out, request, SESSION_COOKIE)
        return out

    @router.post("/calls/acknowledge")
    def acknowledge(request: Request, form: FormField) -> Response:
        web = guarded(request, form)
        if isinstance(web, HTMLResponse):
            return web
        uuid = (form or {}).get("call", "")
        if not UUID.match(uuid):
            return _redirect("gone")
        with platform.sessions.begin() as session:
            done = hall.acknowledge_call(session, uuid, web.staff_number, platform.clock())
        return _redirect("acknowledged" if done else "gone")

    @router.post("/queue/next")
    def call_next(request: Request, form: FormField) -> Response:
        web = guarded(request, form)
        if isinstance(web, HTMLResponse):
            return web
        now = platform.clock()
        with platform.sessions.begin() as session:
            ticket = hall.call_next_ticket(session, web.staff_number, now)
        return _redirect("called" if ticket else "empty")

    return router


def _refused(refusal: StaffRefusal) -> Text:
    text = Text(refusal.message.zh, refusal.message.en)
    if refusal.attempts_left is not None:
        left = TRIES_LEFT.format(n=refusal.attempts_left)
        text = Text(f"{text.zh}，{left.zh}", f"{text.en}: {left.en}")
    return text

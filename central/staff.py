"""Hall staff: accounts with argon2id PIN hashes, staff cards, PIN sign-in with lockout, the signed staff list.

The wrong-PIN counter lives on the account row, so every kiosk and the /staff/ page share it
(kiosk/staff/lockout.py). The row is locked (SELECT … FOR UPDATE on PostgreSQL) while a PIN is checked, so two
terminals trying at once cannot both get a free try. An unknown number answers exactly like a wrong PIN, with a
counter kept in its sign-in rows, so nobody learns which numbers exist by trying them.

Kiosks check staff cards offline against a staff list the platform signs with its own Ed25519 key
(``platform_settings`` "staff_list_key"); terminals receive the public key when they enrol.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import logging
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from central.platform import Platform
from central.records import Setting, StaffAccount, StaffCard, StaffSignInRecord
from central.schemas import ErrorBody
from central.submissions import text_json
from kiosk.i18n import Text
from kiosk.identity import mask_name
from kiosk.staff.lockout import FREE_TRIES, HARD_LOCK_AT, attempts_left, lock_after
from kiosk.sync.hall_wire import SignedStaffList, StaffList, StaffMember, StaffRefusal, StaffSignedIn, StaffSignIn
from kiosk.sync.wire import Message

log = logging.getLogger("central.staff")

HASHER = PasswordHasher()  # argon2id with the library's current defaults; old hashes are upgraded on sign-in
LIST_KEY = "staff_list_key"
LIST_VALID = dt.timedelta(days=7)
PIN_DIGITS = 6
NUMBER_LENGTH = 16  # of staff_accounts.number

WRONG_PIN = Text("工号或密码不正确", "Wrong staff number or PIN")
LOCKED = Text("密码错误次数过多，请稍后再试", "Too many wrong PINs: try again later")
HARD_LOCKED = Text("账号已锁定，请联系管理员解锁", "The account is locked: ask an administrator to unlock it")
DISABLED = Text("该账号已停用", "This account is disabled")
REFUSALS = {"wrong_pin": WRONG_PIN, "locked": LOCKED, "hard_locked": HARD_LOCKED, "disabled": DISABLED}


class StaffError(ValueError):
    """An account change that cannot be made (unknown number, key bound elsewhere …); the message says why."""


def hash_pin(pin: str) -> str:
    return HASHER.hash(pin)


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


@functools.cache
def _dummy_hash() -> str:
    """Checked for unknown numbers and accounts without a PIN, so they take as long as known ones."""
    return HASHER.hash(new_pin())


def _pin_matches(pin_hash: str | None, pin: str) -> bool:
    try:
        return HASHER.verify(pin_hash or _dummy_hash(), pin) and pin_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _refusal(error: str, failures: int = 0, locked_until: dt.datetime | None = None) -> StaffRefusal:
    return StaffRefusal(
        error=error,  # type: ignore[arg-type]  # one of REFUSALS' keys
        message=Message(**text_json(REFUSALS[error])),
        attempts_left=attempts_left(failures) if error == "wrong_pin" else None,
        locked_until=locked_until,
    )


def _after_wrong_pin(failures: int, now: dt.datetime) -> tuple[StaffRefusal, dt.datetime | None, bool]:
    """The answer to the ``failures``-th wrong PIN in a row, the lock's end and whether the lock is hard."""
    lock = lock_after(failures)
    if lock.hard:
        return _refusal("hard_locked"), None, True
    if lock.seconds is not None:
        until = now + dt.timedelta(seconds=lock.seconds)
        return _refusal("locked", locked_until=until), until, False
    return _refusal("wrong_pin", failures), None, False


def _unknown_number(session: Session, number: str, pin: str, now: dt.datetime) -> tuple[StaffRefusal, str]:
    """Answer like an account would (and the outcome to record), counting the number's earlier wrong tries
    from its sign-in rows."""
    wrong = session.scalars(
        select(StaffSignInRecord.at)
        .where(StaffSignInRecord.staff_number == number, StaffSignInRecord.outcome == "wrong_pin")
        .order_by(StaffSignInRecord.at.desc())
        .limit(HARD_LOCK_AT)
    ).all()
    failures = len(wrong)
    if failures >= HARD_LOCK_AT:
        return _refusal("hard_locked"), "hard_locked"
    if failures >= FREE_TRIES:
        until = wrong[0] + dt.timedelta(seconds=lock_after(failures).seconds or 0)
        if now < until:
            return _refusal("locked", locked_until=until), "locked"
    _pin_matches(None, pin)  # as long as checking an account's PIN
    return _after_wrong_pin(failures + 1, now)[0], "wrong_pin"


def check_pin(
    session: Session, number: str, pin: str, now: dt.datetime, *,
    terminal_id: str | None, method: str, session_id: str | None,
) -> StaffSignedIn | StaffRefusal:
    """Sign a staff member in with their PIN, applying the shared lockout, and record the attempt.

    ``method`` is "pin" at a kiosk, "web" on the staff page (``terminal_id`` None). Call it inside a transaction
    (``sessions.begin()``): the account row stays locked until it commits."""
    number = number[:NUMBER_LENGTH]
    if session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks and reads outside a transaction: a write first takes its one write lock, so
        # concurrent checks wait here (busy_timeout) and then read the count the one before them wrote.
        session.execute(update(StaffAccount).where(StaffAccount.number == number).values(number=StaffAccount.number))
    account = session.scalar(select(StaffAccount).where(StaffAccount.number == number).with_for_update())
    outcome: str
    answer: StaffSignedIn | StaffRefusal
    if account is None:
        answer, outcome = _unknown_number(session, number, pin, now)
    elif account.hard_locked:
        answer, outcome = _refusal("hard_locked"), "hard_locked"
    elif account.locked_until is not None and now < account.locked_until:
        answer, outcome = _refusal("locked", locked_until=account.locked_until), "locked"
    elif not _pin_matches(account.pin_hash, pin):
        account.failed_pins += 1
        answer, account.locked_until, account.hard_locked = _after_wrong_pin(account.failed_pins, now)
        outcome = "wrong_pin"
    elif account.disabled:  # said only to whoever knows the PIN
        answer, outcome = _refusal("disabled"), "disabled"
    else:
        account.failed_pins, account.locked_until = 0, None
        if HASHER.check_needs_rehash(account.pin_hash or ""):
            account.pin_hash = hash_pin(pin)
        answer = StaffSignedIn(staff_number=number, masked_name=mask_name(account.name), session_id=session_id or "")
        outcome = "ok"
    session.add(StaffSignInRecord(staff_number=number, terminal_id=terminal_id, method=method,
                                  session_id=session_id, at=now, outcome=outcome))
    log.info("staff sign-in (%s) at %s: %s", method, terminal_id or "the staff page", outcome)
    return answer


# -- the signed staff list ---------------------------------------------------------------------------------------


def list_signing_key(session: Session) -> Ed25519PrivateKey:
    """The platform's Ed25519 key for staff lists, made on first use."""
    setting = session.get(Setting, LIST_KEY)
    if setting is None:
        raw = Ed25519PrivateKey.generate().private_bytes_raw()
        setting = Setting(key=LIST_KEY, value=base64.b64encode(raw).decode())
        session.add(setting)
        session.flush()
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(setting.value))


def platform_key(session: Session) -> str:
    """The public half of the staff list key, base64 raw bytes: what an enrolling terminal receives."""
    public = list_signing_key(session).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(public).decode()


def signed_staff_list(session: Session, now: dt.datetime) -> SignedStaffList:
    """Accounts that may sign in, with their cards' keys; disabled and hard-locked accounts are left out."""
    accounts = session.scalars(
        select(StaffAccount)
        .where(StaffAccount.disabled.is_(False), StaffAccount.hard_locked.is_(False))
        .order_by(StaffAccount.number)
    ).all()
    keys: dict[str, list[str]] = {}
    for number, key in session.execute(
        select(StaffCard.staff_number, StaffCard.public_key).where(StaffCard.revoked.is_(False)).order_by(StaffCard.id)
    ):
        keys.setdefault(number, []).append(base64.b64encode(key).decode())
    issued = now.astimezone(dt.UTC).replace(microsecond=0)
    payload = StaffList(
        issued_at=issued,
        valid_until=issued + LIST_VALID,
        staff=[StaffMember(number=a.number, masked_name=mask_name(a.name), card_keys=keys.get(a.number, []))
               for a in accounts],
    ).model_dump_json().encode()
    signature = list_signing_key(session).sign(payload)
    return SignedStaffList(payload=base64.b64encode(payload).decode(), signature=base64.b64encode(signature).decode())


# -- accounts, for `kiosk-central staff …` -------------------------------------------------------------------------


def _account(session: Session, number: str) -> StaffAccount:
    account = session.get(StaffAccount, number, with_for_update=True)
    if account is None:
        raise StaffError(f"no staff account {number}")
    return account


def add_account(session: Session, number: str, name: str, pin: str, now: dt.datetime) -> None:
    if session.get(StaffAccount, number) is not None:
        raise StaffError(f"staff account {number} exists already")
    session.add(StaffAccount(number=number, name=name, pin_hash=hash_pin(pin), role="staff", disabled=False,
                             failed_pins=0, locked_until=None, hard_locked=False, created_at=now))
    session.flush()


def disable(session: Session, number: str) -> None:
    _account(session, number).disabled = True


def unlock(session: Session, number: str) -> None:
    """Clear the wrong-PIN count, a timed lock and a hard lock."""
    account = _account(session, number)
    account.failed_pins, account.locked_until, account.hard_locked = 0, None, False


def set_pin(session: Session, number: str, pin: str) -> None:
    account = _account(session, number)
    account.pin_hash = hash_pin(pin)
    account.failed_pins, account.locked_until = 0, None


def bind_card(session: Session, number: str, public_key: bytes, now: dt.datetime) -> None:
    """Bind a staff card's raw 32-byte Ed25519 public key to an account; a revoked card may be bound again."""
    if len(public_key) != 32:
        raise StaffError("a staff card's public key is 32 raw bytes (base64)")
    _account(session, number)
    card = session.scalar(select(StaffCard).where(StaffCard.public_key == public_key))
    if card is not None and not card.revoked and card.staff_number != number:
        raise StaffError(f"this card is bound to {card.staff_number}: unbind it there first")
    if card is None:
        card = StaffCard(public_key=public_key, staff_number=number, bound_at=now, revoked=False)
        session.add(card)
    elif card.revoked or card.staff_number != number:
        card.staff_number, card.bound_at, card.revoked = number, now, False
    session.flush()


def unbind_card(session: Session, number: str, public_key: bytes | None) -> int:
    """Revoke one card of the account (or all of them with ``public_key`` None); the number revoked."""
    _account(session, number)
    query = select(StaffCard).where(StaffCard.staff_number == number, StaffCard.revoked.is_(False))
    if public_key is not None:
        query = query.where(StaffCard.public_key == public_key)
    cards = session.scalars(query).all()
    for card in cards:
        card.revoked = True
    return len(cards)


def card_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(StaffCard.staff_number, func.count())
        .where(StaffCard.revoked.is_(False))
        .group_by(StaffCard.staff_number)
    )
    return {number: count for number, count in rows}


def state(account: StaffAccount, now: dt.datetime) -> str:
    """active, disabled, locked or hard_locked: what `staff list` shows."""
    if account.disabled:
        return "disabled"
    if account.hard_locked:
        return "hard_locked"
    if account.locked_until is not None and now < account.locked_until:
        return "locked"
    return "active"


# -- routes ----------------------------------------------------------------------------------------------------


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    signed: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody, "description": "Not signed by a terminal"}}

    @router.post(
        "/v1/staff/sign-in",
        response_model=StaffSignedIn,
        responses={403: {"model": StaffRefusal, "description": "Wrong PIN (or unknown number), locked or disabled"},
                   **signed},
    )
    def sign_in(request: StaffSignIn, terminal: str = Depends(platform.terminals)) -> Response:
        """A staff member signs in at this terminal with number and PIN; the wrong-PIN count is the account's."""
        with platform.sessions.begin() as session:
            answer = check_pin(session, request.staff_number, request.pin, platform.clock(),
                               terminal_id=terminal, method="pin", session_id=request.session_id)
        status = 200 if isinstance(answer, StaffSignedIn) else 403
        return JSONResponse(answer.model_dump(mode="json"), status_code=status)

    @router.get("/v1/staff/list", response_model=SignedStaffList, responses=signed)
    def staff_list(_terminal: str = Depends(platform.terminals)) -> SignedStaffList:
        """Who may sign in with a staff card, signed with the platform key the terminal received at enrolment."""
        with platform.sessions.begin() as session:
            return signed_staff_list(session, platform.clock())

    return router

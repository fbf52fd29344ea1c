"""`kiosk-central staff …`: hall staff accounts and their cards.

A PIN is printed once, when it is made (`add`, `reset-pin`), or read from stdin with ``--pin-stdin``; its hash is
never shown. A refused change is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as dt
import re
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from central.db import make_engine
from central.migrate import upgrade
from central.platform import utc_now
from central.records import StaffAccount
from central.staff import StaffError, add_account, bind_card, card_counts, disable, new_pin, set_pin, state, unbind_card
from central.staff import unlock as unlock_account
from kiosk.identity import mask_name

NUMBER = re.compile(r"^[A-Z][0-9]{4,8}$")
PIN = re.compile(r"^[0-9]{6}$")
NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")


class Refused(Exception):
    """One line for the operator; the process exits with code 1."""


def add_parser(commands: Any) -> None:
    """``commands``: the main parser's subparsers."""
    staff = commands.add_parser("staff", help="add, disable, unlock or list hall staff; reset PINs; bind staff cards")
    actions = staff.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a staff account, printing its new 6-digit PIN once")
    add.add_argument("--name", required=True, help="the staff member's name (only its first character is shown)")
    disable_cmd = actions.add_parser("disable", help="refuse the account's sign-ins from now on")
    unlock = actions.add_parser("unlock", help="clear wrong PINs and any lock, including the hard lock at 10")
    reset = actions.add_parser("reset-pin", help="give the account a new PIN, printed once")
    bind = actions.add_parser("bind-card", help="bind a staff card's public key to the account")
    unbind = actions.add_parser("unbind-card", help="revoke the account's card (or all its cards)")
    listing = actions.add_parser("list", help="one line an account: number, masked name, state, cards")
    for sub in (add, disable_cmd, unlock, reset, bind, unbind):
        sub.add_argument("number", help="the staff number, e.g. S0012")
    for sub in (add, reset):
        sub.add_argument("--pin-stdin", action="store_true", help="read the PIN (6 digits) from stdin instead")
    bind.add_argument("--public-key", required=True, help="base64 of the card's raw 32-byte Ed25519 public key")
    unbind.add_argument("--public-key", help="this card only (base64); without it, every card of the account")
    for sub in (add, disable_cmd, unlock, reset, bind, unbind, listing):
        sub.add_argument("--db", required=True, help="SQLAlchemy URL")


def _key(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Refused("--public-key is not base64") from None
    if len(key) != 32:
        raise Refused("--public-key must be a raw 32-byte Ed25519 public key")
    return key


def _pin(args: argparse.Namespace) -> tuple[str, bool]:
    """The PIN to set and whether to print it (a made one is printed, a typed one never)."""
    if not args.pin_stdin:
        return new_pin(), True
    pin = sys.stdin.readline().strip()
    if not PIN.match(pin):
        raise Refused("the PIN on stdin must be 6 digits")
    return pin, False


def run(args: argparse.Namespace) -> None:
    """Raises Refused for a change that cannot be made; database errors go to the caller."""
    if args.action != "list" and not NUMBER.match(args.number):
        raise Refused(f"not a staff number: {args.number!r} (a capital letter and 4 to 8 digits, e.g. S0012)")
    if args.action == "add" and not NAME.match(args.name.strip()):
        raise Refused("--name must be 1 to 64 characters")
    pin, show = _pin(args) if args.action in ("add", "reset-pin") else ("", False)
    key = _key(args.public_key) if getattr(args, "public_key", None) else None
    engine = make_engine(args.db)
    try:
        upgrade(engine)
        now = utc_now()
        with sessionmaker(engine).begin() as session:
            if args.action == "list":
                counts = card_counts(session)
                for account in session.scalars(select(StaffAccount).order_by(StaffAccount.number)):
                    cards = counts.get(account.number, 0)
                    print(f"{account.number}  {mask_name(account.name)}  {state(account, now)}  "
                          f"{cards} card{'s' * (cards != 1)}")
                return
            said = _change(session, args, pin, key, now)
    except StaffError as exc:
        raise Refused(str(exc)) from None
    finally:
        engine.dispose()
    print(said + (f": PIN {pin} (shown once: give it to them in person)" if show else ""), flush=True)


def _change(session: Session, args: argparse.Namespace, pin: str, key: bytes | None, now: dt.datetime) -> str:
    number = args.number
    if args.action == "add":
        add_account(session, number, args.name.strip(), pin, now)
        return f"staff {number} added"
    if args.action == "disable":
        disable(session, number)
        return f"staff {number} disabled: sign-ins are refused, and kiosks drop the account with their next list"
    if args.action == "unlock":
        unlock_account(session, number)
        return f"staff {number} unlocked"
    if args.action == "reset-pin":
        set_pin(session, number, pin)
        return f"staff {number} has a new PIN"
    if args.action == "bind-card":
        assert key is not None
        bind_card(session, number, key, now)
        return f"card bound to staff {number}"
    count = unbind_card(session, number, key)
    if count == 0:
        raise StaffError(f"staff {number} has no such card")
    return f"{count} card{'s' * (count != 1)} of staff {number} revoked"

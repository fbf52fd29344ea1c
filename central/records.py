"""The platform's tables beyond applications: terminals, catalogue versions, certificates,
e-licences, shared data with the consents that released it, satisfaction ratings, and the official
calendar years an operator published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, UTCDateTime


class Setting(Base):
    """Platform-wide values made on first start, such as the secret behind citizen keys."""

    __tablename__ = "platform_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


class Terminal(Base):
    """A kiosk. It proves who it is by signing each request with its Ed25519 key."""

    __tablename__ = "terminals"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall: Mapped[str] = mapped_column(String(200))
    enrol_code_sha256: Mapped[str | None] = mapped_column(String(64))  # cleared once used
    enrol_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)  # raw 32-byte Ed25519 key
    enrolled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    health: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the last heartbeat's device health
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # settings pushed to the terminal


class TerminalCommand(Base):
    """Something a technician asked a terminal to do, handed over in the next heartbeat's answer."""

    __tablename__ = "terminal_commands"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    command: Mapped[str] = mapped_column(String(64))  # e.g. "update_catalogue", "print_test_page"
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class CatalogueVersion(Base):
    """A published catalogue bundle, kept so kiosks can be sent a delta from the version they hold."""

    __tablename__ = "catalogue_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the bundle's bytes
    bundle: Mapped[bytes] = mapped_column(LargeBinary)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Certificate(Base):
    """A certificate issued for an approved item application, checkable by its verification code."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_number: Mapped[str] = mapped_column(ForeignKey("item_applications.number"), unique=True)
    kind: Mapped[str] = mapped_column(String(64))  # e.g. "birth_record", "marriage_record"
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    verification_code: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the certificate says
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ELicence(Base):
    """A citizen's electronic licence (电子证照), from the licence library; seeded for the demo."""

    __tablename__ = "e_licences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    citizen_key: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(64))  # driving_licence, vehicle_licence, household_register…
    number: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_on: Mapped[dt.date | None] = mapped_column()
    valid_until: Mapped[dt.date | None] = mapped_column()


class SharedRecord(Base):
    """One fact departments share about a citizen (``shared.marital_status`` …), released only with consent."""

    __tablename__ = "shared_records"
    __table_args__ = (UniqueConstraint("citizen_key", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    citizen_key: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(100))  # the department that holds it


class Consent(Base):
    """A citizen's consent to release named shared data to a terminal, kept as evidence."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    citizen_key: Mapped[str] = mapped_column(String(64), index=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    names: Mapped[list[str]] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(String(64))  # the package the data pre-fills
    wording_version: Mapped[str] = mapped_column(String(32))  # which consent text the citizen saw
    given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Rating(Base):
    """好差评: one rating per application, five levels (5 非常满意 … 1 非常不满意)."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_uuid: Mapped[str] = mapped_column(ForeignKey("applications.uuid"), unique=True)
    level: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(String(500), default="")
    terminal_id: Mapped[str] = mapped_column(String(64))
    rated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class CalendarYear(Base):
    """A year's official holidays and make-up workdays (kiosk.workdays.YearCalendar), as an operator published it."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    holidays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates
    workdays: Mapped[list[str]] = mapped_column(JSON)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class StaffAccount(Base):
    """A hall staff member who signs in at kiosks (card or PIN) and on the /staff/ page; the PIN is argon2id."""

    __tablename__ = "staff_accounts"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)  # S0012
    name: Mapped[str] = mapped_column(String(64))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="staff")  # or "admin"
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)  # shared by kiosks and the staff page
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    hard_locked: Mapped[bool] = mapped_column(Boolean, default=False)  # until an administrator unlocks it
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class StaffCard(Base):
    """A staff card bound to an account: the card proves its Ed25519 key by signing a challenge."""

    __tablename__ = "staff_cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_number: Mapped[str] = mapped_column(ForeignKey("staff_accounts.number"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    bound_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class StaffSignInRecord(Base):
    """One sign-in attempt, kept as evidence: at a terminal (card, pin) or on the staff page (web)."""

    __tablename__ = "staff_sign_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_number: Mapped[str] = mapped_column(String(16), index=True)
    terminal_id: Mapped[str | None] = mapped_column(String(64))  # None: the staff web page
    method: Mapped[str] = mapped_column(String(8))  # card, pin or web
    session_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(16))  # ok, wrong_pin, locked, hard_locked, disabled


class StaffCallRecord(Base):
    """A call for staff (呼叫工作人员) from a terminal's screen, until acknowledged or cancelled."""

    __tablename__ = "staff_calls"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(64), index=True)
    screen: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())  # the kiosk's clock
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), index=True)  # open, acknowledged, cancelled
    acknowledged_by: Mapped[str | None] = mapped_column(String(16))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class HallTicket(Base):
    """A number in the hall queue for a staffed window, numbered per hall day (B007)."""

    __tablename__ = "hall_tickets"
    __table_args__ = (UniqueConstraint("day", "number"),)

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(8))
    day: Mapped[dt.date] = mapped_column(index=True)
    service: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), index=True)  # waiting, called, done
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    called_by: Mapped[str | None] = mapped_column(String(16))


class StaffAuditRecord(Base):
    """A staff action at a terminal (sign-in, assistance, identity entered …); nothing personal in ``detail``."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    terminal_id: Mapped[str] = mapped_column(String(64), index=True)
    staff_number: Mapped[str | None] = mapped_column(String(16), index=True)
    session_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())  # the kiosk's clock
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class StaffWebSession(Base):
    """A signed-in /staff/ page: the cookie's token is kept only as its SHA-256 (8 h max, 30 min idle)."""

    __tablename__ = "staff_web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_number: Mapped[str] = mapped_column(String(16))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

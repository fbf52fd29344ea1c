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

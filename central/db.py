"""The platform's tables, and engines for any SQLAlchemy URL.

Answers are personal data: the engine hides statement parameters, so an error
message or log line can never carry them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, MetaData, String, create_engine, event
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RECEIVED = "received"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, also on SQLite (which drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Application(Base):
    """One submission of a scenario package, as the kiosk sent it (hidden fields dropped)."""

    __tablename__ = "applications"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)  # the idempotency key
    number: Mapped[str] = mapped_column(String(64), unique=True)  # issued by the kiosk
    terminal_id: Mapped[str] = mapped_column(String(64))
    package_code: Mapped[str] = mapped_column(String(32))
    catalogue_version: Mapped[str] = mapped_column(String(64))  # the kiosk's, as submitted
    body_sha256: Mapped[str] = mapped_column(String(64))  # of the canonical request body
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    sources: Mapped[dict[str, str]] = mapped_column(JSON)
    verification_code: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())  # the kiosk's clock
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)  # ours; the staff page's "today"
    channel: Mapped[str] = mapped_column(String(16), default="kiosk", server_default="kiosk")  # or online, counter
    citizen_key: Mapped[str | None] = mapped_column(String(64), index=True)  # HMAC of the applicant's ID number
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    # 帮办代办: who helped (kiosk.sync.wire.Assistance), and how the applicant's identity was established.
    assistance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    identity_source: Mapped[str] = mapped_column(String(16), default="chip", server_default="chip")
    identity_reason: Mapped[str | None] = mapped_column(String(32))
    registry_check: Mapped[str | None] = mapped_column(String(16))  # "needed" for a staff-entered identity

    items: Mapped[list[ItemApplication]] = relationship(
        back_populates="application", order_by="ItemApplication.number", cascade="all, delete-orphan"
    )


class ItemApplication(Base):
    """The part of an application that one department handles."""

    __tablename__ = "item_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_uuid: Mapped[str] = mapped_column(ForeignKey("applications.uuid"), index=True)
    item_code: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(68), unique=True)  # "<application number>-NN"
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)  # only this item's fields
    status: Mapped[str] = mapped_column(String(16))
    promised_date: Mapped[dt.date] = mapped_column(Date)

    application: Mapped[Application] = relationship(back_populates="items")


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # a no-op ("memory") for in-memory databases
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged application survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; raises sqlalchemy.exc.ArgumentError (or ImportError) for a bad one."""
    parsed = make_url(url)
    options: dict[str, Any] = {"hide_parameters": True, "json_serializer": _json}
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        options |= {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(parsed, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine

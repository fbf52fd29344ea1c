"""The store: the one place that talks SQL on the kiosk.

An application and its outbox entry are written in one transaction, so a power cut
leaves either both or neither. The personal payload is sealed with AES-GCM and erased
once the platform acknowledges it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import sessionmaker

from kiosk.paths import NotWritable, probe_writable
from kiosk.store.messages import MessageQueue
from kiosk.store.models import ApplicationRow, CalendarYearRow, CatalogueRow, CounterRow, OutboxRow, PrintJobRow
from kiosk.store.sealing import Sealer, SealError
from kiosk.workdays import YearCalendar

log = logging.getLogger("kiosk.store")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD = "0006"  # the newest migration's revision; a test keeps the two in step
CATALOGUES_KEPT = 2  # the one in use and the one before it


class StoreError(RuntimeError):
    """The state directory or database cannot be used; one line for a technician."""


@dataclass(frozen=True)
class StoredApplication:
    uuid: str
    number: str
    package_code: str
    state: str
    created_at: dt.datetime
    receipt: dict[str, Any]
    result: dict[str, Any] | None
    has_payload: bool
    last_error: str | None


@dataclass(frozen=True)
class OutboxItem:
    uuid: str
    number: str
    envelope: dict[str, Any] = field(repr=False)
    attempts: int


@dataclass(frozen=True)
class PrintRecord:
    id: int
    application_uuid: str | None
    kind: str
    printer: str
    state: str
    reason: str
    created_at: dt.datetime | None = None
    number: str = ""  # the application's number, when the job was for one


def _print_record(job: PrintJobRow, number: str | None) -> PrintRecord:
    return PrintRecord(job.id, job.application_uuid, job.kind, job.printer, job.state, job.reason,
                       _utc(job.created_at), number or "")


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def schema_revision(db_path: Path) -> str | None:
    """The database's Alembic revision, read without Alembic (whose import costs a quarter second)."""
    if not db_path.exists():
        return None
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return str(row[0]) if row else None


def migrate(engine: Engine) -> None:
    import alembic.command
    import alembic.config
    from alembic.util import CommandError

    config = alembic.config.Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            alembic.command.upgrade(config, "head")
    except CommandError as exc:  # e.g. a database from a newer kiosk version
        raise StoreError(f"its schema cannot be migrated: {exc}") from None


class Store(MessageQueue):
    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        try:
            probe_writable(state_dir)
        except NotWritable as exc:
            raise StoreError(f"state {exc}") from None
        self.db_path = state_dir / "kiosk.db"
        self.engine = create_engine(f"sqlite:///{self.db_path}")
        event.listen(self.engine, "connect", _on_connect)
        try:
            if schema_revision(self.db_path) != SCHEMA_HEAD:
                migrate(self.engine)
            self.sealer = Sealer.from_key_file(state_dir / "keys" / "payload.key")
        except (DatabaseError, StoreError, OSError, SealError) as exc:
            reason = next(iter(str(exc).splitlines()), type(exc).__name__)  # SQLAlchemy adds a second line
            raise StoreError(f"cannot open the kiosk database in {state_dir}: {reason}") from None
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    # -- numbering ---------------------------------------------------------------------------------

    def next_number(self, terminal_id: str, day: dt.date) -> str:
        """A human-readable number unique to this terminal, issued offline: HN-CS-01-20261121-0001."""
        name = f"number:{day:%Y%m%d}"
        # One statement, so two callers can never read the same value (pysqlite opens no
        # transaction before a SELECT, so a read-then-update would hand out duplicates).
        bump = (
            sqlite_insert(CounterRow)
            .values(name=name, value=1)
            .on_conflict_do_update(index_elements=[CounterRow.name], set_={"value": CounterRow.value + 1})
            .returning(CounterRow.value)
        )
        with self._session.begin() as s:
            value = s.execute(bump).scalar_one()
            return f"{terminal_id}-{day:%Y%m%d}-{value:04d}"

    # -- applications and the outbox --------------------------------------------------------------

    def save_application(
        self,
        *,
        uuid: str,
        number: str,
        package_code: str,
        catalogue_version: str,
        created_at: dt.datetime,
        envelope: dict[str, Any],
        receipt: dict[str, Any],
        citizen_key: str | None = None,
    ) -> None:
        sealed = self.sealer.seal(json.dumps(envelope, ensure_ascii=False).encode(), uuid.encode())
        with self._session.begin() as s:
            s.add(
                ApplicationRow(
                    uuid=uuid,
                    number=number,
                    package_code=package_code,
                    catalogue_version=catalogue_version,
                    created_at=created_at,
                    state="queued",
                    payload=sealed,
                    receipt=json.dumps(receipt, ensure_ascii=False),
                    citizen_key=citizen_key,
                )
            )
            s.add(OutboxRow(application_uuid=uuid, attempts=0, next_attempt_at=created_at))
        log.info("application %s saved and queued", number)

    def due(self, now: dt.datetime, limit: int = 20) -> list[OutboxItem]:
        """Queued applications whose next attempt is due, oldest first.

        A payload that does not open (tampered with, moved from another row, another key)
        is set aside for a person, payload kept, so it never blocks the rest of the queue.
        """
        unopenable = []
        with self._session() as s:
            rows = s.execute(
                select(OutboxRow, ApplicationRow)
                .join(ApplicationRow, ApplicationRow.uuid == OutboxRow.application_uuid)
                .where(OutboxRow.next_attempt_at <= now)
                .order_by(OutboxRow.id)
                .limit(limit)
            ).all()
            items = []
            for outbox, app in rows:
                if app.payload is None:
                    continue
                try:
                    envelope = json.loads(self.sealer.open(app.payload, app.uuid.encode()))
                except SealError as exc:
                    unopenable.append((app.uuid, app.number, str(exc)))
                    continue
                items.append(OutboxItem(app.uuid, app.number, envelope, outbox.attempts))
        for uuid, number, error in unopenable:
            self.mark_attention(uuid, f"sealed payload: {error}")
            log.error("application %s needs attention: its sealed payload does not open", number)
        return items

    def next_due_at(self) -> dt.datetime | None:
        with self._session() as s:
            value = s.scalar(select(func.min(OutboxRow.next_attempt_at)))
            return _utc(value) if value else None

    def pending_count(self) -> int:
        with self._session() as s:
            return s.scalar(select(func.count()).select_from(OutboxRow)) or 0

    def mark_delivered(self, uuid: str, result: dict[str, Any]) -> None:
        """The platform has it: erase the personal payload and leave only what a reprint needs.

        Atomic, but committed without waiting for the disk (synchronous=NORMAL for this one transaction;
        the next save, or checkpoint, makes it durable). A power cut may undo the mark: then the application
        is simply sent again and the platform answers the replay with the original result, nothing doubled.
        Waiting for the disk here cost as much per application as the platform's own work (bench
        sync.outbox_drain); saves still wait for it.
        """
        erase = (
            update(ApplicationRow)
            .where(ApplicationRow.uuid == uuid)
            .values(payload=None, state="delivered", result=json.dumps(result, ensure_ascii=False), last_error=None)
        )
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
            try:
                connection.execute(erase)
                connection.execute(delete(OutboxRow).where(OutboxRow.application_uuid == uuid))
                connection.commit()
            finally:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA synchronous=FULL")  # back to the pool as it came

    def mark_retry(self, uuid: str, error: str, next_attempt_at: dt.datetime) -> None:
        with self._session.begin() as s:
            outbox = s.scalar(select(OutboxRow).where(OutboxRow.application_uuid == uuid))
            app = s.get(ApplicationRow, uuid)
            if outbox is None or app is None:
                return
            outbox.attempts += 1
            outbox.next_attempt_at = next_attempt_at
            app.last_error = error[:500]

    def mark_attention(self, uuid: str, error: str) -> None:
        """A person must look at it (conflict, rejected by validation): stop retrying, keep the payload."""
        with self._session.begin() as s:
            app = s.get(ApplicationRow, uuid)
            if app is None:
                return
            app.state = "attention"
            app.last_error = error[:500]
            s.execute(delete(OutboxRow).where(OutboxRow.application_uuid == uuid))

    def citizen_key(self, id_number: str) -> str:
        """This kiosk's own key for a citizen (an HMAC under its payload key), to find its records of them."""
        return self.sealer.citizen_key(id_number)

    def applications_of(self, citizen_key: str) -> list[StoredApplication]:
        """This kiosk's applications for one citizen, newest first (what the platform may not have yet)."""
        with self._session() as s:
            rows = s.scalars(
                select(ApplicationRow)
                .where(ApplicationRow.citizen_key == citizen_key)
                .order_by(ApplicationRow.created_at.desc())
            )
            return [self._stored(row) for row in rows]

    def application(self, uuid: str) -> StoredApplication | None:
        with self._session() as s:
            app = s.get(ApplicationRow, uuid)
            return None if app is None else self._stored(app)

    @staticmethod
    def _stored(app: ApplicationRow) -> StoredApplication:
        return StoredApplication(
            uuid=app.uuid,
            number=app.number,
            package_code=app.package_code,
            state=app.state,
            created_at=_utc(app.created_at),
            receipt=json.loads(app.receipt),
            result=json.loads(app.result) if app.result else None,
            has_payload=app.payload is not None,
            last_error=app.last_error,
        )

    # -- print jobs --------------------------------------------------------------------------------

    def record_print(
        self, application_uuid: str | None, kind: str, printer: str, state: str, reason: str, at: dt.datetime
    ) -> int:
        with self._session.begin() as s:
            row = PrintJobRow(
                application_uuid=application_uuid, kind=kind, printer=printer, state=state, reason=reason, created_at=at
            )
            s.add(row)
            s.flush()
            return row.id

    def recent_prints(self, limit: int = 50) -> list[PrintRecord]:
        """The newest print jobs first, with their application's number, for staff."""
        with self._session() as s:
            rows = s.execute(
                select(PrintJobRow, ApplicationRow.number)
                .outerjoin(ApplicationRow, ApplicationRow.uuid == PrintJobRow.application_uuid)
                .order_by(PrintJobRow.id.desc()).limit(limit)
            )
            return [_print_record(job, number) for job, number in rows]

    def reprints_due(self) -> list[PrintRecord]:
        """Each application whose last receipt print failed or was not confirmed: staff should reprint it."""
        last = (select(func.max(PrintJobRow.id)).where(PrintJobRow.kind == "receipt")
                .group_by(PrintJobRow.application_uuid))
        with self._session() as s:
            rows = s.execute(
                select(PrintJobRow, ApplicationRow.number)
                .join(ApplicationRow, ApplicationRow.uuid == PrintJobRow.application_uuid)
                .where(PrintJobRow.id.in_(last), PrintJobRow.state != "printed")
                .order_by(PrintJobRow.id.desc())
            )
            return [_print_record(job, number) for job, number in rows]

    def application_by_number(self, number: str) -> StoredApplication | None:
        with self._session() as s:
            app = s.scalar(select(ApplicationRow).where(ApplicationRow.number == number))
            return None if app is None else self._stored(app)

    def prints_for(self, application_uuid: str) -> list[PrintRecord]:
        with self._session() as s:
            rows = s.scalars(
                select(PrintJobRow).where(PrintJobRow.application_uuid == application_uuid).order_by(PrintJobRow.id)
            )
            return [PrintRecord(r.id, r.application_uuid, r.kind, r.printer, r.state, r.reason) for r in rows]

    # -- catalogue bundles -------------------------------------------------------------------------

    def save_catalogue(
        self, bundle: bytes, version: str, digest: str, at: dt.datetime, origin: str = "platform"
    ) -> None:
        """Keep a bundle that has passed every check; it becomes the one in use. Older ones are pruned."""
        with self._session.begin() as s:
            s.add(CatalogueRow(version=version, digest=digest, bundle=bundle, installed_at=at, origin=origin))
            s.flush()
            keep = select(CatalogueRow.id).order_by(CatalogueRow.id.desc()).limit(CATALOGUES_KEPT)
            s.execute(delete(CatalogueRow).where(CatalogueRow.id.not_in(keep)))

    def current_catalogue(self) -> tuple[bytes, str] | None:
        """The bundle in use and its sha256 digest, or None on a new kiosk."""
        with self._session() as s:
            row = s.execute(
                select(CatalogueRow.bundle, CatalogueRow.digest).order_by(CatalogueRow.id.desc()).limit(1)
            ).first()
            return (row[0], row[1]) if row else None

    def catalogue_origin(self) -> str | None:
        """Where the bundle in use came from: "file" (the configured one) or "platform"."""
        with self._session() as s:
            return s.scalar(select(CatalogueRow.origin).order_by(CatalogueRow.id.desc()).limit(1))

    # -- official calendar years -------------------------------------------------------------------

    def save_calendar_years(self, years: Iterable[YearCalendar], at: dt.datetime) -> None:
        """Keep years the platform published; each replaces the one kept for its year."""
        with self._session.begin() as s:
            for year in years:
                s.merge(CalendarYearRow(year=year.year, calendar=json.dumps(year.to_json()), received_at=at))

    def calendar_years(self) -> list[YearCalendar]:
        """The published years kept, by year. A row that does not parse (edited by hand) is left out."""
        with self._session() as s:
            rows = s.execute(select(CalendarYearRow.year, CalendarYearRow.calendar).order_by(CalendarYearRow.year))
            kept = []
            for year, calendar in rows:
                try:
                    kept.append(YearCalendar.parse(json.loads(calendar)))
                except ValueError:  # not JSON, or a CalendarError
                    log.error("the kept calendar of %d does not parse; it is not used", year)
            return kept

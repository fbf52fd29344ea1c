"""Terminal heartbeats, the commands and config handed back in their answers, and a hall's overview.

A kiosk reports every ``interval_s`` seconds (its ``platform.heartbeat_s``): software, catalogue
version, outbox backlog and device health. The answer carries the commands a technician queued
(`kiosk-central terminal command`), the terminal's config (`kiosk-central terminal config`) and the
official calendar years published from the platform's current year on (central/calendars.py).
Each command is handed over once: it is marked delivered in the transaction that hands it out,
by one ``UPDATE … WHERE delivered_at IS NULL RETURNING``, so concurrent heartbeats of one terminal
never both get it (PostgreSQL re-checks the condition after the row lock; SQLite has one writer).
A command whose answer is lost on the way is not sent again; one handed out just before a power cut
of the platform may be handed out again (see ``_relaxed``). Every known command is safe to repeat.

``GET /v1/terminals`` lists the terminals of the signer's hall, for a monitor there; `kiosk-central
terminal list` lists them all. A terminal is stale when it has not been heard from for
``STALE_AFTER_BEATS`` of its own intervals (or never).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from central.calendars import OfficialCalendar
from central.platform import Platform
from central.records import CatalogueVersion, Terminal, TerminalCommand
from central.submissions import CHINA
from kiosk.catalogue import Catalogue
from kiosk.sync.wire import (
    DEFAULT_INTERVAL_S,
    CalendarYearOut,
    CommandOut,
    DeviceHealth,
    HealthLevel,
    HeartbeatAnswer,
    HeartbeatBody,
)

KNOWN_COMMANDS = ("update_catalogue", "print_test_page", "reload_config")
STALE_AFTER_BEATS = 3
HEALTH_ORDER = ("ok", "unknown", "warning", "error")  # worst last; unknown is never shown as ok
CONFIG_KEY = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")


class TerminalState(BaseModel):
    id: str
    hall: str
    disabled: bool
    last_seen_at: dt.datetime | None
    stale: bool
    health: HealthLevel  # the worst of its devices'; "unknown" before the first heartbeat
    devices: dict[str, DeviceHealth]
    outbox_pending: int | None
    software: str | None
    catalogue_version: str | None


class TerminalList(BaseModel):
    terminals: list[TerminalState]
    server_time: dt.datetime


def is_stale(last_seen_at: dt.datetime | None, interval_s: int, now: dt.datetime) -> bool:
    return last_seen_at is None or now - last_seen_at > dt.timedelta(seconds=STALE_AFTER_BEATS * interval_s)


def worst(devices: Mapping[str, DeviceHealth]) -> HealthLevel:
    if not devices:
        return "unknown"
    level: HealthLevel = max((d.health for d in devices.values()), key=HEALTH_ORDER.index)
    return level


def state_of(terminal: Terminal, now: dt.datetime) -> TerminalState:
    report = terminal.health or {}
    devices = {name: DeviceHealth.model_validate(d) for name, d in (report.get("devices") or {}).items()}
    return TerminalState(
        id=terminal.id,
        hall=terminal.hall,
        disabled=terminal.disabled,
        last_seen_at=terminal.last_seen_at,
        stale=is_stale(terminal.last_seen_at, int(report.get("interval_s", DEFAULT_INTERVAL_S)), now),
        health=worst(devices),
        devices=devices,
        outbox_pending=report.get("outbox_pending"),
        software=report.get("software"),
        catalogue_version=report.get("catalogue_version"),
    )


@contextmanager
def _relaxed(connection: Connection, sqlite: bool) -> Iterator[None]:
    """On SQLite, commit without waiting for the disk (``synchronous=NORMAL``; WAL keeps the file
    intact), then back to the platform's ``FULL``; on PostgreSQL ``synchronous_commit`` is off for
    the transaction. A heartbeat is soft state, sent again in a minute: after a power cut the last
    few may be forgotten, and a command handed out just before it handed out again, which is safe
    as every known command may be repeated. Applications are still committed to disk."""
    if not sqlite:
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        raw.execute("PRAGMA synchronous=FULL")


# Built once: a beat only binds its values (building and caching a statement costs more than running it).
_REPORT = (
    update(Terminal).where(Terminal.id == bindparam("terminal"))
    .values(last_seen_at=bindparam("now"), health=bindparam("health"))
    .returning(Terminal.config)
)
_HAND_OVER = (
    update(TerminalCommand)
    .where(TerminalCommand.terminal_id == bindparam("terminal"), TerminalCommand.delivered_at.is_(None))
    .values(delivered_at=bindparam("now"))
    .returning(TerminalCommand.id, TerminalCommand.command, TerminalCommand.arguments)
)
_NEWEST = select(func.max(CatalogueVersion.id))
# PostgreSQL: the same, and ``synchronous_commit`` off for the transaction (as _relaxed) in the same round trip.
_NEWEST_RELAXED = select(func.max(CatalogueVersion.id), func.set_config("synchronous_commit", "off", True))


class Heartbeats:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime], catalogue: Callable[[], Catalogue]) -> None:
        """``catalogue``: the one in use (central.catalogue_versions), asked again when a newer one is published."""
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self.calendar = OfficialCalendar(engine)
        self._catalogue = catalogue
        self._in_use: tuple[int | None, str] | None = None  # the newest published id, and the version in use then
        self._sqlite = engine.dialect.name == "sqlite"
        self._postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer, and a writer that finds the lock taken polls for it, sleeping
        # 1, 2, 5, 10, 15, 20… ms: queued in-process on a lock instead, each beat starts the moment
        # the previous one commits. PostgreSQL locks rows and needs no such queue.
        self._writer: AbstractContextManager[object] = threading.Lock() if self._sqlite else nullcontext()

    def beat(self, terminal_id: str, body: HeartbeatBody) -> HeartbeatAnswer:
        """Record the report and hand over the pending commands, all in one transaction; and tell a terminal
        behind on the catalogue to update (see ``routes``), unless an update is among the commands already.

        Both statements write first (no read before them), so SQLite takes its write lock at once. The newest
        published catalogue is looked up in the same transaction, not in a session of its own.
        """
        with (
            self._writer,
            self.engine.connect() as connection,
            _relaxed(connection, self._sqlite),
            connection.begin(),
        ):
            now = self.clock()
            report = {"terminal": terminal_id, "now": now, "health": body.model_dump(mode="json")}
            config = connection.execute(_REPORT, report).scalar_one()
            handed = connection.execute(_HAND_OVER, {"terminal": terminal_id, "now": now}).all()
            newest_id = connection.execute(_NEWEST_RELAXED if self._postgres else _NEWEST).scalar()
        commands = sorted((CommandOut(id=i, command=c, arguments=a or {}) for i, c, a in handed), key=lambda c: c.id)
        in_use = self._version_in_use(newest_id)
        if body.catalogue_version != in_use and not any(c.command == "update_catalogue" for c in commands):
            commands.append(CommandOut(id=0, command="update_catalogue", arguments={"version": in_use}))
        calendar = [CalendarYearOut.of(year) for year in self.calendar.published(since=now.astimezone(CHINA).year)]
        return HeartbeatAnswer(commands=commands, config=config or {}, server_time=now, calendar=calendar)

    def _version_in_use(self, newest_id: int | None) -> str:
        known = self._in_use
        if known is None or known[0] != newest_id:  # published (or removed) since: ask again
            known = self._in_use = (newest_id, self._catalogue().version)
        return known[1]

    def hall_of(self, terminal_id: str) -> list[TerminalState]:
        """The terminals in the same hall as ``terminal_id``, by id."""
        now = self.clock()
        with self.sessions() as s:
            hall = s.scalar(select(Terminal.hall).where(Terminal.id == terminal_id))
            rows = s.scalars(select(Terminal).where(Terminal.hall == hall).order_by(Terminal.id)).all()
            return [state_of(t, now) for t in rows]


def routes(platform: Platform) -> APIRouter:
    heartbeats = Heartbeats(platform.engine, platform.clock, platform.current_catalogue)
    router = APIRouter(prefix="/v1/terminals", tags=["terminals"])
    signed: dict[int | str, dict[str, Any]] = {401: {"description": "Not signed by a terminal"}}

    @router.post("/heartbeat", response_model=HeartbeatAnswer, responses=signed)
    def heartbeat(body: HeartbeatBody, terminal: str = Depends(platform.terminals)) -> HeartbeatAnswer:
        """Report health; the answer hands over pending commands (each once), the terminal's config and
        the official calendar years published from this year on.

        A terminal reporting an older catalogue than the newest published one is also told to update
        (command id 0: not stored, so it is repeated until the terminal has caught up)."""
        return heartbeats.beat(terminal, body)

    @router.get("", response_model=TerminalList, responses=signed)
    def hall(terminal: str = Depends(platform.terminals)) -> TerminalList:
        """The terminals in the signer's hall: last heartbeat, health, outbox backlog, stale or not."""
        return TerminalList(terminals=heartbeats.hall_of(terminal), server_time=platform.clock())

    return router


# -- for the command line (kiosk-central terminal command|config|list) --------------------------------------


class NoSuchTerminal(LookupError):
    pass


def scalar(text: str) -> Any:
    """A config value: ``300`` → 300, ``2.5`` → 2.5, ``true`` → True, ``"2.5"`` (JSON text) → "2.5";
    anything else stays the text it is."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, bool | int | float | str) else text


def pairs(items: list[str], what: str) -> dict[str, str]:
    """``["a=1", "b.c=x"]`` → {"a": "1", "b.c": "x"}; ValueError names the bad one."""
    parsed = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not CONFIG_KEY.match(key):
            raise ValueError(f"{what} {item!r} is not key=value (a key is letters, digits, _ and dots)")
        parsed[key] = value
    return parsed


def queue_command(sessions: sessionmaker[Session], terminal_id: str, command: str, arguments: dict[str, Any],
                  now: dt.datetime) -> int:
    if command not in KNOWN_COMMANDS:
        raise ValueError(f"unknown command {command!r} (known: {', '.join(KNOWN_COMMANDS)})")
    with sessions.begin() as s:
        if s.get(Terminal, terminal_id) is None:
            raise NoSuchTerminal(terminal_id)
        row = TerminalCommand(terminal_id=terminal_id, command=command, arguments=arguments, created_at=now)
        s.add(row)
        s.flush()
        return row.id


def set_config(sessions: sessionmaker[Session], terminal_id: str, changes: dict[str, str]) -> dict[str, Any]:
    """Merge ``changes`` into the terminal's config (an empty value removes the key); the new config."""
    with sessions.begin() as s:
        terminal = s.get(Terminal, terminal_id)
        if terminal is None:
            raise NoSuchTerminal(terminal_id)
        config = dict(terminal.config or {})
        for key, value in changes.items():
            if value == "":
                config.pop(key, None)
            else:
                config[key] = scalar(value)
        terminal.config = config  # a new dict: the JSON column sees the change
        return config


def all_terminals(sessions: sessionmaker[Session], now: dt.datetime) -> list[TerminalState]:
    with sessions() as s:
        return [state_of(t, now) for t in s.scalars(select(Terminal).order_by(Terminal.id))]


def one_line(state: TerminalState) -> str:
    seen = state.last_seen_at.isoformat(timespec="seconds") if state.last_seen_at else "never"
    flags = ("STALE" if state.stale else "fresh") + (" DISABLED" if state.disabled else "")
    devices = ",".join(f"{name}={d.health}" for name, d in sorted(state.devices.items())) or "-"
    pending = "-" if state.outbox_pending is None else str(state.outbox_pending)
    return (f"{state.id}\t{flags}\thealth={state.health} ({devices})\tlast_seen={seen}\toutbox={pending}\t"
            f"catalogue={state.catalogue_version or '-'}\tsoftware={state.software or '-'}\thall={state.hall}")

"""The store: real SQLite files in WAL mode, Alembic migrations, sealed payloads, crash safety."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kiosk.store import Store, StoreError
from kiosk.store.sealing import Sealer, SealError
from kiosk.store.store import SCHEMA_HEAD
from tests.helpers.people import ADDRESS, ID_NUMBER, NAME

REPO = Path(__file__).resolve().parent.parent
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST)


@contextmanager
def opened(state_dir: Path) -> Iterator[Store]:
    """A store on ``state_dir``, closed afterwards: to open one directory again, or twice at once."""
    store = Store(state_dir)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with opened(tmp_path / "state") as store:
        yield store


def envelope(application_uuid: str, number: str) -> dict[str, Any]:
    return {
        "uuid": application_uuid,
        "number": number,
        "answers": {"applicant.name": NAME, "applicant.id_number": ID_NUMBER, "applicant.address": ADDRESS},
    }


def save(store: Store, number: str, created_at: dt.datetime = NOW) -> str:
    application_uuid = str(uuidlib.uuid4())
    store.save_application(
        uuid=application_uuid,
        number=number,
        package_code="43PCN0009",
        catalogue_version="2026.11.0-demo",
        created_at=created_at,
        envelope=envelope(application_uuid, number),
        receipt={"application_number": number, "items": []},
    )
    return application_uuid


def query(store: Store, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """Read the database file with plain sqlite3, not through the store."""
    connection = sqlite3.connect(store.db_path)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def raw_bytes(store: Store) -> bytes:
    """Every byte SQLite keeps on disk: the database file and its write-ahead log."""
    files = [store.db_path, store.db_path.with_name("kiosk.db-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


# -- schema and connections ----------------------------------------------------------------------------------


def test_migrations_create_the_schema(store: Store) -> None:
    tables = {row[0] for row in query(store, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"applications", "outbox", "print_jobs", "counters", "alembic_version"} <= tables
    assert query(store, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    columns = {row[1] for row in query(store, "PRAGMA table_info(applications)")}
    assert {"uuid", "number", "state", "payload", "receipt", "result", "last_error"} <= columns


def test_opening_the_store_twice_keeps_the_data(tmp_path: Path) -> None:
    with opened(tmp_path / "state") as first:
        application_uuid = save(first, "HN-CS-0001-20261120-0001")
    with opened(tmp_path / "state") as second:
        assert query(second, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
        stored = second.application(application_uuid)
        assert stored is not None
        assert stored.number == "HN-CS-0001-20261120-0001"
        assert second.pending_count() == 1


def test_two_stores_open_at_once_on_one_directory(tmp_path: Path) -> None:
    with opened(tmp_path / "state") as first, opened(tmp_path / "state") as second:
        application_uuid = save(first, "N-1")
        assert second.application(application_uuid) is not None


def test_connections_use_wal_and_full_synchronous(store: Store) -> None:
    for _ in range(2):  # a second connection from the pool gets the same settings
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # The journal mode is a property of the file: a plain connection sees it too.
    assert query(store, "PRAGMA journal_mode") == [("wal",)]


# -- applications and the outbox -----------------------------------------------------------------------------


def test_an_application_and_its_outbox_entry_are_written_together(store: Store) -> None:
    application_uuid = save(store, "HN-CS-0001-20261120-0001")
    assert query(store, "SELECT uuid, state FROM applications") == [(application_uuid, "queued")]
    assert query(store, "SELECT application_uuid, attempts FROM outbox") == [(application_uuid, 0)]
    [item] = store.due(NOW)
    assert (item.uuid, item.number, item.attempts) == (application_uuid, "HN-CS-0001-20261120-0001", 0)
    assert item.envelope == envelope(application_uuid, "HN-CS-0001-20261120-0001")


def test_neither_is_written_when_the_outbox_entry_fails(store: Store) -> None:
    """One transaction: an application without its outbox entry would never be sent."""
    connection = sqlite3.connect(store.db_path)
    connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    connection.commit()
    connection.close()
    with pytest.raises(Exception, match="disk full"):
        save(store, "HN-CS-0001-20261120-0001")
    assert query(store, "SELECT count(*) FROM applications") == [(0,)]
    assert query(store, "SELECT count(*) FROM outbox") == [(0,)]


def test_created_at_is_kept_as_an_instant_whatever_the_offset(store: Store) -> None:
    """10:30 in Changsha is 02:30 UTC; the outbox (on a UTC clock) must find it due then."""
    application_uuid = save(store, "N-1", created_at=NOW)
    stored = store.application(application_uuid)
    assert stored is not None
    assert stored.created_at == NOW
    assert stored.created_at.utcoffset() == dt.timedelta(0)
    assert store.next_due_at() == NOW
    utc_now = NOW.astimezone(dt.UTC)
    assert [i.uuid for i in store.due(utc_now)] == [application_uuid]
    assert store.due(utc_now - dt.timedelta(seconds=1)) == []


def test_due_is_oldest_first_and_respects_the_limit(store: Store) -> None:
    uuids = [save(store, f"N-{i}") for i in range(5)]
    assert [i.uuid for i in store.due(NOW)] == uuids
    assert [i.uuid for i in store.due(NOW, limit=2)] == uuids[:2]


def test_mark_retry_counts_and_postpones(store: Store) -> None:
    application_uuid = save(store, "N-1")
    later = NOW + dt.timedelta(seconds=40)
    store.mark_retry(application_uuid, "network: ConnectionError", later)
    assert store.due(later - dt.timedelta(seconds=1)) == []
    [item] = store.due(later)
    assert item.attempts == 1
    stored = store.application(application_uuid)
    assert stored is not None
    assert (stored.state, stored.has_payload, stored.last_error) == ("queued", True, "network: ConnectionError")
    assert store.next_due_at() == later


def test_mark_delivered_erases_the_payload_and_the_outbox_entry(store: Store) -> None:
    application_uuid = save(store, "N-1")
    keep = save(store, "N-2")
    store.mark_delivered(application_uuid, {"number": "N-1", "items": [{"number": "N-1-01"}]})
    stored = store.application(application_uuid)
    assert stored is not None
    assert (stored.state, stored.has_payload, stored.last_error) == ("delivered", False, None)
    assert stored.result == {"number": "N-1", "items": [{"number": "N-1-01"}]}
    assert stored.receipt == {"application_number": "N-1", "items": []}  # what a reprint needs stays
    assert query(store, "SELECT payload FROM applications WHERE uuid = ?", application_uuid) == [(None,)]
    assert query(store, "SELECT application_uuid FROM outbox") == [(keep,)]
    assert store.pending_count() == 1


def test_mark_attention_stops_retrying_but_keeps_the_payload(store: Store) -> None:
    application_uuid = save(store, "N-1")
    store.mark_attention(application_uuid, "HTTP 422 invalid fields=applicant.id_number")
    stored = store.application(application_uuid)
    assert stored is not None
    assert (stored.state, stored.has_payload) == ("attention", True)
    assert stored.last_error == "HTTP 422 invalid fields=applicant.id_number"
    assert store.due(NOW + dt.timedelta(days=365)) == []


def test_an_unknown_uuid_changes_nothing(store: Store) -> None:
    application_uuid = save(store, "N-1")
    store.mark_delivered("not-a-stored-uuid", {})
    store.mark_attention("not-a-stored-uuid", "x")
    store.mark_retry("not-a-stored-uuid", "x", NOW)
    assert store.application("not-a-stored-uuid") is None
    assert [i.uuid for i in store.due(NOW)] == [application_uuid]


def test_print_jobs_are_recorded_per_application(store: Store) -> None:
    application_uuid = save(store, "N-1")
    first = store.record_print(application_uuid, "receipt", "pdf", "failed", "paper_out", NOW)
    second = store.record_print(application_uuid, "receipt", "pdf", "printed", "", NOW)
    store.record_print(None, "test_page", "pdf", "printed", "", NOW)
    records = store.prints_for(application_uuid)
    assert [(r.id, r.state, r.reason) for r in records] == [(first, "failed", "paper_out"), (second, "printed", "")]


# -- sealing -------------------------------------------------------------------------------------------------


def test_the_personal_payload_is_not_readable_on_disk(store: Store) -> None:
    save(store, "HN-CS-0001-20261120-0001")
    on_disk = raw_bytes(store)
    assert b"HN-CS-0001-20261120-0001" in on_disk  # the search works: the number is stored in clear
    for secret in (NAME, ID_NUMBER, ADDRESS, "麓山南路"):
        assert secret.encode("utf-8") not in on_disk
        assert json.dumps(secret).encode() not in on_disk  # nor as JSON \\u escapes
    store.close()
    on_disk = raw_bytes(store)  # after the WAL is checkpointed into the database
    for secret in (NAME, ID_NUMBER, ADDRESS):
        assert secret.encode("utf-8") not in on_disk


def test_the_key_file_is_private_and_apart_from_the_database(store: Store) -> None:
    key_file = store.state_dir / "keys" / "payload.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    key = key_file.read_bytes()
    assert len(key) == 32
    save(store, "N-1")
    assert key not in raw_bytes(store)


def test_the_key_survives_reopening(tmp_path: Path) -> None:
    with opened(tmp_path / "state") as first:
        application_uuid = save(first, "N-1")
    with opened(tmp_path / "state") as second:
        [item] = second.due(NOW)
        assert item.uuid == application_uuid
        assert item.envelope["answers"]["applicant.name"] == NAME


def test_a_payload_opens_only_under_its_own_uuid(tmp_path: Path) -> None:
    sealer = Sealer.from_key_file(tmp_path / "keys" / "k")
    sealed = sealer.seal(b'{"name": "x"}', b"uuid-a")
    assert sealer.open(sealed, b"uuid-a") == b'{"name": "x"}'
    with pytest.raises(SealError):
        sealer.open(sealed, b"uuid-b")
    other = Sealer.from_key_file(tmp_path / "keys" / "other")
    with pytest.raises(SealError):
        other.open(sealed, b"uuid-a")
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(SealError):
        sealer.open(bytes(tampered), b"uuid-a")


def test_sealing_twice_gives_different_ciphertexts(tmp_path: Path) -> None:
    sealer = Sealer.from_key_file(tmp_path / "k")
    assert sealer.seal(b"same", b"u") != sealer.seal(b"same", b"u")


def test_swapped_payloads_do_not_open_and_do_not_block_the_queue(store: Store) -> None:
    a, b, c = save(store, "N-A"), save(store, "N-B"), save(store, "N-C")
    connection = sqlite3.connect(store.db_path)
    with connection:
        payload_a, payload_b = (
            connection.execute("SELECT payload FROM applications WHERE uuid = ?", (u,)).fetchone()[0] for u in (a, b)
        )
        connection.execute("UPDATE applications SET payload = ? WHERE uuid = ?", (payload_b, a))
        connection.execute("UPDATE applications SET payload = ? WHERE uuid = ?", (payload_a, b))
    connection.close()
    assert [i.uuid for i in store.due(NOW)] == [c]
    for swapped in (a, b):
        stored = store.application(swapped)
        assert stored is not None
        assert (stored.state, stored.has_payload) == ("attention", True)
        assert stored.last_error is not None
        assert "does not open" in stored.last_error
    assert store.pending_count() == 1  # c is still queued; a and b are out of the outbox
    assert [i.uuid for i in store.due(NOW)] == [c]


def test_a_wrong_key_raises_seal_error(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with opened(state) as first:
        sealed = first.sealer.seal(b"payload", b"some-uuid")
    (state / "keys" / "payload.key").write_bytes(os.urandom(32))
    with opened(state) as second, pytest.raises(SealError):
        second.sealer.open(sealed, b"some-uuid")


def test_a_queued_application_under_a_replaced_key_needs_attention(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with opened(state) as first:
        application_uuid = save(first, "N-1")
    (state / "keys" / "payload.key").write_bytes(os.urandom(32))
    with opened(state) as second:
        assert second.due(NOW) == []
        stored = second.application(application_uuid)
        assert stored is not None
        assert (stored.state, stored.has_payload) == ("attention", True)


def test_a_key_file_of_the_wrong_size_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "state" / "keys").mkdir(parents=True)
    (tmp_path / "state" / "keys" / "payload.key").write_bytes(b"short")
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "state")
    assert "256-bit" in str(caught.value)
    assert "\n" not in str(caught.value)


# -- numbering -----------------------------------------------------------------------------------------------


def test_numbers_increment_per_day_and_restart_the_next_day(store: Store) -> None:
    day = dt.date(2026, 11, 20)
    assert [store.next_number("HN-CS-0001", day) for _ in range(3)] == [
        "HN-CS-0001-20261120-0001",
        "HN-CS-0001-20261120-0002",
        "HN-CS-0001-20261120-0003",
    ]
    assert store.next_number("HN-CS-0001", day + dt.timedelta(days=1)) == "HN-CS-0001-20261121-0001"
    assert store.next_number("HN-CS-0001", day) == "HN-CS-0001-20261120-0004"


def test_numbers_continue_after_reopening(tmp_path: Path) -> None:
    day = dt.date(2026, 11, 20)
    with opened(tmp_path / "state") as first:
        first.next_number("T", day)
    with opened(tmp_path / "state") as second:
        assert second.next_number("T", day) == "T-20261120-0002"


def test_numbers_are_unique_across_threads(store: Store) -> None:
    """The UI thread and the outbox thread share the store: a number is never handed out twice."""
    day = dt.date(2026, 11, 20)
    issued: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def take() -> None:
        start.wait()
        try:
            for _ in range(50):
                issued.append(store.next_number("T", day))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(issued)) == len(issued) == 200
    assert max(issued) == "T-20261120-0200"


# -- failures ------------------------------------------------------------------------------------------------


def test_a_state_dir_that_cannot_exist_is_a_one_line_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError) as caught:
        Store(blocker / "state")
    message = str(caught.value)
    assert "\n" not in message
    assert str(blocker / "state") in message
    assert "not writable" in message


def test_a_state_dir_that_is_a_file_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("")
    with pytest.raises(StoreError) as caught:
        Store(blocker)
    assert str(blocker) in str(caught.value)


def test_a_database_that_is_not_sqlite_is_a_one_line_store_error(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "kiosk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as caught:
        Store(state)
    message = str(caught.value)
    assert str(state) in message
    assert "\n" not in message


def test_a_database_from_a_newer_version_is_a_one_line_store_error(tmp_path: Path) -> None:
    """Software rolled back under a database migrated further: say so, do not guess."""
    Store(tmp_path / "state").close()
    connection = sqlite3.connect(tmp_path / "state" / "kiosk.db")
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "state")
    message = str(caught.value)
    assert "9999" in message
    assert "\n" not in message


# -- crash safety --------------------------------------------------------------------------------------------

CRASH = """
import datetime as dt, json, os, sys
from pathlib import Path
from kiosk.store import Store

state, application_uuid, envelope = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
store = Store(state)
store.save_application(
    uuid=application_uuid, number=envelope["number"], package_code="43PCN0009", catalogue_version="v",
    created_at=dt.datetime.fromisoformat(sys.argv[4]), envelope=envelope, receipt={"n": envelope["number"]},
)
os._exit(1)  # no close, no checkpoint, no atexit: as if the power went
"""


def test_a_saved_application_survives_a_crash_right_after_saving(tmp_path: Path) -> None:
    state = tmp_path / "state"
    application_uuid = str(uuidlib.uuid4())
    body = envelope(application_uuid, "HN-CS-0001-20261120-0001")
    process = subprocess.run(
        [sys.executable, "-c", CRASH, str(state), application_uuid, json.dumps(body), NOW.isoformat()],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 1, process.stderr
    assert (state / "kiosk.db-wal").exists()  # the commit is in the log, not yet in the database file
    with opened(state) as store:
        stored = store.application(application_uuid)
        assert stored is not None
        assert (stored.number, stored.state, stored.has_payload) == ("HN-CS-0001-20261120-0001", "queued", True)
        [item] = store.due(NOW)
        assert (item.uuid, item.envelope) == (application_uuid, body)

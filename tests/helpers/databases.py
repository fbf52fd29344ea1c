"""Empty databases for the platform's tests, on SQLite and on PostgreSQL.

``DATABASE_KINDS`` parametrizes a test or fixture over both; ``central_database(kind, tmp_path)``
gives a fresh, empty database of that kind and removes it afterwards:

    @pytest.fixture(params=DATABASE_KINDS)
    def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
        with central_database(request.param, tmp_path) as url:
            yield url

PostgreSQL is the test cluster that tests/daemons.sh starts (`make test`), reached through
KIOSK_TEST_POSTGRES_URL; each use gets a database of its own there, so tests never see each
other's rows. Outside `make test` the PostgreSQL cases are skipped, like every ``daemons`` test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

POSTGRES_ENV = "KIOSK_TEST_POSTGRES_URL"

DATABASE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.daemons)]


def postgres_admin_url() -> str:
    """The test cluster's URL from tests/daemons.sh, for a role that may create databases."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.fail(f"{POSTGRES_ENV} is not set: run the tests with tests/daemons.sh (as `make test` does)")
    return url


@contextmanager
def central_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of ``kind`` ("sqlite" or "postgresql"), dropped on exit."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    if kind != "postgresql":
        raise ValueError(f"unknown database kind {kind!r}")
    admin_url = postgres_admin_url()
    # Names start with test_ so that tests/daemons.sh can drop those a killed run left behind.
    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")  # CREATE DATABASE runs outside a transaction
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                # FORCE: a server that a failed test left running must not keep the database.
                connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.dispose()

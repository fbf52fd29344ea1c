"""Enrolment and signed requests, on the platform's side and the kiosk's, over real HTTP."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from central.auth import Refused, Terminals
from central.db import make_engine
from central.migrate import upgrade
from cli.central_process import CentralProcess
from kiosk.assets import DEMO_CATALOGUE
from kiosk.sync.client import HttpPlatform, Outcome
from kiosk.sync.signing import Credentials, EnrolError, enrol
from tests.helpers.platform import enrolled, signed_session

NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralProcess]:
    root = tmp_path_factory.mktemp("central")
    with CentralProcess(root / "central.db", DEMO_CATALOGUE, root / "central.log") as process:
        yield process


@pytest.fixture
def terminals(tmp_path: Path) -> Terminals:
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(engine)
    return Terminals(engine, lambda: NOW)


def enrol_directly(terminals: Terminals, terminal_id: str = "HN-1") -> Credentials:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    secret = terminals.enrol(terminal_id, terminals.add(terminal_id, "hall"), public)
    return Credentials(terminal_id, key, secret)


def verify(terminals: Terminals, headers: dict[str, str], body: bytes = b"{}") -> str:
    return terminals.verify("POST", "/v1/applications", body, {k.lower(): v for k, v in headers.items()})


def test_a_signed_request_is_accepted(terminals: Terminals) -> None:
    credentials = enrol_directly(terminals)
    assert verify(terminals, credentials.headers("POST", "/v1/applications", b"{}", NOW.timestamp())) == "HN-1"


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("unsigned", lambda h: {}),
        ("stale", lambda h: h | {"X-Kiosk-Timestamp": str(int(NOW.timestamp()) - 121)}),
        ("bad_signature", lambda h: h | {"X-Kiosk-Signature": base64.b64encode(b"x" * 64).decode()}),
        ("bad_signature", lambda h: h | {"X-Kiosk-Signature": "not base64!"}),
        ("unknown_terminal", lambda h: h | {"X-Kiosk-Terminal": "HN-2"}),
        ("bad_timestamp", lambda h: h | {"X-Kiosk-Timestamp": "soon"}),
    ],
)
def test_anything_else_is_refused(terminals: Terminals, why: str, change: object) -> None:
    credentials = enrol_directly(terminals)
    headers = credentials.headers("POST", "/v1/applications", b"{}", NOW.timestamp())
    with pytest.raises(Refused) as refused:
        verify(terminals, change(headers))  # type: ignore[operator]
    assert refused.value.error == why and refused.value.status_code == 401


def test_a_changed_body_breaks_the_signature(terminals: Terminals) -> None:
    credentials = enrol_directly(terminals)
    headers = credentials.headers("POST", "/v1/applications", b'{"number": "1"}', NOW.timestamp())
    with pytest.raises(Refused, match="signature"):
        verify(terminals, headers, b'{"number": "2"}')


def test_codes_are_single_use_and_a_new_code_revokes_the_old_key(terminals: Terminals) -> None:
    credentials = enrol_directly(terminals)
    with pytest.raises(Refused) as again:
        terminals.enrol("HN-1", "WRONGCODE1", b"\x00" * 32)
    assert again.value.error == "bad_code"
    terminals.add("HN-1", "hall")  # re-issuing a code, e.g. after the kiosk's disk was replaced
    with pytest.raises(Refused) as revoked:
        verify(terminals, credentials.headers("POST", "/v1/applications", b"{}", NOW.timestamp()))
    assert revoked.value.error == "unknown_terminal"


def test_a_disabled_terminal_is_refused(terminals: Terminals) -> None:
    credentials = enrol_directly(terminals)
    assert terminals.disable("HN-1")
    with pytest.raises(Refused):
        verify(terminals, credentials.headers("POST", "/v1/applications", b"{}", NOW.timestamp()))


def test_an_expired_code_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(engine)
    clock = [NOW]
    terminals = Terminals(engine, lambda: clock[0])
    code = terminals.add("HN-1", "hall")
    clock[0] = NOW + dt.timedelta(days=4)
    with pytest.raises(Refused) as expired:
        terminals.enrol("HN-1", code, b"\x01" * 32)
    assert expired.value.error == "code_expired"


def test_over_http_unsigned_requests_get_401_and_signed_ones_pass(central: CentralProcess, tmp_path: Path) -> None:
    unsigned = requests.get(f"{central.url}/v1/catalogue", timeout=5)
    assert unsigned.status_code == 401 and unsigned.json()["error"] == "unsigned"
    assert requests.get(f"{central.url}/v1/health", timeout=5).status_code == 200  # open, for load balancers
    credentials = enrolled(central, tmp_path / "keys", "HN-HTTP-1")
    assert signed_session(credentials).get(f"{central.url}/v1/catalogue", timeout=5).status_code == 200
    assert Credentials.load(tmp_path / "keys") is not None
    assert (tmp_path / "keys" / "terminal.key").stat().st_mode & 0o777 == 0o600


def test_the_kiosk_enrols_only_with_the_right_code(central: CentralProcess, tmp_path: Path) -> None:
    central.add_terminal("HN-HTTP-2")
    with pytest.raises(EnrolError, match="refused"):
        enrol(central.url, "HN-HTTP-2", "NOTTHECODE", tmp_path / "keys")
    with pytest.raises(EnrolError, match="cannot reach"):
        enrol("http://127.0.0.1:9", "HN-HTTP-2", "X" * 10, tmp_path / "keys", timeout_s=2)
    assert Credentials.load(tmp_path / "keys") is None


def test_an_unenrolled_kiosk_is_told_to_enrol(central: CentralProcess, tmp_path: Path) -> None:
    platform = HttpPlatform(central.url, timeout_s=5, credentials=tmp_path / "no-keys")
    result = platform.submit({"uuid": "x"})
    assert result.outcome is Outcome.UNAUTHORIZED and result.error == "HTTP 401"


def test_an_application_for_another_terminal_is_refused(central: CentralProcess, tmp_path: Path) -> None:
    credentials = enrolled(central, tmp_path / "keys", "HN-HTTP-3")
    response = signed_session(credentials).post(
        f"{central.url}/v1/applications",
        json={
            "uuid": "3f1c1d8e-3a52-4a52-9b0e-6a0e1c7d9f10",
            "number": "HN-OTHER-20261121-0001",
            "terminal_id": "HN-OTHER",
            "package_code": "43PCN0009",
            "catalogue_version": "x",
            "submitted_at": "2026-11-21T09:30:00+08:00",
            "answers": {},
            "sources": {},
        },
        timeout=5,
    )
    assert response.status_code == 403 and response.json()["error"] == "terminal_mismatch"

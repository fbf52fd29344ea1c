"""Talking to a real central platform as an enrolled terminal would."""

from __future__ import annotations

from pathlib import Path

import requests

from kiosk.sync.signing import Credentials, enrol, sign_requests
from ui.central_process import CentralProcess


def enrolled(central: CentralProcess, keys_dir: Path, terminal_id: str = "HN-TEST-01") -> Credentials:
    """Add the terminal on the platform and enrol it, as a technician would."""
    code = central.add_terminal(terminal_id, "测试大厅")
    return enrol(central.url, terminal_id, code, keys_dir)


def signed_session(credentials: Credentials) -> requests.Session:
    session = requests.Session()
    sign_requests(session, credentials)
    return session

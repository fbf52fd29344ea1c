"""Restart the test pcscd, as a crash or an upgrade would, while the code under test keeps running."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

STATE = Path("/run/kiosk-test-daemons")  # tests/daemons.sh records the daemons it started here
RUN = Path("/run/pcscd")
LOG = Path(__file__).resolve().parents[2] / "out" / "daemons" / "pcscd.log"
_STEP_S = 0.05
_ROUNDS = 200  # 10 s for pcscd to stop or start
VPCD_PORT = int(os.environ.get("KIOSK_TEST_VPCD_PORT", "35963"))


def _listening(port: int) -> bool:
    """Whether vpcd listens on ``port`` yet (connecting to find out would insert a card)."""
    wanted = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        if any(f.split()[1].endswith(wanted) and f.split()[3] == "0A" for f in lines):
            return True
    return False


def pcscd_pid() -> int | None:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "pcscd" and " Z " not in (entry / "stat").read_text():
                return int(entry.name)
        except OSError:
            continue
    return None


def stop_pcscd() -> None:
    """SIGTERM pcscd and wait until it is gone."""
    pid = pcscd_pid()
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    for _ in range(_ROUNDS):
        if pcscd_pid() is None:
            return
        time.sleep(_STEP_S)
    raise RuntimeError("pcscd did not stop within 10 s")


def start_pcscd() -> None:
    """Start pcscd in a session of its own and wait for its socket; tests/daemons.sh stops it at the end."""
    for stale in ("pcscd.comm", "pcscd.pid"):
        (RUN / stale).unlink(missing_ok=True)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    # Through a shell, so pcscd is not our child (no zombie, no ResourceWarning) and $! is its pid.
    out = subprocess.run(
        ["bash", "-c", f"setsid pcscd -f </dev/null >>'{LOG}' 2>&1 & echo $!"],
        check=True, capture_output=True, text=True,
    )
    if (STATE / "pcscd.pid").exists():  # ours: tests/daemons.sh stops the new one at the end
        (STATE / "pcscd.pid").write_text(out.stdout.strip() + "\n")
    for _ in range(_ROUNDS):
        if (RUN / "pcscd.comm").exists() and _listening(VPCD_PORT):
            return
        time.sleep(_STEP_S)
    raise RuntimeError(f"pcscd did not come back within 10 s; see {LOG}")

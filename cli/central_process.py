"""The reference central platform as a child process on a loopback port: for the demo, the tests and the bench."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

READY_TIMEOUT_S = 60.0


class CentralError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CentralProcess:
    """``kiosk-central serve`` with SQLite, stopped with the context manager."""

    def __init__(self, db_path: Path | str, catalogue: Path, log_path: Path) -> None:
        """``db_path``: an SQLite file, or any SQLAlchemy URL."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = db_path if isinstance(db_path, str) else f"sqlite:///{db_path}"
        self.log_path = log_path
        command = [
            sys.executable, "-m", "central", "serve",
            "--db", self.db_url, "--host", "127.0.0.1", "--port", str(self.port),
            "--catalogue", str(catalogue),
        ]
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self._log, text=True)
        self._ready = threading.Event()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._log.write(line)
            self._log.flush()
            if "listening on" in line:
                self._ready.set()

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        while not self._ready.wait(0.1):
            if self.process.poll() is not None:
                code = self.process.returncode
                raise CentralError(f"the central platform exited with code {code}; see {self.log_path}")
            if time.monotonic() > deadline:
                raise CentralError(f"the central platform did not start within {timeout_s:.0f} s; see {self.log_path}")

    def add_terminal(self, terminal_id: str, hall: str = "") -> str:
        """Register a terminal as a platform operator would; returns its one-time enrolment code."""
        result = subprocess.run(
            [sys.executable, "-m", "central", "terminal", "add", terminal_id, "--hall", hall, "--db", self.db_url],
            capture_output=True, text=True, timeout=60,
        )
        match = re.search(r"enrolment code (\S+)", result.stdout)
        if result.returncode != 0 or match is None:
            raise CentralError(f"cannot add terminal {terminal_id}: {result.stderr.strip() or result.stdout.strip()}")
        return match.group(1)

    def seed_demo(self) -> None:
        """The demo people's e-licences, shared records and online applications, as `kiosk-central seed-demo`."""
        command = [sys.executable, "-m", "central", "seed-demo", "--db", self.db_url]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise CentralError(f"cannot seed the demo data: {result.stderr.strip() or result.stdout.strip()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            self._log.close()

    def __enter__(self) -> CentralProcess:
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""A kiosk without a screen, for the reliability tests: it makes applications and sends them, and may die at any moment.

    python -m tests.helpers.submitter --state DIR --platform URL --count N

Like the kiosk it keeps everything in a Store in DIR and signs with the credentials in DIR/keys (the test
enrols the terminal first). Each application is a fresh ``CitizenSession``: a citizen identifies, chooses
the birth package, answers it and submits; an ``OutboxWorker`` thread sends the queue meanwhile.

Killed and started again with the same DIR, it counts the applications its store holds and makes only
the rest of the N, so the store is the whole truth about which applications exist: a number is in
the store, with its outbox entry, or it was never given to a citizen. Then it waits for the queue
to drain and exits 0. It stops by itself: after ``--deadline`` seconds it gives up (exit 3).

Every line it prints is flushed at once (a kill loses none that was written):

    ready terminal=HN-T1 local=12 count=50     the store is open; 12 applications were already in it
    created HN-T1-20261120-0013 <uuid>         saved with its outbox entry (committed)
    delivered HN-T1-20261120-0013 <uuid>       the platform has it and the store knows
    retry HN-T1-20261120-0013 <uuid> network: ConnectionError
    attention HN-T1-20261120-0013 <uuid> HTTP 409 conflict
    drained local=50                           every application is delivered; exit 0

``SubmitterProcess`` runs it from a test and reads those lines.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store

ROOT = Path(__file__).resolve().parents[2]
BIRTH = "43PCN0009"
DRAINED, DEADLINE, ATTENTION, NOT_ENROLLED = 0, 3, 4, 5


# -- the program ---------------------------------------------------------------------------------------------------


_SAY = threading.Lock()


def _say(line: str) -> None:
    """One whole line, flushed (the worker thread prints too)."""
    with _SAY:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def applicant_id(n: int) -> str:
    """A different (valid, female) applicant for each application number n."""
    from tests.helpers.people import resident_id

    return resident_id(f"43010219900307{100 + 2 * (n % 450):03d}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.helpers.submitter", description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, required=True, help="the kiosk's state directory (store, keys/)")
    parser.add_argument("--platform", required=True, help="the platform's base URL")
    parser.add_argument("--count", type=int, required=True, help="how many applications the store should hold")
    parser.add_argument("--timeout", type=float, default=5.0, help="HTTP timeout of each request, s")
    parser.add_argument("--retry-base", type=float, default=0.05, help="backoff after the first failure, s")
    parser.add_argument("--retry-max", type=float, default=0.5, help="the backoff's cap, s")
    parser.add_argument("--pace", type=float, default=0.0, help="pause between two applications, s")
    parser.add_argument("--deadline", type=float, default=120.0, help="give up after this long, s")
    args = parser.parse_args(argv)
    started = time.monotonic()

    import kiosk.sync.outbox as outbox
    from kiosk.assets import DEMO_CATALOGUE
    from kiosk.catalogue import load_catalogue
    from kiosk.i18n import Text
    from kiosk.session import CitizenSession, Terminal
    from kiosk.store import Store
    from kiosk.sync.client import HttpPlatform, Outcome
    from kiosk.sync.signing import Credentials
    from tests.helpers.answers import typed_birth_answers
    from tests.helpers.people import resident

    # Retries as a kiosk makes them, only faster: the tests wait seconds, not minutes.
    outbox.BASE_DELAY_S, outbox.MAX_DELAY_S = args.retry_base, args.retry_max
    credentials = Credentials.load(args.state / "keys")
    if credentials is None:
        _say(f"not enrolled: no credentials in {args.state / 'keys'}")
        return NOT_ENROLLED
    catalogue = load_catalogue(DEMO_CATALOGUE)
    store = Store(args.state)
    terminal = Terminal(credentials.terminal_id, Text("可靠性测试大厅", "Reliability test hall"), args.platform)
    answers = typed_birth_answers(child__birth_date="2024-05-01")  # well before the platform's own today
    local = _application_count(store)
    _say(f"ready terminal={terminal.id} local={local} count={args.count}")

    platform = HttpPlatform(args.platform, timeout_s=args.timeout, credentials=args.state / "keys")
    worker = outbox.OutboxWorker(store, platform)
    settled = threading.Event()

    def report(uuid: str, outcome: Outcome) -> None:
        stored = store.application(uuid)
        number = stored.number if stored else "?"
        error = f" {stored.last_error}" if stored and stored.last_error and outcome is not Outcome.DELIVERED else ""
        _say(f"{outcome.value} {number} {uuid}{error}")
        settled.set()

    worker.subscribe(report)
    worker.start()
    try:
        while local < args.count:
            if time.monotonic() - started > args.deadline:
                _say(f"deadline local={local}")
                return DEADLINE
            session = CitizenSession(catalogue, store, terminal)
            session.identify(resident(id_number=applicant_id(local + 1)))
            session.choose(BIRTH)
            for key, value in answers.items():
                session.set_answer(key, value)
            submitted = session.submit()
            session.reset()
            local += 1
            _say(f"created {submitted.number} {submitted.uuid}")
            worker.kick()
            if args.pace:
                time.sleep(args.pace)
        while store.pending_count():
            if time.monotonic() - started > args.deadline:
                _say(f"deadline local={local} pending={store.pending_count()}")
                return DEADLINE
            settled.wait(0.1)
            settled.clear()
    finally:
        worker.stop()
        platform.close()
    needing_attention = _application_count(store, "attention")
    store.close()
    if needing_attention:
        _say(f"attention local={local} attention={needing_attention}")
        return ATTENTION
    _say(f"drained local={local}")
    return DRAINED


def _application_count(store: Store, state: str | None = None) -> int:
    from sqlalchemy import func, select

    from kiosk.store.models import ApplicationRow

    query = select(func.count()).select_from(ApplicationRow)
    if state is not None:
        query = query.where(ApplicationRow.state == state)
    with store.engine.connect() as connection:
        return int(connection.scalar(query) or 0)


# -- running it from a test ---------------------------------------------------------------------------------------


@dataclass
class SubmitterProcess:
    """The submitter as a child process; its lines are read on a thread and kept, in order."""

    state: Path
    platform: str
    count: int
    options: Sequence[str] = ()
    lines: list[str] = field(default_factory=list, init=False)
    process: subprocess.Popen[str] = field(init=False)

    def __post_init__(self) -> None:
        command = [
            sys.executable, "-m", "tests.helpers.submitter",
            "--state", str(self.state), "--platform", self.platform, "--count", str(self.count), *self.options,
        ]
        env = os.environ | {"PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self._new: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._new.put(line.rstrip("\n"))
        self._new.put(None)

    def wait_for(self, predicate: str | None = None, *, lines: int = 1, timeout_s: float = 60.0) -> bool:
        """Read until ``lines`` more lines starting with ``predicate`` (any line if None) have come.

        False if the process ended first. A TimeoutError after ``timeout_s``.
        """
        deadline = time.monotonic() + timeout_s
        seen = 0
        while seen < lines:
            try:
                line = self._new.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"the submitter printed no {predicate or 'line'} within {timeout_s} s") from None
            if line is None:
                self._new.put(None)  # later calls see the end too
                return False
            self.lines.append(line)
            if predicate is None or line.startswith(predicate):
                seen += 1
        return True

    def kill(self) -> bool:
        """kill -9, as a power cut would. True if it was still running."""
        running = self.process.poll() is None
        if running:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._drain()
        return running

    def wait(self, timeout_s: float = 120.0) -> int:
        """Its exit code, once every line is read."""
        try:
            code = self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
            raise TimeoutError(f"the submitter did not finish within {timeout_s} s") from None
        self._drain()
        return code

    def _drain(self) -> None:
        self._reader.join(timeout=30)
        while True:
            try:
                line = self._new.get_nowait()
            except queue.Empty:
                break
            if line is None:
                self._new.put(None)
                break
            self.lines.append(line)

    def words(self, first: str) -> list[list[str]]:
        """The lines read so far that start with ``first``, split into words."""
        return [line.split() for line in self.lines if line.split()[:1] == [first]]

    def __enter__(self) -> SubmitterProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.kill()


if __name__ == "__main__":
    sys.exit(main())

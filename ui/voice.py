"""Voice guidance: a speech worker process (ui/speech_worker.py), fed by ``kiosk.visit.speech``.

The engine runs in its own process because in this one it froze the screen (see the worker's docstring);
the GUI thread only writes requests to a pipe and reads events when they come. The queue and each
utterance's deadline stay here: past it the utterance is stopped, and a worker that does not answer that
either, or exits, is killed and started again, at most ``MAX_RESTARTS`` times in a row; then the kiosk is silent.
Without an engine or a voice for the language it is silent too. What is said is never logged: it holds
the citizen's answers.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

log = logging.getLogger("ui.voice")

VOLUMES = (0.4, 0.7, 1.0)
DEFAULT_VOLUME = VOLUMES[1]
MAX_RESTARTS = 3
_ROOT = Path(__file__).resolve().parents[1]  # where ``-m ui.speech_worker`` is found


@dataclass(frozen=True)
class VoiceSettings:
    engine: str = "speechd"  # "none": silent, and no worker is started
    voices: tuple[tuple[str, str], ...] = (("zh", "Chinese (Mandarin"), ("en", "English (America)"))
    base_s: float = 5.0  # an utterance's deadline: base_s + per_char_s × its length
    per_char_s: float = 0.4
    grace_s: float = 2.0  # for the worker to answer a stop, past which it is taken for hung

    def deadline_ms(self, text: str) -> int:
        return int(1000 * (self.base_s + self.per_char_s * len(text)))

    @property
    def grace_ms(self) -> int:
        return int(1000 * self.grace_s)


class Speaker(QObject):
    """The GUI thread's handle on the worker: it never waits for it, except (bounded) in ``close``.

    ``command`` replaces the worker's command line (tests: a worker that hangs)."""

    spoken = Signal(str)  # an utterance began

    def __init__(self, settings: VoiceSettings, command: Sequence[str] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.volume = DEFAULT_VOLUME
        self.silent: str | None = "no speech engine" if settings.engine == "none" else None  # why, when silent
        self.ready = False  # the worker has its engine
        self._command = command
        self._process: QProcess | None = None
        self._queue: deque[tuple[str, str]] = deque()
        self._ids = 0
        self._current: tuple[int, str] | None = None
        self._began = self._stopping = False
        self._failures = 0
        self._unvoiced: set[str] = set()  # the missing voices already logged
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._timed_out)
        if self.silent is None:
            self._spawn()  # now, so the first utterance need not wait for the engine to start

    @property
    def worker_pid(self) -> int | None:
        return self._process.processId() or None if self._process is not None else None

    @property
    def busy(self) -> bool:
        """Something is being said, or waits to be."""
        return self._current is not None or bool(self._queue)

    def say(self, lines: list[str], lang: str, *, interrupt: bool = True) -> None:
        if self.silent is not None or not lines:
            return
        if interrupt:
            self.stop()
        self._queue.extend((line, lang) for line in lines if line)
        self._next()

    def stop(self) -> None:
        self._queue.clear()
        if self._current is not None and not self._stopping:
            self._stopping = True
            self._send(op="stop")
            self._deadline.start(self.settings.grace_ms)

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        self._send(op="volume", value=volume)

    def close(self) -> None:
        """Kill the worker: bounded, so a hung engine cannot hold the kiosk's exit."""
        self.silent = self.silent or "closed"
        self._queue.clear()
        self._reset()
        self._kill()
        for process in self.findChildren(QProcess):  # this one, and any killed before that is not yet reaped
            process.waitForFinished(1000)

    # -- the worker ----------------------------------------------------------------------------------------

    def _spawn(self) -> None:
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.setWorkingDirectory(str(_ROOT))
        process.readyReadStandardOutput.connect(lambda: self._read(process))
        process.finished.connect(lambda code, _status: self._ended(process, f"it exited ({code})"))
        process.errorOccurred.connect(lambda error: self._error(process, error))
        config = {"parent": os.getpid(), "engine": self.settings.engine, "voices": dict(self.settings.voices),
                  "volume": self.volume}
        program, *args = self._command or (sys.executable, "-m", "ui.speech_worker", json.dumps(config))
        self._process = process
        process.start(program, args)

    def _send(self, **request: Any) -> None:
        if self._process is not None:
            self._process.write((json.dumps(request, ensure_ascii=False) + "\n").encode())

    def _read(self, process: QProcess) -> None:
        while process is self._process and process.canReadLine():
            try:
                event: dict[str, Any] = json.loads(bytes(process.readLine().data()))
            except ValueError:
                self._failed("it wrote something that is not JSON")
                return
            kind, ident = event.get("event"), event.get("id")
            if kind == "ready":
                self.ready = True
            elif kind == "unavailable":
                self._silence(str(event.get("why")))
            elif self._current is None or ident != self._current[0]:
                continue  # an utterance already given up on
            elif kind == "started" and not self._began and not self._stopping:
                self._began = True
                self.spoken.emit(self._current[1])
            elif kind == "skipped":
                self._skipped(str(event.get("why")))
            elif kind == "done":
                self._failures = 0  # it works again: months of service never add up to silence
                self._reset()
                self._next()

    def _next(self) -> None:
        if self._current is not None or self.silent is not None or not self._queue:
            return
        if self._process is None:
            self._spawn()
        text, lang = self._queue.popleft()
        self._ids += 1
        self._current = (self._ids, text)
        self._send(op="say", id=self._ids, text=text, lang=lang)
        self._deadline.start(self.settings.deadline_ms(text))

    def _skipped(self, why: str) -> None:
        if why not in self._unvoiced:  # voice names only: no personal data
            self._unvoiced.add(why)
            log.warning("%s: that language is not spoken", why)
        self._reset()
        self._next()

    def _timed_out(self) -> None:
        if not self._stopping:
            log.warning("an utterance did not finish in time (no audio?); stopping it")
            self._stopping = True
            self._send(op="stop")
            self._deadline.start(self.settings.grace_ms)
        else:
            self._failed("it did not answer")

    def _error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart:  # the only error not followed by ``finished``
            self._ended(process, f"it did not start ({process.errorString()})")

    def _ended(self, process: QProcess, why: str) -> None:
        if process is self._process:
            self._failed(why)

    def _failed(self, why: str) -> None:
        """Kill the worker; the next utterance starts another, unless it failed too often."""
        self._reset()
        self._kill()
        self._failures += 1
        if self._failures > MAX_RESTARTS:
            self._silence(f"the speech worker failed {self._failures} times, the last time: {why}")
            return
        log.warning("the speech worker was stopped (%s); starting another", why)
        self._next()

    def _silence(self, why: str) -> None:
        log.warning("voice guidance is off: %s; the kiosk stays silent", why)
        self.silent = why
        self._queue.clear()
        self._reset()
        self._kill()

    def _reset(self) -> None:
        self._current = None
        self._began = self._stopping = False
        self._deadline.stop()

    def _kill(self) -> None:
        process, self._process, self.ready = self._process, None, False
        if process is not None:
            process.kill()  # kept, a child of this, until close(): at most MAX_RESTARTS of them

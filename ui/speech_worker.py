"""The voice's own process: ``python -m ui.speech_worker CONFIG``, started and fed by ui/voice.py.

In the kiosk's process, QTextToSpeech's speechd engine froze the screen: its constructor (libspeechd's
``spd_open``, waiting on a speech-dispatcher with no audio device) blocks inside a PySide call that keeps
Python's GIL, so the GUI thread could not run Python again. Here it can only hang itself, and the kiosk
kills it then. CONFIG is JSON: ``{"parent": pid, "engine": ..., "voices": {lang: name}, "volume": v}``.

Requests on stdin, one JSON object a line, one utterance at a time: ``{"op": "say", "id": n, "text": ...,
"lang": ...}``, ``{"op": "stop"}``, ``{"op": "volume", "value": v}``. Events on stdout: ``ready``,
``started`` and ``done`` (with the utterance's id), ``skipped`` (id and why: no voice for its language),
``unavailable`` (why: no engine; the worker then exits). Nothing is logged here, and the text said goes
nowhere but to the engine: it holds the citizen's answers. No Python Qt message handler either: Qt's own
messages go to stderr, which the kiosk's process shares.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

SLOW_RATE = -0.3  # -1 … 1: slower than the engine's default, for first-time and older listeners
_PR_SET_PDEATHSIG = 1
_OVER = (QTextToSpeech.State.Ready, QTextToSpeech.State.Error)  # an utterance has ended


def die_with(parent: int) -> None:
    """Be killed when the kiosk ends, however it ends, even while blocked in the engine."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the kiosk ended before that took effect
        os._exit(0)


def send(**event: Any) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Worker(QObject):
    def __init__(self, engine: str, voices: dict[str, str], volume: float) -> None:
        super().__init__()
        self.wanted = voices
        self.voices: dict[str, QVoice | None] = {}
        self.current: int | None = None
        self.lang = ""
        self.tts = QTextToSpeech(engine, self)  # may block for as long as speech-dispatcher does
        if self.tts.state() is QTextToSpeech.State.Error:
            send(event="unavailable", why=f"speech engine {engine!r} unavailable ({self.tts.errorString()})")
            raise SystemExit(0)
        self.tts.setRate(SLOW_RATE)
        self.tts.setVolume(volume)
        self.tts.stateChanged.connect(self._state)
        self._input = b""
        self._notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)
        send(event="ready")

    def _read(self) -> None:
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:  # the kiosk closed the pipe
            QCoreApplication.quit()
            return
        *lines, self._input = (self._input + chunk).split(b"\n")
        for line in lines:
            self.handle(json.loads(line))

    def handle(self, request: dict[str, Any]) -> None:
        op = request["op"]
        if op == "say":
            self.say(int(request["id"]), str(request["text"]), str(request["lang"]))
        elif op == "stop" and self.current is not None:
            self.tts.stop()
            if self.tts.state() is not QTextToSpeech.State.Speaking:
                self._finish()
        elif op == "volume":
            self.tts.setVolume(float(request["value"]))

    def say(self, ident: int, text: str, lang: str) -> None:
        voice = self._voice(lang)
        if voice is None:
            send(event="skipped", id=ident, why=f"no voice named {self.wanted.get(lang, '')!r} for {lang}")
            return
        if lang != self.lang:
            self.tts.setVoice(voice)
            self.lang = lang
        self.current = ident
        self.tts.say(text)

    def _voice(self, lang: str) -> QVoice | None:
        """The voice named for ``lang`` (exactly, else by prefix): speech-dispatcher's Mandarin has no locale."""
        if lang not in self.voices:
            wanted = self.wanted.get(lang, "")
            every = self.tts.allVoices(None)  # type: ignore[arg-type]  # None: every language
            self.voices[lang] = next((v for v in every if v.name() == wanted), None) or next(
                (v for v in every if wanted and v.name().startswith(wanted)), None)
        return self.voices[lang]

    def _state(self, state: QTextToSpeech.State) -> None:
        if self.current is None:
            return
        if state is QTextToSpeech.State.Speaking:
            send(event="started", id=self.current)
        elif state in _OVER:
            self._finish()

    def _finish(self) -> None:
        send(event="done", id=self.current)
        self.current = None


def main(argv: list[str]) -> int:
    config = json.loads(argv[1])
    die_with(int(config["parent"]))
    app = QCoreApplication(argv[:1])
    worker = Worker(str(config["engine"]), dict(config["voices"]), float(config["volume"]))
    code = app.exec()
    del worker
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))

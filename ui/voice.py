"""Voice guidance: QTextToSpeech on its own thread, fed by ``kiosk.visit.speech``.

The engine lives on the ``voice`` thread, so a speech-dispatcher that hangs (no audio device: it stays
Speaking for ever) never holds the GUI; each utterance also has a deadline, after which it is stopped
and the next one spoken. Without an engine or a voice for the language the kiosk is silent. What is
said is never logged: it holds the citizen's answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

if TYPE_CHECKING:  # loaded with the first utterance: importing it loads QtMultimedia
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger("ui.voice")

SLOW_RATE = -0.3  # -1 … 1: slower than the engine's default, for first-time and older listeners
VOLUMES = (0.4, 0.7, 1.0)
DEFAULT_VOLUME = VOLUMES[1]


@dataclass(frozen=True)
class VoiceSettings:
    engine: str = "speechd"  # "none": silent
    voices: tuple[tuple[str, str], ...] = (("zh", "Chinese (Mandarin"), ("en", "English (America)"))
    base_s: float = 5.0  # an utterance's deadline: base_s + per_char_s × its length
    per_char_s: float = 0.4

    def deadline_ms(self, text: str) -> int:
        return int(1000 * (self.base_s + self.per_char_s * len(text)))


class _Engine(QObject):
    """Owns the QTextToSpeech on the voice thread: a queue of (text, language), one at a time."""

    started = Signal(str)  # an utterance began

    def __init__(self, settings: VoiceSettings) -> None:
        super().__init__()
        self.settings = settings
        self._tts: QTextToSpeech | None = None
        self._timer: QTimer | None = None
        self._queue: list[tuple[str, str]] = []
        self._current: str | None = None
        self._lang = ""
        self._voices: dict[str, QVoice | None] = {}
        self._done: tuple[QTextToSpeech.State, ...] = ()

    @Slot()
    def open(self) -> None:
        """Create the engine here, on the voice thread."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        if self.settings.engine == "none":
            return
        from PySide6.QtTextToSpeech import QTextToSpeech

        tts = QTextToSpeech(self.settings.engine, self)
        if tts.state() is QTextToSpeech.State.Error:
            log.warning("speech engine %r unavailable (%s): the kiosk stays silent", self.settings.engine,
                        tts.errorString())
            return
        self._done = (QTextToSpeech.State.Ready, QTextToSpeech.State.Error)  # an utterance is over
        tts.setRate(SLOW_RATE)
        tts.setVolume(DEFAULT_VOLUME)
        tts.stateChanged.connect(self._state)
        self._tts = tts

    def _voice(self, lang: str) -> QVoice | None:
        """The voice named for ``lang`` (exactly, else by prefix): speech-dispatcher's Mandarin has no locale."""
        if lang not in self._voices and self._tts is not None:
            wanted = dict(self.settings.voices).get(lang, "")
            voices = self._tts.allVoices(None)  # type: ignore[arg-type]  # None: every language
            found = next((v for v in voices if v.name() == wanted), None) or next(
                (v for v in voices if wanted and v.name().startswith(wanted)), None)
            if found is None:
                log.warning("no voice named %r for %s: that language is not spoken", wanted, lang)
            self._voices[lang] = found
        return self._voices.get(lang)

    @Slot(list, str, bool)
    def speak(self, lines: list[str], lang: str, interrupt: bool) -> None:
        if interrupt:
            self.stop()
        self._queue.extend((line, lang) for line in lines if line)
        if self._current is None:
            self._next()

    @Slot()
    def stop(self) -> None:
        self._queue.clear()
        if self._current is not None:
            self._current = None
            if self._timer is not None:
                self._timer.stop()
            if self._tts is not None:
                self._tts.stop()

    @Slot()
    def close(self) -> None:
        """The last request: stop speaking and end the voice thread's loop."""
        self.stop()
        if self._timer is not None:
            self._timer.stop()
        thread = self.thread()
        if thread is not None:
            thread.quit()

    @Slot(float)
    def set_volume(self, volume: float) -> None:
        if self._tts is not None:
            self._tts.setVolume(volume)

    def _next(self) -> None:
        tts, timer = self._tts, self._timer
        while self._queue and tts is not None and timer is not None:
            text, lang = self._queue.pop(0)
            voice = self._voice(lang)
            if voice is None:
                continue
            if lang != self._lang:
                tts.setVoice(voice)
                self._lang = lang
            self._current = text
            timer.start(self.settings.deadline_ms(text))
            self.started.emit(text)
            tts.say(text)
            return

    def _state(self, state: QTextToSpeech.State) -> None:
        if state in self._done and self._current is not None:
            if self._timer is not None:
                self._timer.stop()
            self._current = None
            self._next()

    def _timed_out(self) -> None:
        log.warning("an utterance did not finish in time (no audio?); stopped")
        self._current = None
        if self._tts is not None:
            self._tts.stop()
        self._next()


class Speaker(QObject):
    """The GUI thread's handle: it only sends requests, never waits. The engine starts with the first one."""

    spoken = Signal(str)  # an utterance began (on the GUI thread)
    _speak = Signal(list, str, bool)
    _stop = Signal()
    _close = Signal()
    _volume = Signal(float)

    def __init__(self, settings: VoiceSettings) -> None:
        super().__init__()
        self.settings = settings
        self.volume = DEFAULT_VOLUME
        self._thread: QThread | None = None
        self._engine: _Engine | None = None

    def _started(self) -> _Engine:
        if self._engine is None:
            self._thread = QThread()
            self._thread.setObjectName("voice")
            engine = _Engine(self.settings)
            engine.moveToThread(self._thread)
            self._thread.started.connect(engine.open)
            self._speak.connect(engine.speak)
            self._stop.connect(engine.stop)
            self._close.connect(engine.close)
            self._volume.connect(engine.set_volume)
            engine.started.connect(self.spoken)
            self._engine = engine
            self._thread.start()
            self._volume.emit(self.volume)
        return self._engine

    def say(self, lines: list[str], lang: str, *, interrupt: bool = True) -> None:
        if not lines or self.settings.engine == "none":
            return
        self._started()
        self._speak.emit(lines, lang, interrupt)

    def stop(self) -> None:
        if self._engine is not None:
            self._stop.emit()

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        if self._engine is not None:
            self._volume.emit(volume)

    def close(self) -> None:
        """Stop the thread; bounded, so a hung engine cannot hold the kiosk's exit."""
        if self._thread is not None:
            self._close.emit()
            if not self._thread.wait(2000):
                log.warning("the voice thread did not stop in time")  # kept: a running QThread must not be freed
                return
            self._thread = None
            self._engine = None

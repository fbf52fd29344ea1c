"""Voice guidance with QtTextToSpeech's mock engine: what is said, in order, and when it stops."""

from __future__ import annotations

import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from kiosk.visit import prompts, speech
from kiosk.visit.clock import ManualTimers
from kiosk.visit.states import State
from tests.helpers.speechd import available
from tests.test_ui import MOTHER, build, find, form_of, insert_card
from ui.demo import DEMO_PACKAGE, Journey, demo_answers
from ui.root import Kiosk
from ui.voice import DEFAULT_VOLUME, MAX_RESTARTS, Speaker, VoiceSettings
from ui.voiceguide import VoiceGuide

pytestmark = pytest.mark.qt_log_ignore("Couldn't load pipewire-0.3 library", "Couldn't resolve pipewire-0.3 symbols")
# The mock engine has no Chinese voice: a Finnish one stands in for Mandarin, chosen by name like the real one.
MOCK_VOICES = (("zh", "Kari"), ("en", "Charly"))
LONG = " ".join(["word"] * 40)  # 40 words: the mock engine takes seconds over it


@dataclass
class Talking:
    kiosk: Kiosk
    guide: VoiceGuide
    timers: ManualTimers
    spoken: list[str]

    def click(self, qtbot: QtBot, *names: str) -> None:
        """Tap each button in turn: ("top-more", "voice-repeat") opens 更多, then taps 重听 in it."""
        for name in names:
            qtbot.mouseClick(find(self.kiosk.window, QAbstractButton, name), Qt.MouseButton.LeftButton)

    def hears(self, qtbot: QtBot, *lines: str) -> None:
        """Wait until ``lines`` are the last things said, in this order."""
        qtbot.waitUntil(lambda: self.spoken[-len(lines):] == list(lines), timeout=10_000)


@pytest.fixture
def talking(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Talking]:
    monkeypatch.setenv("KIOSK_VOICE_ENGINE", "mock")
    monkeypatch.setenv("KIOSK_VOICE_ZH_VOICE", "Kari")
    monkeypatch.setenv("KIOSK_VOICE_EN_VOICE", "Charly")
    timers = ManualTimers()
    built = build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}", timers=timers)
    kiosk = next(built)
    assert kiosk.voice is not None
    spoken: list[str] = []
    kiosk.voice.speaker.spoken.connect(spoken.append)
    yield Talking(kiosk, kiosk.voice, timers, spoken)
    worker = kiosk.voice.speaker.worker_pid
    next(built, None)  # the kiosk shuts down: its speech worker goes with it
    assert worker is not None and not alive(worker)


def test_a_voice_journey_says_each_screen_errors_and_the_receipt_in_order(qtbot: QtBot, talking: Talking) -> None:
    window, visit = talking.kiosk.window, lambda: talking.kiosk.window.visit
    talking.click(qtbot, "voice-toggle")
    talking.hears(qtbot, prompts.WELCOME.zh, prompts.PLACE_CARD.zh)
    insert_card(qtbot, talking.kiosk, MOTHER)
    talking.hears(qtbot, prompts.READ_OK.zh)
    talking.click(qtbot, "identity-continue")
    talking.hears(qtbot, prompts.CHOOSE.zh)
    talking.click(qtbot, f"package-{DEMO_PACKAGE}")
    first_step = speech.screen(visit(), "zh")
    talking.hears(qtbot, *first_step)
    while not visit().step_errors():  # on to a step the card did not fill
        talking.click(qtbot, "form-next")
        talking.hears(qtbot, *speech.screen(visit(), "zh"))
    talking.click(qtbot, "form-next")  # nothing typed yet: the problems are said, each with its field
    problems = speech.errors(visit().current_step(), visit().step_errors(), "zh")
    assert problems[0] == prompts.FIX.zh and len(problems) > 1
    talking.hears(qtbot, *problems)

    journey = Journey(talking.kiosk, Path("."))
    answers = demo_answers(talking.kiosk.session.clock().date())
    while visit().state is State.FORM:
        journey.fill_step(answers)
        talking.click(qtbot, "form-next")
        assert not form_of(window).summary.isVisible()
    talking.hears(qtbot, prompts.CHECK.zh)
    talking.click(qtbot, "review-submit")
    submitted = talking.kiosk.session.submitted
    assert submitted is not None
    number = prompts.NUMBER_IS.zh.format(number=speech.spelled(submitted.number, "zh"))
    talking.hears(qtbot, prompts.DONE.zh, number, prompts.DELIVERY[visit().delivery].zh, prompts.TAKE_CARD_AND_GO.zh)
    talking.timers.advance(6)  # the platform did not answer: the receipt says so, then how the print went
    qtbot.waitUntil(lambda: visit().print_result is not None, timeout=10_000)
    qtbot.waitUntil(lambda: prompts.PRINTED.zh in talking.spoken[-3:], timeout=10_000)
    assert talking.spoken.count(number) == 1  # the receipt goes on; it does not start over
    assert talking.spoken[:5] == [prompts.WELCOME.zh, prompts.PLACE_CARD.zh, prompts.READ_OK.zh, prompts.CHOOSE.zh,
                                  *first_step[:1]]


def test_speech_stops_on_any_touch(qtbot: QtBot, talking: Talking) -> None:
    talking.guide.set_voice(True)
    talking.click(qtbot, "top-more", "toggle-language")  # English: the welcome is several words long, so it is slow
    talking.hears(qtbot, prompts.WELCOME.en)
    qtbot.mousePress(talking.kiosk.window.current, Qt.MouseButton.LeftButton)
    qtbot.wait(1500)
    assert talking.spoken[-1] == prompts.WELCOME.en  # the rest of the screen was never said


def test_repeat_says_the_screen_again_from_the_start(qtbot: QtBot, talking: Talking) -> None:
    talking.click(qtbot, "voice-toggle")
    talking.hears(qtbot, prompts.WELCOME.zh, prompts.PLACE_CARD.zh)
    talking.click(qtbot, "top-more", "voice-repeat")
    qtbot.waitUntil(lambda: talking.spoken == [prompts.WELCOME.zh, prompts.PLACE_CARD.zh] * 2, timeout=10_000)


def test_speech_follows_the_language_and_the_focused_field(qtbot: QtBot, talking: Talking) -> None:
    talking.click(qtbot, "voice-toggle")
    talking.hears(qtbot, prompts.WELCOME.zh, prompts.PLACE_CARD.zh)
    talking.click(qtbot, "top-more", "toggle-language")
    talking.hears(qtbot, prompts.WELCOME.en, prompts.PLACE_CARD.en)
    insert_card(qtbot, talking.kiosk, MOTHER)
    talking.click(qtbot, "identity-continue")
    talking.click(qtbot, f"package-{DEMO_PACKAGE}")
    line = next(e for e in form_of(talking.kiosk.window).findChildren(QLineEdit) if e.isEnabled() and e.isVisible())
    line.setText("138")
    talking.guide._focused(None, line)  # what QApplication.focusChanged calls: offscreen windows never get focus
    talking.hears(qtbot, f"{line.parent().spec.label('en')}: 138")  # type: ignore[union-attr]


def test_the_idle_warning_is_heard(qtbot: QtBot, talking: Talking) -> None:
    talking.guide.set_voice(True)
    insert_card(qtbot, talking.kiosk, MOTHER)
    talking.timers.advance(talking.kiosk.desk.timing.idle_timeout_s)
    visit = talking.kiosk.window.visit
    assert visit.state is State.IDLE_WARNING
    talking.hears(qtbot, *speech.idle_warning(visit, "zh"))
    talking.timers.advance(visit.idle_remaining - 10)
    talking.hears(qtbot, prompts.COUNTDOWN.zh.format(seconds=10))


def test_a_placed_document_or_a_key_welcomes_with_the_voice_off_and_enter_turns_it_on(
        qtbot: QtBot, talking: Talking) -> None:
    window = talking.kiosk.window
    insert_card(qtbot, talking.kiosk, MOTHER)
    talking.hears(qtbot, prompts.VOICE_WELCOME.zh)
    window.visit.end()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_5)  # where a keypad's key goes
    qtbot.waitUntil(lambda: talking.spoken == [prompts.VOICE_WELCOME.zh] * 2)  # the next citizen is welcomed too
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_6)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    assert window.ctx.voice
    talking.hears(qtbot, prompts.WELCOME.zh, prompts.PLACE_CARD.zh)
    assert talking.spoken.count(prompts.VOICE_WELCOME.zh) == 2  # once a visit


def test_the_volume_starts_over_for_the_next_citizen(qtbot: QtBot, talking: Talking) -> None:
    talking.guide.set_voice(True)
    talking.click(qtbot, "top-more", "voice-volume")
    assert talking.guide.speaker.volume != DEFAULT_VOLUME
    insert_card(qtbot, talking.kiosk, MOTHER)
    talking.kiosk.window.visit.end()
    assert talking.guide.speaker.volume == DEFAULT_VOLUME
    assert not talking.kiosk.window.ctx.voice
    assert not find(talking.kiosk.window, QAbstractButton, "voice-volume").isVisible()


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent that is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_an_utterance_that_never_finishes_times_out_without_blocking(qtbot: QtBot) -> None:
    speaker = Speaker(VoiceSettings(engine="mock", voices=MOCK_VOICES, base_s=0.3, per_char_s=0))
    spoken: list[str] = []
    speaker.spoken.connect(spoken.append)
    try:
        qtbot.waitUntil(lambda: speaker.ready, timeout=10_000)  # the deadline is too short for the engine's start
        speaker.say([LONG, "next"], "en")
        assert spoken == []  # the GUI thread only posted the request: it did not wait for the worker
        qtbot.waitUntil(lambda: spoken == [LONG, "next"], timeout=5000)  # LONG alone would take seconds
    finally:
        worker = speaker.worker_pid
        speaker.close()
    assert worker is not None and not alive(worker)


# A worker that never answers (an engine blocked in libspeechd), and one that dies at once.
HANGS = (sys.executable, "-c", "import time; time.sleep(60)")
DIES = (sys.executable, "-c", "pass")


@pytest.mark.parametrize(("command", "why"), [(HANGS, "it did not answer"), (DIES, "it exited (0)")])
def test_a_hung_or_dying_worker_never_holds_the_screen_and_after_a_few_restarts_the_kiosk_is_silent(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture, command: tuple[str, ...], why: str) -> None:
    speaker = Speaker(VoiceSettings(engine="speechd", base_s=0.2, per_char_s=0, grace_s=0.2), command)
    spoken: list[str] = []
    speaker.spoken.connect(spoken.append)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1) if speaker.busy else None)
    timer.start(10)
    lines = [f"secret {n}" for n in range(MAX_RESTARTS + 3)]
    try:
        with caplog.at_level(logging.WARNING, logger="ui.voice"):
            speaker.say(lines, "zh")
            qtbot.waitUntil(lambda: speaker.silent is not None, timeout=20_000)
    finally:
        timer.stop()
        speaker.close()
    assert speaker.silent == f"the speech worker failed {MAX_RESTARTS + 1} times, the last time: {why}"
    assert spoken == [] and not speaker.busy
    if command is HANGS:  # the GUI's event loop ran all the while each utterance waited on the hung worker
        assert len(ticks) >= 10 * (MAX_RESTARTS + 1)
    assert all(p.state() is QProcess.ProcessState.NotRunning for p in speaker.findChildren(QProcess))
    assert "the kiosk stays silent" in caplog.text and "secret" not in caplog.text  # never what is said



def test_failures_far_apart_never_add_up_to_silence(qtbot: QtBot) -> None:
    """A kiosk runs for months: a worker lost now and then, with speech working in between, is started again."""
    speaker = Speaker(VoiceSettings(engine="mock", voices=MOCK_VOICES))
    spoken: list[str] = []
    speaker.spoken.connect(spoken.append)
    lines = [f"line {n}" for n in range(MAX_RESTARTS + 3)]
    try:
        for line in lines:
            speaker.say([line], "en")
            qtbot.waitUntil(lambda: not speaker.busy and speaker.worker_pid is not None, timeout=10_000)
            worker = speaker.worker_pid
            assert worker is not None
            os.kill(worker, signal.SIGKILL)  # lost between two utterances
            qtbot.waitUntil(lambda: speaker.worker_pid != worker, timeout=10_000)  # noqa: B023
    finally:
        speaker.close()
    assert speaker.silent == "closed"  # never silenced before that
    assert spoken == lines


@pytest.fixture
def mute_speech_dispatcher(monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A speech-dispatcher socket that takes connections and never answers: libspeechd's spd_open waits on it
    for ever, inside QTextToSpeech's constructor, as it did on a daemon with no audio device."""
    folder = tempfile.mkdtemp(prefix="kiosk-mute-")  # short: a Unix socket's path has at most 107 bytes
    server = socket.socket(socket.AF_UNIX)
    server.bind(f"{folder}/speechd.sock")
    server.listen()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{folder}/speechd.sock")
    yield server
    server.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not available(), reason="speech-dispatcher is not installed: bash installer/install-deps.sh")
def test_the_screen_runs_while_the_real_worker_is_blocked_in_speech_dispatcher(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture, mute_speech_dispatcher: socket.socket) -> None:
    speaker = Speaker(VoiceSettings(engine="speechd", base_s=600))
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    try:
        speaker.say(["secret"], "zh")
        qtbot.waitUntil(lambda: bool(select.select([mute_speech_dispatcher], [], [], 0)[0]), timeout=20_000)
        worker = speaker.worker_pid  # now in spd_open: in the kiosk's own process, that held the GIL
        timer.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=10_000)
        assert speaker.busy and not speaker.ready
        with caplog.at_level(logging.WARNING, logger="ui.voice"):
            speaker.stop()  # a touch: unanswered, so the worker is killed
            qtbot.waitUntil(lambda: not speaker.busy, timeout=10_000)
    finally:
        timer.stop()
        speaker.close()
    assert "the speech worker was stopped (it did not answer)" in caplog.text
    assert worker is not None and not alive(worker)


def test_the_worker_dies_with_the_kiosk_even_when_the_kiosk_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "kiosk.py"
    script.write_text(
        "import os, signal, sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from ui.voice import Speaker, VoiceSettings\n"
        "app = QCoreApplication([])\n"
        f"speaker = Speaker(VoiceSettings(engine='mock', voices={MOCK_VOICES!r}))\n"
        "def spoken(_text):\n"
        "    print(speaker.worker_pid, flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "speaker.spoken.connect(spoken)\n"
        f"speaker.say([{LONG!r}], 'en')\n"
        "app.exec()\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    kiosk = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=30, env=env,
                           check=False)
    assert kiosk.returncode == -signal.SIGKILL, kiosk.stderr
    worker = int(kiosk.stdout)
    deadline = time.monotonic() + 5
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker)


def test_no_voice_for_the_language_or_no_engine_is_silence(qtbot: QtBot) -> None:
    for settings in (VoiceSettings(engine="mock", voices=(("en", "Nobody"),)), VoiceSettings(engine="none")):
        speaker = Speaker(settings)
        spoken: list[str] = []
        speaker.spoken.connect(spoken.append)
        speaker.say(["hello"], "en")
        speaker.say(["你好"], "zh")
        qtbot.waitUntil(lambda: not speaker.busy, timeout=5000)  # noqa: B023  # each utterance skipped
        speaker.close()
        assert spoken == []
    assert speaker.findChildren(QProcess) == []  # with no engine, no worker is ever started

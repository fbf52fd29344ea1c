"""Real speech: QtTextToSpeech's speechd engine, through speech-dispatcher and espeak-ng, makes audio.

speech-dispatcher writes its audio to a raw PCM file (tests/helpers/speechd.py), so the test needs no
sound card. Mandarin is chosen by the voice's name: speech-dispatcher reports it as ``cmn``, which no
QLocale matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.speechd import available, speech_dispatcher

pytestmark = [
    pytest.mark.daemons,
    pytest.mark.skipif(not available(), reason="speech-dispatcher is not installed: bash installer/install-deps.sh"),
    # QtTextToSpeech loads QtMultimedia, which looks for PipeWire first; PulseAudio and ALSA remain.
    pytest.mark.qt_log_ignore("Couldn't load pipewire-0.3 library", "Couldn't resolve pipewire-0.3 symbols"),
]

MANDARIN = "Chinese (Mandarin, latin as English)"
SENTENCE = "欢迎使用政务服务自助终端。请放入您的身份证，或者点击屏幕开始办理。"
PCM_BYTES_AT_LEAST = 100_000  # 22.05 kHz, 16-bit mono: about 2.3 s; the sentence takes about 6 s


def say_in_mandarin(qtbot: QtBot, sentence: str) -> None:
    """Speak ``sentence`` with the Mandarin voice until speech-dispatcher says it is done.

    A function of its own, so the engine is gone before the daemon stops (it would start another).
    """
    from PySide6.QtTextToSpeech import QTextToSpeech

    assert "speechd" in QTextToSpeech.availableEngines()
    speech = QTextToSpeech("speechd")
    qtbot.waitUntil(lambda: speech.state() != QTextToSpeech.State.Error, timeout=5000)
    every = speech.allVoices(None)  # type: ignore[arg-type]  # a null QLocale*: every language's voices
    speech.setVoice(next(v for v in every if v.name() == MANDARIN))
    assert speech.voice().name() == MANDARIN
    states: list[QTextToSpeech.State] = []
    speech.stateChanged.connect(states.append)
    speech.say(sentence)
    qtbot.waitUntil(lambda: states[-2:] == [QTextToSpeech.State.Speaking, QTextToSpeech.State.Ready], timeout=30_000)


def test_speechd_speaks_a_mandarin_sentence_into_the_file_sink(qtbot: QtBot, tmp_path: Path) -> None:
    with speech_dispatcher(tmp_path / "speechd") as daemon:
        before = daemon.audio.stat().st_size if daemon.audio.exists() else 0
        say_in_mandarin(qtbot, SENTENCE)
        grown = daemon.audio.stat().st_size - before
    assert grown >= PCM_BYTES_AT_LEAST, f"only {grown} bytes of audio; see {daemon.log_dir}"

"""Real speech: the kiosk's Speaker, through its worker process, QtTextToSpeech's speechd engine,
speech-dispatcher and espeak-ng, makes audio.

speech-dispatcher writes its audio to a raw PCM file (tests/helpers/speechd.py), so the test needs no
sound card. Mandarin is chosen by the voice's name: speech-dispatcher reports it as ``cmn``, which no
QLocale matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.speechd import available, speech_dispatcher
from ui.voice import Speaker, VoiceSettings

pytestmark = [
    pytest.mark.daemons,
    pytest.mark.skipif(not available(), reason="speech-dispatcher is not installed: bash installer/install-deps.sh"),
]

MANDARIN = "Chinese (Mandarin, latin as English)"
SENTENCE = "欢迎使用政务服务自助终端。请放入您的身份证，或者点击屏幕开始办理。"
PCM_BYTES_AT_LEAST = 100_000  # 22.05 kHz, 16-bit mono: about 2.3 s; the sentence takes about 6 s


def test_speechd_speaks_a_mandarin_sentence_into_the_file_sink(
        qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with speech_dispatcher(tmp_path / "speechd") as daemon:
        before = daemon.audio.stat().st_size if daemon.audio.exists() else 0
        speaker = Speaker(VoiceSettings(engine="speechd", voices=(("zh", MANDARIN),)))  # its worker finds this daemon
        spoken: list[str] = []
        speaker.spoken.connect(spoken.append)
        try:
            speaker.say([SENTENCE], "zh")
            qtbot.waitUntil(lambda: spoken == [SENTENCE], timeout=20_000)
            qtbot.waitUntil(lambda: not speaker.busy, timeout=30_000)  # speech-dispatcher said it was done
            assert not [r for r in caplog.records if r.name == "ui.voice"]  # neither timed out nor failed
        finally:
            speaker.close()  # before the daemon stops: a client left would start another
        grown = daemon.audio.stat().st_size - before
    assert grown >= PCM_BYTES_AT_LEAST, f"only {grown} bytes of audio; see {daemon.log_dir}"

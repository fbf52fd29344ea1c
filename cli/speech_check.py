"""Whether voice guidance can work on this machine, and if not, why: for ``kiosk doctor``, without Qt.

The kiosk speaks through QtTextToSpeech's ``speechd`` engine, in a process of its own (ui/speech_worker.py):
its plugin links libspeechd, which starts speech-dispatcher on demand, which speaks with espeak-ng's
Mandarin and English voices into the sound card. Without any of these the kiosk is silent (it never
waits for speech), so each is checked here without speaking: speech-dispatcher hangs when it has no
audio device to open.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# The voices the kiosk chooses, by espeak-ng's language code (speech-dispatcher reports Mandarin as cmn).
VOICES = {"cmn": "Mandarin", "en": "English"}


@dataclass(frozen=True)
class SpeechSetup:
    """Where each piece is looked for; tests point these elsewhere."""

    library: str = "libspeechd.so.2"
    daemon: str = "speech-dispatcher"
    module: Path = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
    espeak: str = "espeak-ng"
    cards: Path = Path("/proc/asound/cards")
    timeout_s: float = 5.0


def _library(setup: SpeechSetup) -> str | None:
    try:
        ctypes.CDLL(setup.library)
    except OSError:
        return f"{setup.library} missing (libspeechd2)"
    return None


def _voices(setup: SpeechSetup) -> list[str]:
    espeak = shutil.which(setup.espeak)
    if espeak is None:
        return [f"{setup.espeak} missing"]
    problems = []
    for code, language in VOICES.items():
        try:
            listing = subprocess.run([espeak, f"--voices={code}"], capture_output=True, text=True,
                                     timeout=setup.timeout_s, stdin=subprocess.DEVNULL, check=False).stdout
        except subprocess.TimeoutExpired:
            return [f"{setup.espeak} did not answer within {setup.timeout_s:g} s"]
        # Each voice is a line "Pty Language Age/Gender VoiceName File ...", after a header.
        if not any(len(fields) > 1 and fields[1].split("-")[0] == code
                   for fields in (line.split() for line in listing.splitlines()[1:])):
            problems.append(f"no {language} voice ({setup.espeak} --voices={code} lists none)")
    return problems


def _audio(setup: SpeechSetup) -> str | None:
    try:
        cards = setup.cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"no audio device ({setup.cards} is missing)"
    if not cards.strip() or "no soundcards" in cards:
        return f"no audio device ({setup.cards} lists none)"
    return None


def speech_problems(setup: SpeechSetup | None = None) -> list[str]:
    """Every reason speech cannot work here; empty when it can."""
    setup = setup or SpeechSetup()
    daemon = None if shutil.which(setup.daemon) else f"{setup.daemon} missing"
    module = None if setup.module.exists() else f"its module {setup.module} missing (speech-dispatcher-espeak-ng)"
    found = [_library(setup), daemon, module, *_voices(setup), _audio(setup)]
    return [problem for problem in found if problem]

"""A private speech-dispatcher whose audio goes to a raw PCM file instead of a sound card.

The daemon gets its own ``XDG_CONFIG_HOME`` (a speechd.conf with ALSA's ``file`` plugin, whose slave
is ``null``, so no sound card is needed) and its own ``XDG_RUNTIME_DIR`` (its socket, under /tmp), both set in
this process's environment for as long as it runs, so libspeechd clients here find it and no other.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_READY_S = 10.0
_STOP_S = 5.0


@dataclass(frozen=True)
class SpeechDispatcher:
    pid: int
    audio: Path  # raw PCM, appended to; the daemon keeps it open, so measure its growth, never delete it
    log_dir: Path


def available() -> bool:
    return shutil.which("speech-dispatcher") is not None


def _config(config_home: Path, audio: Path, log_dir: Path) -> None:
    folder = config_home / "speech-dispatcher"
    folder.mkdir(parents=True)
    (folder / "speechd.conf").write_text(
        "LogLevel 2\n"
        f'LogDir "{log_dir}"\n'
        'AudioOutputMethod "alsa"\n'
        f'AudioALSADevice "file:FILE={audio},FORMAT=raw"\n'
        'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
        'DefaultModule "espeak-ng"\n', encoding="ascii")


@contextmanager
def speech_dispatcher(root: Path) -> Iterator[SpeechDispatcher]:
    """Start speech-dispatcher under ``root`` with a file sink; stop it, by its pid, on the way out."""
    config_home, log_dir = root / "config", root / "log"
    log_dir.mkdir(parents=True)
    # Short, outside pytest's deep tmp_path: a Unix socket's path has at most 107 bytes, and a longer
    # one is silently cut (speechd.so), so the clients would never find it.
    runtime = Path(tempfile.mkdtemp(prefix="kiosk-speechd-"))
    audio = root / "out.raw"
    _config(config_home, audio, log_dir)
    saved = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", "XDG_RUNTIME_DIR")}
    os.environ.update(XDG_CONFIG_HOME=str(config_home), XDG_RUNTIME_DIR=str(runtime))
    socket = runtime / "speech-dispatcher" / "speechd.sock"
    with (log_dir / "stdout.log").open("ab") as output:
        # -s: in the foreground; -t 0: never exits on its own when no client is connected.
        process = subprocess.Popen(["speech-dispatcher", "-s", "-t", "0"], stdin=subprocess.DEVNULL,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + _READY_S
        while not socket.is_socket():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"speech-dispatcher did not start; see {log_dir}")
            time.sleep(0.05)
        yield SpeechDispatcher(process.pid, audio, log_dir)
    finally:
        process.terminate()  # it stops its output modules (sd_espeak-ng) itself
        try:
            process.wait(_STOP_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the daemon and its modules
            process.wait(_STOP_S)
        shutil.rmtree(runtime, ignore_errors=True)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

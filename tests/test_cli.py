"""The `kiosk` command as a technician meets it: clear one-line errors, never a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli.speech_check import SpeechSetup, speech_problems
from kiosk import __version__
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue

KIOSK = [sys.executable, "-m", "cli.main"]


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "DISPLAY"}
    environment.update(env or {})
    return subprocess.run(
        KIOSK + args, capture_output=True, text=True, timeout=timeout, env=environment, stdin=subprocess.DEVNULL
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kiosk: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_version() -> None:
    result = run(["--version"])
    assert result.returncode == 0 and result.stdout.strip() == f"kiosk {__version__}"


def test_bad_config_value_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[ui]\nidle_timeout_s = "soon"\n')
    result = run(["--config", str(config), "tour", "--out", str(tmp_path / "t")])
    assert_one_line_error(result, "ui.idle_timeout_s", "whole seconds")
    doctor = run(["--config", str(config), "doctor"])
    assert doctor.returncode == 1 and "FAIL  config" in doctor.stdout and "ui.idle_timeout_s" in doctor.stdout


def test_config_that_is_not_toml(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[ui\nlanguage = zh\n")
    assert_one_line_error(run(["--config", str(config), "tour", "--out", str(tmp_path / "t")]), "not valid TOML")


def test_bad_environment_override_names_the_variable(tmp_path: Path) -> None:
    result = run(["tour", "--out", str(tmp_path / "t")], env={"KIOSK_PLATFORM_URL": "ftp://x"})
    assert_one_line_error(result, "KIOSK_PLATFORM_URL", "platform.url")


def test_unwritable_state_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    # "minimal" counts as a display, so `run` gets as far as the state directory
    result = run(["run"], env={"KIOSK_STORAGE_STATE_DIR": str(blocker / "state"), "QT_QPA_PLATFORM": "minimal"})
    assert_one_line_error(result, "not writable", str(blocker))
    doctor = run(["doctor"], env={"KIOSK_STORAGE_STATE_DIR": str(blocker / "state")})
    assert doctor.returncode == 1 and "not writable" in doctor.stdout and "Traceback" not in doctor.stderr


def test_run_without_a_display_explains(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "", "WAYLAND_DISPLAY": "", "KIOSK_STORAGE_STATE_DIR": str(tmp_path)}
    assert_one_line_error(run(["run"], env=env), "no display")


def test_missing_cjk_font_is_one_line(tmp_path: Path) -> None:
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>')
    result = run(["tour", "--out", str(tmp_path / "t")], env={"FONTCONFIG_FILE": str(fonts_conf)})
    assert_one_line_error(result, "fonts-wqy-microhei")


def test_doctor_reports_each_check(tmp_path: Path) -> None:
    result = run(["doctor"], env={"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "state")})
    names = [line.split()[1] for line in result.stdout.splitlines()]
    for name in ("config", "display", "CJK", "pcscd", "speech", "card", "state", "catalogue", "printer", "platform",
                 "staff"):
        assert name in names, result.stdout
    assert "not enrolled: staff cards work once the terminal is enrolled" in result.stdout
    assert "Traceback" not in result.stderr


ESPEAK_HEADER = "Pty Language       Age/Gender VoiceName          File                 Other Languages"
ONE_CARD = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n"


def fake_espeak(tmp_path: Path, body: str) -> str:
    script = tmp_path / "espeak-ng"
    script.write_text(f"#!/bin/sh\necho '{ESPEAK_HEADER}'\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_doctor_says_why_speech_cannot_work(tmp_path: Path) -> None:
    english_only = fake_espeak(tmp_path, '[ "$1" = --voices=en ] && echo " 2  en-us  --/M  English_(America)"')
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    setup = SpeechSetup(library="libspeechd-absent.so.9", daemon=str(tmp_path / "speech-dispatcher"),
                        module=tmp_path / "sd_espeak-ng", espeak=english_only, cards=cards)
    assert speech_problems(setup) == [
        "libspeechd-absent.so.9 missing (libspeechd2)",
        f"{tmp_path / 'speech-dispatcher'} missing",
        f"its module {tmp_path / 'sd_espeak-ng'} missing (speech-dispatcher-espeak-ng)",
        f"no Mandarin voice ({english_only} --voices=cmn lists none)",
        f"no audio device ({cards} lists none)",
    ]


def test_doctor_does_not_wait_for_a_hung_espeak(tmp_path: Path) -> None:
    hung = fake_espeak(tmp_path, "exec sleep 60")
    setup = SpeechSetup(espeak=hung, cards=tmp_path / "no-asound", timeout_s=0.5)
    problems = speech_problems(setup)
    assert f"{hung} did not answer within 0.5 s" in problems
    assert f"no audio device ({tmp_path / 'no-asound'} is missing)" in problems


@pytest.mark.skipif(not shutil.which("speech-dispatcher"), reason="speech-dispatcher is not installed")
def test_speech_can_work_with_the_packages_and_a_sound_card(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text(ONE_CARD)
    assert speech_problems(SpeechSetup(cards=cards)) == []


@pytest.mark.parametrize("argv", [[], ["frobnicate"]])
def test_usage_errors(argv: list[str]) -> None:
    result = run(argv)
    assert result.returncode == 2 and "usage: kiosk" in result.stderr and "Traceback" not in result.stderr


def test_doctor_lists_the_vendor_reader_it_cannot_load(tmp_path: Path) -> None:
    result = run(["doctor"], env={"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "state"), "KIOSK_CARDS_BACKEND": "vendor",
                                  "KIOSK_CARDS_VENDOR_LIBRARY": str(tmp_path / "libsdtapi.so")})
    line = next(line for line in result.stdout.splitlines() if " card reader " in line)
    assert line.split()[0] == "FAIL" and "library cannot be loaded" in line and result.returncode == 1


def test_card_read_with_a_bad_mrz_is_one_line(tmp_path: Path) -> None:
    result = run(["card", "read", "--mrz", "E123,850615"], env={"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "s")})
    assert_one_line_error(result, "--mrz", "DOCNO,YYMMDD,YYMMDD")


# -- the commands for technicians and staff need no Qt ----------------------------------------------------------

# The `kiosk` command in a process where importing PySide6 or shiboken6 fails, as on a machine without them.
WITHOUT_QT = """
import sys
from importlib.abc import MetaPathFinder


class NoQt(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"{name} is not installed here")
        return None


sys.meta_path.insert(0, NoQt())
from cli.main import main

sys.exit(main(sys.argv[1:]))
"""


def run_without_qt(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "DISPLAY"}
    environment.update(KIOSK_STORAGE_STATE_DIR=str(tmp_path / "state"), KIOSK_CARDS_BACKEND="simulated",
                       KIOSK_PLATFORM_URL="http://127.0.0.1:9", KIOSK_PLATFORM_TIMEOUT_S="1")
    return subprocess.run([sys.executable, "-c", WITHOUT_QT, *args], capture_output=True, text=True, timeout=120,
                          env=environment, stdin=subprocess.DEVNULL)


def test_the_interface_cannot_start_without_qt(tmp_path: Path) -> None:
    """The harness really takes Qt away, and a kiosk whose Qt cannot load says so in one line."""
    result = run_without_qt(["tour", "--out", str(tmp_path / "tour")], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("kiosk: the interface cannot start: PySide6")
    assert len(result.stderr.splitlines()) == 1


def test_card_read_needs_no_qt(tmp_path: Path) -> None:
    result = run_without_qt(["card", "read", "--json", "--wait", "0.3"], tmp_path)
    assert result.returncode == 1, result.stderr
    error = json.loads(result.stdout)["error"]
    assert (error["code"], error["detail"]) == ("no_card", "no document within 0.3 s")


def test_doctor_needs_no_qt(tmp_path: Path) -> None:
    result = run_without_qt(["doctor"], tmp_path)
    checks = {name: (verdict, detail) for verdict, name, detail in
              (re.split(r"\s{2,}", line.strip(), maxsplit=2) for line in result.stdout.splitlines())}
    assert checks["card reader"] == ("ok", "simulated: simulated: empty")
    assert checks["speech"][0] in ("ok", "warn")
    assert checks["printer"] == ("ok", f"PDF files in {tmp_path / 'state' / 'prints'}: ok")
    assert checks["platform"][0] == "FAIL" and "not enrolled" in checks["platform"][1] and result.returncode == 1


def test_catalog_check_needs_no_qt(tmp_path: Path) -> None:
    result = run_without_qt(["catalog", "check", str(DEMO_CATALOGUE)], tmp_path)
    catalogue = load_catalogue(DEMO_CATALOGUE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{DEMO_CATALOGUE}: ok — version {catalogue.version}, "
                                    f"{len(catalogue.packages)} packages, {len(catalogue.items)} items")


@pytest.mark.parametrize(("args", "code", "says"), [
    (["print-test"], 0, "pdf-file: printed"),
    (["prints"], 0, "nothing to reprint"),
    (["reprint", "HN-NONE-1"], 1, "no application HN-NONE-1 on this kiosk"),
    (["enrol", "--code", "X"], 2, "kiosk: cannot reach the platform at http://127.0.0.1:9"),
])
def test_staff_commands_need_no_qt(tmp_path: Path, args: list[str], code: int, says: str) -> None:
    result = run_without_qt(args, tmp_path)
    assert result.returncode == code and says in result.stdout + result.stderr, result.stderr


def test_documents_sample_needs_no_qt(tmp_path: Path) -> None:
    result = run_without_qt(["documents", "sample", "--kind", "receipt", "--out", str(tmp_path / "r.pdf")], tmp_path)
    assert result.returncode == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-"), result.stderr

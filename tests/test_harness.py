"""The test set-up itself: a Qt warning fails a test, the known offscreen notice does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_sample.py").write_text(body)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
         "-p", "no:cacheprovider", str(tmp_path / "test_sample.py")],
        capture_output=True, text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )


def test_a_qt_warning_fails_the_test(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        "from PySide6.QtCore import qWarning\n"
        "def test_warns(qtbot):\n"
        "    qWarning('the printer caught fire')\n",
    )
    assert result.returncode == 1, result.stdout
    assert "the printer caught fire" in result.stdout and "1 failed" in result.stdout


def test_the_offscreen_size_hint_notice_is_ignored(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        "from PySide6.QtCore import qWarning\n"
        "def test_notice(qtbot):\n"
        "    qWarning('This plugin does not support propagateSizeHints()')\n",
    )
    assert result.returncode == 0, result.stdout

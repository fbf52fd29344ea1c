"""Start-up: until the home screen's first frame, the window does only what the home screen needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from devices.registry import demo_devices
from kiosk.config import load_config
from kiosk.sync.client import HttpPlatform
from ui.root import Kiosk, application


def test_the_window_watches_other_widgets_only_once_the_kiosk_is_ready(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python filter on the whole application before the first frame would cost it ~30 ms: to hand
    the filter Qt's private objects, PySide6 builds the Python enums of every Qt class."""
    config = load_config().with_values(storage__state_dir=str(tmp_path / "state"),
                                       printer__pdf_dir=str(tmp_path / "prints"))
    application()
    platform = HttpPlatform(f"http://127.0.0.1:{free_port()}", timeout_s=5)  # nothing listens there
    kiosk = Kiosk(config, demo_devices(config), platform)
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    touches: list[str] = []
    monkeypatch.setattr(kiosk.window, "on_activity", lambda: touches.append("touch"))
    elsewhere = QPushButton("elsewhere")
    qtbot.addWidget(elsewhere)

    qtbot.mouseClick(elsewhere, Qt.MouseButton.LeftButton)
    assert touches == []
    try:
        kiosk.start()
        qtbot.mouseClick(elsewhere, Qt.MouseButton.LeftButton)
        assert touches == ["touch"]  # from now on, activity anywhere restarts the idle clock
    finally:
        kiosk.shutdown()
        platform.close()


def test_the_first_frame_loads_none_of_the_heavy_libraries() -> None:
    """The composition root and the home screen import only what the first frame needs: the wire
    models (pydantic), documents (reportlab), the store (SQLAlchemy) and search (pypinyin) come later."""
    heavy = ("pydantic", "reportlab", "sqlalchemy", "alembic", "pypinyin", "requests", "cryptography", "yaml")
    probe = f"import sys, ui.root; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stderr

"""Test set-up shared by the whole suite.

Qt runs offscreen, and a Qt warning fails the test (``qt_log_level_fail`` in pyproject).
Every test gets private config, state and cache directories, so nothing depends on the
machine it runs on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QPA_FONTDIR", "/usr/share/fonts")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")  # the on-screen keyboard (ui/keyboard.py)
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")

DAEMONS_ENV = "KIOSK_TEST_DAEMONS"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``daemons`` run under `make test`; a bare pytest run skips them and says why."""
    if os.environ.get(DAEMONS_ENV) == "1":
        return
    skip = pytest.mark.skip(reason=f"needs the test daemons: run `make test` (sets {DAEMONS_ENV}=1)")
    for item in items:
        if "daemons" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every standard location at a fresh temporary tree and drop KIOSK_* overrides."""
    root = tmp_path_factory.mktemp("home")
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(root / var.lower()))
    monkeypatch.setenv("HOME", str(root))
    for var in list(os.environ):
        if var.startswith("KIOSK_") and var not in (DAEMONS_ENV,) and not var.startswith("KIOSK_TEST_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("KIOSK_VOICE_ENGINE", "none")  # silent; tests/test_voice.py uses the mock engine
    yield root

"""A running kiosk takes a newer catalogue from the platform, between two citizens' visits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from cli.central_process import CentralProcess
from devices.registry import demo_devices
from kiosk.assets import DEMO_CATALOGUE
from kiosk.config import load_config
from kiosk.sync.client import HttpPlatform
from tests.helpers.platform import enrolled
from ui.root import Kiosk, application


def publish(central: CentralProcess, bundle: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "central", "catalogue", "publish", str(bundle), "--db", central.db_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_a_newer_catalogue_arrives_and_waits_for_the_visit_to_end(qtbot: QtBot, tmp_path: Path) -> None:
    with CentralProcess(tmp_path / "central.db", DEMO_CATALOGUE, tmp_path / "central.log") as central:
        config = load_config().with_values(
            terminal__id="HN-UPD-1", storage__state_dir=str(tmp_path / "state"), printer__pdf_dir=str(tmp_path)
        )
        enrolled(central, config.state_dir / "keys", "HN-UPD-1")
        application()
        platform = HttpPlatform(central.url, timeout_s=10, credentials=config.state_dir / "keys")
        kiosk = Kiosk(config, demo_devices(config), platform)
        qtbot.addWidget(kiosk.window)
        try:
            session = kiosk.session
            first = session.catalogue.version
            newer = json.loads(DEMO_CATALOGUE.read_bytes())
            newer["version"] = first + "-next"
            newer["packages"][0]["name"]["zh"] += "（新版）"
            (tmp_path / "newer.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
            publish(central, tmp_path / "newer.json")

            session.identify(kiosk.devices.reader.people[0])  # type: ignore[attr-defined]
            kiosk.update_catalogue()  # what the heartbeat's update_catalogue command runs
            assert session.catalogue.version == first  # not under a citizen's feet
            assert session.next_catalogue is not None and session.next_catalogue.version == first + "-next"
            kiosk.desk.visit.end()
            assert session.catalogue.version == first + "-next"
            assert kiosk.store.catalogue_origin() == "platform"
        finally:
            kiosk.shutdown()
            platform.close()

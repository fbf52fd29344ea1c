"""``kiosk demo``: the reference platform on loopback, this terminal enrolled with it, then the kiosk (ui/demo.py).

Everything the demo writes goes to ``out``: the platform's database and log, the kiosk's state, the prints
and, off screen, a PNG of each screen of the scripted visit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from cli.central_process import CentralError, CentralProcess
from cli.errors import SetupError
from kiosk.config import Config


def _fresh(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in out.iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def run_demo(config: Config, out: Path, *, windowed: bool, on_screen: bool) -> int:
    if not on_screen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        _fresh(out)
    except OSError as exc:
        raise SetupError(f"cannot write the demo output to {out}: {exc.strerror}") from None
    from kiosk.log import init_logging
    from kiosk.sync.client import HttpPlatform
    from kiosk.sync.signing import EnrolError, enrol
    from ui import demo
    from ui.root import check_before_start

    config = config.with_values(storage__state_dir=str(out / "state"), printer__pdf_dir=str(out))
    if not on_screen:  # nobody hears it, and without a sound card speech-dispatcher would only hang
        config = config.with_values(voice__engine="none")
    check_before_start(config)
    init_logging(config.state_dir / "logs", config["log.level"], stderr=False)
    try:
        central = CentralProcess(out / "central.db", config.catalogue_path, out / "central.log")
    except OSError as exc:
        raise SetupError(f"cannot start the central platform: {exc.strerror}") from None
    try:
        with central:
            config = config.with_values(platform__url=central.url)
            central.seed_demo()  # the demo people's e-licences, shared records and online applications
            code = central.add_terminal(config["terminal.id"], config["terminal.hall"])
            credentials = enrol(central.url, config["terminal.id"], code, config.state_dir / "keys")
            platform = HttpPlatform(central.url, config["platform.timeout_s"], credentials)
            try:
                return demo.run_kiosk(config, platform, out, on_screen=on_screen, windowed=windowed)
            finally:
                platform.close()
    except (CentralError, EnrolError, demo.JourneyError) as exc:
        raise SetupError(str(exc)) from None

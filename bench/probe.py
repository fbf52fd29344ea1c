"""A child process that starts a window and reports when its first frame is painted.

``python -m bench.probe kiosk|bare T0``: T0 is the parent's clock (time.time()) just
before it started this process, so the figure includes interpreter start and imports.
Prints one JSON line: seconds to the first paint and resident memory at that moment.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class FirstPaint(QObject):
    def __init__(self, t0: float) -> None:
        super().__init__()
        self.t0 = t0
        self.result: dict[str, float] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.result is None:
            self.result = {"seconds": time.time() - self.t0, "rss_mb": 0.0}
            QTimer.singleShot(0, self._done)
        return False

    def _done(self) -> None:
        assert self.result is not None
        self.result["rss_mb"] = rss_mb()
        QApplication.quit()


def bare(t0: float) -> tuple[QApplication, QWidget, FirstPaint]:
    app = QApplication(["bare"])
    window = QLabel("政务服务自助终端")
    window.resize(1920, 1080)
    probe = FirstPaint(t0)
    window.installEventFilter(probe)
    window.show()
    return app, window, probe


def kiosk(t0: float, state: str) -> tuple[QApplication, QWidget, FirstPaint]:
    """The production start path (``kiosk run``), with the demo's devices."""
    from devices.registry import demo_devices
    from kiosk.config import load_config
    from ui.root import launch, production_platform

    config = load_config().with_values(storage__state_dir=state, printer__pdf_dir=state)
    probe = FirstPaint(t0)
    app, instance = launch(config, demo_devices(config), production_platform(config), fullscreen=False)
    instance.window.home.installEventFilter(probe)
    app.aboutToQuit.connect(instance.shutdown)
    return app, instance.window, probe


def main() -> int:
    which, t0 = sys.argv[1], float(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="bench-") as state:
        app, _window, probe = bare(t0) if which == "bare" else kiosk(t0, state)
        app.exec()
        print(json.dumps(probe.result))
    return 0 if probe.result else 1


if __name__ == "__main__":
    sys.exit(main())

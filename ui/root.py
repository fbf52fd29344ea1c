"""The one composition root: config, store, catalogue, devices, platform and UI wired together.

Tests and the demo swap only the devices and the platform.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from devices.cards.base import CardReader
from devices.cards.simulated import SimulatedReader
from devices.io_thread import DeviceThread
from devices.printers.base import Printer
from devices.printers.pdf_file import PdfFilePrinter
from kiosk.config import Config
from kiosk.documents.fonts import cjk_font_path
from kiosk.i18n import Text
from kiosk.paths import probe_writable
from kiosk.sync.client import HttpPlatform, Platform
from ui.bridges import CardWatcher, PrintBridge
from ui.style import FONT_FAMILY, style_sheet
from ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.store import Store
    from kiosk.sync.outbox import OutboxWorker

log = logging.getLogger("kiosk.app")


@dataclass
class Devices:
    reader: CardReader
    printer: Printer


def demo_devices(config: Config) -> Devices:
    return Devices(SimulatedReader(), PdfFilePrinter(config.pdf_dir))


def production_devices(config: Config) -> Devices:
    printer: Printer
    if config["printer.backend"] == "cups":
        from devices.printers.cups import CupsPrinter

        printer = CupsPrinter(config["printer.queue"])
    else:
        printer = PdfFilePrinter(config.pdf_dir)
    return Devices(SimulatedReader(), printer)


def production_platform(config: Config) -> Platform:
    return HttpPlatform(config["platform.url"], config["platform.timeout_s"], config.state_dir / "keys")


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with the CJK font and the style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["kiosk"])
    app.setFont(QFont(FONT_FAMILY))  # found through fontconfig, like the documents' font
    app.setStyleSheet(style_sheet())
    return app


class Kiosk:
    """Everything running for one terminal. Needs a QApplication.

    Construction builds only what the home screen needs, so the first frame is quick;
    ``open`` (run by ``start``, or on the first frame by ``launch``) opens the database,
    the catalogue and the citizen session, and ``start`` begins reading cards and sending.
    """

    def __init__(self, config: Config, devices: Devices, platform: Platform) -> None:
        self.config = config
        self.devices = devices
        self.platform = platform
        self.hall = Text(config["terminal.hall"], config["terminal.hall_en"])
        self.card_thread = DeviceThread("cards")
        self.printer_thread = DeviceThread("printers")
        self.cards = CardWatcher(devices.reader, self.card_thread)
        self.printing = PrintBridge(devices.printer, self.printer_thread)
        self.window = KioskWindow(
            self.cards,
            self.printing,
            hall=self.hall,
            lang=config["ui.language"],
            idle_timeout_s=config["ui.idle_timeout_s"],
            idle_warning_s=config["ui.idle_warning_s"],
            simulator=devices.reader if isinstance(devices.reader, SimulatedReader) else None,
        )
        self._services: Services | None = None
        self._started = False

    @property
    def services(self) -> Services:
        return self._services or self.open()

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def session(self) -> CitizenSession:
        return self.services.session

    @property
    def outbox(self) -> OutboxWorker:
        return self.services.outbox

    def citizen_key(self, id_number: str) -> str | None:
        """The key the platform knows a citizen by; None until this terminal has enrolled."""
        credentials = self.platform.credentials if isinstance(self.platform, HttpPlatform) else None
        return credentials.citizen_key(id_number) if credentials is not None else None

    def open(self) -> Services:
        """Open the store (migrating it), load the catalogue and hand the session to the window."""
        if self._services is None:
            from kiosk.catalogue.install import current_catalogue
            from kiosk.session import CitizenSession, Terminal
            from kiosk.store import Store
            from kiosk.sync.outbox import OutboxWorker

            store = Store(self.config.state_dir)
            catalogue = current_catalogue(store, self.config.catalogue_path)
            terminal = Terminal(self.config["terminal.id"], self.hall, self.config["platform.url"])
            session = CitizenSession(catalogue, store, terminal, citizen_keys=self.citizen_key)
            self._services = Services(store, session, OutboxWorker(store, self.platform))
            self.window.attach(session, store, self._services.outbox, self.platform)  # type: ignore[arg-type]
            log.info("kiosk ready: terminal %s, catalogue %s", self.config["terminal.id"], catalogue.version)
        return self._services

    def start(self) -> None:
        if self._started:
            return
        services = self.open()
        services.outbox.start()
        self.cards.start()
        self.cards.poll_now()  # a card already on the reader is seen at once
        self._started = True

    def start_or_stand_down(self) -> None:
        """Start from the event loop; if the database or catalogue cannot open, say so on screen."""
        from kiosk.catalogue import CatalogueError
        from kiosk.store import StoreError

        try:
            self.start()
        except (StoreError, CatalogueError) as exc:
            log.error("kiosk cannot start: %s", exc)
            self.window.out_of_service()

    def shutdown(self) -> None:
        self.cards.stop()
        self.window.close()
        self.card_thread.shutdown()
        self.printer_thread.shutdown()
        if self._services is not None:
            self.window.calls.shutdown()
            self._services.outbox.stop()
            self._services.session.reset()
            self._services.store.close()


@dataclass
class Services:
    store: Store
    session: CitizenSession
    outbox: OutboxWorker


def check_before_start(config: Config) -> None:
    """What would otherwise fail after the window is up: say it now, in one line."""
    cjk_font_path()
    probe_writable(config.state_dir)


def launch(config: Config, devices: Devices, platform: Platform, *, fullscreen: bool) -> tuple[QApplication, Kiosk]:
    """Show the home screen first; open the database and start the devices right after it is painted."""
    check_before_start(config)
    app = application()
    kiosk = Kiosk(config, devices, platform)
    kiosk.window.first_frame.connect(kiosk.start_or_stand_down)
    if fullscreen:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    return app, kiosk

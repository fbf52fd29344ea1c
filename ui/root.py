"""The one composition root: config, store, catalogue, devices, platform and UI wired together.

Tests and the demo swap only the devices and the platform.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from devices.cards.base import CardReader
from devices.cards.simulated import SimulatedReader
from devices.io_thread import DeviceThread
from devices.printers.base import Printer
from devices.printers.cups import CupsPrinter
from devices.printers.pdf_file import PdfFilePrinter
from kiosk.catalogue import load_catalogue
from kiosk.config import Config
from kiosk.documents.fonts import cjk_font_path
from kiosk.i18n import Text
from kiosk.session import CitizenSession, Terminal
from kiosk.store import Store
from kiosk.sync.client import HttpPlatform, Platform
from kiosk.sync.outbox import OutboxWorker
from ui.bridges import CardWatcher, OutboxBridge, PrintBridge
from ui.style import FONT_FAMILY, style_sheet
from ui.window import KioskWindow

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
        printer = CupsPrinter(config["printer.queue"])
    else:
        printer = PdfFilePrinter(config.pdf_dir)
    return Devices(SimulatedReader(), printer)


def production_platform(config: Config) -> Platform:
    return HttpPlatform(config["platform.url"], config["platform.timeout_s"])


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with the CJK font the documents also use, and the style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["kiosk"])
    QFontDatabase.addApplicationFont(str(cjk_font_path()))
    app.setFont(QFont(FONT_FAMILY))
    app.setStyleSheet(style_sheet())
    return app


class Kiosk:
    """Everything running for one terminal. Needs a QApplication."""

    def __init__(self, config: Config, devices: Devices, platform: Platform) -> None:
        self.config = config
        self.devices = devices
        self.platform = platform
        self.store = Store(config.state_dir)
        self.catalogue = load_catalogue(config.catalogue_path)
        terminal = Terminal(
            id=config["terminal.id"],
            hall=Text(config["terminal.hall"], config["terminal.hall_en"]),
            platform_url=config["platform.url"],
        )
        self.session = CitizenSession(self.catalogue, self.store, terminal)
        self.outbox = OutboxWorker(self.store, platform)
        self.card_thread = DeviceThread("cards")
        self.printer_thread = DeviceThread("printers")
        self.cards = CardWatcher(devices.reader, self.card_thread)
        self.printing = PrintBridge(devices.printer, self.printer_thread)
        self.window = KioskWindow(
            self.session,
            self.store,
            self.outbox,
            self.cards,
            self.printing,
            OutboxBridge(self.outbox),
            hall=terminal.hall,
            lang=config["ui.language"],
            idle_timeout_s=config["ui.idle_timeout_s"],
            idle_warning_s=config["ui.idle_warning_s"],
            simulator=devices.reader if isinstance(devices.reader, SimulatedReader) else None,
        )

    def start(self) -> None:
        self.outbox.start()
        self.cards.start()
        log.info("kiosk started: terminal %s, catalogue %s", self.config["terminal.id"], self.catalogue.version)

    def shutdown(self) -> None:
        self.cards.stop()
        self.outbox.stop()
        self.window.close()
        self.card_thread.shutdown()
        self.printer_thread.shutdown()
        self.session.reset()
        self.store.close()

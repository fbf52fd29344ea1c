"""The one composition root: config, store, catalogue, devices, platform and UI wired together.

Tests and the demo swap only the devices and the platform.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from devices.io_thread import DeviceThread
from devices.registry import Devices, simulator_in
from kiosk.config import Config
from kiosk.documents.fonts import cjk_font_path
from kiosk.i18n import Text
from kiosk.paths import probe_writable
from kiosk.sync.client import HttpPlatform, Outcome
from kiosk.sync.platform import Platform
from ui.bridges import CardWatcher, OutboxBridge, PlatformCalls, PrintBridge, QtTimers
from ui.input_method import use_virtual_keyboard
from ui.style import FONT_FAMILY, style_sheet
from ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.staff.directory import StaffDirectory
    from kiosk.store import Store
    from kiosk.sync.heartbeat import Command, DeviceState, Heartbeat
    from kiosk.sync.messages import MessageOutbox
    from kiosk.sync.outbox import OutboxWorker
    from kiosk.visit.desk import Desk
    from kiosk.visit.ports import Timers
    from ui.voiceguide import VoiceGuide

log = logging.getLogger("kiosk.app")
DEVICE_HEALTH_TIMEOUT_S = 10.0  # a device thread busy longer (a long print) reports "unknown" this beat


def production_platform(config: Config) -> Platform:
    return HttpPlatform(config["platform.url"], config["platform.timeout_s"], config.state_dir / "keys")


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with the CJK font and the style sheet."""
    existing = QApplication.instance()
    use_virtual_keyboard()
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

    def __init__(self, config: Config, devices: Devices, platform: Platform, timers: Timers | None = None) -> None:
        """``timers``: the visit's clock, Qt's by default (the screen tour moves its own by hand)."""
        self.config = config
        self.devices = devices
        self.platform = platform
        self.hall = Text(config["terminal.hall"], config["terminal.hall_en"])
        self.card_thread = DeviceThread("cards")
        self.printer_thread = DeviceThread("printers")
        self.cards = CardWatcher(devices.reader, self.card_thread)
        self.printing = PrintBridge(devices.printer, self.printer_thread)
        self.window = KioskWindow(self.cards, hall=self.hall, lang=config["ui.language"],
                                  simulator=simulator_in(devices.reader))
        self.calls = PlatformCalls()
        self.timers = timers or QtTimers(self.window)
        self._services: Services | None = None
        self.voice: VoiceGuide | None = None
        self._started = False
        # What the platform's commands do, by name; run on the heartbeat thread. Others are logged and ignored.
        self.on_command: dict[str, Callable[[Command], None]] = {
            "update_catalogue": lambda _c: self.update_catalogue(),
            "print_test_page": lambda _c: self.print_test_page(),
        }

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
        return self.platform.citizen_key(id_number)

    def open(self) -> Services:
        """Open the store (migrating it), load the catalogue and hand the session to the window."""
        if self._services is None:
            from kiosk.catalogue.install import current_catalogue
            from kiosk.session import CitizenSession, Terminal
            from kiosk.staff.directory import StaffDirectory
            from kiosk.store import Store
            from kiosk.sync.messages import MessageOutbox
            from kiosk.sync.outbox import OutboxWorker

            store = Store(self.config.state_dir)
            catalogue = current_catalogue(store, self.config.catalogue_path)
            terminal = Terminal(self.config["terminal.id"], self.hall, self.config["platform.url"])
            session = CitizenSession(catalogue, store, terminal, citizen_keys=self.citizen_key)
            outbox = OutboxWorker(store, self.platform)
            messages = MessageOutbox(store, self.platform)  # calls for staff and audit events
            directory = StaffDirectory(self.config.state_dir, self._platform_key())
            self._services = Services(store, session, outbox, self._heartbeat(store, session, directory),
                                      self._desk(session, outbox, messages, directory), messages, directory)
            OutboxBridge(outbox, self.window).changed.connect(
                lambda uuid, outcome: self.desk.visit.delivered(uuid, Outcome(outcome)))
            self.window.attach(self._services.desk)
            from ui.voiceguide import VoiceGuide, settings_of  # QtTextToSpeech: after the first frame

            self.voice = VoiceGuide(self.window, settings_of(self.config))
            self.voice.attach(self._services.desk)
            log.info("kiosk ready: terminal %s, catalogue %s", self.config["terminal.id"], catalogue.version)
        return self._services

    @property
    def desk(self) -> Desk:
        return self.services.desk

    def _desk(self, session: CitizenSession, outbox: OutboxWorker, messages: MessageOutbox,
              directory: StaffDirectory) -> Desk:
        from kiosk.visit.desk import Desk
        from kiosk.visit.machine import Services, Timing

        services = Services(self.timers, self.calls, self.cards, self.printing, outbox, self.platform, messages,
                            directory)
        timing = Timing(self.config["ui.idle_timeout_s"], self.config["ui.idle_warning_s"])
        return Desk(session, services, timing, lambda: self.window.ctx.lang)

    def _platform_key(self) -> bytes | None:
        """The key the staff list is signed with, as enrolment gave it; None before enrolment."""
        credentials = getattr(self.platform, "credentials", None)  # HttpPlatform's; a test platform has none
        return getattr(credentials, "platform_key", None)

    def _refresh_staff_list(self, directory: StaffDirectory) -> None:
        """On the heartbeat's thread, after each beat: so a staff card works when the platform is down."""
        if directory.platform_key is None:
            directory.platform_key = self._platform_key()  # enrolled since the kiosk started
        directory.refresh(self.platform)

    def _heartbeat(self, store: Store, session: CitizenSession, directory: StaffDirectory) -> Heartbeat:
        from kiosk.sync.calendar import CalendarKeeper
        from kiosk.sync.heartbeat import Heartbeat, Sources

        sources = Sources(
            catalogue_version=lambda: session.catalogue.version,
            outbox_pending=store.pending_count,
            devices={"cards": self._card_health, "printer": self._printer_health},
        )
        calendar = CalendarKeeper(store, session.calendar, lambda: dt.datetime.now(dt.UTC))
        return Heartbeat(self.platform, sources, self.handle_command, interval_s=self.config["platform.heartbeat_s"],
                         on_config=lambda config: log.info("platform config for this terminal: %s", sorted(config)),
                         on_calendar=calendar.take, after_round=lambda: self._refresh_staff_list(directory))

    def _card_health(self) -> DeviceState:
        """On the cards' device thread, like every call to the reader."""
        from kiosk.sync.heartbeat import DeviceState

        reader = self.devices.reader
        try:
            available = self.card_thread.submit(reader.available).result(timeout=DEVICE_HEALTH_TIMEOUT_S)
        except TimeoutError:
            return DeviceState("unknown", "the reader's thread is busy")
        return DeviceState("ok", reader.name) if available else DeviceState("error", f"{reader.name}: not available")

    def _printer_health(self) -> DeviceState:
        """On the printers' device thread, like every call to the printer."""
        from kiosk.sync.heartbeat import DeviceState

        printer = self.devices.printer
        try:
            status = self.printer_thread.submit(printer.status).result(timeout=DEVICE_HEALTH_TIMEOUT_S)
        except TimeoutError:
            return DeviceState("unknown", "the printer's thread is busy")
        return DeviceState(status.health.value, " ".join((printer.name, *status.reasons)))

    def handle_command(self, command: Command) -> None:
        """A command from the platform, on the heartbeat thread: dispatched through ``on_command``."""
        action = self.on_command.get(command.command)
        if action is None:
            log.warning("command %d (%s) from the platform is not supported by this kiosk yet", command.id,
                        command.command)
            return
        action(command)

    def print_test_page(self) -> None:
        """The platform asked for a test page (a technician, remotely): print it and record the job."""
        from kiosk.documents.test_page import render_test_page

        printer = self.devices.printer
        pdf = render_test_page(self.config["terminal.id"], printer.name, dt.datetime.now().astimezone(), printer.paper)
        result = self.printer_thread.run(printer.print_pdf, pdf, "print-test")
        if self._services is not None:
            self._services.store.record_print(None, "test", printer.name, result.state.value, result.reason,
                                              dt.datetime.now(dt.UTC))
        log.info("test page: %s %s", result.state, result.reason)

    def update_catalogue(self) -> None:
        """The platform says a newer catalogue exists (on the heartbeat thread). It is downloaded and
        checked now, and switched in between visits: a citizen's form never changes under them."""
        from kiosk.catalogue.install import current_catalogue
        from kiosk.sync.catalogue import CatalogueUpdater, Update

        services = self.services
        result = CatalogueUpdater(self.platform, services.store, lambda: dt.datetime.now(dt.UTC)).check()
        if result.reason is Update.UPDATED:
            services.session.next_catalogue = current_catalogue(services.store, self.config.catalogue_path)
            log.info("catalogue %s downloaded; in use from the next visit", result.version)

    def start(self) -> None:
        if self._started:
            return
        services = self.open()
        services.outbox.start()
        services.messages.start()
        services.heartbeat.start()
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
        if self._services is not None:
            self._services.heartbeat.stop()  # first: it may be waiting on a device thread
        self.cards.stop()
        if self.voice is not None:
            self.voice.close()
        self.window.close()
        self.card_thread.run(self.cards.reader.close)
        self.card_thread.shutdown()
        self.printer_thread.shutdown()
        if self._services is not None:
            self.calls.shutdown()
            self._services.outbox.stop()
            self._services.messages.stop()
            self._services.session.reset()
            self._services.store.close()


@dataclass
class Services:
    store: Store
    session: CitizenSession
    outbox: OutboxWorker
    heartbeat: Heartbeat
    desk: Desk
    messages: MessageOutbox
    directory: StaffDirectory


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

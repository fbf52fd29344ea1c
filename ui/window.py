"""The kiosk window: a top bar, the screens, and the flow of one visit between them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from devices.cards.base import ReadResult, ReadStatus
from devices.cards.simulated import SimulatedReader
from devices.printers.base import PrintResult
from kiosk.i18n import Text
from kiosk.sync.client import Outcome
from ui.bridges import CardWatcher, OutboxBridge, PlatformCalls, PrintBridge
from ui.screens.base import Screen, UiContext, button, label
from ui.screens.home import HomeScreen
from ui.screens.idle import IdleOverlay
from ui.style import WINDOW_SIZE

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.store import Store
    from kiosk.sync.outbox import OutboxWorker
    from ui.screens.consent import ConsentScreen
    from ui.screens.form import FormScreen
    from ui.screens.identity import IdentityScreen
    from ui.screens.mrz import MrzScreen
    from ui.screens.packages import PackagesScreen
    from ui.screens.receipt import ReceiptScreen
    from ui.screens.review import ReviewScreen
    from ui.screens.status import StatusScreen

log = logging.getLogger("ui")


class Lookups(Protocol):
    """What the screens ask the platform, through PlatformCalls (never on the GUI thread)."""

    def citizen_applications(self, citizen_key: str) -> list[dict[str, Any]] | None: ...

    def shared_data(
        self, citizen_key: str, names: list[str], purpose: str, wording_version: str
    ) -> dict[str, object] | None: ...

    def rate(self, number: str, level: int, comment: str) -> bool | None: ...

    def certificate(self, serial: str) -> tuple[bytes, str] | None: ...

    def licences(self, citizen_key: str) -> list[dict[str, Any]] | None: ...

TITLE = Text("政务服务自助终端", "Government self-service kiosk")
OTHER_LANGUAGE = Text("English", "中文")
END = Text("结束办理", "End")
OUT_OF_SERVICE = Text(
    "本机暂停服务，请到人工窗口办理。给您带来不便，敬请谅解。",
    "This kiosk is out of service. Please go to a staffed counter. We are sorry for the trouble.",
)
SHARED_UNAVAILABLE = Text(
    "暂时无法调取共享数据，请您自行填写", "Shared records cannot be fetched now: please type your details"
)
DELIVERY_WAIT_MS = 6000  # how long the receipt waits for the platform before printing "queued"

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}


class KioskWindow(QMainWindow):
    first_frame = Signal()  # the home screen has been painted once

    def __init__(
        self,
        cards: CardWatcher,
        printing: PrintBridge,
        *,
        hall: Text,
        lang: str = "zh",
        idle_timeout_s: int = 120,
        idle_warning_s: int = 30,
        simulator: SimulatedReader | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("kiosk-window")
        self.ctx = UiContext(lang="en" if lang == "en" else "zh")
        self.store: Store | None = None
        self.outbox: OutboxWorker | None = None
        self.cards = cards
        self.printing = printing
        self.hall = hall
        self.simulator = simulator
        self.resize(*WINDOW_SIZE)

        self.home = HomeScreen(self.ctx, simulator)
        self.screens: list[Screen] = [self.home]
        # Built by attach(), once the kiosk is ready: the first frame needs only the home screen.
        self.identity: IdentityScreen
        self.packages: PackagesScreen
        self.form: FormScreen
        self.review: ReviewScreen
        self.receipt: ReceiptScreen
        self.status: StatusScreen
        self.consent: ConsentScreen
        self.mrz: MrzScreen

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._top_bar())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.idle = IdleOverlay(self.ctx, idle_warning_s, central)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_timeout_s * 1000)
        self.idle_timer.timeout.connect(self._idle)
        self.delivery_timer = QTimer(self)
        self.delivery_timer.setSingleShot(True)
        self.delivery_timer.setInterval(DELIVERY_WAIT_MS)
        self.delivery_timer.timeout.connect(lambda: self._delivery_settled("queued"))

        self._connect()
        self.home.installEventFilter(self)
        self._painted = False
        self.visit = 0  # counts visits, so late answers for an earlier citizen are recognised
        self.go(self.home)

    def attach(self, session: CitizenSession, store: Store, outbox: OutboxWorker, platform: Lookups) -> None:
        """Take the services that need the database; until then only the home screen shows."""
        from ui.screens.consent import ConsentScreen
        from ui.screens.form import FormScreen
        from ui.screens.identity import IdentityScreen
        from ui.screens.mrz import MrzScreen
        from ui.screens.packages import PackagesScreen
        from ui.screens.receipt import ReceiptScreen
        from ui.screens.review import ReviewScreen
        from ui.screens.status import StatusScreen

        self.ctx.attached = session
        self.store = store
        self.outbox = outbox
        self.identity = IdentityScreen(self.ctx)
        self.packages = PackagesScreen(self.ctx)
        self.form = FormScreen(self.ctx)
        self.review = ReviewScreen(self.ctx)
        self.receipt = ReceiptScreen(self.ctx)
        self.status = StatusScreen(self.ctx)
        self.consent = ConsentScreen(self.ctx)
        self.mrz = MrzScreen(self.ctx)
        self.platform = platform
        self.calls = PlatformCalls(self)
        self.calls.answered.connect(self.on_answer)
        for screen in (self.mrz, self.identity, self.packages, self.consent, self.form, self.review, self.receipt,
                       self.status):
            self.screens.append(screen)
            self.stack.addWidget(screen)
        self.mrz.submitted.connect(self.cards.read_with)
        self.mrz.cancelled.connect(self.end_session)
        self.identity.proceed.connect(lambda: self.go(self.packages))
        self.identity.status_requested.connect(self.show_status)
        self.status.back.connect(lambda: self.go(self.identity))
        self.status.new_application.connect(lambda: self.go(self.packages))
        self.status.certificate_requested.connect(self.print_certificate)
        self.status.licence_requested.connect(self.print_licence)
        self.consent.agreed.connect(self.fetch_shared)
        self.receipt.rated.connect(self.rate)
        self.consent.declined.connect(self.start_form)
        self.packages.chosen.connect(self.choose_package)
        self.form.completed.connect(lambda: self.go(self.review))
        self.form.back_out.connect(lambda: self.go(self.packages))
        self.review.edit_requested.connect(self.edit_form)
        self.review.submit_requested.connect(self.submit)
        self.receipt.reprint_requested.connect(self.print_receipt)
        self.receipt.finished.connect(self.end_session)
        OutboxBridge(outbox, self).changed.connect(self.on_outbox)
        # Activity anywhere restarts the idle clock, which matters only once there is a session. Not
        # before the first frame: a Python filter on the whole application also sees Qt's private
        # objects (the style's QAnimationTimer), and to pass one PySide6 builds the Python enums of
        # every class in QtCore, QtGui and QtWidgets (~30 ms, most of the gap to a bare window).
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- wiring ------------------------------------------------------------------------------------

    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setProperty("role", "topbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(32, 12, 32, 12)
        self.bar_title = label("", "title", wrap=False, plain=False)
        row.addWidget(self.bar_title, 1)
        self.language_button = button("", "toggle-language")
        self.language_button.clicked.connect(self.toggle_language)
        row.addWidget(self.language_button)
        self.end_button = button("", "end-session")
        self.end_button.clicked.connect(self.end_session)
        row.addWidget(self.end_button)
        return bar

    def _connect(self) -> None:
        self.cards.card_read.connect(self.on_card_read)
        self.cards.card_removed.connect(self.on_card_removed)
        self.printing.finished.connect(self.on_printed)
        self.home.simulated_insert.connect(self.simulate_insert)
        self.home.simulated_remove.connect(self.simulate_remove)
        self.idle.continued.connect(self.touch)
        self.idle.expired.connect(self.end_session)
        if self.simulator is not None:
            for index in range(len(self.simulator.people)):
                shortcut = QShortcut(QKeySequence(f"F{index + 1}"), self)
                shortcut.activated.connect(lambda i=index: self.simulate_insert(i))
            QShortcut(QKeySequence("F9"), self).activated.connect(self.simulate_remove)

    # -- navigation --------------------------------------------------------------------------------

    @property
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def go(self, screen: Screen) -> None:
        screen.enter()
        self.stack.setCurrentWidget(screen)
        self._refresh_bar()
        self.touch()

    def _refresh_bar(self) -> None:
        self.bar_title.setText(f"{self.ctx.tr(TITLE)} · {self.ctx.tr(self.hall)}")
        self.language_button.setText(self.ctx.tr(OTHER_LANGUAGE))
        self.end_button.setText(self.ctx.tr(END))
        self.end_button.setVisible(self.ctx.serving)

    def toggle_language(self) -> None:
        self.ctx.lang = "en" if self.ctx.lang == "zh" else "zh"
        self.current.refresh()
        self._refresh_bar()
        if self.idle.active:
            self.idle.start()

    # -- idle and privacy --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.idle.active:
            self.touch()
        elif event.type() == QEvent.Type.Paint and watched is self.home and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_frame.emit)
        return False

    @property
    def _attended(self) -> bool:
        """Someone is at the kiosk: identified, or typing their passport's details on the MRZ screen."""
        return self.ctx.serving or (self.ctx.attached is not None and self.current is self.mrz)

    def touch(self) -> None:
        """Activity: restart the idle clock while a citizen is being served."""
        if self._attended:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def _idle(self) -> None:
        if self._attended:
            self.idle.start()

    def end_session(self) -> None:
        """Wipe everything the citizen left: session, screens, notices, pending timers."""
        self.idle.stop()
        self.delivery_timer.stop()
        self.visit += 1
        self.ctx.notices.clear()
        if self.ctx.attached is not None:
            self.ctx.attached.reset()
            self.receipt.print_result = None
            self.receipt.delivery = "pending"
            self.receipt.rating = ""
            self.mrz.wipe()
            from ui.screens.status import forget

            forget(self.status)
        for screen in self.screens:
            screen.refresh()
        self.go(self.home)
        log.info("visit ended; session data cleared")

    def out_of_service(self) -> None:
        """The kiosk could not start: tell citizens plainly; the log tells the technician why."""
        self.ctx.notices["home"] = OUT_OF_SERVICE
        self.go(self.home)

    # -- the visit ---------------------------------------------------------------------------------

    def on_card_read(self, result: ReadResult) -> None:
        if self.ctx.serving or self.ctx.attached is None:
            return  # a card left on the reader mid-visit is not a new citizen
        if result.status in (ReadStatus.NEEDS_MRZ, ReadStatus.WRONG_MRZ):
            self.mrz.ask(result.reason if result.status is ReadStatus.WRONG_MRZ else None)
            self.go(self.mrz)
            return
        if not result.ok or result.record is None:
            if result.status is not ReadStatus.NO_CARD:
                self.ctx.notices["home"] = result.reason
                log.info("card not read: %s %s", result.status, result.detail)
            self.mrz.wipe()
            self.go(self.home)
            return
        self.ctx.notices.clear()
        self.mrz.wipe()
        self.ctx.session.identify(result.record)
        self.go(self.identity)

    def on_card_removed(self) -> None:
        """The document left the reader: only the MRZ entry needs it there (to read the chip next)."""
        if self.ctx.attached is not None and self.current is self.mrz:
            self.end_session()

    def simulate_insert(self, index: int) -> None:
        if self.simulator is not None:
            self.simulator.insert(index)
            self.cards.poll_now()

    def simulate_remove(self) -> None:
        if self.simulator is not None:
            self.simulator.remove()
            self.cards.poll_now()

    def show_status(self) -> None:
        from ui.screens.status import start_lookup

        key = start_lookup(self.status, self.ctx)
        self.go(self.status)
        if key is not None:
            self.calls.ask(f"status:{self.visit}", lambda: self.platform.citizen_applications(key))
            self.calls.ask(f"licences:{self.visit}", lambda: self.platform.licences(key))

    def on_answer(self, tag: str, answer: object) -> None:
        """A platform call made for a screen came back (or gave up). One made for an earlier
        visit is dropped: the next citizen must never see the previous one's data."""
        kind, _, visit = tag.partition(":")
        if visit != str(self.visit) or not self.ctx.serving:
            return
        if kind == "status":
            from ui.screens.status import finish_lookup

            finish_lookup(self.status, answer)
            self.status.refresh()
        elif kind == "licences":
            from ui.screens.status import show_licences

            show_licences(self.status, answer)
            self.status.refresh()
        elif kind == "certificate":
            self._print_fetched_certificate(answer)
        elif kind == "rate":
            self.receipt.rating = "thanks" if answer is True else "already" if answer is False else "failed"
            self.receipt.refresh()
        elif kind == "shared" and self.current is self.consent:
            if isinstance(answer, dict):
                self.ctx.session.apply_shared(answer)
            else:
                self.ctx.notices["form"] = SHARED_UNAVAILABLE
            self.start_form()

    def choose_package(self, code: str) -> None:
        session = self.ctx.session
        session.choose(code)
        if session.shared_keys() and session.citizen_key is not None:
            self.consent.fetching = False
            self.go(self.consent)  # ask before any shared data is fetched
        else:
            self.start_form()

    def rate(self, level: int) -> None:
        """好差评: sent at once; an offline kiosk says so rather than pretend."""
        submitted = self.ctx.session.submitted
        if submitted is None:
            return
        self.receipt.rating = "sending"
        self.receipt.refresh()
        number = submitted.number
        self.calls.ask(f"rate:{self.visit}", lambda: self.platform.rate(number, level, ""))

    def start_form(self) -> None:
        self.form.step_index = 0
        self.go(self.form)

    def fetch_shared(self) -> None:
        from ui.screens.consent import WORDING_VERSION

        session = self.ctx.session
        key, names = session.citizen_key, session.shared_keys()
        if key is None or session.form is None:
            self.start_form()
            return
        purpose = session.form.package.code
        self.consent.fetching = True
        self.consent.refresh()

        def fetch() -> dict[str, object] | None:
            return self.platform.shared_data(key, names, purpose, WORDING_VERSION)

        self.calls.ask(f"shared:{self.visit}", fetch)

    def edit_form(self) -> None:
        self.form.step_index = 0
        self.go(self.form)

    def submit(self) -> None:
        submitted = self.ctx.session.submit()
        self.receipt.print_result = None
        self.receipt.delivery = "pending"
        self.go(self.receipt)
        assert self.outbox is not None
        self.outbox.kick()
        self.delivery_timer.start()
        log.info("application %s submitted at the kiosk", submitted.number)

    def on_outbox(self, uuid: str, outcome: str) -> None:
        submitted = self.ctx.session.submitted
        if submitted is None or submitted.uuid != uuid or not self.delivery_timer.isActive():
            return
        settled = {
            Outcome.DELIVERED.value: "delivered",
            Outcome.ATTENTION.value: "attention",
        }.get(outcome, "queued")
        self._delivery_settled(settled)

    def _delivery_settled(self, state: str) -> None:
        self.delivery_timer.stop()
        submitted = self.ctx.session.submitted
        if submitted is None:
            return
        self.receipt.delivery = state
        if state == "delivered":
            self.ctx.session.submitted = dataclasses.replace(
                submitted, receipt=dataclasses.replace(submitted.receipt, submitted=True)
            )
        self.receipt.refresh()
        self.print_receipt()

    def print_receipt(self) -> None:
        submitted = self.ctx.session.submitted
        if submitted is None:
            return
        self.receipt.print_result = None
        self.receipt.refresh()
        self.printing.print_receipt(submitted.uuid, submitted.receipt, self.ctx.lang)

    def print_certificate(self, serial: str) -> None:
        """An approved item's certificate, issued by the platform: fetched, then printed here."""
        from ui.screens.status import FETCHING

        self.status.print_notice = FETCHING
        self.status.refresh()
        self.calls.ask(f"certificate:{self.visit}", lambda: (serial, self.platform.certificate(serial)))

    def _print_fetched_certificate(self, answer: object) -> None:
        from ui.screens.status import NO_CERTIFICATE

        serial, fetched = answer if isinstance(answer, tuple) else ("", None)
        if not isinstance(fetched, tuple):
            self.status.print_notice = NO_CERTIFICATE
            self.status.refresh()
            return
        self.printing.print_pdf(("certificate", serial), fetched[0], f"certificate-{serial}")

    def print_licence(self, index: int) -> None:
        """A printout of one of the citizen's e-licences, made here from what the platform listed."""
        from kiosk.documents.licence import LicenceData, render_licence

        identity = self.ctx.session.identity
        if identity is None or not 0 <= index < len(self.status.licences):
            return
        licence = LicenceData.from_json(self.status.licences[index], identity.name)
        pdf = render_licence(licence, self.ctx.lang)
        self.printing.print_pdf(("licence", licence.kind), pdf, f"licence-{licence.kind}")

    def on_printed(self, tag: object, result: PrintResult) -> None:
        assert self.store is not None
        if isinstance(tag, tuple):  # ("certificate", serial) or ("licence", kind): no application of this kiosk's
            self.store.record_print(None, str(tag[0]), self.printing.printer.name, result.state.value,
                                    result.reason, dt.datetime.now(dt.UTC))
            if self.ctx.serving:
                self.status.print_notice = result.message
                self.status.refresh()
            return
        uuid = tag
        self.store.record_print(
            str(uuid), "receipt", self.printing.printer.name, result.state.value, result.reason,
            dt.datetime.now(dt.UTC),
        )
        submitted = self.ctx.session.submitted
        if submitted is not None and submitted.uuid == uuid:
            self.receipt.print_result = result
            self.receipt.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

"""``kiosk tour``: every screen, in each language and mode, as PNG files named ``<screen>.<lang>.<mode>.png``.

It walks a fictional visit through the real window with the demo devices and no
platform (nothing is sent), so reviewers see exactly what citizens see. Every screen it saves is
checked against the size rules (ui.sizes); the tour fails, after writing every file, if one breaks.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from devices.printers.pdf_file import PdfFilePrinter
from devices.registry import Devices, demo_devices
from kiosk.catalogue import Catalogue, ScenarioPackage
from kiosk.config import Config
from kiosk.forms.samples import sample_answers
from kiosk.i18n import LANGUAGES, Language
from kiosk.printing import PrintResult, PrintState
from kiosk.reading import ReadResult, ReadStatus
from kiosk.sync.client import HttpPlatform
from kiosk.sync.platform import Outcome
from kiosk.sync.samples import APPROVED, LICENCE
from kiosk.sync.wire import CitizenApplication, Licence
from kiosk.visit.clock import ManualTimers
from kiosk.visit.machine import Visit
from kiosk.visit.states import State
from ui.bridges import PRINTER_FAILED
from ui.demo import DEMO_PACKAGE, demo_answers, pump, save_screen
from ui.modes import theme_of
from ui.root import Kiosk, application, check_before_start
from ui.screens.form import FormScreen
from ui.screens.packages import PackagesScreen
from ui.sizes import size_problems
from ui.style import WINDOW_SIZE
from ui.tour_keyboard import keyboard_screens
from ui.tour_staff import TourHall, staff_screens

EXPIRED_PERSON = 2
SEARCH_EXAMPLE: dict[Language, str] = {"zh": "生孩子", "en": "retire"}
TOUR_KEY = "tour-citizen"
# The modes each screen is shown in: the file name's <mode>, and (elder, high contrast).
MODES: dict[str, tuple[bool, bool]] = {"standard": (False, False), "elder": (True, False), "contrast": (False, True)}


class TourPlatform(TourHall, HttpPlatform):
    """A platform that answers the visit's lookups with fictional samples and sends nothing.

    Until ``enrolled`` the kiosk has no citizen keys, as before its first enrolment; ``gate`` holds
    the lookups back, so the tour can show the screen while it asks.
    """

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.enrolled = False
        self.gate = threading.Event()

    def citizen_key(self, id_number: str) -> str | None:
        return TOUR_KEY if self.enrolled else None

    def citizen_applications(self, citizen_key: str) -> list[CitizenApplication] | None:
        self.gate.wait(30)
        return [CitizenApplication.model_validate(APPROVED)]

    def licences(self, citizen_key: str) -> list[Licence] | None:
        self.gate.wait(30)
        return [Licence.model_validate(LICENCE)]


class TourPrinter(PdfFilePrinter):
    """Prints to files; fails on demand, to show what a citizen sees when the printer breaks."""

    failing = False

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        if self.failing:
            return PrintResult(PrintState.FAILED, "failed", PRINTER_FAILED)
        return super().print_pdf(pdf, title)


class Tour:
    """Walks a fictional visit through the real window, by the visit's intents and events only."""

    def __init__(self, kiosk: Kiosk, timers: ManualTimers, platform: TourPlatform, printer: TourPrinter,
                 out: Path, mode: str = "standard") -> None:
        self.kiosk, self.timers, self.platform, self.printer, self.out = kiosk, timers, platform, printer, out
        self.window = kiosk.window
        self.written: list[Path] = []
        self.problems: list[str] = []
        self.lang: Language = "zh"
        self.mode = mode

    @property
    def visit(self) -> Visit:
        return self.window.visit

    def save(self, name: str, popup: QWidget | None = None) -> None:
        """The window, and ``popup`` (a window of its own, as a list's) drawn over it where it shows."""
        path = self.out / f"{name}.{self.lang}.{self.mode}.png"
        save_screen(self.window, path, 20)
        if popup is not None:
            shot = QPixmap(str(path))
            painter = QPainter(shot)
            painter.drawPixmap(self.window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
            painter.end()
            shot.save(str(path))
        self.written.append(path)
        self.problems += [f"{path.name}: {p}" for p in size_problems(self.window, theme_of(self.window.ctx))]


    def wait_for(self, what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 30
        while not done():
            if time.monotonic() > deadline:
                raise RuntimeError(f"screen tour stuck waiting for {what}")
            pump(10)

    def card(self, person: int) -> None:
        record = self.kiosk.devices.reader.people[person]  # type: ignore[attr-defined]
        self.visit.end()
        self.visit.card_read(ReadResult(ReadStatus.OK, record))

    def form_steps(self, name: str) -> None:
        """Every step, moving on as the citizen would; the answers must pass each step's checks."""
        self.window.current.refresh()  # answered through the visit, not the editors: draw them
        while self.visit.state is State.FORM:
            self.save(f"{name}-{self.visit.current_step().key}")
            if self.visit.next_step():
                raise RuntimeError(f"screen tour: the sample answers fail step {self.visit.current_step().key}")
        self.save("review" if name == "form" else f"{name}-review")

    def language(self, lang: Language) -> None:
        self.lang = self.window.ctx.lang = lang
        self.platform.enrolled = False
        elder, contrast = self.window.modes.each_visit = MODES[self.mode]  # one style sheet swap, not one a visit
        self.window.modes.set(elder=elder, contrast=contrast)
        self.visit.end()
        self.save("home")
        self.visit.card_read(ReadResult(ReadStatus.NEEDS_MRZ))
        self.save("mrz")
        self.visit.card_read(ReadResult(ReadStatus.WRONG_MRZ))
        self.save("mrz-wrong")

        self.card(EXPIRED_PERSON)
        self.save("identity-expired")
        self.card(0)
        self.save("identity")
        self.window.bar.show_more(True)  # the top bar's 更多 panel, open
        self.save("identity-more")
        self.window.bar.show_more(False)
        self.visit.proceed()
        packages = self.window.screens["packages"]
        assert isinstance(packages, PackagesScreen)
        self.save("packages")
        for section in ("enterprise", "project", "popular", "livelihood"):
            packages.show_section(section)
            self.save(f"packages-{section}")
        packages.search.setText(SEARCH_EXAMPLE[lang])
        self.save("packages-search")

        self.visit.choose(DEMO_PACKAGE)
        form = self.window.screens["form"]
        assert isinstance(form, FormScreen)
        form.show_errors()
        self.save("form-errors")
        for key, value in demo_answers(self.kiosk.session.clock().date()).items():
            self.visit.answer(key, value)
        self.form_steps("form")

        self.printer.failing = False
        self.visit.submit()
        submitted = self.kiosk.session.submitted
        assert submitted is not None
        self.visit.delivered(submitted.uuid, Outcome.DELIVERED)
        self.wait_for("the receipt to print", lambda: self.visit.print_result is not None)
        self.save("receipt")
        self.card(0)
        self.visit.show_applications()  # not enrolled yet: the kiosk's own records, and a notice
        self.save("status")
        self.platform.enrolled = True
        self.platform.gate.clear()
        self.card(0)
        self.visit.show_applications()
        self.save("status-looking")
        self.platform.gate.set()
        self.wait_for("the platform's answers", lambda: not self.visit.lookup.looking)
        self.save("status-certificates")

        self.printer.failing = True
        self.visit.end()
        self.card(0)
        self.visit.proceed()
        self.visit.choose(DEMO_PACKAGE)
        for key, value in demo_answers(self.kiosk.session.clock().date()).items():
            self.visit.answer(key, value)
        while self.visit.state is State.FORM:
            self.visit.next_step()
        self.visit.submit()
        self.timers.advance(self.kiosk.desk.timing.delivery_wait_s)  # the platform did not answer in time
        self.wait_for("the receipt to fail to print", lambda: self.visit.print_result is not None)
        self.save("receipt-offline-print-failed")
        self.timers.advance(self.kiosk.desk.timing.idle_timeout_s)
        self.save("idle-warning")
        self.visit.still_here()

        catalogue = self.kiosk.session.catalogue
        consenting = next(p for p in catalogue.packages.values() if p.fully_modelled and _uses_shared(catalogue, p))
        self.card(0)
        self.visit.proceed()
        self.visit.choose(consenting.code)
        self.save("consent")
        self.platform.enrolled = False
        staff_screens(self)
        self.keyboards()
        self.other_packages()
        self.visit.end()

    def keyboards(self) -> None:
        self.card(0)
        self.visit.proceed()
        self.visit.choose(DEMO_PACKAGE)
        keyboard_screens(self.window, demo_answers(self.kiosk.session.clock().date()), self.save)

    def other_packages(self) -> None:
        """Every step of every other fully modelled package, filled with example answers."""
        session = self.kiosk.session
        for package in session.catalogue.packages.values():
            if not package.fully_modelled or package.code == DEMO_PACKAGE:
                continue
            self.card(0)
            self.visit.proceed()
            self.visit.choose(package.code)
            assert session.form is not None
            for key, value in sample_answers(session.form.fields).items():
                if key not in session.prefilled:
                    self.visit.answer(key, value)
            self.form_steps(f"package-{package.code}")


def _uses_shared(catalogue: Catalogue, package: ScenarioPackage) -> bool:
    keys = {k for pi in package.items for k in catalogue.items[pi.item_code].fields}
    return any((catalogue.fields[k].prefill or "").startswith("shared.") for k in keys)


def run_tour(config: Config, out: Path) -> list[Path]:
    """Each language and mode on a fresh kiosk, so its "my applications" holds only that run's visits."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    _kiosk_sized_screen(application)
    for lang, mode in ((lang, mode) for lang in LANGUAGES for mode in MODES):
        with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as state:
            tour_config = config.with_values(storage__state_dir=state, printer__pdf_dir=state, voice__engine="none")
            check_before_start(tour_config)
            platform = TourPlatform(tour_config["platform.url"])
            printer = TourPrinter(tour_config.pdf_dir)
            timers = ManualTimers()
            kiosk = Kiosk(tour_config, Devices(demo_devices(tour_config).reader, printer), platform, timers)
            kiosk.open()  # not started: nothing is sent or polled
            kiosk.window.resize(1920, 1080)
            kiosk.window.show()
            tour = Tour(kiosk, timers, platform, printer, out, mode)
            try:
                tour.language(lang)
            finally:
                platform.gate.set()
                kiosk.shutdown()
                platform.close()
                _delete(kiosk.window)
            written += tour.written
            problems += tour.problems
    if problems:
        raise SizeRulesBroken(problems)
    return written


def _kiosk_sized_screen(start: Callable[[], object]) -> None:
    """Start Qt offscreen on a screen the kiosk's size, not Qt's 800×800: a list opened there (a date's) would be
    squeezed and moved to fit."""
    platform = os.environ.get("QT_QPA_PLATFORM")
    if platform != "offscreen" or QCoreApplication.instance() is not None:
        start()
        return
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as folder:
        screen = Path(folder, "screen.json")
        width, height = WINDOW_SIZE
        screen.write_text(json.dumps({"screens": [{"name": "kiosk", "width": width, "height": height}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"  # read once, as Qt starts
        try:
            start()
        finally:
            os.environ["QT_QPA_PLATFORM"] = platform


def _delete(window: QWidget) -> None:
    """Delete a finished run's window now: a style sheet swap restyles every widget still alive."""
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class SizeRulesBroken(RuntimeError):
    def __init__(self, problems: list[str]) -> None:
        shown = "\n".join(problems[:40]) + (f"\n… and {len(problems) - 40} more" if len(problems) > 40 else "")
        super().__init__(f"screen tour: {len(problems)} widgets break the size rules:\n{shown}")
        self.problems = problems

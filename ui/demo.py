"""``kiosk demo``'s kiosk: simulated card and printer, with the platform cli/demo.py started.

With a display it opens the kiosk. Without one it drives the real widgets through a
whole visit (card, package, combined form, review, submit, receipt), saving a PNG of
each screen and the receipt PDF, then prints a summary.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk.config import Config

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QWidget

    from kiosk.sync.client import HttpPlatform
    from kiosk.visit.states import State
    from ui.screens.form import FormScreen

DEMO_PACKAGE = "43PCN0009"  # birth of a baby
DEMO_PERSON = 0
W = TypeVar("W", bound="QWidget")


class JourneyError(RuntimeError):
    """The scripted demo journey could not finish: the message says where it stopped."""


def demo_answers(today: dt.date) -> dict[str, object]:
    """What the demo citizen (a mother, read from the simulated card) types and taps."""
    return {
        "contact.mobile": "13807310000",
        "contact.postal_code": "410011",
        "child.name": "王小禾",
        "child.sex": "F",
        "child.birth_date": (today - dt.timedelta(days=12)).isoformat(),
        "child.birth_place": "湖南省妇幼保健院",
        "child.birth_weight": "3250",
        "child.birth_length": "50",
        "child.gestational_weeks": "39",
        "child.same_ethnicity": True,
        "child.hukou_with": "father",
        "child.household_head": "王建华",
        "child.relation_to_head": "daughter",
        "child.maternity_claim": True,
        "other_parent.name": "王建华",
        "other_parent.id_number": "430104198811230035",
        "other_parent.mobile": "13907310000",
        "bank.name": "中国建设银行长沙芙蓉支行",
        "bank.account": "6217002870001234567",
        "confirm.pledge": True,
    }


def run_kiosk(config: Config, platform: HttpPlatform, out: Path, *, on_screen: bool, windowed: bool) -> int:
    """The kiosk with the demo devices: on screen until it is closed, off screen for one scripted visit."""
    from devices.registry import demo_devices
    from ui.root import Kiosk, application

    app = application()
    kiosk = Kiosk(config, demo_devices(config), platform)
    kiosk.start()
    try:
        if not on_screen:
            return Journey(kiosk, out).run()
        if windowed or not config["ui.fullscreen"]:
            kiosk.window.show()
        else:
            kiosk.window.showFullScreen()
        return app.exec()
    finally:
        kiosk.shutdown()


def pump(ms: int) -> None:
    """Let Qt handle events for ``ms`` milliseconds. Unlike QTest.qWait, which keeps Python's GIL
    (measured: a busy thread got 1 turn in 1 s), this lets the outbox and device threads run."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + ms / 1000
    while True:
        QCoreApplication.processEvents()
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.01))


def save_screen(window: QWidget, path: Path, settle_ms: int) -> bool:
    """Let the window settle, then save it as a PNG. Widgets a screen adds while it rebuilds are
    shown by a queued call, so posted events are sent last: a grab must never catch them hidden."""
    from PySide6.QtCore import QCoreApplication

    pump(settle_ms)
    QCoreApplication.sendPostedEvents()
    return window.grab().save(str(path))


def pick(combo: QComboBox, data: object) -> None:
    """Tap ``combo`` open, then its entry holding ``data`` (scrolled to, as a finger would)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    row = combo.findData(data)
    if row < 0:
        raise JourneyError(f"demo journey: the list {combo.objectName()!r} does not offer {data!r}")
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    pump(QApplication.doubleClickInterval() + 100)  # a finger's pause: Qt ignores a release this soon after opening
    if not view.isVisible():
        raise JourneyError(f"demo journey: the list {combo.objectName()!r} did not open")
    index = combo.model().index(row, 0)
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    pump(30)


class Journey:
    """A scripted citizen, clicking and typing on the real widgets."""

    def __init__(self, kiosk: object, out: Path) -> None:
        from ui.root import Kiosk

        assert isinstance(kiosk, Kiosk)
        self.kiosk = kiosk
        self.window = kiosk.window
        self.out = out
        self.shots: list[Path] = []

    # -- helpers -------------------------------------------------------------------------------------

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() > deadline:
                raise JourneyError(f"demo journey stuck waiting for {what}")
            pump(20)

    def on_screen(self, kind: type[W], name: str, what: str) -> W:
        """The visible widget of that kind and name: a row drawn again leaves its old widgets hidden, to be deleted."""

        def visible() -> W | None:
            return next((w for w in self.window.findChildren(kind, name) if w.isVisible()), None)

        try:
            self.wait_for(f"{what} {name!r}", lambda: visible() is not None, timeout_s=5)
        except JourneyError:
            raise JourneyError(f"demo journey: no {what} {name!r} on screen {self.window.current.name!r}") from None
        found = visible()
        assert found is not None
        return found

    def click(self, name: str) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QAbstractButton, QCheckBox

        widget = self.on_screen(QAbstractButton, name, "button")
        if isinstance(widget, QCheckBox):  # tap the box itself, not the empty space right of its text
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        pump(30)

    def pick(self, name: str, data: object) -> None:
        from PySide6.QtWidgets import QComboBox

        pick(self.on_screen(QComboBox, name, "list"), data)

    def shot(self, label: str) -> None:

        path = self.out / f"{len(self.shots) + 1:02d}-{label}.png"
        if not save_screen(self.window, path, 30):
            raise JourneyError(f"could not save {path}")
        self.shots.append(path)

    def fill_step(self, answers: dict[str, object]) -> None:
        from PySide6.QtTest import QTest

        from ui.widgets.fields import ChoiceEditor, DateEditor, SignatureEditor, TextEditor

        done: set[str] = set()
        while True:
            pending = [k for k in self.form.editors if k in answers and k not in done]
            if not pending:
                return
            key = pending[0]
            done.add(key)
            editor = self.form.editors[key]
            value = answers[key]
            if isinstance(editor, TextEditor) and not editor.edit.isReadOnly():
                text = str(value)
                if text.isascii():
                    QTest.keyClicks(editor.edit, text)
                else:
                    editor.edit.insert(text)  # what an input method commits
            elif isinstance(editor, DateEditor) and editor.year.isEnabled():
                day = dt.date.fromisoformat(str(value))
                for part, number in (("year", day.year), ("month", day.month), ("day", day.day)):
                    self.pick(f"{key}-{part}", number)
            elif isinstance(editor, ChoiceEditor):
                suffix = ("yes" if value else "no") if isinstance(value, bool) else str(value)
                self.click(f"field-{key}-{suffix}")
            elif isinstance(editor, SignatureEditor) and not editor.check.isChecked():
                self.click(f"field-{key}")

    @property
    def form(self) -> FormScreen:
        from ui.screens.form import FormScreen

        screen = self.window.screens["form"]
        assert isinstance(screen, FormScreen)
        return screen

    def at(self, state: State) -> bool:
        return self.window.ctx.desk is not None and self.window.visit.state is state

    # -- the visit ---------------------------------------------------------------------------------

    def run(self) -> int:
        from kiosk.visit.states import State

        window = self.window
        window.resize(1920, 1080)
        window.show()
        self.wait_for("the home screen", lambda: window.current is window.home)
        self.shot("home")
        self.click(f"simulate-insert-{DEMO_PERSON}")
        self.wait_for("the card to be read", lambda: self.at(State.IDENTIFIED))
        self.shot("identity")
        self.click("identity-continue")
        self.shot("packages")
        self.click(f"package-{DEMO_PACKAGE}")
        answers = demo_answers(self.kiosk.session.clock().date())
        while self.at(State.FORM):
            self.fill_step(answers)
            self.shot(f"form-{self.form.current_step().key}")
            self.click("form-next")
            if self.at(State.FORM) and self.form.summary.isVisible():
                raise JourneyError("the demo answers did not pass the form's checks")
        self.shot("review")
        self.click("review-submit")
        self.wait_for("the platform and the printer", lambda: window.visit.print_result is not None, 60)
        self.shot("receipt")
        submitted = self.kiosk.session.submitted
        result = window.visit.print_result
        assert submitted is not None and result is not None
        receipt_pdf = result.output

        def delivered() -> bool:
            stored = self.kiosk.store.application(submitted.uuid)
            return stored is not None and stored.state == "delivered"

        # On a busy machine the receipt may print "queued" before the platform answers; the
        # outbox keeps trying, and the demo waits for it rather than report a false failure.
        self.wait_for("the platform to acknowledge", delivered, 60)
        printed_as = window.visit.delivery
        self.click("receipt-finish")
        self.wait_for("the visit to end", lambda: self.at(State.HOME))
        # The citizen comes back to look at all their applications, any channel.
        self.click(f"simulate-insert-{DEMO_PERSON}")
        self.wait_for("the card to be read", lambda: self.at(State.IDENTIFIED))
        self.click("identity-status")
        self.wait_for("the platform's list of applications", lambda: not window.visit.lookup.looking)
        self.shot("status")
        self.click("end-session")
        self.wait_for("the visit to end", lambda: self.at(State.HOME))
        print("Demo journey complete")
        print(f"  application number: {submitted.number}")
        for item in submitted.receipt.items:
            print(f"    {item.number}  {item.name.zh}  (by {item.promised_date})")
        late = "" if printed_as == "delivered" else f" (after the receipt printed as {printed_as})"
        print(f"  platform:  delivered{late}")
        found = self.kiosk.platform.application(submitted.number)
        if found is None or found.number != submitted.number:
            raise JourneyError(f"the platform does not find application {submitted.number}")
        print(f"  lookup:    {found.number} on the platform: {found.status}, {len(found.items)} items")
        print(f"  receipt:   {receipt_pdf or result.message.en} ({result.state})")
        print(f"  screens:   {len(self.shots)} PNG files in {self.out}")
        return 0 if receipt_pdf is not None and receipt_pdf.exists() else 1

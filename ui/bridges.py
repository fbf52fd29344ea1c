"""The Qt boundary: device threads and the outbox worker report here through queued signals.

Device and sync code is Qt-free; these small QObjects turn their results into signals
delivered on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from devices.cards.base import CardReader, ReadResult, ReadStatus, read_and_close
from devices.io_thread import DeviceThread
from devices.printers.base import Printer, PrintResult, PrintState
from kiosk.i18n import Language, Text

if TYPE_CHECKING:
    from kiosk.documents.model import Receipt
    from kiosk.mrz import MrzKey
    from kiosk.sync.client import Outcome
    from kiosk.sync.outbox import OutboxWorker

log = logging.getLogger("ui")
T = TypeVar("T")

POLL_MS = 300
PRINTER_FAILED = Text("打印机故障，请到窗口请工作人员帮助打印", "The printer failed. Please ask staff to print it.")


class CardWatcher(QObject):
    """Polls the reader on the cards' device thread; reads a newly inserted card once."""

    card_read = Signal(object)  # ReadResult
    card_removed = Signal()

    def __init__(self, reader: CardReader, thread: DeviceThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.device_thread = thread
        self._insertion: object | None = None  # the card last read, so each insertion is read once
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def poll_now(self) -> None:
        self._tick()

    def _tick(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.device_thread.submit(self._poll).add_done_callback(lambda _f: setattr(self, "_busy", False))

    def _poll(self) -> None:
        """On the device thread. A new session every time: clients are never cached across insertions."""
        try:
            insertion = self.reader.insertion()
        except Exception:
            log.exception("card reader poll failed")
            insertion = None
        if insertion is not None and insertion != self._insertion:
            self._insertion = insertion
            self.card_read.emit(self._read())
        elif insertion is None and self._insertion is not None:
            self._insertion = None
            self.card_removed.emit()

    def read_with(self, mrz: MrzKey) -> None:
        """Read the card on the reader again, opening its chip with the MRZ data the citizen typed."""
        self.device_thread.submit(lambda: self.card_read.emit(self._read(mrz)))

    def _read(self, mrz: MrzKey | None = None) -> ReadResult:
        try:
            return read_and_close(self.reader.open(mrz))
        except Exception as exc:
            log.exception("card read failed")
            return ReadResult(ReadStatus.UNREADABLE, detail=type(exc).__name__)


class PrintBridge(QObject):
    """Runs print jobs on the printers' device thread; each job's ``done`` is called back on the GUI thread."""

    finished = Signal(object, object)  # done callback, PrintResult

    def __init__(self, printer: Printer, thread: DeviceThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.printer_name = printer.name
        self.device_thread = thread
        self.finished.connect(lambda done, result: done(result))

    def print_document(self, render: Callable[[], bytes], title: str, done: Callable[[PrintResult], None]) -> None:
        """``render`` makes the PDF, on the printers' thread too: rendering never blocks the screen."""
        self.device_thread.submit(self._print, done, lambda: self.printer.print_pdf(render(), title))

    def print_receipt(self, receipt: Receipt, lang: Language, done: Callable[[PrintResult], None]) -> None:
        """In the printer's own layout (A4, or 80 mm for a thermal printer)."""
        self.device_thread.submit(self._print, done, lambda: self.printer.print_receipt(receipt, lang))

    def _print(self, done: Callable[[PrintResult], None], job: Callable[[], PrintResult]) -> None:
        try:
            result = job()
        except Exception as exc:
            log.exception("printer backend failed")
            result = PrintResult(
                PrintState.FAILED,
                reason=type(exc).__name__,
                message=PRINTER_FAILED,
            )
        self.finished.emit(done, result)


class OutboxBridge(QObject):
    changed = Signal(str, str)  # application uuid, Outcome value

    def __init__(self, worker: OutboxWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        worker.subscribe(self._on_attempt)

    def _on_attempt(self, uuid: str, outcome: Outcome) -> None:
        self.changed.emit(uuid, outcome.value)


class PlatformCalls(QObject):
    """Calls to the platform for the visit (status, shared data, ratings), on their own thread.

    The visit never waits on the network: it asks, and its ``answer`` is called back on the GUI thread.
    """

    answered = Signal(object, object)  # answer callback, result

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="platform-calls")
        self.answered.connect(lambda answer, result: answer(result))

    def run(self, work: Callable[[], T], answer: Callable[[T | None], None]) -> None:
        self._executor.submit(self._run, work, answer)

    def _run(self, work: Callable[[], T], answer: Callable[[T | None], None]) -> None:
        result: T | None
        try:
            result = work()
        except Exception:  # a bug in a call must not kill the thread; the visit sees "no answer"
            log.exception("platform call failed")
            result = None
        self.answered.emit(answer, result)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class QtTimer:
    """One single-shot timer, released once it fires or is cancelled (the idle clock restarts at every touch)."""

    def __init__(self, seconds: float, fire: Callable[[], None], parent: QObject) -> None:
        self._fire = fire
        self._timer: QTimer | None = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fired)
        self._timer.start(round(seconds * 1000))

    def _fired(self) -> None:
        self.cancel()
        self._fire()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None


class QtTimers(QObject):
    """The visit's clock on the GUI thread's event loop."""

    def start(self, seconds: float, fire: Callable[[], None]) -> QtTimer:
        return QtTimer(seconds, fire, self)

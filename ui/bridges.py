"""The Qt boundary: device threads and the outbox worker report here through queued signals.

Device and sync code is Qt-free; these small QObjects turn their results into signals
delivered on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

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
    """Runs print jobs on the printers' device thread."""

    finished = Signal(object, object)  # job tag, PrintResult

    def __init__(self, printer: Printer, thread: DeviceThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.device_thread = thread

    def print_pdf(self, tag: object, pdf: bytes, title: str) -> None:
        self.device_thread.submit(self._print, tag, lambda: self.printer.print_pdf(pdf, title))

    def print_receipt(self, tag: object, receipt: Receipt, lang: Language) -> None:
        """In the printer's own layout (A4, or 80 mm for a thermal printer)."""
        self.device_thread.submit(self._print, tag, lambda: self.printer.print_receipt(receipt, lang))

    def _print(self, tag: object, job: Callable[[], PrintResult]) -> None:
        try:
            result = job()
        except Exception as exc:
            log.exception("printer backend failed")
            result = PrintResult(
                PrintState.FAILED,
                reason=type(exc).__name__,
                message=PRINTER_FAILED,
            )
        self.finished.emit(tag, result)


class OutboxBridge(QObject):
    changed = Signal(str, str)  # application uuid, Outcome value

    def __init__(self, worker: OutboxWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        worker.subscribe(self._on_attempt)

    def _on_attempt(self, uuid: str, outcome: Outcome) -> None:
        self.changed.emit(uuid, outcome.value)


class PlatformCalls(QObject):
    """Calls to the platform for screens (status, shared data, ratings), on their own thread.

    Screens never wait on the network: they ask, and ``answered(tag, result)`` arrives later.
    """

    answered = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="platform-calls")

    def ask(self, tag: str, call: Callable[[], object]) -> None:
        self._executor.submit(self._run, tag, call)

    def _run(self, tag: str, call: Callable[[], object]) -> None:
        try:
            result = call()
        except Exception:  # a bug in a call must not kill the thread; the screen sees "no answer"
            log.exception("platform call %s failed", tag)
            result = None
        self.answered.emit(tag, result)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

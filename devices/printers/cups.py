"""A CUPS print queue through pycups.

Expected problems (no cupsd, missing or paused queue, held or aborted job) become a
result with a reason and a message for the citizen, never an exception. CUPS's
"completed" only means the data left for the printer (apple/cups #5441), so the UI
should still ask the citizen whether the paper came out.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from typing import Any

import cups

from devices.printers.base import Printer, PrinterHealth, PrinterStatus, PrintResult, PrintState
from devices.printers.messages import MESSAGES
from kiosk.documents.model import Paper
from kiosk.i18n import Text

# printer-state-reasons keywords (RFC 8011 §5.4.12, without suffix) that mean "cannot print".
_PROBLEMS = {
    "paused": "paused", "moving-to-paused": "paused", "stopped": "paused",
    "media-empty": "no_paper", "media-needed": "no_paper", "input-tray-missing": "no_paper",
    "media-jam": "paper_jam", "toner-empty": "no_toner", "marker-supply-empty": "no_toner",
    "door-open": "door_open", "cover-open": "door_open", "interlock-open": "door_open",
    "offline": "offline", "shutdown": "offline", "output-area-full": "output_full",
}
_BENIGN = {"none", "connecting-to-device", "cups-waiting-for-job-completed"}

# IPP printer-state and job-state values
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5
JOB_PENDING, JOB_HELD, JOB_PROCESSING, JOB_STOPPED = 3, 4, 5, 6
JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED = 7, 8, 9
_SEVERITY = (PrinterHealth.ERROR, PrinterHealth.UNKNOWN, PrinterHealth.WARNING)
_PRINTER_ATTRIBUTES = ["printer-state", "printer-state-reasons", "printer-is-accepting-jobs"]


class _Problem(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _classify(keyword: str) -> tuple[PrinterHealth, str] | None:
    """Health and our reason for one printer-state-reasons keyword; None when it is harmless."""
    base, suffix = keyword, ""
    for end in ("-error", "-warning", "-report"):
        if keyword.endswith(end):
            base, suffix = keyword.removesuffix(end), end
    if base in _BENIGN:
        return None
    reason = _PROBLEMS.get(base, base)
    if suffix == "-report":
        return (PrinterHealth.WARNING, reason) if base in _PROBLEMS else None
    if suffix == "-error" or (not suffix and base in _PROBLEMS):
        return PrinterHealth.ERROR, reason
    return PrinterHealth.WARNING, reason  # warnings, and suffix-less keywords we do not know


def _as_list(value: object) -> list[str]:
    """pycups gives a one-value attribute as a plain string and several as a list."""
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, Iterable) else []


def _message(reason: str, health: PrinterHealth = PrinterHealth.ERROR) -> Text:
    fallback = "printer_warning" if health is PrinterHealth.WARNING else "printer_error"
    return MESSAGES.get(reason, MESSAGES[fallback])


_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]")
_PT_PER_MM = 72 / 25.4


def job_options(pdf: bytes) -> dict[str, str]:
    """CUPS options for one of our PDFs.

    - ``pdftops-renderer=pdftops``: when the queue needs PostScript, convert with poppler, which
      keeps our glyph names (kiosk/documents/fonts.py), so the printed PDF's text survives.
    - ``media``: the page's own size when it is not A4 (the 80 mm receipt is as long as its
      content); without it CUPS puts the page on A4.
    """
    options = {"pdftops-renderer": "pdftops"}
    found = _MEDIA_BOX.search(pdf)
    if found:
        width, height = (round(float(v) / _PT_PER_MM) for v in found.groups())
        if (width, height) not in ((210, 297), (297, 210)):
            options["media"] = f"Custom.{width}x{height}mm"
    return options


class CupsPrinter(Printer):
    """One CUPS queue. Connects afresh for each call, so a restarted cupsd is picked up."""

    def __init__(self, queue: str, timeout_s: float = 30, poll_s: float = 0.2,
                 connect: Callable[[], Any] = cups.Connection, paper: Paper = "a4") -> None:
        self.queue = queue
        self.name = f"cups:{queue}"
        self.paper = paper
        self.timeout_s = timeout_s
        self.poll_s = poll_s
        self._connect = connect

    def status(self) -> PrinterStatus:
        try:
            return self._status(self._call(self._connect))
        except _Problem as problem:
            health = PrinterHealth.ERROR if problem.reason == "not_found" else PrinterHealth.UNKNOWN
            return PrinterStatus(health, (problem.reason,), _message(problem.reason))

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        try:
            conn = self._call(self._connect)
            status = self._status(conn)
            if status.health is PrinterHealth.ERROR:
                return self._failed(status.reasons[0])
            job_id = self._submit(conn, pdf, title)
        except _Problem as problem:
            return self._failed(problem.reason)
        return self._follow(conn, job_id)

    def _status(self, conn: Any) -> PrinterStatus:
        attrs = self._call(conn.getPrinterAttributes, self.queue, requested_attributes=_PRINTER_ATTRIBUTES)
        state = attrs.get("printer-state")
        found = [c for c in map(_classify, _as_list(attrs.get("printer-state-reasons", []))) if c]
        if state == PRINTER_STOPPED:
            found.insert(0, (PrinterHealth.ERROR, "paused"))
        elif state not in (PRINTER_IDLE, PRINTER_PROCESSING):
            found.insert(0, (PrinterHealth.UNKNOWN, "unknown_state"))
        if attrs.get("printer-is-accepting-jobs") is False:
            found.append((PrinterHealth.ERROR, "not_accepting"))
        if not found:
            return PrinterStatus(PrinterHealth.OK)
        found.sort(key=lambda f: _SEVERITY.index(f[0]))  # the worst first: reasons[0] is the one to tell
        health, first = found[0]
        return PrinterStatus(health, tuple(dict.fromkeys(r for _, r in found)), _message(first, health))

    def _submit(self, conn: Any, pdf: bytes, title: str) -> int:
        try:
            with tempfile.NamedTemporaryFile(prefix="kiosk-print-", suffix=".pdf") as spool:
                spool.write(pdf)
                spool.flush()
                # printFile sends the whole file to cupsd before it returns, so the file can go.
                return int(self._call(conn.printFile, self.queue, spool.name, title, job_options(pdf)))
        except OSError as error:
            raise _Problem("write_failed") from error

    def _follow(self, conn: Any, job_id: int) -> PrintResult:
        """Poll the job until it ends, is stuck (held, printer stopped) or the time is up."""
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                attrs = self._call(conn.getJobAttributes, job_id, requested_attributes=["job-state"])
                state = attrs.get("job-state")
                stuck = self._stuck_reason(conn, state)
            except _Problem:
                return self._sent(job_id)  # it was accepted; we just cannot see it any more
            if state == JOB_COMPLETED:
                return PrintResult(PrintState.PRINTED, message=MESSAGES["printed"], job_ref=str(job_id))
            if state in (JOB_CANCELED, JOB_ABORTED):
                return self._failed("canceled" if state == JOB_CANCELED else "aborted", job_id)
            if stuck:
                # Cancel, so a citizen's papers do not come out later, unattended.
                with contextlib.suppress(_Problem):
                    self._call(conn.cancelJob, job_id)
                return self._failed(stuck, job_id)
            if time.monotonic() >= deadline:
                return self._sent(job_id)
            time.sleep(self.poll_s)

    def _stuck_reason(self, conn: Any, job_state: object) -> str | None:
        if job_state == JOB_HELD:
            return "held"
        if job_state in (JOB_PENDING, JOB_STOPPED) and "paused" in self._status(conn).reasons:
            return "paused"
        return None

    def _failed(self, reason: str, job_id: int | None = None) -> PrintResult:
        job_ref = None if job_id is None else str(job_id)
        return PrintResult(PrintState.FAILED, reason, _message(reason), job_ref=job_ref)

    def _sent(self, job_id: int) -> PrintResult:
        return PrintResult(PrintState.SENT, "unconfirmed", MESSAGES["unconfirmed"], job_ref=str(job_id))

    @staticmethod
    def _call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a pycups call, turning its failures into a _Problem with our reason."""
        try:
            return function(*args, **kwargs)
        except RuntimeError as error:  # cups.Connection() when cupsd cannot be reached
            raise _Problem("no_cups") from error
        except cups.HTTPError as error:
            raise _Problem("no_cups") from error
        except cups.IPPError as error:
            status = error.args[0] if error.args else None
            reason = {cups.IPP_NOT_FOUND: "not_found", cups.IPP_NOT_ACCEPTING: "not_accepting"}
            raise _Problem(reason.get(status, "cups_error")) from error

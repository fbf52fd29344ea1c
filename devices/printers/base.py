"""The printer interface. Expected printer problems are results with a reason, never exceptions."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import Language, Text

if TYPE_CHECKING:
    from kiosk.documents.model import Paper, Receipt

NO_MESSAGE = Text("", "")


class PrintState(StrEnum):
    PRINTED = "printed"  # the backend confirmed the job completed
    SENT = "sent"  # accepted, but completion could not be confirmed in time
    FAILED = "failed"


class PrinterHealth(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    UNKNOWN = "unknown"  # never shown as ok


@dataclass(frozen=True)
class PrinterStatus:
    health: PrinterHealth
    reasons: tuple[str, ...] = ()
    message: Text = NO_MESSAGE


@dataclass(frozen=True)
class PrintResult:
    state: PrintState
    reason: str = ""  # machine-readable, e.g. "paused", "not_found", "timeout"
    message: Text = NO_MESSAGE  # what the citizen is told
    job_ref: str | None = None
    output: Path | None = None  # where a file backend wrote the document


class Printer(ABC):
    """A printer the kiosk can send a finished PDF to. Called only on the printers' device thread."""

    name: str
    paper: Paper = "a4"  # the receipt layout this printer takes

    @abstractmethod
    def status(self) -> PrinterStatus: ...

    @abstractmethod
    def print_pdf(self, pdf: bytes, title: str) -> PrintResult: ...

    def print_receipt(self, receipt: Receipt, lang: Language) -> PrintResult:
        """The receipt in this printer's layout. A thermal printer may print it without a PDF."""
        from kiosk.documents.receipt import render_receipt  # reportlab: loaded when first needed

        return self.print_pdf(render_receipt(receipt, lang, self.paper), f"receipt-{receipt.application_number}")

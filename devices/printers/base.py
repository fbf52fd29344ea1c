"""The printer interface. Expected printer problems are results with a reason, never exceptions."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.i18n import Language, Text
from kiosk.printing import NO_MESSAGE as NO_MESSAGE
from kiosk.printing import PrintResult as PrintResult
from kiosk.printing import PrintState as PrintState

if TYPE_CHECKING:
    from kiosk.documents.model import Paper, Receipt


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

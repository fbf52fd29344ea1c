"""Printer back ends: the PDF file printer, and CUPS against the real cupsd with cups-pdf."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cups
import pytest

from devices.printers.base import PrinterHealth, PrintState
from devices.printers.cups import MESSAGES, CupsPrinter
from devices.printers.pdf_file import PdfFilePrinter
from kiosk.documents.receipt import render_receipt
from tests.helpers.pdf import pdf_text, qr_of, run, tool
from tests.test_receipt import QR_PAYLOAD, sample_receipt

CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return render_receipt(sample_receipt(), "zh", "a4")


# --- PdfFilePrinter ---------------------------------------------------------------------------


def test_pdf_file_printer_writes_unique_files(tmp_path: Path, receipt_pdf: bytes) -> None:
    printer = PdfFilePrinter(tmp_path)
    assert printer.status().health is PrinterHealth.OK
    first = printer.print_pdf(receipt_pdf, "办件凭证 YJS-0001")
    second = printer.print_pdf(b"%PDF-second", "办件凭证 YJS-0001")
    assert first.state is second.state is PrintState.PRINTED
    assert first.output and second.output and first.output != second.output
    assert first.output.read_bytes() == receipt_pdf, "the first file must not be overwritten"
    assert second.output.read_bytes() == b"%PDF-second"
    assert first.output.name == "办件凭证_YJS-0001.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["办件凭证_YJS-0001-2.pdf", "办件凭证_YJS-0001.pdf"]


@pytest.mark.parametrize("title", ["../../etc/passwd", "/", "", ".hidden", "a\x00b\nc"])
def test_pdf_file_printer_keeps_files_inside_its_dir(tmp_path: Path, title: str) -> None:
    result = PdfFilePrinter(tmp_path).print_pdf(b"%PDF", title)
    assert result.output is not None and result.output.parent == tmp_path
    assert not result.output.name.startswith(".")


def test_pdf_file_printer_reports_an_unusable_dir(tmp_path: Path) -> None:
    # Tests run as root, where chmod does not stop writes: a path under a regular file does.
    (tmp_path / "afile").write_text("not a directory")
    printer = PdfFilePrinter(tmp_path / "afile" / "sub")
    result = printer.print_pdf(b"%PDF", "receipt")
    assert (result.state, result.reason, result.output) == (PrintState.FAILED, "write_failed", None)
    assert result.message.zh and result.message.en
    assert printer.status().health is PrinterHealth.ERROR


def test_pdf_file_printer_creates_a_missing_dir(tmp_path: Path) -> None:
    printer = PdfFilePrinter(tmp_path / "new" / "prints")
    result = printer.print_pdf(b"%PDF", "receipt")
    assert result.state is PrintState.PRINTED and result.output == tmp_path / "new" / "prints" / "receipt.pdf"
    assert printer.status().health is PrinterHealth.OK


# --- CupsPrinter without cupsd ------------------------------------------------------------------


def refuse_to_connect() -> Any:
    raise RuntimeError("failed to connect to server")


def test_cups_unreachable_is_unknown_not_ok() -> None:
    printer = CupsPrinter("KioskTestPDF", connect=refuse_to_connect)
    status = printer.status()
    assert (status.health, status.reasons) == (PrinterHealth.UNKNOWN, ("no_cups",))
    result = printer.print_pdf(b"%PDF", "receipt")
    assert (result.state, result.reason) == (PrintState.FAILED, "no_cups")
    assert "工作人员" in result.message.zh and "staff" in result.message.en


class FakeConnection:
    """Stands in for cups.Connection ONLY for states that cupsd with cups-pdf cannot be driven into
    here: printer faults (no paper, toner, unknown printer-state), an aborted job, and a job still
    processing at the timeout. Everything cupsd can do is tested against the real daemon below."""

    def __init__(self, printer_state: int = 3, reasons: list[str] | str = "none",
                 job_states: list[int] | None = None) -> None:
        self.printer_state, self.reasons = printer_state, reasons
        self.job_states = job_states or [9]

    def getPrinterAttributes(self, name: str, requested_attributes: list[str]) -> dict[str, Any]:
        return {"printer-state": self.printer_state, "printer-state-reasons": self.reasons,
                "printer-is-accepting-jobs": True}

    def printFile(self, queue: str, filename: str, title: str, options: dict[str, str]) -> int:
        assert Path(filename).read_bytes().startswith(b"%PDF")
        return 42

    def getJobAttributes(self, job_id: int, requested_attributes: list[str]) -> dict[str, Any]:
        state = self.job_states.pop(0) if len(self.job_states) > 1 else self.job_states[0]
        return {"job-state": state}


@pytest.mark.parametrize(
    ("printer_state", "reasons", "health", "first_reason"),
    [
        (3, "none", PrinterHealth.OK, None),
        (4, ["none"], PrinterHealth.OK, None),
        (3, ["media-empty-error"], PrinterHealth.ERROR, "no_paper"),
        (4, ["toner-low-warning", "media-jam-error"], PrinterHealth.ERROR, "paper_jam"),
        (3, ["toner-low-warning"], PrinterHealth.WARNING, "toner-low"),
        (3, ["offline-report"], PrinterHealth.WARNING, "offline"),
        (3, ["cups-insecure-filter-report"], PrinterHealth.OK, None),
        (5, ["paused"], PrinterHealth.ERROR, "paused"),
        (7, ["none"], PrinterHealth.UNKNOWN, "unknown_state"),
    ],
)
def test_cups_status_mapping(printer_state: int, reasons: list[str] | str, health: PrinterHealth,
                             first_reason: str | None) -> None:
    fake = FakeConnection(printer_state, reasons)
    status = CupsPrinter("Fake", connect=lambda: fake).status()
    assert status.health is health
    assert (status.reasons[0] if status.reasons else None) == first_reason
    if health is not PrinterHealth.OK:
        assert status.message.zh and status.message.en


@pytest.mark.parametrize(
    ("job_states", "state", "reason"),
    [
        ([5, 9], PrintState.PRINTED, ""),
        ([5, 8], PrintState.FAILED, "aborted"),
        ([5], PrintState.SENT, "unconfirmed"),
    ],
)
def test_cups_job_state_mapping(job_states: list[int], state: PrintState, reason: str) -> None:
    fake = FakeConnection(job_states=job_states)
    printer = CupsPrinter("Fake", timeout_s=0.05, poll_s=0.01, connect=lambda: fake)
    result = printer.print_pdf(b"%PDF-1.4", "receipt")
    assert (result.state, result.reason, result.job_ref) == (state, reason, "42")
    assert result.message.zh and result.message.en


def test_cups_refuses_upfront_on_a_printer_error() -> None:
    fake = FakeConnection(3, ["media-empty-error"])
    result = CupsPrinter("Fake", connect=lambda: fake).print_pdf(b"%PDF", "receipt")
    assert (result.state, result.reason, result.job_ref) == (PrintState.FAILED, "no_paper", None)


# --- CupsPrinter against cupsd (tests/daemons.sh) ----------------------------------------------


@pytest.fixture
def cups_queue() -> str:
    return os.environ["KIOSK_TEST_CUPS_QUEUE"]


@pytest.fixture
def second_queue() -> Iterator[str]:
    """A cups-pdf queue of this test's own, so pausing it cannot disturb the shared one."""
    conn = cups.Connection()
    name = f"KioskTestSecond{os.getpid()}"
    conn.addPrinter(name, filename=CUPS_PDF_PPD, device="cups-pdf:/")
    conn.enablePrinter(name)
    conn.acceptJobs(name)
    try:
        yield name
    finally:
        conn.deletePrinter(name)


def cups_pdf_output(job_ref: str) -> Path:
    """cups-pdf names files `<junk>-job_<id>.pdf`; it may land just after the job completes."""
    out = Path(os.environ["KIOSK_TEST_CUPS_OUT"])
    for _ in range(100):
        found = list(out.glob(f"*-job_{job_ref}.pdf"))
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no *-job_{job_ref}.pdf in {out}")


@pytest.mark.daemons
def test_cups_prints_a_receipt(cups_queue: str, receipt_pdf: bytes, tmp_path: Path) -> None:
    printer = CupsPrinter(cups_queue)
    assert printer.status().health is PrinterHealth.OK
    result = printer.print_pdf(receipt_pdf, "办件凭证 YJS-4301-20240513-000123")
    assert (result.state, result.reason) == (PrintState.PRINTED, ""), result
    assert result.job_ref is not None
    output = cups_pdf_output(result.job_ref)
    # CUPS turns the PDF into PostScript for cups-pdf; the glyph names our fonts carry
    # (kiosk/documents/fonts.py) and the pdftops renderer keep the Chinese text through it.
    text = " ".join(pdf_text(output).split())
    for expected in ("办件凭证", "望城区政务服务中心", "新生儿出生一件事", "YJS-4301-20240513-000123",
                     "本次办理不收取任何费用", "Application receipt"):
        assert expected in text, expected
    for row in run(tool("pdffonts"), output).splitlines()[2:]:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
    assert qr_of(output, tmp_path) == QR_PAYLOAD


@pytest.mark.daemons
def test_cups_paused_queue(second_queue: str) -> None:
    cups.Connection().disablePrinter(second_queue)
    printer = CupsPrinter(second_queue)
    status = printer.status()
    assert (status.health, status.reasons[0]) == (PrinterHealth.ERROR, "paused")
    result = printer.print_pdf(b"%PDF-1.4", "receipt")
    assert (result.state, result.reason, result.job_ref) == (PrintState.FAILED, "paused", None)
    assert result.message.zh.startswith("打印机暂停服务")


@pytest.mark.daemons
def test_cups_queue_not_accepting(second_queue: str) -> None:
    cups.Connection().rejectJobs(second_queue)
    result = CupsPrinter(second_queue).print_pdf(b"%PDF-1.4", "receipt")
    assert (result.state, result.reason) == (PrintState.FAILED, "not_accepting")


@pytest.mark.daemons
def test_cups_held_job_is_canceled(second_queue: str, receipt_pdf: bytes) -> None:
    conn = cups.Connection()
    conn.addPrinterOptionDefault(second_queue, "job-hold-until", "indefinite")
    result = CupsPrinter(second_queue, timeout_s=10).print_pdf(receipt_pdf, "receipt")
    assert (result.state, result.reason) == (PrintState.FAILED, "held")
    assert result.job_ref is not None
    attrs = conn.getJobAttributes(int(result.job_ref), requested_attributes=["job-state"])
    assert attrs["job-state"] == 7, "the held job must be canceled, not left to print later"


@pytest.mark.daemons
def test_cups_missing_queue() -> None:
    printer = CupsPrinter("KioskNoSuchQueue")
    status = printer.status()
    assert (status.health, status.reasons) == (PrinterHealth.ERROR, ("not_found",))
    result = printer.print_pdf(b"%PDF-1.4", "receipt")
    assert (result.state, result.reason) == (PrintState.FAILED, "not_found")


@pytest.mark.daemons
def test_cups_prints_an_80mm_receipt_on_its_own_page_size(cups_queue: str) -> None:
    result = CupsPrinter(cups_queue, paper="80mm").print_receipt(sample_receipt(), "zh")
    assert result.state is PrintState.PRINTED and result.job_ref is not None, result
    output = cups_pdf_output(result.job_ref)
    size = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", run(tool("pdfinfo"), output))
    assert size is not None
    assert round(float(size.group(1)) * 25.4 / 72) == 80 and float(size.group(2)) > float(size.group(1))
    assert "办件凭证" in pdf_text(output)


@pytest.mark.daemons
def test_cups_prints_a_certificate(cups_queue: str, tmp_path: Path) -> None:
    from kiosk.documents.samples import sample_document

    result = CupsPrinter(cups_queue).print_pdf(sample_document("certificate"), "certificate HN-2026-00000123")
    assert result.state is PrintState.PRINTED and result.job_ref is not None, result
    output = cups_pdf_output(result.job_ref)
    text = pdf_text(output)
    assert "HN-2026-00000123" in text and "出生登记证明" in text
    assert qr_of(output, tmp_path).endswith("/v1/certificates/verify/HN-2026-00000123/Q4MZ8KXP")


def test_every_message_is_documented() -> None:
    """docs/printing.md lists what a citizen may read, word for word."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "printing.md").read_text(encoding="utf-8")
    for reason, message in MESSAGES.items():
        assert f"| `{reason}` | {message.zh} | {message.en} |" in doc, reason

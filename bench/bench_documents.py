"""Document and print rows.

- docs.receipt_pdf: the demo birth package's A4 receipt (kiosk.documents.samples), warm. Floor: a
  bare reportlab canvas drawing the same text (the receipt's lines, as kiosk.documents.ticket
  gives them) in the same embedded font, and the same QR code, in the same run.
- docs.certificate_pdf: the sample certificate, warm. Floor: the same bare canvas with the
  certificate's text and QR code.
- print.cups_roundtrip: from submitting the receipt PDF to CupsPrinter until CUPS says the job is
  completed, with cups-pdf (needs cupsd: `make bench` starts it). Floor: pycups's printFile of the
  same PDF and a poll for job-state 9, without the kiosk's status checks.
"""

from __future__ import annotations

import io
import os
import statistics
import time

import cups
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench.rows import Row, medians_ms, row_ratio
from devices.printers.base import PrintState
from devices.printers.cups import JOB_COMPLETED, CupsPrinter
from kiosk.documents.fonts import register_cjk_font
from kiosk.documents.receipt import render_receipt
from kiosk.documents.samples import sample_document, sample_receipt
from kiosk.documents.ticket import ticket_lines

REPEAT = 30
PRINTS = 5
QUEUE_ENV = "KIOSK_TEST_CUPS_QUEUE"  # set by tests/daemons.sh
POLL_S = 0.05


def bare_canvas(lines: list[str], qr_payload: str) -> bytes:
    """What any PDF with this text and QR code costs: one canvas, drawString per line, no layout."""
    font = register_cjk_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, initialFontName=font)
    canvas.setFont(font, 10)
    y = A4[1] - 20 * mm
    for line in lines:
        canvas.drawString(20 * mm, y, line)
        y -= 12
    widget = QrCodeWidget(qr_payload, barLevel="M", barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    side = 30 * mm
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, A4[0] - 20 * mm - side, A4[1] - 20 * mm - side)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _pdf_text(pdf: bytes) -> list[str]:
    """The lines pdftotext reads from a PDF: the certificate's text, for its floor."""
    import subprocess

    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return [line for line in done.stdout.decode().splitlines() if line.strip()]


def document_rows() -> list[Row]:
    receipt = sample_receipt()
    lines = [line.text for line in ticket_lines(receipt, "zh").lines]
    receipt_ms, receipt_floor = medians_ms(lambda: render_receipt(receipt, "zh", "a4"),
                                           lambda: bare_canvas(lines, receipt.qr_payload), REPEAT)

    certificate = sample_document("certificate")
    certificate_lines = _pdf_text(certificate)
    certificate_ms, certificate_floor = medians_ms(
        lambda: sample_document("certificate"), lambda: bare_canvas(certificate_lines, "/v1/certificates/verify/x/y"),
        REPEAT)
    return [
        row_ratio("docs.receipt_pdf", receipt_ms, receipt_floor),
        row_ratio("docs.certificate_pdf", certificate_ms, certificate_floor),
    ]


def _bare_print(conn: cups.Connection, queue: str, path: str) -> float:
    start = time.perf_counter()
    job = conn.printFile(queue, path, "bench-floor", {})
    while conn.getJobAttributes(job, requested_attributes=["job-state"]).get("job-state") != JOB_COMPLETED:
        time.sleep(POLL_S)
    return (time.perf_counter() - start) * 1000


def print_rows() -> list[Row]:
    queue = os.environ.get(QUEUE_ENV)
    if not queue:
        raise RuntimeError(f"{QUEUE_ENV} is not set: run `make bench`, which starts cupsd with a cups-pdf queue")
    import tempfile

    pdf = render_receipt(sample_receipt(), "zh", "a4")
    printer = CupsPrinter(queue, poll_s=POLL_S)
    conn = cups.Connection()
    kiosk, bare = [], []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as spool:
        spool.write(pdf)
        spool.flush()
        for _ in range(PRINTS):  # alternate, so drift on the machine hits both alike
            bare.append(_bare_print(conn, queue, spool.name))
            start = time.perf_counter()
            result = printer.print_pdf(pdf, "bench-receipt")
            kiosk.append((time.perf_counter() - start) * 1000)
            if result.state is not PrintState.PRINTED:
                raise RuntimeError(f"print.cups_roundtrip: the job did not complete: {result.reason}")
    value, floor = statistics.median(kiosk), statistics.median(bare)
    return [row_ratio("print.cups_roundtrip", value, floor)]

"""The printer test page: what a technician prints to see that Chinese, Latin, the QR code and the margins come out."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk import __version__
from kiosk.documents.fonts import register_cjk_font
from kiosk.documents.model import Paper
from kiosk.documents.qr import draw_qr

TITLE = "打印测试页 Printer test page"
CHINESE = "政务服务“一件事一次办”：一张表单，一次填写，一次办结。"
LATIN = "The quick brown fox jumps over the lazy dog. 0123456789"
VERDICT = ("如能清楚看到以上中文、英文、数字和二维码，且四角标记完整，打印机工作正常。",
           "If the Chinese, Latin, digits, QR code and four corner marks are clear, the printer works.")
ROLL_WIDTH = 80 * mm
ROLL_HEIGHT = 120 * mm


def test_page_payload(terminal_id: str, at: dt.datetime) -> str:
    return f"kiosk-print-test:{terminal_id}:{at.strftime('%Y%m%dT%H%M%S')}"


def render_test_page(terminal_id: str, printer: str, at: dt.datetime, paper: Paper = "a4") -> bytes:
    """One page, A4 or an 80 mm roll, with every font embedded."""
    font = register_cjk_font()
    width, height = A4 if paper == "a4" else (ROLL_WIDTH, ROLL_HEIGHT)
    margin = 12 * mm if paper == "a4" else 4 * mm
    size = 12 if paper == "a4" else 8
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=1, initialFontName=font, lang="zh-CN")
    canvas.setTitle(f"{TITLE} {terminal_id}")
    canvas.setAuthor("Hunan government service kiosk")
    canvas.setCreator(f"hunan-kiosk {__version__}")
    canvas.setSubject(printer)
    mark = 6 * mm
    for x, y, dx, dy in ((margin, margin, 1, 1), (width - margin, margin, -1, 1),
                         (margin, height - margin, 1, -1), (width - margin, height - margin, -1, -1)):
        canvas.line(x, y, x + dx * mark, y)
        canvas.line(x, y, x, y + dy * mark)
    top = height - margin - mark - size * 1.6
    lines = [TITLE, f"终端 Terminal: {terminal_id}", f"打印机 Printer: {printer}",
             f"时间 Time: {at.strftime('%Y-%m-%d %H:%M:%S')}", CHINESE, LATIN, *VERDICT]
    canvas.setFont(font, size * 1.4)
    canvas.drawString(margin + 2 * mm, top, lines[0])
    canvas.setFont(font, size)
    y = top - size * 2.2
    for line in lines[1:]:
        for chunk in _fit(line, width - 2 * margin - 4 * mm, font, size):
            canvas.drawString(margin + 2 * mm, y, chunk)
            y -= size * 1.5
    side = 30 * mm if paper == "a4" else 24 * mm
    draw_qr(canvas, test_page_payload(terminal_id, at), (width - side) / 2, max(margin + mark, y - side - 2 * mm), side)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _fit(text: str, width: float, font: str, size: float) -> list[str]:
    """Break a line where it would run past ``width`` (CJK text has no spaces to break at)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    chunks, current = [], ""
    for char in text:
        if current and stringWidth(current + char, font, size) > width:
            chunks.append(current)
            current = ""
        current += char
    return [*chunks, current] if current else chunks

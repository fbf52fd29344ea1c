"""QR codes drawn as one filled path.

reportlab's QrCodeWidget builds a validated Rect object per run of dark modules (thousands for a
status URL) and encodes the data twice (for its bounds, then to draw): most of a receipt's render
time. This encodes once, with reportlab's own encoder, and fills one path.
"""

from __future__ import annotations

import itertools

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white border, as the QR standard asks


def qr_modules(payload: str, level: str = "M") -> list[list[bool]]:
    """The QR symbol's modules, row by row from the top; True is dark."""
    code = QrCodeWidget(payload, barLevel=level).qr
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, side: float, level: str = "M") -> None:
    """The symbol with its quiet zone in a ``side`` square whose lower-left corner is (x, y)."""
    modules = qr_modules(payload, level)
    box = side / (len(modules) + 2 * QUIET_ZONE)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        top = y + side - (r + QUIET_ZONE + 1) * box
        c = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                path.rect(x + (c + QUIET_ZONE) * box, top, count * box, box)
            c += count
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):
    """A QR code of ``side`` points, for platypus documents."""

    def __init__(self, payload: str, side: float, level: str = "M") -> None:
        super().__init__()
        self.payload, self.side, self.level = payload, side, level
        self.width = self.height = side
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, 0, 0, self.side, self.level)

"""What a certificate draws besides text: its border, a seal-like mark and the QR code.

The mark is drawn in the template's accent colour with "（示意）" at its centre and a dashed inner
ring, and every certificate says it is a platform's record: it must never pass for an official seal.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kiosk.documents.certificates.model import Border


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """The colour mixed with white: 0 is the colour, 1 is white."""
    return colors.Color(*(c + (1 - c) * amount for c in (colour.red, colour.green, colour.blue)))


class Seal(Flowable):
    """A round mark: the department's name along the upper arc, and a centre that says it is illustrative."""

    def __init__(self, name: str, centre: tuple[str, str], colour: colors.Color, font: str,
                 radius: float = 18 * mm) -> None:
        super().__init__()
        self.name, self.centre, self.colour, self.font, self.radius = name, centre, colour, font, radius
        self.hAlign = "CENTER"

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return 2 * self.radius, 2 * self.radius

    def draw(self) -> None:
        canvas: Canvas = self.canv
        r = self.radius
        canvas.saveState()
        canvas.translate(r, r)
        canvas.setStrokeColor(self.colour)
        canvas.setFillColor(self.colour)
        canvas.setLineWidth(1.8)
        canvas.circle(0, 0, r - 1, stroke=1, fill=0)
        canvas.setLineWidth(0.5)
        canvas.setDash(1.5, 1.5)
        canvas.circle(0, 0, r * 0.56, stroke=1, fill=0)
        canvas.setDash()
        _arc_text(canvas, self.name, self.font, r - 4.5, max_size=r * 0.32)
        size = r * 0.2
        canvas.setFont(self.font, size)
        canvas.drawCentredString(0, size * 0.15, self.centre[0])
        canvas.drawCentredString(0, -size * 1.1, self.centre[1])
        canvas.restoreState()


def _arc_text(canvas: Canvas, text: str, font: str, radius: float, max_size: float) -> None:
    """Upright characters along the upper arc, centred at the top, over at most 250 degrees."""
    size = max_size
    width = stringWidth(text, font, size)
    arc = radius - size  # the baseline's radius
    limit = math.radians(250) * arc
    if width > limit:  # shrink to fit: the baseline moves out as the glyphs get smaller
        size = max_size * limit / width
        arc = radius - size
        width = stringWidth(text, font, size)
    canvas.setFont(font, size)
    offset = -width / 2
    for char in text:
        w = stringWidth(char, font, size)
        angle = -(offset + w / 2) / arc  # radians from the top, clockwise positive to the right
        canvas.saveState()
        canvas.rotate(math.degrees(angle))
        canvas.drawCentredString(0, arc, char)
        canvas.restoreState()
        offset += w


def draw_border(canvas: Canvas, border: Border, colour: colors.Color, width: float, height: float) -> None:
    """The page's frame in the template's style."""
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    outer = 9 * mm
    if border == "double":
        _rect(canvas, outer, width, height, 2.2)
        _rect(canvas, outer + 2 * mm, width, height, 0.6)
    elif border == "corners":
        _rect(canvas, outer + 1.5 * mm, width, height, 0.7)
        _corners(canvas, outer, width, height, 14 * mm)
    elif border == "rings":
        _rect(canvas, outer, width, height, 0.8)
        _rect(canvas, outer + 5 * mm, width, height, 0.8)
        _along(canvas, outer + 2.5 * mm, width, height, 4 * mm,
               lambda x, y: canvas.circle(x, y, 2.6 * mm, stroke=1, fill=0), 0.35)
    else:  # lattice
        _rect(canvas, outer - 1 * mm, width, height, 1.6)
        _rect(canvas, outer + 6 * mm, width, height, 0.8)
        _along(canvas, outer + 2.5 * mm, width, height, 5 * mm, lambda x, y: _diamond(canvas, x, y, 2.2 * mm), 0.5)
    canvas.restoreState()


def _rect(canvas: Canvas, inset: float, width: float, height: float, line: float) -> None:
    canvas.setLineWidth(line)
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)


def _corners(canvas: Canvas, inset: float, width: float, height: float, arm: float) -> None:
    canvas.setLineWidth(2.4)
    for x, dx in ((inset, 1), (width - inset, -1)):
        for y, dy in ((inset, 1), (height - inset, -1)):
            canvas.lines([(x, y, x + dx * arm, y), (x, y, x, y + dy * arm)])
            canvas.rect(x + dx * 3 * mm - 1.2 * mm, y + dy * 3 * mm - 1.2 * mm, 2.4 * mm, 2.4 * mm, stroke=0, fill=1)


def _diamond(canvas: Canvas, x: float, y: float, r: float) -> None:
    path = canvas.beginPath()
    path.moveTo(x, y - r)
    path.lineTo(x + r, y)
    path.lineTo(x, y + r)
    path.lineTo(x - r, y)
    path.close()
    canvas.drawPath(path, stroke=1, fill=0)


def _along(canvas: Canvas, inset: float, width: float, height: float, step: float,
           mark: Callable[[float, float], object], line: float) -> None:
    """Repeat a mark every ``step`` along the four sides of the rectangle ``inset`` from the edge."""
    canvas.setLineWidth(line)
    w, h = width - 2 * inset, height - 2 * inset
    for length, place in ((w, lambda t: (inset + t, inset)), (w, lambda t: (inset + t, height - inset)),
                          (h, lambda t: (inset, inset + t)), (h, lambda t: (width - inset, inset + t))):
        count = max(1, round(length / step))
        for i in range(count + 1):
            mark(*place(length * i / count))

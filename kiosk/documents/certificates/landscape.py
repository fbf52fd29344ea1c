"""The landscape layout, after the business licence: the headline (the credit code) and the QR at the top,
the title between them, the facts in two columns, and the issuer with the mark at the bottom right.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from kiosk.documents.certificates.pen import SERIAL, Pen, Story, cell_style


def landscape_story(pen: Pen, width: float) -> Story:
    template = pen.template
    headline: list[Flowable] = []
    if template.headline is not None and (code := pen.value(template.headline)) is not None:
        big = ParagraphStyle("headline", pen.body, fontSize=13, leading=17)
        headline = [pen.label(template.headline.label), pen.para(code, big)]
    headline += [Spacer(0, 2 * mm), pen.para(f"{SERIAL(pen.lang)}: {pen.cert.serial}", pen.small)]
    side = 0.3 * width
    title = pen.title(40 if pen.lang == "zh" else 30)
    top = Table([[headline, title, pen.qr(28 * mm, "RIGHT")]], colWidths=[side, width - 2 * side, side])
    top.setStyle([*cell_style(0), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (2, 0), "RIGHT")])
    split = template.split or (len(template.facts) + 1) // 2
    left, right = pen.stated(template.facts[:split]), pen.stated(template.facts[split:])
    column = (width - 6 * mm) / 2
    body = Table([[pen.facts_table(left, column, 0.26), pen.facts_table(right, column, 0.26)]],
                 colWidths=[column + 6 * mm, column])
    body.setStyle([*cell_style(0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    seal_width = 40 * mm
    issued = pen.issued()
    issuer_width = seal_width + 36 * mm
    foot = Table([[[pen.record(), Spacer(0, 3 * mm), *pen.notes()], issued, pen.seal(17 * mm)]],
                 colWidths=[width - seal_width - issuer_width, issuer_width, seal_width])
    foot.setStyle([*cell_style(0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (1, 0), (1, 0), 8 * mm)])
    statement = [pen.para(template.statement(pen.lang), ParagraphStyle("statement", pen.body, alignment=TA_CENTER))]
    return Story([top, Spacer(0, 6 * mm), *(statement if template.statement.zh else []), body], [foot])

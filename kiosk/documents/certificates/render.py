"""Rendering a certificate with its kind's template: one page, A4 portrait or landscape, every font embedded.

The page has two frames: the body (title and facts) from the top, and the footer (issuer, mark, QR
code, notes) at the bottom, as tall as it needs. Each is shrunk to fit rather than spill onto a
second page, should a long fact (a business scope) overflow. The border is drawn on the page.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, KeepInFrame, PageTemplate, Spacer, Table

from kiosk import __version__
from kiosk.documents.certificates.landscape import landscape_story
from kiosk.documents.certificates.marks import draw_border
from kiosk.documents.certificates.model import CertificateData
from kiosk.documents.certificates.pen import AUTHOR, QR_SIDE, SERIAL, Pen, Story, cell_style
from kiosk.i18n import Language

MARGIN = 20 * mm
GAP = 6 * mm  # between the body and the footer


def _portrait(pen: Pen, width: float) -> Story:
    template = pen.template
    body = [*pen.title(26), Spacer(0, 5 * mm), pen.para(f"{SERIAL(pen.lang)}: {pen.cert.serial}", pen.right),
            Spacer(0, 3 * mm)]
    if template.statement.zh:
        body += [pen.para(template.statement(pen.lang)), Spacer(0, 3 * mm)]
    body += [pen.facts_table(pen.stated(template.facts), width), Spacer(0, 2 * mm), pen.record()]
    seal_width, qr_width = 44 * mm, QR_SIDE + 8 * mm
    signature = Table([[pen.issued(), pen.seal(), pen.qr()]],
                      colWidths=[width - seal_width - qr_width, seal_width, qr_width])
    signature.setStyle([*cell_style(0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return Story(body, [signature, Spacer(0, 5 * mm), *pen.notes()])


def render_certificate(cert: CertificateData, lang: Language = "zh") -> bytes:
    """The certificate as a one-page PDF in its template's layout, with every font embedded."""
    pen = Pen(cert, lang)
    look = pen.template.look
    page = landscape(A4) if look.orientation == "landscape" else A4
    width, height = page[0] - 2 * MARGIN, page[1] - 2 * MARGIN
    story = landscape_story(pen, width) if look.orientation == "landscape" else _portrait(pen, width)
    natural = sum(f.wrap(width, height)[1] for f in story.footer)
    footer_height = min(natural, height / 2) + 1  # a point to spare: frames refuse an exact fit
    footer = KeepInFrame(width, footer_height, story.footer, mode="shrink")
    body_height = height - footer_height - GAP
    frames = [Frame(MARGIN, page[1] - MARGIN - body_height, width, body_height, id="body"),
              Frame(MARGIN, MARGIN, width, footer_height, id="footer")]
    for frame in frames:
        frame.leftPadding = frame.rightPadding = frame.topPadding = frame.bottomPadding = 0

    def border(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_border(canvas, look.border, pen.accent, page[0], page[1])

    out = io.BytesIO()
    title = pen.template.title(lang)
    item = cert.facts.get("item_name")
    doc = BaseDocTemplate(
        out, pagesize=page, invariant=1, initialFontName=pen.font, title=f"{title} {cert.serial}", author=AUTHOR,
        subject=f"{item(lang)} · {cert.issuer(lang)}" if item else cert.issuer(lang),
        creator=f"hunan-kiosk {__version__}", lang="zh-CN" if lang == "zh" else "en",
    )
    doc.addPageTemplates([PageTemplate(id=pen.template.kind, frames=frames, onPage=border)])
    content: list[Flowable] = [KeepInFrame(width, body_height, story.body, mode="shrink"), FrameBreak(), footer]
    doc.build(content)
    return out.getvalue()

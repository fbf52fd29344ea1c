"""The 办件凭证 (application receipt) as a PDF, on A4 or on 80 mm roll paper.

Every text style uses the embedded CJK TrueType font: print servers replace
unembedded fonts (Helvetica, STSong-Light) with bad substitutes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.flowables import HRFlowable

from kiosk import __version__
from kiosk.documents.fonts import FONT_NAME, register_cjk_font
from kiosk.documents.model import Paper, Receipt, ReceiptItem
from kiosk.documents.qr import QrFlowable
from kiosk.documents.wording import (
    ASSISTED,
    CODE,
    DEPARTMENT,
    HALL,
    HOW_TO_CHECK,
    ITEM,
    ITEM_NUMBER,
    ITEMS,
    NO_FEES,
    NO_NEED,
    NONE,
    NUMBER,
    PACKAGE,
    PROMISED,
    QUEUED,
    SCAN,
    SHORT_ENGLISH,
    STAFF_ENTERED,
    SUBMITTED,
    TERMINAL,
    TIME,
    TITLE,
    TO_BRING,
)
from kiosk.i18n import Language, Text

AUTHOR = "Hunan government service kiosk"

GREY = colors.Color(0.3, 0.3, 0.3)


@dataclass(frozen=True)
class _Layout:
    pagesize: tuple[float, float]
    margin: float
    body: float  # font sizes in pt
    title: float
    number: float
    qr: float
    wide: bool  # A4: QR beside the facts, items as one table


_LAYOUTS: dict[Paper, _Layout] = {
    "a4": _Layout(A4, 15 * mm, 10.5, 22, 22, 36 * mm, wide=True),
    "80mm": _Layout((80 * mm, 0), 4 * mm, 9, 16, 18, 40 * mm, wide=False),
}


class _Writer:
    """Builds the flowables for one language and paper size."""

    def __init__(self, lang: Language, layout: _Layout) -> None:
        self.lang, self.layout = lang, layout
        self.font = register_cjk_font()
        self.width = layout.pagesize[0] - 2 * layout.margin
        size = layout.body
        wrap = "CJK" if lang == "zh" else None  # CJK: break between any two ideographs
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=size, leading=size * 1.4, wordWrap=wrap)
        self.value = ParagraphStyle("value", self.body, wordWrap="CJK")  # numbers may break anywhere
        self.small = ParagraphStyle("small", self.body, fontSize=size * 0.8, leading=size * 1.1, textColor=GREY)
        self.heading = ParagraphStyle("heading", self.body, fontSize=size * 1.15, leading=size * 1.5)
        self.centre = ParagraphStyle("centre", self.body, alignment=TA_CENTER)
        self.bullet = ParagraphStyle("bullet", self.body, leftIndent=size, bulletFontName=self.font)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def label(self, text: Text, style: ParagraphStyle | None = None, *, width: float = 0,
              english: bool = True) -> Paragraph:
        """Chinese with the English beside it if the line fits, else under it if short, else left off."""
        style = style or self.body
        if self.lang == "en":
            return self.para(text.en, style)
        markup = escape(text.zh)
        if english and len(text.en) <= SHORT_ENGLISH:
            size = style.fontSize * 0.8
            english_markup = f'<font size="{size:.1f}" color="#4d4d4d">{escape(text.en)}</font>'
            inline = stringWidth(f"{text.zh}  ", self.font, style.fontSize) + stringWidth(text.en, self.font, size)
            markup += ("&nbsp;&nbsp;" if inline <= (width or self.width) else "<br/>") + english_markup
        return Paragraph(markup, style)

    def title(self) -> list[Flowable]:
        size = self.layout.title
        style = ParagraphStyle("title", self.centre, fontSize=size, leading=size * 1.25)
        out: list[Flowable] = [self.para(TITLE(self.lang), style)]
        if self.lang == "zh":
            out.append(self.para(TITLE.en, ParagraphStyle("sub", self.small, alignment=TA_CENTER)))
        return [*out, Spacer(0, 3 * mm)]

    def facts(self, rows: Sequence[tuple[Text, Paragraph]], width: float, *, english: bool = True) -> Table:
        label_width = min(0.34 * width, 26 * mm if english else 17 * mm)
        cells = [[self.label(key, self.small, width=label_width - 4, english=english), value] for key, value in rows]
        table = Table(cells, colWidths=[label_width, width - label_width], hAlign="LEFT")
        table.setStyle([*_cell_style(2, left=0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        return table

    def qr(self, payload: str) -> QrFlowable:
        return QrFlowable(payload, self.layout.qr)

    def header(self, receipt: Receipt) -> list[Flowable]:
        issued = receipt.issued_at.strftime("%Y-%m-%d %H:%M")
        rows = [(HALL, self.para(receipt.hall(self.lang))), (TERMINAL, self.para(receipt.terminal_id, self.value)),
                (TIME, self.para(issued)), (PACKAGE, self.para(receipt.package_name(self.lang)))]
        if receipt.assisted_by is not None:
            rows.append((ASSISTED, self.para(receipt.assisted_by(self.lang))))
        if not self.layout.wide:
            return [*self.title(), self.facts(rows, self.width)]
        qr_width = self.layout.qr + 6 * mm
        caption = self.label(SCAN, ParagraphStyle("scan", self.small, alignment=TA_CENTER), width=qr_width)
        table = Table([[self.facts(rows, self.width - qr_width), [self.qr(receipt.qr_payload), caption]]],
                      colWidths=[self.width - qr_width, qr_width])
        table.setStyle([*_cell_style(0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        return [*self.title(), table]

    def application_number(self, number: str, label: Text = NUMBER, size: float = 0) -> Table:
        """The number boxed, as large as ``size`` (the layout's by default) if it fits the width."""
        pad = 3 * mm
        size = min(size or self.layout.number, (self.width - 2 * pad) / max(stringWidth(number, self.font, 1), 1))
        big = Paragraph(escape(number), ParagraphStyle("number", self.value, fontSize=size, leading=size * 1.3))
        table = Table([[[self.label(label, self.small, width=self.width - 2 * pad), big]]], colWidths=[self.width])
        table.setStyle([*_cell_style(pad), ("BOX", (0, 0), (-1, -1), 1.2, colors.black)])
        return table

    def submission(self, submitted: bool) -> Flowable:
        if submitted:
            return self.label(SUBMITTED)
        pad = 2 * mm
        notice = Table([[self.label(QUEUED, self.heading, width=self.width - 2 * pad)]], colWidths=[self.width])
        notice.setStyle([*_cell_style(pad), ("BOX", (0, 0), (-1, -1), 1.5, colors.black)])
        return notice

    def items(self, items: Sequence[ReceiptItem]) -> list[Flowable]:
        out: list[Flowable] = [self.label(ITEMS, self.heading), Spacer(0, 1 * mm)]
        if self.layout.wide:
            widths = [f * self.width for f in (0.31, 0.29, 0.26, 0.14)]
            titles = (ITEM, DEPARTMENT, ITEM_NUMBER, PROMISED)
            head = [self.label(t, self.small, width=w - 6) for t, w in zip(titles, widths, strict=True)]
            number = ParagraphStyle("item-number", self.value, fontSize=self.body.fontSize * 0.9)
            rows = [
                [self.para(i.name(self.lang)), self.para(i.department(self.lang)),
                 self.para(i.number, number), self.para(i.promised_date.isoformat())]
                for i in items
            ]
            table = Table([head, *rows], colWidths=widths, repeatRows=1)
            table.setStyle([
                *_cell_style(3),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, GREY),
            ])
            return [*out, table]
        for item in items:
            facts = [
                (DEPARTMENT, self.para(item.department(self.lang))),
                (ITEM_NUMBER, self.para(item.number, self.value)),
                (PROMISED, self.para(item.promised_date.isoformat())),
            ]
            out += [
                HRFlowable(width="100%", thickness=0.3, color=GREY, spaceBefore=2, spaceAfter=2),
                self.para(item.name(self.lang), self.heading),
                self.facts(facts, self.width, english=False),
            ]
        return out

    def materials(self, heading: Text, materials: Sequence[Text]) -> list[Flowable]:
        lines = [Paragraph(escape(m(self.lang)), self.bullet, bulletText="•") for m in materials]
        lines = lines or [self.para(NONE(self.lang))]
        return [self.label(heading, self.heading), *lines]

    def status(self, receipt: Receipt) -> list[Flowable]:
        out: list[Flowable] = [] if self.layout.wide else [self.qr(receipt.qr_payload), Spacer(0, 1 * mm)]
        out += [self.label(HOW_TO_CHECK, self.heading)]
        if receipt.verification_code:
            out.append(self.facts([(CODE, self.para(receipt.verification_code, self.value))], self.width))
        return [*out, self.para(receipt.status_hint(self.lang))]

    def no_fees(self) -> Table:
        pad = 2 * mm
        style = ParagraphStyle("fees", self.heading, alignment=TA_CENTER)
        table = Table([[self.label(NO_FEES, style, width=self.width - 2 * pad)]])
        table.setStyle([*_cell_style(pad), ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black)])
        return table


def _cell_style(pad: float, *, left: float | None = None) -> list[tuple[object, ...]]:
    """Padding, and the CJK font even for empty cells: a table's default font is Helvetica."""
    sides = {"LEFTPADDING": pad if left is None else left, "RIGHTPADDING": pad, "TOPPADDING": pad,
             "BOTTOMPADDING": pad}
    return [("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
            *((side, (0, 0), (-1, -1), value) for side, value in sides.items())]


def _flowables(receipt: Receipt, w: _Writer) -> list[Flowable]:
    gap = Spacer(0, 3 * mm)
    return [
        *w.header(receipt), *([gap, w.label(STAFF_ENTERED, w.heading)] if receipt.staff_entered else []), gap,
        w.application_number(receipt.application_number), gap,
        w.submission(receipt.submitted), gap, *w.items(receipt.items), gap,
        *w.materials(TO_BRING, receipt.to_bring), gap, *w.materials(NO_NEED, receipt.no_need_to_bring), gap,
        *w.status(receipt), gap, w.no_fees(),
    ]


def _content_height(flowables: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for n, flowable in enumerate(flowables):
        _, height = flowable.wrap(width, 1e6)
        total += height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if n else 0)
    return total


def render_receipt(receipt: Receipt, lang: Language, paper: Paper = "a4") -> bytes:
    """The receipt as PDF bytes; 80 mm paper is one page as long as the content."""
    layout = _LAYOUTS[paper]
    writer = _Writer(lang, layout)
    story = _flowables(receipt, writer)
    width, height = layout.pagesize
    if not height:
        height = _content_height(story, writer.width) + 2 * layout.margin + 2 * mm  # 2 mm: rounding slack
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=(width, height), invariant=1, initialFontName=writer.font,
        title=f"{TITLE(lang)} {receipt.application_number}", author=AUTHOR,
        subject=receipt.package_name(lang), creator=f"hunan-kiosk {__version__}",
        lang="zh-CN" if lang == "zh" else "en",
    )
    frame = Frame(layout.margin, layout.margin, writer.width, height - 2 * layout.margin,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content")
    doc.addPageTemplates([PageTemplate(id="receipt", frames=[frame])])
    doc.build(story)
    return out.getvalue()

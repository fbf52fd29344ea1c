"""The pieces both certificate layouts are made of, in one language and the template's accent colour."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from kiosk.documents.certificates.marks import Seal, tint
from kiosk.documents.certificates.model import CertificateData, Fact
from kiosk.documents.certificates.templates import RECORD, template_for
from kiosk.documents.fonts import FONT_NAME, register_cjk_font
from kiosk.documents.qr import QrFlowable
from kiosk.i18n import Language, Text

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
SERIAL, ISSUER, ISSUED_ON = Text("证书编号", "Serial No."), Text("签发机关", "Issued by"), Text("签发日期", "Issued on")
CODE = Text("核验码", "Verification code")
SCAN = Text("扫码核验真伪", "Scan to verify")
MARK = (Text("办理结果", "Result"), Text("（示意）", "(a mark)"))
NOTE = Text(
    "本证明由政务服务平台签发，可扫描二维码或凭证书编号和核验码核验真伪。",
    "Issued by the government service platform. Check it by scanning the QR code, "
    "or with the serial number and the verification code.",
)
NOT_A_SEAL = Text(
    "本件为政务服务平台签发的办理结果凭证，圆形图案为示意标记，不是公章。",
    "This is a record of the result issued by the government service platform; "
    "the round mark is an illustration, not an official seal.",
)
GREY = colors.Color(0.35, 0.35, 0.35)
QR_SIDE = 32 * mm
AUTHOR = "湖南省政务服务平台 (Hunan government service platform)"


class Story(NamedTuple):
    body: list[Flowable]  # from the top of the page
    footer: list[Flowable]  # at the bottom


def day_text(iso: str, lang: Language) -> str:
    """2026年11月21日 in Chinese, 2026-11-21 in English; anything not a date as it is."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def cell_style(pad: float) -> list[tuple[object, ...]]:
    """Padding, and the CJK font even for empty cells: a table's default font is Helvetica."""
    sides = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    return [("FONTNAME", (0, 0), (-1, -1), FONT_NAME), *((side, (0, 0), (-1, -1), pad) for side in sides)]


class Pen:
    """Styles and small pieces shared by both layouts, in one language and one accent colour."""

    def __init__(self, cert: CertificateData, lang: Language) -> None:
        self.cert, self.lang, self.template = cert, lang, template_for(cert.kind)
        self.font = register_cjk_font()
        self.accent = colors.HexColor(self.template.look.accent)
        wrap = "CJK" if lang == "zh" else None
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=11.5, leading=17, wordWrap=wrap)
        self.small = ParagraphStyle("small", self.body, fontSize=8.5, leading=11.5, textColor=GREY)
        self.centre = ParagraphStyle("centre", self.body, alignment=TA_CENTER)
        self.right = ParagraphStyle("right", self.small, alignment=TA_RIGHT)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def label(self, text: Text, style: ParagraphStyle | None = None) -> Paragraph:
        """Chinese with the English under it in small grey; English alone in the English version."""
        style = style or self.small
        if self.lang == "en":
            return self.para(text.en, style)
        return Paragraph(f'{escape(text.zh)}<br/><font size="7">{escape(text.en)}</font>', style)

    def value(self, fact: Fact) -> str | None:
        """The fact as stated, or None when the platform stored nothing and there is no default."""
        text = self.cert.facts.get(fact.key) or fact.default
        if text is None:
            return None
        out = day_text(text(self.lang), self.lang) if fact.date else text(self.lang)
        return out + fact.unit(self.lang) if fact.unit else out

    def stated(self, facts: tuple[Fact, ...]) -> list[tuple[Fact, str]]:
        return [(f, v) for f in facts if (v := self.value(f)) is not None]

    def title(self, size: float) -> list[Flowable]:
        title = self.template.title
        style = ParagraphStyle("title", self.centre, fontSize=size, leading=size * 1.3, textColor=self.accent)
        out: list[Flowable] = [self.para(title(self.lang), style)]
        if self.lang == "zh":
            out.append(self.para(title.en, ParagraphStyle("subtitle", self.small, alignment=TA_CENTER)))
        out.append(self.para(self.template.basis(self.lang), ParagraphStyle("basis", self.small, alignment=TA_CENTER)))
        return out

    def facts_table(self, facts: list[tuple[Fact, str]], width: float, label_share: float = 0.3) -> Table:
        label_width = label_share * width
        rows = [[self.label(f.label), self.para(v)] for f, v in facts] or [["", ""]]
        table = Table(rows, colWidths=[label_width, width - label_width])
        table.setStyle([*cell_style(2.6 * mm), ("GRID", (0, 0), (-1, -1), 0.5, tint(self.accent, 0.45)),
                        ("BACKGROUND", (0, 0), (0, -1), tint(self.accent, 0.92)),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        return table

    def record(self) -> Paragraph:
        """The application's record in one small line: the facts of RECORD the template does not state."""
        own = set(self.template.stated_keys())
        parts = [f"{f.label(self.lang)}: {v}" for f, v in self.stated(RECORD) if f.key not in own]
        return self.para(("；" if self.lang == "zh" else "; ").join(parts), self.small)

    def issued(self) -> list[Flowable]:
        day = self.cert.issued_at.astimezone(CHINA).date()
        return [self.label(ISSUER), self.para(self.cert.issuer(self.lang)), Spacer(0, 2 * mm),
                self.label(ISSUED_ON), self.para(day_text(day.isoformat(), self.lang)), Spacer(0, 2 * mm),
                self.label(CODE), self.para(self.cert.verification_code)]

    def seal(self, radius: float = 18 * mm) -> Seal:
        centre = (MARK[0](self.lang), MARK[1](self.lang))
        return Seal(self.cert.issuer(self.lang), centre, self.accent, self.font, radius)

    def qr(self, side: float = QR_SIDE, align: str = "CENTER") -> list[Flowable]:
        style = ParagraphStyle("scan", self.small, alignment=TA_RIGHT if align == "RIGHT" else TA_CENTER)
        drawing = QrFlowable(self.cert.verification_path, side)
        drawing.hAlign = align
        return [drawing, self.label(SCAN, style)]

    def notes(self) -> list[Flowable]:
        return [self.para(NOTE(self.lang), self.small), self.para(NOT_A_SEAL(self.lang), self.small)]

"""A certificate for an approved item application, as an A4 PDF.

One generic template for every kind for now: the title names the kind, a table states the
facts, and a QR code carries the platform's verification path, so anyone may check it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table

from kiosk import __version__
from kiosk.documents.fonts import FONT_NAME, register_cjk_font
from kiosk.i18n import Language, Text

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
GENERIC_KIND = "approval_notice"
TITLES: dict[str, Text] = {
    GENERIC_KIND: Text("审批结果通知书", "Notice of approval"),
    "birth_medical_certificate": Text("出生医学证明", "Medical birth certificate"),
    "vaccination_certificate": Text("预防接种证", "Vaccination certificate"),
    "household_entry": Text("户口登记证明", "Household registration record"),
    "household_certificate": Text("户籍证明", "Household registration certificate"),
    "marriage_registration": Text("结婚登记证明", "Marriage registration record"),
    "residence_permit": Text("居住证签发通知书", "Residence permit notice"),
    "death_certificate": Text("死亡医学证明", "Medical certificate of death"),
    "cremation_certificate": Text("火化证明", "Cremation certificate"),
    "school_enrolment": Text("入学通知书", "School enrolment notice"),
}
SERIAL, ISSUER, ISSUED_ON = Text("证书编号", "Serial No."), Text("签发机关", "Issued by"), Text("签发日期", "Issued on")
CODE = Text("核验码", "Verification code")
INTRO = Text("经审核，准予办理。特此证明。", "This application has been reviewed and approved.")
SCAN = Text("扫码核验真伪", "Scan to verify")
NOTE = Text(
    "本证明由政务服务平台签发，可扫描二维码或凭证书编号和核验码核验真伪。",
    "Issued by the government service platform. Check it by scanning the QR code, "
    "or with the serial number and the verification code.",
)
GREY = colors.Color(0.3, 0.3, 0.3)
MARGIN = 20 * mm
QR_SIDE = 34 * mm


def certificate_title(kind: str) -> Text:
    return TITLES.get(kind, TITLES[GENERIC_KIND])


def verification_path(serial: str, code: str) -> str:
    """Where the platform answers whether a certificate is genuine; unsigned, so any phone may ask."""
    return f"/v1/certificates/verify/{serial}/{code}"


@dataclass(frozen=True)
class CertificateData:
    kind: str
    serial: str
    verification_code: str
    issued_at: dt.datetime
    issuer: Text
    facts: tuple[tuple[Text, Text], ...]  # label, value: what the certificate states

    @property
    def title(self) -> Text:
        return certificate_title(self.kind)

    @property
    def verification_path(self) -> str:
        return verification_path(self.serial, self.verification_code)


class _Writer:
    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.font = register_cjk_font()
        self.width = A4[0] - 2 * MARGIN
        wrap = "CJK" if lang == "zh" else None
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=11.5, leading=17, wordWrap=wrap)
        self.small = ParagraphStyle("small", self.body, fontSize=9, leading=12, textColor=GREY)
        self.centre = ParagraphStyle("centre", self.body, alignment=TA_CENTER)
        self.right = ParagraphStyle("right", self.small, alignment=TA_RIGHT)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def label(self, text: Text, style: ParagraphStyle | None = None) -> Paragraph:
        """Chinese with the English under it in small grey; English alone in the English version."""
        style = style or self.small
        if self.lang == "en":
            return self.para(text.en, style)
        return Paragraph(f'{escape(text.zh)}<br/><font size="7.5">{escape(text.en)}</font>', style)

    def title(self, cert: CertificateData) -> list[Flowable]:
        style = ParagraphStyle("title", self.centre, fontSize=26, leading=34)
        out: list[Flowable] = [self.para(cert.title(self.lang), style)]
        if self.lang == "zh":
            out.append(self.para(cert.title.en, ParagraphStyle("subtitle", self.small, alignment=TA_CENTER)))
        serial = f"{SERIAL(self.lang)}: {cert.serial}"
        return [*out, Spacer(0, 4 * mm), self.para(serial, self.right), Spacer(0, 6 * mm)]

    def facts(self, cert: CertificateData) -> Table:
        label_width = 0.3 * self.width
        rows = [[self.label(label), self.para(value(self.lang))] for label, value in cert.facts]
        table = Table(rows, colWidths=[label_width, self.width - label_width])
        table.setStyle([*_cell_style(3 * mm), ("GRID", (0, 0), (-1, -1), 0.5, GREY),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        return table

    def qr(self, payload: str) -> Drawing:
        widget = QrCodeWidget(payload, barLevel="M", barBorder=4)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(QR_SIDE, QR_SIDE, transform=[QR_SIDE / (x1 - x0), 0, 0, QR_SIDE / (y1 - y0), 0, 0],
                          initialFontName=self.font)
        drawing.add(widget)
        drawing.hAlign = "CENTER"
        return drawing

    def signature(self, cert: CertificateData) -> Table:
        day = cert.issued_at.astimezone(CHINA).date()
        issued = f"{day.year}年{day.month}月{day.day}日" if self.lang == "zh" else day.isoformat()
        left = [self.label(ISSUER), self.para(cert.issuer(self.lang)), Spacer(0, 3 * mm),
                self.label(ISSUED_ON), self.para(issued), Spacer(0, 3 * mm),
                self.label(CODE), self.para(cert.verification_code)]
        caption = self.label(SCAN, ParagraphStyle("scan", self.small, alignment=TA_CENTER))
        qr_width = QR_SIDE + 8 * mm
        table = Table([[left, [self.qr(cert.verification_path), caption]]],
                      colWidths=[self.width - qr_width, qr_width])
        table.setStyle([*_cell_style(0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        return table


def _cell_style(pad: float) -> list[tuple[object, ...]]:
    """Padding, and the CJK font even for empty cells: a table's default font is Helvetica."""
    sides = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    return [("FONTNAME", (0, 0), (-1, -1), FONT_NAME), *((side, (0, 0), (-1, -1), pad) for side in sides)]


def render_certificate(cert: CertificateData, lang: Language = "zh") -> bytes:
    """The certificate as a one-page A4 PDF with every font embedded."""
    writer = _Writer(lang)
    story: list[Flowable] = [
        *writer.title(cert), writer.para(INTRO(lang)), Spacer(0, 4 * mm), writer.facts(cert),
        Spacer(0, 10 * mm), writer.signature(cert), Spacer(0, 8 * mm), writer.para(NOTE(lang), writer.small),
    ]
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=A4, invariant=1, initialFontName=writer.font, title=f"{cert.title(lang)} {cert.serial}",
        author="Hunan government service platform", creator=f"hunan-kiosk {__version__}",
        lang="zh-CN" if lang == "zh" else "en",
    )
    frame = Frame(MARGIN, MARGIN, writer.width, A4[1] - 2 * MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content")
    doc.addPageTemplates([PageTemplate(id="certificate", frames=[frame])])
    doc.build(story)
    return out.getvalue()

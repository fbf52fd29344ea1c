"""A printout of an electronic licence (电子证照打印件): A4, the licence as a card, for reference only.

The card states the licence's number, holder, dates ("长期" when it never expires) and its data,
each known key under a readable label; a QR code carries the path where the licence can be checked.

Masking: the licence's own number is printed in full, even where it is a resident ID number
(a driving licence's, a residence permit's): it is what the printout is a copy of, and the QR
code must carry it to verify the licence, so hiding it in the text would hide nothing. Any other
value that looks like a resident ID number (a spouse's, an owner's) is masked as
kiosk.identity.mask_id_number does: it is someone's number the printout has no need to show.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepInFrame, PageTemplate, Paragraph, Spacer, Table

from kiosk import __version__
from kiosk.documents.certificates.marks import tint
from kiosk.documents.certificates.pen import cell_style, day_text
from kiosk.documents.fonts import register_cjk_font
from kiosk.documents.qr import QrFlowable
from kiosk.i18n import Language, Text
from kiosk.identity import mask_id_number

if TYPE_CHECKING:
    from kiosk.sync.wire import Licence

ID_NUMBER = re.compile(r"^(\d{17}[\dXx]|\d{15})$")
INDEFINITE = Text("长期", "Indefinite")
HEADING = Text("电子证照打印件", "Printout of an electronic licence")
NUMBER, HOLDER = Text("证照编号", "Licence No."), Text("持证人", "Holder")
ISSUED_ON, VALID_UNTIL = Text("签发日期", "Issued on"), Text("有效期至", "Valid until")
SCAN = Text("扫码核验证照状态", "Scan to check the licence")
DISCLAIMER = Text(
    "本件为电子证照的打印件，仅供参考，不作为证照原件使用；证照是否有效以扫描二维码核验的结果为准。",
    "This is a printout of an electronic licence, for reference only: it is not the licence itself. "
    "Scan the QR code to check whether the licence is valid.",
)
YES, NO = Text("是", "Yes"), Text("否", "No")
LABELS: dict[str, Text] = {
    "name": Text("姓名", "Name"), "sex": Text("性别", "Sex"), "nationality": Text("国籍", "Nationality"),
    "ethnicity": Text("民族", "Ethnic group"), "birth_date": Text("出生日期", "Date of birth"),
    "address": Text("住址", "Address"), "issuer": Text("发证机关", "Issued by"),
    "licence_class": Text("准驾车型", "Vehicle class"), "first_issued_on": Text("初次领证日期", "First issued on"),
    "file_number": Text("档案编号", "File No."), "plate_number": Text("号牌号码", "Plate number"),
    "vehicle_type": Text("车辆类型", "Vehicle type"), "owner": Text("所有人", "Owner"),
    "use": Text("使用性质", "Use"), "model": Text("品牌型号", "Make and model"),
    "vin": Text("车辆识别代号", "VIN"), "registered_on": Text("注册日期", "Registered on"),
    "inspection_valid_until": Text("检验有效期至", "Inspection valid until"),
    "household_type": Text("户别", "Household type"), "head_of_household": Text("户主姓名", "Head of household"),
    "relation_to_head": Text("与户主关系", "Relation to the head"), "native_place": Text("籍贯", "Native place"),
    "registration_authority": Text("户口登记机关", "Registration authority"),
    "card_kind": Text("卡类型", "Card type"), "bank": Text("合作银行", "Bank"),
    "residence_address": Text("居住地址", "Address of residence"), "signings": Text("签注次数", "Endorsements"),
    "spouse_name": Text("配偶姓名", "Spouse"), "registered_at": Text("登记机关", "Registered at"),
}
ACCENTS = {"driving_licence": "#2b5797", "vehicle_licence": "#2b5797", "household_register": "#7a2b1d",
           "social_security_card": "#1f6f5c", "residence_permit": "#4a3b8f", "marriage_certificate": "#b0182a"}
MARGIN = 20 * mm


def licence_verification_path(kind: str, number: str) -> str:
    """Where the platform answers whether an e-licence is valid; the number percent-encoded (湘A… plates)."""
    return f"/v1/licences/verify/{quote(kind, safe='')}/{quote(number, safe='')}"


@dataclass(frozen=True)
class LicenceData:
    kind: str
    kind_name: Text
    number: str
    issued_on: dt.date | None
    valid_until: dt.date | None  # None: valid indefinitely (长期)
    holder: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, licence: Licence, holder: str) -> LicenceData:
        """From a licence as the platform lists it (GET /v1/citizens/{key}/licences)."""
        return cls(licence.kind, licence.kind_name.text(), licence.number, licence.issued_on, licence.valid_until,
                   holder, dict(licence.data))

    @property
    def verification_path(self) -> str:
        return licence_verification_path(self.kind, self.number)


def label_for(key: str) -> Text:
    """A data key's label; an unknown key spelled out ("fuel_type" → "fuel type")."""
    return LABELS.get(key) or Text(key.replace("_", " "), key.replace("_", " ").capitalize())


def shown(value: object, own_number: str, lang: Language) -> str:
    """A data value as printed: dates in the language's form, other people's ID numbers masked."""
    if isinstance(value, bool):
        return (YES if value else NO)(lang)
    if isinstance(value, list | tuple):
        return ("、" if lang == "zh" else ", ").join(shown(v, own_number, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label_for(str(k))(lang)}: {shown(v, own_number, lang)}" for k, v in value.items())
    text = str(value)
    if ID_NUMBER.match(text) and text != own_number:
        return mask_id_number(text)
    return day_text(text, lang) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text


def render_licence(licence: LicenceData, lang: Language = "zh") -> bytes:
    """The printout as a one-page A4 PDF with every font embedded."""
    font = register_cjk_font()
    accent = colors.HexColor(ACCENTS.get(licence.kind, "#24578b"))
    width = A4[0] - 2 * MARGIN
    wrap = "CJK" if lang == "zh" else None
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=15, wordWrap=wrap)
    small = ParagraphStyle("small", body, fontSize=8.5, leading=11.5, textColor=colors.Color(0.35, 0.35, 0.35))
    band = ParagraphStyle("band", body, fontSize=20, leading=26, textColor=colors.white)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    def day(value: dt.date | None, missing: Text) -> str:
        return day_text(value.isoformat(), lang) if value else missing(lang)

    rows: list[tuple[Text, str]] = [
        (NUMBER, licence.number), (HOLDER, licence.holder), (ISSUED_ON, day(licence.issued_on, Text("—", "—"))),
        (VALID_UNTIL, day(licence.valid_until, INDEFINITE)),
        *((label_for(k), shown(v, licence.number, lang)) for k, v in licence.data.items() if v not in (None, "")),
    ]
    qr_side, pad = 34 * mm, 3 * mm
    qr_width = qr_side + 2 * pad
    fields_width = width - qr_width - 2 * pad  # inside the card's padding
    fields = Table([[para(label(lang), small), para(value)] for label, value in rows],
                   colWidths=[0.3 * fields_width, 0.7 * fields_width])
    fields.setStyle([*cell_style(1.8 * mm), ("LINEBELOW", (0, 0), (-1, -2), 0.4, tint(accent, 0.7)),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    qr = [QrFlowable(licence.verification_path, qr_side), para(SCAN(lang), ParagraphStyle(
        "scan", small, alignment=TA_CENTER))]
    title = [para(licence.kind_name(lang), band)]
    if lang == "zh":
        title.append(para(licence.kind_name.en, ParagraphStyle("band_en", small, textColor=colors.white)))
    card = Table([[title, ""], [fields, qr]], colWidths=[width - qr_width, qr_width], cornerRadii=[4 * mm] * 4)
    card.setStyle([*cell_style(pad), ("SPAN", (0, 0), (1, 0)), ("BACKGROUND", (0, 0), (-1, 0), accent),
                   ("BACKGROUND", (0, 1), (-1, -1), tint(accent, 0.95)), ("BOX", (0, 0), (-1, -1), 1, accent),
                   ("VALIGN", (0, 1), (-1, -1), "TOP"), ("TOPPADDING", (0, 1), (-1, -1), 4 * mm)])
    heading = ParagraphStyle("heading", body, fontSize=15, leading=20, alignment=TA_CENTER, textColor=accent)
    story: list[Flowable] = [para(HEADING(lang), heading), Spacer(0, 6 * mm), card, Spacer(0, 5 * mm),
                             para(DISCLAIMER(lang), small)]
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=A4, invariant=1, initialFontName=font, title=f"{licence.kind_name(lang)} {licence.number}",
        author="湖南省政务服务平台 (Hunan government service platform)", subject=HEADING(lang),
        creator=f"hunan-kiosk {__version__}", lang="zh-CN" if lang == "zh" else "en",
    )
    frame = Frame(MARGIN, MARGIN, width, A4[1] - 2 * MARGIN, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="licence", frames=[frame])])
    doc.build([KeepInFrame(width, A4[1] - 2 * MARGIN, story, mode="shrink")])
    return out.getvalue()

"""The 办件凭证 as lines of text for a thermal printer's own fonts: what the 80 mm PDF says, without reportlab.

An 80 mm printer's standard font is 12 dots wide on 576 dots: 48 half-width columns. In
Chinese mode every character that is not ASCII comes from the 24-dot Hanzi font and takes two.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from kiosk.documents.model import Receipt, ReceiptItem
from kiosk.documents.wording import (
    ASSISTED,
    CODE,
    DEPARTMENT,
    HALL,
    HOW_TO_CHECK,
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

COLUMNS = 48
Style = Literal["title", "bold", "normal", "small"]  # title: double width and height
Align = Literal["left", "centre"]
BULLET = "· "
# Kinsoku: no line starts with closing punctuation, none ends with opening punctuation.
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕”’,.;:?!)]}%…")
_NO_LINE_END = frozenset("（「『《〈【〔“‘([{")


@dataclass(frozen=True)
class Line:
    text: str
    style: Style = "normal"
    align: Align = "left"


@dataclass(frozen=True)
class Ticket:
    lines: tuple[Line, ...]
    qr_payload: str
    qr_at: int  # the QR code is printed just before lines[qr_at]
    columns: int = COLUMNS


def columns_for(style: Style, columns: int = COLUMNS) -> int:
    return columns // 2 if style == "title" else columns


def char_width(char: str) -> int:
    """Two for wide, full-width and ambiguous characters (GB18030 prints these from the Hanzi font)."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def _clean(text: str) -> str:
    """No control characters: catalogue text must never reach the printer as a command."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: runs of spaces, Latin words, single wide characters."""
    tokens: list[str] = []
    for char in text:
        prev = tokens[-1][-1] if tokens else ""
        joins = bool(prev) and (
            (char.isspace() and prev.isspace())
            or (not char.isspace() and not prev.isspace()
                and ((char_width(char) < 2 and char_width(prev) < 2)
                     or char in _NO_LINE_START or prev in _NO_LINE_END))
        )
        if joins:
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _hard_split(token: str, columns: int) -> list[str]:
    pieces, piece = [], ""
    for char in token:
        if piece and display_width(piece + char) > columns:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` display columns: breaks at spaces and between wide characters."""
    lines: list[str] = []
    line = ""
    for token in _tokens(_clean(text)):
        if token.isspace():
            line += " " if line else ""
            continue
        if display_width(line + token) <= columns:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        pieces = _hard_split(token, columns) if display_width(token) > columns else [token]
        lines += pieces[:-1]
        line = pieces[-1]
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Builder:
    def __init__(self, lang: Language, columns: int) -> None:
        self.lang, self.columns = lang, columns
        self.lines: list[Line] = []

    def add(self, text: str, style: Style = "normal", align: Align = "left", *, indent: int = 0,
            first: str = "") -> None:
        """``text`` wrapped to the style's width; ``first`` starts the first line, ``indent`` the others."""
        width = columns_for(style, self.columns) - max(indent, display_width(first))
        for n, part in enumerate(wrap(text, max(width, 1))):
            self.lines.append(Line((first if n == 0 else " " * indent) + part, style, align))

    def blank(self) -> None:
        self.lines.append(Line(""))

    def rule(self) -> None:
        self.lines.append(Line("-" * self.columns))

    def label(self, text: Text, *, english: bool = True) -> str:
        """Chinese with short English beside it, as the PDF does; English alone in English."""
        if self.lang == "en":
            return text.en
        return f"{text.zh} {text.en}" if english and len(text.en) <= SHORT_ENGLISH else text.zh

    def heading(self, text: Text) -> None:
        self.add(text(self.lang), "bold")
        if self.lang == "zh" and len(text.en) <= SHORT_ENGLISH:
            self.add(text.en, "small")

    def fact(self, label: Text, value: str, *, english: bool = True) -> None:
        colon = "：" if self.lang == "zh" else ": "
        self.add(f"{self.label(label, english=english)}{colon}{value}", indent=2)

    def bullets(self, texts: tuple[Text, ...]) -> None:
        for text in texts:
            self.add(text(self.lang), indent=display_width(BULLET), first=BULLET)
        if not texts:
            self.add(NONE(self.lang))

    def item(self, item: ReceiptItem) -> None:
        self.add(item.name(self.lang), "bold")
        self.fact(DEPARTMENT, item.department(self.lang), english=False)
        self.fact(ITEM_NUMBER, item.number, english=False)
        self.fact(PROMISED, item.promised_date.isoformat(), english=False)


def ticket_lines(receipt: Receipt, lang: Language, columns: int = COLUMNS) -> Ticket:
    """Everything the 80 mm PDF receipt says, in its order, as lines that fit the roll."""
    b = _Builder(lang, columns)
    b.add(TITLE(lang), "title", "centre")
    if lang == "zh":
        b.add(TITLE.en, "small", "centre")
    b.blank()
    b.fact(HALL, receipt.hall(lang))
    b.fact(TERMINAL, receipt.terminal_id)
    b.fact(TIME, receipt.issued_at.strftime("%Y-%m-%d %H:%M"))
    b.fact(PACKAGE, receipt.package_name(lang))
    if receipt.assisted_by is not None:
        b.fact(ASSISTED, receipt.assisted_by(lang))
    if receipt.staff_entered:
        b.add(b.label(STAFF_ENTERED), "bold")
    b.rule()
    b.add(b.label(NUMBER), "small")
    number = receipt.application_number
    b.add(number, "title" if display_width(number) <= columns_for("title", columns) else "bold", "centre")
    b.rule()
    if receipt.submitted:
        b.add(b.label(SUBMITTED))
    else:
        b.lines.append(Line("*" * columns))
        b.add(b.label(QUEUED), "bold")  # its English is too long for the Chinese receipt
        b.lines.append(Line("*" * columns))
    b.blank()
    b.heading(ITEMS)
    for n, item in enumerate(receipt.items):
        if n:
            b.blank()
        b.item(item)
    b.blank()
    b.heading(TO_BRING)
    b.bullets(receipt.to_bring)
    b.blank()
    b.heading(NO_NEED)
    b.bullets(receipt.no_need_to_bring)
    b.rule()
    qr_at = len(b.lines)
    b.add(b.label(SCAN), "small", "centre")
    b.blank()
    b.heading(HOW_TO_CHECK)
    if receipt.verification_code:
        b.fact(CODE, receipt.verification_code)
    b.add(receipt.status_hint(lang))
    b.rule()
    b.add(b.label(NO_FEES), "bold", "centre")
    return Ticket(tuple(b.lines), receipt.qr_payload, qr_at, columns)

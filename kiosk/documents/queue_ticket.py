"""The hall queue's ticket (排队号) as an 80 mm PDF for the receipt printer: the number in large type, the
window's service, the people ahead and the expected wait. Nothing personal: it names no one."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from kiosk import __version__
from kiosk.documents.receipt import _LAYOUTS, AUTHOR, _content_height, _Writer
from kiosk.i18n import Language, Text

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from kiosk.sync.hall_wire import Ticket

TITLE = Text("排队取号凭条", "Queue ticket")
NUMBER = Text("您的号码", "Your number")
SERVICE = Text("办理窗口", "Window")
AHEAD = Text("前面等候", "People ahead")
WAIT = Text("预计等候", "Expected wait")
PEOPLE = Text("{n} 人", "{n}")
MINUTES = Text("约 {n} 分钟", "About {n} min")
HALL, TIME = Text("服务大厅", "Hall"), Text("取号时间", "Time")
BIG = 48  # pt: the number is read from a step away
LISTEN = Text("请留意大厅叫号屏幕和广播；过号请重新取号", "Watch the hall's screens and listen for your number. "
              "If you miss it, please take a new ticket.")


def _flowables(ticket: Ticket, hall: Text, lang: Language, w: _Writer) -> list[Flowable]:
    gap = Spacer(0, 3 * mm)
    issued = ticket.issued_at.astimezone().strftime("%Y-%m-%d %H:%M")
    service = service_of(ticket)
    title = w.label(TITLE, ParagraphStyle("title", w.heading, alignment=TA_CENTER))
    facts = [(HALL, w.para(hall(lang))), (SERVICE, w.para(service(lang))),
             (AHEAD, w.para(PEOPLE.format(n=ticket.waiting_before)(lang))),
             (WAIT, w.para(MINUTES.format(n=ticket.expected_wait_min)(lang))), (TIME, w.para(issued))]
    return [title, gap, w.application_number(ticket.number, NUMBER, BIG), gap, w.facts(facts, w.width), gap,
            w.para(LISTEN(lang), w.small)]


def render_queue_ticket(ticket: Ticket, hall: Text, lang: Language) -> bytes:
    """One page of 80 mm roll, as long as its content."""
    layout = _LAYOUTS["80mm"]
    writer = _Writer(lang, layout)
    story = _flowables(ticket, hall, lang, writer)
    width = layout.pagesize[0]
    height = _content_height(story, writer.width) + 2 * layout.margin + 2 * mm  # 2 mm: rounding slack
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=(width, height), invariant=1, initialFontName=writer.font,
                          title=f"{TITLE(lang)} {ticket.number}", author=AUTHOR, subject=service_of(ticket)(lang),
                          creator=f"hunan-kiosk {__version__}", lang="zh-CN" if lang == "zh" else "en")
    frame = Frame(layout.margin, layout.margin, writer.width, height - 2 * layout.margin,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content")
    doc.addPageTemplates([PageTemplate(id="ticket", frames=[frame])])
    doc.build(story)
    return out.getvalue()


def service_of(ticket: Ticket) -> Text:
    return Text(ticket.service_name.zh, ticket.service_name.en)

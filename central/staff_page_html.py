"""The hall staff page's HTML: every value escaped, Chinese first with the English after it.

No inline script or style (the page's Content-Security-Policy is ``default-src 'self'``): the look is
/staff/staff.css and the 10-second refresh of the calls and the queue is /staff/staff.js
(central/staff_page_assets.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape
from itertools import groupby

from central.hall import OpenCall, WaitingTicket
from central.staff_page_data import Assisted, Called, WebSession
from kiosk.i18n import Text

TITLE = Text("大厅工作台", "Hall staff")
SIGN_IN = Text("登录", "Sign in")
SIGN_OUT = Text("退出", "Sign out")
NUMBER = Text("工号", "Staff number")
PIN = Text("密码（6 位数字）", "PIN (6 digits)")
CALLS = Text("呼叫", "Calls")
NO_CALLS = Text("没有呼叫", "No calls")
ACKNOWLEDGE = Text("确认前往", "Acknowledge")
QUEUE = Text("排队", "Queue")
WAITING = Text("{n} 人等候", "{n} waiting")
CALL_NEXT = Text("叫下一个号", "Call next")
CALLED = Text("请 {number} 到窗口", "{number} to the counter, please")
NO_ONE_CALLED = Text("今天还没有叫号", "No number called yet today")
NO_ONE_WAITING = Text("没有人等候", "No one is waiting")
ASSISTED = Text("今日帮办代办", "Assisted applications today")
NO_ASSISTED = Text("今天还没有帮办代办的申请", "No assisted applications yet today")
CHECK = Text("需核验", "Check against registry")
BACK = Text("返回", "Back")
JUST_NOW = Text("刚刚", "just now")
MINUTES = Text("{m} 分钟", "{m} min")
# Where the citizen called from, by the kiosk's screen names (ui/screens/): staff know where to look.
SCREENS = {
    "home": Text("首页", "Home"), "mrz": Text("输入证件信息", "Passport details"),
    "identity": Text("身份信息", "Identity"), "packages": Text("选择事项", "Choosing a service"),
    "consent": Text("共享数据授权", "Data-sharing consent"), "form": Text("填写表单", "Filling the form"),
    "review": Text("核对信息", "Checking the answers"), "receipt": Text("回执", "Receipt"),
    "status": Text("我的办件", "My applications"), "assist-consent": Text("确认帮办", "Accepting help"),
    "lookup": Text("查询办件进度", "Status lookup"), "ticket": Text("取号", "Taking a ticket"),
    "staff-sign-in": Text("工作人员登录", "Staff sign-in"), "staff-menu": Text("工作人员服务", "Staff services"),
    "staff-identity": Text("录入身份", "Entering an identity"),
}
HOURS = Text("{h} 小时 {m} 分钟", "{h} h {m} min")
COLUMNS_QUEUE = (Text("号码", "Number"), Text("业务", "Service"), Text("已等（分钟）", "Waiting (min)"))
COLUMNS_ASSISTED = (Text("申请编号", "Application"), Text("事项", "Service"), Text("方式", "Mode"),
                    Text("工作人员", "Staff"), Text("登录方式", "Signed in by"), Text("身份来源", "Identity"))
MODES = {"helped": Text("帮办", "Helped"), "acting": Text("代办", "Acting for")}
METHODS = {"card": Text("工作证", "Staff card"), "pin": Text("工号密码", "PIN")}
SOURCES = {"chip": Text("读取证件芯片", "Card chip"), "staff_entered": Text("工作人员录入", "Entered by staff")}
REASONS = {"card_damaged": Text("证件损坏", "card damaged"), "card_forgotten": Text("未带证件", "card forgotten"),
           "reader_fault": Text("读卡器故障", "reader fault")}
NOTICES = {
    "acknowledged": Text("已确认呼叫，请前往该终端", "Call acknowledged: please go to the terminal"),
    "gone": Text("该呼叫已被确认或取消", "That call was already acknowledged or cancelled"),
    "empty": Text("没有人等候", "No one is waiting"),
}


def bi(text: Text) -> str:
    """Both languages, escaped: the Chinese, then the English in a quieter span."""
    if text.zh == text.en:
        return escape(text.zh)
    return f'{escape(text.zh)} <span class="en" lang="en">{escape(text.en)}</span>'


def _minutes(minutes: int) -> str:
    if minutes < 1:
        return bi(JUST_NOW)
    if minutes < 60:
        return bi(MINUTES.format(m=minutes))
    return bi(HOURS.format(h=minutes // 60, m=minutes % 60))


def ages(now: dt.datetime) -> Callable[[dt.datetime], str]:
    """How long ago, as "3 分钟 3 min"; made once a minute value, since a long queue repeats them."""
    made: dict[int, str] = {}

    def age(since: dt.datetime) -> str:
        minutes = max(int((now - since).total_seconds() // 60), 0)
        text = made.get(minutes)
        return text if text is not None else made.setdefault(minutes, _minutes(minutes))

    return age


def document(title: Text, body: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title.zh)} · {escape(title.en)}</title>'
        '<link rel="stylesheet" href="/staff/staff.css"><script src="/staff/staff.js" defer></script>'
        f'</head><body>{body}</body></html>'
    )


def _hidden(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(csrf)}">'


def _post(action: str, csrf: str, label: Text, css: str, name: str) -> str:
    return (f'<form method="post" action="{escape(action)}">{_hidden(csrf)}'
            f'<button type="submit" class="{css}" name="{name}">{bi(label)}</button></form>')


def sign_in_page(csrf: str, problem: Text | None = None, number: str = "") -> str:
    error = f'<p class="problem" role="alert">{bi(problem)}</p>' if problem else ""
    return document(TITLE, (
        '<main class="sign-in"><h1>' + bi(TITLE) + '</h1>' + error +
        f'<form method="post" action="/staff/sign-in" autocomplete="off">{_hidden(csrf)}'
        f'<label for="number">{bi(NUMBER)}</label>'
        f'<input id="number" name="number" value="{escape(number)}" required maxlength="9" '
        'autocapitalize="characters" spellcheck="false" placeholder="S0012">'
        f'<label for="pin">{bi(PIN)}</label>'
        '<input id="pin" name="pin" type="password" inputmode="numeric" required maxlength="6" '
        'pattern="[0-9]{6}" autocomplete="current-password">'
        f'<button type="submit" class="primary" id="sign-in">{bi(SIGN_IN)}</button></form></main>'
    ))


def message_page(title: Text, text: Text) -> str:
    return document(title, (f'<main class="sign-in"><h1>{bi(title)}</h1><p>{bi(text)}</p>'
                            f'<p><a class="button" href="/staff/">{bi(BACK)}</a></p></main>'))


def calls_part(calls: list[OpenCall], csrf: str, now: dt.datetime) -> str:
    """The open calls by terminal, in one form: each Acknowledge button posts its call's uuid."""
    head = f'<h2>{bi(CALLS)} <span class="count">{len(calls)}</span></h2>'
    if not calls:
        return head + f'<p class="empty">{bi(NO_CALLS)}</p>'
    parts, age = [head, f'<form method="post" action="/staff/calls/acknowledge">{_hidden(csrf)}'], ages(now)
    button = f'<button type="submit" class="primary" name="call" value="{{}}">{bi(ACKNOWLEDGE)}</button>'
    by_terminal = sorted(calls, key=lambda call: call.terminal_id)  # stable: oldest first within a terminal
    for terminal, group in groupby(by_terminal, key=lambda call: call.terminal_id):
        parts.append(f'<div class="terminal"><h3>{escape(terminal)}</h3><ul>')
        parts.extend(f'<li class="call"><span class="what"><span class="screen">{_screen(call.screen)}</span>'
                     f'<span class="age">{age(call.received_at)}</span></span>{button.format(escape(call.uuid))}</li>'
                     for call in group)
        parts.append("</ul></div>")
    return "".join(parts) + "</form>"


def _screen(name: str) -> str:
    known = SCREENS.get(name)
    return bi(known) if known is not None else escape(name)


def _rows(cells: Iterable[Iterable[str]]) -> str:
    return "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in cells)


def _table(columns: tuple[Text, ...], body: str, css: str) -> str:
    head = "".join(f"<th>{bi(column)}</th>" for column in columns)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'



def queue_part(waiting: list[WaitingTicket], called: Called | None, csrf: str, now: dt.datetime,
               service_name: Callable[[str], Text]) -> str:
    shown = (f'<p class="called" id="last-called">{bi(CALLED.format(number=called.number))}</p>' if called
             else f'<p class="called none" id="last-called">{bi(NO_ONE_CALLED)}</p>')
    names: dict[str, str] = {}
    rows = _rows((escape(ticket.number),
                  names.get(ticket.service) or names.setdefault(ticket.service, bi(service_name(ticket.service))),
                  str(max(int((now - ticket.issued_at).total_seconds() // 60), 0))) for ticket in waiting)
    listing = _table(COLUMNS_QUEUE, rows, "tickets") if waiting else f'<p class="empty">{bi(NO_ONE_WAITING)}</p>'
    return (f'<h2>{bi(QUEUE)} <span class="count">{bi(WAITING.format(n=len(waiting)))}</span></h2>{shown}'
            f'{_post("/staff/queue/next", csrf, CALL_NEXT, "primary big", "call-next")}{listing}')


def _identity(row: Assisted) -> str:
    text = bi(SOURCES.get(row.identity_source, Text(row.identity_source, row.identity_source)))
    if row.identity_reason in REASONS:
        text += f' <span class="reason">（{bi(REASONS[row.identity_reason])}）</span>'
    if row.check_needed:
        text += f' <span class="flag">{bi(CHECK)}</span>'
    return text


def assisted_part(rows: list[Assisted], package_name: Callable[[str], Text]) -> str:
    head = f'<h2>{bi(ASSISTED)} <span class="count">{len(rows)}</span></h2>'
    if not rows:
        return head + f'<p class="empty">{bi(NO_ASSISTED)}</p>'
    body = _rows((escape(row.number), bi(package_name(row.package_code)),
                  bi(MODES.get(row.mode, Text(row.mode, row.mode))), escape(row.staff_number),
                  bi(METHODS.get(row.sign_in, Text(row.sign_in, row.sign_in))), _identity(row)) for row in rows)
    return head + _table(COLUMNS_ASSISTED, body, "assisted")


def dashboard(web: WebSession, notice: str | None, calls: str, queue: str, assisted: str) -> str:
    note = f'<p class="notice" role="status">{bi(NOTICES[notice])}</p>' if notice in NOTICES else ""
    return document(TITLE, (
        f'<header class="bar"><h1>{bi(TITLE)}</h1>'
        f'<span class="who">{escape(web.staff_number)} {escape(web.masked_name)}</span>'
        f'{_post("/staff/sign-out", web.csrf, SIGN_OUT, "quiet", "sign-out")}</header>{note}'
        '<main class="grid">'
        f'<section id="calls" class="card" data-refresh="/staff/part/calls">{calls}</section>'
        f'<section id="queue" class="card" data-refresh="/staff/part/queue">{queue}</section>'
        f'<section id="assisted" class="card wide">{assisted}</section></main>'
    ))

"""What the staff and no-card screens show, and what the visit says when something could not be done there."""

from __future__ import annotations

from kiosk.i18n import Text

# staff sign-in
STAFF_BAD_INPUT = Text("请输入工号（如 S0012）和 6 位数字密码", "Enter a staff number (like S0012) and a 6-digit PIN")
STAFF_OFFLINE = Text("暂时无法连接政务服务平台，请使用工作人员卡登录",
                     "The platform cannot be reached now: please sign in with your staff card")
STAFF_CARD_REFUSED = Text("此工作人员卡未能通过验证，请使用工号和密码登录",
                          "This staff card could not be verified: please sign in with your number and PIN")
STAFF_ATTEMPTS_LEFT = Text("还可尝试 {n} 次", "{n} tries left")
STAFF_LOCKED_FOR = Text("请 {n} 秒后再试", "try again in {n} s")
# the fixed lists staff choose from
REASONS: dict[str, Text] = {
    "card_damaged": Text("证件损坏", "Document damaged"),
    "card_forgotten": Text("未带证件", "Document forgotten"),
    "reader_fault": Text("读卡器故障", "Card reader fault"),
}
AUTHORISATIONS: dict[str, Text] = {
    "power_of_attorney": Text("委托书", "Power of attorney"),
    "guardian": Text("监护关系", "Guardian"),
    "close_relative": Text("近亲属关系", "Close relative"),
    "employer_letter": Text("单位介绍信", "Employer's letter"),
}
# typed identities
REQUIRED = Text("此项必填", "This is required")
BAD_ID_NUMBER = Text("证件号码有误，请核对（校验位不符）", "This ID number is not valid: please check it (check digit)")
BAD_NUMBER = Text("证件号码只能包含字母和数字", "The document number may hold only letters and digits")
BAD_NAME = Text("请输入证件上的姓名", "Enter the name as on the document")
NOT_IN_LIST = Text("请从列表中选择", "Choose one from the list")
# the receipt and the banner
HELPED_BY = Text("帮办：工作人员 {number} {name}", "Helped by staff member {number} {name}")
ACTED_BY = Text("代办：工作人员 {number} {name}，代理人证件：{document}，授权：{authorisation}",
                "Done for the citizen with staff member {number} {name}; agent's document: {document}; "
                "authorisation: {authorisation}")
# the no-card services
NOT_A_CODE = Text("无法识别此二维码，请扫描办件凭证或证照上的二维码",
                  "This code is not recognised: scan the QR code of a receipt, certificate or e-licence")
BAD_LOOKUP = Text("请输入办件编号和 6 位查询码", "Enter the application number and the 6-character code")
NOT_FOUND = Text("未查到此办件：请核对编号和查询码，或稍后再试",
                 "No application found: check the number and code, or try again later")
NOT_CHECKED = Text("暂时无法核验，请稍后再试或到窗口咨询",
                   "The document cannot be checked now: try again later or ask at the counter")
NO_TICKET = Text("暂时无法取号，请到服务台咨询", "No ticket can be issued now: please ask at the information desk")

# Seen on the citizen's screens and heard with the voice on (kiosk/visit/speech.py): one text for both.
ASSIST_TITLE = Text("您是否接受工作人员的帮助？", "Do you accept help from a member of staff?")
ASSIST_HELPED = Text("工作人员 {number} {name} 将为您帮办：协助您自己完成办理。",
                     "Staff member {number} {name} will help you (帮办): you do it, with their help.")
ASSIST_ACTING = Text("工作人员 {number} {name} 将为您代办：由代理人代您办理。",
                     "Staff member {number} {name} will act for you (代办): your agent applies for you.")
LOOKUP_TITLE = Text("查询办件进度", "Application status")
LOOKUP_SCAN = Text("请将回执上的二维码对准扫描器", "Hold the QR code on your receipt to the scanner")
VERIFY_TITLE = Text("核验证照", "Verify a certificate or e-licence")
VERIFY_SCAN = Text("请将证照上的二维码对准扫描器", "Hold the certificate's QR code to the scanner")
VALID = Text("✓ 真实有效", "✓ Genuine and valid")
INVALID = Text("✗ 未能核验：不是有效的证照", "✗ Not valid: this is not a genuine, current document")
TICKET_TITLE = Text("取号排队", "Take a ticket")
TICKET_WHY = {
    "expired_document": Text("您的证件已过期，请取号到人工窗口办理。", "Your document has expired: take a ticket for a "
                             "staffed counter."),
    "in_person": Text("此事项需要本人到窗口办理，请取号。", "This needs you in person at a counter: take a ticket."),
    "asked": Text("请选择要办理的业务，然后取号。", "Choose the service, then take your ticket."),
}
YOUR_NUMBER = Text("您的号码", "Your number")
AHEAD = Text("前面还有 {n} 人", "{n} people ahead of you")
WAIT = Text("预计等待约 {minutes} 分钟", "Expected wait: about {minutes} minutes")
TICKET_PRINTED = Text("号票已打印，请取走并留意叫号。", "Your ticket is printed: take it and listen for your number.")
TICKET_NOT_PRINTED = Text("号票未能打印，请记下您的号码。", "The ticket could not be printed: please note your number.")
TICKET_IS = Text("您的号码是 {number}", "Your number is {number}")

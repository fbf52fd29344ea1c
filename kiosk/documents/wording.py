"""What the 办件凭证 says, shared by the PDF (reportlab) and the thermal ticket (no reportlab)."""

from __future__ import annotations

from kiosk.i18n import Text

TITLE = Text("办件凭证", "Application receipt")
NO_FEES = Text("本次办理不收取任何费用", "No fees were charged")
SUBMITTED = Text("已提交至政务服务平台", "Submitted to the government service platform")
QUEUED = Text(
    "网络暂时中断：您的申请已保存在本机，恢复联网后将自动提交，无需再次办理。",
    "The network is down at the moment. Your application is saved on this kiosk and will be "
    "sent automatically when the connection is back. You do not need to apply again.",
)
HALL, TERMINAL, TIME = Text("服务大厅", "Hall"), Text("终端编号", "Terminal"), Text("办理时间", "Time")
PACKAGE, NUMBER = Text("办理事项", "Service"), Text("办件编号", "Application No.")
ITEMS = Text("包含事项", "Items")
ITEM, DEPARTMENT = Text("事项", "Item"), Text("办理部门", "Department")
ITEM_NUMBER, PROMISED = Text("事项编号", "Item No."), Text("承诺办结", "Promised by")
TO_BRING = Text("还需提交的材料", "Materials still to bring")
NO_NEED = Text("无需提交的材料（已通过电子证照或数据共享获取）", "No need to bring (from e-licences or shared data)")
NONE = Text("无", "None")
SCAN = Text("扫码查询进度", "Scan for progress")
HOW_TO_CHECK = Text("查询办理进度", "How to check progress")
CODE = Text("查询码", "Verification code")  # with the number, opens the status (session.STATUS_HINT)
ASSISTED = Text("帮办代办", "Assisted")  # the line says who helped (Receipt.assisted_by)
STAFF_ENTERED = Text("身份信息由工作人员录入，待核验", "Identity entered by staff, to be checked")

SHORT_ENGLISH = 60  # longer English lines are left off in the Chinese receipt

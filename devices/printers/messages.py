"""What a citizen is told about a print, by reason: one table for every printer backend (docs/printing.md)."""

from __future__ import annotations

from kiosk.i18n import Text

_ASK_STAFF = "请到窗口请工作人员帮助打印", "Please ask staff at the counter to print it."


def _problem(zh: str, en: str) -> Text:
    return Text(f"{zh}，{_ASK_STAFF[0]}", f"{en} {_ASK_STAFF[1]}")


MESSAGES: dict[str, Text] = {
    "printed": Text("已打印，请在出纸口取走", "Printed. Please take it from the printer."),
    "unconfirmed": Text(
        "文件已发送到打印机，请查看出纸口；如果没有打印出来，请到窗口请工作人员帮助",
        "Sent to the printer. Please check the printer; if nothing came out, ask staff at the counter.",
    ),
    "paused": _problem("打印机暂停服务", "The printer is paused."),
    "not_found": _problem("找不到打印机", "The printer was not found."),
    "not_accepting": _problem("打印机暂不接收打印任务", "The printer is not taking documents right now."),
    "no_cups": _problem("打印服务没有运行", "The print service is not running."),
    "cups_error": _problem("打印服务出错", "The print service reported an error."),
    "unknown_state": _problem("无法确认打印机状态", "The printer's state is unknown."),
    "held": _problem("打印任务被挂起，已取消", "The print job was held, so it was canceled."),
    "canceled": _problem("打印任务已被取消", "The print job was canceled."),
    "aborted": _problem("打印失败", "Printing failed."),
    "write_failed": _problem("文件无法送往打印机", "The document could not be sent to the printer."),
    "no_paper": _problem("打印机缺纸", "The printer is out of paper."),
    "paper_jam": _problem("打印机卡纸", "The printer has a paper jam."),
    "no_toner": _problem("打印机墨粉用完", "The printer is out of toner."),
    "door_open": _problem("打印机舱门未关好", "A printer door is open."),
    "offline": _problem("打印机未连接", "The printer is offline."),
    "output_full": _problem("出纸口已满", "The printer's output tray is full."),
    "printer_error": _problem("打印机故障", "The printer has a fault."),
    "printer_warning": Text("打印机需要维护，但仍可打印", "The printer needs attention but can still print."),
    "paper_low": Text("打印纸即将用完，但仍可打印", "The printer is almost out of paper but can still print."),
}

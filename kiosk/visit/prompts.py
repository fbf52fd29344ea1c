"""The catalogue of what screens show and the voice says: one text, seen and heard (EN 301 549 §5.1.3).

Screens import their prompts from here and ``kiosk.visit.speech`` reads the same ones aloud.
"""

from __future__ import annotations

from kiosk.i18n import Text
from kiosk.visit.states import Delivery, Rating

# home
WELCOME = Text("欢迎使用政务服务自助终端", "Welcome to the government self-service kiosk")
PLACE_CARD = Text(
    "请将身份证、社保卡、护照或通行证放在下方读卡区",
    "Please place your ID card, social security card, passport or travel permit on the reader below",
)
OUT_OF_SERVICE = Text(
    "本机暂停服务，请到人工窗口办理。给您带来不便，敬请谅解。",
    "This kiosk is out of service. Please go to a staffed counter. We are sorry for the trouble.",
)
# MRZ
MRZ_TITLE = Text("请输入证件信息以读取芯片", "Enter your document's details to read its chip")
READING = Text("正在读取…", "Reading…")
# identity
READ_OK = Text("已读取您的证件信息，并已核验", "Your document has been read and verified")
EXPIRED = Text(
    "您的证件已过期，自助终端无法办理。请到人工窗口，工作人员将为您办理。",
    "Your document has expired, so this kiosk cannot serve you. Staff at the counter will help you.",
)
# my applications
APPLICATIONS_TITLE = Text("我的办件", "My applications")
LOOKING = Text("正在向政务服务平台查询您的办件和电子证照，请稍候…",
               "Asking the government service platform for your applications and e-licences, one moment please")
# packages, consent, form, review
CHOOSE = Text("请选择您要办理的事情", "What would you like to do today?")
CONSENT_TITLE = Text("是否调取共享数据？", "Fetch your details from shared records?")
FETCHING = Text("正在调取…", "Fetching…")
STEP_OF = Text("第 {n} 步，共 {total} 步：{title}", "Step {n} of {total}: {title}")
FIX = Text("请按提示修改标红的项目", "Please correct the items marked below")
CHECK = Text("请核对您的信息", "Please check your details")
# the receipt
DONE = Text("申请已受理", "Your application has been received")
APPLICATION_NUMBER = Text("办件编号", "Application number")
DELIVERY = {
    Delivery.PENDING: Text("正在提交至政务服务平台…", "Sending to the government service platform…"),
    Delivery.DELIVERED: Text("已提交至政务服务平台", "Sent to the government service platform"),
    Delivery.QUEUED: Text(
        "网络暂时中断：申请已安全保存在本机，恢复联网后自动提交，无需再次办理",
        "The network is down: your application is saved safely and will be sent automatically",
    ),
    Delivery.ATTENTION: Text(
        "申请需要工作人员核实，请到人工窗口出示办件编号",
        "Staff need to check your application. Please show this number at the counter",
    ),
}
PRINTING = Text("正在打印办件凭证…", "Printing your receipt…")
PRINTED = Text("凭证已打印，请取走", "Your receipt is printed. Please take it.")
SENT = Text(
    "凭证已发送到打印机。如未出纸，请点“重新打印”", "Sent to the printer. If nothing came out, tap Print again."
)
RATED = {
    Rating.THANKS: Text("感谢您的评价", "Thank you for your rating"),
    Rating.ALREADY: Text("本次办理已经评价过，谢谢", "This application has already been rated. Thank you"),
    Rating.FAILED: Text(
        "评价暂未能提交，您也可以拨打 12345 评价", "The rating could not be sent now; you can also call 12345"
    ),
    Rating.SENDING: Text("正在提交评价…", "Sending your rating…"),
}
TAKE_CARD_AND_GO = Text("请取回您的证件，祝您生活愉快", "Please take your card. Thank you")
# the idle warning
STILL_THERE = Text("您还在吗？", "Are you still there?")
COUNTDOWN = Text(
    "为保护您的信息，{seconds} 秒后将结束办理并清除您填写的内容。",
    "To protect your details, this visit ends and your answers are cleared in {seconds} s.",
)
CONTINUE = Text("继续办理", "Continue")
# heard only
TAP_CONTINUE = Text("如需继续，请点屏幕中间的“继续办理”。", "To go on, tap Continue in the middle of the screen.")
VOICE_WELCOME = Text(
    "您好。如需语音播报，请按键盘上的确认键，或点屏幕右上角的“语音”按钮。",
    "Hello. For spoken guidance, press the Enter key on the keypad, or tap Voice at the top right of the screen.",
)
FIELD = Text("{label}：{value}", "{label}: {value}")
EMPTY = Text("未填写", "empty")
NUMBER_IS = Text("办件编号是：{number}", "Your application number is: {number}")

# what the visit itself says when something could not be done
SHARED_UNAVAILABLE = Text(
    "暂时无法调取共享数据，请您自行填写", "Shared records cannot be fetched now: please type your details"
)
BAD_MRZ = Text(
    "请核对：证件号码为字母和数字，两个日期各为 6 位数字（年年月月日日）",
    "Please check: the number is letters and digits, and each date is 6 digits (YYMMDD)",
)
FETCHING_CERTIFICATE = Text("正在获取证书并打印…", "Fetching the certificate to print it…")
NO_CERTIFICATE = Text("暂时无法获取证书，请稍后再试，或到窗口请工作人员打印",
                      "The certificate cannot be fetched now. Try again later, or ask staff at the counter.")

"""What the documents say, as plain data: cheap to import, with no reportlab in sight."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from kiosk.i18n import Text

Paper = Literal["a4", "80mm"]  # A4 sheets, or an 80 mm thermal roll


@dataclass(frozen=True)
class ReceiptItem:
    name: Text
    department: Text
    number: str
    promised_date: datetime.date


@dataclass(frozen=True)
class Receipt:
    terminal_id: str
    hall: Text
    issued_at: datetime.datetime
    package_name: Text
    application_number: str
    items: tuple[ReceiptItem, ...]
    to_bring: tuple[Text, ...]
    no_need_to_bring: tuple[Text, ...]
    qr_payload: str
    status_hint: Text
    submitted: bool  # False: queued offline, sent automatically later
    verification_code: str = ""  # with the number, lets anyone holding the receipt check the status
    assisted_by: Text | None = None  # 帮办/代办: who helped (staff number, masked name) and how
    staff_entered: bool = False  # the identity was typed by staff: the platform checks it with the registry

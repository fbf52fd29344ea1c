"""Sample documents from the demo catalogue and demo people, for ``kiosk documents sample`` and the bench.

Nothing here is anyone's data: the numbers are made up, the names are the demo's fictional ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.assets import DEMO_CATALOGUE
from kiosk.documents.model import Receipt, ReceiptItem
from kiosk.documents.verification import status_path
from kiosk.i18n import Language, Text
from kiosk.workdays import add_working_days

SAMPLE_PACKAGE = "43PCN0009"  # the birth of a child, as in the demo journey
SAMPLE_NUMBER = "HN-DEMO-01-20261120-0001"
SAMPLE_CODE = "K7QP3M"
SAMPLE_TIME = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PLATFORM = "http://127.0.0.1:8700"
HALL = Text("长沙市政务服务中心", "Changsha Government Service Centre")
STATUS_HINT = Text("扫描二维码，或拨打 12345 政务服务热线，凭申请编号和查询码查询办理进度",
                   "Scan the QR code, or call the 12345 hotline with the application number and code")


def sample_receipt(submitted: bool = True) -> Receipt:
    """The demo birth package's receipt: every item, its department and promised date, what to bring."""
    from kiosk.catalogue import load_catalogue

    catalogue = load_catalogue(DEMO_CATALOGUE)
    package = catalogue.package(SAMPLE_PACKAGE)
    items = [catalogue.items[p.item_code] for p in package.items]
    to_bring = dict.fromkeys(m.name for item in items for m in item.materials if m.source.value == "citizen")
    shared = dict.fromkeys(m.name for item in items for m in item.materials if m.source.value != "citizen")
    return Receipt(
        terminal_id="HN-DEMO-01",
        hall=HALL,
        issued_at=SAMPLE_TIME,
        package_name=package.name,
        application_number=SAMPLE_NUMBER,
        items=tuple(
            ReceiptItem(item.name, item.department, f"{SAMPLE_NUMBER}-{n:02d}",
                        add_working_days(SAMPLE_TIME.date(), item.promised_days))
            for n, item in enumerate(items, start=1)
        ),
        to_bring=tuple(to_bring),
        no_need_to_bring=tuple(shared),
        qr_payload=PLATFORM + status_path(SAMPLE_NUMBER, SAMPLE_CODE),
        status_hint=STATUS_HINT,
        submitted=submitted,
        verification_code=SAMPLE_CODE,
    )


def _receipt(paper: str) -> Callable[[Language], bytes]:
    def render(lang: Language) -> bytes:
        from kiosk.documents.receipt import render_receipt

        return render_receipt(sample_receipt(), lang, "80mm" if paper == "80mm" else "a4")

    return render


def _certificate(lang: Language) -> bytes:
    from kiosk.documents.certificate import CertificateData, render_certificate

    cert = CertificateData(
        kind="birth_medical_certificate", serial="HN2026-000123", verification_code="Q4MZ8KXP",
        issued_at=SAMPLE_TIME, issuer=Text("长沙市卫生健康委员会", "Changsha Health Commission"),
        facts={"holder": Text("李晓梅", "李晓梅"), "application_number": Text(SAMPLE_NUMBER, SAMPLE_NUMBER)},
    )
    return render_certificate(cert, lang)


KINDS: dict[str, Callable[[Language], bytes]] = {
    "receipt": _receipt("a4"),
    "receipt-80mm": _receipt("80mm"),
    "certificate": _certificate,
}


def sample_document(kind: str, lang: Language = "zh") -> bytes:
    if kind not in KINDS:
        raise ValueError(f"no sample of {kind!r}: choose from {', '.join(KINDS)}")
    return KINDS[kind](lang)

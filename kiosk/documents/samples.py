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
from kiosk.workdays import WorkCalendar

SAMPLE_PACKAGE = "43PCN0009"  # the birth of a child, as in the demo journey
SAMPLE_NUMBER = "HN-DEMO-01-20261106-0001"
SAMPLE_CODE = "K7QP3M"
# Far enough from the year's end that every promised date falls in a year the official calendar knows.
SAMPLE_TIME = dt.datetime(2026, 11, 6, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
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
    calendar = WorkCalendar()
    return Receipt(
        terminal_id="HN-DEMO-01",
        hall=HALL,
        issued_at=SAMPLE_TIME,
        package_name=package.name,
        application_number=SAMPLE_NUMBER,
        items=tuple(
            ReceiptItem(item.name, item.department, f"{SAMPLE_NUMBER}-{n:02d}",
                        calendar.add_working_days(SAMPLE_TIME.date(), item.promised_days))
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


SAMPLE_SERIAL, SAMPLE_CERTIFICATE_CODE = "HN-2026-00000123", "Q4MZ8KXP"
SAMPLE_CERTIFICATE_KIND = "birth_registration"


def sample_certificate(kind: str = SAMPLE_CERTIFICATE_KIND, lang: Language = "zh") -> bytes:
    """A certificate of ``kind`` with a sample value for every fact its template states."""
    from kiosk.documents.certificates import CertificateData
    from kiosk.documents.certificates.render import render_certificate
    from kiosk.documents.certificates.templates import TEMPLATES

    if kind not in TEMPLATES:
        raise ValueError(f"no certificate template {kind!r}: choose from {', '.join(sorted(TEMPLATES))}")
    template = TEMPLATES[kind]
    facts = {"holder": Text("李晓梅", "LI Xiaomei"), "application_number": Text(SAMPLE_NUMBER, SAMPLE_NUMBER)}
    for fact in (*template.facts, *((template.headline,) if template.headline else ())):
        if fact.key not in facts:
            facts[fact.key] = Text("2026-11-20", "2026-11-20") if fact.date else Text("（示例）", "(sample)")
    cert = CertificateData(
        kind=kind, serial=SAMPLE_SERIAL, verification_code=SAMPLE_CERTIFICATE_CODE, issued_at=SAMPLE_TIME,
        issuer=Text("长沙市政务服务平台（示例）", "Changsha government service platform (sample)"), facts=facts,
    )
    return render_certificate(cert, lang)


def _certificate(lang: Language) -> bytes:
    return sample_certificate(SAMPLE_CERTIFICATE_KIND, lang)


def _licence(lang: Language) -> bytes:
    from kiosk.documents.licence import LicenceData, render_licence

    licence = LicenceData(
        kind="household_register", kind_name=Text("居民户口簿", "Household register"), number="430521203317",
        issued_on=dt.date(1998, 11, 2), valid_until=None, holder="王建国",
        data={"household_type": "家庭户", "head_of_household": "王建国", "relation_to_head": "户主",
              "address": "湖南省邵阳市邵东市两市镇光明路 16 号", "registration_authority": "邵东市公安局两市镇派出所"},
    )
    return render_licence(licence, lang)


KINDS: dict[str, Callable[[Language], bytes]] = {
    "receipt": _receipt("a4"),
    "receipt-80mm": _receipt("80mm"),
    "certificate": _certificate,
    "licence": _licence,
}


def sample_document(kind: str, lang: Language = "zh") -> bytes:
    if kind not in KINDS:
        raise ValueError(f"no sample of {kind!r}: choose from {', '.join(KINDS)}")
    return KINDS[kind](lang)

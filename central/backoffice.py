"""The back office: deciding applications, issuing certificates, and the figures a hall reports.

Deciding is a command (`kiosk-central decide`); certificates and statistics are API routes.
A certificate's verification route is the one route that is not signed: anyone holding the
paper may scan its QR code and ask whether it is genuine.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from central.db import Application, ItemApplication
from central.platform import Platform
from central.ratings import LEVELS, SATISFIED
from central.records import Certificate, Rating
from central.schemas import ErrorBody, Message
from central.submissions import CHINA, text_json
from kiosk.catalogue import Catalogue
from kiosk.documents.certificates import GENERIC_KIND, CertificateData, template_for
from kiosk.documents.certificates.facts import certificate_facts
from kiosk.documents.certificates.render import render_certificate
from kiosk.forms.validators import uscc_check_char
from kiosk.i18n import Text

APPROVED, REJECTED = "approved", "rejected"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed from paper
CODE_LENGTH = 8
ORGANISATION_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100's characters: no I, O, S, V, Z
SERIAL_RE = re.compile(r"^HN-\d{4}-\d{8}$")
Serial = Annotated[str, PathParam(max_length=64)]
VerificationCode = Annotated[str, PathParam(max_length=16)]
NO_CERTIFICATE = Text("没有这个证书", "There is no certificate with this serial number")


class DecisionError(Exception):
    """One line for the operator: the application is unknown or already decided."""


@dataclass(frozen=True)
class Decision:
    number: str
    status: str
    serials: tuple[str, ...]  # of the certificates issued


def _names(catalogue: Catalogue, code: str) -> tuple[Text, Text]:
    """An item's name and department; its code for both if the catalogue no longer has it."""
    item = catalogue.items.get(code)
    return (item.name, item.department) if item else (Text(code, code), Text(code, code))


def _package_name(catalogue: Catalogue, code: str) -> Text:
    return catalogue.package(code).name if catalogue.offers(code) else Text(code, code)


def _unique_serial(session: Session, year: int) -> str:
    while True:
        serial = f"HN-{year}-{secrets.randbelow(10**8):08d}"
        if session.scalar(select(Certificate.id).where(Certificate.serial == serial)) is None:
            return serial


def decide(session: Session, catalogue: Catalogue, number: str, approve: bool, reason: str,
           now: dt.datetime) -> Decision:
    """Approve or reject an application and all its items; approval issues a certificate per item.

    The status changes only if the application is still undecided, in one UPDATE, so of two
    operators deciding at once one gets DecisionError.
    """
    application = session.scalar(
        select(Application).where(Application.number == number).options(selectinload(Application.items))
    )
    if application is None:
        raise DecisionError(f"no application {number}")
    status = APPROVED if approve else REJECTED
    claimed = session.connection().execute(
        update(Application)
        .where(Application.uuid == application.uuid, Application.decided_at.is_(None))
        .values(status=status, decided_at=now, decision_reason=reason or None)
    )
    session.refresh(application)
    if claimed.rowcount != 1:
        raise DecisionError(f"application {number} was already decided ({application.status})")
    serials = []
    for item in application.items:
        item.status = status
        if approve:
            serials.append(_issue(session, catalogue, application, item, now).serial)
    return Decision(number, status, tuple(serials))


def _issue(session: Session, catalogue: Catalogue, application: Application, item: ItemApplication,
           now: dt.datetime) -> Certificate:
    """The certificate of the kind the catalogue item names (the generic notice if none), with the facts
    its template states: the platform's own, and those the answers give (never an ID number)."""
    name, department = _names(catalogue, item.item_code)
    catalogue_item = catalogue.items.get(item.item_code)
    kind = (catalogue_item.certificate if catalogue_item else "") or GENERIC_KIND
    answers = {**application.answers, **item.answers}
    holder = answers.get("applicant.name") or answers.get("enterprise.name")
    data: dict[str, Any] = {
        "item_code": item.item_code,
        "item_name": text_json(name),
        "department": text_json(department),
        "application_number": application.number,
        "item_number": item.number,
        "decided_on": now.astimezone(CHINA).date().isoformat(),
    }
    if application.package_code in catalogue.packages:  # not for a standalone item
        data["package_name"] = text_json(catalogue.packages[application.package_code].name)
    if isinstance(holder, str):
        data["holder"] = holder  # the name only: never the ID number
    data |= certificate_facts(catalogue.certificates.get(kind, {}), answers, catalogue.fields)
    if "credit_code" in template_for(kind).stated_keys() and "credit_code" not in data:
        data["credit_code"] = new_credit_code(answers.get("enterprise.address"))  # registering assigns one
    certificate = Certificate(
        item_number=item.number,
        kind=kind,
        serial=_unique_serial(session, now.astimezone(CHINA).year),
        verification_code="".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
        data=data,
        issued_at=now,
    )
    session.add(certificate)
    return certificate


def new_credit_code(address: object = None) -> str:
    """A unified social credit code (GB 32100) for a newly registered enterprise: 91 (an enterprise of the
    market regulator), the division of its address, an organisation code (GB 11714) and the check character."""
    division = address.get("division") if isinstance(address, dict) else None
    region = division if isinstance(division, str) and re.fullmatch(r"\d{6}", division) else "430100"
    body = "MA" + "".join(secrets.choice(ORGANISATION_ALPHABET) for _ in range(6))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c, 36) * w for c, w in zip(body, weights, strict=True)) % 11
    first17 = f"91{region}{body}{'X' if check == 10 else check % 11}"
    return first17 + uscc_check_char(first17)


def certificate_data(certificate: Certificate) -> CertificateData:
    """What the PDF states, from the stored row: every stored fact by its key, for the template to pick."""
    facts: dict[str, Text] = {}
    for key, value in certificate.data.items():
        try:
            facts[key] = Text.from_json(value)
        except ValueError:
            continue  # not a text: nothing a template states
    return CertificateData(
        kind=certificate.kind,
        serial=certificate.serial,
        verification_code=certificate.verification_code,
        issued_at=certificate.issued_at,
        issuer=facts.pop("department", Text("政务服务平台", "Government service platform")),
        facts=facts,
    )


# -- statistics ------------------------------------------------------------------------------------


class PackageCount(BaseModel):
    package_code: str
    package_name: Message
    total: int
    by_status: dict[str, int]


class Processing(BaseModel):
    """For decided applications: decided_at − received_at."""

    decided: int
    average_hours: float | None
    average_working_days: float | None  # weekdays after the day received, up to the day decided


class LevelCount(BaseModel):
    level: int
    name: Message
    count: int


class Satisfaction(BaseModel):
    ratings: int
    rate: float | None  # share rated 满意 or better
    by_level: list[LevelCount]


class Stats(BaseModel):
    applications: list[PackageCount]
    processing: Processing
    satisfaction: Satisfaction


class Verification(BaseModel):
    """Whether a certificate is genuine; nothing about whom it was issued to."""

    valid: bool
    kind: str | None = None
    issued_at: dt.datetime | None = None


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Weekdays after ``start``'s day up to and including ``end``'s, in the halls' calendar."""
    first, last = start.astimezone(CHINA).date(), end.astimezone(CHINA).date()
    return sum(1 for n in range(1, (last - first).days + 1) if (first + dt.timedelta(days=n)).weekday() < 5)


def stats(session: Session, catalogue: Catalogue) -> Stats:
    counts: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(Application.package_code, Application.status, func.count()).group_by(
            Application.package_code, Application.status)
    )
    for package_code, status, count in rows:
        counts.setdefault(package_code, {})[status] = count
    packages = [
        PackageCount(package_code=code, package_name=Message(**text_json(_package_name(catalogue, code))),
                     total=sum(by_status.values()), by_status=dict(sorted(by_status.items())))
        for code, by_status in sorted(counts.items())
    ]
    decided = [
        (received, decided)
        for received, decided in session.execute(
            select(Application.received_at, Application.decided_at).where(Application.decided_at.is_not(None))
        )
        if decided is not None  # always: the query says so, the types do not
    ]
    hours = [(d - r).total_seconds() / 3600 for r, d in decided]
    days = [working_days_between(r, d) for r, d in decided]
    levels = dict(session.execute(select(Rating.level, func.count()).group_by(Rating.level)).tuples().all())
    total = sum(levels.values())
    satisfied = sum(count for level, count in levels.items() if level >= SATISFIED)
    return Stats(
        applications=packages,
        processing=Processing(
            decided=len(decided),
            average_hours=round(sum(hours) / len(hours), 2) if hours else None,
            average_working_days=round(sum(days) / len(days), 2) if days else None,
        ),
        satisfaction=Satisfaction(
            ratings=total,
            rate=round(satisfied / total, 4) if total else None,
            by_level=[LevelCount(level=level, name=Message(**text_json(name)), count=levels.get(level, 0))
                      for level, name in LEVELS.items()],
        ),
    )


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    signer = Depends(platform.terminals)
    signed: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody, "description": "Not signed by a terminal"}}

    @router.get("/v1/stats", responses=signed)
    def get_stats(_terminal: str = signer) -> Stats:
        """Applications by package and status, processing time, and satisfaction."""
        with platform.sessions() as session:
            return stats(session, platform.catalogue)

    @router.get(
        "/v1/certificates/{serial}",
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}, "description": "The certificate as a PDF"},
                   404: {"model": ErrorBody, "description": "No certificate has this serial number"}, **signed},
    )
    def certificate_pdf(serial: Serial, lang: Literal["zh", "en"] = "zh", _terminal: str = signer) -> Response:
        """The certificate's PDF; its verification code is in the ``X-Verification-Code`` header."""
        certificate = None
        if SERIAL_RE.fullmatch(serial):
            with platform.sessions() as session:
                certificate = session.scalar(select(Certificate).where(Certificate.serial == serial))
        if certificate is None:
            return JSONResponse({"error": "not_found", "message": text_json(NO_CERTIFICATE)}, 404)
        pdf = render_certificate(certificate_data(certificate), lang)
        headers = {"X-Verification-Code": certificate.verification_code,
                   "Content-Disposition": f'inline; filename="{serial}.pdf"'}
        return Response(pdf, media_type="application/pdf", headers=headers)

    @router.get("/v1/certificates/verify/{serial}/{code}")
    def verify(serial: Serial, code: VerificationCode) -> Verification:
        """Unsigned: whoever holds the paper may check it. An unknown serial and a wrong code look the same."""
        if not SERIAL_RE.fullmatch(serial):
            return Verification(valid=False)
        with platform.sessions() as session:
            certificate = session.scalar(select(Certificate).where(Certificate.serial == serial))
        given = code.strip().upper().encode()
        if certificate is None or not hmac.compare_digest(certificate.verification_code.encode(), given):
            return Verification(valid=False)
        return Verification(valid=True, kind=certificate.kind, issued_at=certificate.issued_at)

    return router

"""What the platform knows about one citizen, asked for by a kiosk where the citizen stands.

A citizen is named by a key, the HMAC of the ID number (kiosk.sync.signing.citizen_key), so no
request or log line carries the number itself. Shared data is released only after the
consent that releases it has been stored, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from central.db import Application
from central.platform import Platform
from central.records import Certificate, Consent, ELicence, SharedRecord
from central.schemas import ErrorBody, FieldProblem
from central.submissions import CHINA, UNKNOWN_PACKAGE, text_json
from kiosk.catalogue import Catalogue
from kiosk.documents.certificates import certificate_title
from kiosk.i18n import Text
from kiosk.sync.wire import (
    CertificateMarker,
    CitizenApplication,
    CitizenApplications,
    CitizenItem,
    Licence,
    Licences,
    Message,
    SharedData,
    SharedDataRequest,
)

log = logging.getLogger("central.citizens")

REJECTED = "rejected"
NO_LICENCE = Text("没有这个电子证照", "There is no e-licence with this number")
MOST_RECENT = 200  # applications listed per citizen
LICENCE_KINDS: dict[str, Text] = {
    "resident_id": Text("居民身份证", "Resident ID card"),
    "driving_licence": Text("机动车驾驶证", "Driving licence"),
    "vehicle_licence": Text("机动车行驶证", "Vehicle licence"),
    "household_register": Text("居民户口簿", "Household register"),
    "residence_permit": Text("居住证", "Residence permit"),
    "social_security_card": Text("社会保障卡", "Social security card"),
    "marriage_certificate": Text("结婚证", "Marriage certificate"),
}

CitizenKey = Annotated[str, PathParam(pattern=r"^[0-9a-fA-F]{64}$", description="HMAC-SHA256 of the ID number, hex")]


def _message(text: Text) -> Message:
    return Message(zh=text.zh, en=text.en)


class LicenceCheck(BaseModel):
    """A printed e-licence checked by its QR code: valid or not, never the holder's data."""

    valid: bool  # in the library and not expired
    kind: str
    kind_name: Message
    number: str
    issued_on: dt.date | None
    valid_until: dt.date | None


class SharedDataRefused(BaseModel):
    """Nothing released and no consent stored: ``unknown_package`` when no package of the catalogue in use
    has the purpose's code (it can change while the platform runs, so this schema cannot list them);
    ``malformed`` for a body or citizen key unlike this schema, with the ``detail``."""

    error: Literal["unknown_package", "malformed"]
    message: Message
    detail: list[FieldProblem] | None = None


def _package_name(catalogue: Catalogue, code: str) -> Message:
    return _message(catalogue.package(code).name if catalogue.offers(code) else Text(code, code))


def _item_name(catalogue: Catalogue, code: str) -> Text:
    item = catalogue.items.get(code)
    return item.name if item else Text(code, code)


def _marker(certificate: Certificate | None) -> CertificateMarker | None:
    if certificate is None:
        return None
    return CertificateMarker(serial=certificate.serial, kind=certificate.kind,
                             name=_message(certificate_title(certificate.kind)), issued_at=certificate.issued_at)


def _view(catalogue: Catalogue, application: Application, certificates: dict[str, Certificate]) -> CitizenApplication:
    a = application
    items = [
        CitizenItem(number=i.number, item_code=i.item_code, name=_message(_item_name(catalogue, i.item_code)),
                    status=i.status, promised_date=i.promised_date, certificate=_marker(certificates.get(i.number)))
        for i in a.items
    ]
    return CitizenApplication(
        number=a.number, package_code=a.package_code, package_name=_package_name(catalogue, a.package_code),
        channel=a.channel, status=a.status, received_at=a.received_at, decided_at=a.decided_at,
        reason=a.decision_reason if a.status == REJECTED else None, items=items,
    )


def routes(platform: Platform) -> APIRouter:
    router = APIRouter(prefix="/v1/citizens")
    signer = Depends(platform.terminals)
    signed: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorBody, "description": "Not signed by a terminal"},
        422: {"model": ErrorBody, "description": "Not a citizen key (64 hex characters), or a malformed body"},
    }

    @router.get("/{citizen_key}/applications", responses=signed)
    def applications(citizen_key: CitizenKey, _terminal: str = signer) -> CitizenApplications:
        """The citizen's applications from every channel, newest first, with any certificates issued."""
        with platform.sessions() as session:
            found = session.scalars(
                select(Application)
                .where(Application.citizen_key == citizen_key.lower())
                .order_by(Application.received_at.desc(), Application.number.desc())
                .limit(MOST_RECENT)
                .options(selectinload(Application.items))
            ).all()
            item_numbers = [item.number for a in found for item in a.items]
            certificates = {
                c.item_number: c
                for c in session.scalars(select(Certificate).where(Certificate.item_number.in_(item_numbers)))
            } if item_numbers else {}
        catalogue = platform.catalogue
        return CitizenApplications(applications=[_view(catalogue, a, certificates) for a in found])

    @router.get("/{citizen_key}/licences", responses=signed)
    def licences(citizen_key: CitizenKey, _terminal: str = signer) -> Licences:
        """The citizen's electronic licences (电子证照)."""
        with platform.sessions() as session:
            rows = session.scalars(
                select(ELicence).where(ELicence.citizen_key == citizen_key.lower()).order_by(ELicence.id)
            ).all()
        return Licences(licences=[
            Licence(kind=row.kind, kind_name=_message(LICENCE_KINDS.get(row.kind, Text(row.kind, row.kind))),
                    number=row.number, issued_on=row.issued_on, valid_until=row.valid_until, data=row.data)
            for row in rows
        ])

    refused: dict[int | str, dict[str, Any]] = {
        422: {"model": SharedDataRefused, "description": "Unknown package (the purpose) or malformed body"},
    }

    @router.post("/{citizen_key}/shared-data", response_model=SharedData, responses=signed | refused)
    def shared_data(citizen_key: CitizenKey, request: SharedDataRequest, terminal: str = signer) -> Response:
        """Record the citizen's consent, then release the named shared data it covers.

        Both happen in one transaction: if the consent cannot be stored, nothing is released.
        """
        if not platform.catalogue.offers(request.purpose):
            return JSONResponse({"error": "unknown_package", "message": text_json(UNKNOWN_PACKAGE)}, 422)
        names = list(dict.fromkeys(request.names))
        with platform.sessions.begin() as session:
            consent = Consent(citizen_key=citizen_key.lower(), terminal_id=terminal, names=names,
                              purpose=request.purpose, wording_version=request.wording_version,
                              given_at=platform.clock().replace(microsecond=0))
            session.add(consent)
            session.flush()  # the consent is written before any record is read
            records = session.scalars(
                select(SharedRecord).where(SharedRecord.citizen_key == consent.citizen_key,
                                           SharedRecord.name.in_(names))
            ).all()
            values = {r.name: r.value for r in sorted(records, key=lambda r: names.index(r.name))}
        log.info("consent %d: %d of %d shared records released for %s", consent.id, len(values), len(names),
                 request.purpose)
        return JSONResponse(SharedData(consent_id=consent.id, values=values).model_dump(mode="json"))

    public = APIRouter(prefix="/v1/licences")

    @public.get("/verify/{kind}/{number}", response_model=LicenceCheck,
                responses={404: {"model": ErrorBody, "description": "No e-licence of this kind has this number"}})
    def verify_licence(kind: Annotated[str, PathParam(max_length=64)],
                       number: Annotated[str, PathParam(max_length=64)]) -> Response:
        """What a printed e-licence's QR code shows: whether it is valid; unsigned, and not whose it is."""
        with platform.sessions() as session:
            row = session.scalars(select(ELicence).where(ELicence.kind == kind, ELicence.number == number)).first()
        if row is None:
            return JSONResponse({"error": "not_found", "message": text_json(NO_LICENCE)}, 404)
        today = platform.clock().astimezone(CHINA).date()
        check = LicenceCheck(valid=row.valid_until is None or row.valid_until >= today, kind=row.kind,
                             kind_name=_message(LICENCE_KINDS.get(row.kind, Text(row.kind, row.kind))),
                             number=row.number, issued_on=row.issued_on, valid_until=row.valid_until)
        return JSONResponse(check.model_dump(mode="json"))

    outer = APIRouter()
    outer.include_router(router)
    outer.include_router(public)
    return outer

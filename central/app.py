"""The platform's HTTP API, version 1: application intake; the other parts are the modules in ROUTES."""

from __future__ import annotations

import base64
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, FastAPI
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from central import backoffice, catalogue_versions, citizens, errors, hall, ratings, staff, staff_page, terminals
from central.auth import Terminals, citizen_secret
from central.db import make_engine
from central.migrate import upgrade
from central.platform import Platform, utc_now
from central.schemas import Enrolled, Enrolment, ErrorBody, Health, InvalidBody, PublicStatus
from central.submissions import NOT_FOUND, Applications, Rejected, text_json
from kiosk.i18n import Text
from kiosk.sync.signing import citizen_key
from kiosk.sync.wire import ApplicationResult, Submission


class RouteModule(Protocol):
    """A part of the API. Its signed routes take ``terminal: str = Depends(platform.terminals)``."""

    def routes(self, platform: Platform) -> APIRouter: ...

API_VERSION = "1"  # of the API under /v1/, not of the software
OTHER_TERMINAL = Text("该申请属于另一台终端", "This application belongs to another terminal")
# The other parts of the API:
ROUTES: list[RouteModule] = [terminals, catalogue_versions, citizens, ratings, backoffice, staff, hall, staff_page]
MAX_BODY_BYTES = 1024 * 1024


def _json(result: BaseModel, status: int) -> JSONResponse:
    return JSONResponse(result.model_dump(mode="json"), status_code=status)


def create_app(db_url: str, catalogue_path: Path | None) -> FastAPI:
    """The app for one database. Migrates it first, then publishes ``catalogue_path`` if its version
    is new (see central/catalogue_versions.py); the newest published catalogue is the one in use.

    Raises CatalogueError, sqlalchemy errors or ImportError (no driver) for unusable input.
    """
    offered = catalogue_versions.check_bundle(catalogue_path) if catalogue_path is not None else None
    engine = make_engine(db_url)
    upgrade(engine)
    catalogue_versions.publish_at_start(engine, offered, utc_now())
    versions = catalogue_versions.CatalogueVersions(engine)
    versions.catalogue()  # parsed now: the one kept in use if a newer row, written past `publish`, does not parse
    platform = Platform(engine, versions.catalogue, Terminals(engine, utc_now))
    with platform.sessions.begin() as session:
        secret = citizen_secret(session)
        staff.list_signing_key(session)  # made now, not by two enrolments at once
    applications = Applications(engine, versions.catalogue, citizen_key=lambda number: citizen_key(secret, number))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="kiosk-central",
        summary="The platform behind the 一件事一次办 kiosks",
        version=API_VERSION,
        docs_url=None,  # the documentation pages load scripts from the internet
        redoc_url=None,
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.add_middleware(errors.InternalErrors)
    app.add_exception_handler(RequestValidationError, errors.malformed)
    app.add_exception_handler(HTTPException, errors.http_error)
    problems: dict[int | str, dict[str, Any]] = {
        409: {"model": ErrorBody, "description": "The uuid or number is taken by a different application"},
        422: {"model": InvalidBody, "description": "Invalid answers, unknown package or malformed body"},
    }
    signed: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody, "description": "Not signed by a terminal"}}
    signer = Depends(platform.terminals)  # the authenticated terminal's id

    @app.get("/v1/health")
    def health() -> Health:
        return Health(catalogue_version=versions.catalogue().version)

    @app.post("/v1/terminals/enrol", responses={403: {"model": ErrorBody, "description": "Wrong or expired code"}})
    def enrol(request: Enrolment) -> Enrolled:
        """Bind a terminal's public key, using the one-time code from `kiosk-central terminal add`."""
        secret = platform.terminals.enrol(request.terminal_id, request.code, request.public_key_bytes())
        with platform.sessions.begin() as session:
            key = staff.platform_key(session)
        return Enrolled(terminal_id=request.terminal_id, citizen_secret=base64.b64encode(secret).decode(),
                        platform_key=key)

    @app.post(
        "/v1/applications",
        status_code=201,
        response_model=ApplicationResult,
        responses={
            200: {"model": ApplicationResult, "description": "A replay of a stored application"},
            403: {"model": ErrorBody, "description": "Sent for another terminal"},
            **problems,
            **signed,
        },
    )
    def submit(submission: Submission, terminal: str = signer) -> Response:
        """Receive an application; idempotent on ``uuid`` (a replayed body gets the original result)."""
        if submission.terminal_id != terminal:
            return JSONResponse({"error": "terminal_mismatch", "message": text_json(OTHER_TERMINAL)}, 403)
        outcome = applications.receive(submission)
        if isinstance(outcome, Rejected):
            return JSONResponse(outcome.body, status_code=outcome.status)
        return _json(outcome.result, 201 if outcome.created else 200)

    @app.get(
        "/v1/applications/{number}",
        response_model=ApplicationResult,
        responses={404: {"model": ErrorBody, "description": "No application or item application has this number"},
                   **signed},
    )
    def lookup(number: Annotated[str, PathParam(max_length=80)], _terminal: str = signer) -> Response:
        """An application by its number or by one of its item numbers; without the answers."""
        result = applications.find(number)
        if result is None:
            return JSONResponse({"error": "not_found", "message": text_json(NOT_FOUND)}, 404)
        return _json(result, 200)

    @app.get(
        "/v1/status/{number}/{code}",
        response_model=PublicStatus,
        responses={404: {"model": ErrorBody, "description": "No application has this number and code"}},
    )
    def public_status(
        number: Annotated[str, PathParam(max_length=80)], code: Annotated[str, PathParam(max_length=16)]
    ) -> Response:
        """The status, for whoever holds the receipt (its QR code): unsigned, and nothing personal."""
        result = applications.find(number)
        if result is None or not hmac.compare_digest(result.verification_code.encode(), code.upper().encode()):
            return JSONResponse({"error": "not_found", "message": text_json(NOT_FOUND)}, 404)
        return _json(PublicStatus(number=result.number, status=result.status, items=result.items), 200)

    for module in ROUTES:
        app.include_router(module.routes(platform))
    return app

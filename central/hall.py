"""The hall: calls for staff (呼叫工作人员), the queue's tickets for staffed windows, and staff audit events.

Every write is idempotent on the uuid the kiosk made, since kiosks queue calls and audit events and send them again
after an outage; concurrent duplicates are settled by the primary keys. Tickets are numbered per hall day and
reason, A001 onwards; two kiosks taking a ticket at once are settled by the (day, number) unique constraint.
The plain functions below the routes are what the /staff/ page uses.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.platform import Platform
from central.records import HallTicket, StaffAuditRecord, StaffCallRecord
from central.schemas import ErrorBody
from central.submissions import CHINA, text_json
from kiosk.catalogue import Catalogue
from kiosk.i18n import Text
from kiosk.sync.hall_wire import AuditBatch, CallState, StaffCall, Ticket, TicketRequest
from kiosk.sync.wire import Message

log = logging.getLogger("central.hall")

CallUuid = Annotated[str, PathParam(max_length=36)]

MINUTES_PER_TICKET = 6  # the expected wait: 6 minutes for every ticket still waiting ahead
PREFIXES = {"asked": "A", "expired_document": "B", "in_person": "C"}
GENERAL = "general"
GENERAL_NAME = Text("综合窗口", "General counter")
NUMBER_TRIES = 5  # a number taken by a concurrent ticket: count again
NO_CALL = Text("没有这个呼叫", "There is no such call")
UUID_TAKEN = Text("该编号已被另一终端使用", "This uuid is used by another terminal")
UNKNOWN_SERVICE = Text("没有这项服务", "There is no such service")
BUSY = Text("取号繁忙，请重试", "The queue is busy: try again")


class AuditStored(BaseModel):
    stored: int  # events new to the platform; replays are not counted


def hall_day(now: dt.datetime) -> dt.date:
    """The hall's calendar day (China time) at ``now``: ticket numbers start again every day."""
    return now.astimezone(CHINA).date()


def _error(status: int, error: str, message: Text) -> JSONResponse:
    return JSONResponse({"error": error, "message": text_json(message)}, status_code=status)


def _call_state(call: StaffCallRecord) -> CallState:
    return CallState(uuid=call.uuid, status=call.status, acknowledged_by=call.acknowledged_by)  # type: ignore[arg-type]


def service_name(catalogue: Catalogue, service: str) -> Text | None:
    """The window's name for a package code or "general"; None for an unknown service."""
    if service == GENERAL:
        return GENERAL_NAME
    return catalogue.package(service).name if catalogue.offers(service) else None


def _ticket(session: Session, ticket: HallTicket, name: Text) -> Ticket:
    ahead = 0
    if ticket.status == "waiting":
        ahead = session.scalar(
            select(func.count()).select_from(HallTicket).where(
                HallTicket.day == ticket.day,
                HallTicket.status == "waiting",
                or_(HallTicket.issued_at < ticket.issued_at,
                    and_(HallTicket.issued_at == ticket.issued_at, HallTicket.number < ticket.number)),
            )
        ) or 0
    return Ticket(uuid=ticket.uuid, number=ticket.number, service=ticket.service,
                  service_name=Message(**text_json(name)), waiting_before=ahead,
                  expected_wait_min=MINUTES_PER_TICKET * ahead, issued_at=ticket.issued_at)


def _next_number(session: Session, day: dt.date, prefix: str) -> str:
    taken = session.scalar(
        select(func.count()).select_from(HallTicket).where(HallTicket.day == day, HallTicket.number.like(f"{prefix}%"))
    ) or 0
    return f"{prefix}{taken + 1:03d}"


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    signer = Depends(platform.terminals)
    signed: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody, "description": "Not signed by a terminal"}}
    unknown_call: dict[int | str, dict[str, Any]] = {
        404: {"model": ErrorBody, "description": "This terminal made no call with this uuid"}, **signed}

    def own_call(session: Session, uuid: str, terminal: str) -> StaffCallRecord | None:
        call = session.get(StaffCallRecord, uuid, with_for_update=True)
        return call if call is not None and call.terminal_id == terminal else None

    @router.post(
        "/v1/calls", status_code=201, response_model=CallState,
        responses={200: {"model": CallState, "description": "A replay: the call's current state"},
                   409: {"model": ErrorBody, "description": "The uuid is another terminal's call"}, **signed},
    )
    def call(request: StaffCall, terminal: str = signer) -> Response:
        """Call staff to this terminal; nothing personal, only the screen's name. Idempotent on ``uuid``."""
        for _attempt in range(2):  # a concurrent duplicate: read what it stored
            with platform.sessions() as session:
                known = session.get(StaffCallRecord, request.uuid)
                if known is not None:
                    if known.terminal_id != terminal:
                        return _error(409, "conflict", UUID_TAKEN)
                    return JSONResponse(_call_state(known).model_dump(mode="json"), status_code=200)
            record = StaffCallRecord(uuid=request.uuid, terminal_id=terminal, screen=request.screen,
                                     made_at=request.made_at, received_at=platform.clock(), status="open")
            try:
                with platform.sessions.begin() as session:
                    session.add(record)
            except IntegrityError:
                continue
            log.info("call from terminal %s (screen %s)", terminal, request.screen)
            return JSONResponse(_call_state(record).model_dump(mode="json"), status_code=201)
        raise RuntimeError("a call neither stored nor found")

    @router.get("/v1/calls/{uuid}", response_model=CallState, responses=unknown_call)
    def call_state(uuid: CallUuid, terminal: str = signer) -> Response:
        """Whether staff have acknowledged the call yet."""
        with platform.sessions() as session:
            found = own_call(session, uuid, terminal)
            if found is None:
                return _error(404, "not_found", NO_CALL)
            return JSONResponse(_call_state(found).model_dump(mode="json"))

    @router.post("/v1/calls/{uuid}/cancel", response_model=CallState, responses=unknown_call)
    def cancel_call(uuid: CallUuid, terminal: str = signer) -> Response:
        """Cancel an open call; an acknowledged one stays acknowledged."""
        with platform.sessions.begin() as session:
            found = own_call(session, uuid, terminal)
            if found is None:
                return _error(404, "not_found", NO_CALL)
            if found.status == "open":
                found.status, found.cancelled_at = "cancelled", platform.clock()
            return JSONResponse(_call_state(found).model_dump(mode="json"))

    @router.post(
        "/v1/tickets", status_code=201, response_model=Ticket,
        responses={200: {"model": Ticket, "description": "A replay: the ticket with the queue as it is now"},
                   409: {"model": ErrorBody, "description": "The uuid is another terminal's ticket"},
                   422: {"model": ErrorBody, "description": "Unknown service, or a malformed body"}, **signed},
    )
    def take_ticket(request: TicketRequest, terminal: str = signer) -> Response:
        """A number in the hall queue for a staffed window, with the tickets ahead and the expected wait
        (``MINUTES_PER_TICKET`` = 6 minutes each). Idempotent on ``uuid``."""
        name = service_name(platform.catalogue, request.service)
        if name is None:
            return _error(422, "unknown_service", UNKNOWN_SERVICE)
        for _attempt in range(NUMBER_TRIES):
            now = platform.clock()
            try:
                with platform.sessions.begin() as session:
                    known = session.get(HallTicket, request.uuid)
                    if known is not None:
                        if known.terminal_id != terminal:
                            return _error(409, "conflict", UUID_TAKEN)
                        stored_name = service_name(platform.catalogue, known.service) or name
                        return JSONResponse(_ticket(session, known, stored_name).model_dump(mode="json"))
                    day = hall_day(now)
                    ticket = HallTicket(uuid=request.uuid, day=day, service=request.service, reason=request.reason,
                                        number=_next_number(session, day, PREFIXES[request.reason]),
                                        terminal_id=terminal, issued_at=now, status="waiting")
                    session.add(ticket)
                    session.flush()
                    answer = _ticket(session, ticket, name)
            except IntegrityError:
                continue  # the number (or the uuid) was taken meanwhile
            log.info("ticket %s issued at terminal %s", answer.number, terminal)
            return JSONResponse(answer.model_dump(mode="json"), status_code=201)
        return _error(503, "busy", BUSY)

    @router.post("/v1/audit", response_model=AuditStored, responses=signed)
    def audit(batch: AuditBatch, terminal: str = signer) -> AuditStored:
        """Staff actions at this terminal, kept as evidence; each event idempotent on its ``uuid``."""
        stored = 0
        for event in batch.events:
            try:
                with platform.sessions.begin() as session:
                    if session.scalar(select(StaffAuditRecord.id).where(StaffAuditRecord.uuid == event.uuid)):
                        continue
                    session.add(StaffAuditRecord(uuid=event.uuid, terminal_id=terminal, kind=event.kind,
                                                 staff_number=event.staff_number, session_id=event.session_id,
                                                 at=event.at, received_at=platform.clock(), detail=event.detail))
                stored += 1
            except IntegrityError:
                continue  # a concurrent replay stored it
        return AuditStored(stored=stored)

    return router


# -- for the /staff/ page ----------------------------------------------------------------------------------------


class OpenCall(NamedTuple):
    uuid: str
    terminal_id: str
    screen: str
    made_at: dt.datetime
    received_at: dt.datetime


class WaitingTicket(NamedTuple):
    uuid: str
    number: str
    service: str  # a package code or "general"
    reason: str
    issued_at: dt.datetime


def acknowledge_call(session: Session, uuid: str, staff_number: str, now: dt.datetime) -> bool:
    """Acknowledge an open call; False if there is none with this uuid or it is no longer open."""
    found = session.get(StaffCallRecord, uuid, with_for_update=True)
    if found is None or found.status != "open":
        return False
    found.status, found.acknowledged_by, found.acknowledged_at = "acknowledged", staff_number, now
    log.info("call from terminal %s acknowledged by %s", found.terminal_id, staff_number)
    return True


def call_next_ticket(session: Session, staff_number: str, now: dt.datetime) -> HallTicket | None:
    """Call the oldest waiting ticket of today; None if nobody is waiting. Two staff calling at once get two
    different tickets (the row is locked, and a locked one skipped, on PostgreSQL)."""
    ticket = session.scalar(
        select(HallTicket)
        .where(HallTicket.day == hall_day(now), HallTicket.status == "waiting")
        .order_by(HallTicket.issued_at, HallTicket.number)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if ticket is not None:
        ticket.status, ticket.called_at, ticket.called_by = "called", now, staff_number
    return ticket


def open_calls(session: Session) -> list[OpenCall]:
    """Calls not yet acknowledged or cancelled, oldest first."""
    rows = session.execute(
        select(StaffCallRecord.uuid, StaffCallRecord.terminal_id, StaffCallRecord.screen, StaffCallRecord.made_at,
               StaffCallRecord.received_at)
        .where(StaffCallRecord.status == "open")
        .order_by(StaffCallRecord.received_at)
    )
    return [OpenCall(*row) for row in rows]


def waiting_tickets(session: Session, day: dt.date) -> list[WaitingTicket]:
    """The day's tickets still waiting, in the order they will be called."""
    rows = session.execute(
        select(HallTicket.uuid, HallTicket.number, HallTicket.service, HallTicket.reason, HallTicket.issued_at)
        .where(HallTicket.day == day, HallTicket.status == "waiting")
        .order_by(HallTicket.issued_at, HallTicket.number)
    )
    return [WaitingTicket(*row) for row in rows]

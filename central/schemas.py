"""The platform's own parts of the wire format (also what /openapi.json describes): the shapes a kiosk sends
and reads are shared with it, in kiosk/sync/wire.py."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from kiosk.sync.wire import Code, ItemResult, Message


class PublicStatus(BaseModel):
    """What the receipt's QR code shows: the status of the application and its items, nothing personal."""

    number: str
    status: str
    items: list[ItemResult]


class ErrorBody(BaseModel):
    error: str
    message: Message | None = None


class FieldProblem(BaseModel):
    """Where a malformed body is wrong (never the value it holds)."""

    loc: list[str | int]
    type: str
    msg: str


class InvalidBody(BaseModel):
    """Every 422 of an application: ``invalid`` answers name their ``fields``; an ``unknown_package`` or
    ``no_applicable_items`` has a ``message``; a ``malformed`` body has a ``message`` and the ``detail``."""

    error: str
    message: Message | None = None
    fields: dict[str, Message] | None = None
    detail: list[FieldProblem] | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    catalogue_version: str


class Enrolment(BaseModel):
    """A terminal's first request: the one-time code and its new public key."""

    model_config = ConfigDict(extra="forbid")

    terminal_id: Code
    code: Annotated[str, StringConstraints(min_length=4, max_length=32)]
    public_key: Annotated[str, StringConstraints(min_length=40, max_length=64)]  # base64 of 32 raw bytes

    def public_key_bytes(self) -> bytes:
        try:
            return base64.b64decode(self.public_key, validate=True)
        except (binascii.Error, ValueError):
            return b""


class Enrolled(BaseModel):
    terminal_id: str
    citizen_secret: str  # base64; the key behind citizen keys (HMAC of the ID number)
    platform_key: str  # base64 raw Ed25519 public key that signs the staff list (GET /v1/staff/list)

"""The wire format of the platform API (also what /openapi.json describes)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid as uuidlib
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import JsonDict

from kiosk.documents.verification import CODE_PATTERN

Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*$")]
Key = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Scalar = bool | int | float | Annotated[str, StringConstraints(max_length=4000)] | None
# An address or a scanned file is an object of scalars; a repeat group is a list of such rows.
Record = Annotated[dict[Key, Scalar | Annotated[list[Scalar], Field(max_length=100)]], Field(max_length=50)]
AnswerValue = Scalar | Record | Annotated[list[Scalar | Record], Field(max_length=100)]
SourceName = Literal["document", "shared", "citizen", "calculated"]


def _canonical_uuid(value: str) -> str:
    try:
        return str(uuidlib.UUID(value))
    except ValueError:
        raise ValueError("not a UUID") from None


def keys_match_their_pattern(schema: JsonDict) -> None:
    """For ``Field(json_schema_extra=…)`` of a dict whose keys have a pattern: pydantic states it as
    ``patternProperties``, which lets any other key through with any value; the platform refuses such
    keys, so state the pattern as ``propertyNames``, with the values' schema for every key."""
    patterns = schema.pop("patternProperties")
    names = schema.get("propertyNames", {})
    assert isinstance(patterns, dict) and len(patterns) == 1 and isinstance(names, dict)
    [(pattern, values)] = patterns.items()
    schema["propertyNames"] = {**names, "pattern": pattern}
    schema["additionalProperties"] = values


class Submission(BaseModel):
    """An application as a kiosk sends it: ``uuid`` is the idempotency key, ``number`` is printed."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    uuid: Annotated[str, AfterValidator(_canonical_uuid), Field(json_schema_extra={"format": "uuid"})]
    number: Code
    terminal_id: Code
    package_code: Code
    # No control characters: PostgreSQL text cannot hold a NUL, and a version has no business with any.
    catalogue_version: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
    submitted_at: Annotated[AwareDatetime, Field(strict=False)]  # from JSON it can only be a string
    answers: Annotated[dict[Key, AnswerValue], Field(max_length=500)]
    sources: Annotated[dict[Key, SourceName], Field(max_length=500)] = Field(default_factory=dict)
    # Made by the kiosk and printed on the receipt (it may be offline); the platform makes one if absent.
    verification_code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)] | None = None


class ItemResult(BaseModel):
    item_code: str
    number: str
    status: str
    promised_date: dt.date


class ApplicationResult(BaseModel):
    """What a kiosk prints and a terminal may look up; never the answers."""

    uuid: str
    number: str
    status: str
    verification_code: str
    received_at: dt.datetime
    items: list[ItemResult]


class PublicStatus(BaseModel):
    """What the receipt's QR code shows: the status of the application and its items, nothing personal."""

    number: str
    status: str
    items: list[ItemResult]


class Message(BaseModel):
    zh: str
    en: str


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

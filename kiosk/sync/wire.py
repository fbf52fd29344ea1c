"""The wire format between a kiosk and the platform: what each sends and answers, as pydantic models.

The platform (central/) validates requests and builds answers with these very classes, and its
/openapi.json describes them; the kiosk's client (kiosk/sync/client.py) builds requests and validates
answers with them. Answers ignore fields they do not know, so a newer platform may add some.
Imported on first use off the UI thread: pydantic is not loaded before the first frame.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonDict

from kiosk.documents.verification import CODE_PATTERN
from kiosk.i18n import Text
from kiosk.workdays import YearCalendar

Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*$")]
Key = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Scalar = bool | int | float | Annotated[str, StringConstraints(max_length=4000)] | None
# An address or a scanned file is an object of scalars; a repeat group is a list of such rows.
Record = Annotated[dict[Key, Scalar | Annotated[list[Scalar], Field(max_length=100)]], Field(max_length=50)]
AnswerValue = Scalar | Record | Annotated[list[Scalar | Record], Field(max_length=100)]
SourceName = Literal["document", "shared", "citizen", "calculated"]
SharedName = Annotated[str, StringConstraints(max_length=100, pattern=r"^shared\.[a-z0-9_]+(\.[a-z0-9_]+)*$")]
HealthLevel = Literal["ok", "warning", "error", "unknown"]
Short = Annotated[str, StringConstraints(max_length=64, pattern=r"^[^\x00-\x1f\x7f]*$")]
DeviceName = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")]
DEFAULT_INTERVAL_S = 60


def _canonical_uuid(value: str) -> str:
    try:
        return str(uuidlib.UUID(value))
    except ValueError:
        raise ValueError("not a UUID") from None


Uuid = Annotated[str, AfterValidator(_canonical_uuid), Field(json_schema_extra={"format": "uuid"})]
StaffNumber = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{4,8}$")]  # S0012: printed on the staff card
SignInMethod = Literal["card", "pin"]
AssistMode = Literal["helped", "acting"]  # 帮办: staff help the citizen; 代办: an agent acts for the citizen
IdentitySource = Literal["chip", "staff_entered"]
EnteredReason = Literal["card_damaged", "card_forgotten", "reader_fault"]
# 委托书 (a signed power of attorney), 监护 (guardian of a minor or an incapacitated adult),
# 近亲属 (a close relative with proof of kinship), 单位介绍信 (an employer's letter, for an enterprise's business).
Authorisation = Literal["power_of_attorney", "guardian", "close_relative", "employer_letter"]


def _integral_float_as_int(value: object) -> object:
    """JSON Schema's integers include 1.0, which a strict int refuses."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


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


class Message(BaseModel):
    zh: str
    en: str

    def text(self) -> Text:
        return Text(self.zh, self.en)


# -- applications --------------------------------------------------------------------------------------------


# -- 帮办代办 records (the rest of the hall's wire is kiosk/sync/hall_wire.py) ----------------------------------


class Agent(BaseModel):
    """For 代办: who acts for the citizen, and what authorises them."""

    model_config = ConfigDict(extra="forbid", strict=True)

    document_type: Code
    id_number: Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z]+$")]
    authorisation: Authorisation


class Assistance(BaseModel):
    # The rule of _agent_only_when_acting, stated in the schema too, so /openapi.json allows only what is accepted.
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"anyOf": [
        {"properties": {"mode": {"const": "acting"}, "agent": {"type": "object"}}, "required": ["agent"]},
        {"properties": {"mode": {"const": "helped"}, "agent": {"type": "null"}}},
    ]})

    mode: AssistMode
    staff_number: StaffNumber
    sign_in: SignInMethod
    session_id: Uuid
    agent: Agent | None = None  # required for "acting", absent for "helped"

    @model_validator(mode="after")
    def _agent_only_when_acting(self) -> Assistance:
        if (self.mode == "acting") != (self.agent is not None):
            raise ValueError("an agent (with the authorisation) is recorded exactly when staff act for the citizen")
        return self


class Submission(BaseModel):
    """An application as a kiosk sends it: ``uuid`` is the idempotency key, ``number`` is printed."""

    # The rule of _reason_only_when_staff_entered, stated in the schema too (an absent identity_source is "chip").
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, json_schema_extra={"anyOf": [
        {"properties": {"identity_source": {"const": "staff_entered"}, "identity_reason": {"type": "string"}},
         "required": ["identity_source", "identity_reason"]},
        {"properties": {"identity_source": {"const": "chip"}, "identity_reason": {"type": "null"}}},
    ]})

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
    # 帮办代办 (kiosk/sync/hall_wire.py): who helped, and how the citizen's identity was established. An
    # identity typed by staff is never "chip": the platform marks it for a check against the population registry.
    assistance: Assistance | None = None
    identity_source: IdentitySource = "chip"
    identity_reason: EnteredReason | None = None  # why staff typed it; only with "staff_entered"

    @model_validator(mode="after")
    def _reason_only_when_staff_entered(self) -> Submission:
        if (self.identity_source == "staff_entered") != (self.identity_reason is not None):
            raise ValueError("a reason is given exactly when staff entered the identity")
        return self


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


# -- one citizen: applications from every channel, e-licences, shared data ------------------------------------


class CertificateMarker(BaseModel):
    serial: str
    kind: str
    name: Message
    issued_at: dt.datetime


class CitizenItem(BaseModel):
    number: str
    item_code: str
    name: Message
    status: str
    promised_date: dt.date
    certificate: CertificateMarker | None


class CitizenApplication(BaseModel):
    """An application as its applicant may see it, from any channel; never the answers."""

    number: str
    package_code: str
    package_name: Message
    channel: str  # kiosk, online or counter
    status: str  # received, accepted, approved or rejected
    received_at: dt.datetime
    decided_at: dt.datetime | None
    reason: str | None  # why it was rejected
    items: list[CitizenItem]


class CitizenApplications(BaseModel):
    applications: list[CitizenApplication]  # newest first


class Licence(BaseModel):
    kind: str
    kind_name: Message
    number: str
    issued_on: dt.date | None
    valid_until: dt.date | None  # None: valid indefinitely (长期)
    data: dict[str, Any]


class Licences(BaseModel):
    licences: list[Licence]


class SharedDataRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    names: Annotated[list[SharedName], Field(min_length=1, max_length=50)]
    purpose: Code  # the package the data pre-fills
    wording_version: Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^[^\x00-\x1f\x7f]+$")]


class SharedData(BaseModel):
    consent_id: int
    values: dict[str, Any]  # only the names the departments hold a record of


class RatingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    number: Code  # the application number on the receipt
    level: Annotated[int, Field(ge=1, le=5), BeforeValidator(_integral_float_as_int)]  # 5 非常满意 … 1 非常不满意
    # No NUL: PostgreSQL text cannot hold one.
    comment: Annotated[str, StringConstraints(max_length=500, pattern=r"^[^\x00]*$")] = ""


# -- heartbeats -------------------------------------------------------------------------------------------------


class DeviceHealth(BaseModel):
    model_config = ConfigDict(extra="forbid")

    health: HealthLevel
    detail: Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""


class HeartbeatBody(BaseModel):
    """What a kiosk reports. ``interval_s`` says when to expect the next one."""

    model_config = ConfigDict(extra="forbid")

    software: Short
    catalogue_version: Short
    outbox_pending: Annotated[int, Field(ge=0, le=10_000_000)]
    devices: Annotated[
        dict[DeviceName, DeviceHealth], Field(max_length=16, json_schema_extra=keys_match_their_pattern)
    ] = Field(default_factory=dict)
    sent_at: AwareDatetime
    interval_s: Annotated[int, Field(ge=1, le=3600)] = DEFAULT_INTERVAL_S


class CommandOut(BaseModel):
    id: int
    command: str
    arguments: dict[str, Any]


class CalendarYearOut(BaseModel):
    """One official year, as heartbeat answers carry it."""

    year: int
    holidays: list[dt.date]  # days off, weekend days among them or not
    workdays: list[dt.date]  # Saturdays and Sundays worked in exchange (调休)

    @classmethod
    def of(cls, year: YearCalendar) -> CalendarYearOut:
        return cls(year=year.year, holidays=sorted(year.holidays), workdays=sorted(year.workdays))


class HeartbeatAnswer(BaseModel):
    commands: list[CommandOut]
    config: dict[str, Any]
    server_time: dt.datetime
    calendar: list[CalendarYearOut] = Field(default_factory=list)  # official years published, this one on

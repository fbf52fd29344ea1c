"""A platform in memory (kiosk.sync.platform.Platform), for tests that need one but no HTTP.

The test sets what it knows (a citizen's applications, licences, shared records, certificates, the
catalogue answer, commands and config for the next heartbeat) and reads back what it was sent.
With ``online`` False every call goes unanswered, as when the network is down; without ``secret``
the terminal has not enrolled. Applications are checked with the platform's own model.
The hall's calls (staff, calls for staff, tickets, audit, no-card services) are tests/helpers/memory_hall.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kiosk.sync.platform import CatalogueAnswer, CertificatePdf, Outcome, SubmitResult
from kiosk.sync.signing import citizen_key
from kiosk.sync.wire import (
    ApplicationResult,
    CalendarYearOut,
    CitizenApplication,
    CommandOut,
    HeartbeatAnswer,
    HeartbeatBody,
    Licence,
    SharedData,
    Submission,
)
from tests.helpers.memory_hall import MemoryHall

OFFLINE = SubmitResult(Outcome.RETRY, error="network: ConnectionError")


@dataclass(frozen=True)
class Consent:
    citizen_key: str
    names: tuple[str, ...]
    purpose: str
    wording_version: str


@dataclass
class MemoryPlatform(MemoryHall):
    applications_by_key: dict[str, list[CitizenApplication]] = field(default_factory=dict)
    licences_by_key: dict[str, list[Licence]] = field(default_factory=dict)
    shared_by_key: dict[str, dict[str, Any]] = field(default_factory=dict)  # record values by name
    certificates: dict[str, CertificatePdf] = field(default_factory=dict)
    catalogue_answer: CatalogueAnswer = field(default_factory=lambda: CatalogueAnswer(304, b"", {}))  # nothing new
    commands: list[CommandOut] = field(default_factory=list)  # handed out with the next heartbeat answer
    config: dict[str, Any] = field(default_factory=dict)
    calendar: list[CalendarYearOut] = field(default_factory=list)
    # What the kiosk sent:
    beats: list[HeartbeatBody] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    ratings: dict[str, tuple[int, str]] = field(default_factory=dict)  # by application number
    catalogue_asked: list[tuple[str | None, str | None]] = field(default_factory=list)

    def citizen_key(self, id_number: str) -> str | None:
        return citizen_key(self.secret, id_number) if self.secret is not None else None

    def submit(self, envelope: Mapping[str, Any]) -> SubmitResult:
        if not self.online:
            return OFFLINE
        if self.secret is None:
            return SubmitResult(Outcome.UNAUTHORIZED, error="HTTP 401")
        try:
            submission = Submission.model_validate(envelope)
        except ValidationError:
            return SubmitResult(Outcome.ATTENTION, error="HTTP 422 malformed")
        result = self.received.setdefault(submission.uuid, ApplicationResult(
            uuid=submission.uuid, number=submission.number, status="received",
            verification_code=submission.verification_code or "ABC234", received_at=dt.datetime.now(dt.UTC), items=[],
        ))
        return SubmitResult(Outcome.DELIVERED, result=result)

    def application(self, number: str) -> ApplicationResult | None:
        found = [result for result in self.received.values() if result.number == number]
        return found[0] if self.online and found else None

    def citizen_applications(self, citizen_key: str) -> list[CitizenApplication] | None:
        return list(self.applications_by_key.get(citizen_key, [])) if self._answers() else None

    def licences(self, citizen_key: str) -> list[Licence] | None:
        return list(self.licences_by_key.get(citizen_key, [])) if self._answers() else None

    def shared_data(self, citizen_key: str, names: list[str], purpose: str, wording_version: str) -> SharedData | None:
        if not self._answers():
            return None
        self.consents.append(Consent(citizen_key, tuple(names), purpose, wording_version))
        held = self.shared_by_key.get(citizen_key, {})
        return SharedData(consent_id=len(self.consents), values={name: held[name] for name in names if name in held})

    def rate(self, number: str, level: int, comment: str) -> bool | None:
        if not self._answers() or self.application(number) is None:
            return None
        if number in self.ratings:
            return False
        self.ratings[number] = (level, comment)
        return True

    def certificate(self, serial: str) -> CertificatePdf | None:
        return self.certificates.get(serial) if self._answers() else None

    def catalogue(self, since: str | None, if_none_match: str | None = None) -> CatalogueAnswer | None:
        if not self.online:
            return None
        self.catalogue_asked.append((since, if_none_match))
        return self.catalogue_answer

    def heartbeat(self, body: HeartbeatBody) -> HeartbeatAnswer | None:
        if not self._answers():
            return None
        self.beats.append(body)
        commands, self.commands = self.commands, []  # each handed out once
        return HeartbeatAnswer(commands=commands, config=dict(self.config), server_time=dt.datetime.now(dt.UTC),
                               calendar=list(self.calendar))

    def reachable(self) -> bool:
        return self.online

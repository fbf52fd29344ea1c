"""Receiving applications: checked with the kiosk's own form engine, stored once per uuid.

The uuid is the idempotency key. A replay of the same canonical body gets the original
result; anything else under a known uuid or number is a conflict. Concurrent duplicates
are settled by the database's unique constraints, not by a check-then-insert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload, sessionmaker

from central.calendars import OfficialCalendar
from central.db import RECEIVED, Application, ItemApplication
from kiosk.catalogue import Catalogue
from kiosk.documents.verification import new_code
from kiosk.forms.engine import CombinedForm
from kiosk.i18n import Text
from kiosk.sync.wire import ApplicationResult, ItemResult, Submission

log = logging.getLogger("central.submissions")

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")  # the halls' calendar; China has no DST

CHANGED_BODY = Text("该申请已提交过，但内容不同", "This application was already submitted with different content")
NUMBER_TAKEN = Text("该申请编号已被另一份申请使用", "This application number is already used by another application")
UNKNOWN_PACKAGE = Text("没有这个“一件事”套餐", "There is no such scenario package")
NO_ITEMS = Text("该套餐目前没有可办理的事项", "None of this package's items can be applied for now")
NOT_FOUND = Text("未找到该申请", "No application has this number")


def text_json(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


@dataclass(frozen=True)
class Accepted:
    result: ApplicationResult
    created: bool  # False: a replay of an application already stored


@dataclass(frozen=True)
class Rejected:
    status: int
    body: dict[str, Any]

    @classmethod
    def because(cls, status: int, error: str, message: Text) -> Rejected:
        return cls(status, {"error": error, "message": text_json(message)})


# Fields added later, left out of the digest at their defaults: applications stored before keep their digest.
LATER_DEFAULTS: dict[str, object] = {"assistance": None, "identity_source": "chip", "identity_reason": None}


def body_digest(submission: Submission) -> str:
    """sha256 of the canonical JSON of the body: sorted keys, no spaces, UTF-8."""
    body = submission.model_dump(mode="json")
    for name, default in LATER_DEFAULTS.items():
        if body.get(name) == default:
            del body[name]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def to_result(application: Application) -> ApplicationResult:
    return ApplicationResult(
        uuid=application.uuid,
        number=application.number,
        status=application.status,
        verification_code=application.verification_code,
        received_at=application.received_at,
        items=[
            ItemResult(item_code=i.item_code, number=i.number, status=i.status, promised_date=i.promised_date)
            for i in application.items
        ],
    )


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Applications:
    """The applications the platform holds, validated against the current catalogue."""

    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue | Callable[[], Catalogue],  # a provider follows newly published versions
        clock: Callable[[], dt.datetime] = _utc_now,
        citizen_key: Callable[[str], str] | None = None,
    ) -> None:
        # Results are built from rows after their session has closed, so they must not expire.
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._catalogue = catalogue
        self.clock = clock
        self.citizen_key = citizen_key  # the applicant's key, for status by citizen
        self.calendar = OfficialCalendar(engine)  # promised dates: the published years, then the package's

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue if isinstance(self._catalogue, Catalogue) else self._catalogue()

    def receive(self, submission: Submission) -> Accepted | Rejected:
        """Store a new application, or answer a replay.

        The answers are checked against the *current* catalogue, whatever
        ``catalogue_version`` the kiosk used; the submitted version is kept as sent.
        Applications made under a retired version are for a later change to handle.
        """
        digest = body_digest(submission)
        known = self._known(submission, digest)
        if known is not None:
            return known
        catalogue = self.catalogue  # one version for the whole application
        if not catalogue.offers(submission.package_code):
            return Rejected.because(422, "unknown_package", UNKNOWN_PACKAGE)
        package = catalogue.package(submission.package_code)  # a package, or a single item
        received_at = self.clock().astimezone(dt.UTC).replace(microsecond=0)
        received_day = received_at.astimezone(CHINA).date()
        form = CombinedForm(catalogue, package, received_day)
        errors = form.errors(submission.answers)
        if errors:
            return Rejected(422, {"error": "invalid", "fields": {k: text_json(v) for k, v in errors.items()}})
        parts = form.fan_out(submission.answers)
        if not parts:
            return Rejected.because(422, "no_applicable_items", NO_ITEMS)
        effective = form.effective(submission.answers)
        applicant = effective.get("applicant.id_number")
        calendar = self.calendar.current()
        application = Application(
            uuid=submission.uuid,
            number=submission.number,
            terminal_id=submission.terminal_id,
            package_code=package.code,
            catalogue_version=submission.catalogue_version,
            body_sha256=digest,
            answers=effective,
            sources={k: v for k, v in submission.sources.items() if k in effective},
            verification_code=submission.verification_code or new_code(),
            status=RECEIVED,
            submitted_at=submission.submitted_at,
            received_at=received_at,
            channel="kiosk",
            assistance=None if submission.assistance is None else submission.assistance.model_dump(mode="json"),
            identity_source=submission.identity_source,
            identity_reason=submission.identity_reason,
            # A staff-typed identity was never read from a chip: someone checks it against the population registry.
            registry_check="needed" if submission.identity_source == "staff_entered" else None,
            citizen_key=self.citizen_key(applicant) if self.citizen_key and isinstance(applicant, str) else None,
            items=[
                ItemApplication(
                    item_code=item.code,
                    number=f"{submission.number}-{n:02d}",
                    answers=answers,
                    status=RECEIVED,
                    promised_date=calendar.add_working_days(received_day, item.promised_days),
                )
                for n, (item, answers) in enumerate(parts, start=1)
            ],
        )
        try:
            with self.sessions.begin() as session:
                session.add(application)
        except IntegrityError:
            # A concurrent request with the same uuid or number committed first.
            known = self._known(submission, digest)
            if known is None:
                raise
            log.info("application %s: a concurrent duplicate, settled by the database", submission.number)
            return known
        log.info("application %s received with %d items", application.number, len(parts))
        return Accepted(to_result(application), created=True)

    def _known(self, submission: Submission, digest: str) -> Accepted | Rejected | None:
        """The answer for a uuid or number already stored, or None for a new application."""
        with self.sessions() as session:
            # One statement, so a commit between two lookups cannot make a replay look like a conflict.
            matches = session.scalars(
                select(Application)
                .where(or_(Application.uuid == submission.uuid, Application.number == submission.number))
                .options(selectinload(Application.items))
            ).all()
        if not matches:
            return None
        same = [a for a in matches if a.uuid == submission.uuid]
        if not same:
            return Rejected.because(409, "conflict", NUMBER_TAKEN)
        if same[0].body_sha256 != digest:
            return Rejected.because(409, "conflict", CHANGED_BODY)
        return Accepted(to_result(same[0]), created=False)

    def find(self, number: str) -> ApplicationResult | None:
        """The application with this number, or the one holding the item application with it."""
        if "\x00" in number:
            return None  # no number has a NUL, and PostgreSQL refuses to compare text with one
        with self.sessions() as session:
            uuid = session.scalar(select(Application.uuid).where(Application.number == number))
            if uuid is None:
                uuid = session.scalar(select(ItemApplication.application_uuid).where(ItemApplication.number == number))
            if uuid is None:
                return None
            stored = session.get(Application, uuid, options=[selectinload(Application.items)])
            return None if stored is None else to_result(stored)

"""One citizen's visit, from reading the document to the receipt. Qt-free.

The session owns every piece of personal data the kiosk holds in memory; ``reset``
drops all of it, so the next citizen starts from nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.catalogue import Catalogue, ScenarioPackage
from kiosk.documents.model import Receipt, ReceiptItem
from kiosk.documents.verification import new_code, status_path
from kiosk.forms.engine import CombinedForm, Prefill, Source, identity_prefill, shared_prefill
from kiosk.i18n import Text
from kiosk.identity import IdentityRecord
from kiosk.log import forget_personal_values, register_personal_values
from kiosk.workdays import WorkCalendar

if TYPE_CHECKING:
    from kiosk.store import Store, StoredApplication
    from kiosk.sync.wire import Assistance

log = logging.getLogger("kiosk.session")


class SessionError(RuntimeError):
    """A step taken out of order: a programming error, not a citizen's."""


@dataclass(frozen=True)
class Terminal:
    id: str
    hall: Text
    platform_url: str


@dataclass(frozen=True)
class Submitted:
    uuid: str
    number: str
    receipt: Receipt


def receipt_to_json(receipt: Receipt) -> dict[str, Any]:
    """The receipt as stored for reprints. It holds numbers and item names, nothing personal."""
    return {
        "terminal_id": receipt.terminal_id,
        "hall": list(receipt.hall),
        "issued_at": receipt.issued_at.isoformat(),
        "package_name": list(receipt.package_name),
        "application_number": receipt.application_number,
        "items": [
            {"name": list(i.name), "department": list(i.department), "number": i.number,
             "promised_date": i.promised_date.isoformat()}
            for i in receipt.items
        ],
        "to_bring": [list(t) for t in receipt.to_bring],
        "no_need_to_bring": [list(t) for t in receipt.no_need_to_bring],
        "qr_payload": receipt.qr_payload,
        "status_hint": list(receipt.status_hint),
        "submitted": receipt.submitted,
        "verification_code": receipt.verification_code,
        "assisted_by": list(receipt.assisted_by) if receipt.assisted_by else None,
        "staff_entered": receipt.staff_entered,
    }


def receipt_from_json(data: dict[str, Any]) -> Receipt:
    return Receipt(
        terminal_id=data["terminal_id"],
        hall=Text(*data["hall"]),
        issued_at=dt.datetime.fromisoformat(data["issued_at"]),
        package_name=Text(*data["package_name"]),
        application_number=data["application_number"],
        items=tuple(
            ReceiptItem(
                Text(*i["name"]), Text(*i["department"]), i["number"], dt.date.fromisoformat(i["promised_date"])
            )
            for i in data["items"]
        ),
        to_bring=tuple(Text(*t) for t in data["to_bring"]),
        no_need_to_bring=tuple(Text(*t) for t in data["no_need_to_bring"]),
        qr_payload=data["qr_payload"],
        status_hint=Text(*data["status_hint"]),
        submitted=data["submitted"],
        verification_code=data.get("verification_code", ""),  # receipts stored before codes have none
        assisted_by=Text(*data["assisted_by"]) if data.get("assisted_by") else None,
        staff_entered=data.get("staff_entered", False),
    )


STATUS_HINT = Text(
    "扫描二维码，或拨打 12345 政务服务热线，凭申请编号和查询码查询办理进度；也可在本机放置证件后点“查询我的办件”",
    "Scan the QR code, or call the 12345 hotline with the application number and verification code, to check "
    "progress; or place your document on this kiosk and choose \"My applications\"",
)


class CitizenSession:
    def __init__(
        self,
        catalogue: Catalogue,
        store: Store,
        terminal: Terminal,
        clock: Callable[[], dt.datetime] | None = None,
        citizen_keys: Callable[[str], str | None] | None = None,
        calendar: WorkCalendar | None = None,
    ) -> None:
        """``citizen_keys`` turns an ID number into the key the platform knows the citizen by
        (None until the terminal is enrolled). ``calendar`` gives the promised dates; by default the
        official one, with the years the platform published as the store keeps them."""
        self.catalogue = catalogue
        self.store = store
        self.terminal = terminal
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC).astimezone())
        self.citizen_keys = citizen_keys
        self.calendar = calendar if calendar is not None else WorkCalendar(store.calendar_years())
        self.next_catalogue: Catalogue | None = None  # a newer one, switched in when no one is being served
        self.identity: IdentityRecord | None = None
        self.form: CombinedForm | None = None
        self.answers: dict[str, object] = {}
        self.prefilled: dict[str, Prefill] = {}
        self.submitted: Submitted | None = None
        self.identity_source = "chip"  # or "staff_entered": typed by staff, checked later against the registry
        self.identity_reason: str | None = None  # why staff typed it (kiosk.sync.wire.EnteredReason)
        self.assistance: Assistance | None = None  # 帮办/代办, once the citizen accepted the help
        self.assisted_by: Text | None = None  # the same, as the receipt says it

    @property
    def active(self) -> bool:
        return self.identity is not None

    def identify(self, record: IdentityRecord, *, entered_reason: str | None = None) -> None:
        """The citizen's identity, read from the chip or (with ``entered_reason``) typed by staff."""
        self.reset()
        self.identity = record
        if entered_reason is not None:
            self.identity_source, self.identity_reason = "staff_entered", entered_reason
        register_personal_values(record.personal_values())
        log.info("citizen identified with %s (%s)", record.document_type, self.identity_source)

    def assist(self, assistance: Assistance, assisted_by: Text) -> None:
        """The citizen accepted staff's help: it goes with the application and stands on the receipt."""
        self.assistance, self.assisted_by = assistance, assisted_by

    @property
    def citizen_key(self) -> str | None:
        """The key the platform knows this citizen by (None until the terminal is enrolled)."""
        if self.identity is None or self.citizen_keys is None:
            return None
        return self.citizen_keys(self.identity.citizen_id)

    def local_applications(self) -> list[StoredApplication]:
        """This kiosk's own records of the citizen's applications, newest first."""
        if self.identity is None:
            return []
        return self.store.applications_of(self.store.citizen_key(self.identity.citizen_id))

    def packages(self) -> list[ScenarioPackage]:
        return list(self.catalogue.packages.values())

    def choose(self, package_code: str) -> CombinedForm:
        if self.identity is None:
            raise SessionError("choose a package after identification")
        self.form = CombinedForm(self.catalogue, self.catalogue.package(package_code), self.clock().date())
        self.prefilled = identity_prefill(self.form, self.identity, verified=self.identity_source == "chip")
        self.answers = {key: p.value for key, p in self.prefilled.items()}
        self.submitted = None
        return self.form

    def shared_keys(self) -> list[str]:
        """The shared-data lists this form would pre-fill from (``shared.marital_status`` …), for consent."""
        if self.form is None:
            return []
        return sorted({f.prefill for f in self.form.fields if f.prefill and f.prefill.startswith("shared.")})

    def apply_shared(self, shared: dict[str, object]) -> None:
        """Pre-fill from shared data the citizen agreed to fetch; answers already given are kept."""
        if self.form is None:
            raise SessionError("shared data pre-fills a chosen form")
        for key, prefill in shared_prefill(self.form, shared).items():
            if key not in self.answers:
                self.prefilled[key] = prefill
                self.answers[key] = prefill.value
                if isinstance(prefill.value, str):
                    register_personal_values([prefill.value])

    def set_answer(self, key: str, value: object) -> None:
        prefill = self.prefilled.get(key)
        if prefill is not None and prefill.locked:
            raise SessionError(f"{key} is verified from the document and cannot be changed")
        if isinstance(value, str):
            register_personal_values([value])
        self.answers[key] = value

    def source_of(self, key: str) -> Source:
        prefill = self.prefilled.get(key)
        if prefill is not None:
            return prefill.source
        if self.form is not None and self.form.field(key).calculate is not None:
            return Source.CALCULATED
        return Source.CITIZEN

    def submit(self) -> Submitted:
        """Save the application and its outbox entry in one transaction; the receipt can print at once."""
        if self.form is None or self.identity is None:
            raise SessionError("submit after filling a form")
        if self.submitted is not None:
            return self.submitted  # a second tap never makes a second application
        errors = self.form.errors(self.answers)
        if errors:
            raise SessionError(f"submit with {len(errors)} unanswered or invalid fields")
        now = self.clock()
        application_uuid = str(uuidlib.uuid4())
        number = self.store.next_number(self.terminal.id, now.date())
        effective = self.form.effective(self.answers)
        code = new_code()
        envelope = {
            "uuid": application_uuid,
            "number": number,
            "terminal_id": self.terminal.id,
            "package_code": self.form.package.code,
            "catalogue_version": self.catalogue.version,
            "submitted_at": now.isoformat(),
            "answers": effective,
            "sources": {key: self.source_of(key).value for key in effective},
            "verification_code": code,
            "identity_source": self.identity_source,
        }
        if self.identity_reason is not None:
            envelope["identity_reason"] = self.identity_reason
        if self.assistance is not None:
            envelope["assistance"] = self.assistance.model_dump(mode="json")
        checklist = self.form.checklist(self.answers)
        receipt = Receipt(
            terminal_id=self.terminal.id,
            hall=self.terminal.hall,
            issued_at=now,
            package_name=self.form.package.name,
            application_number=number,
            items=tuple(
                ReceiptItem(item.name, item.department, f"{number}-{i:02d}",
                            self.calendar.add_working_days(now.date(), item.promised_days))
                for i, (item, _) in enumerate(self.form.fan_out(self.answers), start=1)
            ),
            to_bring=tuple(m.name for m in checklist.to_bring),
            no_need_to_bring=tuple(m.name for m in checklist.not_needed),
            qr_payload=self.terminal.platform_url.rstrip("/") + status_path(number, code),
            status_hint=STATUS_HINT,
            submitted=False,
            verification_code=code,
            assisted_by=self.assisted_by,
            staff_entered=self.identity_source == "staff_entered",
        )
        self.store.save_application(
            uuid=application_uuid,
            number=number,
            package_code=self.form.package.code,
            catalogue_version=self.catalogue.version,
            created_at=now,
            envelope=envelope,
            receipt=receipt_to_json(receipt),
            citizen_key=self.store.citizen_key(self.identity.citizen_id),
        )
        self.submitted = Submitted(application_uuid, number, receipt)
        return self.submitted

    def reset(self) -> None:
        """Forget the citizen: identity, answers, form and the log filter's list of their values.
        A catalogue downloaded meanwhile takes over here, between two visits."""
        if self.next_catalogue is not None:
            self.catalogue, self.next_catalogue = self.next_catalogue, None
        self.identity = None
        self.form = None
        self.answers = {}
        self.prefilled = {}
        self.submitted = None
        self.identity_source, self.identity_reason = "chip", None
        self.assistance, self.assisted_by = None, None
        forget_personal_values()

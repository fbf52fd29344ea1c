"""My applications: what the platform and this kiosk know of a citizen's applications and e-licences."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.i18n import Text

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.sync.wire import CitizenApplication, Licence, Message  # pydantic: loaded with the first answer


class Notice(StrEnum):
    OFFLINE = "offline"  # the platform did not answer: this kiosk's records only
    NOT_ENROLLED = "not_enrolled"  # this terminal has no key to ask with: its own records only


@dataclass(frozen=True)
class Entry:
    """One application as the citizen sees it, whether from the platform or only from this kiosk."""

    number: str
    name: Text
    channel: str
    state: str
    date: str
    reason: str = ""
    items: tuple[tuple[Text, str], ...] = ()
    certificates: tuple[tuple[str, Text], ...] = ()  # serial and name of each certificate issued


@dataclass
class Lookup:
    """One look at the citizen's applications: what is still awaited and what came back."""

    awaiting: set[str] = field(default_factory=set)  # "applications", "licences"
    answer: list[CitizenApplication] | None = None
    licences: list[Licence] = field(default_factory=list)
    notice: Notice | None = None
    print_notice: Text | None = None  # how the last certificate or licence print went

    @property
    def looking(self) -> bool:
        """True until both the applications and the e-licences are in (or the platform gave up)."""
        return bool(self.awaiting)

    def applications_came(self, answer: list[CitizenApplication] | None) -> None:
        self.awaiting.discard("applications")
        if answer is None:
            self.notice = Notice.OFFLINE
        else:
            self.answer = answer

    def licences_came(self, answer: list[Licence] | None) -> None:
        self.awaiting.discard("licences")
        self.licences = answer or []

    def entries(self, session: CitizenSession) -> list[Entry]:
        """The platform's list, plus what only this kiosk holds (not yet sent), newest first."""
        entries = [from_platform(a) for a in self.answer or []]
        known = {e.number for e in entries}
        for stored in session.local_applications():
            if stored.number in known:
                continue
            package = session.catalogue.packages.get(stored.package_code)
            name = package.name if package else Text(stored.package_code, stored.package_code)
            state = "sent" if stored.state == "delivered" else stored.state
            entries.append(Entry(stored.number, name, "kiosk", state, stored.created_at.date().isoformat()))
        return sorted(entries, key=lambda e: e.date, reverse=True)


def from_platform(application: CitizenApplication) -> Entry:
    return Entry(
        number=application.number,
        name=text_of(application.package_name),
        channel=application.channel,
        state=application.status,
        date=application.received_at.date().isoformat(),
        reason=application.reason or "",
        items=tuple((text_of(i.name), i.status) for i in application.items),
        certificates=tuple((i.certificate.serial, text_of(i.certificate.name)) for i in application.items
                           if i.certificate is not None),
    )


def text_of(message: Message) -> Text:
    return Text(message.zh, message.en)

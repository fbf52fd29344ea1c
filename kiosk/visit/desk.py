"""The desk: the terminal's current visit, and a fresh one the moment a visit ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.i18n import Language
from kiosk.visit.calls import Calls
from kiosk.visit.machine import Change, Services, State, Timing, Visit
from kiosk.visit.staffing import StaffPost

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.staff.session import StaffSession

Listener = Callable[[Visit, Change], None]


class Desk:
    """Owns the visit in progress. Listeners hear every change of the current visit; an ended visit
    is replaced by a new one in ``State.HOME`` before they hear of it, so they only ever see the next.

    What belongs to the terminal, not to a citizen, lives here across visits: the staff session
    (``post``, read as ``staff``) and the calls for staff (``calls``, with listeners of their own)."""

    def __init__(self, session: CitizenSession, services: Services, timing: Timing,
                 lang: Callable[[], Language]) -> None:
        self.session = session
        self.services = services
        self.timing = timing
        self.lang = lang
        self._listeners: list[Listener] = []
        self.post = StaffPost(services.timers, services.messages, session.clock)
        self.post.on_end = lambda: self.visit.staff_ended()
        self.calls = Calls(services.messages, services.lookups, services.background, services.timers, session.clock)
        self.visit = self._new_visit()

    @property
    def staff(self) -> StaffSession | None:
        return self.post.staff

    def _new_visit(self) -> Visit:
        return Visit(self.session, self.services, self.timing, self.lang, self._changed, self.post)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _changed(self, visit: Visit, change: Change) -> None:
        if visit is not self.visit:
            return  # an ended visit's last word
        if visit.state is State.ENDED:
            self.visit = self._new_visit()
            change = Change.SCREEN
        for listener in self._listeners:
            listener(self.visit, change)

"""A staff member's session at this terminal: who signed in, how, and when it ends.

It ends after ``IDLE_S`` without a touch or ``MAX_S`` after sign-in (and on card removal or sign-out, which
the visit handles). Pure: the caller passes the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

IDLE_S = 600  # 10 minutes without a touch
MAX_S = 8 * 3600  # a working day at most


@dataclass
class StaffSession:
    """Fixed but for ``last_activity``, which ``touched`` moves on."""

    session_id: str  # uuid4, made by the kiosk: recorded with every assisted application of this session
    staff_number: str
    masked_name: str  # 王**
    method: str  # "card" or "pin" (kiosk.sync.wire.SignInMethod)
    started_at: dt.datetime
    last_activity: dt.datetime

    def expired(self, now: dt.datetime) -> bool:
        return (now - self.last_activity).total_seconds() >= IDLE_S or (now - self.started_at).total_seconds() >= MAX_S

    def touched(self, now: dt.datetime) -> None:
        self.last_activity = max(self.last_activity, now)

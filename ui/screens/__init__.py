"""One file per screen. A screen is a view of the visit in its ``states``; it sends intents back.

Adding a screen is its file plus one line in ``SCREENS``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.screens.base import Screen

# Imported once the kiosk is ready: the first frame needs only the home screen (ui.screens.home).
SCREENS = (
    "ui.screens.mrz:MrzScreen",
    "ui.screens.identity:IdentityScreen",
    "ui.screens.packages:PackagesScreen",
    "ui.screens.consent:ConsentScreen",
    "ui.screens.form:FormScreen",
    "ui.screens.review:ReviewScreen",
    "ui.screens.receipt:ReceiptScreen",
    "ui.screens.status:StatusScreen",
    "ui.screens.staff:StaffSignInScreen",
    "ui.screens.staff:StaffMenuScreen",
    "ui.screens.staff_identity:StaffIdentityScreen",
    "ui.screens.assist_consent:AssistConsentScreen",
    "ui.screens.lookup:LookupScreen",
    "ui.screens.ticket:TicketScreen",
)


def visit_screens() -> list[type[Screen]]:
    from ui.screens.base import Screen

    found: list[type[Screen]] = []
    for entry in SCREENS:
        module, _, name = entry.partition(":")
        screen = getattr(import_module(module), name)
        assert isinstance(screen, type) and issubclass(screen, Screen), entry
        found.append(screen)
    return found

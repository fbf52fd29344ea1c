"""Verification codes: what a receipt or certificate carries so that anyone holding it may check it.

The kiosk makes an application's code when it prints the receipt (it may be offline) and sends
it with the application; the platform keeps it and answers the public status path only with it.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed from paper
APPLICATION_CODE_LENGTH = 6
CODE_PATTERN = rf"^[{ALPHABET}]{{{APPLICATION_CODE_LENGTH}}}$"


def new_code(length: int = APPLICATION_CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def status_path(number: str, code: str) -> str:
    """Where the platform tells an application's status to whoever holds its receipt (no signature)."""
    return f"/v1/status/{number}/{code}"

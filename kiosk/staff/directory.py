"""The platform-signed staff list, kept on the kiosk so a staff card still signs in while the platform is
unreachable (VotingWorks' role cards: the card proves a key, the list says whose key it is).

The list is taken only with the platform's signature (Ed25519, the key handed out at enrolment) and is
checked again when read back from disk, so an edited file is no list. It is trusted until its
``valid_until``; a list older than the one held is refused, so a replayed list cannot bring back a
revoked card. The file holds staff numbers and masked names: mode 0600, written atomically.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.sync.signing import write_private

if TYPE_CHECKING:
    from kiosk.reading import StaffCardProof
    from kiosk.sync.hall_wire import SignedStaffList, StaffList, StaffMember
    from kiosk.sync.platform import Platform

log = logging.getLogger("kiosk.staff")

FILE = "staff-list.json"
CHALLENGE = re.compile(rb"hunan-kiosk-staff/([0-9T:.+\-Z]{19,40})/[0-9a-f-]{32,36}")  # devices/cards/staffcard.py
FRESH_S = 60  # a card's signature of an older (or later) challenge is a replay


class StaffDirectory:
    """Thread-safe: the heartbeat's thread takes new lists, the GUI thread checks cards."""

    def __init__(self, state_dir: Path, platform_key: bytes | None) -> None:
        """``platform_key``: the raw public key from enrolment (``Credentials.platform_key``); without one
        no list is taken or trusted. It may be set later, once the terminal has enrolled."""
        self.path = state_dir / FILE
        self.platform_key = platform_key
        self._lock = threading.Lock()
        self._list: StaffList | None = None
        self._loaded = False

    def take(self, signed: SignedStaffList) -> bool:
        """Keep ``signed`` if the platform signed it and it is not older than the list held."""
        listed = self._verified(signed)
        if listed is None:
            return False
        with self._lock:
            held = self._held()
            if held is not None and listed.issued_at < held.issued_at:
                log.warning("staff list refused: older than the one held")
                return False
            write_private(self.path, json.dumps(signed.model_dump(mode="json")).encode())
            self._list = listed
        log.info("staff list taken: %d staff, valid until %s", len(listed.staff), listed.valid_until.isoformat())
        return True

    def refresh(self, platform: Platform) -> bool:
        """Ask the platform for the newest list (off the GUI thread); False if none came or it was refused."""
        signed = platform.staff_list()
        return signed is not None and self.take(signed)

    def check_card(self, proof: StaffCardProof, now: dt.datetime) -> StaffMember | None:
        """The staff member whose card made ``proof``, or None (the reason logged, never a key)."""
        with self._lock:
            listed = self._held()
        reason, member = _check(listed, proof, now)
        if member is None:
            log.warning("staff card refused: %s", reason)
        return member

    def held(self) -> StaffList | None:
        """The list kept, if its signature still checks (``kiosk doctor`` reports it)."""
        with self._lock:
            return self._held()

    def _held(self) -> StaffList | None:
        """The list in memory, read from disk (and verified again) the first time. Under the lock."""
        if not self._loaded:
            self._loaded = True
            self._list = self._read()
        return self._list

    def _read(self) -> StaffList | None:
        from pydantic import ValidationError

        from kiosk.sync.hall_wire import SignedStaffList

        try:
            signed = SignedStaffList.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError):
            log.error("the kept staff list cannot be read; staff cards wait for a new one")
            return None
        return self._verified(signed)

    def _verified(self, signed: SignedStaffList) -> StaffList | None:
        from kiosk.sync.hall_wire import StaffList

        if self.platform_key is None:
            log.warning("staff list not trusted: no platform key (enrol the terminal again)")
            return None
        try:
            payload = base64.b64decode(signed.payload, validate=True)
            signature = base64.b64decode(signed.signature, validate=True)
            Ed25519PublicKey.from_public_bytes(self.platform_key).verify(signature, payload)
            return StaffList.model_validate_json(payload)
        except (binascii.Error, ValueError, InvalidSignature):  # pydantic's ValidationError is a ValueError
            log.warning("staff list refused: not signed with the platform's key, or not understood")
            return None


def _check(listed: StaffList | None, proof: StaffCardProof, now: dt.datetime) -> tuple[str, StaffMember | None]:
    if listed is None:
        return "no staff list", None
    if now > listed.valid_until:
        return "the staff list has expired", None
    key = base64.b64encode(proof.card_key).decode()
    member = next((m for m in listed.staff if key in m.card_keys), None)
    if member is None:
        return "unknown card", None
    if member.number != proof.staff_number:
        return "the card's number is not its holder's", None
    made = _challenge_time(proof.challenge)
    if made is None:
        return "not a staff challenge", None
    if abs((now - made).total_seconds()) > FRESH_S:
        return "stale challenge", None
    try:
        Ed25519PublicKey.from_public_bytes(proof.card_key).verify(proof.signature, proof.challenge)
    except (ValueError, InvalidSignature):
        return "bad signature", None
    return "", member


def _challenge_time(challenge: bytes) -> dt.datetime | None:
    """When the reader made the challenge: b"hunan-kiosk-staff/<ISO-8601 UTC>/<uuid4>"."""
    match = CHALLENGE.fullmatch(challenge)
    if match is None:
        return None
    try:
        made = dt.datetime.fromisoformat(match.group(1).decode())
    except ValueError:
        return None
    return made if made.tzinfo is not None else None

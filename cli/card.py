"""``kiosk card read``: read one identity document and print it, for technicians and tests.

Personal data is masked unless ``--show``; it goes to standard output only, never to the log.
A hall staff card is said to be one, with its staff number: it holds no citizen's record.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from devices.cards.base import CardReader, ReadResult, ReadStatus, read_and_close
from devices.io_thread import DeviceThread
from devices.registry import card_reader
from kiosk.config import Config, ConfigError
from kiosk.identity import DOCUMENT_NAMES, IdentityRecord, mask_id_number, mask_name
from kiosk.mrz import MrzKey

_IDLE_POLL_S = 0.1  # between polls of backends that answer at once (PC/SC waits inside its poll)


def _reader(config: Config, name: str | None) -> CardReader:
    """The configured readers, or just the PC/SC reader named."""
    if name is not None:
        config = config.with_values(cards__backend="pcsc", cards__readers=name)
    return card_reader(config)


def read_one(reader: CardReader, mrz: MrzKey | None, wait_s: float) -> ReadResult:
    """Wait up to ``wait_s`` for a document, then read it. Runs on the caller's (device) thread."""
    if not reader.available():
        return ReadResult(ReadStatus.NO_SERVICE, detail=f"{reader.name}: pcscd not running or SDK not loadable")
    deadline = time.monotonic() + wait_s
    while reader.insertion() is None:
        if time.monotonic() >= deadline:
            return ReadResult(ReadStatus.NO_CARD, detail=f"no document within {wait_s:g} s")
        time.sleep(_IDLE_POLL_S)
    return read_and_close(reader.open(mrz))


def as_json(result: ReadResult, show: bool) -> dict[str, Any]:
    record = result.record
    out: dict[str, Any] = {key: None for key in (
        "document_type", "document", "id_number", "name", "name_latin", "sex", "nation", "birth_date",
        "expiry_date", "document_number", "card_number", "issuer", "expired", "passive_auth",
    )}
    if record is not None:
        out.update(_fields(record, show))
    if result.passive_auth is not None:
        out["passive_auth"] = result.passive_auth.as_json()
    if result.staff is not None:
        out["staff_number"] = result.staff.staff_number
        out["staff_signature_valid"] = _staff_signature_valid(result)
    out["error"] = None if _succeeded(result) else {
        "code": result.status.value, "message": result.reason.en, "message_zh": result.reason.zh,
        "detail": result.detail,
    }
    return out


def _fields(record: IdentityRecord, show: bool) -> dict[str, Any]:
    def masked(value: str) -> str:
        return value if show or not value else mask_id_number(value)

    birth = record.birth_date.isoformat()
    return {
        "document_type": record.family.value,
        "document": record.document_type.value,
        "id_number": masked(record.id_number) or None,
        "name": record.name if show else mask_name(record.name),
        "name_latin": (record.name_latin if show else mask_name(record.name_latin)) or None,
        "sex": record.sex or None,
        "nation": record.ethnicity or record.nationality or None,
        "birth_date": birth if show else birth[:4] + "-**-**",
        "expiry_date": record.valid_until.isoformat() if record.valid_until else None,
        "document_number": masked(record.document_number) or None,
        "card_number": masked(record.card_number) or None,
        "issuer": record.issuer or None,
        "expired": record.is_expired(dt.date.today()),
    }


def _staff_signature_valid(result: ReadResult) -> bool:
    """Whether a staff card signed the challenge under its own key; whether the key may sign in is the
    staff list's to say, on the kiosk."""
    from devices.cards.staffcard import signature_verifies

    proof = result.staff
    return proof is not None and signature_verifies(proof.card_key, proof.challenge, proof.signature)


def _succeeded(result: ReadResult) -> bool:
    return result.ok or (result.status is ReadStatus.STAFF_CARD and _staff_signature_valid(result))


def as_text(result: ReadResult, show: bool) -> str:
    if result.staff is not None:
        signature = "valid" if _staff_signature_valid(result) else "INVALID under its own key"
        return (f"staff card (工作人员卡): staff number {result.staff.staff_number}, signature {signature}; "
                "not a citizen's document")
    data = as_json(result, show)
    lines = []
    if result.record is not None:
        lines.append(f"document: {DOCUMENT_NAMES[result.record.document_type].zh} ({data['document']})")
        for key in ("name", "name_latin", "id_number", "sex", "nation", "birth_date", "expiry_date",
                    "document_number", "card_number", "issuer", "expired"):
            if data[key] is not None:
                lines.append(f"{key}: {data[key]}")
    if result.passive_auth is not None:
        pa = result.passive_auth
        lines.append(f"passive authentication: {'ok' if pa.ok else 'FAILED'} (data groups "
                     f"{'match' if pa.hashes_ok else 'do not match'}, signature {pa.signature}, chain {pa.chain})")
    if not result.ok:
        lines.append(f"error: {result.status.value}: {result.reason.en} / {result.reason.zh}")
        if result.detail:
            lines.append(f"detail: {result.detail}")
    return "\n".join(lines)


def read_command(config: Config, reader_name: str | None, mrz_text: str | None, *, as_json_output: bool,
                 show: bool, wait_s: float) -> int:
    try:
        mrz = MrzKey.parse(mrz_text) if mrz_text else None
    except ValueError as exc:
        raise ConfigError(f"--mrz: {exc}") from None
    reader = _reader(config, reader_name)
    thread = DeviceThread("cards")
    try:
        result = thread.run(read_one, reader, mrz, wait_s)
        thread.run(reader.close)
    finally:
        thread.shutdown()
    print(json.dumps(as_json(result, show), ensure_ascii=False, indent=2) if as_json_output else as_text(result, show))
    return 0 if _succeeded(result) else 1

"""A virtual eMRTD chip (the LDS1 application with BAC and secure messaging) and a loopback channel to it.

``EmrtdApplet`` is a ``Callable[[bytes], bytes]``, so it can be the handler of ``VirtualCard`` or of
``HandlerChannel``. It is deliberately strict: before BAC no file is readable; after BAC only
protected SELECT EF and READ BINARY are served, and a plain command or a bad MAC ends the session.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from devices.cards.apdu import CardProtocolError, Channel, Response
from devices.cards.emrtd.bac import EMRTD_AID, bac_keys, derive_key
from devices.cards.emrtd.des import des3_cbc_decrypt, des3_cbc_encrypt, pad, retail_mac, unpad
from devices.cards.emrtd.lds import encode_tlv
from devices.cards.emrtd.secure_messaging import SecureMessagingError, decode_tlvs, parse_command
from kiosk.mrz import MrzKey

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282
SW_AUTH_FAILED = 0x6300
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_STATUS = 0x6982
SW_CONDITIONS = 0x6985
SW_NO_CURRENT_EF = 0x6986
SW_SM_OBJECTS_WRONG = 0x6988
SW_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_OFFSET = 0x6B00
SW_INS = 0x6D00


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + sw.to_bytes(2, "big")


class HandlerChannel(Channel):
    """A ``Channel`` whose card is a function: the loopback for unit tests. ``sent`` lists every command."""

    def __init__(self, handler: Callable[[bytes], bytes]) -> None:
        self.handler = handler
        self.sent: list[bytes] = []

    def exchange(self, apdu: bytes) -> Response:
        self.sent.append(apdu)
        reply = self.handler(apdu)
        if len(reply) < 2:
            raise CardProtocolError("a response needs SW1 SW2")
        return Response(reply[:-2], int.from_bytes(reply[-2:], "big"))


@dataclass
class _Session:
    ks_enc: bytes
    ks_mac: bytes
    ssc: int

    def next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")


class EmrtdApplet:
    """The chip side of an eMRTD: ``files`` maps FIDs to contents; ``key`` is the MRZ that opens it.

    ``commands`` counts the commands served; ``reads`` lists each READ BINARY's (offset, Ne).
    ``before_command`` sees each command first and may raise (to pull the card, say).
    """

    def __init__(
        self,
        files: dict[int, bytes],
        key: MrzKey,
        random: Callable[[int], bytes] = os.urandom,
        before_command: Callable[[bytes], None] | None = None,
    ) -> None:
        self.files = dict(files)
        self._kenc, self._kmac = bac_keys(key)
        self.random = random
        self.before_command = before_command
        self.commands = 0
        self.reads: list[tuple[int, int]] = []
        self.selected = False
        self._challenge: bytes | None = None
        self._session: _Session | None = None
        self._current: int | None = None

    @property
    def authenticated(self) -> bool:
        return self._session is not None

    def __call__(self, apdu: bytes) -> bytes:
        if self.before_command is not None:
            self.before_command(apdu)
        self.commands += 1
        try:
            header, data, le = parse_command(apdu)
        except ValueError:
            return _sw(SW_WRONG_LENGTH)
        if header[0] & 0x0C == 0x0C:
            return self._protected(header, data)
        if header[1] == 0xA4 and header[2] == 0x04:
            return self._select_application(header, data)
        if self._session is not None:  # a plain command: the chip forgets the session keys
            self._end_session()
            return _sw(SW_SECURITY_STATUS)
        if header[1] == 0x84:
            return self._get_challenge(header, le)
        if header[1] == 0x82:
            return self._mutual_authenticate(header, data)
        if header[1] in (0xA4, 0xB0):
            return _sw(SW_SECURITY_STATUS)
        return _sw(SW_INS)

    def _end_session(self) -> None:
        self._session = None
        self._current = None

    # -- before BAC ----------------------------------------------------------------------

    def _select_application(self, header: bytes, data: bytes) -> bytes:
        if header[3] not in (0x00, 0x0C):
            return _sw(SW_WRONG_P1P2)
        if data != EMRTD_AID:
            return _sw(SW_NOT_FOUND)
        self.selected = True
        self._challenge = None
        self._end_session()
        return _sw(SW_OK)

    def _get_challenge(self, header: bytes, le: int | None) -> bytes:
        if not self.selected:
            return _sw(SW_CONDITIONS)
        if header[2:4] != b"\x00\x00" or le != 8:
            return _sw(SW_WRONG_LENGTH)
        self._challenge = self.random(8)
        return _sw(SW_OK, self._challenge)

    def _mutual_authenticate(self, header: bytes, data: bytes) -> bytes:
        challenge, self._challenge = self._challenge, None  # one attempt per challenge
        if not self.selected or challenge is None:
            return _sw(SW_CONDITIONS)
        if len(data) != 40:
            return _sw(SW_WRONG_LENGTH)
        encrypted, mac = data[:32], data[32:]
        if not hmac.compare_digest(retail_mac(self._kmac, encrypted), mac):
            return _sw(SW_AUTH_FAILED)
        plain = des3_cbc_decrypt(self._kenc, encrypted)
        rnd_ifd, rnd_ic, k_ifd = plain[:8], plain[8:16], plain[16:]
        if not hmac.compare_digest(rnd_ic, challenge):
            return _sw(SW_AUTH_FAILED)
        k_ic = self.random(16)
        answer = des3_cbc_encrypt(self._kenc, rnd_ic + rnd_ifd + k_ic)
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
        self._session = _Session(
            derive_key(seed, 1), derive_key(seed, 2), int.from_bytes(rnd_ic[-4:] + rnd_ifd[-4:], "big")
        )
        return _sw(SW_OK, answer + retail_mac(self._kmac, answer))

    # -- under secure messaging ------------------------------------------------------------

    def _protected(self, header: bytes, body: bytes) -> bytes:
        session = self._session
        if session is None:
            return _sw(SW_SECURITY_STATUS)
        try:
            objects = decode_tlvs(body)
        except SecureMessagingError:
            objects = []
        tags = [o.tag for o in objects]
        if tags not in ([0x87, 0x97, 0x8E], [0x87, 0x8E], [0x97, 0x8E], [0x8E]):
            self._end_session()
            return _sw(SW_SM_OBJECTS_WRONG)
        *covered, mac = objects
        expected = retail_mac(session.ks_mac, session.next_ssc() + pad(header) + b"".join(o.raw for o in covered))
        if not hmac.compare_digest(expected, mac.value):
            self._end_session()
            return _sw(SW_SM_OBJECTS_WRONG)
        values = {o.tag: o.value for o in covered}
        data = b""
        if 0x87 in values:
            value = values[0x87]
            try:
                if value[:1] != b"\x01":
                    raise ValueError("no padding indicator")
                data = unpad(des3_cbc_decrypt(session.ks_enc, value[1:]))
            except ValueError:
                self._end_session()
                return _sw(SW_SM_OBJECTS_WRONG)
        le = (values[0x97][0] or 256) if values.get(0x97) else None
        sw, answer = self._serve(header, data, le)
        return self._protect_answer(session, answer, sw)

    def _serve(self, header: bytes, data: bytes, le: int | None) -> tuple[int, bytes]:
        ins, p1, p2 = header[1], header[2], header[3]
        if ins == 0xA4:
            if p1 != 0x02:
                return SW_WRONG_P1P2, b""
            if len(data) != 2:
                return SW_WRONG_LENGTH, b""
            fid = int.from_bytes(data, "big")
            if fid not in self.files:
                return SW_NOT_FOUND, b""
            self._current = fid
            return SW_OK, b""
        if ins == 0xB0:
            if p1 & 0x80:
                return SW_WRONG_P1P2, b""
            if self._current is None:
                return SW_NO_CURRENT_EF, b""
            if le is None:
                return SW_WRONG_LENGTH, b""
            content, offset = self.files[self._current], (p1 << 8) | p2
            if offset >= len(content):
                return SW_OFFSET, b""
            self.reads.append((offset, le))
            chunk = content[offset : offset + le]
            return (SW_OK if len(chunk) == le else SW_END_OF_FILE), chunk
        return SW_INS, b""

    def _protect_answer(self, session: _Session, data: bytes, sw: int) -> bytes:
        body = encode_tlv(0x87, b"\x01" + des3_cbc_encrypt(session.ks_enc, pad(data))) if data else b""
        body += encode_tlv(0x99, sw.to_bytes(2, "big"))
        body += encode_tlv(0x8E, retail_mac(session.ks_mac, session.next_ssc() + body))
        return _sw(sw, body)

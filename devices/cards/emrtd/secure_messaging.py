"""ICAO Doc 9303 Part 11 secure messaging with the 3DES session keys of BAC, and reading an EF over any channel."""

from __future__ import annotations

import hmac
from typing import NamedTuple

from devices.cards.apdu import SW_OK, CardProtocolError, Channel, Response, command
from devices.cards.emrtd.des import des3_cbc_decrypt, des3_cbc_encrypt, pad, retail_mac, unpad
from devices.cards.emrtd.lds import encode_tlv

SW_END_OF_FILE = 0x6282  # fewer bytes than Le were left
SW_FILE_NOT_FOUND = 0x6A82
MAX_CHUNK = 0xDF  # the most a READ BINARY may ask for and still get a protected answer of at most 256 bytes
MAX_OFFSET = 0x7FFF  # READ BINARY's offset is 15 bits (a set top bit of P1 means a short EF identifier)

_SM_CLA = 0x0C  # secure messaging, command header authenticated
_DO_ENCRYPTED = 0x87
_DO_STATUS = 0x99
_DO_MAC = 0x8E
_DO_LE = 0x97
_PADDING_INDICATOR = b"\x01"


class SecureMessagingError(CardProtocolError):
    """A secure messaging answer that does not verify or does not parse: the session is no good."""


class Tlv(NamedTuple):
    tag: int
    value: bytes
    raw: bytes  # the whole encoding, as the MAC covers it


def decode_tlvs(data: bytes) -> list[Tlv]:
    """Split concatenated one-byte-tag TLVs; SecureMessagingError if they do not parse."""
    objects: list[Tlv] = []
    at = 0
    while at < len(data):
        start, tag = at, data[at]
        first = data[at + 1] if at + 1 < len(data) else None
        if first is None:
            raise SecureMessagingError("truncated data object")
        if first < 0x80:
            size, at = first, at + 2
        elif first in (0x81, 0x82):
            width = first - 0x80
            size, at = int.from_bytes(data[at + 2 : at + 2 + width], "big"), at + 2 + width
        else:
            raise SecureMessagingError(f"unsupported length byte {first:02X}")
        if at + size > len(data):
            raise SecureMessagingError("truncated data object")
        objects.append(Tlv(tag, data[at : at + size], data[start : at + size]))
        at += size
    return objects


def parse_command(apdu: bytes) -> tuple[bytes, bytes, int | None]:
    """Header, data and Ne (1..256, or None) of a short command APDU; ValueError if it is not one."""
    header, body = apdu[:4], apdu[4:]
    if len(header) < 4:
        raise ValueError("an APDU has a 4-byte header")
    if not body:
        return header, b"", None
    if len(body) == 1:
        return header, b"", body[0] or 256
    lc = body[0]
    if lc == 0:
        raise ValueError("extended-length APDUs are not supported")
    if len(body) == 1 + lc:
        return header, body[1:], None
    if len(body) == 2 + lc:
        return header, body[1:-1], body[-1] or 256
    raise ValueError("the APDU's length byte does not match its data")


class SecureChannel(Channel):
    """A channel that protects every command and verifies every answer with the BAC session keys.

    ``ssc`` is the send sequence counter, incremented before each command and before each answer.
    """

    def __init__(self, inner: Channel, ks_enc: bytes, ks_mac: bytes, ssc: int | bytes) -> None:
        self.inner = inner
        self._ks_enc = ks_enc
        self._ks_mac = ks_mac
        self.ssc = int.from_bytes(ssc, "big") if isinstance(ssc, bytes) else ssc

    def __repr__(self) -> str:  # never the keys
        return f"SecureChannel(ssc={self.ssc:016X})"

    @property
    def ssc_bytes(self) -> bytes:
        return self.ssc.to_bytes(8, "big")

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc_bytes

    def exchange(self, apdu: bytes) -> Response:
        return self._unprotect(self.inner.transmit(self.protect(apdu)))

    def protect(self, apdu: bytes) -> bytes:
        """The protected form of a plain short command: DO87 (data), DO97 (Le), DO8E (MAC), Le 00."""
        header, data, le = parse_command(apdu)
        if header[0] & _SM_CLA:
            raise ValueError("the command is already protected")
        header = bytes((header[0] | _SM_CLA,)) + header[1:]
        body = b""
        if data:
            body += encode_tlv(_DO_ENCRYPTED, _PADDING_INDICATOR + des3_cbc_encrypt(self._ks_enc, pad(data)))
        if le is not None:
            body += encode_tlv(_DO_LE, bytes((le % 256,)))
        body += encode_tlv(_DO_MAC, retail_mac(self._ks_mac, self._next_ssc() + pad(header) + body))
        return command(header[0], header[1], header[2], header[3], body, le=256)

    def unprotect(self, response: bytes) -> Response:
        """Verify and decrypt a protected answer given as data ‖ SW1 SW2."""
        if len(response) < 2:
            raise CardProtocolError("a response needs SW1 SW2")
        return self._unprotect(Response(response[:-2], int.from_bytes(response[-2:], "big")))

    def _unprotect(self, response: Response) -> Response:
        if not response.data:
            if response.ok:
                raise SecureMessagingError("the card answered without secure messaging objects")
            return response  # an error in plain: the card has ended the session, there is nothing to verify
        objects = decode_tlvs(response.data)
        tags = [o.tag for o in objects]
        if tags not in ([_DO_ENCRYPTED, _DO_STATUS, _DO_MAC], [_DO_STATUS, _DO_MAC]):
            raise SecureMessagingError("unexpected secure messaging objects in the answer")
        *covered, mac = objects
        expected = retail_mac(self._ks_mac, self._next_ssc() + b"".join(o.raw for o in covered))
        if not hmac.compare_digest(expected, mac.value):
            raise SecureMessagingError("the answer failed its MAC check")
        status = covered[-1].value
        if len(status) != 2:
            raise SecureMessagingError("the status object is not two bytes")
        data = self._decrypt(covered[0].value) if len(covered) == 2 else b""
        return Response(data, int.from_bytes(status, "big"))

    def _decrypt(self, value: bytes) -> bytes:
        indicator, encrypted = value[:1], value[1:]
        if indicator != _PADDING_INDICATOR or not encrypted or len(encrypted) % 8:
            raise SecureMessagingError("the encrypted data object is malformed")
        try:
            return unpad(des3_cbc_decrypt(self._ks_enc, encrypted))
        except ValueError:
            raise SecureMessagingError("the decrypted data is not padded") from None


def read_file(channel: Channel, fid: int) -> bytes | None:
    """The whole TLV-encoded EF ``fid`` (one-byte tag), or None if the card has no such file."""
    selected = channel.transmit(command(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
    if selected.sw == SW_FILE_NOT_FOUND:
        return None
    if not selected.ok:
        raise CardProtocolError(f"SELECT of EF {fid:04X} failed: SW {selected.sw:04X}")
    data = bytearray(_read_binary(channel, fid, 0, 4))
    total = _tlv_size(data, fid)
    del data[total:]
    if total > len(data):
        last_offset = len(data) + (total - len(data) - 1) // MAX_CHUNK * MAX_CHUNK
        if last_offset > MAX_OFFSET:
            raise CardProtocolError(f"EF {fid:04X} is {total} bytes, too long for READ BINARY offsets")
    while len(data) < total:
        offset = len(data)
        if offset > MAX_OFFSET:
            raise CardProtocolError(f"EF {fid:04X} is {total} bytes, too long for READ BINARY offsets")
        chunk = _read_binary(channel, fid, offset, min(MAX_CHUNK, total - offset))
        if not chunk:
            raise CardProtocolError(f"EF {fid:04X} ended at {offset} of {total} bytes")
        data += chunk
    return bytes(data)


def _read_binary(channel: Channel, fid: int, offset: int, length: int) -> bytes:
    response = channel.transmit(command(0x00, 0xB0, offset >> 8, offset & 0xFF, le=length))
    if response.sw not in (SW_OK, SW_END_OF_FILE):
        raise CardProtocolError(f"READ BINARY of EF {fid:04X} at {offset} failed: SW {response.sw:04X}")
    if len(response.data) > length:
        raise CardProtocolError(f"READ BINARY of EF {fid:04X} gave more bytes than asked for")
    return response.data


def _tlv_size(head: bytes | bytearray, fid: int) -> int:
    """The size of the whole TLV that starts the file, from its first (up to) four bytes."""
    if len(head) >= 2 and head[0] & 0x1F != 0x1F:
        first = head[1]
        if first < 0x80:
            return 2 + first
        width = first - 0x80
        if width in (1, 2) and len(head) >= 2 + width:
            return 2 + width + int.from_bytes(head[2 : 2 + width], "big")
    raise CardProtocolError(f"EF {fid:04X} does not start with a TLV header this reader understands")

"""The ICAO 9303 Logical Data Structure (Doc 9303 Part 10): BER-TLV, EF.COM, DG1, DG2 and DG11."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

from kiosk.mrz import MrzData, parse_mrz


class LdsError(ValueError):
    """A file of the LDS is truncated or not structured as Doc 9303 says."""


class FID(IntEnum):
    """Elementary file identifiers in the eMRTD application."""

    DG1 = 0x0101
    DG2 = 0x0102
    DG3 = 0x0103
    DG4 = 0x0104
    DG5 = 0x0105
    DG6 = 0x0106
    DG7 = 0x0107
    DG8 = 0x0108
    DG9 = 0x0109
    DG10 = 0x010A
    DG11 = 0x010B
    DG12 = 0x010C
    DG13 = 0x010D
    DG14 = 0x010E
    DG15 = 0x010F
    DG16 = 0x0110
    CARD_ACCESS = 0x011C
    SOD = 0x011D
    COM = 0x011E


# The tag that opens each data group's file, and EF.COM's tag list (5C) names groups by it.
DG_TAGS: dict[int, int] = {
    1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
    9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70,
}
_DG_OF_TAG = {tag: dg for dg, tag in DG_TAGS.items()}
TAG_COM = 0x60
TAG_SOD = 0x77

_JPEG = b"\xff\xd8\xff"
_JP2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_J2K = b"\xff\x4f\xff\x51"


def dg_number(fid: int) -> int:
    """1 to 16 for the data groups' file identifiers 0101 to 0110; ValueError otherwise."""
    if not FID.DG1 <= fid <= FID.DG16:
        raise ValueError(f"file {fid:04X} is not a data group")
    return fid - 0x0100


def fid_of(dg: int) -> int:
    """The file identifier of data group ``dg`` (1 to 16)."""
    if not 1 <= dg <= 16:
        raise ValueError(f"there is no data group {dg}")
    return 0x0100 + dg


# ---------------------------------------------------------------------------------------------
# BER-TLV


def iter_tlv(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The (tag, value) pairs at the top level of ``data``. Tags may be multi-byte; lengths up to 83 xx xx xx."""
    pos = 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag & 0x1F == 0x1F:  # the tag continues while bit 8 of the next bytes is set
            while True:
                if pos >= len(data):
                    raise LdsError("truncated tag")
                tag = tag << 8 | data[pos]
                pos += 1
                if not data[pos - 1] & 0x80:
                    break
        if pos >= len(data):
            raise LdsError("truncated length")
        length = data[pos]
        pos += 1
        if length & 0x80:
            count = length & 0x7F
            if not 1 <= count <= 3:
                raise LdsError(f"unsupported length form {length:02X}")
            if pos + count > len(data):
                raise LdsError("truncated length")
            length = int.from_bytes(data[pos:pos + count], "big")
            pos += count
        if pos + length > len(data):
            raise LdsError(f"tag {tag:X} is truncated")
        yield tag, data[pos:pos + length]
        pos += length


def tlv_value(data: bytes, tag: int) -> bytes:
    """The value of the first top-level ``tag`` in ``data``; LdsError when there is none."""
    for found, value in iter_tlv(data):
        if found == tag:
            return value
    raise LdsError(f"tag {tag:X} not found")


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One TLV in DER form (the inverse of ``iter_tlv``)."""
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    else:
        size = (n.bit_length() + 7) // 8
        if size > 3:
            raise ValueError("value too long for an LDS file")
        length = bytes([0x80 | size]) + n.to_bytes(size, "big")
    return tag_bytes + length + value


def _constructed(tag: int) -> bool:
    first = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")[0]
    return bool(first & 0x20)


def _find(data: bytes, tags: tuple[int, ...]) -> bytes | None:
    """The first value with one of ``tags``, searching constructed TLVs depth first."""
    for tag, value in iter_tlv(data):
        if tag in tags:
            return value
        if _constructed(tag):
            found = _find(value, tags)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------------------------------------
# EF.COM, DG1, DG11


def parse_com(data: bytes) -> tuple[int, ...]:
    """The data groups that EF.COM lists (tag 60 → 5C), in its order; tags it does not know are skipped."""
    tag_list = tlv_value(tlv_value(data, TAG_COM), 0x5C)
    return tuple(_DG_OF_TAG[tag] for tag in tag_list if tag in _DG_OF_TAG)


def parse_dg1(data: bytes, today: dt.date | None = None) -> MrzData:
    """The MRZ in DG1 (tag 61 → 5F1F)."""
    raw = tlv_value(tlv_value(data, DG_TAGS[1]), 0x5F1F)
    try:
        return parse_mrz(raw.decode("ascii"), today)
    except UnicodeDecodeError as e:
        raise LdsError("DG1 holds a non-ASCII MRZ") from e


@dataclass(frozen=True)
class Dg11:
    """Additional personal details (DG11). For Chinese documents ``full_name`` holds the Chinese name.

    ``<<`` separates surname and given names; other ``<`` are fillers. The repr is masked.
    """

    full_name: str = ""
    other_names: tuple[str, ...] = ()
    personal_number: str = ""  # for CHN passports: the resident ID number
    full_birth_date: dt.date | None = None
    place_of_birth: str = ""
    address: str = ""

    @property
    def surname(self) -> str:
        return self.full_name.partition("<<")[0].replace("<", " ").strip()

    @property
    def given_names(self) -> str:
        return " ".join(self.full_name.partition("<<")[2].replace("<", " ").split())

    @property
    def name(self) -> str:
        """The name for display: Chinese names joined without a space, Latin ones with one."""
        parts = [p for p in (self.surname, self.given_names) if p]
        return ("" if any(not p.isascii() for p in parts) else " ").join(parts)

    def __repr__(self) -> str:
        return "Dg11(***)"

    __str__ = __repr__


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LdsError("DG11 holds text that is not UTF-8") from e


def _components(value: bytes) -> str:
    """Place of birth and address: components separated by ``<``."""
    return ", ".join(part.strip() for part in _text(value).split("<") if part.strip())


def _full_date(value: bytes) -> dt.date | None:
    """5F2B: YYYYMMDD as 8 ASCII digits, or as 4 BCD bytes."""
    text = value.hex() if len(value) == 4 else value.decode("ascii", "replace")
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 and text.isdigit() else None
    except ValueError:
        return None


def parse_dg11(data: bytes) -> Dg11:
    """The fields of DG11 (tag 6B) that the kiosk uses."""
    name = number = place = address = ""
    birth: dt.date | None = None
    others: list[str] = []
    for tag, value in iter_tlv(tlv_value(data, DG_TAGS[11])):
        if tag == 0x5F0E:
            name = _text(value)
        elif tag == 0x5F0F:
            others.append(_text(value))
        elif tag == 0xA0:  # other names: a count (02) and the names (5F0F)
            others += [_text(v) for t, v in iter_tlv(value) if t == 0x5F0F]
        elif tag == 0x5F10:
            number = _text(value).strip("<")
        elif tag == 0x5F2B:
            birth = _full_date(value)
        elif tag == 0x5F11:
            place = _components(value)
        elif tag == 0x5F42:
            address = _components(value)
    return Dg11(name, tuple(others), number, birth, place, address)


# ---------------------------------------------------------------------------------------------
# DG2: the face


def _image_offset(block: bytes) -> int | None:
    """Where the image starts in an ISO 19794-5 record, by its header or else by its signature."""
    if block[:4] == b"FAC\x00" and len(block) >= 34:
        points = int.from_bytes(block[18:20], "big")
        offset = 14 + 20 + 8 * points + 12  # general header, facial information, feature points, image information
        if block[offset:offset + 3] == _JPEG or block[offset:offset + 12] == _JP2 or block[offset:offset + 4] == _J2K:
            return offset
    found = [i for i in (block.find(_JPEG), block.find(_JP2), block.find(_J2K)) if i >= 0]
    return min(found) if found else None


def face_image(dg2: bytes) -> bytes | None:
    """The JPEG or JPEG 2000 face in DG2's biometric data block (5F2E or 7F2E); None when there is none.

    LdsError when DG2 is not well-formed TLV.
    """
    block = _find(tlv_value(dg2, DG_TAGS[2]), (0x5F2E, 0x7F2E))
    if block is None:
        return None
    offset = _image_offset(block)
    return None if offset is None else block[offset:]


def face_png(image: bytes) -> bytes | None:
    """The face as PNG for display; None when Pillow cannot decode it. Never raises."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(image)) as picture:
            if picture.width * picture.height > 4_000_000:  # a face image is small; refuse a bomb
                return None
            converted = picture.convert("RGB") if picture.mode not in ("RGB", "L") else picture
            out = io.BytesIO()
            converted.save(out, format="PNG")
            return out.getvalue()
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError...) on bad images
        return None

"""Reading an eMRTD (a passport or a Mainland travel permit) after Basic Access Control.

EF.COM lists the data groups; DG1 (the MRZ) is required, DG11 (the full name, in Chinese on
Chinese documents, and the resident ID number) and DG2 (the face) are read when listed. Every
group read is checked against EF.SOD (passive authentication): a chip whose data does not match
its issuer's signature gives no identity at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography import x509

from devices.cards.apdu import Channel, Profile
from devices.cards.base import ReadResult, ReadStatus
from devices.cards.emrtd.bac import AccessDenied, authenticate, select_application
from devices.cards.emrtd.lds import FID, face_image, face_png, fid_of, parse_com, parse_dg1, parse_dg11
from devices.cards.emrtd.passive_auth import verify
from devices.cards.emrtd.secure_messaging import read_file
from kiosk.identity import IdentityRecord, implied_by_id_number, is_valid_id_number
from kiosk.mrz import MrzKey, document_type_of

OPTIONAL_GROUPS = (11, 2)  # read when EF.COM lists them


def read_groups(channel: Channel, read_face: bool = True) -> tuple[dict[int, bytes], bytes | None]:
    """The data groups (by number) and the SOD, over a channel that has passed BAC."""
    com = read_file(channel, FID.COM)
    listed = set(parse_com(com)) if com is not None else {1, *OPTIONAL_GROUPS}
    groups: dict[int, bytes] = {}
    dg1 = read_file(channel, FID.DG1)
    if dg1 is None:
        raise ValueError("the chip has no DG1")
    groups[1] = dg1
    for number in OPTIONAL_GROUPS:
        if number in listed and (read_face or number != 2):
            data = read_file(channel, fid_of(number))
            if data is not None:
                groups[number] = data
    return groups, read_file(channel, FID.SOD)


def identity_from_groups(groups: dict[int, bytes]) -> IdentityRecord:
    mrz = parse_dg1(groups[1])
    if not mrz.checks_ok:
        raise ValueError("DG1's MRZ check digits do not match")
    dg11 = parse_dg11(groups[11]) if 11 in groups else None
    id_number = dg11.personal_number.upper() if dg11 and is_valid_id_number(dg11.personal_number.upper()) else ""
    implied_birth, implied_sex = implied_by_id_number(id_number)
    birth = (dg11.full_birth_date if dg11 else None) or mrz.birth_date or implied_birth
    if birth is None:
        raise ValueError("the document gives no birth date")
    latin = " ".join(p for p in (mrz.surname, mrz.given_names) if p)
    face = face_image(groups[2]) if 2 in groups else None
    return IdentityRecord(
        document_type=document_type_of(mrz),
        id_number=id_number,
        name=(dg11.name if dg11 else "") or latin,
        sex=mrz.sex or implied_sex,
        ethnicity="",
        birth_date=birth,
        address=dg11.address if dg11 else "",
        issuer=mrz.issuer,
        valid_until=mrz.expiry_date,
        photo=face_png(face) if face else None,
        name_latin=latin,
        nationality=mrz.nationality,
        document_number=mrz.document_number,
    )


def emrtd_profile(csca: Sequence[x509.Certificate] = (), read_face: bool = True) -> Profile:
    """A profile for the PC/SC reader: None unless the card has the eMRTD application."""

    def read(channel: Channel, atr: bytes, mrz: MrzKey | None) -> ReadResult | None:
        if not select_application(channel):
            return None
        if mrz is None:
            return ReadResult(ReadStatus.NEEDS_MRZ, detail="eMRTD: Basic Access Control needs the MRZ")
        try:
            secure = authenticate(channel, mrz)
        except AccessDenied:
            return ReadResult(ReadStatus.WRONG_MRZ, detail="eMRTD: Basic Access Control refused the MRZ")
        groups, sod = read_groups(secure, read_face)
        report = verify(sod or b"", groups, csca)
        if not report.hashes_ok or report.signature == "invalid" or report.chain == "failed":
            return ReadResult(ReadStatus.NOT_AUTHENTIC, detail="eMRTD: passive authentication failed",
                              passive_auth=report)
        return ReadResult(ReadStatus.OK, identity_from_groups(groups), passive_auth=report)

    return read

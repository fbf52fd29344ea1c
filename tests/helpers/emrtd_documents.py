"""The tests' issuing authority: eMRTD files for fictional people, signed as a real passport's are.

``build_document`` gives EF.COM, DG1, DG2, DG11 and EF.SOD keyed by file identifier, ready for a virtual
card. EF.SOD is signed (ECDSA P-256, SHA-256) by a document signer that a generated CSCA issued; keys
and certificates are made once per process.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
from dataclasses import dataclass

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw

from devices.cards.emrtd.lds import DG_TAGS, FID, TAG_COM, TAG_SOD, dg_number, encode_tlv, fid_of
from devices.cards.emrtd.passive_auth import LDS_SECURITY_OBJECT, LdsSecurityObject
from kiosk.identity import id_check_char
from kiosk.mrz import MrzKey, compose_permit, compose_td3, parse_mrz

NUMBERS = {"P": "E12345678", "CS": "C12345678", "CD": "T12345678"}


@dataclass(frozen=True)
class Authority:
    """A CSCA and the document signer it issued."""

    csca: x509.Certificate
    dsc: x509.Certificate
    dsc_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Issuing Authority"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _certificate(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    signer: ec.EllipticCurvePrivateKey,
    *, ca: bool, not_before: dt.datetime, years: int,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_before + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .sign(signer, hashes.SHA256())
    )


@functools.cache
def _csca(label: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A self-signed CSCA; every label has its own key but the same name."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = _certificate(_name("CSCA"), _name("CSCA"), key, key, ca=True, not_before=now - dt.timedelta(days=365),
                        years=15)
    return cert, key


@functools.cache
def authority(key_type: str = "ec") -> Authority:
    """The genuine CSCA and a document signer with an EC P-256 key, or with an RSA 2048 one ("rsa")."""
    csca, csca_key = _csca("genuine")
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        rsa.generate_private_key(65537, 2048) if key_type == "rsa" else ec.generate_private_key(ec.SECP256R1())
    )
    now = dt.datetime.now(dt.UTC)
    dsc = _certificate(_name("Document Signer"), csca.subject, key, csca_key, ca=False,
                       not_before=now - dt.timedelta(days=30), years=10)
    return Authority(csca, dsc, key)


def other_csca() -> x509.Certificate:
    """A CSCA with the genuine one's name but another key: it did not issue our document signer."""
    return _csca("other")[0]


def reissued_csca(not_before: dt.datetime, years: int) -> x509.Certificate:
    """The genuine CSCA's name and key in a certificate with another validity period."""
    cert, key = _csca("genuine")
    return _certificate(cert.subject, cert.subject, key, key, ca=True, not_before=not_before, years=years)


@functools.cache
def face_jpeg() -> bytes:
    """A small drawn face, as a JPEG."""
    picture = Image.new("RGB", (60, 80), (200, 215, 230))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((12, 12, 48, 60), fill=(225, 190, 160))
    draw.ellipse((20, 28, 26, 34), fill=(40, 30, 20))
    draw.ellipse((34, 28, 40, 34), fill=(40, 30, 20))
    draw.arc((22, 38, 38, 50), 20, 160, fill=(150, 60, 60), width=2)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _dg2(jpeg: bytes, sex: str) -> bytes:
    """DG2 with one face: the biometric header template and an ISO 19794-5 record around the JPEG."""
    facial = (
        (20 + 12 + len(jpeg)).to_bytes(4, "big") + b"\x00\x00" + bytes([1 if sex == "M" else 2]) + bytes(12)
        + b"\x01\x00" + (60).to_bytes(2, "big") + (80).to_bytes(2, "big") + b"\x01\x02" + bytes(4) + jpeg
    )
    record = b"FAC\x00010\x00" + (14 + len(facial)).to_bytes(4, "big") + b"\x00\x01" + facial
    header = encode_tlv(0xA1, encode_tlv(0x80, b"\x01\x01") + encode_tlv(0x87, b"\x01\x01")
                        + encode_tlv(0x88, b"\x00\x08"))
    biometric = encode_tlv(0x7F60, header + encode_tlv(0x5F2E, record))
    return encode_tlv(DG_TAGS[2], encode_tlv(0x7F61, encode_tlv(0x02, b"\x01") + biometric))


def _dg11(chinese_name: str, latin_name: str, id_number: str, birth: dt.date, place: str, address: str) -> bytes:
    fields = [
        (0x5F0E, chinese_name.encode()),
        (0xA0, encode_tlv(0x02, b"\x01") + encode_tlv(0x5F0F, latin_name.encode())),
        (0x5F10, id_number.encode()),
        (0x5F2B, birth.strftime("%Y%m%d").encode()),
        (0x5F11, place.encode()),
        (0x5F42, address.encode()),
    ]
    tag_list = encode_tlv(0x5C, b"".join(t.to_bytes(2 if t > 0xFF else 1, "big") for t, _ in fields))
    return encode_tlv(DG_TAGS[11], tag_list + b"".join(encode_tlv(t, v) for t, v in fields))


def _com(groups: list[int]) -> bytes:
    body = encode_tlv(0x5F01, b"0107") + encode_tlv(0x5F36, b"040000")
    return encode_tlv(TAG_COM, body + encode_tlv(0x5C, bytes(DG_TAGS[dg] for dg in groups)))


_PSS = {
    "hash_algorithm": {"algorithm": "sha256"},
    "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": "sha256"}},
    "salt_length": 32,
}
_ALGORITHMS: dict[str, dict[str, object]] = {
    "ecdsa": {"algorithm": "sha256_ecdsa"},
    "plain_ecdsa": {"algorithm": "0.4.0.127.0.7.1.1.4.1.3"},  # BSI TR-03111 ecdsa-plain-SHA256
    "rsa": {"algorithm": "sha256_rsa"},
    "rsa_pss": {"algorithm": "rsassa_pss", "parameters": _PSS},
}


def _sign(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, algorithm: str, data: bytes) -> bytes:
    if isinstance(key, rsa.RSAPrivateKey):
        pad: padding.AsymmetricPadding = padding.PKCS1v15()
        if algorithm == "rsa_pss":
            pad = padding.PSS(padding.MGF1(hashes.SHA256()), 32)
        return key.sign(data, pad, hashes.SHA256())
    signature = key.sign(data, ec.ECDSA(hashes.SHA256()))
    if algorithm == "plain_ecdsa":
        r, s = utils.decode_dss_signature(signature)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signature


def sign_sod(groups: dict[int, bytes], *, algorithm: str = "ecdsa", tamper_signature: bool = False) -> bytes:
    """EF.SOD over the data groups (keyed by number), signed by the test document signer.

    ``algorithm``: "ecdsa" (the default), "plain_ecdsa" (r‖s), "rsa" (PKCS#1 v1.5) or "rsa_pss"; all with SHA-256.
    """
    signer = authority("rsa" if algorithm.startswith("rsa") else "ec")
    content = LdsSecurityObject({
        "version": 0,
        "hash_algorithm": {"algorithm": "sha256"},
        "data_group_hash_values": [
            {"data_group_number": dg, "data_group_hash_value": hashlib.sha256(data).digest()}
            for dg, data in sorted(groups.items())
        ],
    }).dump()
    attrs = cms.CMSAttributes([
        {"type": "content_type", "values": [LDS_SECURITY_OBJECT]},
        {"type": "message_digest", "values": [hashlib.sha256(content).digest()]},
    ])
    signed = attrs.dump() + (b"tampered" if tamper_signature else b"")
    signature = _sign(signer.dsc_key, algorithm, signed)
    dsc = asn1_x509.Certificate.load(signer.dsc.public_bytes(serialization.Encoding.DER))
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": {"issuer_and_serial_number": {"issuer": dsc.issuer, "serial_number": dsc.serial_number}},
        "digest_algorithm": {"algorithm": "sha256"},
        "signed_attrs": attrs,
        "signature_algorithm": _ALGORITHMS[algorithm],
        "signature": signature,
    })
    signed_data = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [{"algorithm": "sha256"}],
        "encap_content_info": {"content_type": LDS_SECURITY_OBJECT, "content": content},
        "certificates": [dsc],
        "signer_infos": [signer_info],
    })
    return encode_tlv(TAG_SOD, cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump())


@dataclass(frozen=True)
class IssuedDocument:
    files: dict[int, bytes]  # by file identifier
    mrz_key: MrzKey
    csca: x509.Certificate
    dsc: x509.Certificate
    document_code: str
    document_number: str
    surname: str
    given_names: str
    chinese_name: str  # in DG11 as SURNAME<<GIVEN
    sex: str
    birth_date: dt.date
    expiry_date: dt.date
    id_number: str
    place_of_birth: str
    address: str
    face: bytes  # the JPEG in DG2

    @property
    def groups(self) -> dict[int, bytes]:
        """The data groups by number, as passive authentication takes them."""
        return {dg_number(fid): data for fid, data in self.files.items() if FID.DG1 <= fid <= FID.DG16}

    @property
    def sod(self) -> bytes:
        return self.files[FID.SOD]


def build_document(
    *,
    document_code: str = "P",
    dg11: bool = True,
    tamper_dg: int | None = None,
    tamper_signature: bool = False,
    surname: str = "ZHANG",
    given_names: str = "WEI",
    chinese_name: str = "张<<伟",
    sex: str = "M",
    birth_date: dt.date = dt.date(1985, 6, 15),
    expiry_date: dt.date | None = None,
) -> IssuedDocument:
    """A passport ("P") or travel permit ("CS", "CD"). ``tamper_dg`` changes that group's last byte after signing."""
    expiry = expiry_date or dt.date(dt.date.today().year + 8, 1, 31)
    number = NUMBERS[document_code]
    if document_code == "P":
        mrz = compose_td3(document_number=number, birth_date=birth_date, expiry_date=expiry, sex=sex,
                          surname=surname, given_names=given_names)
    else:
        mrz = compose_permit(document_number=number, birth_date=birth_date, expiry_date=expiry,
                             document_code=document_code)
    first17 = "430102" + birth_date.strftime("%Y%m%d") + ("123" if sex == "M" else "124")
    id_number = first17 + id_check_char(first17)
    place, address = "湖南", "湖南省长沙市岳麓区<麓山南路932号"
    groups = {
        1: encode_tlv(DG_TAGS[1], encode_tlv(0x5F1F, mrz.replace("\n", "").encode("ascii"))),
        2: _dg2(face_jpeg(), sex),
    }
    if dg11:
        groups[11] = _dg11(chinese_name, f"{surname}<<{given_names}", id_number, birth_date, place, address)
    sod = sign_sod(groups, tamper_signature=tamper_signature)
    if tamper_dg is not None:
        data = groups[tamper_dg]
        groups[tamper_dg] = data[:-1] + bytes([data[-1] ^ 0x01])
    files = {FID.COM.value: _com(sorted(groups)), FID.SOD.value: sod}
    files.update({fid_of(dg): data for dg, data in groups.items()})
    signer = authority()
    return IssuedDocument(
        files=files, mrz_key=parse_mrz(mrz).key(), csca=signer.csca, dsc=signer.dsc, document_code=document_code,
        document_number=number, surname=surname, given_names=given_names, chinese_name=chinese_name, sex=sex,
        birth_date=birth_date, expiry_date=expiry, id_number=id_number, place_of_birth=place,
        address=address.replace("<", ", "), face=face_jpeg(),
    )

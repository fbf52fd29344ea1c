"""ICAO 9303 passive authentication (Doc 9303 Part 11, 5.1): the data groups against the signed EF.SOD.

EF.SOD is application tag 77 around a CMS SignedData whose content is the LDSSecurityObject: the hash
of every data group. The document signer's certificate (DSC) is inside; a country signing CA (CSCA)
that the kiosk trusts must have issued it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import algos, cms, core
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from devices.cards.base import PassiveAuth
from devices.cards.emrtd.lds import TAG_SOD, encode_tlv, tlv_value

LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
_BSI_PLAIN_ECDSA = "0.4.0.127.0.7.1.1.4.1."  # TR-03111 ecdsa-plain-signatures: r‖s, not DER
_PLAIN_HASHES = {"1": "sha1", "2": "sha224", "3": "sha256", "4": "sha384", "5": "sha512"}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")


class DataGroupHash(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashValues(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("lds_version", core.PrintableString), ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):
    """LDSSecurityObject (Doc 9303 Part 10, 4.6.2), version 0 or 1 (1 adds ldsVersionInfo)."""

    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


def load_csca(path: Path) -> list[x509.Certificate]:
    """The CSCA certificates in a PEM or DER file, or in the certificate files of a directory.

    ValueError naming the file when one cannot be read as certificates.
    """
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in CERTIFICATE_SUFFIXES) if path.is_dir() else [path]
    certificates: list[x509.Certificate] = []
    for file in files:
        try:
            data = file.read_bytes()
            if b"-----BEGIN" in data:
                certificates += x509.load_pem_x509_certificates(data)
            else:
                certificates.append(x509.load_der_x509_certificate(data))
        except (OSError, ValueError) as e:
            raise ValueError(f"{file}: not a readable PEM or DER certificate") from e
    return certificates


@dataclass(frozen=True)
class _Sod:
    """What verification needs from EF.SOD, taken out of the ASN.1."""

    hash_name: str  # of the data groups
    hashes: dict[int, bytes]
    content: bytes  # the eContent (DER of the LDSSecurityObject)
    digest_name: str  # the signer's digest algorithm
    message_digest: bytes | None  # None: no signed attributes, the signature is over the content
    signed: bytes  # what the signature covers
    signature: bytes
    scheme: tuple[str, str, str, int]  # kind, hash, MGF1 hash, salt length
    dsc: x509.Certificate | None


def _scheme(algorithm: Any, digest_name: str) -> tuple[str, str, str, int]:
    """("pkcs1" | "pss" | "ecdsa" | "plain_ecdsa", hash, MGF1 hash, salt length)."""
    oid = algorithm["algorithm"].dotted
    if oid.startswith(_BSI_PLAIN_ECDSA):
        return "plain_ecdsa", _PLAIN_HASHES.get(oid[len(_BSI_PLAIN_ECDSA):], ""), "", 0
    try:
        kind = algorithm.signature_algo
    except ValueError:
        return "unknown", digest_name, "", 0
    try:
        hash_name = algorithm.hash_algo
    except ValueError:  # a bare rsaEncryption or ecPublicKey OID: the digest algorithm says
        hash_name = digest_name
    if kind == "rsassa_pss":
        params = algorithm["parameters"]
        mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
        return "pss", hash_name, mgf_hash, int(params["salt_length"].native)
    return {"rsassa_pkcs1v15": "pkcs1", "ecdsa": "ecdsa"}.get(kind, kind), hash_name, "", 0


def _signer_certificate(signed_data: Any, sid: Any) -> x509.Certificate | None:
    """The certificate the signer identifier names; else the only one there (the signature still decides)."""
    choices = signed_data["certificates"]
    if isinstance(choices, core.Void):
        return None
    certificates = [c.chosen for c in choices if c.name == "certificate"]
    for cert in certificates:
        if sid.name == "issuer_and_serial_number":
            match = cert.issuer == sid.chosen["issuer"] and cert.serial_number == sid.chosen["serial_number"].native
        else:
            match = cert.key_identifier == sid.chosen.native
        if match:
            return x509.load_der_x509_certificate(cert.dump())
    return x509.load_der_x509_certificate(certificates[0].dump()) if len(certificates) == 1 else None


def _parse(sod: bytes) -> _Sod:
    info = cms.ContentInfo.load(tlv_value(sod, TAG_SOD))
    if info["content_type"].native != "signed_data":
        raise ValueError("EF.SOD is not a CMS SignedData")
    signed_data = info["content"]
    encap = signed_data["encap_content_info"]
    if encap["content_type"].dotted != LDS_SECURITY_OBJECT:
        raise ValueError("EF.SOD does not hold an LDS security object")
    content = bytes(encap["content"].native)
    lso = LdsSecurityObject.load(content)
    hashes_ = {int(h["data_group_number"].native): bytes(h["data_group_hash_value"].native)
               for h in lso["data_group_hash_values"]}
    signer = signed_data["signer_infos"][0]
    digest_name = signer["digest_algorithm"]["algorithm"].native
    attrs = signer["signed_attrs"]
    message_digest: bytes | None = None
    signed = content
    if not isinstance(attrs, core.Void):
        digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
        message_digest = bytes(digests[0]) if digests else b""
        signed = encode_tlv(0x31, attrs.contents)  # signed over as a SET, not as the [0] it is stored with
    return _Sod(
        hash_name=lso["hash_algorithm"]["algorithm"].native, hashes=hashes_, content=content,
        digest_name=digest_name, message_digest=message_digest, signed=signed,
        signature=bytes(signer["signature"].native), scheme=_scheme(signer["signature_algorithm"], digest_name),
        dsc=_signer_certificate(signed_data, signer["sid"]),
    )


def _digest(name: str, data: bytes) -> bytes | None:
    return hashlib.new(name, data).digest() if name in _HASHES else None


def _signature_ok(sod: _Sod) -> bool:
    if sod.dsc is None:
        return False
    if sod.message_digest is not None and _digest(sod.digest_name, sod.content) != sod.message_digest:
        return False
    kind, hash_name, mgf_hash, salt = sod.scheme
    if hash_name not in _HASHES:
        return False
    algorithm = _HASHES[hash_name]()
    try:
        key = sod.dsc.public_key()
        if kind in ("pkcs1", "pss") and isinstance(key, rsa.RSAPublicKey):
            pad: padding.AsymmetricPadding = padding.PKCS1v15()
            if kind == "pss":
                pad = padding.PSS(padding.MGF1(_HASHES.get(mgf_hash, hashes.SHA1)()), salt)
            key.verify(sod.signature, sod.signed, pad, algorithm)
        elif kind in ("ecdsa", "plain_ecdsa") and isinstance(key, ec.EllipticCurvePublicKey):
            signature = sod.signature
            if kind == "plain_ecdsa":
                half = len(signature) // 2
                signature = utils.encode_dss_signature(
                    int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
            key.verify(signature, sod.signed, ec.ECDSA(algorithm))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True


def _chain(dsc: x509.Certificate | None, csca: Sequence[x509.Certificate]) -> str:
    if not csca:
        return "not_verified"
    if dsc is None:
        return "failed"
    for ca in csca:
        try:
            dsc.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        if ca.not_valid_before_utc <= dsc.not_valid_before_utc <= ca.not_valid_after_utc:
            return "verified"
    return "failed"


def verify(sod: bytes, groups: dict[int, bytes], csca: Sequence[x509.Certificate] = ()) -> PassiveAuth:
    """Check the data groups read (keyed by number) against EF.SOD, its signature and its signer's chain.

    Never raises on bad input: an EF.SOD that cannot be parsed gives hashes_ok False and signature "missing".
    A signature that does not verify, or whose signer certificate is not in EF.SOD, is "invalid".
    """
    read = tuple(sorted(groups))
    try:
        parsed = _parse(sod)
    except Exception:  # asn1crypto parses lazily and raises many kinds (ValueError, TypeError, KeyError...)
        return PassiveAuth(False, "missing", _chain(None, csca), (), read)
    failed = tuple(
        dg for dg in read
        if dg not in parsed.hashes or _digest(parsed.hash_name, groups[dg]) != parsed.hashes[dg]
    )
    return PassiveAuth(
        hashes_ok=not failed,
        signature="valid" if _signature_ok(parsed) else "invalid",
        chain=_chain(parsed.dsc, csca),
        checked_groups=read,
        failed_groups=failed,
    )

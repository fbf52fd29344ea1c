"""ICAO 9303: the MRZ, the LDS files (EF.COM, DG1, DG2, DG11) and passive authentication against EF.SOD."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import serialization
from PIL import Image, features

from devices.cards.emrtd.lds import (
    DG_TAGS,
    FID,
    TAG_SOD,
    LdsError,
    dg_number,
    encode_tlv,
    face_image,
    face_png,
    fid_of,
    iter_tlv,
    parse_com,
    parse_dg1,
    parse_dg11,
    tlv_value,
)
from devices.cards.emrtd.passive_auth import LDS_SECURITY_OBJECT, LdsSecurityObject, load_csca, verify
from kiosk.identity import DocumentType, is_valid_id_number
from kiosk.mrz import MrzKey, check_digit, compose_permit, compose_td3, document_type_of, parse_mrz
from tests.helpers.emrtd_documents import build_document, other_csca, reissued_csca, sign_sod

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
TODAY = dt.date(2024, 5, 1)


# --- the MRZ ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [TD3, TD2, TD1], ids=["TD3", "TD2", "TD1"])
def test_the_icao_specimens_parse_with_good_check_digits(text: str) -> None:
    mrz = parse_mrz(text, TODAY)
    assert mrz.checks_ok
    assert (mrz.issuer, mrz.nationality, mrz.sex) == ("UTO", "UTO", "F")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.birth_date == dt.date(1974, 8, 12)
    assert mrz.expiry_date == dt.date(2012, 4, 15)


def test_the_td3_specimen_fields() -> None:
    mrz = parse_mrz(TD3, TODAY)
    assert (mrz.document_code, mrz.document_number, mrz.optional_data) == ("P", "L898902C3", "ZE184226B")
    assert document_type_of(mrz) is DocumentType.PASSPORT
    assert mrz.key() == MrzKey("L898902C3", "740812", "120415")


def test_the_td1_specimen_fields() -> None:
    mrz = parse_mrz(TD1, TODAY)
    assert (mrz.document_code, mrz.document_number, mrz.optional_data) == ("I", "D23145890", "")
    with pytest.raises(ValueError):
        document_type_of(mrz)


def test_joined_lines_as_in_dg1_and_stray_spaces_parse_the_same() -> None:
    assert parse_mrz(TD3.replace("\n", ""), TODAY) == parse_mrz(TD3, TODAY)
    assert parse_mrz(TD1.replace("\n", ""), TODAY) == parse_mrz(TD1, TODAY)
    assert parse_mrz("  " + TD3.replace("<<<<<10", "<<<<< 10").lower() + "\n\n", TODAY) == parse_mrz(TD3, TODAY)


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        (TD3, "L898902C36", "L898903C36"),  # document number
        (TD3, "7408122F", "7408132F"),  # birth date
        (TD3, "1204159Z", "1204169Z"),  # expiry date
        (TD3, "ZE184226B", "ZE184227B"),  # optional data
        (TD3, "<<<<<10", "<<<<<11"),  # composite
        (TD2, "D231458907", "D231458917"),
        (TD1, "D231458907", "D231458807"),
        (TD1, "7408122F", "7409122F"),
        (TD1, "UTO<<<<<<<<<<<6", "UTO<<<<<<<<<<<7"),
    ],
)
def test_a_changed_character_fails_the_check_digits(text: str, old: str, new: str) -> None:
    assert old in text
    assert not parse_mrz(text.replace(old, new), TODAY).checks_ok


def test_a_td1_document_number_longer_than_nine_continues_in_the_optional_data() -> None:
    number = "D23145890123"
    line1 = ("I<UTO" + number[:9] + "<" + number[9:] + check_digit(number)).ljust(30, "<")
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    mrz = parse_mrz(f"{line1}\n{line2}\nERIKSSON<<ANNA<MARIA<<<<<<<<<<", TODAY)
    assert mrz.checks_ok
    assert mrz.document_number == number
    assert mrz.optional_data == ""


def test_two_digit_birth_years_are_in_the_past_and_expiry_years_in_this_century() -> None:
    text = compose_td3(document_number="E1", birth_date=dt.date(2015, 1, 1), expiry_date=dt.date(2070, 1, 1),
                       sex="F", surname="LI", given_names="NA")
    assert parse_mrz(text, dt.date(2020, 1, 1)).birth_date == dt.date(2015, 1, 1)
    assert parse_mrz(text, dt.date(2014, 12, 31)).birth_date == dt.date(1915, 1, 1)
    assert parse_mrz(text, dt.date(2020, 1, 1)).expiry_date == dt.date(2070, 1, 1)


def test_an_impossible_date_is_none() -> None:
    line1, line2 = TD3.split("\n")
    line2 = line2[:13] + "741332" + check_digit("741332") + line2[20:43]
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz(f"{line1}\n{line2}", TODAY)
    assert mrz.checks_ok
    assert mrz.birth_date is None
    with pytest.raises(ValueError):
        mrz.key()


def test_a_composed_passport_mrz_round_trips() -> None:
    text = compose_td3(document_number="E12345678", birth_date=dt.date(1985, 6, 15), expiry_date=dt.date(2031, 2, 28),
                       sex="M", surname="OUYANG", given_names="XIAO HONG", optional_data="AB12")
    lines = text.split("\n")
    assert [len(line) for line in lines] == [44, 44]
    mrz = parse_mrz(text, TODAY)
    assert mrz.checks_ok
    assert (mrz.surname, mrz.given_names, mrz.optional_data) == ("OUYANG", "XIAO HONG", "AB12")
    assert (mrz.issuer, mrz.nationality, mrz.sex) == ("CHN", "CHN", "M")
    assert mrz.key() == MrzKey("E12345678", "850615", "310228")


@pytest.mark.parametrize(("code", "kind"), [("CS", DocumentType.HK_MACAO_PERMIT), ("CD", DocumentType.TAIWAN_PERMIT)])
def test_a_permit_line_round_trips(code: str, kind: DocumentType) -> None:
    line = compose_permit(document_number="C12345678", birth_date=dt.date(1990, 3, 7),
                          expiry_date=dt.date(2029, 12, 31), document_code=code)
    assert len(line) == 30
    mrz = parse_mrz(line, TODAY)
    assert mrz.checks_ok
    assert (mrz.document_code, mrz.document_number, mrz.issuer) == (code, "C12345678", "CHN")
    assert (mrz.birth_date, mrz.expiry_date) == (dt.date(1990, 3, 7), dt.date(2029, 12, 31))
    assert (mrz.surname, mrz.sex) == ("", "")
    assert document_type_of(mrz) is kind
    assert not parse_mrz(line[:-1] + str((int(line[-1]) + 1) % 10), TODAY).checks_ok


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        TD3.split("\n")[0],  # one line of a passport
        TD3[:-1],  # a character short
        TD3.replace("ERIKSSON", "ERIKSSÖN"),
        TD3.replace("ERIKSSON", "ERIK-SON"),
        "ID" + "<" * 28,  # 30 characters that are no permit
        "CSC12345678" + "8" * 19,  # a permit without its fillers
    ],
)
def test_bad_input_is_a_value_error_without_the_text(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_mrz(text, TODAY)
    assert "ERIK" not in str(error.value) and "C1234" not in str(error.value)


def test_composing_refuses_what_an_mrz_cannot_hold() -> None:
    with pytest.raises(ValueError):
        compose_td3(document_number="E1", birth_date=dt.date(1990, 1, 1), expiry_date=dt.date(2030, 1, 1),
                    sex="M", surname="张", given_names="伟")
    with pytest.raises(ValueError):
        compose_td3(document_number="E1234567890", birth_date=dt.date(1990, 1, 1), expiry_date=dt.date(2030, 1, 1),
                    sex="M", surname="ZHANG", given_names="WEI")
    with pytest.raises(ValueError):
        compose_permit(document_number="C1", birth_date=dt.date(1990, 1, 1), expiry_date=dt.date(2030, 1, 1),
                       document_code="P")


def test_the_repr_is_masked() -> None:
    mrz = parse_mrz(TD3, TODAY)
    assert "ERIKSSON" not in repr(mrz) and "L898902C3" not in str(mrz)


# --- BER-TLV ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 127, 128, 255, 256, 65535, 65536])
def test_tlv_lengths_round_trip(size: int) -> None:
    value = bytes(range(256)) * (size // 256) + bytes(size % 256)
    encoded = encode_tlv(0x5F1F, value)
    assert list(iter_tlv(encoded + encode_tlv(0x02, b"\x01"))) == [(0x5F1F, value), (0x02, b"\x01")]


def test_tlv_long_length_forms_and_multi_byte_tags() -> None:
    assert list(iter_tlv(bytes.fromhex("5F2E8103414243"))) == [(0x5F2E, b"ABC")]
    assert list(iter_tlv(bytes.fromhex("7F61820002AABB"))) == [(0x7F61, b"\xaa\xbb")]
    assert list(iter_tlv(bytes.fromhex("75830000014A"))) == [(0x75, b"J")]
    assert list(iter_tlv(bytes.fromhex("5F81010100"))) == [(0x5F8101, b"\x00")]  # a three-byte tag
    assert list(iter_tlv(b"")) == []


@pytest.mark.parametrize(
    "data",
    ["61", "5F", "5F81", "6105AABB", "5F1F8201", "6184000000010A", "6180", "61820100" + "00" * 255],
)
def test_truncated_or_unsupported_tlv_is_an_lds_error(data: str) -> None:
    with pytest.raises(LdsError):
        list(iter_tlv(bytes.fromhex(data)))


def test_lds_error_is_a_value_error_and_a_missing_tag_is_one() -> None:
    assert issubclass(LdsError, ValueError)
    assert tlv_value(bytes.fromhex("01010A02010B"), 0x02) == b"\x0b"
    with pytest.raises(LdsError):
        tlv_value(bytes.fromhex("01010A"), 0x02)


def test_file_identifiers_and_data_group_numbers() -> None:
    assert (FID.COM, FID.SOD, FID.DG1, FID.DG2, FID.DG11) == (0x011E, 0x011D, 0x0101, 0x0102, 0x010B)
    assert [dg_number(fid_of(dg)) for dg in range(1, 17)] == list(range(1, 17))
    assert dg_number(FID.DG11) == 11 and fid_of(2) == FID.DG2
    for bad in (FID.COM, FID.SOD, 0x0100, 0x0111):
        with pytest.raises(ValueError):
            dg_number(bad)
    for dg in (0, 17):
        with pytest.raises(ValueError):
            fid_of(dg)


# --- EF.COM, DG1, DG11, DG2 ---------------------------------------------------------------------


def test_com_lists_the_data_groups() -> None:
    assert parse_com(build_document().files[FID.COM]) == (1, 2, 11)
    assert parse_com(build_document(dg11=False).files[FID.COM]) == (1, 2)
    unknown_tag = encode_tlv(0x60, encode_tlv(0x5F01, b"0107") + encode_tlv(0x5C, bytes([0x61, 0x99, 0x6E])))
    assert parse_com(unknown_tag) == (1, 14)
    with pytest.raises(LdsError):
        parse_com(encode_tlv(0x61, b""))


def test_dg1_of_a_passport() -> None:
    doc = build_document()
    mrz = parse_dg1(doc.files[FID.DG1])
    assert mrz.checks_ok
    assert (mrz.document_code, mrz.document_number, mrz.surname, mrz.given_names, mrz.sex) == (
        "P", doc.document_number, "ZHANG", "WEI", "M")
    assert (mrz.birth_date, mrz.expiry_date) == (doc.birth_date, doc.expiry_date)
    assert mrz.key() == doc.mrz_key
    assert document_type_of(mrz) is DocumentType.PASSPORT


def test_dg1_of_a_permit() -> None:
    doc = build_document(document_code="CS")
    mrz = parse_dg1(doc.files[FID.DG1])
    assert mrz.checks_ok
    assert document_type_of(mrz) is DocumentType.HK_MACAO_PERMIT
    assert (mrz.document_number, mrz.birth_date, mrz.expiry_date) == (
        doc.document_number, doc.birth_date, doc.expiry_date)


def test_dg1_that_is_not_an_mrz() -> None:
    with pytest.raises(ValueError):
        parse_dg1(encode_tlv(0x61, encode_tlv(0x5F1F, "P<CHN张".encode())))
    with pytest.raises(LdsError):
        parse_dg1(encode_tlv(0x61, encode_tlv(0x5F1E, b"P<")))


def test_dg11_holds_the_chinese_name_and_the_resident_id_number() -> None:
    doc = build_document()
    dg11 = parse_dg11(doc.files[FID.DG11])
    assert (dg11.full_name, dg11.surname, dg11.given_names, dg11.name) == ("张<<伟", "张", "伟", "张伟")
    assert dg11.other_names == ("ZHANG<<WEI",)
    assert dg11.personal_number == doc.id_number and is_valid_id_number(dg11.personal_number)
    assert dg11.full_birth_date == doc.birth_date
    assert (dg11.place_of_birth, dg11.address) == (doc.place_of_birth, doc.address)
    assert "张" not in repr(dg11) and doc.id_number not in str(dg11)


def test_dg11_variants() -> None:
    data = encode_tlv(0x6B, encode_tlv(0x5F0E, b"ERIKSSON<<ANNA<MARIA") + encode_tlv(0x5F0F, b"ANNA<<SMITH")
                      + encode_tlv(0x5F2B, bytes.fromhex("19740812")))  # the date as BCD
    dg11 = parse_dg11(data)
    assert (dg11.name, dg11.other_names, dg11.full_birth_date) == ("ERIKSSON ANNA MARIA", ("ANNA<<SMITH",),
                                                                   dt.date(1974, 8, 12))
    assert (dg11.personal_number, dg11.address) == ("", "")
    assert parse_dg11(encode_tlv(0x6B, encode_tlv(0x5F2B, b"1974XX12"))).full_birth_date is None
    with pytest.raises(LdsError):
        parse_dg11(encode_tlv(0x6B, encode_tlv(0x5F0E, b"\xff\xfe")))


def test_dg2_gives_the_face_and_a_displayable_png() -> None:
    doc = build_document()
    jpeg = face_image(doc.files[FID.DG2])
    assert jpeg == doc.face and jpeg is not None and jpeg.startswith(b"\xff\xd8\xff")
    png = face_png(jpeg)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as picture:
        assert (picture.format, picture.size) == ("PNG", (60, 80))


def _dg2_with(block: bytes, tag: int = 0x5F2E) -> bytes:
    return encode_tlv(DG_TAGS[2], encode_tlv(0x7F61, encode_tlv(0x02, b"\x01") + encode_tlv(
        0x7F60, encode_tlv(0xA1, encode_tlv(0x80, b"\x01\x01")) + encode_tlv(tag, block))))


@pytest.mark.skipif(not features.check("jpg_2000"), reason="Pillow without OpenJPEG")
@pytest.mark.parametrize("kind", ["JPEG2000-jp2", "JPEG2000-j2k"])
def test_dg2_with_a_jpeg_2000_face(kind: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (30, 40), (120, 80, 60)).save(out, format="JPEG2000", no_jp2=kind.endswith("j2k"))
    image = out.getvalue()
    found = face_image(_dg2_with(b"FAC\x00010\x00 a header that is not quite ISO 19794-5" + image, tag=0x7F2E))
    assert found == image
    png = face_png(image)
    assert png is not None
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.size == (30, 40)


def test_dg2_without_a_face() -> None:
    assert face_image(_dg2_with(b"FAC\x00010\x00 no image here")) is None
    assert face_image(encode_tlv(0x75, encode_tlv(0x7F61, encode_tlv(0x02, b"\x00")))) is None
    with pytest.raises(LdsError):
        face_image(build_document().files[FID.DG2][:-10])


@pytest.mark.parametrize("image", [b"", b"not an image", b"\xff\xd8\xff\xe0 truncated"])
def test_face_png_of_what_cannot_be_decoded_is_none(image: bytes) -> None:
    assert face_png(image) is None


def test_face_png_of_a_truncated_jpeg_is_none() -> None:
    assert face_png(build_document().face[:200]) is None


# --- passive authentication ---------------------------------------------------------------------


def test_a_genuine_document_without_a_csca_list() -> None:
    doc = build_document()
    result = verify(doc.sod, doc.groups)
    assert (result.hashes_ok, result.signature, result.chain) == (True, "valid", "not_verified")
    assert (result.checked_groups, result.failed_groups) == ((1, 2, 11), ())
    assert result.ok


@pytest.mark.parametrize("code", ["P", "CS"])
def test_a_genuine_document_with_its_csca(code: str) -> None:
    doc = build_document(document_code=code)
    result = verify(doc.sod, doc.groups, [doc.csca])
    assert (result.hashes_ok, result.signature, result.chain) == (True, "valid", "verified")
    assert verify(doc.sod, doc.groups, [other_csca(), doc.csca]).chain == "verified"


def test_another_csca_fails_the_chain() -> None:
    doc = build_document()
    result = verify(doc.sod, doc.groups, [other_csca()])
    assert other_csca().subject == doc.csca.subject  # the same name, another key
    assert (result.signature, result.chain, result.ok) == ("valid", "failed", False)
    assert verify(doc.sod, doc.groups, [doc.dsc]).chain == "failed"  # the signer did not issue itself


@pytest.mark.parametrize("dg", [1, 2, 11])
def test_a_tampered_data_group_fails_its_hash(dg: int) -> None:
    doc = build_document(tamper_dg=dg)
    result = verify(doc.sod, doc.groups, [doc.csca])
    assert not result.hashes_ok and not result.ok
    assert result.failed_groups == (dg,)
    assert result.signature == "valid"  # the SOD itself is intact


def test_a_data_group_missing_from_the_sod_fails() -> None:
    doc = build_document(dg11=False)
    groups = doc.groups | {11: build_document().files[FID.DG11]}
    result = verify(doc.sod, groups)
    assert (result.hashes_ok, result.failed_groups, result.checked_groups) == (False, (11,), (1, 2, 11))


def test_a_tampered_signature_is_invalid() -> None:
    doc = build_document(tamper_signature=True)
    result = verify(doc.sod, doc.groups, [doc.csca])
    assert (result.hashes_ok, result.signature, result.chain, result.ok) == (True, "invalid", "verified", False)


def _rebuilt(sod: bytes, content: bytes | None = None, certificates: bool = True) -> bytes:
    """EF.SOD with its signer info kept but another eContent, or without the certificates."""
    signed_data = cms.ContentInfo.load(tlv_value(sod, TAG_SOD))["content"]
    fields = {
        "version": "v3",
        "digest_algorithms": signed_data["digest_algorithms"],
        "encap_content_info": {
            "content_type": LDS_SECURITY_OBJECT,
            "content": content or signed_data["encap_content_info"]["content"].native,
        },
        "signer_infos": signed_data["signer_infos"],
    }
    if certificates:
        fields["certificates"] = signed_data["certificates"]
    info = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(fields)})
    return encode_tlv(TAG_SOD, info.dump())


def test_rebuilding_the_sod_unchanged_keeps_it_genuine() -> None:
    doc = build_document()
    assert verify(_rebuilt(doc.sod), doc.groups, [doc.csca]).ok


def test_a_rewritten_hash_table_fails_the_message_digest() -> None:
    doc = build_document(tamper_dg=1)
    forged = LdsSecurityObject({
        "version": 0,
        "hash_algorithm": {"algorithm": "sha256"},
        "data_group_hash_values": [
            {"data_group_number": dg, "data_group_hash_value": hashlib.sha256(data).digest()}
            for dg, data in sorted(doc.groups.items())
        ],
    }).dump()
    result = verify(_rebuilt(doc.sod, content=forged), doc.groups, [doc.csca])
    assert result.hashes_ok  # the forged table matches the changed group...
    assert result.signature == "invalid" and not result.ok  # ...but not the signed message digest


def test_a_sod_without_its_signer_certificate() -> None:
    doc = build_document()
    result = verify(_rebuilt(doc.sod, certificates=False), doc.groups, [doc.csca])
    assert (result.hashes_ok, result.signature, result.chain, result.ok) == (True, "invalid", "failed", False)


def test_the_csca_must_be_valid_when_the_signer_was_issued() -> None:
    doc = build_document()
    issued = doc.dsc.not_valid_before_utc
    assert verify(doc.sod, doc.groups, [reissued_csca(issued - dt.timedelta(days=1), 1)]).chain == "verified"
    assert verify(doc.sod, doc.groups, [reissued_csca(issued + dt.timedelta(days=1), 1)]).chain == "failed"
    assert verify(doc.sod, doc.groups, [reissued_csca(issued - dt.timedelta(days=800), 2)]).chain == "failed"


@pytest.mark.parametrize("algorithm", ["ecdsa", "plain_ecdsa", "rsa", "rsa_pss"])
def test_signature_algorithms(algorithm: str) -> None:
    groups = build_document().groups
    assert verify(sign_sod(groups, algorithm=algorithm), groups).signature == "valid"
    assert verify(sign_sod(groups, algorithm=algorithm, tamper_signature=True), groups).signature == "invalid"


@pytest.mark.parametrize("sod", [b"", b"garbage", bytes.fromhex("7703414243"), bytes.fromhex("7781"),
                                 encode_tlv(0x77, encode_tlv(0x30, b"")), encode_tlv(0x61, b"")])
def test_a_sod_that_cannot_be_parsed_gives_a_result(sod: bytes) -> None:
    doc = build_document()
    result = verify(sod, doc.groups, [doc.csca])
    assert (result.hashes_ok, result.signature, result.chain, result.ok) == (False, "missing", "failed", False)
    assert result.failed_groups == (1, 2, 11)
    assert verify(sod, doc.groups).chain == "not_verified"


def test_damaged_sods_never_raise() -> None:
    doc = build_document()
    rng = random.Random(9303)
    for _ in range(300):
        damaged = bytearray(doc.sod)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cut = rng.choice([len(damaged), rng.randrange(len(damaged))])
        verify(bytes(damaged[:cut]), doc.groups, [doc.csca])
    assert not verify(doc.sod[:-20], doc.groups).ok


def test_load_csca_from_files_and_a_directory(tmp_path: Path) -> None:
    doc = build_document()
    pem = tmp_path / "csca.pem"
    pem.write_bytes(doc.csca.public_bytes(serialization.Encoding.PEM)
                    + other_csca().public_bytes(serialization.Encoding.PEM))
    der = tmp_path / "csca.der"
    der.write_bytes(doc.csca.public_bytes(serialization.Encoding.DER))
    (tmp_path / "README.txt").write_text("not a certificate")
    assert load_csca(pem) == [doc.csca, other_csca()]
    assert load_csca(der) == [doc.csca]
    assert load_csca(tmp_path) == [doc.csca, doc.csca, other_csca()]
    assert verify(doc.sod, doc.groups, load_csca(der)).chain == "verified"


def test_load_csca_names_the_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----\n")
    for path in (bad, tmp_path, tmp_path / "missing.der"):
        with pytest.raises(ValueError, match=r"broken\.pem|missing\.der"):
            load_csca(path)

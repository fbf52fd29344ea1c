"""Field validators: None for an acceptable value, else a message in Chinese and English; never an exception."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.forms import validators
from kiosk.forms.validators import uscc_check_char
from kiosk.i18n import Text
from kiosk.identity import id_check_char

TODAY = dt.date(2026, 11, 20)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CJK = re.compile(r"[\u4e00-\u9fff]")


def resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def assert_message(result: Text | None) -> Text:
    """A refusal: a Text with a Chinese and an English message."""
    assert isinstance(result, Text)
    assert CJK.search(result.zh), result
    assert result.en.strip() and not CJK.search(result.en), result
    return result


# -- resident ID numbers (GB 11643) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example
        "11010519491231002x",  # typed with a lower-case x
        resident_id("43010219900307123"),
        resident_id("43010220261120001"),  # born today
        resident_id("65010219000101001"),  # born on the earliest day accepted
        " " + resident_id("44030519851015002") + " ",  # surrounding spaces are not part of it
    ],
)
def test_a_valid_resident_id_is_accepted(number: str) -> None:
    assert validators.resident_id(number, TODAY) is None


def test_the_check_character_is_what_the_standard_says() -> None:
    assert id_check_char("11010519491231002") == "X"
    assert id_check_char("43010219900307123") == "4"


def test_a_wrong_check_digit_is_refused() -> None:
    number = resident_id("43010219900307123")
    for wrong in "0123456789X".replace(number[-1], ""):
        message = assert_message(validators.resident_id(number[:17] + wrong, TODAY))
        assert "check digit" in message.en
        assert "校验位" in message.zh


@pytest.mark.parametrize(
    "first17",
    [
        "43010220261121001",  # tomorrow
        "43010230000101001",  # far in the future
        "43010218991231001",  # before 1900
        "43010219900230001",  # 30 February
        "43010219901301001",  # month 13
        "43010219900000001",  # day 0
    ],
)
def test_an_impossible_birth_date_is_refused(first17: str) -> None:
    message = assert_message(validators.resident_id(resident_id(first17), TODAY))
    assert "birth date" in message.en
    assert "出生日期" in message.zh


@pytest.mark.parametrize("region", ["00", "10", "19", "99", "72", "83"])
def test_a_region_code_that_is_no_province_is_refused(region: str) -> None:
    message = assert_message(validators.resident_id(resident_id(region + "010219900307123"), TODAY))
    assert "region" in message.en


@pytest.mark.parametrize(
    "value",
    [
        "43010219900307123",  # 17 digits
        "4301021990030712345",  # 19 digits
        "43010219900307123Y",
        "4301021990030X1234",
        "430102 19900307 1234",
        "430102900307123",  # the old 15-digit number is not accepted for new applications
        "",
        "   ",
        "４３０１０２１９９００３０７１２３４",  # full-width digits
    ],
)
def test_a_malformed_resident_id_is_refused(value: str) -> None:
    message = assert_message(validators.resident_id(value, TODAY))
    assert "18 characters" in message.en


def test_full_width_digits_never_pass_even_with_a_matching_check_character() -> None:
    digits = "43010219900307123"
    full_width = digits[:2] + digits[2:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert_message(validators.resident_id(full_width + id_check_char(digits), TODAY))


@given(
    region=st.sampled_from(["11", "31", "43", "44", "65", "81", "82"]),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    rest=st.text(alphabet="0123456789", min_size=7, max_size=7),
)
def test_any_number_built_with_the_check_character_is_accepted(region: str, born: dt.date, rest: str) -> None:
    first17 = f"{region}{rest[:4]}{born:%Y%m%d}{rest[4:]}"
    assert validators.resident_id(resident_id(first17), TODAY) is None


# -- unified social credit codes (GB 32100) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example used in GB 32100's explanatory material
        "91110000600037341L",  # a check character that is a letter
        "91430100" + "MA4L0A1B2" + uscc_check_char("91430100MA4L0A1B2"),
        "91350100m000100y43",  # typed in lower case
    ],
)
def test_a_valid_social_credit_code_is_accepted(code: str) -> None:
    assert validators.social_credit_code(code) is None


def test_the_uscc_check_character_is_computed_as_the_standard_says() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_check_char("91110000600037341") == "L"
    # A weighted sum divisible by 31 gives the check character 0, not the 32nd symbol.
    zeros = "0" * 17
    assert uscc_check_char(zeros) == "0"


def test_a_wrong_uscc_check_character_is_refused() -> None:
    for wrong in USCC_CHARS.replace("3", ""):
        message = assert_message(validators.social_credit_code("91350100M000100Y4" + wrong))
        assert "check character" in message.en


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19
        "91350100I000100Y43",  # I, O, S, V and Z are not in the code set
        "91350100O000100Y43",
        "91350100S000100Y43",
        "91350100V000100Y43",
        "91350100Z000100Y43",
        "91350100-000100Y43",
        "",
    ],
)
def test_a_malformed_social_credit_code_is_refused(code: str) -> None:
    message = assert_message(validators.social_credit_code(code))
    assert "18 digits or capital letters" in message.en


@given(first17=st.text(alphabet=USCC_CHARS, min_size=17, max_size=17), wrong=st.sampled_from(USCC_CHARS))
def test_exactly_one_check_character_fits_any_uscc(first17: str, wrong: str) -> None:
    right = uscc_check_char(first17)
    assert validators.social_credit_code(first17 + right) is None
    if wrong != right:
        assert_message(validators.social_credit_code(first17 + wrong))


# -- mobile numbers, postal codes, dates, numbers ------------------------------------------------------------


@pytest.mark.parametrize("value", ["13807310000", "19912345678", "15073100000", " 13807310000 "])
def test_a_mobile_number_is_accepted(value: str) -> None:
    assert validators.mobile(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "12807310000",  # no mobile network starts with 12
        "1380731000",
        "138073100001",
        "138-0731-0000",
        "+86 13807310000",
        "0731-88880000",  # a landline
        "１３８０７３１００００",
        "1" + "３８０７３１００００",
        "",
    ],
)
def test_a_bad_mobile_number_is_refused(value: str) -> None:
    assert "11-digit" in assert_message(validators.mobile(value)).en


@pytest.mark.parametrize("value", ["410000", "100000", " 410000 "])
def test_a_postal_code_is_accepted(value: str) -> None:
    assert validators.postal_code(value) is None


@pytest.mark.parametrize("value", ["41000", "4100000", "41000a", "４１００００", ""])
def test_a_bad_postal_code_is_refused(value: str) -> None:
    assert "6 digits" in assert_message(validators.postal_code(value)).en


@pytest.mark.parametrize("value", ["2024-05-01", "2024-02-29", "1900-01-01", " 2026-11-20 "])
def test_a_date_is_accepted(value: str) -> None:
    assert validators.iso_date(value, past_only=True, today=TODAY) is None


@pytest.mark.parametrize(
    "value", ["2023-02-29", "2024-13-01", "2024/05/01", "01-05-2024", "20240501", "2024-W18-3", "2024-5-1", "", "今天"]
)
def test_a_malformed_date_is_refused(value: str) -> None:
    assert "valid date" in assert_message(validators.iso_date(value, today=TODAY)).en


def test_a_future_date_is_refused_only_where_the_past_is_asked_for() -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert "later than today" in assert_message(validators.iso_date(tomorrow, past_only=True, today=TODAY)).en
    assert validators.iso_date(tomorrow, past_only=False, today=TODAY) is None
    assert validators.iso_date(TODAY.isoformat(), past_only=True, today=TODAY) is None


@pytest.mark.parametrize("value", ["0", "12", "-3", "+2", "0.5", ".5", "15.25", " 7 "])
def test_a_number_is_accepted(value: str) -> None:
    assert validators.number(value) is None


@pytest.mark.parametrize("value", ["", "abc", "1,5", "nan", "inf", "-Infinity", "1_000", "1e3", "１２", "5."])
def test_something_that_is_not_a_plain_number_is_refused(value: str) -> None:
    assert assert_message(validators.number(value)).en == "Please enter a number"


# -- garbage -------------------------------------------------------------------------------------------------


@given(value=st.text())
def test_no_validator_raises_on_any_text(value: str) -> None:
    results = [
        validators.resident_id(value, TODAY),
        validators.resident_id(value),
        validators.social_credit_code(value),
        validators.mobile(value),
        validators.postal_code(value),
        validators.iso_date(value, today=TODAY),
        validators.iso_date(value, past_only=True, today=TODAY),
        validators.number(value),
    ]
    for result in results:
        if result is not None:
            assert_message(result)


@given(value=st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=20))
def test_digits_of_other_scripts_are_never_accepted(value: str) -> None:
    if not value.isascii():
        for check in (validators.mobile, validators.postal_code, validators.number, validators.social_credit_code):
            assert check(value) is not None
        assert validators.resident_id(value, TODAY) is not None

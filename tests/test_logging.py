"""No personal data reaches a log line: not in the rotating file, not on stderr."""

from __future__ import annotations

import datetime as dt
import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.log import (
    REDACTED,
    PersonalDataFilter,
    forget_personal_values,
    init_logging,
    redact,
    register_personal_values,
)
from tests.helpers.people import ADDRESS, ID_NUMBER, NAME, resident, resident_id

ID_18 = ID_NUMBER  # the applicant's: 18 characters, a digit check character
ID_18_X = "11010519491231002X"  # GB 11643's own example; its check character is X
ID_15 = "430102900307123"
BANK_CARD = "6222021234567890123"
BANK_CARD_GROUPED = "6222 0212 3456 7890"

# (value in the message, substrings that must not survive)
SHAPED = [
    pytest.param(ID_18, [ID_18, ID_18[6:14]], id="resident-id"),
    pytest.param(ID_18_X, [ID_18_X, ID_18_X[:17]], id="resident-id-X"),
    pytest.param(ID_18_X.lower(), [ID_18_X[:17]], id="resident-id-x"),
    pytest.param(ID_15, [ID_15], id="old-resident-id"),
    pytest.param("13807310000", ["13807310000", "0731"], id="mobile"),
    pytest.param("138-0731-0000", ["0731-0000", "0731"], id="mobile-dashes"),
    pytest.param("138 0731 0000", ["0731 0000", "0731"], id="mobile-spaces"),
    pytest.param("+86 13807310000", ["13807310000", "0731"], id="mobile-+86"),
    pytest.param("+86-138-0731-0000", ["0731-0000", "0731"], id="mobile-+86-dashes"),
    pytest.param("8613807310000", ["13807310000"], id="mobile-86"),
    pytest.param(BANK_CARD, [BANK_CARD, "1234567890"], id="bank-card"),
    pytest.param(BANK_CARD_GROUPED, [BANK_CARD_GROUPED, "0212 3456"], id="bank-card-grouped"),
    pytest.param("6222-0212-3456-7890-123", ["0212-3456"], id="bank-card-dashes"),
]


class Captured:
    """The log file and stderr, as a technician would read them."""

    def __init__(self, log_dir: Path, stderr: io.StringIO) -> None:
        self.log_dir = log_dir
        self.stderr = stderr

    def outputs(self) -> dict[str, str]:
        return {"file": (self.log_dir / "kiosk.log").read_text(encoding="utf-8"), "stderr": self.stderr.getvalue()}

    def assert_clean(self, forbidden: list[str], expected: list[str]) -> None:
        for where, text in self.outputs().items():
            for value in forbidden:
                assert value not in text, f"{value!r} leaked into {where}: {text!r}"
            for part in expected:
                assert part in text, f"{part!r} missing from {where}: {text!r}"


@pytest.fixture
def captured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Captured]:
    """Logging as the kiosk installs it; its stderr handler writes to a buffer put in place of sys.stderr."""
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    root = logging.getLogger()
    level = root.level
    init_logging(tmp_path / "logs", "DEBUG")
    try:
        yield Captured(tmp_path / "logs", stderr)
    finally:
        init_logging(None, stderr=False)
        root.setLevel(level)
        forget_personal_values()


@pytest.fixture(autouse=True)
def forget_afterwards() -> Iterator[None]:
    yield
    forget_personal_values()


# -- shaped values -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "forbidden"), SHAPED)
def test_a_shaped_value_in_the_message_is_redacted(captured: Captured, value: str, forbidden: list[str]) -> None:
    logging.getLogger("kiosk.app").info(f"card read: number={value} (reader 2)")
    captured.assert_clean(forbidden, ["kiosk.app: card read: number=", REDACTED, "(reader 2)"])


@pytest.mark.parametrize(("value", "forbidden"), SHAPED)
def test_a_shaped_value_in_the_arguments_is_redacted(captured: Captured, value: str, forbidden: list[str]) -> None:
    logging.getLogger("kiosk.session").warning("contact %s for application %d", value, 7)
    captured.assert_clean(forbidden, ["WARNING kiosk.session: contact ", "for application 7"])


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
def test_every_level_is_redacted(captured: Captured, level: int) -> None:
    logging.getLogger("kiosk.store").log(level, "id %s mobile %s", ID_18, "13807310000")
    captured.assert_clean([ID_18, "13807310000"], [f"{logging.getLevelName(level)} kiosk.store: id "])


# -- registered free-text values -----------------------------------------------------------------------------


def test_the_registered_name_and_address_are_redacted(captured: Captured) -> None:
    register_personal_values(resident().personal_values())
    log = logging.getLogger("kiosk.session")
    log.info(f"printing for {NAME} of {ADDRESS}")
    log.info("mailing to %s, addressee %s", ADDRESS, NAME)
    log.info("%(who)s lives at %(where)s", {"who": NAME, "where": ADDRESS})
    captured.assert_clean(
        [NAME, ADDRESS, "麓山南路", ID_18], ["printing for ", " of ", "mailing to ", "addressee", "lives at"]
    )


def test_a_registered_value_is_matched_without_its_surrounding_spaces(captured: Captured) -> None:
    register_personal_values([f"  {NAME} \n"])
    logging.getLogger("kiosk.session").info("name typed: %s.", NAME)
    captured.assert_clean([NAME], ["name typed: "])


def test_one_character_values_are_not_registered() -> None:
    register_personal_values(["F", " ", "男"])
    assert redact("sex F 男") == "sex F 男"


def test_values_in_an_exception_traceback_are_redacted(captured: Captured) -> None:
    register_personal_values(resident().personal_values())
    log = logging.getLogger("kiosk.app")
    try:
        try:
            raise KeyError(f"no household for {ID_18}")
        except KeyError as cause:
            raise ValueError(f"cannot serve {NAME} at {ADDRESS}, call 138-0731-0000") from cause
    except ValueError:
        log.exception("lookup failed for %s", ID_18_X)
    captured.assert_clean(
        [NAME, ADDRESS, ID_18, ID_18_X, "0731-0000"],
        [
            "lookup failed for ",
            "Traceback (most recent call last)",
            "ValueError: cannot serve ",
            "KeyError: 'no household",
        ],
    )


def test_values_in_exc_info_of_a_warning_are_redacted(captured: Captured) -> None:
    try:
        raise RuntimeError(f"printer jammed on card {BANK_CARD}")
    except RuntimeError:
        logging.getLogger("devices.printers").warning("print failed", exc_info=True)
    captured.assert_clean([BANK_CARD], ["print failed", "RuntimeError: printer jammed on card "])


def test_a_third_party_logger_is_redacted_too(captured: Captured) -> None:
    register_personal_values([NAME])
    logging.getLogger("urllib3.connectionpool").debug("POST /v1/applications?name=%s&id=%s", NAME, ID_18)
    logging.getLogger("sqlalchemy.engine.Engine").warning("[parameters: ('%s', '%s')]", ADDRESS, "13807310000")
    captured.assert_clean(
        [NAME, ID_18, "13807310000"], ["urllib3.connectionpool: POST /v1/applications?name=", "[parameters: ("]
    )


def test_operational_numbers_are_not_redacted(captured: Captured) -> None:
    """Over-redaction would blind the technician: application numbers, times and counts stay."""
    line = (
        "application HN-CS-0001-20261121-0001 item HN-CS-0001-20261121-0001-03 queued at 2026-11-21 10:00:00, "
        "attempt 12, postal code 410000, uuid 0b5e8a2c-3c1d-4e3a-9a51-2f1e0c8b7d64, HTTP 422"
    )
    logging.getLogger("kiosk.sync").info(line)
    captured.assert_clean([REDACTED], [line])


def test_forgotten_values_are_no_longer_redacted(captured: Captured) -> None:
    """The registry is emptied at the end of a visit, so it does not grow without end."""
    log = logging.getLogger("kiosk.session")
    register_personal_values(resident().personal_values())
    log.info("first visit: %s", NAME)
    captured.assert_clean([NAME], ["first visit: " + REDACTED])
    forget_personal_values()
    assert redact(NAME) == NAME
    log.info("after the visit: %s", NAME)
    for text in captured.outputs().values():
        assert f"after the visit: {NAME}" in text
    # Shaped values need no registration: they are redacted whoever's they are.
    assert redact(ID_18) == REDACTED


def test_redaction_does_not_depend_on_the_handler() -> None:
    """The filter alone, as installed on every handler, including ones added later."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("test.isolated")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("id %s", ID_15)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert stream.getvalue() == f"id {REDACTED}\n"


# -- property: any valid resident ID number ------------------------------------------------------------------

REGIONS = ["110101", "310104", "430102", "430104", "440305", "500103", "650102", "810000"]
DELIMITERS = [" ", "=", ":", "：", "，", "(", ")", "\n", "身份证", "号码", "'", '"', "/", "\t"]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(REGIONS))
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    number = resident_id(first17)
    return number.lower() if draw(st.booleans()) else number


@given(
    number=resident_ids(),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    left=st.sampled_from(DELIMITERS),
    right=st.sampled_from(DELIMITERS),
)
def test_any_valid_resident_id_in_any_text_is_redacted(
    number: str, before: str, after: str, left: str, right: str
) -> None:
    record = logging.LogRecord("any", logging.INFO, __file__, 1, "%s", (before + left + number + right + after,), None)
    assert PersonalDataFilter().filter(record)
    line = logging.Formatter("%(message)s").format(record)
    assert number not in line
    assert number.upper() not in line
    assert REDACTED in line


def test_bare_numbers_typed_as_answers_do_not_blank_the_log() -> None:
    register_personal_values(["50", "3200", "2026", "李晓梅"])
    try:
        assert (
            redact("HTTP 500 for HN-DEMO-01-20261121-0001, 3200 g") == "HTTP 500 for HN-DEMO-01-20261121-0001, 3200 g"
        )
        assert redact("李晓梅 came") == "[redacted] came"
    finally:
        forget_personal_values()

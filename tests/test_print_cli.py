"""`kiosk documents sample`, `print-test`, `prints` and `reprint`, as staff and technicians run them."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid as uuidlib
from pathlib import Path

import pytest

from kiosk.documents.samples import SAMPLE_CODE, SAMPLE_NUMBER, sample_receipt
from kiosk.session import receipt_to_json
from kiosk.store import Store
from tests.helpers.pdf import pdf_text, qr_of, run, tool
from tests.test_cli import assert_one_line_error
from tests.test_cli import run as kiosk
from tests.test_printers import cups_pdf_output

MM = 72 / 25.4


def page_size_mm(pdf: Path) -> tuple[int, int]:
    info = run(tool("pdfinfo"), pdf)
    found = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info)
    assert found, info
    return round(float(found.group(1)) / MM), round(float(found.group(2)) / MM)


@pytest.mark.parametrize("kind", ["receipt", "receipt-80mm"])
def test_sample_receipts(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    result = kiosk(["documents", "sample", "--kind", kind, "--out", str(out)])
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    for expected in ("办件凭证", "新生儿出生一件事", SAMPLE_NUMBER, SAMPLE_CODE, "不收取任何费用"):
        assert expected in text, expected
    width, height = page_size_mm(out)
    assert (width, height) == (210, 297) if kind == "receipt" else (width == 80 and height > 150)
    assert qr_of(out, tmp_path).endswith(f"/v1/status/{SAMPLE_NUMBER}/{SAMPLE_CODE}")


@pytest.mark.parametrize(("kind", "title", "size"), [
    (None, "出生登记证明", (210, 297)),
    ("retirement_approval", "退休审批通知书", (210, 297)),
    ("business_licence", "营业执照", (297, 210)),
])
def test_sample_certificates(kind: str | None, title: str, size: tuple[int, int], tmp_path: Path) -> None:
    out = tmp_path / "certificate.pdf"
    result = kiosk(["documents", "sample", "--kind", "certificate", "--out", str(out),
                    *(["--type", kind] if kind else [])])
    assert result.returncode == 0, result.stderr
    assert page_size_mm(out) == size
    assert title in pdf_text(out)
    assert qr_of(out, tmp_path).endswith("/v1/certificates/verify/HN-2026-00000123/Q4MZ8KXP")


def test_sample_of_an_unknown_kind_is_one_line(tmp_path: Path) -> None:
    result = kiosk(["documents", "sample", "--kind", "passport", "--out", str(tmp_path / "p.pdf")])
    assert_one_line_error(result, "passport", "receipt-80mm")


def test_sample_of_an_unknown_certificate_type_is_one_line(tmp_path: Path) -> None:
    result = kiosk(["documents", "sample", "--kind", "certificate", "--type", "diploma", "--out", str(tmp_path / "c")])
    assert_one_line_error(result, "diploma", "birth_registration")


def test_sample_licence(tmp_path: Path) -> None:
    out = tmp_path / "licence.pdf"
    result = kiosk(["documents", "sample", "--kind", "licence", "--out", str(out)])
    assert result.returncode == 0, result.stderr
    assert "居民户口簿" in pdf_text(out)
    assert qr_of(out, tmp_path) == "/v1/licences/verify/household_register/430521203317"


def test_sample_to_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    result = kiosk(["documents", "sample", "--kind", "receipt", "--out", str(tmp_path / "no" / "such" / "r.pdf")])
    assert_one_line_error(result, "cannot write")


def test_print_test_on_the_pdf_printer(tmp_path: Path) -> None:
    env = {"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "state"), "KIOSK_PRINTER_PDF_DIR": str(tmp_path / "prints")}
    result = kiosk(["print-test"], env=env)
    assert result.returncode == 0 and "printed" in result.stdout, result.stdout + result.stderr
    (page,) = (tmp_path / "prints").glob("*.pdf")
    assert "打印测试页" in pdf_text(page)


@pytest.mark.daemons
def test_print_test_through_cups_keeps_the_chinese(tmp_path: Path) -> None:
    queue = os.environ["KIOSK_TEST_CUPS_QUEUE"]
    result = kiosk(["print-test", "--printer", queue], env={"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "s")})
    assert result.returncode == 0 and f"cups:{queue}: printed" in result.stdout, result.stdout
    (job,) = re.findall(r"job (\d+)", result.stdout)
    assert "打印测试页" in pdf_text(cups_pdf_output(job))


def test_failed_print_is_listed_and_reprinted_by_staff(tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = Store(state)
    application = str(uuidlib.uuid4())
    now = dt.datetime.now(dt.UTC)
    store.save_application(uuid=application, number=SAMPLE_NUMBER, package_code="43PCN0009", catalogue_version="1",
                           created_at=now, envelope={"answers": {}}, receipt=receipt_to_json(sample_receipt()))
    store.record_print(application, "receipt", "cups:Hall", "failed", "no_paper", now)
    store.close()
    env = {"KIOSK_STORAGE_STATE_DIR": str(state), "KIOSK_PRINTER_PDF_DIR": str(tmp_path / "prints")}

    due = kiosk(["prints"], env=env)
    assert due.returncode == 0 and SAMPLE_NUMBER in due.stdout and "FAILED (no_paper)" in due.stdout

    again = kiosk(["reprint", SAMPLE_NUMBER], env=env)
    assert again.returncode == 0 and "printed" in again.stdout, again.stdout + again.stderr
    (pdf,) = (tmp_path / "prints").glob("*.pdf")
    assert SAMPLE_NUMBER in pdf_text(pdf)

    after = kiosk(["prints"], env=env)
    assert "nothing to reprint" in after.stdout
    every = kiosk(["prints", "--all"], env=env)
    assert every.stdout.count(SAMPLE_NUMBER) == 2  # the failed job and the reprint

    unknown = kiosk(["reprint", "HN-NOPE-1"], env=env)
    assert unknown.returncode == 1 and "no application HN-NOPE-1" in unknown.stdout

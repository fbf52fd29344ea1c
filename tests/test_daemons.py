"""The test daemons that `make test` starts (tests/daemons.sh) really work.

pcscd with the vpcd driver sees a card from tests/helpers/vcard.py and passes APDUs to it;
cupsd with cups-pdf prints a PDF into KIOSK_TEST_CUPS_OUT. These tests use pcscd and CUPS
through their plain client libraries, so a failure here is about the machine, not the app.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from smartcard import scard

from tests.helpers.vcard import DEFAULT_PORT, VirtualCard, reader_name

pytestmark = pytest.mark.daemons

# A T=1 ATR (JCOP, with a correct TCK) so pcscd negotiates a protocol without fuss.
ATR = bytes.fromhex("3B8A80014A434F503331563233327A")
AID = bytes.fromhex("A000000003101001")
FCI = "湖南政务 kiosk".encode()
SW_OK = b"\x90\x00"
SW_FILE_NOT_FOUND = b"\x6a\x82"

# Bounds for the polling loops: they end early as soon as the state is reached.
STATUS_ROUNDS = 40  # x 250 ms
STATUS_TIMEOUT_MS = 250
JOB_ROUNDS = 600  # x 100 ms


def select(aid: bytes) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid + b"\x00"


def card_handler(apdu: bytes) -> bytes:
    """SELECT by AID answers FCI + 9000 for our AID and 6A82 for any other; the rest 6D00."""
    if apdu[:4] == b"\x00\xa4\x04\x00":
        aid = apdu[5 : 5 + apdu[4]]
        return FCI + SW_OK if aid == AID else SW_FILE_NOT_FOUND
    return b"\x6d\x00"


def check(hresult: int, what: str) -> None:
    assert hresult == scard.SCARD_S_SUCCESS, f"{what}: {scard.SCardGetErrorMessage(hresult)}"


@pytest.fixture
def vpcd_port() -> int:
    return int(os.environ.get("KIOSK_TEST_VPCD_PORT", str(DEFAULT_PORT)))


@pytest.fixture
def context() -> Iterator[Any]:
    hresult, hcontext = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    check(hresult, "SCardEstablishContext (is pcscd running?)")
    yield hcontext
    scard.SCardReleaseContext(hcontext)


def wait_for_state(hcontext: Any, reader: str, wanted: int) -> tuple[int, bytes]:
    """Block on SCardGetStatusChange until the reader's state has a bit of ``wanted``.

    Returns (event state, ATR). Gives up after STATUS_ROUNDS rounds without the state.
    """
    current = scard.SCARD_STATE_UNAWARE
    event = 0
    for _ in range(STATUS_ROUNDS):
        hresult, states = scard.SCardGetStatusChange(hcontext, STATUS_TIMEOUT_MS, [(reader, current)])
        if hresult == scard.SCARD_E_TIMEOUT:
            continue
        check(hresult, "SCardGetStatusChange")
        _, event, atr = states[0]
        if event & wanted:
            return event, bytes(atr)
        current = event & ~scard.SCARD_STATE_CHANGED
    raise AssertionError(f"{reader} never reached state {wanted:#x}; last event state {event:#x}")


def test_pcscd_lists_the_vpcd_readers(context: Any) -> None:
    hresult, readers = scard.SCardListReaders(context, [])
    check(hresult, "SCardListReaders")
    assert "Virtual PCD 00 00" in readers
    assert "Virtual PCD 00 01" in readers


def test_card_insert_transmit_remove(context: Any, vpcd_port: int) -> None:
    reader = reader_name(vpcd_port)
    event, _ = wait_for_state(context, reader, scard.SCARD_STATE_EMPTY | scard.SCARD_STATE_PRESENT)
    assert event & scard.SCARD_STATE_EMPTY, f"{reader} is not empty before the test (another card in it?)"

    card = VirtualCard(atr=ATR, handler=card_handler, port=vpcd_port)
    with card:
        event, atr = wait_for_state(context, reader, scard.SCARD_STATE_PRESENT)
        assert event & scard.SCARD_STATE_PRESENT
        assert atr == ATR

        hresult, hcard, protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        check(hresult, "SCardConnect")
        try:
            assert protocol == scard.SCARD_PROTOCOL_T1
            hresult, response = scard.SCardTransmit(hcard, protocol, list(select(AID)))
            check(hresult, "SCardTransmit")
            assert bytes(response) == FCI + SW_OK

            hresult, response = scard.SCardTransmit(hcard, protocol, list(select(b"\x01\x02\x03\x04\x05")))
            check(hresult, "SCardTransmit")
            assert bytes(response) == SW_FILE_NOT_FOUND
        finally:
            check(scard.SCardDisconnect(hcard, scard.SCARD_UNPOWER_CARD), "SCardDisconnect")

        inserted = [card.inserted]
        card.remove()
        inserted.append(card.inserted)
        assert inserted == [True, False]
        event, _ = wait_for_state(context, reader, scard.SCARD_STATE_EMPTY)
        assert event & scard.SCARD_STATE_EMPTY
        assert not event & scard.SCARD_STATE_PRESENT

    assert card.transcript == [
        (select(AID), FCI + SW_OK),
        (select(b"\x01\x02\x03\x04\x05"), SW_FILE_NOT_FOUND),
    ]
    assert card.errors == []


def test_card_can_be_inserted_again(context: Any, vpcd_port: int) -> None:
    reader = reader_name(vpcd_port)
    card = VirtualCard(atr=ATR, handler=card_handler, port=vpcd_port)
    for _ in range(2):
        with card:
            _, atr = wait_for_state(context, reader, scard.SCARD_STATE_PRESENT)
            assert atr == ATR
        wait_for_state(context, reader, scard.SCARD_STATE_EMPTY)
    assert not card.inserted
    assert [t.name for t in threading.enumerate() if t.name.startswith("VirtualCard")] == []


def make_pdf(path: Path, text: str) -> None:
    from reportlab.lib.pagesizes import A6
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A6)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(20, 200, text)
    pdf.showPage()
    pdf.save()


def test_cups_pdf_queue_prints_a_job(tmp_path: Path) -> None:
    import cups

    queue = os.environ.get("KIOSK_TEST_CUPS_QUEUE", "KioskTestPDF")
    out_dir = Path(os.environ["KIOSK_TEST_CUPS_OUT"])
    conn = cups.Connection()

    printers = conn.getPrinters()
    assert queue in printers
    assert printers[queue]["device-uri"].startswith("cups-pdf:")
    attributes = conn.getPrinterAttributes(queue)
    assert attributes["printer-is-accepting-jobs"] is True
    assert attributes["printer-state"] in (3, 4)  # idle or processing, not stopped (5)

    marker = f"KIOSK DAEMON TEST {os.getpid()}-{tmp_path.name}"
    source = tmp_path / "ticket.pdf"
    make_pdf(source, marker)
    job_id = conn.printFile(queue, str(source), "kiosk daemons test", {})
    assert job_id > 0

    state = 0
    for _ in range(JOB_ROUNDS):
        state = conn.getJobAttributes(job_id, requested_attributes=["job-state"])["job-state"]
        if state >= 7:  # 7 canceled, 8 aborted, 9 completed
            break
        time.sleep(0.1)
    assert state == 9, f"job {job_id} ended in state {state}; see /var/log/cups/error_log"

    outputs = list(out_dir.glob(f"*-job_{job_id}.pdf"))
    assert len(outputs) == 1, f"no single output for job {job_id} in {out_dir}: {sorted(os.listdir(out_dir))}"
    assert outputs[0].read_bytes().startswith(b"%PDF-")

    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext missing: poppler-utils is in installer/debian-packages.txt"
    text = subprocess.run([pdftotext, str(outputs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert marker in text


ROOT = Path(__file__).resolve().parent.parent
PG_STATE = Path("/run/kiosk-test-daemons")


def _cluster_of(checkout: Path) -> Path:
    """Where tests/daemons.sh keeps the cluster of a checkout that the postgres user cannot enter."""
    key = subprocess.run(["cksum"], input=str(checkout).encode(), capture_output=True, check=True).stdout.split()[0]
    return Path(f"/var/tmp/kiosk-test-postgres-{key.decode()}")


def _stop_cluster(cluster: Path) -> None:
    """Stop and remove a cluster that a nested daemons.sh left running for the outer run to stop."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if (cluster / "data" / "postmaster.pid").exists() and bins:
        subprocess.run(["runuser", "-u", "postgres", "--", str(bins[-1]), "stop", "-D", str(cluster / "data"),
                        "-m", "fast", "-s"], cwd="/", capture_output=True, timeout=60, check=False)
    for pid_file in PG_STATE.glob(f"postgres-{cluster.name.rsplit('-', 1)[-1]}.pid"):
        pid_file.unlink()
    shutil.rmtree(cluster, ignore_errors=True)


CHECK_DAEMONS = """
import json, os, sqlalchemy
engine = sqlalchemy.create_engine(os.environ["KIOSK_TEST_POSTGRES_URL"])
with engine.connect() as connection:
    answer = connection.execute(sqlalchemy.text("SELECT 41 + 1")).scalar()
print(json.dumps({"answer": answer, "cups_out": os.environ["KIOSK_TEST_CUPS_OUT"]}))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="tests/daemons.sh needs root")
def test_daemons_run_from_a_copy_in_a_0700_folder() -> None:
    """A clone under /root or in `mktemp -d` is a folder the postgres user cannot enter."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kiosk-0700-"))
    checkout = folder / "kiosk"
    cluster = _cluster_of(checkout)
    try:
        assert folder.stat().st_mode & 0o777 == 0o700
        shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(
            ".git", ".venv", "out", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"))
        entered = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(checkout)], check=False)
        assert entered.returncode != 0, "the postgres user can enter the folder: the test proves nothing"

        run = subprocess.run(["bash", str(checkout / "tests/daemons.sh"), sys.executable, "-c", CHECK_DAEMONS],
                             capture_output=True, text=True, timeout=300, check=False, stdin=subprocess.DEVNULL)
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert result["answer"] == 42
        assert not result["cups_out"].startswith(str(folder))  # cups-pdf writes as the job's user
        log = (checkout / "out/daemons/postgres.log").read_text()
        assert "database system is ready to accept connections" in log
    finally:
        _stop_cluster(cluster)
        shutil.rmtree(folder, ignore_errors=True)

"""The ESC/POS receipt printer against a TCP listener on loopback: the bytes it sends, and what it reports."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageOps

from devices.printers.base import PrinterHealth, PrinterStatus, PrintState
from devices.printers.cups import MESSAGES
from devices.printers.escpos import (
    DOTS,
    PAPER_QUERY,
    DeviceSpec,
    EscposPrinter,
    Mode,
    Roll,
    fit_width,
    parse_device,
    roll_state,
)
from kiosk.documents.receipt import render_receipt
from kiosk.documents.ticket import COLUMNS, Line, columns_for, display_width, ticket_lines, wrap
from kiosk.i18n import Language
from tests.helpers.escpos_listener import PAPER_NEAR_END, PAPER_OK, PAPER_OUT, EscposListener, closed_port
from tests.helpers.pdf import tool
from tests.test_receipt import QR_PAYLOAD, page_sizes, sample_receipt, write

FAST = 0.3  # seconds to wait for a status answer


@dataclasses.dataclass(frozen=True)
class Command:
    name: str  # "text", "LF", or the command's bytes, e.g. "ESC a"
    arg: bytes = b""


_FIXED = {b"\x1b@": ("ESC @", 0), b"\x1c&": ("FS &", 0), b"\x1ba": ("ESC a", 1), b"\x1bE": ("ESC E", 1),
          b"\x1bM": ("ESC M", 1), b"\x1d!": ("GS !", 1), b"\x1bd": ("ESC d", 1), b"\x10\x04": ("DLE EOT", 1)}


def parse(stream: bytes) -> list[Command]:
    """The stream as commands and text runs; any byte this parser does not know fails the test."""
    out: list[Command] = []
    text = bytearray()
    i = 0

    def flush() -> None:
        if text:
            out.append(Command("text", bytes(text)))
            text.clear()

    while i < len(stream):
        two = stream[i:i + 2]
        if two in _FIXED:
            name, size = _FIXED[two]
            flush()
            out.append(Command(name, stream[i + 2:i + 2 + size]))
            i += 2 + size
        elif stream[i:i + 3] == b"\x1d(k":
            flush()
            size = stream[i + 3] + 256 * stream[i + 4]
            out.append(Command("GS ( k", stream[i + 5:i + 5 + size]))
            i += 5 + size
        elif stream[i:i + 3] == b"\x1dv0":
            flush()
            width, height = stream[i + 4] + 256 * stream[i + 5], stream[i + 6] + 256 * stream[i + 7]
            out.append(Command("GS v 0", stream[i + 3:i + 8 + width * height]))
            i += 8 + width * height
        elif two == b"\x1dV":
            flush()
            size = 1 if stream[i + 2] in (0, 1, 48, 49) else 2
            out.append(Command("GS V", stream[i + 2:i + 2 + size]))
            i += 2 + size
        elif stream[i] == 0x0A:
            flush()
            out.append(Command("LF"))
            i += 1
        else:
            assert stream[i] >= 0x20, f"unknown command at byte {i}: {stream[i:i + 8]!r}"
            text.append(stream[i])
            i += 1
    flush()
    return out


def printed_lines(commands: list[Command]) -> list[str]:
    """The text of each line the printer would print: the runs between line feeds, as GB18030."""
    lines, line = [], ""
    for command in commands:
        if command.name == "text":
            line += command.arg.decode("gb18030")
        elif command.name == "LF":
            lines.append(line)
            line = ""
    return lines


def raster(commands: list[Command]) -> Image.Image:
    """The GS v 0 bitmaps stacked, as an image (black ink on white)."""
    blocks = [c.arg for c in commands if c.name == "GS v 0"]
    widths = {b[1] + 256 * b[2] for b in blocks}
    assert widths == {DOTS // 8}, f"raster widths in bytes: {widths}"
    images = []
    for block in blocks:
        height = block[3] + 256 * block[4]
        images.append(Image.frombytes("1", (DOTS, height), block[5:]))
    out = Image.new("1", (DOTS, sum(i.height for i in images)))
    y = 0
    for image in images:
        out.paste(image, (0, y))
        y += image.height
    return Image.eval(out.convert("L"), lambda v: 255 - v)  # 1 in the raster is a black dot


@pytest.fixture
def listener() -> Iterator[EscposListener]:
    with EscposListener() as printer:
        yield printer


def printer_for(listener: EscposListener, mode: Mode = "text") -> EscposPrinter:
    return EscposPrinter(listener.spec, mode, status_timeout_s=FAST, timeout_s=5)


def job_commands(listener: EscposListener, connections: int = 1) -> list[Command]:
    job = listener.connections(connections)[-1]
    assert job.startswith(PAPER_QUERY + b"\x1b@"), "the paper is checked first, then the printer initialised"
    return parse(job[len(PAPER_QUERY):])


# --- text mode ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_mode_sends_the_receipt_in_the_printers_font(listener: EscposListener, lang: Language) -> None:
    receipt = dataclasses.replace(sample_receipt(), verification_code="K7P2QX")
    result = printer_for(listener).print_receipt(receipt, lang)
    assert (result.state, result.reason, result.message) == (PrintState.SENT, "unconfirmed", MESSAGES["unconfirmed"])

    commands = job_commands(listener)
    names = [c.name for c in commands]
    assert names[:2] == ["ESC @", "FS &"], "Chinese mode before any text"
    assert names[-3:] == ["ESC M", "ESC d", "GS V"], "fed, then cut, at the end"

    lines = printed_lines(commands)
    ticket = ticket_lines(receipt, lang)
    assert lines == [line.text for line in ticket.lines]
    flat = re.sub(r"\s+", "", "".join(lines))
    expected = ["YJS-4301-20240513-000123", "K7P2QX", "HN-CS-WC-0007", "430112-RS-2024-118205", "2024-05-22"]
    if lang == "zh":
        expected += ["办件凭证", "望城区政务服务中心", "出生医学证明", "户口登记（新生儿入户）", "父母双方户口簿原件",
                     "父母居民身份证（电子证照）", "可拨打12345热线查询办理进度。", "本次办理不收取任何费用"]
    else:
        expected += ["Applicationreceipt", "Birthofachild(one-stop)", "Nofeeswerecharged"]
    for text in expected:
        assert text in flat, f"{text!r} not printed"

    title = commands.index(Command("text", "办件凭证".encode("gb18030") if lang == "zh" else b"Application receipt"))
    assert Command("GS !", b"\x11") in commands[title - 4:title], "the title is double width and height"
    assert Command("ESC E", b"\x01") in commands[title - 4:title], "and bold"


def test_text_mode_native_qr_code_carries_the_payload(listener: EscposListener) -> None:
    printer_for(listener).print_receipt(sample_receipt(), "zh")
    commands = job_commands(listener)
    qr = [c.arg for c in commands if c.name == "GS ( k"]
    stored = [arg[3:] for arg in qr if arg[:3] == b"1P0"]  # cn=49 (QR), fn=80 (store), m=48
    assert stored == [QR_PAYLOAD.encode()]
    assert qr[-1] == b"1Q0", "printed after it is stored"
    assert b"1A2\x00" in qr, "model 2"


def test_text_mode_opens_a_connection_for_each_job(listener: EscposListener) -> None:
    printer = printer_for(listener)
    assert listener.accepted == 0, "constructing the printer connects to nothing"
    printer.print_receipt(sample_receipt(), "zh")
    printer.print_receipt(sample_receipt(), "en")
    first, second = listener.connections(2)
    assert "办件凭证".encode("gb18030") in first and b"Application receipt" in second


# --- raster mode ----------------------------------------------------------------------------------


def test_raster_mode_sends_the_80mm_pdf_as_a_bitmap(listener: EscposListener, tmp_path: Path) -> None:
    result = printer_for(listener, "raster").print_receipt(sample_receipt(), "zh")
    assert (result.state, result.reason) == (PrintState.SENT, "unconfirmed")
    commands = job_commands(listener)
    assert [c.name for c in commands][-2:] == ["ESC d", "GS V"]
    assert "FS &" not in [c.name for c in commands] and not any(c.name == "text" for c in commands)

    image = raster(commands)
    ((_, height_pt),) = page_sizes(write(tmp_path, render_receipt(sample_receipt(), "zh", "80mm")))
    assert abs(image.height - height_pt / 72 * 203) <= 2, "the page at 203 dpi, one dot per dot"
    ink = image.histogram()[0] / (image.width * image.height)
    assert 0.02 < ink < 0.5, f"{ink:.1%} of the dots are black"
    image.save(tmp_path / "raster.png")
    decoded = subprocess.run([tool("zbarimg"), "--raw", "-q", str(tmp_path / "raster.png")],
                             capture_output=True, text=True, check=True, timeout=60).stdout
    assert decoded.strip() == QR_PAYLOAD


def two_page_a4_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for page in (1, 2):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(72, 700, f"Certificate page {page}")
        canvas.rect(50, 50, A4[0] - 100, A4[1] - 100)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("mode", ["text", "raster"])
def test_a_pdf_is_printed_as_raster_in_either_mode(listener: EscposListener, mode: Mode) -> None:
    result = printer_for(listener, mode).print_pdf(two_page_a4_pdf(), "certificate")
    assert result.state is PrintState.SENT
    commands = job_commands(listener)
    assert [c.name for c in commands].count("GS V") == 2, "each page cut off"
    image = raster(commands)
    expected = 2 * 842 * DOTS / 496  # each A4 page cut to its ink (the 495 pt box) and scaled to 576 dots
    assert abs(image.height - expected) <= 10
    ink = ImageOps.invert(image).getbbox()
    assert ink is not None and ink[0] <= 2 and ink[2] >= DOTS - 2, "the box's sides are both printed"


def test_fit_width_keeps_a_receipts_scale_and_shrinks_a_wide_page() -> None:
    receipt = Image.new("L", (639, 100), 255)  # 80 mm at 203 dpi with 4 mm margins
    receipt.paste(0, (32, 10, 607, 90))
    fitted = fit_width(receipt)
    assert fitted.size == (DOTS, 100)
    ink = ImageOps.invert(fitted.convert("L")).getbbox()
    assert ink is not None and (ink[2] - ink[0], ink[3] - ink[1]) == (575, 80), "all ink kept, not scaled"
    wide = Image.new("L", (1680, 2376), 255)
    wide.paste(0, (100, 100, 1580, 2276))
    assert fit_width(wide).size == (DOTS, round(2376 * DOTS / 1480))
    assert fit_width(Image.new("L", (300, 40), 0)).size == (DOTS, 40)


# --- paper status ---------------------------------------------------------------------------------


def test_paper_out_fails_without_sending_the_job() -> None:
    with EscposListener(paper=PAPER_OUT) as listener:
        printer = printer_for(listener)
        status = printer.status()
        assert (status.health, status.reasons, status.message) == (
            PrinterHealth.ERROR, ("no_paper",), MESSAGES["no_paper"])
        result = printer.print_receipt(sample_receipt(), "zh")
        assert (result.state, result.reason, result.message) == (PrintState.FAILED, "no_paper", MESSAGES["no_paper"])
        assert listener.connections(2) == [PAPER_QUERY, PAPER_QUERY], "nothing but the status query"


def test_paper_near_end_warns_and_still_prints() -> None:
    with EscposListener(paper=PAPER_NEAR_END) as listener:
        printer = printer_for(listener)
        status = printer.status()
        assert (status.health, status.reasons) == (PrinterHealth.WARNING, ("paper_low",))
        assert status.message.zh and status.message.en
        assert printer.print_receipt(sample_receipt(), "zh").state is PrintState.SENT
        assert "办件凭证" in printed_lines(job_commands(listener, 2))[0]


def test_paper_ok_is_ok() -> None:
    with EscposListener(paper=PAPER_OK) as listener:
        assert printer_for(listener).status() == PrinterStatus(PrinterHealth.OK)
        assert listener.connections(1) == [PAPER_QUERY]


def test_a_silent_printer_is_unknown_and_still_gets_the_job() -> None:
    with EscposListener(paper=None) as listener:
        printer = printer_for(listener)
        status = printer.status()
        assert (status.health, status.reasons) == (PrinterHealth.UNKNOWN, ("no_answer",))
        assert "工作人员" in status.message.zh
        result = printer.print_receipt(sample_receipt(), "zh")
        assert (result.state, result.reason) == (PrintState.SENT, "unconfirmed"), "never PRINTED without an answer"
        assert "GS V" in [c.name for c in job_commands(listener, 2)]


@pytest.mark.parametrize(("byte", "state"), [(0x12, "ok"), (0x16, "near_end"), (0x1E, "near_end"),
                                             (0x32, "out"), (0x72, "out"), (0x7E, "out"), (0x00, None),
                                             (0xFF, None), (0x13, None)])
def test_roll_state_bits(byte: int, state: Roll | None) -> None:
    assert roll_state(byte) == state


# --- failures -------------------------------------------------------------------------------------


def test_connection_refused_is_offline() -> None:
    printer = EscposPrinter(f"tcp://127.0.0.1:{closed_port()}", status_timeout_s=FAST, timeout_s=2)
    status = printer.status()
    assert (status.health, status.reasons) == (PrinterHealth.ERROR, ("offline",))
    result = printer.print_receipt(sample_receipt(), "zh")
    assert (result.state, result.reason, result.message) == (PrintState.FAILED, "offline", MESSAGES["offline"])
    assert "工作人员" in result.message.zh and "staff" in result.message.en


@pytest.mark.parametrize("spec", ["usb:0x0416:0x5011", "serial:/dev/ttyKioskNoSuchPort"])
def test_an_absent_local_device_fails_without_an_exception(spec: str) -> None:
    printer = EscposPrinter(spec, status_timeout_s=FAST)
    result = printer.print_receipt(sample_receipt(), "zh")
    # not_found with pyusb/pyserial installed; driver_missing where they are not (this venv)
    assert result.state is PrintState.FAILED and result.reason in ("not_found", "driver_missing")
    assert "工作人员" in result.message.zh and "staff" in result.message.en
    assert printer.status().health is PrinterHealth.ERROR


def test_pdftoppm_missing_fails_before_connecting(listener: EscposListener) -> None:
    printer = EscposPrinter(listener.spec, "raster", status_timeout_s=FAST, pdftoppm="/nonexistent/pdftoppm")
    result = printer.print_receipt(sample_receipt(), "zh")
    assert (result.state, result.reason) == (PrintState.FAILED, "pdftoppm_missing")
    assert result.message.zh and result.message.en
    assert listener.accepted == 0


def test_a_broken_pdf_fails_before_connecting(listener: EscposListener) -> None:
    result = printer_for(listener, "raster").print_pdf(b"%PDF-1.4 not really", "x")
    assert (result.state, result.reason) == (PrintState.FAILED, "render_failed")
    assert listener.accepted == 0


# --- device specs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "parsed"), [
    ("tcp://192.168.1.50", DeviceSpec("tcp", host="192.168.1.50", port=9100)),
    ("tcp://printer.hall.local:9101", DeviceSpec("tcp", host="printer.hall.local", port=9101)),
    ("usb:0x0416:0x5011", DeviceSpec("usb", vendor=0x0416, product=0x5011)),
    ("usb:04b8:0e15", DeviceSpec("usb", vendor=0x04B8, product=0x0E15)),
    ("serial:/dev/ttyUSB0", DeviceSpec("serial", path="/dev/ttyUSB0", baudrate=9600)),
    ("serial:/dev/ttyS1:115200", DeviceSpec("serial", path="/dev/ttyS1", baudrate=115200)),
])
def test_device_specs(spec: str, parsed: DeviceSpec) -> None:
    assert parse_device(spec) == parsed
    assert EscposPrinter(spec).spec == parsed


@pytest.mark.parametrize("spec", ["", "192.168.1.50", "tcp://", "tcp://host:0", "tcp://host:70000", "tcp://host:x",
                                  "tcp://a b", "usb:0416", "usb:0x0416:0x5011:1", "usb:0:0x5011", "usb:zz:0x5011",
                                  "serial:ttyUSB0", "serial:/dev/ttyUSB0:fast", "lpt:/dev/lp0"])
def test_a_bad_device_spec_is_refused_at_construction(spec: str) -> None:
    with pytest.raises(ValueError, match=r"printer device .*expected tcp://HOST\[:PORT\], usb:VID:PID"):
        EscposPrinter(spec)


def test_a_bad_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="printer mode 'pdf'"):
        EscposPrinter("tcp://127.0.0.1", "pdf")  # type: ignore[arg-type]


# --- the ticket -----------------------------------------------------------------------------------


def test_display_width() -> None:
    assert display_width("办件ABC") == 7
    assert display_width("（：）") == 6  # full-width punctuation
    assert display_width("·") == 2  # ambiguous: printed from the Hanzi font
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_wrap() -> None:
    assert wrap("一" * 30, 48) == ["一" * 24, "一" * 6]
    assert wrap("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert wrap("x" * 100, 48) == ["x" * 48, "x" * 48, "x" * 4]
    assert wrap("一" * 24 + "，", 48) == ["一" * 23, "一，"], "no line starts with a comma"
    assert wrap("可拨打12345热线", 10) == ["可拨打", "12345热线"]
    assert wrap("  ", 48) == [] and wrap("", 48) == []
    assert wrap("a\x1bb\nc", 48) == ["a b c"], "no control character reaches the printer"


@given(st.text(alphabet=st.sampled_from("ab 1-，。（）办件凭证望城区 "), max_size=200), st.integers(4, 60))
def test_wrap_fits_and_keeps_every_character(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    assert all(0 < display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("submitted", [True, False])
def test_ticket_lines_fit_the_roll_and_say_what_the_pdf_says(lang: Language, submitted: bool) -> None:
    receipt = sample_receipt(submitted=submitted)
    ticket = ticket_lines(receipt, lang)
    assert ticket.columns == COLUMNS and ticket.qr_payload == QR_PAYLOAD
    for line in ticket.lines:
        assert display_width(line.text) <= columns_for(line.style), line
    assert ticket.lines[0] == Line("办件凭证" if lang == "zh" else "Application receipt", "title", "centre")
    assert Line("YJS-4301-20240513-000123", "title", "centre") in ticket.lines
    flat = "".join(line.text for line in ticket.lines).replace(" ", "")
    queued = "网络暂时中断" if lang == "zh" else "Thenetworkisdown"
    assert (queued in flat) is not submitted
    for item in receipt.items:
        assert item.name(lang).replace(" ", "") in flat and item.number in flat
    assert 0 < ticket.qr_at < len(ticket.lines)


def test_ticket_without_materials_says_none() -> None:
    receipt = dataclasses.replace(sample_receipt(), to_bring=(), no_need_to_bring=())
    texts = [line.text for line in ticket_lines(receipt, "zh").lines]
    assert texts.count("无") == 2

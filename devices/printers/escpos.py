"""An ESC/POS thermal receipt printer (80 mm roll) on the network, USB or a serial port, via python-escpos.

Two modes. ``text`` prints the receipt with the printer's own Chinese font (GB18030 bytes in
Chinese mode, FS &) and a native QR code (GS ( k). ``raster`` prints the 80 mm PDF as a 576-dot
bitmap (GS v 0), for printers without a Chinese font ROM; any PDF (a certificate) goes this way.

Each call opens its own connection and closes it after. A network or serial printer is asked for
its paper roll sensor (DLE EOT 4) before a job: with no paper nothing is sent.

Why a sent job is SENT, never PRINTED: ESC/POS has no job completion. DLE EOT is a real-time
command, answered as soon as it arrives, ahead of the data still in the printer's buffer, so an
answer after the cut says nothing about paper that came out. The UI asks the citizen instead.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PIL import Image, ImageOps

from devices.printers.base import Printer, PrinterHealth, PrinterStatus, PrintResult, PrintState
from devices.printers.messages import MESSAGES
from kiosk.documents.ticket import Ticket, ticket_lines
from kiosk.i18n import Language, Text

if TYPE_CHECKING:
    from kiosk.documents.model import Paper, Receipt

log = logging.getLogger(__name__)

Mode = Literal["text", "raster"]
Roll = Literal["ok", "near_end", "out"]
DOTS, DPI = 576, 203  # 72 mm printable width at 203 dpi
PROFILE = "TM-T20II"  # a python-escpos profile with 576 dots, a full cut and native QR codes
DEFAULT_PORT, DEFAULT_BAUD = 9100, 9600
SPEC_FORMATS = "tcp://HOST[:PORT], usb:VID:PID (hex, e.g. usb:0x0416:0x5011) or serial:/dev/DEVICE[:BAUD]"
QR_MODULE_DOTS = 7
CLIP = 8  # dots of ink (1 mm) that fit_width may cut off rather than scale the page
CHUNK = 4096  # the send timeout applies per chunk: a slow printer is fine, a stuck one is not

ESC, GS, FS, DLE = b"\x1b", b"\x1d", b"\x1c", b"\x10"
INIT, CHINESE = ESC + b"@", FS + b"&"
PAPER_QUERY = DLE + b"\x04\x04"  # DLE EOT 4: the paper roll sensor
_ALIGN = {"left": ESC + b"a\x00", "centre": ESC + b"a\x01"}
_STYLE = {  # emphasis (ESC E), size (GS !), font (ESC M: font B narrows Latin only)
    "title": ESC + b"E\x01" + GS + b"!\x11" + ESC + b"M\x00",
    "bold": ESC + b"E\x01" + GS + b"!\x00" + ESC + b"M\x00",
    "normal": ESC + b"E\x00" + GS + b"!\x00" + ESC + b"M\x00",
    "small": ESC + b"E\x00" + GS + b"!\x00" + ESC + b"M\x01",
}

_MESSAGE_OF = {  # our reasons with no sentence of their own in the CUPS table
    "driver_missing": "printer_error", "timeout": "write_failed", "pdftoppm_missing": "write_failed",
    "render_failed": "write_failed", "no_answer": "unknown_state", "no_status": "unknown_state",
}


def message(reason: str) -> Text:
    return MESSAGES.get(reason) or MESSAGES[_MESSAGE_OF.get(reason, "printer_error")]


class _Failure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- the device spec ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeviceSpec:
    kind: Literal["tcp", "usb", "serial"]
    host: str = ""
    port: int = DEFAULT_PORT
    vendor: int = 0
    product: int = 0
    path: str = ""
    baudrate: int = DEFAULT_BAUD

    @property
    def two_way(self) -> bool:
        """Whether we read the printer's answers; many USB receipt printers never give any."""
        return self.kind != "usb"


_TCP = re.compile(r"tcp://(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?P<port>\d{1,5}))?/?")
_USB = re.compile(r"usb:(?P<vendor>(?:0x)?[0-9A-Fa-f]{1,4}):(?P<product>(?:0x)?[0-9A-Fa-f]{1,4})")
_SERIAL = re.compile(r"serial:(?P<path>/[^:\s]+)(?::(?P<baud>\d{1,7}))?")


def parse_device(spec: str) -> DeviceSpec:
    """The connection a spec names; ValueError saying what is wrong and what is expected."""
    def bad(why: str) -> ValueError:
        return ValueError(f"printer device {spec!r}: {why}; expected {SPEC_FORMATS}")

    if spec.startswith("tcp:"):
        found = _TCP.fullmatch(spec)
        if not found:
            raise bad("not a host name or IPv4 address with an optional port")
        port = int(found["port"] or DEFAULT_PORT)
        if not 1 <= port <= 65535:
            raise bad("the port must be 1-65535")
        return DeviceSpec("tcp", host=found["host"], port=port)
    if spec.startswith("usb:"):
        found = _USB.fullmatch(spec)
        if not found or 0 in (int(found["vendor"], 16), int(found["product"], 16)):
            raise bad("the vendor and product ids must be non-zero hex numbers")
        return DeviceSpec("usb", vendor=int(found["vendor"], 16), product=int(found["product"], 16))
    if spec.startswith("serial:"):
        found = _SERIAL.fullmatch(spec)
        if not found or int(found["baud"] or DEFAULT_BAUD) == 0:
            raise bad("not an absolute device path with an optional baud rate")
        return DeviceSpec("serial", path=found["path"], baudrate=int(found["baud"] or DEFAULT_BAUD))
    raise bad("unknown kind of connection")


# --- one job's connection -------------------------------------------------------------------------

class _Link:
    """python-escpos's Network, Usb or Serial, opened for one job; failures become a _Failure."""

    def __init__(self, spec: DeviceSpec, timeout_s: float, answer_timeout_s: float) -> None:
        self.spec, self.timeout_s, self.answer_timeout_s = spec, timeout_s, answer_timeout_s
        self.device = self._open()

    def _open(self) -> Any:
        # Imported here: python-escpos sets up logging and loads its printer profiles on import.
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Network, Serial, Usb

        spec = self.spec
        if (spec.kind == "usb" and not Usb.is_usable()) or (spec.kind == "serial" and not Serial.is_usable()):
            raise _Failure("driver_missing")  # pyusb or pyserial is not installed
        if spec.kind == "tcp":
            device = Network(spec.host, spec.port, timeout=self.timeout_s, profile=PROFILE)
        elif spec.kind == "usb":
            device = Usb(spec.vendor, spec.product, timeout=int(self.timeout_s * 1000), profile=PROFILE)
        else:
            device = Serial(spec.path, baudrate=spec.baudrate, timeout=self.timeout_s, profile=PROFILE)
        try:
            device.open()
        except (DeviceNotFoundError, OSError) as error:
            raise _Failure("offline" if spec.kind == "tcp" else "not_found") from error
        except (RuntimeError, ValueError) as error:  # e.g. pyusb without a libusb backend
            raise _Failure("driver_missing") from error
        return device

    def send(self, data: bytes) -> None:
        try:
            for start in range(0, len(data), CHUNK):
                self.device._raw(data[start:start + CHUNK])
        except TimeoutError as error:
            raise _Failure("timeout") from error
        except OSError as error:  # socket, pyusb and pyserial errors are all OSErrors
            raise _Failure("write_failed") from error

    def ask_paper(self) -> Roll | None:
        """The paper roll sensor; None when the printer cannot or does not answer in time."""
        if not self.spec.two_way:
            return None
        self.send(PAPER_QUERY)
        states = [roll_state(byte) for byte in self._answer()]
        known = [state for state in states if state is not None]
        return known[-1] if known else None

    def _answer(self) -> bytes:
        port = self.device.device
        try:
            if self.spec.kind == "tcp":
                port.settimeout(self.answer_timeout_s)
                return bytes(port.recv(16))
            port.timeout = self.answer_timeout_s
            return bytes(port.read(1))  # read(1): returns on the first byte, not at the timeout
        except OSError:  # a timeout, or the printer went away: no answer
            return b""
        finally:
            with contextlib.suppress(OSError):
                if self.spec.kind == "tcp":
                    port.settimeout(self.timeout_s)
                else:
                    port.timeout = self.timeout_s

    def close(self) -> None:
        """Closes gracefully: a socket closed with unread answers is reset, which can lose the job's end.
        So: end our side, read until the printer closes its side (at most the answer timeout), then close."""
        if self.spec.kind == "tcp":
            with contextlib.suppress(OSError):
                port = self.device.device
                port.shutdown(socket.SHUT_WR)
                port.settimeout(self.answer_timeout_s)
                deadline = time.monotonic() + self.answer_timeout_s
                while port.recv(4096) and time.monotonic() < deadline:
                    pass
        with contextlib.suppress(Exception):  # nothing left to save: the job is sent or failed
            self.device.close()


def roll_state(byte: int) -> Roll | None:
    """DLE EOT 4's answer: bits 1 and 4 set, 0 and 7 clear; bits 2-3 near end, bits 5-6 paper end."""
    if byte & 0x93 != 0x12:
        return None
    if byte & 0x60:
        return "out"
    return "near_end" if byte & 0x0C else "ok"


# --- jobs -----------------------------------------------------------------------------------------

def _composer() -> Any:
    """A python-escpos printer that only collects bytes: jobs are built whole, then sent."""
    from escpos.printer import Dummy

    return Dummy(profile=PROFILE)


def _encode(text: str) -> bytes:
    """GB18030 covers all of Unicode; lone surrogates and control characters still cannot pass."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return printable.encode("gb18030", errors="replace")


def text_job(ticket: Ticket) -> bytes:
    """The ticket in the printer's Chinese font, its QR code native, then feed and cut."""
    from escpos.constants import QR_ECLEVEL_M

    job = _composer()
    job._raw(INIT + CHINESE)
    for n in range(len(ticket.lines) + 1):
        if n == ticket.qr_at:
            job._raw(_ALIGN["centre"])
            job.qr(ticket.qr_payload, ec=QR_ECLEVEL_M, size=QR_MODULE_DOTS, native=True)
        if n < len(ticket.lines):
            line = ticket.lines[n]
            job._raw(_ALIGN[line.align] + _STYLE[line.style] + _encode(line.text) + b"\n")
    job._raw(_ALIGN["left"] + _STYLE["normal"])
    job.cut()
    return bytes(job.output)


def raster_job(pages: list[Image.Image]) -> bytes:
    """Each page as a GS v 0 bitmap, cut after each page."""
    job = _composer()
    job._raw(INIT)
    for page in pages:
        job.image(page, impl="bitImageRaster")
        job.cut()
    return bytes(job.output)


def fit_width(page: Image.Image) -> Image.Image:
    """A 1-bit image exactly DOTS wide. Blank side margins go first, so an 80 mm page keeps its
    203 dpi scale (639 dots minus 4 mm margins; a box's border may stick out by a dot or two, which
    CLIP allows); a wider page is cut to its ink and scaled down."""
    gray = page.convert("L")
    width, height = gray.size
    ink = ImageOps.invert(gray).point(lambda v: 255 if v >= 128 else 0).getbbox()
    left, right = (ink[0], ink[2]) if ink else (0, width)
    if right - left > DOTS + CLIP:
        gray = gray.crop((left, 0, right, height))
        gray = gray.resize((DOTS, max(1, round(height * DOTS / (right - left)))), Image.Resampling.LANCZOS)
    elif width >= DOTS:
        x0 = min(max((left + right - DOTS) // 2, 0), width - DOTS)
        gray = gray.crop((x0, 0, x0 + DOTS, height))
    else:
        canvas = Image.new("L", (DOTS, height), 255)
        canvas.paste(gray, ((DOTS - width) // 2, 0))
        gray = canvas
    return gray.convert("1", dither=Image.Dither.NONE)


def rasterise(pdf: bytes, pdftoppm: str = "pdftoppm", timeout_s: float = 120) -> list[Image.Image]:
    """Every page of a PDF at 203 dpi with poppler's pdftoppm, each fitted to DOTS."""
    with tempfile.TemporaryDirectory(prefix="kiosk-escpos-") as tmp:
        source, root = Path(tmp, "document.pdf"), Path(tmp, "page")
        source.write_bytes(pdf)
        try:
            subprocess.run([pdftoppm, "-r", str(DPI), "-gray", "-png", str(source), str(root)],
                           capture_output=True, check=True, timeout=timeout_s)
        except OSError as error:
            raise _Failure("pdftoppm_missing") from error
        except subprocess.SubprocessError as error:  # not a PDF we can read, or it took too long
            raise _Failure("render_failed") from error
        files = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        try:
            pages = []
            for file in files:
                with Image.open(file) as image:
                    pages.append(fit_width(image))
        except OSError as error:
            raise _Failure("render_failed") from error
    if not pages:
        raise _Failure("render_failed")
    return pages


# --- the printer ----------------------------------------------------------------------------------

class EscposPrinter(Printer):
    """An 80 mm ESC/POS printer; ``device`` is a spec (SPEC_FORMATS), ``mode`` "text" or "raster"."""

    paper: Paper = "80mm"

    def __init__(self, device: str, mode: Mode = "text", *, name: str | None = None, timeout_s: float = 10.0,
                 status_timeout_s: float = 1.0, pdftoppm: str = "pdftoppm") -> None:
        if mode not in ("text", "raster"):
            raise ValueError(f"printer mode {mode!r}: expected 'text' or 'raster'")
        self.spec = parse_device(device)
        self.mode = mode
        self.name = name or f"escpos:{device}"
        self.timeout_s = timeout_s  # connecting, and each chunk of a job
        self.status_timeout_s = status_timeout_s  # waiting for an answer to DLE EOT
        self.pdftoppm = pdftoppm

    def status(self) -> PrinterStatus:
        try:
            with self._link() as link:
                roll = link.ask_paper()
        except _Failure as failure:
            return PrinterStatus(PrinterHealth.ERROR, (failure.reason,), message(failure.reason))
        if roll is None:  # never OK: no answer proves nothing
            reason = "no_answer" if self.spec.two_way else "no_status"
            return PrinterStatus(PrinterHealth.UNKNOWN, (reason,), message(reason))
        if roll == "out":
            return PrinterStatus(PrinterHealth.ERROR, ("no_paper",), message("no_paper"))
        if roll == "near_end":
            return PrinterStatus(PrinterHealth.WARNING, ("paper_low",), message("paper_low"))
        return PrinterStatus(PrinterHealth.OK)

    def print_receipt(self, receipt: Receipt, lang: Language) -> PrintResult:
        if self.mode == "raster":
            return super().print_receipt(receipt, lang)
        return self._print(lambda: text_job(ticket_lines(receipt, lang)))

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        """Raster in either mode: a PDF has no text for the printer's font."""
        return self._print(lambda: raster_job(rasterise(pdf, self.pdftoppm)))

    def _print(self, compose: Callable[[], bytes]) -> PrintResult:
        try:
            job = compose()  # before connecting: a document that cannot be made leaves the printer alone
            with self._link() as link:
                if link.ask_paper() == "out":
                    raise _Failure("no_paper")
                link.send(job)
        except _Failure as failure:
            log.warning("%s: job not printed (%s)", self.name, failure.reason)
            return PrintResult(PrintState.FAILED, failure.reason, message(failure.reason))
        log.info("%s: %d bytes sent", self.name, len(job))
        return PrintResult(PrintState.SENT, "unconfirmed", MESSAGES["unconfirmed"])

    @contextlib.contextmanager
    def _link(self) -> Iterator[_Link]:
        link = _Link(self.spec, self.timeout_s, self.status_timeout_s)
        try:
            yield link
        finally:
            link.close()

"""A printer that saves each document as a PDF file: for demos, tests and halls without a printer."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from devices.printers.base import Printer, PrinterHealth, PrinterStatus, PrintResult, PrintState
from kiosk.i18n import Text

WRITE_FAILED = Text(
    "文件无法保存，请到窗口请工作人员帮助打印",
    "The document could not be saved. Please ask staff at the counter to print it.",
)
SAVED = Text("文件已保存", "The document has been saved.")
_UNSAFE = re.compile(r"[^\w.-]+")  # \w keeps Chinese letters; drops "/", spaces, control characters
_MAX_STEM = 80


def safe_stem(title: str) -> str:
    """A file name stem from a job title: no path separators, no leading dot, not empty."""
    stem = _UNSAFE.sub("_", title).strip("._")[:_MAX_STEM]
    return stem or "document"


class PdfFilePrinter(Printer):
    """Writes ``<out_dir>/<safe title>.pdf`` atomically (creating the directory), never overwriting."""

    def __init__(self, out_dir: Path, name: str = "pdf-file") -> None:
        self.out_dir = out_dir
        self.name = name

    def status(self) -> PrinterStatus:
        with contextlib.suppress(OSError):
            self.out_dir.mkdir(parents=True, exist_ok=True)
        if self.out_dir.is_dir() and os.access(self.out_dir, os.W_OK | os.X_OK):
            return PrinterStatus(PrinterHealth.OK)
        return PrinterStatus(PrinterHealth.ERROR, ("not_writable",), WRITE_FAILED)

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        try:
            path = self._write(pdf, safe_stem(title))
        except OSError:
            return PrintResult(PrintState.FAILED, "write_failed", WRITE_FAILED)
        return PrintResult(PrintState.PRINTED, message=SAVED, job_ref=path.name, output=path)

    def _write(self, pdf: bytes, stem: str) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".part", dir=self.out_dir)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
                f.flush()
                os.fsync(f.fileno())
            path = self._publish(tmp, stem)
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_dir(self.out_dir)
        return path

    def _publish(self, tmp: Path, stem: str) -> Path:
        """Give the finished file its name; a hard link fails instead of replacing an existing file."""
        for n in range(1, 10_000):
            path = self.out_dir / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
            try:
                os.link(tmp, path)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"no free name for {stem}.pdf in {self.out_dir}")


def _fsync_dir(directory: Path) -> None:
    """Make the new directory entry durable; some file systems cannot, which is fine."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

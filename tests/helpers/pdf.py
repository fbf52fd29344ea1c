"""Reading back what the kiosk printed: poppler's pdftotext and pdftoppm, and zbarimg for QR codes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (apt-get install poppler-utils zbar-tools)")
    return path


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout


def pdf_text(pdf: Path) -> str:
    return run(tool("pdftotext"), pdf, "-")


def qr_of(pdf: Path, tmp_path: Path) -> str:
    """The payload of the QR code on the PDF's first page, rendered at 200 dpi."""
    page = tmp_path / f"{pdf.stem}-qr"
    run(tool("pdftoppm"), "-r", "200", "-png", "-singlefile", pdf, page)
    return run(tool("zbarimg"), "--raw", "-q", page.with_suffix(".png")).strip()

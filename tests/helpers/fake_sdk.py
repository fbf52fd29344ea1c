"""The fake vendor ID-card SDK (tests/fake_sdk/fake_idcard_sdk.c), built with gcc, and the cards it reads.

A card is a file, named by FAKE_IDCARD_CARD, holding the 256-byte UCS-2LE base message and optionally
a BMP photo. The layouts here are written out afresh from the card specification, not imported from
the reader, so a wrong offset in one shows up as a failing test rather than agreeing with itself.
"""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Mapping
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "fake_sdk" / "fake_idcard_sdk.c"
CARD_ENV = "FAKE_IDCARD_CARD"
FAIL_PORT_ENV = "FAKE_IDCARD_FAIL_PORT"
VARIANTS = {"both": (), "cvr": ("-DONLY_CVR",), "sdt": ("-DONLY_SDT",)}

# (first character, length) in the 128-character block, per card type flag.
_RESIDENT = {"name": (0, 15), "sex": (15, 1), "nation": (16, 2), "birth": (18, 8), "address": (26, 35),
             "id_number": (61, 18), "issuer": (79, 15), "valid_from": (94, 8), "valid_until": (102, 8)}
_HMT = {**_RESIDENT, "pass_number": (110, 9), "issue_count": (119, 2)}
_FOREIGN = {"name_latin": (0, 60), "sex": (60, 1), "number": (61, 15), "nationality": (76, 3),
            "name": (79, 15), "valid_from": (94, 8), "valid_until": (102, 8), "birth": (110, 8),
            "version": (118, 2), "authority": (120, 4)}
_LAYOUTS = {" ": _RESIDENT, "J": _HMT, "I": _FOREIGN}

_built: dict[tuple[str, int], Path] = {}


def compile_shared(source: Path, out: Path, *flags: str) -> Path:
    """gcc a C file into a shared library; the compiler's complaint becomes the error."""
    command = ["gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror", *flags, "-o", str(out), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return out


def build_fake_sdk(out_dir: Path, variant: str = "both") -> Path:
    """The fake SDK with both families, or "cvr" or "sdt" only; built once per session and source change."""
    key = (variant, SOURCE.stat().st_mtime_ns)
    if key not in _built or not _built[key].exists():
        _built[key] = compile_shared(SOURCE, out_dir / f"libfake_idcard_{variant}.so", *VARIANTS[variant])
    return _built[key]


def card_block(fields: Mapping[str, str], card_type: str = " ") -> bytes:
    """A base message: each field padded with spaces to its length, the rest spaces, the type flag at 124."""
    chars = [" "] * 128
    chars[124] = card_type
    layout = _LAYOUTS[card_type]
    for key, value in fields.items():
        start, length = layout[key]
        if len(value) > length or any(ord(c) > 0xFFFF for c in value):
            raise ValueError(f"{key} does not fit its {length} UCS-2 characters")
        chars[start:start + length] = value.ljust(length)
    return "".join(chars).encode("utf-16-le")


def sample_bmp(width: int = 102, height: int = 126) -> bytes:
    """A grey 24-bit BMP the size of the card's photo."""
    row = (width * 3 + 3) & ~3
    header = struct.pack("<2sIHHI", b"BM", 54 + row * height, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, row * height, 2835, 2835, 0, 0)
    return header + info + b"\x80" * (row * height)


def insert_card(path: Path, block: bytes, bmp: bytes | None = None) -> None:
    path.write_bytes(block + (bmp or b""))


def remove_card(path: Path) -> None:
    path.unlink(missing_ok=True)

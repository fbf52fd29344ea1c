"""Filesystem checks shared by the store and the launcher."""

from __future__ import annotations

from pathlib import Path


class NotWritable(OSError):
    pass


def probe_writable(directory: Path) -> None:
    """Create the directory if needed and prove a file can be written in it; raise NotWritable if not."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise NotWritable(f"directory {directory} is not writable ({exc.strerror})") from None

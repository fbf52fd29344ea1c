"""What a print job gives: printed, sent or failed, with a reason and what the citizen is told.

Core types, so the visit (kiosk/visit) follows print jobs without knowing the printer backends.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.i18n import Text

NO_MESSAGE = Text("", "")


class PrintState(StrEnum):
    PRINTED = "printed"  # the backend confirmed the job completed
    SENT = "sent"  # accepted, but completion could not be confirmed in time
    FAILED = "failed"


@dataclass(frozen=True)
class PrintResult:
    state: PrintState
    reason: str = ""  # machine-readable, e.g. "paused", "not_found", "timeout"
    message: Text = NO_MESSAGE  # what the citizen is told
    job_ref: str | None = None
    output: Path | None = None  # where a file backend wrote the document

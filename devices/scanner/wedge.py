"""Telling a keyboard-wedge scan from typing, by timing alone.

A wedge scanner "types" a code far faster than a hand can: every character arrives < 50 ms after the last, and
the burst ends in Enter. Anything else (slower keys, a short burst, no Enter) is typing and goes on to its field.
Pure: the caller gives each key's time in milliseconds and replays what is released.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GAP_MS = 50  # a scanner's characters come faster than this; a person's do not
LEAST_CHARS = 8  # shorter bursts (a fast double tap, a key held down) are typing
ENTER = "\r"


@dataclass(frozen=True)
class Verdict:
    """What a key did: ``released`` (typing) goes on to the focused field, in order, before the key itself if
    ``passes``; ``scan`` is a whole code read by the scanner."""

    released: str = ""
    scan: str | None = None
    passes: bool = False  # the key itself is not held: deliver it as it is


@dataclass
class WedgeDecoder:
    """Holds characters while they might be a scan. Feed each key press with ``key``; call ``flush`` when no key has
    come for ``GAP_MS`` (a timer), to release what was held."""

    gap_ms: float = GAP_MS
    least: int = LEAST_CHARS
    held: list[str] = field(default_factory=list)
    last_ms: float | None = None

    def key(self, text: str, at_ms: float) -> Verdict:
        """A key press: ``text`` is its character, ENTER ("\\r" or "\\n") for Enter, "" for a key without text."""
        fast = self.last_ms is not None and at_ms - self.last_ms < self.gap_ms
        if text in (ENTER, "\n"):
            burst = "".join(self.held)
            if fast and len(burst) >= self.least:
                self._reset()
                return Verdict(scan=burst)
            return Verdict(released=self.flush(), passes=True)
        if len(text) != 1 or not text.isprintable():
            return Verdict(released=self.flush(), passes=True)
        released = "" if fast else self.flush()
        self.held.append(text)
        self.last_ms = at_ms
        return Verdict(released=released)

    def flush(self) -> str:
        """Release what is held: it was typing, not a scan."""
        released = "".join(self.held)
        self._reset()
        return released

    def _reset(self) -> None:
        self.held.clear()
        self.last_ms = None

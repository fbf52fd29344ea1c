"""What a command fails with when the fault is not in the program: one line for a person, never a traceback."""

from __future__ import annotations


class SetupError(RuntimeError):
    """Something outside the program is missing or wrong: a display, a daemon, a directory."""

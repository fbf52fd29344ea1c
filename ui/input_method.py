"""Text input goes through the on-screen keyboard (ui.keyboard).

Apart from ui.keyboard, which needs Qt Quick, so that the window's first frame does not wait for it.
"""

from __future__ import annotations

import os


def use_virtual_keyboard() -> None:
    """Route text input through the embedded keyboard; must run before the QApplication exists."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")  # no keyboard window of its own

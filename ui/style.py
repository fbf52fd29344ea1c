"""Themes as data, and the style sheet built from one. Touch targets are sized in millimetres, not pixels.

From the accessibility notes: every target ≥ 12 mm, primary buttons ≥ 20 mm, gaps ≥ 3 mm; capital
letters ≥ 6.1 mm tall at 500 mm (EN 301 549 5.1.4), so no text under 24 px; contrast ≥ 4.5:1, ≥ 7:1 in
high contrast. The elder mode (长辈版) is everything ×1.4, as WeChat's 关怀模式.
"""

from __future__ import annotations

import atexit
import functools
import math
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

WINDOW_SIZE = (1920, 1080)
# The smallest panel a hall terminal has: 21.5" 16:9 at 1920×1080 is 475.97 mm wide, 0.2479 mm a pixel.
# Sizes use it rather than the display's reported DPI (EDID is often missing, offscreen says 100), so a
# target measured in the tour is the same size on the smallest real panel and larger on bigger ones.
MM_PER_PX = 0.2479
FONT_FAMILY = "WenQuanYi Micro Hei"
MIN_TARGET_MM = 12.0
MIN_PRIMARY_MM = 20.0
MIN_TEXT_PX = 24
MIN_ELDER_TEXT_PX = 32
ELDER_SCALE = 1.4
TICK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M4.5 12.5l5 5L19.5 7" fill="none" '
    'stroke="{colour}" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>'
)

ARROW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M4 8l8 8 8-8" fill="none" '
    'stroke="{colour}" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>'
)


@dataclass(frozen=True)
class Theme:
    """One look: its colours (``on_x`` is text drawn on ``x``) and its scale."""

    name: str  # the tour's mode: standard, elder, contrast, elder-contrast
    scale: float
    ink: str
    muted: str
    paper: str
    panel: str
    accent: str  # primary buttons, big numbers
    on_accent: str
    bar: str  # the top bar
    bar_button: str
    on_bar: str
    ok: str
    warn: str
    error: str

    @property
    def elder(self) -> bool:
        return self.scale > 1


STANDARD = Theme(
    "standard",
    1.0,
    ink="#1a1a1a",
    muted="#4a4a4a",
    paper="#ffffff",
    panel="#f3f1ee",
    accent="#b3261e",
    on_accent="#ffffff",
    bar="#b3261e",
    bar_button="#8c1d18",
    on_bar="#ffffff",
    ok="#1b5e20",
    warn="#7a4f00",
    error="#b3261e",
)
CONTRAST = Theme(
    "contrast",
    1.0,
    ink="#ffffff",
    muted="#e0e0e0",
    paper="#000000",
    panel="#1a1a1a",
    accent="#ffd400",
    on_accent="#000000",
    bar="#1f1f1f",
    bar_button="#333333",
    on_bar="#ffff00",
    ok="#8cff8c",
    warn="#ffd400",
    error="#ff9a8c",
)
ELDER = replace(STANDARD, name="elder", scale=ELDER_SCALE)
ELDER_CONTRAST = replace(CONTRAST, name="elder-contrast", scale=ELDER_SCALE)
THEMES = (STANDARD, ELDER, CONTRAST, ELDER_CONTRAST)


def theme_for(*, elder: bool, contrast: bool) -> Theme:
    return {(False, False): STANDARD, (True, False): ELDER, (False, True): CONTRAST}.get(
        (elder, contrast), ELDER_CONTRAST
    )


def text_pairs(theme: Theme) -> list[tuple[str, str, str]]:
    """Every (what, text colour, background) the style sheet draws, for the contrast check."""
    t = theme
    pairs = [
        ("body", t.ink, t.paper),
        ("primary", t.on_accent, t.accent),
        ("top bar", t.on_bar, t.bar),
        ("top bar button", t.on_bar, t.bar_button),
        ("checked", t.paper, t.ink),
        ("primary disabled", t.on_accent, t.muted),
        ("big number", t.accent, t.paper),
    ]
    for background in (t.paper, t.panel):
        pairs += [
            ("muted", t.muted, background),
            ("error", t.error, background),
            ("badge", t.ok, background),
            ("warning", t.warn, background),
            ("panel text", t.ink, background),
        ]
    return pairs


def mm(value: float) -> int:
    """Pixels for ``value`` mm, rounded up: a 12 mm target is never 11.9."""
    return math.ceil(value / MM_PER_PX)


@functools.cache
def _style_folder() -> Path:
    """This process's own folder for the images the style sheet names, gone when it exits."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-style-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def tick_image(colour: str) -> str:
    """A tick drawn in ``colour``, as a file: a style sheet's ``url()`` names files and resources, not data."""
    return _drawn("tick", TICK_SVG, colour)


def arrow_image(colour: str) -> str:
    """A list's down arrow, large enough to say "tap to choose"."""
    return _drawn("arrow", ARROW_SVG, colour)


def _drawn(name: str, svg: str, colour: str) -> str:
    path = _style_folder() / f"{name}-{colour.lstrip('#')}.svg"
    if not path.exists():
        path.write_text(svg.format(colour=colour), encoding="utf-8")
    return path.as_posix()


def style_sheet(theme: Theme = STANDARD) -> str:
    """The whole app's style in ``theme``."""
    t, scale = theme, theme.scale
    body = mm(6.5 * scale)
    title = mm(11 * scale)
    large = mm(7 * scale)
    target = mm(14 * scale)
    primary = mm(20 * scale)
    return f"""
    QWidget {{ background: {t.paper}; color: {t.ink}; font-family: "{FONT_FAMILY}"; font-size: {body}px; }}
    QLabel[centre="true"] {{ qproperty-alignment: AlignCenter; }}
    QLabel[role="title"] {{ font-size: {title}px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QLabel[role="error"] {{ color: {t.error}; font-weight: bold; }}
    QLabel[role="badge"] {{ color: {t.ok}; }}
    QLabel[role="warning"] {{ color: {t.warn}; font-weight: bold; }}
    QLabel[role="big-number"] {{ font-size: {title}px; font-weight: bold; color: {t.accent}; }}
    QFrame[role="panel"] {{ background: {t.panel}; border-radius: {mm(2)}px; }}
    QFrame[role="panel"] QLabel {{ background: {t.panel}; }}
    QFrame[role="topbar"], QFrame[role="topbar"] QLabel {{ background: {t.bar}; color: {t.on_bar}; }}
    QPushButton {{
        min-height: {target}px; min-width: {target}px; font-size: {large}px; color: {t.ink};
        padding: 0 {mm(5)}px; border: 2px solid {t.ink}; border-radius: {mm(2)}px; background: {t.paper};
    }}
    QPushButton:checked {{ background: {t.ink}; color: {t.paper}; }}
    QPushButton:disabled {{ color: {t.muted}; border-color: {t.muted}; }}
    QPushButton[role="primary"] {{
        min-height: {primary}px; background: {t.accent}; color: {t.on_accent}; border: none; font-weight: bold;
    }}
    QPushButton[role="primary"]:disabled {{ background: {t.muted}; }}
    QPushButton[role="package"] {{ text-align: left; padding: {mm(3)}px {mm(5)}px; min-height: {primary}px; }}
    QFrame[role="topbar"] QPushButton {{ border-color: {t.on_bar}; color: {t.on_bar}; background: {t.bar_button}; }}
    QFrame[role="topbar"] QPushButton:checked {{ background: {t.on_bar}; color: {t.bar_button}; }}
    QFrame#top-more-panel {{ background: {t.bar}; border-top: 2px solid {t.on_bar}; }}
    QFrame#assist-banner, QFrame#assist-banner QLabel {{ background: {t.panel}; color: {t.ink}; font-weight: bold; }}
    QFrame#assist-banner {{ border-radius: {mm(2)}px; margin-top: {mm(2)}px; }}
    QFrame#assist-banner QPushButton {{ background: {t.paper}; color: {t.ink}; border-color: {t.ink}; }}
    QPushButton[role="discreet"] {{
        min-height: {mm(MIN_TARGET_MM * scale)}px; min-width: {mm(MIN_TARGET_MM * scale)}px; font-size: {body}px;
        color: {t.muted}; border: 1px solid {t.muted}; padding: 0 {mm(3)}px;
    }}
    QLabel[role="ticket-number"] {{ font-size: {mm(30 * scale)}px; font-weight: bold; color: {t.accent}; }}
    QLineEdit {{
        min-height: {target}px; font-size: {large}px; padding: 0 {mm(2)}px;
        border: 2px solid {t.ink}; border-radius: {mm(1.5)}px; placeholder-text-color: {t.muted};
    }}
    QLineEdit[invalid="true"] {{ border: 3px solid {t.error}; }}
    QLineEdit:read-only {{ background: {t.panel}; }}
    QCheckBox {{ font-size: {large}px; spacing: {mm(4)}px; min-height: {target}px; }}
    QCheckBox::indicator {{
        width: {mm(12 * scale)}px; height: {mm(12 * scale)}px;
        border: 3px solid {t.ink}; border-radius: {mm(1)}px; background: {t.paper};
    }}
    QCheckBox::indicator:checked {{ background: {t.ink}; image: url({tick_image(t.paper)}); }}
    QComboBox {{
        min-height: {target}px; font-size: {large}px; padding: 0 {mm(2)}px;
        border: 2px solid {t.ink}; border-radius: {mm(1.5)}px; placeholder-text-color: {t.muted};
    }}
    QComboBox QAbstractItemView {{
        font-size: {large}px; selection-background-color: {t.ink}; selection-color: {t.paper};
        border: 2px solid {t.ink};  /* the open list stands out from the form, in high contrast too */
    }}
    QComboBox {{ combobox-popup: 0; }}  /* a list with a scroll bar, not a menu that scrolls on hover */
    QComboBox::drop-down {{ width: {mm(10 * scale)}px; border: none; }}
    QComboBox::down-arrow {{ image: url({arrow_image(t.ink)}); width: {mm(5 * scale)}px; height: {mm(5 * scale)}px; }}
    QComboBox::down-arrow:disabled {{ image: none; }}
    QComboBox QAbstractItemView::item {{ min-height: {target}px; padding: 0 {mm(2)}px; }}
    QComboBox[invalid="true"] {{ border: 3px solid {t.error}; }}
    QComboBox:disabled {{ background: {t.panel}; color: {t.ink}; }}
    QScrollArea {{ border: none; }}
    QScrollBar:vertical {{ width: {mm(MIN_TARGET_MM)}px; background: {t.panel}; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {t.muted}; min-height: {mm(20)}px; border-radius: {mm(2)}px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollBar:horizontal {{ height: {mm(MIN_TARGET_MM)}px; background: {t.panel}; margin: 0; }}
    QScrollBar::handle:horizontal {{ background: {t.muted}; min-width: {mm(20)}px; border-radius: {mm(2)}px; }}
    QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {{ width: 0; }}
    """

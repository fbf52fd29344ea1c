"""Sizes and the style sheet. Touch targets are sized in millimetres, not pixels.

From the accessibility notes: every target ≥ 12 mm, primary buttons ≥ 20 mm, gaps ≥ 3 mm;
capital letters ≥ 6.1 mm tall at 500 mm (EN 301 549 5.1.4), contrast ≥ 4.5:1.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

WINDOW_SIZE = (1920, 1080)
INK = "#1a1a1a"
MUTED = "#4a4a4a"  # 8.9:1 on white
PAPER = "#ffffff"
ACCENT = "#b3261e"  # 6.5:1 with white text
ACCENT_DARK = "#8c1d18"
OK = "#1b5e20"
WARN = "#7a4f00"
PANEL = "#f3f1ee"
FONT_FAMILY = "WenQuanYi Micro Hei"


def px_per_mm() -> float:
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    return max(dpi, 72.0) / 25.4


def mm(value: float) -> int:
    return round(value * px_per_mm())


def style_sheet(scale: float = 1.0) -> str:
    """The whole app's style. ``scale`` enlarges text and targets (elder mode uses 1.4)."""
    body = mm(6.5 * scale)
    title = mm(11 * scale)
    button = mm(7 * scale)
    target = mm(14 * scale)
    primary = mm(20 * scale)
    return f"""
    QWidget {{ background: {PAPER}; color: {INK}; font-family: "{FONT_FAMILY}"; font-size: {body}px; }}
    QLabel[centre="true"] {{ qproperty-alignment: AlignCenter; }}
    QLabel[role="title"] {{ font-size: {title}px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="error"] {{ color: {ACCENT}; font-weight: bold; }}
    QLabel[role="badge"] {{ color: {OK}; font-size: {round(body * 0.8)}px; }}
    QLabel[role="warning"] {{ color: {WARN}; font-weight: bold; }}
    QLabel[role="big-number"] {{ font-size: {title}px; font-weight: bold; color: {ACCENT}; }}
    QFrame[role="panel"] {{ background: {PANEL}; border-radius: {mm(2)}px; }}
    QFrame[role="panel"] QLabel {{ background: {PANEL}; }}
    QFrame[role="topbar"], QFrame[role="topbar"] QLabel {{ background: {ACCENT}; color: white; }}
    QPushButton {{
        min-height: {target}px; min-width: {target}px; font-size: {button}px;
        padding: 0 {mm(5)}px; border: 2px solid {INK}; border-radius: {mm(2)}px; background: {PAPER};
    }}
    QPushButton:checked {{ background: {INK}; color: white; }}
    QPushButton:disabled {{ color: {MUTED}; border-color: {MUTED}; }}
    QPushButton[role="primary"] {{
        min-height: {primary}px; background: {ACCENT}; color: white; border: none; font-weight: bold;
    }}
    QPushButton[role="primary"]:disabled {{ background: {MUTED}; }}
    QPushButton[role="package"] {{ text-align: left; padding: {mm(3)}px {mm(5)}px; min-height: {primary}px; }}
    QFrame[role="topbar"] QPushButton {{ border-color: white; color: white; background: {ACCENT_DARK}; }}
    QLineEdit {{
        min-height: {target}px; font-size: {button}px; padding: 0 {mm(2)}px;
        border: 2px solid {INK}; border-radius: {mm(1.5)}px;
    }}
    QLineEdit[invalid="true"] {{ border: 3px solid {ACCENT}; }}
    QLineEdit:read-only {{ background: {PANEL}; }}
    QCheckBox {{ font-size: {button}px; spacing: {mm(4)}px; }}
    QComboBox {{
        min-height: {target}px; font-size: {button}px; padding: 0 {mm(2)}px;
        border: 2px solid {INK}; border-radius: {mm(1.5)}px;
    }}
    QComboBox QAbstractItemView {{ font-size: {button}px; }}
    QCheckBox::indicator {{ width: {mm(10)}px; height: {mm(10)}px; }}
    QScrollArea {{ border: none; }}
    QScrollBar:vertical {{ width: {mm(8)}px; background: {PANEL}; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {MUTED}; min-height: {mm(20)}px; border-radius: {mm(2)}px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    """

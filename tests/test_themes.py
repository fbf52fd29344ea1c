"""Themes, the elder mode (长辈版) and high contrast: contrast from the colours, sizes from the real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QGridLayout, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from kiosk.visit.states import State
from tests.test_ui import MOTHER, build, find, insert_card, visible_texts
from ui.demo import DEMO_PACKAGE, Journey, demo_answers
from ui.root import Kiosk, application
from ui.sizes import size_problems
from ui.style import CONTRAST, ELDER, ELDER_CONTRAST, MM_PER_PX, STANDARD, THEMES, Theme, mm, style_sheet, text_pairs


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_luminance_formula_matches_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_text_colour_of_every_theme_is_readable(theme: Theme) -> None:
    least = 7.0 if theme in (CONTRAST, ELDER_CONTRAST) else 4.5
    low = {what: round(contrast(fg, bg), 2) for what, fg, bg in text_pairs(theme) if contrast(fg, bg) < least}
    assert low == {}


def test_the_elder_mode_is_larger_by_a_factor_of_1_4() -> None:
    assert ELDER.scale == 1.4
    assert f"font-size: {mm(6.5 * 1.4)}px" in style_sheet(ELDER)
    assert mm(6.5 * 1.4) >= 32 and mm(6.5) >= 24  # body text, at 1080p on the smallest panel
    assert mm(20 * 1.4) * MM_PER_PX >= 20  # primary buttons


def test_the_size_check_finds_small_targets_and_small_text(qtbot: QtBot) -> None:
    application()
    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    small = QPushButton("OK")
    small.setObjectName("small")
    small.setStyleSheet(f"min-height: 0; max-height: {mm(10)}px; font-size: 21px;")
    disabled = QPushButton("later")
    disabled.setStyleSheet(f"max-height: {mm(10)}px; min-height: 0;")
    disabled.setEnabled(False)
    pledge = QCheckBox("I confirm")
    pledge.setObjectName("pledge")
    for widget in (small, disabled, pledge):
        column.addWidget(widget)
    root.resize(1200, 600)
    root.show()
    problems = size_problems(root, STANDARD)
    assert any(p.startswith("small: a ") and p.endswith(" mm target") for p in problems), problems
    assert "small: 21 px text" in problems
    assert not any(p.startswith("pledge") for p in problems)  # the style sheet makes check boxes 14 mm
    assert not any("later" in p and "target" in p for p in problems)  # a disabled button is not a target


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    yield from build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}")  # nothing listens there


def tap(qtbot: QtBot, root: QWidget, name: str) -> None:
    qtbot.mouseClick(find(root, QAbstractButton, name), Qt.MouseButton.LeftButton)


def test_an_elder_mode_visit_is_larger_voiced_and_over_when_the_visit_ends(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    tap(qtbot, window, "home-elder")  # the entry on the home screen
    assert window.ctx.elder and window.ctx.voice and not window.ctx.high_contrast
    assert app.styleSheet() == style_sheet(ELDER)
    assert find(window, QAbstractButton, "toggle-elder").isChecked()
    assert size_problems(window, ELDER) == []

    insert_card(qtbot, kiosk, MOTHER)
    assert window.ctx.elder  # it lasts for the visit
    Journey(kiosk, Path(".")).click("identity-continue")
    qtbot.waitUntil(lambda: window.visit.state is State.CHOOSING)
    packages = window.screens["packages"]
    grids = [g for g in packages.findChildren(QGridLayout) if g.count()]
    assert grids and max(g.columnCount() for g in grids) == 2
    item = grids[0].itemAtPosition(0, 0)
    first = item.widget() if item is not None else None
    assert first is not None
    catalogue = kiosk.session.catalogue
    assert catalogue.packages[first.objectName().removeprefix("package-")].fully_modelled
    assert size_problems(window, ELDER) == []

    tap(qtbot, window, "top-more")
    tap(qtbot, window, "toggle-contrast")  # combinable with high contrast, behind 更多
    assert app.styleSheet() == style_sheet(ELDER_CONTRAST)
    tap(qtbot, window, f"package-{DEMO_PACKAGE}")
    assert window.visit.state is State.FORM
    assert size_problems(window, ELDER_CONTRAST) == []

    tap(qtbot, window, "end-session")
    kiosk.devices.reader.remove()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.visit.state is State.HOME)
    modes = (window.ctx.elder, window.ctx.high_contrast, window.ctx.voice)
    assert modes == (False, False, False)  # the next citizen starts over
    assert app.styleSheet() == style_sheet(STANDARD)
    assert not find(window, QAbstractButton, "toggle-elder").isChecked()


def test_high_contrast_switches_from_the_top_bar(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for contrast, theme in ((True, CONTRAST), (False, STANDARD)):
        tap(qtbot, window, "top-more")
        tap(qtbot, window, "toggle-contrast")
        assert (window.ctx.high_contrast, window.ctx.elder) == (contrast, False)
        assert app.styleSheet() == style_sheet(theme)


def test_the_top_bar_keeps_its_title_whole_and_the_rest_one_tap_away_behind_more(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    bar = window.bar
    tap(qtbot, window, "home-elder")
    insert_card(qtbot, kiosk, MOTHER)
    qtbot.waitUntil(lambda: bar.end_button.isVisible())
    for lang in ("zh", "en"):
        window.ctx.lang = lang
        window.redraw()
        qtbot.wait(10)  # the bar's layout follows the new texts
        row = [w for w in bar.findChildren(QPushButton) if w.isVisible()]
        names = ["call-staff", "end-session", "toggle-elder", "top-more", "voice-toggle"]
        assert [w.objectName() for w in sorted(row, key=lambda w: w.x())] == names
        assert bar.title.width() >= bar.title.sizeHint().width()  # never cut; the hall's name gives way
        assert bar.title.text() == ("政务服务自助终端" if lang == "zh" else "Government self-service kiosk")
        assert bar.width() <= window.width()
    behind = ["voice-repeat", "voice-stop", "voice-volume", "toggle-language", "toggle-contrast"]
    tap(qtbot, window, "top-more")
    panel = find(window, QWidget, "top-more-panel")
    assert panel.isVisible() and not panel.isWindow() and panel.geometry().top() >= bar.row.geometry().bottom()
    assert [find(panel, QPushButton, n).isVisible() for n in behind] == [True] * len(behind)
    assert size_problems(window, ELDER) == []
    tap(qtbot, window, "voice-volume")  # stays open: tap again for louder still
    assert panel.isVisible()
    tap(qtbot, window, "voice-repeat")  # any other control closes it
    assert not panel.isVisible()
    tap(qtbot, window, "top-more")
    tap(qtbot, window, "top-more")  # and 更多 again
    assert not panel.isVisible()
    tap(qtbot, window, "top-more")
    tap(qtbot, window, "end-session")
    kiosk.devices.reader.remove()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.visit.state is State.HOME)
    assert not panel.isVisible()  # the next citizen finds it closed


def test_the_elder_mode_says_it_in_plainer_words_where_the_catalogue_has_them(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    tap(qtbot, window, "home-elder")
    insert_card(qtbot, kiosk, MOTHER)
    Journey(kiosk, Path(".")).click("identity-continue")
    qtbot.waitUntil(lambda: window.visit.state is State.CHOOSING)
    assert "生了孩子要办的事" in visible_texts(window) and "新生儿出生一件事" not in visible_texts(window)
    tap(qtbot, window, f"package-{DEMO_PACKAGE}")
    for key, value in demo_answers(kiosk.session.clock().date()).items():
        window.visit.answer(key, value)
    while window.visit.current_step().key != "child":
        assert not window.visit.next_step()
    qtbot.waitUntil(lambda: "孩子在哪家医院出生" in visible_texts(window))  # the step's editors, once laid out
    texts = visible_texts(window)
    assert "生了孩子要办的事" in texts and "出生医院（助产机构）" not in texts
    tap(qtbot, window, "toggle-elder")  # the standard mode keeps the formal words
    qtbot.waitUntil(lambda: "出生医院（助产机构）" in visible_texts(window))
    texts = visible_texts(window)
    assert "新生儿出生一件事" in texts and "孩子在哪家医院出生" not in texts

"""The richer editors on the real window: address from the card, repeat groups, scan slots, date pickers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScroller,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from devices.registry import demo_devices
from kiosk.catalogue import FieldSpec, FieldType
from kiosk.config import load_config
from kiosk.forms.engine import Source
from kiosk.forms.samples import sample_value
from kiosk.i18n import Language, Text
from kiosk.sync.client import HttpPlatform
from kiosk.visit import speech
from tests.helpers.bundles import encode, small
from tests.test_ui import find, form_of, insert_card
from ui.demo import Journey, pick
from ui.modes import apply_theme
from ui.root import Kiosk, application
from ui.sizes import text_px
from ui.style import CONTRAST, ELDER, MIN_ELDER_TEXT_PX, MIN_TARGET_MM, MIN_TEXT_PX, MM_PER_PX, STANDARD, Theme
from ui.widgets.fields import AddressEditor, DateEditor, RepeatEditor, value_label

MOTHER = 0


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    bundle = tmp_path / "small.json"
    bundle.write_bytes(encode(small()))
    config = load_config().with_values(
        storage__state_dir=str(tmp_path / "state"), printer__pdf_dir=str(tmp_path), catalogue__path=str(bundle)
    )
    application()
    platform = HttpPlatform(f"http://127.0.0.1:{free_port()}")
    instance = Kiosk(config, demo_devices(config), platform)
    qtbot.addWidget(instance.window)
    instance.window.resize(1920, 1080)
    instance.window.show()
    instance.start()
    yield instance
    instance.shutdown()
    platform.close()


def open_form(qtbot: QtBot, kiosk: Kiosk, children: bool = True) -> Journey:
    """The small package's form, with the conditional item (and its steps) switched on."""
    insert_card(qtbot, kiosk, MOTHER)
    journey = Journey(kiosk, Path("."))
    journey.click("identity-continue")
    journey.click("package-P1")
    if children:
        journey.click("field-applicant.has_children-yes")
    return journey


def reach_step(kiosk: Kiosk, key: str) -> None:
    """Answer each step before ``key`` with sample values, moving on as a citizen would."""
    visit = kiosk.window.visit
    while visit.current_step().key != key:
        problems = visit.step_errors()
        for spec in visit.current_step().fields:
            if any(k == spec.key or k.startswith(spec.key + "[") for k in problems):
                visit.answer(spec.key, sample_value(spec))
        assert visit.next_step() == {}


def test_the_card_address_arrives_split_and_locked(qtbot: QtBot, kiosk: Kiosk) -> None:
    open_form(qtbot, kiosk)
    answers = kiosk.session.answers
    assert answers["applicant.address"] == {"division": "430102", "detail": "五一大道 188 号"}
    editor = form_of(kiosk.window).editors["applicant.address"]
    assert isinstance(editor, AddressEditor)
    assert [c.currentText() for c in editor.levels] == ["湖南省", "长沙市", "芙蓉区"]
    assert not any(c.isEnabled() for c in editor.levels) and editor.detail.isReadOnly()


def test_choosing_a_county_by_hand(qtbot: QtBot, kiosk: Kiosk) -> None:
    open_form(qtbot, kiosk)
    form = form_of(kiosk.window)
    kiosk.session.prefilled.pop("applicant.address")  # as for a card whose address could not be placed
    kiosk.session.answers.pop("applicant.address")
    form.refresh()
    editor = form.editors["applicant.address"]
    assert isinstance(editor, AddressEditor)
    for level, name in enumerate(("湖南省", "长沙市", "岳麓区")):
        combo = editor.levels[level]
        combo.setCurrentIndex(combo.findText(name))
        combo.activated.emit(combo.currentIndex())
    qtbot.keyClicks(editor.detail, "Lushan South Road 932")
    assert kiosk.session.answers["applicant.address"] == {"division": "430104", "detail": "Lushan South Road 932"}
    assert find(editor, QComboBox, "field-applicant.address-level2").count() > 5


def test_repeat_rows_are_added_checked_and_removed(qtbot: QtBot, kiosk: Kiosk) -> None:
    journey = open_form(qtbot, kiosk)
    window = kiosk.window
    form = form_of(window)
    reach_step(kiosk, "child")
    editor = form.editors["child.list"]
    assert isinstance(editor, RepeatEditor) and len(editor.rows) == 1  # min 1
    journey.click("form-next")
    error = find(window, QLabel, "error-child.list")
    qtbot.waitUntil(error.isVisible)
    assert error.text().startswith("第 1 项")
    journey.click("field-child.list-add")
    find(editor, QLineEdit, "field-child.list.name").insert("小明")  # what an input method commits
    assert len(kiosk.session.answers["child.list"]) == 2  # type: ignore[arg-type]
    journey.click("field-child.list-remove-1")
    assert kiosk.session.answers["child.list"] == [{"name": "小明"}]


def test_a_scan_slot_counts_pages(qtbot: QtBot, kiosk: Kiosk) -> None:
    journey = open_form(qtbot, kiosk)
    reach_step(kiosk, "docs")
    journey.click("field-docs.scan-scan")
    journey.click("field-docs.scan-scan")
    assert kiosk.session.answers["docs.scan"] == {"pages": 2}
    qtbot.mouseClick(find(kiosk.window, QAbstractButton, "field-docs.scan-clear"), Qt.MouseButton.LeftButton)
    assert kiosk.session.answers["docs.scan"] is None


# -- date pickers ------------------------------------------------------------------------------------------

TODAY = dt.date(2026, 3, 15)
BORN = FieldSpec("child.birth_date", FieldType.DATE, Text("出生日期", "Date of birth"), "child", past_only=True)
Picker = Callable[..., tuple[DateEditor, list[object]]]


@pytest.fixture
def picker(qtbot: QtBot) -> Picker:
    """A date editor on its own, with today fixed; it returns the editor and every value it reported."""
    application()

    def make(value: object = None, *, spec: FieldSpec = BORN, lang: Language = "zh",
             locked: bool = False) -> tuple[DateEditor, list[object]]:
        reported: list[object] = []
        editor = DateEditor(spec, value, Source.CITIZEN, locked, True, lang, lambda _k, v: reported.append(v), TODAY)
        qtbot.addWidget(editor)
        editor.resize(1400, 400)
        editor.show()
        return editor, reported

    return make


def offered(combo: QComboBox) -> list[int]:
    return [combo.itemData(i) for i in range(combo.count())]


def shown(editor: DateEditor) -> list[str]:
    return [combo.currentText() or combo.placeholderText() for combo in editor.parts]


def test_a_date_is_picked_by_taps_and_reported_whole(picker: Picker) -> None:
    editor, reported = picker()
    assert [c.objectName() for c in editor.parts] == [f"child.birth_date-{p}" for p in ("year", "month", "day")]
    assert shown(editor) == ["年", "月", "日"] and editor.value == ""
    for combo, number in zip(editor.parts, (2024, 2, 29), strict=True):  # 2024 is a leap year
        pick(combo, number)
    assert reported == ["", "", "2024-02-29"]
    assert shown(editor) == ["2024年", "2月", "29日"]


def test_past_only_offers_nothing_after_today(picker: Picker) -> None:
    editor, _ = picker()
    years = offered(editor.year)
    assert (years[0], years[-1]) == (2026, 2026 - 120)
    pick(editor.year, 2026)
    assert offered(editor.month) == [1, 2, 3]
    pick(editor.month, 3)
    assert offered(editor.day) == list(range(1, 16))
    pick(editor.month, 2)
    assert offered(editor.day) == list(range(1, 29))  # 2026 is not a leap year


def test_without_past_only_the_years_ahead_are_offered_too(picker: Picker) -> None:
    appointment = FieldSpec("marriage.appointment_date", FieldType.DATE, Text("预约登记日期", "Appointment"), "m")
    editor, reported = picker(spec=appointment)
    assert offered(editor.year)[0] == 2036
    pick(editor.year, 2026)
    pick(editor.month, 3)
    assert offered(editor.month) == list(range(1, 13)) and offered(editor.day) == list(range(1, 32))
    pick(editor.day, 31)
    assert reported[-1] == "2026-03-31"


def test_a_day_the_new_month_or_year_lacks_is_cleared_not_moved(picker: Picker) -> None:
    editor, reported = picker()
    for combo, number in zip(editor.parts, (2024, 1, 31), strict=True):
        pick(combo, number)
    pick(editor.month, 4)  # April has 30 days
    assert shown(editor) == ["2024年", "4月", "日"]
    pick(editor.month, 2)
    pick(editor.day, 29)
    pick(editor.year, 2023)  # no 29 February in 2023
    assert shown(editor) == ["2023年", "2月", "日"] and offered(editor.day)[-1] == 28
    assert reported == ["", "", "2024-01-31", "", "", "2024-02-29", ""]


def test_a_month_after_today_is_cleared_when_the_year_becomes_this_one(picker: Picker) -> None:
    editor, reported = picker()
    pick(editor.day, 29)  # any order: with no month yet, 29 February may still come
    pick(editor.month, 2)
    assert offered(editor.day)[-1] == 29
    pick(editor.month, 12)
    pick(editor.year, 2026)
    assert shown(editor) == ["2026年", "月", "29日"] and reported[-1] == ""


def test_an_answer_shows_in_the_three_lists_and_round_trips(picker: Picker) -> None:
    editor, reported = picker("1950-07-04")
    assert shown(editor) == ["1950年", "7月", "4日"] and editor.value == "1950-07-04"
    assert value_label(BORN, editor.value, "zh").text() == "1950-07-04"  # the review shows it as before
    pick(editor.day, 5)
    assert reported == ["1950-07-05"]
    older, _ = picker("1899-12-31", locked=True)  # from a document: shown as it is, and not to be changed
    assert shown(older) == ["1899年", "12月", "31日"] and not any(c.isEnabled() for c in older.parts)
    assert shown(picker("2024-5-1")[0]) == ["年", "月", "日"]  # not a date the form accepts: nothing chosen


def test_english_names_the_parts_and_the_months(picker: Picker) -> None:
    editor, reported = picker(lang="en")
    assert shown(editor) == ["Year", "Month", "Day"]
    assert [editor.month.itemText(i) for i in (0, 11)] == ["January", "December"]
    for combo, number in zip(editor.parts, (2024, 5, 1), strict=True):
        pick(combo, number)
    assert shown(editor) == ["2024", "May", "1"] and reported[-1] == "2024-05-01"
    assert editor.spoken(editor.month) == "2024 May 1"


@pytest.mark.parametrize("theme", [STANDARD, ELDER, CONTRAST], ids=lambda t: t.name)
def test_the_lists_and_their_rows_are_touch_sized_and_framed(picker: Picker, theme: Theme) -> None:
    apply_theme(theme)
    try:
        editor, _ = picker()
        for combo in editor.parts:
            assert combo.height() * MM_PER_PX >= MIN_TARGET_MM
            pick(combo, combo.itemData(0))  # each list opened and used
            view = combo.view()
            row = view.visualRect(combo.model().index(0, 0))
            assert row.height() * MM_PER_PX >= MIN_TARGET_MM
            assert text_px(view) >= (MIN_ELDER_TEXT_PX if theme.elder else MIN_TEXT_PX)
            edge = view.grab().toImage().pixelColor(0, view.height() // 2)
            assert view.frameWidth() >= 2 and edge.name() == theme.ink  # the open list stands out from the form
    finally:
        apply_theme(STANDARD)


def test_the_open_list_sits_on_its_box_even_if_the_form_moves_as_it_opens(qtbot: QtBot) -> None:
    application()
    page = QWidget()
    layout = QVBoxLayout(page)
    above = QLabel("…")  # what goes as the list opens: the on-screen keyboard, or a form still being laid out
    above.setFixedHeight(300)
    editor = DateEditor(BORN, None, Source.CITIZEN, False, True, "zh", lambda _k, _v: None, TODAY)
    for widget in (above, editor):
        layout.addWidget(widget)
    layout.addStretch(1)
    qtbot.addWidget(page)
    page.resize(1400, 1000)
    page.show()
    qtbot.waitExposed(page)
    box = editor.year
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    opened_at = box.mapToGlobal(QPoint())
    above.hide()
    qtbot.waitUntil(lambda: box.mapToGlobal(QPoint()) != opened_at)

    def on_its_box() -> bool:
        popup, top_left = box.view().window().geometry(), box.mapToGlobal(QPoint())
        touches = abs(popup.top() - (top_left.y() + box.height())) <= 2 or abs(popup.bottom() - top_left.y()) <= 2
        return box.view().isVisible() and popup.left() == top_left.x() and popup.width() == box.width() and touches

    qtbot.waitUntil(on_its_box)
    box.hidePopup()


def test_a_finger_drags_the_open_list_and_a_tap_then_chooses(qtbot: QtBot, picker: Picker) -> None:
    editor, reported = picker()
    QTest.mouseClick(editor.year, Qt.MouseButton.LeftButton)
    view = editor.year.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 100)  # a finger's pause: Qt ignores a release this soon after
    finger = view.visualRect(editor.year.model().index(6, 0)).center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=finger)
    for step in range(1, 21):
        qtbot.wait(16)
        QTest.mouseMove(view.viewport(), finger - QPoint(0, 15 * step))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=finger - QPoint(0, 300))
    scroller = QScroller.scroller(view.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)
    assert view.isVisible() and view.verticalScrollBar().value() >= 250 and reported == []  # dragged, not chosen
    row = view.indexAt(view.viewport().rect().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center())
    assert not view.isVisible() and editor.year.currentIndex() == row.row() > 6 and reported == [""]


def test_a_shown_error_marks_the_three_lists(picker: Picker) -> None:
    editor, _ = picker()
    editor.set_error("请选择日期")
    assert editor.error.isVisibleTo(editor) and all(c.property("invalid") is True for c in editor.parts)
    editor.set_error(None)
    assert not editor.error.isVisibleTo(editor) and not any(c.property("invalid") for c in editor.parts)


def test_dates_on_the_form_come_from_the_card_or_are_picked_up_to_the_kiosks_today(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    journey = open_form(qtbot, kiosk)
    form = form_of(kiosk.window)
    card = form.editors["applicant.birth_date"]
    assert isinstance(card, DateEditor) and not card.year.isEnabled()
    assert card.value == kiosk.session.answers["applicant.birth_date"]
    reach_step(kiosk, "child")
    find(form.editors["child.list"], QLineEdit, "field-child.list.name").insert("小明")
    today = kiosk.session.clock().date()
    for part, number in (("year", today.year), ("month", today.month), ("day", today.day)):
        journey.pick(f"child.list.birth_date-{part}", number)
    row = find(form.editors["child.list"], DateEditor, "editor-child.list-0-birth_date")
    assert offered(row.day)[-1] == today.day  # nothing after today, as the form's own check says
    assert kiosk.session.answers["child.list"] == [{"name": "小明", "birth_date": today.isoformat()}]
    journey.click("form-next")
    assert kiosk.window.visit.current_step().key != "child"
    voice = kiosk.voice
    assert voice is not None
    voice.ctx.voice = True
    voice._focused(None, row.month)  # what QApplication.focusChanged calls: offscreen windows never get focus
    assert voice.said[-1] == speech.field("出生日期", f"{today.year}年{today.month}月{today.day}日", "zh")

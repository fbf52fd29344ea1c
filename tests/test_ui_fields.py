"""The richer editors on the real window: address from the card, repeat groups, scan slots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from devices.registry import demo_devices
from kiosk.config import load_config
from kiosk.forms.samples import sample_value
from kiosk.sync.client import HttpPlatform
from tests.helpers.bundles import encode, small
from tests.test_ui import find, form_of, insert_card
from ui.demo import Journey
from ui.root import Kiosk, application
from ui.widgets.fields import AddressEditor, RepeatEditor

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

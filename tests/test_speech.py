"""What the voice says, from the visit alone: no Qt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.catalogue.model import FieldSpec, FieldType
from kiosk.forms.engine import Step
from kiosk.i18n import Text
from kiosk.log import forget_personal_values
from kiosk.printing import PrintResult, PrintState
from kiosk.store import Store
from kiosk.visit import prompts, speech
from kiosk.visit.states import State
from tests.test_visit import BIRTH, TIMING, World


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = Store(tmp_path / "state")
    yield World(store, enrolled=False)
    store.close()
    forget_personal_values()


def test_the_application_number_is_read_in_short_groups_with_its_dashes() -> None:
    assert speech.spelled("HN-DEMO-01-20261203-0001", "en") == (
        "H N dash D E M O dash zero one dash two zero two six, one two zero three dash zero zero zero one"
    )
    zh = "H N 杠 D E M O 杠 零 幺 杠 二 零 二 六，幺 二 零 三 杠 零 零 零 幺"
    assert speech.spelled("HN-DEMO-01-20261203-0001", "zh") == zh
    assert speech.spelled("AB123456", "en") == "A B, one two three, four five six"  # 6 digits: 3 + 3


def test_every_state_has_its_prompt_in_both_languages(world: World) -> None:
    assert speech.screen(world.visit, "zh") == [prompts.WELCOME.zh, prompts.PLACE_CARD.zh]
    world.reach(State.CHOOSING)
    assert speech.screen(world.visit, "en") == [prompts.CHOOSE.en]
    world.visit.choose(BIRTH)
    said = speech.screen(world.visit, "en")
    assert said[-1].startswith("Step 1 of ")


def test_the_receipt_summary_says_the_number_then_how_it_went(world: World) -> None:
    world.reach(State.RECEIPT)
    visit = world.visit
    submitted = visit.session.submitted
    assert submitted is not None
    number = prompts.NUMBER_IS.en.format(number=speech.spelled(submitted.number, "en"))
    assert speech.screen(visit, "en") == [prompts.DONE.en, number, prompts.DELIVERY[visit.delivery].en,
                                          prompts.PRINTING.en, prompts.TAKE_CARD_AND_GO.en]
    world.printer.finish(PrintResult(PrintState.PRINTED))
    assert prompts.PRINTED.en in speech.screen(visit, "en")


def test_the_idle_warning_is_heard_and_reminded_at_ten_seconds(world: World) -> None:
    world.reach(State.IDLE_WARNING)
    visit = world.visit
    assert speech.screen(visit, "en") == [prompts.STILL_THERE.en,
                                          prompts.COUNTDOWN.en.format(seconds=TIMING.idle_warning_s),
                                          prompts.TAP_CONTINUE.en]
    assert speech.idle_tick(visit, "en") == []
    world.timers.advance(TIMING.idle_warning_s - 10)
    assert speech.idle_tick(visit, "zh") == [prompts.COUNTDOWN.zh.format(seconds=10)]


def test_errors_name_their_field_and_the_focused_field_says_its_value() -> None:
    spec = FieldSpec("mobile", FieldType.MOBILE, Text("手机号码", "Mobile"), "contact")
    step = Step("contact", Text("联系方式", "Contact"), (spec,))
    problem = Text("请输入 11 位手机号码", "11 digits, please")
    assert speech.errors(step, {"mobile": problem}, "en") == [prompts.FIX.en, "Mobile: 11 digits, please"]
    assert speech.errors(step, {}, "en") == []
    assert speech.field("Mobile", "", "en") == "Mobile: empty"
    assert speech.field("手机号码", "138", "zh") == "手机号码：138"

"""What the voice says, from the visit alone (no Qt): each screen's prompt, errors, the idle warning, the receipt
summary and the field in focus. The words are the screens' own, from ``kiosk.visit.prompts``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kiosk.i18n import Language, Text
from kiosk.printing import PrintState
from kiosk.visit import hall_prompts as h
from kiosk.visit import prompts as p
from kiosk.visit.states import Rating, State

if TYPE_CHECKING:
    from kiosk.forms.engine import Step
    from kiosk.visit.machine import Visit

DIGITS = {"zh": "零幺二三四五六七八九", "en": ("zero", "one", "two", "three", "four", "five", "six", "seven",
                                              "eight", "nine")}
DASH = Text("杠", "dash")
GROUP = 4  # the longest run of letters or digits a listener is asked to hold
IDLE_REMINDERS = frozenset({10})  # seconds left at which the countdown is said again


def screen(visit: Visit, lang: Language) -> list[str]:
    """The screen's prompt and what it reports, in the order it shows them."""
    state = visit.state
    texts: list[Text | None]
    if state is State.IDLE_WARNING:
        return idle_warning(visit, lang)
    if state is State.HOME:
        texts = [visit.notice, p.WELCOME, p.PLACE_CARD]
    elif state is State.MRZ:
        texts = [p.MRZ_TITLE, visit.mrz_problem]
    elif state is State.READING:
        texts = [p.READING]
    elif state is State.IDENTIFIED:
        texts = [p.READ_OK, None if visit.may_continue else p.EXPIRED]
    elif state is State.APPLICATIONS:
        texts = [p.APPLICATIONS_TITLE, p.LOOKING if visit.lookup.looking else None, visit.lookup.print_notice]
    elif state is State.CHOOSING:
        texts = [p.CHOOSE]
    elif state is State.CONSENT:
        texts = [p.CONSENT_TITLE, p.FETCHING if visit.consent_fetching else None]
    elif state is State.FORM:
        texts = [visit.form_notice, _step(visit)]
    elif state is State.REVIEW:
        texts = [p.CHECK]
    elif state in (State.SUBMITTING, State.RECEIPT):
        return receipt(visit, lang)
    elif state is State.ASSIST_CONSENT:
        texts = [h.ASSIST_TITLE, _helper(visit)]
    elif state in (State.LOOKUP, State.VERIFY):
        texts = _counter(visit)
    elif state is State.TICKET:
        return ticket(visit, lang)
    else:  # the staff's own screens are not spoken
        texts = []
    return [text(lang).lstrip("✓✗ ") for text in texts if text is not None]


def _step(visit: Visit) -> Text | None:
    steps = visit.steps()
    if not steps:
        return None
    title = visit.current_step().title
    return Text(p.STEP_OF.zh.format(n=visit.step + 1, total=len(steps), title=title.zh),
                p.STEP_OF.en.format(n=visit.step + 1, total=len(steps), title=title.en))


def _helper(visit: Visit) -> Text | None:
    """Who offers the help: the staff number, and the surname only (a masked name's stars are not read out)."""
    staff = visit.helper
    if staff is None:
        return None
    said = h.ASSIST_ACTING if visit.assistance_mode == "acting" else h.ASSIST_HELPED
    return said.format(number=staff.staff_number, name=staff.masked_name.replace("*", ""))


def _counter(visit: Visit) -> list[Text | None]:
    """The lookup's and the check's prompt, then what came of it: a validity is said, a status is on screen."""
    if visit.state is State.VERIFY:
        check = visit.check
        outcome = None if check is None else h.VALID if check.valid else h.INVALID
        return [h.VERIFY_TITLE, outcome or h.VERIFY_SCAN, visit.scan_problem, visit.counter_problem]
    return [h.LOOKUP_TITLE, None if visit.status_answer else h.LOOKUP_SCAN, visit.scan_problem, visit.counter_problem]


def ticket(visit: Visit, lang: Language) -> list[str]:
    """Before the ticket, why and what to choose; after, the number in a form a listener can hold, and the wait."""
    taken = visit.ticket
    if taken is None:
        return [h.TICKET_TITLE(lang), h.TICKET_WHY[visit.ticket_reason or "asked"](lang)]
    lines = [h.TICKET_IS(lang).format(number=spelled(taken.number, lang)),
             h.AHEAD(lang).format(n=taken.waiting_before), h.WAIT(lang).format(minutes=taken.expected_wait_min)]
    result = visit.ticket_print
    if result is not None:
        printed = result.state in (PrintState.PRINTED, PrintState.SENT)
        lines.append((h.TICKET_PRINTED if printed else h.TICKET_NOT_PRINTED)(lang))
    return lines


def receipt(visit: Visit, lang: Language) -> list[str]:
    """The receipt summary: the application number in groups a listener can write down, then how it went."""
    submitted = visit.session.submitted
    if submitted is None:
        return []
    lines = [p.DONE(lang), p.NUMBER_IS(lang).format(number=spelled(submitted.number, lang)),
             p.DELIVERY[visit.delivery](lang)]
    if visit.state is State.RECEIPT or visit.resumes is State.RECEIPT:
        result = visit.print_result
        printed = {PrintState.PRINTED: p.PRINTED, PrintState.SENT: p.SENT}
        lines.append((p.PRINTING if result is None else printed.get(result.state, result.message))(lang))
    if visit.rating is not Rating.NONE:
        lines.append(p.RATED[visit.rating](lang))
    lines.append(p.TAKE_CARD_AND_GO(lang))
    return lines


def idle_warning(visit: Visit, lang: Language) -> list[str]:
    return [p.STILL_THERE(lang), countdown(visit, lang), p.TAP_CONTINUE(lang)]


def countdown(visit: Visit, lang: Language) -> str:
    return p.COUNTDOWN(lang).format(seconds=visit.idle_remaining)


def idle_tick(visit: Visit, lang: Language) -> list[str]:
    """The countdown said again at a few moments, so a citizen who cannot see it still hears it."""
    return [countdown(visit, lang)] if visit.idle_remaining in IDLE_REMINDERS else []


def errors(step: Step | None, problems: Mapping[str, Text], lang: Language) -> list[str]:
    """A step's problems, each with its field's label ("Mobile: 11 digits, please"), after the summary."""
    if not problems:
        return []
    labels = {spec.key: spec.label(lang) for spec in step.fields} if step is not None else {}
    lines = [p.FIX(lang)]
    for key, message in problems.items():
        name = labels.get(key.split("[", 1)[0], "")
        lines.append(p.FIELD(lang).format(label=name, value=message(lang)) if name else message(lang))
    return lines


def field(label: str, value: str, lang: Language) -> str:
    """The field in focus, with what it holds."""
    return p.FIELD(lang).format(label=label, value=value.strip() or p.EMPTY(lang))


def spelled(number: str, lang: Language) -> str:
    """``HN-DEMO-01-20261203-0001`` as letters and digits one by one, in short groups, the dashes said."""
    parts = [_groups(part, lang) for part in number.split("-") if part]
    return f" {DASH(lang)} ".join(parts)


def _groups(part: str, lang: Language) -> str:
    pause = "，" if lang == "zh" else ", "
    runs = re.findall(r"[0-9]+|[^0-9]+", part.upper())
    return pause.join(pause.join(" ".join(_say(c, lang) for c in chunk) for chunk in _chunks(run)) for run in runs)


def _chunks(run: str) -> list[str]:
    """Groups of at most ``GROUP``, as even as possible: 8 digits as 4 + 4, 6 as 3 + 3."""
    count = -(-len(run) // GROUP)
    size, extra = divmod(len(run), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(run[start:end])
        start = end
    return chunks


def _say(char: str, lang: Language) -> str:
    return DIGITS[lang][int(char)] if char.isdigit() else char


def welcome(lang: Language) -> str:
    """For someone who cannot see the screen: how to turn the voice on. Said even while it is off."""
    return p.VOICE_WELCOME(lang)

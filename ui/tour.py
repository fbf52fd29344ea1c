"""``kiosk tour``: every screen, in each language, as PNG files named after the screen.

It walks a fictional visit through the real window with the demo devices and no
platform (nothing is sent), so reviewers see exactly what citizens see.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from devices.cards.base import REASONS, ReadStatus
from devices.printers.base import PrintResult, PrintState
from kiosk.config import Config
from kiosk.forms.samples import sample_answers
from kiosk.i18n import LANGUAGES, Language
from kiosk.sync.client import HttpPlatform
from ui.bridges import PRINTER_FAILED
from ui.demo import DEMO_PACKAGE, demo_answers, save_screen
from ui.root import Kiosk, application, check_before_start, demo_devices
from ui.screens.status import finish_lookup, show_licences
from ui.window import KioskWindow

EXPIRED_PERSON = 2
SEARCH_EXAMPLE: dict[Language, str] = {"zh": "生孩子", "en": "retire"}


def _save(window: KioskWindow, out: Path, name: str, lang: Language, written: list[Path]) -> None:
    path = out / f"{name}.{lang}.png"
    save_screen(window, path, 20)
    written.append(path)


def _tour_language(kiosk: Kiosk, out: Path, lang: Language, written: list[Path]) -> None:
    window = kiosk.window
    session = kiosk.session
    window.end_session()
    window.ctx.lang = lang
    window.go(window.home)
    _save(window, out, "home", lang, written)
    window.mrz.wipe()
    window.go(window.mrz)
    _save(window, out, "mrz", lang, written)
    window.mrz.ask(REASONS[ReadStatus.WRONG_MRZ])
    window.mrz.refresh()
    _save(window, out, "mrz-wrong", lang, written)
    window.mrz.wipe()

    session.identify(kiosk.devices.reader.people[EXPIRED_PERSON])  # type: ignore[attr-defined]
    window.go(window.identity)
    _save(window, out, "identity-expired", lang, written)
    session.identify(kiosk.devices.reader.people[0])  # type: ignore[attr-defined]
    window.go(window.identity)
    _save(window, out, "identity", lang, written)
    window.go(window.packages)
    _save(window, out, "packages", lang, written)
    for section in ("enterprise", "project", "popular", "livelihood"):
        window.packages.show_section(section)
        _save(window, out, f"packages-{section}", lang, written)
    window.packages.search.setText(SEARCH_EXAMPLE[lang])
    _save(window, out, "packages-search", lang, written)

    window.choose_package(DEMO_PACKAGE)
    window.form.show_errors()
    _save(window, out, "form-errors", lang, written)
    answers = demo_answers(session.clock().date())
    for key, value in answers.items():
        session.set_answer(key, value)
    for index, step in enumerate(window.form.steps()):
        window.form.step_index = index
        window.form.refresh()
        _save(window, out, f"form-{step.key}", lang, written)
    window.go(window.review)
    _save(window, out, "review", lang, written)

    session.submit()
    window.receipt.delivery = "delivered"
    window.receipt.print_result = PrintResult(PrintState.PRINTED)
    window.go(window.receipt)
    _save(window, out, "receipt", lang, written)
    window.receipt.delivery = "queued"
    window.receipt.print_result = PrintResult(PrintState.FAILED, "failed", PRINTER_FAILED)
    window.receipt.refresh()
    _save(window, out, "receipt-offline-print-failed", lang, written)
    window.idle.start()
    _save(window, out, "idle-warning", lang, written)
    window.idle.stop()
    window.show_status()  # this tour's kiosk is not enrolled: the kiosk's own record, and a notice
    _save(window, out, "status", lang, written)
    window.status.awaiting = {"applications", "licences"}  # as an enrolled kiosk shows it while it asks
    window.status.notice = None
    window.status.refresh()
    _save(window, out, "status-looking", lang, written)
    finish_lookup(window.status, [SAMPLE_APPROVED])  # as an enrolled kiosk hears it from the platform
    show_licences(window.status, [SAMPLE_LICENCE])
    window.status.notice = None
    window.status.refresh()
    _save(window, out, "status-certificates", lang, written)
    packages = session.catalogue.packages.values()
    consenting = next(p for p in packages if p.fully_modelled and _uses_shared(kiosk, p.code))
    session.choose(consenting.code)
    window.go(window.consent)
    _save(window, out, "consent", lang, written)
    _tour_other_packages(kiosk, out, lang, written)
    window.end_session()


# What the platform answers for a citizen with an approved application and an e-licence (fictional).
SAMPLE_APPROVED = {
    "number": "HN-WEB-20261114-0003", "package_code": "002009002000", "channel": "online", "status": "approved",
    "package_name": {"zh": "户籍证明出具", "en": "Household registration certificate"},
    "received_at": "2026-11-14T09:12:00+08:00",
    "items": [{"number": "HN-WEB-20261114-0003-01", "item_code": "002009002000", "status": "approved",
               "name": {"zh": "户籍证明出具", "en": "Household registration certificate"},
               "certificate": {"serial": "HN-2026-00000042", "kind": "household_certificate",
                               "name": {"zh": "户籍证明", "en": "household registration certificate"}}}],
}
SAMPLE_LICENCE = {"kind": "driving_licence", "kind_name": {"zh": "机动车驾驶证", "en": "Driving licence"},
                  "number": "430102199003071285", "issued_on": "2020-07-20", "valid_until": "2032-07-20", "data": {}}


def _uses_shared(kiosk: Kiosk, code: str) -> bool:
    catalogue = kiosk.session.catalogue
    package = catalogue.package(code)
    keys = {k for pi in package.items for k in catalogue.items[pi.item_code].fields}
    return any((catalogue.fields[k].prefill or "").startswith("shared.") for k in keys)


def _tour_other_packages(kiosk: Kiosk, out: Path, lang: Language, written: list[Path]) -> None:
    """Every step of every other fully modelled package, filled with example answers."""
    window = kiosk.window
    session = kiosk.session
    for package in session.catalogue.packages.values():
        if not package.fully_modelled or package.code == DEMO_PACKAGE:
            continue
        window.end_session()
        session.identify(kiosk.devices.reader.people[0])  # type: ignore[attr-defined]
        window.choose_package(package.code)
        form = window.form.form
        for key, value in sample_answers(form.fields).items():
            if key not in session.prefilled:
                session.set_answer(key, value)
        for index, step in enumerate(window.form.steps()):
            window.form.step_index = index
            window.form.refresh()
            _save(window, out, f"package-{package.code}-{step.key}", lang, written)
        window.go(window.review)
        _save(window, out, f"package-{package.code}-review", lang, written)


def run_tour(config: Config, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as state:
        config = config.with_values(storage__state_dir=state, printer__pdf_dir=state)
        check_before_start(config)
        application()
        platform = HttpPlatform(config["platform.url"])
        kiosk = Kiosk(config, demo_devices(config), platform)  # not started: nothing is sent or polled
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        try:
            for lang in LANGUAGES:
                _tour_language(kiosk, out, lang, written)
        finally:
            kiosk.shutdown()
            platform.close()
    return written

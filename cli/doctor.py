"""``kiosk doctor``: check the terminal's set-up and say, in one line each, what is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from cli.speech_check import speech_problems
from devices.cards.combined import CombinedReader
from devices.printers.base import PrinterHealth
from devices.printers.pdf_file import PdfFilePrinter
from devices.registry import card_reader, receipt_printer
from kiosk.catalogue import CatalogueError, load_catalogue
from kiosk.config import Config, ConfigError, load_config
from kiosk.documents import DocumentError
from kiosk.documents.fonts import cjk_font_face
from kiosk.store import Store, StoreError
from kiosk.sync.client import HttpPlatform

PCSCD_SOCKET = "/run/pcscd/pcscd.comm"


class Verdict(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"


Check = tuple[str, Verdict, str]


def _config(path: Path | None) -> tuple[Config | None, Check]:
    try:
        config = load_config(path)
    except ConfigError as exc:
        return None, ("config", Verdict.FAIL, str(exc))
    source = str(config.source) if config.source else "defaults (no config file found)"
    return config, ("config", Verdict.OK, source)


def _state(config: Config) -> Check:
    try:
        Store(config.state_dir).close()
    except StoreError as exc:
        return ("state directory", Verdict.FAIL, str(exc))
    return ("state directory", Verdict.OK, str(config.state_dir))


def _catalogue(config: Config) -> Check:
    try:
        catalogue = load_catalogue(config.catalogue_path)
    except CatalogueError as exc:
        return ("catalogue", Verdict.FAIL, str(exc))
    return ("catalogue", Verdict.OK, f"{catalogue.version}: {len(catalogue.packages)} packages")


def _font() -> Check:
    try:
        return ("CJK font", Verdict.OK, str(cjk_font_face().path))
    except DocumentError as exc:
        return ("CJK font", Verdict.FAIL, str(exc))


def _printer(config: Config) -> Check:
    """The configured printer's own status: a CUPS queue's state, an ESC/POS printer's paper, a writable folder."""
    try:
        printer = receipt_printer(config)
    except ConfigError as exc:
        return ("printer", Verdict.FAIL, str(exc))
    status = printer.status()
    verdict = {PrinterHealth.OK: Verdict.OK, PrinterHealth.ERROR: Verdict.FAIL}.get(status.health, Verdict.WARN)
    where = f"PDF files in {config.pdf_dir}" if isinstance(printer, PdfFilePrinter) else printer.name
    return ("printer", verdict, " ".join((f"{where}: {status.health}", *status.reasons)))


def _platform(config: Config) -> Check:
    platform = HttpPlatform(config["platform.url"], config["platform.timeout_s"], config.state_dir / "keys")
    try:
        reachable = platform.reachable()
        enrolled = platform.credentials is not None
    finally:
        platform.close()
    if not enrolled:
        return ("platform", Verdict.FAIL, "this terminal is not enrolled: run `kiosk enrol --code CODE`")
    if reachable:
        return ("platform", Verdict.OK, f"{config['platform.url']} as terminal {config['terminal.id']}")
    return ("platform", Verdict.WARN, f"{config['platform.url']} not reachable: applications will queue")


def _staff_cards(config: Config) -> Check:
    """Whether a staff card can sign in here, even with the platform down: the signed staff list kept."""
    from kiosk.staff.directory import StaffDirectory
    from kiosk.sync.signing import Credentials

    credentials = Credentials.load(config.state_dir / "keys")
    if credentials is None:
        return ("staff cards", Verdict.WARN, "not enrolled: staff cards work once the terminal is enrolled")
    if credentials.platform_key is None:
        return ("staff cards", Verdict.WARN, "enrolled before staff lists were signed: enrol again "
                "(`kiosk enrol --code CODE`) for staff cards; staff number and PIN work meanwhile")
    listed = StaffDirectory(config.state_dir, credentials.platform_key).held()
    if listed is None:
        return ("staff cards", Verdict.WARN, "no staff list yet: it comes with the next heartbeat")
    until = f"{listed.valid_until:%Y-%m-%d %H:%M} UTC"
    if listed.valid_until < dt.datetime.now(dt.UTC):
        return ("staff cards", Verdict.WARN, f"the staff list expired at {until}: staff cards work again once the "
                "platform is reached")
    return ("staff cards", Verdict.OK, f"{len(listed.staff)} staff may sign in by card; list valid until {until}")


def _pcscd() -> Check:
    if Path(PCSCD_SOCKET).is_socket():
        return ("pcscd", Verdict.OK, "running")
    return ("pcscd", Verdict.WARN, "not running: social security cards and passports cannot be read")


def _readers(config: Config) -> list[Check]:
    """Each configured card backend, and each reader it sees with its state."""
    try:
        reader = card_reader(config)
    except ConfigError as exc:
        return [("card reader", Verdict.FAIL, str(exc))]
    checks: list[Check] = []
    try:
        for backend in reader.readers if isinstance(reader, CombinedReader) else (reader,):
            if not backend.available():
                why = "pcscd is not running" if backend.name == "pcsc" else "its library cannot be loaded"
                checks.append(("card reader", Verdict.FAIL, f"{backend.name}: unavailable ({why})"))
                continue
            infos = backend.enumerate()
            if not infos:
                checks.append(("card reader", Verdict.WARN, f"{backend.name}: no reader connected"))
            for info in infos:
                verdict = Verdict.WARN if info.state == "unavailable" else Verdict.OK
                atr = f" (ATR {info.atr})" if info.atr else ""
                checks.append(("card reader", verdict, f"{backend.name}: {info.name}: {info.state}{atr}"))
    finally:
        reader.close()
    return checks


def _speech() -> Check:
    """A warning, not a failure: without speech the kiosk still serves, silently."""
    problems = speech_problems()
    if problems:
        return ("speech", Verdict.WARN, "silent: " + "; ".join(problems))
    return ("speech", Verdict.OK, "speech-dispatcher with espeak-ng's Mandarin and English voices")


def run_doctor(config_path: Path | None, *, display: bool) -> int:
    config, first = _config(config_path)
    checks: list[Check] = [first]
    checks.append(("display", Verdict.OK if display else Verdict.WARN,
                   "available" if display else "none: `kiosk run` needs one; `kiosk demo` runs off screen"))
    checks.append(_font())
    checks.append(_pcscd())
    checks.append(_speech())
    if config is not None:
        checks.extend(_readers(config))
        steps: list[Callable[[Config], Check]] = [_state, _catalogue, _printer, _platform, _staff_cards]
        checks.extend(step(config) for step in steps)
    width = max(len(name) for name, _, _ in checks)
    for name, verdict, detail in checks:
        print(f"{verdict.value:>4}  {name:<{width}}  {detail}")
    return 1 if any(verdict is Verdict.FAIL for _, verdict, _ in checks) else 0

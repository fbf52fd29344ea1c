"""The kiosk's configuration, declared in one place.

Sources, later ones winning: the defaults below, one TOML file, then environment
variables ``KIOSK_<SECTION>_<KEY>`` (e.g. ``KIOSK_PLATFORM_URL``). The file is the one
given with ``--config`` or ``KIOSK_CONFIG``, else the first that exists of the user's
and the site's config directory (platformdirs), ``kiosk.toml``. Every value is checked at
start; a bad one raises ConfigError naming the key and what is expected.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import platformdirs

from kiosk.assets import DEMO_CATALOGUE

APP_NAME = "hunan-kiosk"
ENV_PREFIX = "KIOSK_"


class ConfigError(ValueError):
    """One line for a technician: which key, what is wrong, what is expected."""


@dataclass(frozen=True)
class Setting:
    key: str  # "section.name"
    default: Any
    expected: str  # for the error message
    check: Callable[[Any], bool]
    convert: Callable[[str], Any] = str  # from an environment variable
    doc: str = ""


def _is_int_in(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _is_number_in(low: float, high: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and low <= v <= high


def _is_one_of(*choices: str) -> Callable[[Any], bool]:
    return lambda v: v in choices


def _is_name_list(v: Any) -> bool:
    """A comma-separated list of distinct names, at least one."""
    if not isinstance(v, str):
        return False
    items = [item.strip() for item in v.split(",")]
    return all(items) and len(set(items)) == len(items)


def split_list(value: str) -> list[str]:
    """The items of a comma-separated setting, without blanks."""
    return [item.strip() for item in value.split(",") if item.strip()]


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _is_http_url(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    parsed = urlparse(v)
    return parsed.scheme in ("http", "https") and bool(parsed.hostname)


def _is_path_or_empty(v: Any) -> bool:
    return isinstance(v, str)


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _to_bool(raw: str) -> bool | str:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    return raw


def _to_number(raw: str) -> float | int | str:
    try:
        return int(raw)
    except ValueError:
        try:
            return float(raw)
        except ValueError:
            return raw


SETTINGS: tuple[Setting, ...] = (
    Setting("terminal.id", "HN-DEMO-01", "a terminal id such as HN-CS-0001", _is_text,
            doc="Printed on receipts and part of every application number."),
    Setting("terminal.hall", "长沙市政务服务中心", "the hall's name", _is_text),
    Setting("terminal.hall_en", "Changsha Government Service Centre", "the hall's English name", _is_text),
    Setting("platform.url", "http://127.0.0.1:8700", "an http:// or https:// URL", _is_http_url),
    Setting("platform.timeout_s", 10.0, "seconds between 0.5 and 120", _is_number_in(0.5, 120), _to_number),
    Setting("platform.heartbeat_s", 60, "whole seconds between 10 and 600", _is_int_in(10, 600), _to_number,
            doc="How often the kiosk reports its health and fetches queued commands; "
                "the platform marks it stale after three missed heartbeats."),
    Setting("catalogue.path", "", "a catalogue bundle file, or empty for the bundled demo catalogue",
            _is_path_or_empty),
    Setting("cards.backend", "pcsc", "'pcsc', 'vendor', 'simulated', or several joined by commas",
            _is_name_list,  # which names exist, devices/registry.py knows: it refuses others, naming the key
            doc="Which readers identify the citizen: PC/SC readers (social security card, passports and "
                "travel permits), the resident-ID card's vendor SDK, or the simulator. 'pcsc,vendor' uses both; "
                "the card put on last is read."),
    Setting("cards.readers", "", "PC/SC reader names separated by commas, or empty for every reader",
            _is_path_or_empty,
            doc="A reader is used when its name contains one of these (as `kiosk doctor` lists them); "
                "readers are never chosen by position, so a YubiKey or a virtual reader is left alone."),
    Setting("cards.vendor_library", "", "the path of the vendor SDK library (libtermb.so or libsdtapi.so)",
            _is_path_or_empty),
    Setting("cards.vendor_family", "auto", "'auto', 'cvr' (CVR_* termb) or 'sdt' (SDT_* sdtapi)",
            _is_one_of("auto", "cvr", "sdt"),
            doc="'auto' picks by the symbols the library exports, SDT first when it has both (its text keeps "
                "characters outside GBK)."),
    Setting("cards.vendor_port", 1001, "1001 to 1016 (USB) or 1 to 16 (serial)",
            lambda v: _is_int_in(1, 16)(v) or _is_int_in(1001, 1016)(v), _to_number),
    Setting("cards.vendor_workdir", "", "the directory the SDK writes zp.bmp and wz.txt into, or empty",
            _is_path_or_empty, doc="Cleaned after every read, with the working directory: the files hold "
                                   "the last citizen's photo and details."),
    Setting("cards.csca_path", "", "a CSCA certificate file or directory (PEM or DER), or empty",
            _is_path_or_empty,
            doc="The country signing CAs that passive authentication checks an eMRTD's document signer "
                "against; empty reports the chain as 'not verified' (the data groups are still checked)."),
    Setting("printer.backend", "pdf", "'pdf', 'cups' or 'escpos'", _is_text,  # names: as cards.backend
            doc="'pdf' writes files (the demo, or a hall without a printer); 'cups' prints to a CUPS queue; "
                "'escpos' drives a thermal receipt printer directly."),
    Setting("printer.queue", "", "a CUPS queue name (printer.backend = 'cups')", _is_path_or_empty),
    Setting("printer.paper", "a4", "'a4' or '80mm'", _is_one_of("a4", "80mm"),
            doc="The receipt layout for the 'cups' and 'pdf' backends: A4 sheets, or an 80 mm roll "
                "(the page is as long as the receipt). 'escpos' always prints 80 mm."),
    Setting("printer.escpos_device", "", "tcp://HOST[:PORT], usb:VID:PID or serial:DEVICE[:BAUD], or empty",
            _is_path_or_empty, doc="The thermal printer (printer.backend = 'escpos'), e.g. tcp://192.168.1.50:9100 "
                                   "or usb:0x0416:0x5011."),
    Setting("printer.escpos_mode", "text", "'text' or 'raster'", _is_one_of("text", "raster"),
            doc="'text' sends GB18030 text to a printer with a Chinese font; 'raster' sends the receipt as a "
                "picture, for printers without one."),
    Setting("printer.pdf_dir", "", "a directory, or empty for <state dir>/prints", _is_path_or_empty),
    Setting("ui.language", "zh", "'zh' or 'en'", _is_one_of("zh", "en")),
    Setting("ui.fullscreen", True, "true or false", _is_bool, _to_bool),
    Setting("ui.idle_timeout_s", 120, "whole seconds between 30 and 1800", _is_int_in(30, 1800), _to_number,
            doc="Idle time before the 'are you still there?' warning."),
    Setting("ui.idle_warning_s", 30, "whole seconds between 20 and 120", _is_int_in(20, 120), _to_number,
            doc="How long the warning gives to continue (WCAG 2.2.1 asks for at least 20 s)."),
    Setting("voice.engine", "speechd", "'speechd', 'mock' or 'none'", _is_one_of("speechd", "mock", "none"),
            doc="The QtTextToSpeech engine for voice guidance: 'speechd' (speech-dispatcher), 'mock' (silent, "
                "for tests) or 'none'. Without a working engine or voice the kiosk is silent."),
    Setting("voice.zh_voice", "Chinese (Mandarin, latin as English)", "a voice name, or the start of one",
            _is_text, doc="Chosen by name: speech-dispatcher reports Mandarin as 'cmn', so no locale finds it."),
    Setting("voice.en_voice", "English (America)", "a voice name, or the start of one", _is_text),
    Setting("storage.state_dir", "", "a directory, or empty for the standard state directory", _is_path_or_empty),
    Setting("log.level", "INFO", "DEBUG, INFO, WARNING or ERROR", _is_one_of("DEBUG", "INFO", "WARNING", "ERROR")),
)
_BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    values: Mapping[str, Any]
    source: Path | None  # the file read, if any

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def state_dir(self) -> Path:
        configured = self.values["storage.state_dir"]
        return Path(configured).expanduser() if configured else Path(platformdirs.user_state_dir(APP_NAME))

    @property
    def catalogue_path(self) -> Path:
        configured = self.values["catalogue.path"]
        return Path(configured).expanduser() if configured else DEMO_CATALOGUE

    @property
    def pdf_dir(self) -> Path:
        configured = self.values["printer.pdf_dir"]
        return Path(configured).expanduser() if configured else self.state_dir / "prints"

    def with_values(self, **overrides: Any) -> Config:
        """A copy with some keys replaced (``section__name=value``), checked like the file."""
        values = dict(self.values)
        for name, value in overrides.items():
            key = name.replace("__", ".")
            _check(key, value, "override")
            values[key] = value
        return Config(values, self.source)


def default_paths() -> list[Path]:
    return [
        Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml",
        Path(platformdirs.site_config_dir(APP_NAME)) / "kiosk.toml",
    ]


def _check(key: str, value: Any, origin: str) -> None:
    setting = _BY_KEY.get(key)
    if setting is None:
        raise ConfigError(f"{origin}: unknown setting '{key}' (known: {', '.join(_BY_KEY)})")
    if not setting.check(value):
        raise ConfigError(f"{origin}: '{key}' must be {setting.expected}, not {value!r}")


def _flatten(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    flat = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{origin}: '{section}' must be a [section] table")
        for name, value in table.items():
            flat[f"{section}.{name}"] = value
    return flat


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ
    values = {s.key: s.default for s in SETTINGS}
    if path is None and environ.get(f"{ENV_PREFIX}CONFIG"):
        path = Path(environ[f"{ENV_PREFIX}CONFIG"])
    source = path if path is not None else next((p for p in default_paths() if p.is_file()), None)
    if source is not None:
        import tomllib  # only when there is a file: start-up without one stays lean

        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{source}: config file not found") from None
        except OSError as exc:
            raise ConfigError(f"{source}: cannot read config file ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{source}: config file is not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML ({exc})") from None
        for key, value in _flatten(data, str(source)).items():
            _check(key, value, str(source))
            values[key] = value
    for setting in SETTINGS:
        var = ENV_PREFIX + setting.key.replace(".", "_").upper()
        if var in environ:
            value = setting.convert(environ[var])
            _check(setting.key, value, f"environment {var}")
            values[setting.key] = value
    return Config(values, source)

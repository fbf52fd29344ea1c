"""Configuration: defaults, one TOML file, environment variables; every bad value named."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.assets import DEMO_CATALOGUE, EXAMPLE_CONFIG
from kiosk.config import SETTINGS, ConfigError, default_paths, load_config

DEFAULTS = {s.key: s.default for s in SETTINGS}


@pytest.fixture(autouse=True)
def no_site_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The site config directory (/etc/xdg by default) belongs to the machine: point it elsewhere."""
    site = tmp_path_factory.mktemp("site-config")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(site))
    return site


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path | None = None, environ: dict[str, str] | None = None) -> str:
    """The message of the ConfigError that loading must raise; it is one line."""
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={} if environ is None else environ)
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- sources -------------------------------------------------------------------------------------------------


def test_defaults_load_when_there_is_no_file() -> None:
    config = load_config(environ={})
    assert config.source is None
    assert dict(config.values) == DEFAULTS
    assert config["platform.url"] == "http://127.0.0.1:8700"
    assert config.catalogue_path == DEMO_CATALOGUE


def test_every_default_passes_its_own_check() -> None:
    for setting in SETTINGS:
        assert setting.check(setting.default), setting.key


def test_a_file_overrides_the_defaults_and_leaves_the_rest(tmp_path: Path) -> None:
    path = write(
        tmp_path / "kiosk.toml",
        '[platform]\nurl = "https://platform.test:8443/api"\ntimeout_s = 2.5\n'
        '[ui]\nidle_timeout_s = 300\nfullscreen = false\nlanguage = "en"\n'
        '[terminal]\nid = "HN-CS-0007"\nhall = "岳麓区政务服务中心"\n',
    )
    config = load_config(path, environ={})
    assert config.source == path
    assert config["platform.url"] == "https://platform.test:8443/api"
    assert config["platform.timeout_s"] == 2.5
    assert config["ui.idle_timeout_s"] == 300
    assert config["ui.fullscreen"] is False
    assert config["ui.language"] == "en"
    assert config["terminal.id"] == "HN-CS-0007"
    assert config["terminal.hall"] == "岳麓区政务服务中心"
    assert config["printer.backend"] == DEFAULTS["printer.backend"]
    assert config["log.level"] == DEFAULTS["log.level"]


def test_the_file_is_found_in_the_user_config_directory() -> None:
    user_file = default_paths()[0]
    user_file.parent.mkdir(parents=True)
    write(user_file, '[log]\nlevel = "DEBUG"\n')
    config = load_config(environ={})
    assert config.source == user_file
    assert config["log.level"] == "DEBUG"


def test_the_site_file_is_used_when_the_user_has_none(no_site_config: Path) -> None:
    site_file = no_site_config / "hunan-kiosk" / "kiosk.toml"
    assert default_paths()[1] == site_file
    site_file.parent.mkdir(parents=True)
    write(site_file, '[printer]\nbackend = "cups"\nqueue = "receipts"\n')
    config = load_config(environ={})
    assert config.source == site_file
    assert (config["printer.backend"], config["printer.queue"]) == ("cups", "receipts")


def test_kiosk_config_in_the_environment_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "elsewhere.toml", '[ui]\nlanguage = "en"\n')
    config = load_config(environ={"KIOSK_CONFIG": str(path)})
    assert config.source == path
    assert config["ui.language"] == "en"


def test_environment_variables_override_the_file_and_are_converted(tmp_path: Path) -> None:
    path = write(
        tmp_path / "kiosk.toml",
        '[platform]\nurl = "http://file.test"\ntimeout_s = 30\n[ui]\nidle_timeout_s = 300\nfullscreen = true\n',
    )
    environ = {
        "KIOSK_PLATFORM_URL": "https://env.test",
        "KIOSK_PLATFORM_TIMEOUT_S": "2.5",
        "KIOSK_UI_IDLE_TIMEOUT_S": "600",
        "KIOSK_UI_IDLE_WARNING_S": "45",
        "KIOSK_UI_FULLSCREEN": "no",
        "KIOSK_TERMINAL_HALL_EN": "Yuelu Service Centre",
        "KIOSK_UNRELATED": "ignored",
    }
    config = load_config(path, environ=environ)
    assert config["platform.url"] == "https://env.test"
    assert config["platform.timeout_s"] == 2.5
    assert config["ui.idle_timeout_s"] == 600
    assert type(config["ui.idle_timeout_s"]) is int
    assert config["ui.idle_warning_s"] == 45
    assert config["ui.fullscreen"] is False
    assert config["terminal.hall_en"] == "Yuelu Service Centre"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("FALSE", False), ("off", False)],
)
def test_boolean_spellings_from_the_environment(raw: str, expected: bool) -> None:
    assert load_config(environ={"KIOSK_UI_FULLSCREEN": raw})["ui.fullscreen"] is expected


def test_a_whole_number_from_the_environment_is_a_valid_timeout_in_seconds() -> None:
    assert load_config(environ={"KIOSK_PLATFORM_TIMEOUT_S": "3"})["platform.timeout_s"] == 3


def test_with_values_replaces_and_checks() -> None:
    config = load_config(environ={})
    changed = config.with_values(ui__language="en", platform__timeout_s=1.0)
    assert (changed["ui.language"], changed["platform.timeout_s"]) == ("en", 1.0)
    assert config["ui.language"] == "zh"
    with pytest.raises(ConfigError, match=r"ui\.idle_timeout_s"):
        config.with_values(ui__idle_timeout_s=5)
    with pytest.raises(ConfigError, match=r"ui\.colour"):
        config.with_values(ui__colour="red")


def test_the_paths_follow_the_configuration(tmp_path: Path) -> None:
    config = load_config(environ={"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "state")})
    assert config.state_dir == tmp_path / "state"
    assert config.pdf_dir == tmp_path / "state" / "prints"
    config = config.with_values(printer__pdf_dir=str(tmp_path / "pdf"), catalogue__path=str(tmp_path / "c.json"))
    assert config.pdf_dir == tmp_path / "pdf"
    assert config.catalogue_path == tmp_path / "c.json"


# -- bad values: ConfigError naming the key and what is expected ---------------------------------------------


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "kiosk.toml", "[ui]\nidle_timout_s = 60\n")
    message = config_error(path)
    assert "ui.idle_timout_s" in message
    assert "unknown" in message
    assert "ui.idle_timeout_s" in message  # the known keys are listed
    assert str(path) in message


def test_an_unknown_section_is_named(tmp_path: Path) -> None:
    message = config_error(write(tmp_path / "kiosk.toml", '[printers]\nbackend = "pdf"\n'))
    assert "printers.backend" in message
    assert "unknown" in message


@pytest.mark.parametrize(
    ("toml", "key", "expected"),
    [
        ('[ui]\nidle_timeout_s = "120"', "ui.idle_timeout_s", "whole seconds between 30 and 1800"),
        ("[ui]\nidle_timeout_s = 120.5", "ui.idle_timeout_s", "whole seconds between 30 and 1800"),
        ("[ui]\nidle_timeout_s = true", "ui.idle_timeout_s", "whole seconds between 30 and 1800"),
        ('[ui]\nfullscreen = "yes"', "ui.fullscreen", "true or false"),
        ('[platform]\ntimeout_s = "10"', "platform.timeout_s", "seconds between 0.5 and 120"),
        ("[platform]\nurl = 8700", "platform.url", "an http:// or https:// URL"),
        ('[terminal]\nid = "   "', "terminal.id", "a terminal id"),
        ('[ui]\nlanguage = "fr"', "ui.language", "'zh' or 'en'"),
        ("[printer]\nbackend = 3", "printer.backend", "'pdf', 'cups' or 'escpos'"),  # names: test_device_registry
        ('[cards]\nbackend = "pcsc,,vendor"', "cards.backend", "or several joined by commas"),
        ('[cards]\nbackend = "pcsc, pcsc"', "cards.backend", "or several joined by commas"),
        ('[log]\nlevel = "debug"', "log.level", "DEBUG, INFO, WARNING or ERROR"),
        ("[storage]\nstate_dir = 0", "storage.state_dir", "a directory"),
    ],
)
def test_a_value_of_the_wrong_type_is_named(tmp_path: Path, toml: str, key: str, expected: str) -> None:
    message = config_error(write(tmp_path / "kiosk.toml", toml + "\n"))
    assert f"'{key}'" in message
    assert expected in message


@pytest.mark.parametrize("seconds", [29, 1801, 0, -120])
def test_an_idle_timeout_out_of_range_is_refused(tmp_path: Path, seconds: int) -> None:
    message = config_error(write(tmp_path / "kiosk.toml", f"[ui]\nidle_timeout_s = {seconds}\n"))
    assert "'ui.idle_timeout_s'" in message
    assert "between 30 and 1800" in message
    assert repr(seconds) in message


def test_the_range_limits_themselves_are_accepted(tmp_path: Path) -> None:
    for seconds in (30, 1800):
        path = write(tmp_path / "kiosk.toml", f"[ui]\nidle_timeout_s = {seconds}\n")
        assert load_config(path, environ={})["ui.idle_timeout_s"] == seconds


@pytest.mark.parametrize(
    "url", ["ftp://platform.test", "platform.test:8700", "http://", "https:///v1", "", "127.0.0.1:8700"]
)
def test_a_bad_platform_url_is_refused(tmp_path: Path, url: str) -> None:
    message = config_error(write(tmp_path / "kiosk.toml", f'[platform]\nurl = "{url}"\n'))
    assert "'platform.url'" in message
    assert "http:// or https://" in message


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "kiosk.toml", "[ui\nlanguage = zh\n")
    message = config_error(path)
    assert str(path) in message
    assert "not valid TOML" in message


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes('[terminal]\nhall = "长沙市政务服务中心"\n'.encode("gb18030"))
    message = config_error(path)
    assert str(path) in message
    assert "not UTF-8" in message


def test_a_missing_file_given_explicitly_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "kiosk.toml"
    message = config_error(path)
    assert str(path) in message
    assert "not found" in message


def test_a_missing_file_named_by_kiosk_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    message = config_error(environ={"KIOSK_CONFIG": str(path)})
    assert str(path) in message
    assert "not found" in message


def test_a_directory_instead_of_a_file_is_refused(tmp_path: Path) -> None:
    message = config_error(tmp_path)
    assert str(tmp_path) in message
    assert "cannot read" in message


@pytest.mark.parametrize("toml", ['ui = "zh"', "level = 1\n[log]", "platform = [1, 2]"])
def test_a_section_that_is_not_a_table_is_refused(tmp_path: Path, toml: str) -> None:
    section = toml.split(" =", 1)[0]
    message = config_error(write(tmp_path / "kiosk.toml", toml + "\n"))
    assert f"'{section}'" in message
    assert "[section] table" in message


@pytest.mark.parametrize(
    ("var", "raw", "key", "expected"),
    [
        ("KIOSK_UI_IDLE_TIMEOUT_S", "two minutes", "ui.idle_timeout_s", "whole seconds"),
        ("KIOSK_UI_IDLE_TIMEOUT_S", "90.5", "ui.idle_timeout_s", "whole seconds"),
        ("KIOSK_UI_IDLE_TIMEOUT_S", "5", "ui.idle_timeout_s", "between 30 and 1800"),
        ("KIOSK_UI_FULLSCREEN", "maybe", "ui.fullscreen", "true or false"),
        ("KIOSK_PLATFORM_TIMEOUT_S", "nan", "platform.timeout_s", "between 0.5 and 120"),
        ("KIOSK_PLATFORM_TIMEOUT_S", "1e9", "platform.timeout_s", "between 0.5 and 120"),
        ("KIOSK_PLATFORM_URL", "platform.test", "platform.url", "http:// or https://"),
        ("KIOSK_LOG_LEVEL", "verbose", "log.level", "DEBUG, INFO"),
    ],
)
def test_a_bad_environment_value_names_the_variable_and_the_key(var: str, raw: str, key: str, expected: str) -> None:
    message = config_error(environ={var: raw})
    assert var in message
    assert f"'{key}'" in message
    assert expected in message


def test_the_environment_cannot_hide_a_bad_file(tmp_path: Path) -> None:
    """The file is checked even where the environment would override the key."""
    path = write(tmp_path / "kiosk.toml", "[ui]\nidle_timeout_s = 5\n")
    message = config_error(path, environ={"KIOSK_UI_IDLE_TIMEOUT_S": "60"})
    assert str(path) in message


# -- the example file ----------------------------------------------------------------------------------------


def test_the_example_config_loads_and_sets_every_declared_key() -> None:
    config = load_config(EXAMPLE_CONFIG, environ={})
    assert config.source == EXAMPLE_CONFIG
    data: dict[str, Any] = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    written = {f"{section}.{name}" for section, table in data.items() for name in table}
    assert written == {s.key for s in SETTINGS}


def test_the_example_config_shows_the_defaults() -> None:
    """Its header says "the values below are the defaults": keep it true."""
    assert dict(load_config(EXAMPLE_CONFIG, environ={}).values) == DEFAULTS

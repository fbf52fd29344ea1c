"""The catalogue in use: kept in the store, and replaced only by a bundle that passes every check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueError
from kiosk.catalogue.install import current_catalogue, install_catalogue
from kiosk.store import Store
from tests.helpers.bundles import encode, small


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "state")


def bundle(version: str, broken: bool = False) -> bytes:
    def edit(data: dict[str, object]) -> None:
        data["version"] = version
        if broken:
            data["format"] = 99

    return encode(small(edit))


def test_a_new_kiosk_installs_the_configured_file(store: Store, tmp_path: Path) -> None:
    configured = tmp_path / "catalogue.json"
    configured.write_bytes(bundle("v1"))
    assert current_catalogue(store, configured).version == "v1"
    installed = store.current_catalogue()
    assert installed is not None and installed[0] == configured.read_bytes()


def test_a_broken_bundle_is_refused_and_the_previous_stays(store: Store, tmp_path: Path) -> None:
    install_catalogue(store, bundle("v1"))
    with pytest.raises(CatalogueError, match=r"catalogue\.format"):
        install_catalogue(store, bundle("v2", broken=True))
    configured = tmp_path / "catalogue.json"
    configured.write_bytes(bundle("v3", broken=True))
    assert current_catalogue(store, configured).version == "v1"  # logged, not used


def test_a_changed_configured_file_replaces_the_catalogue(store: Store, tmp_path: Path) -> None:
    configured = tmp_path / "catalogue.json"
    configured.write_bytes(bundle("v1"))
    current_catalogue(store, configured)
    configured.write_bytes(bundle("v2"))
    assert current_catalogue(store, configured).version == "v2"


def test_the_store_survives_a_missing_configured_file(store: Store, tmp_path: Path) -> None:
    install_catalogue(store, bundle("v1"))
    assert current_catalogue(store, tmp_path / "gone.json").version == "v1"


def test_with_nothing_usable_it_says_so(store: Store, tmp_path: Path) -> None:
    configured = tmp_path / "catalogue.json"
    configured.write_bytes(bundle("v1", broken=True))
    with pytest.raises(CatalogueError, match=r"catalogue\.json: catalogue\.format"):
        current_catalogue(store, configured)
    with pytest.raises(CatalogueError, match="cannot read"):
        current_catalogue(store, tmp_path / "gone.json")


def test_only_the_current_and_the_previous_are_kept(store: Store) -> None:
    for version in ("v1", "v2", "v3", "v4"):
        install_catalogue(store, bundle(version))
    import sqlite3

    rows = sqlite3.connect(store.db_path).execute("SELECT version FROM catalogues ORDER BY id").fetchall()
    assert rows == [("v3",), ("v4",)]


def test_the_install_command(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(bundle("v7"))
    bad.write_bytes(bundle("v8", broken=True))
    env = {"KIOSK_STORAGE_STATE_DIR": str(tmp_path / "state"), "PATH": "/usr/bin:/bin"}

    def install(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli.main", "catalog", "install", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    ok = install(good)
    assert ok.returncode == 0 and "v7 installed" in ok.stdout
    refused = install(bad)
    assert refused.returncode == 1 and "current catalogue stays in use" in refused.stderr
    assert "catalogue.format" in refused.stderr and "Traceback" not in refused.stderr
    store = Store(tmp_path / "state")
    current = store.current_catalogue()
    assert current is not None and current[0] == good.read_bytes()


def test_once_the_platform_sent_a_catalogue_the_configured_file_no_longer_replaces_it(
    store: Store, tmp_path: Path
) -> None:
    configured = tmp_path / "catalogue.json"
    configured.write_bytes(bundle("v1"))
    current_catalogue(store, configured)  # a new kiosk starts from the file
    install_catalogue(store, bundle("v2"))  # then the platform sends an update
    configured.write_bytes(bundle("v1-edited"))
    assert current_catalogue(store, configured).version == "v2"  # a restart must not undo the update
    assert store.catalogue_origin() == "platform"

"""Which catalogue the kiosk uses. A bundle is switched in only after every check has passed."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path
from typing import Protocol

from kiosk.catalogue.load import CatalogueError, parse_catalogue
from kiosk.catalogue.model import Catalogue

log = logging.getLogger("kiosk.app")


class CatalogueStore(Protocol):
    def save_catalogue(self, bundle: bytes, version: str, digest: str, at: dt.datetime) -> None: ...

    def current_catalogue(self) -> tuple[bytes, str] | None: ...


def install_catalogue(store: CatalogueStore, bundle: bytes) -> Catalogue:
    """Check a new bundle and make it current. On any problem CatalogueError lists them all
    and the catalogue in use stays as it was."""
    catalogue = parse_catalogue(bundle)
    store.save_catalogue(bundle, catalogue.version, catalogue.digest, dt.datetime.now(dt.UTC))
    log.info("catalogue %s installed", catalogue.version)
    return catalogue


def current_catalogue(store: CatalogueStore, configured: Path) -> Catalogue:
    """The catalogue in use. A changed configured file is installed first if it passes every check;
    a broken one is logged and the previous bundle stays in use."""
    try:
        offered: bytes | None = configured.read_bytes()
    except OSError as exc:
        offered = None
        log.error("cannot read the configured catalogue %s: %s", configured, exc.strerror)
    current = store.current_catalogue()
    if offered is not None and (current is None or hashlib.sha256(offered).hexdigest() != current[1]):
        try:
            return install_catalogue(store, offered)
        except CatalogueError as exc:
            if current is None:
                raise CatalogueError([f"{configured.name}: {p}" for p in exc.problems]) from None
            log.error("catalogue %s rejected, the previous one stays in use: %s", configured, "; ".join(exc.problems))
    if current is None:
        raise CatalogueError(f"no catalogue: cannot read {configured}")
    return parse_catalogue(current[0])

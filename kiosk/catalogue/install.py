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
    def save_catalogue(
        self, bundle: bytes, version: str, digest: str, at: dt.datetime, origin: str = "platform"
    ) -> None: ...

    def current_catalogue(self) -> tuple[bytes, str] | None: ...

    def catalogue_origin(self) -> str | None: ...


def install_catalogue(store: CatalogueStore, bundle: bytes, origin: str = "platform") -> Catalogue:
    """Check a new bundle and make it current. On any problem CatalogueError lists them all
    and the catalogue in use stays as it was."""
    catalogue = parse_catalogue(bundle)
    store.save_catalogue(bundle, catalogue.version, catalogue.digest, dt.datetime.now(dt.UTC), origin)
    log.info("catalogue %s installed", catalogue.version)
    return catalogue


def current_catalogue(store: CatalogueStore, configured: Path) -> Catalogue:
    """The catalogue in use. A new kiosk starts from the configured file. While the catalogue
    still comes from that file, a changed file is installed if it passes every check (a broken one
    is logged and the previous bundle stays); once the platform has sent one, the file is ignored."""
    try:
        offered: bytes | None = configured.read_bytes()
    except OSError as exc:
        offered = None
        log.error("cannot read the configured catalogue %s: %s", configured, exc.strerror)
    current = store.current_catalogue()
    from_file = current is None or store.catalogue_origin() == "file"
    if offered is not None and from_file and (current is None or hashlib.sha256(offered).hexdigest() != current[1]):
        try:
            return install_catalogue(store, offered, origin="file")
        except CatalogueError as exc:
            if current is None:
                raise CatalogueError([f"{configured.name}: {p}" for p in exc.problems]) from None
            log.error("catalogue %s rejected, the previous one stays in use: %s", configured, "; ".join(exc.problems))
    if current is None:
        raise CatalogueError(f"no catalogue: cannot read {configured}")
    return parse_catalogue(current[0])

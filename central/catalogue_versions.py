"""Catalogue versions: publishing bundles, and serving the newest one whole or as a delta.

`kiosk-central catalogue publish FILE --db URL` checks a bundle with the kiosk's own loader and
stores it as the newest version; a version string always stands for the same bytes. The server
looks up the newest version on every request (one query on the primary key) and loads a bundle
only when that changed, so a version published while it runs is served, and applications are
checked against it, from the next request on.

``GET /v1/catalogue`` (signed) answers with the newest bundle, byte for byte, its ``ETag`` (the
sha256 of those bytes) and ``X-Catalogue-Version``. With ``?since=VERSION`` naming an older
published version it answers with a delta instead (``X-Catalogue-Delta-From: VERSION``; the format
is in kiosk/catalogue/delta.py). ``If-None-Match`` naming the newest bundle's sha256, or the sha256
of its canonical form (what a kiosk holds after a delta), gets 304. Version headers are
percent-encoded, as in a query string.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from central.platform import Platform
from central.records import CatalogueVersion
from central.schemas import ErrorBody
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import Catalogue, CatalogueError, parse_catalogue
from kiosk.catalogue.delta import DeltaError, canonical_digest, compact_bytes, make_delta

log = logging.getLogger("central.catalogue")

DELTAS_KEPT = 16  # (since, newest) pairs whose delta is kept ready


class VersionConflict(CatalogueError):
    """The version string is already published with other bytes."""


@dataclass(frozen=True)
class Published:
    id: int  # later publications have larger ids: the largest is the newest
    version: str
    digest: str  # sha256 of the bytes, the ETag
    bundle: bytes

    @classmethod
    def of(cls, row: CatalogueVersion) -> Published:
        return cls(row.id, row.version, row.digest, row.bundle)


def check_bundle(path: Path) -> tuple[bytes, Catalogue]:
    """A bundle file's bytes and catalogue. Raises CatalogueError listing every problem, each
    after the file's name."""
    try:
        bundle = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc.strerror}") from None
    try:
        return bundle, parse_catalogue(bundle)
    except CatalogueError as exc:
        raise CatalogueError([f"{path.name}: {p}" for p in exc.problems]) from None


def publish(
    sessions: sessionmaker[Session], bundle: bytes, catalogue: Catalogue, at: dt.datetime
) -> tuple[Published, bool]:
    """Store a checked bundle as the newest version; True if it was not published before.
    Raises VersionConflict if its version is published with other bytes."""
    with sessions.begin() as session:
        row = session.scalar(select(CatalogueVersion).where(CatalogueVersion.version == catalogue.version))
        if row is not None:
            if row.digest != catalogue.digest:
                raise VersionConflict(f"catalogue version {catalogue.version!r} is already published with other "
                                      "content: give the bundle a new version")
            return Published.of(row), False
        row = CatalogueVersion(version=catalogue.version, digest=catalogue.digest, bundle=bundle, published_at=at)
        session.add(row)
        session.flush()
        published = Published.of(row)
    log.info("catalogue %s published", published.version)
    return published, True


def publish_at_start(engine: Engine, offered: tuple[bytes, Catalogue] | None, at: dt.datetime) -> None:
    """`serve --catalogue FILE` publishes FILE if its version is new; without one, an empty
    platform gets the demo catalogue."""
    sessions = sessionmaker(engine, expire_on_commit=False)
    if offered is None:
        with sessions() as session:
            if session.scalar(select(func.max(CatalogueVersion.id))) is not None:
                return
        offered = check_bundle(DEMO_CATALOGUE)
    publish(sessions, *offered, at)


def etag_matches(if_none_match: str | None, *digests: str) -> bool:
    if if_none_match is None:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or any(f'"{digest}"' in candidates for digest in digests)


class CatalogueVersions:
    """The published versions as the server sees them: the newest, checked per request, and deltas."""

    def __init__(self, engine: Engine) -> None:
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.Lock()
        self._newest: Published | None = None
        self._good: tuple[int, Catalogue] | None = None  # the newest version that parsed
        self._unusable: set[int] = set()
        self._canonical: dict[int, str] = {}
        self._deltas: OrderedDict[tuple[str, int], bytes | None] = OrderedDict()

    def newest(self) -> Published | None:
        with self.sessions() as session:
            newest_id = session.scalar(select(func.max(CatalogueVersion.id)))
            cached = self._newest
            if newest_id is None or (cached is not None and cached.id == newest_id):
                return cached if newest_id is not None else None
            row = session.get(CatalogueVersion, newest_id)
            if row is None:  # removed by hand since the query above
                return cached
            self._newest = Published.of(row)
            return self._newest

    def catalogue(self) -> Catalogue:
        """The newest catalogue; applications are checked against it. Only a row written past
        `publish` can fail to parse: it is logged once and the previous catalogue stays in use."""
        newest = self.newest()
        good = self._good
        if newest is None:
            raise CatalogueError("no catalogue is published")
        if good is not None and (good[0] == newest.id or newest.id in self._unusable):
            return good[1]
        with self._lock:
            good = self._good
            if good is not None and good[0] == newest.id:
                return good[1]
            try:
                catalogue = parse_catalogue(newest.bundle)
            except CatalogueError as exc:
                self._unusable.add(newest.id)
                log.error("published catalogue %s does not parse (%d problems); %s", newest.version,
                          len(exc.problems), "the previous one stays in use" if good else "none is usable")
                if good is None:
                    raise
                return good[1]
            self._good = (newest.id, catalogue)
            log.info("catalogue %s in use", catalogue.version)
            return catalogue

    def canonical(self, published: Published) -> str | None:
        """sha256 of the bundle's canonical form; None if it has none (not JSON)."""
        if published.id not in self._canonical:
            try:
                self._canonical[published.id] = canonical_digest(json.loads(published.bundle))
            except (ValueError, DeltaError):
                return None
        return self._canonical[published.id]

    def delta(self, since: str, newest: Published) -> bytes | None:
        """The delta from an older published version to the newest; None for an unknown or not older
        version, or when the whole bundle is no bigger."""
        key = (since, newest.id)
        with self._lock:
            if key in self._deltas:
                self._deltas.move_to_end(key)
                return self._deltas[key]
        with self.sessions() as session:
            # No version has a NUL, and PostgreSQL refuses to compare text with one.
            query = select(CatalogueVersion).where(CatalogueVersion.version == since)
            old = session.scalar(query) if "\x00" not in since else None
            old_id, old_bundle = (old.id, old.bundle) if old is not None else (newest.id, b"")
        delta = self._make(old_bundle, newest) if old_id < newest.id else None
        with self._lock:
            self._deltas[key] = delta
            while len(self._deltas) > DELTAS_KEPT:
                self._deltas.popitem(last=False)
        return delta

    def _make(self, old_bundle: bytes, newest: Published) -> bytes | None:
        try:
            old, new = json.loads(old_bundle), json.loads(newest.bundle)
            delta = compact_bytes(make_delta(old, new, self.canonical(newest)))
        except (ValueError, DeltaError) as exc:  # a row written past `publish`
            log.warning("no delta to catalogue %s: %s", newest.version, exc)
            return None
        return delta if len(delta) < len(newest.bundle) else None

    def _held(self, newest: Published, if_none_match: str | None) -> bool:
        """The terminal holds the newest version: its bytes, or their canonical form after a delta."""
        if if_none_match is None or etag_matches(if_none_match, newest.digest):
            return if_none_match is not None
        canonical = self.canonical(newest)
        return canonical is not None and etag_matches(if_none_match, canonical)

    def answer(self, since: str | None, if_none_match: str | None) -> Response:
        newest = self.newest()
        if newest is None:
            return JSONResponse({"error": "no_catalogue"}, status_code=503)
        headers = {"X-Catalogue-Version": quote(newest.version), "Cache-Control": "no-cache"}
        etag = {"ETag": f'"{newest.digest}"'}
        if self._held(newest, if_none_match):
            return Response(status_code=304, headers=headers | etag)
        delta = self.delta(since, newest) if since is not None and since != newest.version else None
        if delta is not None:
            delta_headers = headers | {"X-Catalogue-Delta-From": quote(since or "")}
            return Response(delta, media_type="application/json", headers=delta_headers)
        return Response(newest.bundle, media_type="application/json", headers=headers | etag)


def routes(platform: Platform) -> APIRouter:
    versions = CatalogueVersions(platform.engine)
    router = APIRouter()
    answers: dict[int | str, dict[str, Any]] = {
        200: {"content": {"application/json": {}}, "description": "The newest bundle, or a delta to it"},
        304: {"description": "Not modified: the terminal holds the newest version"},
        401: {"model": ErrorBody, "description": "Not signed by a terminal"},
        503: {"model": ErrorBody, "description": "No catalogue is published"},
    }

    @router.get("/v1/catalogue", response_class=Response, responses=answers)
    def get_catalogue(
        since: Annotated[str | None, Query(max_length=200, description="the version the terminal holds")] = None,
        if_none_match: Annotated[str | None, Header()] = None,
        _terminal: str = Depends(platform.terminals),
    ) -> Response:
        """The newest catalogue: its bytes as published (ETag: their sha256), or a delta from ``since``."""
        return versions.answer(since, if_none_match)

    return router

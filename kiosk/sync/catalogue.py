"""Catalogue updates from the platform: asked for with the version held, verified, then switched in.

The kiosk asks ``GET /v1/catalogue?since=<its version>`` and the platform answers 304 (nothing
new), a delta (``X-Catalogue-Delta-From``; the format is in kiosk/catalogue/delta.py) or the whole
bundle. A delta is applied to the bundle held, and the result must have the canonical digest the
delta names; a whole bundle must have the sha256 its ETag names. Only then does
``install_catalogue`` switch it in, which checks every problem and keeps the previous bundle on
any. Network and HTTP trouble is a result, never an exception. Logs name versions, nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from kiosk.catalogue.delta import DeltaError, apply_delta, canonical_digest, compact_bytes
from kiosk.catalogue.install import CatalogueStore, install_catalogue
from kiosk.catalogue.load import CatalogueError

if TYPE_CHECKING:
    from kiosk.sync.platform import Platform

log = logging.getLogger("kiosk.sync")


class Update(StrEnum):
    CURRENT = "current"  # the kiosk holds the newest version
    UPDATED = "updated"  # a newer version passed every check and is in use
    REJECTED = "rejected"  # the platform's catalogue (or delta) has problems: the previous one stays
    UNREACHABLE = "unreachable"  # no answer, or an HTTP error: ask again later
    DIGEST_MISMATCH = "digest_mismatch"  # what arrived is not what the platform said it sent


@dataclass(frozen=True)
class UpdateResult:
    reason: Update
    version: str | None  # the version in use after the check
    checked_at: dt.datetime
    offered: str | None = None  # the newest version, as the platform named it
    problems: tuple[str, ...] = ()
    delta: bool = False  # the answer was a delta
    received_bytes: int = 0


@dataclass(frozen=True)
class _Held:
    digest: str  # sha256 of the bytes held, as the store keeps it
    version: str | None
    canonical: str | None  # sha256 of the canonical form: what a platform knows a delta's result by

    def etags(self) -> str:
        return ", ".join(f'"{digest}"' for digest in (self.digest, self.canonical) if digest)


class _Refused(Exception):
    def __init__(self, reason: Update, problem: str) -> None:
        super().__init__(problem)
        self.reason = reason
        self.problems = (problem,)


def _json(bundle: bytes) -> Any:
    try:
        return json.loads(bundle)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


class CatalogueUpdater:
    def __init__(self, platform_client: Platform, store: CatalogueStore, clock: Callable[[], dt.datetime]):
        self.platform = platform_client
        self.store = store
        self.clock = clock
        self._held_cache: _Held | None = None

    def check(self) -> UpdateResult:
        """Ask the platform once; switch in a newer catalogue only if it arrived intact and passes every check."""
        held = self._held()
        version = held.version if held else None
        answer = self.platform.catalogue(version, held.etags() if held else None)
        if answer is None:
            log.info("catalogue check: the platform did not answer; %s stays in use", version)
            return UpdateResult(Update.UNREACHABLE, version, self.clock(), problems=("the platform did not answer",))
        status, body, headers = answer
        offered = unquote(headers["x-catalogue-version"]) if "x-catalogue-version" in headers else None
        is_delta = "x-catalogue-delta-from" in headers

        def result(reason: Update, now_in_use: str | None, problems: tuple[str, ...] = ()) -> UpdateResult:
            return UpdateResult(reason, now_in_use, self.clock(), offered, problems, is_delta, len(body))

        if status == 304:
            return result(Update.CURRENT, version)
        if status != 200:
            log.info("catalogue check: HTTP %d; %s stays in use", status, version)
            return result(Update.UNREACHABLE, version, (f"HTTP {status}",))
        try:
            if is_delta:
                bundle = self._applied(body, unquote(headers["x-catalogue-delta-from"]), held)
            else:
                bundle = self._verified(body, headers.get("etag"))
            if held is not None and hashlib.sha256(bundle).hexdigest() == held.digest:
                return result(Update.CURRENT, version)
            catalogue = install_catalogue(self.store, bundle)
        except _Refused as exc:
            log.warning("catalogue %s from the platform refused (%s); %s stays in use", offered, exc.reason, version)
            return result(exc.reason, version, exc.problems)
        except CatalogueError as exc:
            log.warning("catalogue %s from the platform rejected with %d problems; %s stays in use",
                        offered, len(exc.problems), version)
            return result(Update.REJECTED, version, tuple(exc.problems))
        how = f"a delta of {len(body)} bytes" if is_delta else f"the whole bundle, {len(body)} bytes"
        log.info("catalogue %s → %s from the platform, as %s", version, catalogue.version, how)
        return result(Update.UPDATED, catalogue.version)

    def _held(self) -> _Held | None:
        current = self.store.current_catalogue()
        if current is None:
            return None
        bundle, digest = current
        if self._held_cache is None or self._held_cache.digest != digest:
            value = _json(bundle)
            version = value.get("version") if isinstance(value, dict) else None
            try:
                canonical = canonical_digest(value) if value is not None else None
            except DeltaError:
                canonical = None
            self._held_cache = _Held(digest, version if isinstance(version, str) else None, canonical)
        return self._held_cache

    def _applied(self, body: bytes, since: str, held: _Held | None) -> bytes:
        """The new bundle: the delta applied to the one held, with the digest the delta names."""
        current = self.store.current_catalogue()
        old = _json(current[0]) if current is not None else None
        if held is None or not isinstance(old, dict) or since != held.version:
            raise _Refused(Update.REJECTED, f"a delta from {since!r}, but {held.version if held else None!r} is held")
        delta = _json(body)
        if not isinstance(delta, dict):
            raise _Refused(Update.REJECTED, "the delta is not a JSON object")
        try:
            new = apply_delta(old, delta)
            digest = canonical_digest(new)
            bundle = compact_bytes(new)
        except DeltaError as exc:
            raise _Refused(Update.REJECTED, f"the delta does not apply: {exc}") from None
        if digest != delta.get("digest"):
            raise _Refused(Update.DIGEST_MISMATCH, f"the delta gives a bundle with digest {digest}, "
                                                   f"not the {delta.get('digest')} it names")
        return bundle

    def _verified(self, body: bytes, etag: str | None) -> bytes:
        """The whole bundle, if its sha256 is the one its ETag names."""
        expected = etag.strip().removeprefix("W/").strip('"') if etag else None
        actual = hashlib.sha256(body).hexdigest()
        if expected != actual:
            raise _Refused(Update.DIGEST_MISMATCH, f"the bundle's sha256 is {actual}, not the {expected} named")
        return body

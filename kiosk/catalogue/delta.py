"""Catalogue deltas: what changed from one bundle to the next, and applying that to the old one.

A delta is a JSON object; applying it to the old bundle's parsed JSON gives exactly the new
bundle's value, with its members and entries in the same order::

    {"from": "2026.11.0", "to": "2026.11.1",
     "digest": "<sha256 of the new bundle's canonical form>",
     "set":    {"top": {"version": "2026.11.1"}, "items": {"430100000001": {"code": "430100000001", ...}}},
     "remove": {"fields": ["child.nickname"], "packages": ["43PCS0007"]},
     "order":  {"items": ["430100000002", "430100000001", ...]}}

- ``top``: the top-level members (format, version, groups, columns…), set whole or removed by name.
- ``fields`` (by key), ``items`` and ``packages`` (by ``code``): each entry added or changed is set
  whole, each one removed is named. A changed entry keeps its place; new ones go at the end in the
  order given. A collection that cannot be keyed (not an object, or not a list of objects with
  distinct string codes) is set whole under ``top`` instead.
- ``order`` (only when needed): the complete order of a collection's entries, or of the top-level
  members (``top``), when the rules above would not give the new one.

Canonical form, computed the same way on the platform and on the kiosk: JSON with sorted keys,
no spaces, UTF-8 (not ASCII-escaped), no NaN. ``digest`` is its sha256, so a delta applied to a
bundle other than the one it was made from is caught before anything is switched in.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

COLLECTIONS = ("fields", "items", "packages")
TOP = "top"

Json = dict[str, Any]


class DeltaError(ValueError):
    """A delta that cannot be applied, or a value that has no canonical form."""


def canonical_bytes(value: Any) -> bytes:
    """The one serialisation both sides hash: sorted keys, no spaces, UTF-8."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError (a lone surrogate) is a ValueError
        raise DeltaError(f"no canonical form: {exc}") from None


def canonical_digest(value: Any) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def compact_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON that keeps the order of members: a delta on the wire, a rebuilt bundle."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise DeltaError(f"not encodable as JSON: {exc}") from None


def _identical(a: Any, b: Any) -> bool:
    """Equal as JSON text, member order and number types included (Python has 1 == 1.0 == True)."""
    return a is b or json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def keyed_entries(name: str, value: Any) -> dict[str, Any] | None:
    """A collection's entries by key or code, in order; None if it cannot be keyed."""
    if name == "fields":
        return dict(value) if isinstance(value, dict) else None
    if not isinstance(value, list):
        return None
    entries: dict[str, Any] = {}
    for entry in value:
        code = entry.get("code") if isinstance(entry, dict) else None
        if not isinstance(code, str) or code in entries:
            return None
        entries[code] = entry
    return entries


def _rebuilt(name: str, entries: dict[str, Any]) -> Any:
    return entries if name == "fields" else list(entries.values())


def _order_after(before: list[str], removed: set[str], after: list[str]) -> list[str]:
    """The order that applying sets and removals gives: kept entries in place, new ones at the end."""
    kept = set(before) - removed
    return [k for k in before if k not in removed] + [k for k in after if k not in kept]


def make_delta(old: Json, new: Json, digest: str | None = None) -> Json:
    """The delta from ``old`` to ``new`` (both a bundle's parsed JSON). ``digest``: new's, if known."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise DeltaError("a bundle is a JSON object")
    sets: dict[str, dict[str, Any]] = {}
    removes: dict[str, list[str]] = {}
    order: dict[str, list[str]] = {}
    top: dict[str, Any] = {}
    for key, value in new.items():
        before = keyed_entries(key, old[key]) if key in COLLECTIONS and key in old else None
        after = keyed_entries(key, value) if before is not None else None
        if before is not None and after is not None:
            changed = {k: e for k, e in after.items() if k not in before or not _identical(before[k], e)}
            gone = [k for k in before if k not in after]
            if changed:
                sets[key] = changed
            if gone:
                removes[key] = gone
            if _order_after(list(before), set(gone), list(after)) != list(after):
                order[key] = list(after)
        elif key not in old or not _identical(old[key], value):
            top[key] = value
    if top:
        sets[TOP] = top
    gone_top = [key for key in old if key not in new]
    if gone_top:
        removes[TOP] = gone_top
    if _order_after(list(old), set(gone_top), list(new)) != list(new):
        order[TOP] = list(new)
    delta: Json = {
        "from": old.get("version"),
        "to": new.get("version"),
        "digest": digest or canonical_digest(new),
        "set": sets,
        "remove": removes,
    }
    if order:
        delta["order"] = order
    return delta


def _section(delta: Json, name: str) -> dict[str, Any]:
    section = delta.get(name, {})
    if not isinstance(section, dict) or not set(section) <= {TOP, *COLLECTIONS}:
        raise DeltaError(f"'{name}' must be an object with {TOP}, {', '.join(COLLECTIONS)}")
    return section


def _names(section: dict[str, Any], part: str) -> list[str]:
    names = section.get(part, [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DeltaError(f"'{part}' must list names")
    return names


def _ordered(entries: dict[str, Any], wanted: list[str], part: str) -> dict[str, Any]:
    if sorted(wanted) != sorted(entries):
        raise DeltaError(f"order of '{part}' does not name exactly its entries")
    return {k: entries[k] for k in wanted}


def apply_delta(old: Json, delta: Json) -> Json:
    """The new bundle's JSON value. ``old`` is left as it was. Raises DeltaError for a malformed delta;
    whether the result is the right one is for the caller to check against ``delta["digest"]``."""
    if not isinstance(old, dict) or not isinstance(delta, dict):
        raise DeltaError("a bundle and a delta are JSON objects")
    sets, removes, order = _section(delta, "set"), _section(delta, "remove"), _section(delta, "order")
    result = dict(old)
    for key in _names(removes, TOP):
        result.pop(key, None)
    top = sets.get(TOP, {})
    if not isinstance(top, dict):
        raise DeltaError("'set.top' must be an object")
    result.update(top)
    for name in COLLECTIONS:
        changed, gone, wanted = sets.get(name, {}), _names(removes, name), _names(order, name)
        if not (changed or gone or wanted):
            continue
        entries = keyed_entries(name, result.get(name))
        if entries is None or not isinstance(changed, dict):
            raise DeltaError(f"'{name}' cannot be changed entry by entry")
        for key in gone:
            entries.pop(key, None)
        for key, entry in changed.items():
            if name != "fields" and (not isinstance(entry, dict) or entry.get("code") != key):
                raise DeltaError(f"{name} entry {key!r} does not carry its own code")
            entries[key] = entry
        result[name] = _rebuilt(name, _ordered(entries, wanted, name) if wanted else entries)
    wanted_top = _names(order, TOP)
    return _ordered(result, wanted_top, TOP) if wanted_top else result

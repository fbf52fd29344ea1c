"""Sync rows on the synthetic 10,000-item catalogue.

- sync.catalog_delta_ratio: the bytes of the delta the platform sends for a new version in which
  one item changed, over the bytes of the whole bundle. Floor: that item's own JSON bytes over the
  whole bundle's, the least any update could carry.
"""

from __future__ import annotations

import json

from bench.rows import Row, row_ratio
from bench.synthetic import synthetic_bundle
from kiosk.catalogue import parse_catalogue
from kiosk.catalogue.delta import compact_bytes, make_delta


def catalog_delta_rows() -> list[Row]:
    full = synthetic_bundle()
    old = json.loads(full)
    new = json.loads(full)
    new["version"] += ".1"
    changed = new["items"][len(new["items"]) // 2]
    changed["promised_days"] = max(1, changed["promised_days"] - 1)
    bundle = compact_bytes(new)
    parse_catalogue(bundle)  # the new version is one the platform would publish
    delta = compact_bytes(make_delta(old, new))  # encoded as the platform sends it
    value = len(delta) / len(bundle)
    floor = len(compact_bytes(changed)) / len(bundle)
    return [row_ratio("sync.catalog_delta_ratio", value, floor)]

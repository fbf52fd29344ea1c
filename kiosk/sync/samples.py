"""Fictional answers of the platform, for the screen tour and the tests: what "my applications"
shows a citizen with an approved application, its certificate and an e-licence."""

from __future__ import annotations

from typing import Any

# What the platform answers for a citizen with an approved application and an e-licence (fictional).
APPROVED: dict[str, Any] = {
    "number": "HN-WEB-20261114-0003", "package_code": "002009002000", "channel": "online", "status": "approved",
    "package_name": {"zh": "户籍证明出具", "en": "Household registration certificate"},
    "received_at": "2026-11-14T09:12:00+08:00", "decided_at": "2026-11-16T15:40:00+08:00", "reason": None,
    "items": [{"number": "HN-WEB-20261114-0003-01", "item_code": "002009002000", "status": "approved",
               "name": {"zh": "户籍证明出具", "en": "Household registration certificate"},
               "promised_date": "2026-11-19",
               "certificate": {"serial": "HN-2026-00000042", "kind": "household_certificate",
                               "name": {"zh": "户籍证明", "en": "household registration certificate"},
                               "issued_at": "2026-11-16T15:40:00+08:00"}}],
}
LICENCE: dict[str, Any] = {"kind": "driving_licence", "kind_name": {"zh": "机动车驾驶证", "en": "Driving licence"},
                  "number": "430102199003071285", "issued_on": "2020-07-20", "valid_until": "2032-07-20", "data": {}}

"""Load and check a catalogue bundle. Every problem is one message naming where it is."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from kiosk.catalogue.model import (
    Catalogue,
    FieldSpec,
    FieldType,
    Group,
    Material,
    MaterialSource,
    Option,
    PackageItem,
    ScenarioPackage,
    ServiceItem,
)
from kiosk.forms.logic import RuleError, check
from kiosk.i18n import Text

FORMAT = 1


class CatalogueError(ValueError):
    """A catalogue bundle that cannot be used, with the JSON path of the problem."""


class _Reader:
    """Typed access to one JSON object, with the path for error messages."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise CatalogueError(f"{path}: expected an object")
        self.data: dict[str, Any] = data
        self.path = path

    def fail(self, key: str, expected: str) -> CatalogueError:
        return CatalogueError(f"{self.path}.{key}: expected {expected}, got {self.data.get(key)!r}")

    def string(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.fail(key, "a non-empty string")
        return value

    def whole(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(key, "a whole number ≥ 0")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def text(self, key: str, optional: bool = False) -> Text:
        if optional and key not in self.data:
            return Text("", "")
        try:
            return Text.from_json(self.data.get(key))
        except ValueError:
            raise self.fail(key, 'a text {"zh": ..., "en": ...}') from None

    def array(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "a list")
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(key, "a date YYYY-MM-DD or null") from None

    def rule(self, key: str, fields: dict[str, Any], default: Any = None) -> Any:
        rule = self.data.get(key, default)
        try:
            check(rule, known_vars=fields.__contains__)
        except RuleError as exc:
            raise CatalogueError(f"{self.path}.{key}: {exc}") from None
        return rule


def _field(key: str, raw: object, field_keys: dict[str, Any], groups: set[str]) -> FieldSpec:
    r = _Reader(raw, f"fields[{key!r}]")
    try:
        ftype = FieldType(r.string("type"))
    except ValueError:
        raise r.fail("type", f"one of {', '.join(t.value for t in FieldType)}") from None
    group = r.string("group", key.split(".", 1)[0])
    if group not in groups:
        raise r.fail("group", "a group declared in 'groups'")
    options = tuple(
        Option(o.string("value"), o.text("label"))
        for o in (_Reader(x, f"{r.path}.options[{i}]") for i, x in enumerate(r.array("options")))
    )
    if ftype in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not options:
        raise r.fail("options", "at least one option for a choice field")
    prefill = r.data.get("prefill")
    if prefill is not None and not isinstance(prefill, str):
        raise r.fail("prefill", "a source such as 'document.name'")
    return FieldSpec(
        key=key,
        type=ftype,
        label=r.text("label"),
        group=group,
        required=r.rule("required", field_keys, True),
        visible_if=r.rule("visible_if", field_keys),
        calculate=r.rule("calculate", field_keys),
        options=options,
        prefill=prefill,
        hint=r.text("hint") if "hint" in r.data else None,
        past_only=r.flag("past_only", False),
    )


def _material(raw: object, path: str, fields: dict[str, Any]) -> Material:
    r = _Reader(raw, path)
    try:
        source = MaterialSource(r.string("source"))
    except ValueError:
        raise r.fail("source", f"one of {', '.join(s.value for s in MaterialSource)}") from None
    return Material(
        code=r.string("code"),
        name=r.text("name"),
        source=source,
        paper=r.flag("paper", True),
        copies=r.whole("copies", 1),
        when=r.rule("when", fields),
    )


def _item(raw: object, index: int, fields: dict[str, FieldSpec]) -> ServiceItem:
    r = _Reader(raw, f"items[{index}]")
    keys = r.array("fields")
    for key in keys:
        if not isinstance(key, str) or key not in fields:
            raise CatalogueError(f"{r.path}.fields: unknown field {key!r}")
    channels = r.array("channels") or ["kiosk"]
    if not all(isinstance(c, str) for c in channels):
        raise r.fail("channels", "a list of channel names")
    fee = r.whole("fee", 0)
    if fee != 0:
        raise r.fail("fee", "0: kiosk items charge no fee")
    return ServiceItem(
        code=r.string("code"),
        name=r.text("name"),
        department=r.text("department"),
        fields=tuple(keys),
        materials=tuple(
            _material(m, f"{r.path}.materials[{i}]", fields) for i, m in enumerate(r.array("materials"))
        ),
        channels=frozenset(channels),
        legal_days=r.whole("legal_days", 20),
        promised_days=r.whole("promised_days", 5),
        fee=fee,
        visit_required=r.flag("visit_required", False),
        valid_from=r.date("valid_from"),
        valid_until=r.date("valid_until"),
    )


def _package(
    raw: object, index: int, fields: dict[str, FieldSpec], items: dict[str, ServiceItem]
) -> ScenarioPackage:
    r = _Reader(raw, f"packages[{index}]")
    package_items = []
    for i, x in enumerate(r.array("items")):
        pi = _Reader(x, f"{r.path}.items[{i}]")
        code = pi.string("code")
        if code not in items:
            raise CatalogueError(f"{pi.path}.code: unknown item {code!r}")
        package_items.append(PackageItem(code, pi.rule("when", fields)))
    if not package_items:
        raise r.fail("items", "at least one item")
    audience = r.string("audience")
    if audience not in ("individual", "enterprise", "project"):
        raise r.fail("audience", "individual, enterprise or project")
    return ScenarioPackage(
        code=r.string("code"),
        name=r.text("name"),
        audience=audience,
        event=r.text("event"),
        items=tuple(package_items),
        columns=tuple(str(c) for c in r.array("columns")),
        summary=r.text("summary") if "summary" in r.data else None,
    )


def parse_catalogue(raw: bytes) -> Catalogue:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"not valid JSON: {exc}") from None
    r = _Reader(data, "catalogue")
    if r.data.get("format") != FORMAT:
        raise r.fail("format", f"format {FORMAT}")
    groups = tuple(
        Group(g.string("key"), g.text("title"))
        for g in (_Reader(x, f"groups[{i}]") for i, x in enumerate(r.array("groups")))
    )
    raw_fields = r.data.get("fields")
    if not isinstance(raw_fields, dict):
        raise r.fail("fields", "an object of field specs by key")
    group_keys = {g.key for g in groups}
    fields = {key: _field(key, spec, raw_fields, group_keys) for key, spec in raw_fields.items()}
    items = {}
    for i, raw_item in enumerate(r.array("items")):
        item = _item(raw_item, i, fields)
        if item.code in items:
            raise CatalogueError(f"items[{i}].code: duplicate item {item.code!r}")
        items[item.code] = item
    packages = {}
    for i, raw_package in enumerate(r.array("packages")):
        package = _package(raw_package, i, fields, items)
        if package.code in packages:
            raise CatalogueError(f"packages[{i}].code: duplicate package {package.code!r}")
        packages[package.code] = package
    return Catalogue(
        version=r.string("version"),
        groups=groups,
        fields=fields,
        items=items,
        packages=packages,
        digest=hashlib.sha256(raw).hexdigest(),
    )


def load_catalogue(path: Path) -> Catalogue:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc.strerror}") from None
    try:
        return parse_catalogue(raw)
    except CatalogueError as exc:
        raise CatalogueError(f"{path.name}: {exc}") from None

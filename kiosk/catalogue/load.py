"""Load and check a catalogue bundle, reporting every problem with its JSON path.

Reading never stops at the first problem: each one is recorded with where it is
(``items[3].fields: unknown field 'child.nmae'``) and a placeholder stands in, so one
run lists them all. Any problem rejects the whole bundle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.catalogue.model import (
    DOCUMENT_PREFILLS,
    Catalogue,
    CertificateFacts,
    Check,
    Column,
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
from kiosk.documents.certificates import KINDS as CERTIFICATE_KINDS
from kiosk.documents.certificates import template_for
from kiosk.forms.field_types import KINDS as FIELD_KINDS
from kiosk.forms.logic import RuleError, check, variables
from kiosk.i18n import Text

FORMAT = 1
AUDIENCES = ("individual", "enterprise", "project")
CHANNELS = ("kiosk", "online", "cross_province")
SHARED_DATA = re.compile(r"shared\..")  # departments' shared data, ``shared.<name>``: the platform holds the names
PREFILLS = (*DOCUMENT_PREFILLS, "shared.<name>")
OBJECT_KEYS: dict[str, tuple[str, ...]] = {  # the keys each kind of object may have, by its name in the JSON Schema
    "catalogue": ("$schema", "format", "version", "groups", "columns", "fields", "certificates", "items", "packages"),
    "group": ("key", "title"),
    "column": ("key", "name", "children"),
    "field": ("type", "label", "plain_label", "hint", "group", "required", "visible_if", "calculate", "options",
              "options_from", "prefill", "past_only", "fields", "min", "max"),
    "option": ("value", "label"),
    "item": ("code", "name", "department", "fields", "materials", "channels", "legal_days", "promised_days", "fee",
             "visit_required", "valid_from", "valid_until", "columns", "keywords", "checks", "certificate"),
    "material": ("code", "name", "source", "paper", "copies", "when"),
    "check": ("field", "rule", "message"),
    "package": ("code", "name", "plain_name", "event", "summary", "audience", "items", "columns", "keywords",
                "fully_modelled"),
    "packageItem": ("code", "when"),
    "text": ("zh", "en"),
}
NO_TEXT = Text("", "")


class CatalogueError(ValueError):
    """A bundle that cannot be used. ``problems`` lists each one with its JSON path."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        more = len(self.problems) - 1
        super().__init__(self.problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


class _Reader:
    """Typed access to one JSON object. A bad value is recorded and a placeholder returned."""

    def __init__(self, data: object, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        if not isinstance(data, dict):
            problems.append(f"{path}: expected an object, got {_show(data)}")
            data = {}
        self.data: dict[str, Any] = data

    def child(self, data: object, path: str) -> _Reader:
        return _Reader(data, path, self.problems)

    def fail(self, key: str, expected: str) -> None:
        self.problems.append(f"{self.path}.{key}: expected {expected}, got {_show(self.data.get(key))}")

    def unknown(self, key: str, what: str, value: object, known: Iterable[str]) -> None:
        shown = repr(value) if isinstance(value, str) else _show(value)
        self.problems.append(f"{self.path}.{key}: unknown {what} {shown} (known: {', '.join(known)})")

    def only(self, kind: str) -> None:
        """Report each key this kind of object does not have: a typo such as 'visble_if' must not pass unseen."""
        for key in self.data:
            if key not in OBJECT_KEYS[kind]:
                self.problems.append(f"{self.path}: unknown key {key!r} (known: {', '.join(OBJECT_KEYS[kind])})")

    def string(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if isinstance(value, str) and value:
            return value
        self.fail(key, "a non-empty string")
        return ""

    def whole(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.fail(key, "a whole number ≥ 0")
        return default

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if isinstance(value, bool):
            return value
        self.fail(key, "true or false")
        return default

    def text(self, key: str) -> Text:
        raw = self.data.get(key)
        if isinstance(raw, dict):
            self.child(raw, f"{self.path}.{key}").only("text")
        try:
            text = Text.from_json(raw)
        except ValueError:
            self.fail(key, 'a text {"zh": ..., "en": ...}')
            return NO_TEXT
        if not text.zh.strip():
            self.fail(key, "a text with Chinese")
        return text

    def optional_text(self, key: str) -> Text | None:
        return self.text(key) if key in self.data else None

    def array(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if isinstance(value, list):
            return value
        self.fail(key, "a list")
        return []

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of names; each entry that is not one is reported at its own index."""
        good = []
        for i, value in enumerate(self.array(key)):
            if isinstance(value, str) and value:
                good.append(value)
            else:
                self.problems.append(f"{self.path}.{key}[{i}]: expected a non-empty string, got {_show(value)}")
        return tuple(good)

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(key, "a date YYYY-MM-DD or null")
            return None

    def rule(self, key: str, known: set[str], default: Any = None) -> Any:
        rule = self.data.get(key, default)
        try:
            check(rule, known_vars=known.__contains__)
        except RuleError as exc:
            self.problems.append(f"{self.path}.{key}: {exc}")
            return default
        return rule


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "nothing"
    return text if len(text) <= 60 else text[:57] + "..."


# -- fields ----------------------------------------------------------------------------------------


def _is_shared(source: object) -> bool:
    return isinstance(source, str) and SHARED_DATA.match(source) is not None


def _field(key: str, r: _Reader, known: set[str], groups: set[str], group: str | None = None) -> FieldSpec:
    r.only("field")
    raw_type = r.string("type")
    try:
        ftype = FieldType(raw_type)
    except ValueError:
        if raw_type:
            r.fail("type", f"one of {', '.join(t.value for t in FieldType)}")
        ftype = FieldType.TEXT
    if group is None:
        group = r.string("group", key.split(".", 1)[0])
        if group and group not in groups:
            r.fail("group", "a group declared in 'groups'")
    elif "group" in r.data:
        r.fail("group", "nothing: a sub-field is in its repeat group's group")
    options = tuple(
        _option(r.child(x, f"{r.path}.options[{i}]")) for i, x in enumerate(r.array("options"))
    )
    options_from = r.data.get("options_from")
    if options_from is not None and not _is_shared(options_from):
        r.fail("options_from", "a shared-data list such as 'shared.household_members'")
        options_from = None
    if ftype in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not options and options_from is None:
        r.fail("options", "at least one option for a choice field (or 'options_from')")
    prefill = r.data.get("prefill")
    if prefill is not None and prefill not in DOCUMENT_PREFILLS and not _is_shared(prefill):
        r.unknown("prefill", "source", prefill, PREFILLS)
        prefill = None
    sub_fields: tuple[FieldSpec, ...] = ()
    if ftype is FieldType.REPEAT:
        raw_sub = r.data.get("fields")
        if not isinstance(raw_sub, dict) or not raw_sub:
            r.fail("fields", "an object of the sub-fields of each row")
            raw_sub = {}
        sub_fields = tuple(
            _field(f"{key}.{name}", r.child(spec, f"{r.path}.fields[{name!r}]"), known, groups, group)
            for name, spec in raw_sub.items()
        )
        for sub in sub_fields:
            if sub.type is FieldType.REPEAT:
                r.problems.append(f"{r.path}.fields[{sub.name!r}]: a repeat group cannot hold another")
    elif "fields" in r.data:
        r.fail("fields", "nothing: only a repeat group has sub-fields")
    min_rows, max_rows = r.whole("min", 0), r.whole("max", 20)
    if min_rows > max_rows:
        r.fail("max", f"at least 'min' ({min_rows})")
    return FieldSpec(
        key=key,
        type=ftype,
        label=r.text("label"),
        plain_label=r.optional_text("plain_label"),
        group=group,
        required=r.rule("required", known, True),
        visible_if=r.rule("visible_if", known),
        calculate=r.rule("calculate", known),
        options=options,
        prefill=prefill,
        hint=r.optional_text("hint"),
        past_only=r.flag("past_only", False),
        options_from=options_from,
        fields=sub_fields,
        min_rows=min_rows,
        max_rows=max_rows,
    )


def _option(r: _Reader) -> Option:
    r.only("option")
    return Option(r.string("value"), r.text("label"))


def _calculation_cycles(fields: dict[str, FieldSpec]) -> list[str]:
    """Calculated fields that depend on themselves, through any chain of other calculated fields."""
    graph = {k: sorted(variables(f.calculate) & fields.keys()) for k, f in fields.items() if f.calculate is not None}
    problems: list[str] = []
    finished: set[str] = set()
    for start in sorted(graph):
        _walk(start, graph, [], finished, problems)
    return problems


def _walk(key: str, graph: dict[str, list[str]], path: list[str], finished: set[str], problems: list[str]) -> None:
    if key in path:
        cycle = [*path[path.index(key) :], key]
        problems.append(f"fields[{cycle[0]!r}].calculate: calculated fields form a cycle: {' → '.join(cycle)}")
        return
    if key in finished or key not in graph:
        return
    path.append(key)
    for name in graph[key]:
        _walk(name, graph, path, finished, problems)
    path.pop()
    finished.add(key)


# -- items, packages, columns ----------------------------------------------------------------------


def _material(r: _Reader, known: set[str]) -> Material:
    r.only("material")
    raw_source = r.string("source")
    try:
        source = MaterialSource(raw_source)
    except ValueError:
        if raw_source:
            r.fail("source", f"one of {', '.join(s.value for s in MaterialSource)}")
        source = MaterialSource.CITIZEN
    copies = r.whole("copies", 1)
    if copies == 0:
        r.fail("copies", "at least 1")
    return Material(
        code=r.string("code"),
        name=r.text("name"),
        source=source,
        paper=r.flag("paper", True),
        copies=copies,
        when=r.rule("when", known),
    )


def _item(r: _Reader, fields: dict[str, FieldSpec], columns: set[str]) -> ServiceItem:
    r.only("item")
    keys = r.strings("fields")
    for key in keys:
        if key not in fields:
            r.problems.append(f"{r.path}.fields: unknown field {key!r}")
    if len(set(keys)) != len(keys):
        r.problems.append(f"{r.path}.fields: a field is listed twice")
    channels = r.strings("channels") or ("kiosk",)
    for channel in channels:
        if channel not in CHANNELS:
            r.unknown("channels", "channel", channel, CHANNELS)
    fee = r.whole("fee", 0)
    if fee != 0:
        r.fail("fee", "0: the reform charges no fees for kiosk items")
    legal, promised = r.whole("legal_days", 20), r.whole("promised_days", 5)
    if promised > legal:
        r.fail("promised_days", f"no more than legal_days ({legal})")
    known = set(fields)
    materials = tuple(
        _material(r.child(m, f"{r.path}.materials[{i}]"), known) for i, m in enumerate(r.array("materials"))
    )
    codes = [m.code for m in materials]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        r.problems.append(f"{r.path}.materials: duplicate material {code!r}")
    item_columns = r.strings("columns")
    for column in item_columns:
        if column not in columns:
            r.problems.append(f"{r.path}.columns: unknown column {column!r}")
    checks = []
    for i, raw_check in enumerate(r.array("checks")):
        c = r.child(raw_check, f"{r.path}.checks[{i}]")
        c.only("check")
        field = c.string("field")
        if field and field not in keys:
            c.problems.append(f"{c.path}.field: {field!r} is not one of this item's fields")
        if "rule" not in c.data:
            c.fail("rule", "a rule")
        checks.append(Check(field, c.rule("rule", known), c.text("message")))
    valid_from, valid_until = r.date("valid_from"), r.date("valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        r.fail("valid_until", f"a date after valid_from ({valid_from})")
    certificate = r.string("certificate") if "certificate" in r.data else ""
    if certificate and certificate not in CERTIFICATE_KINDS:
        r.unknown("certificate", "certificate kind", certificate, sorted(CERTIFICATE_KINDS))
        certificate = ""
    return ServiceItem(
        code=r.string("code"),
        name=r.text("name"),
        department=r.text("department"),
        fields=keys,
        materials=materials,
        channels=frozenset(channels),
        legal_days=legal,
        promised_days=promised,
        fee=fee,
        visit_required=r.flag("visit_required", False),
        valid_from=valid_from,
        valid_until=valid_until,
        columns=item_columns,
        keywords=r.strings("keywords"),
        checks=tuple(checks),
        certificate=certificate,
    )


def _package(
    r: _Reader, fields: dict[str, FieldSpec], items: dict[str, ServiceItem], columns: set[str]
) -> ScenarioPackage:
    r.only("package")
    known = set(fields)
    package_items = []
    for i, x in enumerate(r.array("items")):
        pi = r.child(x, f"{r.path}.items[{i}]")
        pi.only("packageItem")
        code = pi.string("code")
        if code and code not in items:
            r.problems.append(f"{pi.path}.code: unknown item {code!r}")
        package_items.append(PackageItem(code, pi.rule("when", known)))
    if not package_items:
        r.fail("items", "at least one item")
    codes = [p.item_code for p in package_items]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        r.problems.append(f"{r.path}.items: item {code!r} is listed twice")
    audience = r.string("audience")
    if audience and audience not in AUDIENCES:
        r.fail("audience", ", ".join(AUDIENCES[:-1]) + " or " + AUDIENCES[-1])
    package_columns = r.strings("columns")
    for column in package_columns:
        if column not in columns:
            r.problems.append(f"{r.path}.columns: unknown column {column!r}")
    return ScenarioPackage(
        code=r.string("code"),
        name=r.text("name"),
        audience=audience,
        event=r.text("event"),
        items=tuple(package_items),
        columns=package_columns,
        summary=r.optional_text("summary"),
        keywords=r.strings("keywords"),
        fully_modelled=r.flag("fully_modelled", False),
        plain_name=r.optional_text("plain_name"),
    )


def _column(r: _Reader, parent: str = "") -> Column:
    r.only("column")
    key = r.string("key")
    full = f"{parent}.{key}" if parent else key
    children = tuple(
        _column(r.child(c, f"{r.path}.children[{i}]"), full) for i, c in enumerate(r.array("children"))
    )
    return Column(full, r.text("name"), children)


def _group(r: _Reader) -> Group:
    r.only("group")
    return Group(r.string("key"), r.text("title"))


def _column_keys(columns: tuple[Column, ...]) -> list[str]:
    return [k for c in columns for k in (c.key, *_column_keys(c.children))]


def _certificates(r: _Reader, fields: dict[str, FieldSpec]) -> dict[str, CertificateFacts]:
    """Per certificate kind, the fields each fact its template states is taken from."""
    raw = r.data.get("certificates", {})
    if not isinstance(raw, dict):
        r.fail("certificates", "an object: certificate kind → fact → the fields it is taken from")
        return {}
    kinds: dict[str, CertificateFacts] = {}
    for kind, raw_facts in raw.items():
        if kind not in CERTIFICATE_KINDS:
            known = ", ".join(sorted(CERTIFICATE_KINDS))
            r.problems.append(f"certificates.{kind}: unknown certificate kind {kind!r} (known: {known})")
            continue
        k = r.child(raw_facts, f"certificates.{kind}")
        stated = template_for(kind).stated_keys()
        facts: CertificateFacts = {}
        for fact in k.data:
            if fact not in stated:
                k.problems.append(f"{k.path}.{fact}: the {kind} template states no {fact!r} "
                                  f"(it states: {', '.join(stated)})")
            sources = k.strings(fact)
            if k.data[fact] == []:
                k.fail(fact, "a list of the fields it is taken from")
            for key in sources:
                spec = fields.get(key)
                if spec is None:
                    k.problems.append(f"{k.path}.{fact}: unknown field {key!r}")
                elif FIELD_KINDS[spec.type].stated is None:
                    k.problems.append(f"{k.path}.{fact}: {key!r} is a {spec.type} field, never stated on a certificate")
            facts[fact] = sources
        kinds[kind] = facts
    return kinds


def _unique(entries: list[Any], what: str, problems: list[str]) -> dict[str, Any]:
    """Entries by code; a repeated code is a problem (the first one is kept)."""
    by_code: dict[str, Any] = {}
    for i, entry in enumerate(entries):
        if entry.code in by_code:
            problems.append(f"{what}[{i}].code: duplicate {what[:-1]} {entry.code!r}")
        elif entry.code:
            by_code[entry.code] = entry
    return by_code


def parse_catalogue(raw: bytes) -> Catalogue:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"not valid JSON: {exc}") from None
    problems: list[str] = []
    r = _Reader(data, "catalogue", problems)
    r.only("catalogue")
    if r.data.get("format") != FORMAT or isinstance(r.data.get("format"), bool):
        r.fail("format", f"format {FORMAT}")
    version = r.string("version")
    groups = tuple(_group(r.child(x, f"groups[{i}]")) for i, x in enumerate(r.array("groups")))
    group_keys = [g.key for g in groups]
    for key in sorted({k for k in group_keys if group_keys.count(k) > 1}):
        problems.append(f"groups: duplicate group {key!r}")
    columns = tuple(_column(r.child(c, f"columns[{i}]")) for i, c in enumerate(r.array("columns")))
    column_keys = _column_keys(columns)
    for key in sorted({k for k in column_keys if column_keys.count(k) > 1}):
        problems.append(f"columns: duplicate column {key!r}")
    raw_fields = r.data.get("fields")
    if not isinstance(raw_fields, dict):
        r.fail("fields", "an object of field specs by key")
        raw_fields = {}
    known = set(raw_fields)
    fields = {
        key: _field(key, r.child(spec, f"fields[{key!r}]"), known, set(group_keys))
        for key, spec in raw_fields.items()
    }
    problems.extend(_calculation_cycles(fields))
    certificates = _certificates(r, fields)
    items = _unique(
        [_item(r.child(x, f"items[{i}]"), fields, set(column_keys)) for i, x in enumerate(r.array("items"))],
        "items",
        problems,
    )
    packages = _unique(
        [
            _package(r.child(x, f"packages[{i}]"), fields, items, set(column_keys))
            for i, x in enumerate(r.array("packages"))
        ],
        "packages",
        problems,
    )
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        version=version,
        groups=groups,
        fields=fields,
        items=items,
        packages=packages,
        columns=columns,
        certificates=certificates,
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
        raise CatalogueError([f"{path.name}: {p}" for p in exc.problems]) from None

"""Compile a catalogue's YAML sources into a bundle: ``kiosk catalog build SRC --out BUNDLE.json``.

A source directory holds (docs/catalogue.md describes each)::

    catalogue.yaml     format, version, the packages in the order they are listed, groups, columns
    fields.yaml        the shared-field dictionary
    certificates.yaml  per certificate kind, the fields each fact it states is taken from
    materials.yaml     materials by code: an item names one by its code, alone or with what differs
    departments.yaml   departments by key: an item names its department by its key
    packages/*.yaml    one package each, with the items it defines (an entry with only a code, and
                       perhaps a condition, names an item another file defines)
    items.yaml         the items in no package

The bundle is checked by the loader `kiosk catalog check` uses, and each problem is reported where
it comes from: file, line and path there (``packages/birth.yaml:41: items[2].materials[0]: unknown
key 'sorce' …``). Keys are written in the format's order (``OBJECT_KEYS``) whatever order a source
gives them, so the same content always makes the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kiosk.catalogue.load import OBJECT_KEYS, CatalogueError, parse_catalogue

Json = dict[str, Any]

SHARED_FILES = (
    "catalogue.yaml", "fields.yaml", "certificates.yaml", "materials.yaml", "departments.yaml", "items.yaml",
)
CATALOGUE_KEYS = ("format", "version", "packages", "groups", "columns")
MATERIAL_KEYS = ("name", "source", "paper", "copies")  # what materials.yaml says of a code
REFERENCE_KEYS = {"code", "when"}  # a package's item entry with only these names an item defined elsewhere
ROOTS = {"fields.yaml": "fields", "certificates.yaml": "certificates", "items.yaml": "items"}  # as the loader says
TAG = "tag:yaml.org,2002:"
NAME = re.compile(r"[^\W\d]\w*")
NUMBER_NOT_TEXT = re.compile(r"expected a non-empty string, got -?[0-9.]+$")  # an unquoted code


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML read as JSON would be: only true and false are booleans and nothing is a date, so ``no``
    and ``2026-01-01`` stay text, as does a number with a leading zero (an item code)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", [*"tTfF"]),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)", [*"-+0123456789"]),
    ("float", r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+", [*"-+.0123456789"]),
    ("null", r"~|null|Null|NULL|", [*"~nN", ""]),
):
    _Loader.add_implicit_resolver(TAG + _tag, re.compile(f"^(?:{_pattern})$"), _first)


def _child(path: str, key: str | int) -> str:
    """A path one step down, in the loader's notation: ``items[2]``, ``.label``, ``fields['child.name']``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if path == "fields" or path.endswith(".fields") or not NAME.fullmatch(key):
        return f"{path}[{key!r}]"
    return f"{path}.{key}" if path else key


@dataclass
class _Source:
    """One source file: its value, and the line each path in it starts on."""

    name: str  # as reported: "packages/birth.yaml"
    root: str = ""  # the path of its top value in messages
    value: Any = None
    lines: dict[str, int] = field(default_factory=dict)

    def at(self, path: str) -> str:
        """Where a path is, for a message: ``packages/birth.yaml:41: items[2].materials[0]``."""
        line, rest = None, path
        while line is None and rest:
            line = self.lines.get(rest)
            rest = rest[: max(rest.rfind("."), rest.rfind("["), 0)]
        place = f"{self.name}:{line or self.lines.get(self.root, 1)}"
        return f"{place}: {path}" if path else place

    def read(self, file: Path, problems: list[str]) -> bool:
        """Parse the file; False (with the problem listed) if it cannot be read or is not YAML."""
        try:
            loader = _Loader(file.read_bytes())
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
        except OSError as exc:
            problems.append(f"{self.name}: cannot read it ({exc.strerror})")
            return False
        except yaml.MarkedYAMLError as exc:
            mark, context = exc.problem_mark, exc.context_mark
            where = f"{self.name}:{mark.line + 1}" if mark else self.name
            near = f" ({exc.context} on line {context.line + 1})" if exc.context and context else ""
            problems.append(f"{where}: not valid YAML: {exc.problem}{near}")
            return False
        except yaml.reader.ReaderError as exc:  # not UTF-8, or a control character
            problems.append(f"{self.name}: not valid YAML: {exc.reason} (at byte {exc.position})")
            return False
        except yaml.YAMLError as exc:
            problems.append(f"{self.name}: not valid YAML: {exc}")
            return False
        self.value = self._value(node, self.root, problems, set()) if node is not None else None
        return True

    def _value(self, node: Node, path: str, problems: list[str], open_nodes: set[int]) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path, problems)
        if id(node) in open_nodes:
            problems.append(f"{self.at(path)}: an alias that contains itself")
            return None
        open_nodes.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self._value(n, _child(path, i), problems, open_nodes) for i, n in enumerate(node.value)]
            assert isinstance(node, MappingNode)
            out: Json = {}
            for key_node, value_node in node.value:
                if not (isinstance(key_node, ScalarNode) and key_node.tag == TAG + "str"):
                    shown = f"{key_node.value!r}" if isinstance(key_node, ScalarNode) else "a list or object"
                    place = f"{self.name}:{key_node.start_mark.line + 1}: {path + ': ' if path else ''}"
                    problems.append(f"{place}the key {shown} is not a name (in quotes, YAML keeps it as text)")
                    continue
                key = key_node.value
                if key in out:
                    problems.append(f"{self.name}:{key_node.start_mark.line + 1}: {_child(path, key)}: given twice")
                out[key] = self._value(value_node, _child(path, key), problems, open_nodes)
            return out
        finally:
            open_nodes.discard(id(node))

    def _scalar(self, node: ScalarNode, path: str, problems: list[str]) -> Any:
        tag, text = node.tag.removeprefix(TAG), node.value
        try:
            if tag == "str":
                return text
            if tag == "bool":
                return text.lower() == "true"
            if tag == "null":
                return None
            if tag == "int":
                return int(text)
            if tag == "float" and math.isfinite(number := float(text)):
                return number
        except ValueError:
            pass
        problems.append(f"{self.at(path)}: {text!r} is not a value a catalogue has (text, number, true/false)")
        return None


def _ordered(kind: str, value: Any) -> Any:
    """An object with its keys in the format's order; keys the format does not have go last, for the
    loader to report."""
    if not isinstance(value, dict):
        return value
    known = OBJECT_KEYS[kind]
    return {k: value[k] for k in known if k in value} | {k: v for k, v in value.items() if k not in known}


def _texts(value: Any, *keys: str) -> Any:
    if isinstance(value, dict):
        for key in keys:
            if key in value:
                value[key] = _ordered("text", value[key])
    return value


def _list(value: Any, one: Any) -> Any:
    return [one(x) for x in value] if isinstance(value, list) else value


def _field(spec: Any) -> Any:
    spec = _texts(_ordered("field", spec), "label", "plain_label", "hint")
    if isinstance(spec, dict):
        if "options" in spec:
            spec["options"] = _list(spec["options"], lambda o: _texts(_ordered("option", o), "label"))
        if isinstance(spec.get("fields"), dict):
            spec["fields"] = {name: _field(sub) for name, sub in spec["fields"].items()}
    return spec


def _column(column: Any) -> Any:
    column = _texts(_ordered("column", column), "name")
    if isinstance(column, dict) and "children" in column:
        column["children"] = _list(column["children"], _column)
    return column


class _Build:
    """Sources in, one bundle out, with where each part of the bundle came from."""

    def __init__(self, src: Path) -> None:
        self.src = src
        self.problems: list[str] = []
        self.origins: dict[str, tuple[_Source, str]] = {}
        self.items: list[Any] = []
        self.materials: dict[str, tuple[_Source, Json]] = {}
        self.departments: _Source | None = None

    def trace(self, bundle_path: str, source: _Source, path: str) -> None:
        self.origins[bundle_path] = (source, path)

    def problem(self, source: _Source, path: str, message: str) -> None:
        self.problems.append(f"{source.at(path)}: {message}")

    def place(self, problem: str) -> str:
        """A loader problem, at the source it comes from."""
        path, _, message = problem.partition(": ")
        if NUMBER_NOT_TEXT.search(message):
            message += " (in quotes, YAML keeps it as text)"
        for cut in range(len(path), 0, -1):
            if (cut == len(path) or path[cut] in ".[") and path[:cut] in self.origins:
                source, there = self.origins[path[:cut]]
                rest = path[cut:]
                return f"{source.at(there + rest if there or not rest.startswith('.') else rest[1:])}: {message}"
        return f"{problem} (in the built bundle)"

    def read(self) -> tuple[dict[str, _Source], list[tuple[str, _Source]]] | None:
        """Every source file, parsed; None if one cannot be (its problem is listed)."""
        shared: dict[str, _Source] = {}
        for name in SHARED_FILES:
            if (self.src / name).is_file():
                shared[name] = _Source(name, ROOTS.get(name, ""))
            elif name in ("catalogue.yaml", "fields.yaml"):
                self.problems.append(f"{name}: missing: every catalogue has one")
        for path in sorted(self.src.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.name not in SHARED_FILES:
                self.problems.append(f"{path.name}: not a catalogue source (known: {', '.join(SHARED_FILES)}, "
                                     "packages/*.yaml)")
        packages = []
        folder = self.src / "packages"
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            name = f"packages/{path.name}"
            if path.suffix == ".yaml":
                packages.append((path.stem, _Source(name)))
            else:
                self.problems.append(f"{name}: not a package: a package is a .yaml file")
        sources = [*shared.values(), *(source for _, source in packages)]
        readable = [source.read(self.src / source.name, self.problems) for source in sources]
        return (shared, packages) if all(readable) and not self.problems else None

    def bundle(self, shared: dict[str, _Source], packages: list[tuple[str, _Source]]) -> Json:
        top = self.top(shared["catalogue.yaml"])
        fields = shared["fields.yaml"]
        self.trace("fields", fields, "fields")
        self.trace("catalogue.fields", fields, "fields")
        top["fields"] = {key: _field(spec) for key, spec in fields.value.items()} \
            if isinstance(fields.value, dict) else fields.value
        if "certificates.yaml" in shared:
            certificates = shared["certificates.yaml"]
            self.trace("certificates", certificates, "certificates")
            self.trace("catalogue.certificates", certificates, "certificates")
            top["certificates"] = {} if certificates.value is None else certificates.value  # None: only comments
        self.departments = shared.get("departments.yaml")
        if "materials.yaml" in shared:
            self.library(shared["materials.yaml"])
        listed = self.order(shared["catalogue.yaml"], dict(packages))
        top["packages"] = []
        for source in listed:
            self.package(source, top["packages"])
        if "items.yaml" in shared:
            source = shared["items.yaml"]
            if isinstance(source.value, list | None):
                for i, entry in enumerate(source.value or []):
                    self.item(entry, source, f"items[{i}]")
            else:
                self.problem(source, "items", "expected a list of items")
        top["items"] = self.items
        return _ordered("catalogue", top)

    def top(self, source: _Source) -> Json:
        value = source.value if isinstance(source.value, dict) else {}
        if not isinstance(source.value, dict):
            self.problem(source, "", "expected format, version, packages, groups and columns")
        for key in value:
            if key not in CATALOGUE_KEYS:
                self.problem(source, "", f"unknown key {key!r} (known: {', '.join(CATALOGUE_KEYS)})")
        for key in ("catalogue", "catalogue.format", "catalogue.version", "groups", "columns"):
            self.trace(key, source, key.removeprefix("catalogue").removeprefix("."))
        top = {key: value[key] for key in ("format", "version") if key in value}
        top["groups"] = _list(value.get("groups", []), lambda g: _texts(_ordered("group", g), "title"))
        top["columns"] = _list(value.get("columns", []), _column)
        return top

    def order(self, catalogue: _Source, packages: dict[str, _Source]) -> list[_Source]:
        """The package files in the order catalogue.yaml lists them."""
        names = catalogue.value.get("packages", []) if isinstance(catalogue.value, dict) else []
        if not isinstance(names, list):
            self.problem(catalogue, "packages", "expected a list of package files, without .yaml")
            names = []
        listed: list[_Source] = []
        for i, name in enumerate(names):
            source = packages.get(name) if isinstance(name, str) else None
            if source is None:
                self.problem(catalogue, f"packages[{i}]", f"no package file packages/{name}.yaml")
            elif source in listed:
                self.problem(catalogue, f"packages[{i}]", f"{name!r} is listed twice")
            else:
                listed.append(source)
        for name, source in packages.items():
            if source not in listed:
                self.problems.append(f"{source.name}: not listed in catalogue.yaml: add {name} to its packages, "
                                     "where the package is to be listed")
        return listed

    def library(self, source: _Source) -> None:
        if source.value is None:
            return
        if not isinstance(source.value, dict):
            self.problem(source, "", "expected materials by code: name, source, and copies if more than one")
            return
        for code, entry in source.value.items():
            if not isinstance(entry, dict):
                self.problem(source, _child("", code), "expected a material: name, source, copies")
                continue
            for key in entry:
                if key not in MATERIAL_KEYS:
                    self.problem(source, _child("", code), f"unknown key {key!r} (known: {', '.join(MATERIAL_KEYS)})")
            self.materials[code] = (source, {"code": code} | {k: v for k, v in entry.items() if k in MATERIAL_KEYS})

    def package(self, source: _Source, packages: list[Any]) -> None:
        package = source.value
        if not isinstance(package, dict):
            self.problem(source, "", "expected a package: code, name, audience, event, items …")
            return
        self.trace(f"packages[{len(packages)}]", source, "")
        entries = package.get("items")
        if isinstance(entries, list):
            package = package | {"items": [self.package_item(e, source, f"items[{i}]") for i, e in enumerate(entries)]}
        packages.append(_texts(_ordered("package", package), "name", "plain_name", "event", "summary"))

    def package_item(self, entry: Any, source: _Source, path: str) -> Any:
        """A package's entry: an item it defines (with its condition) or names (defined in another file)."""
        if not isinstance(entry, dict):
            return entry
        if set(entry) - REFERENCE_KEYS:
            self.item({k: v for k, v in entry.items() if k != "when"}, source, path)
        return _ordered("packageItem", {k: v for k, v in entry.items() if k in REFERENCE_KEYS})

    def item(self, item: Any, source: _Source, path: str) -> None:
        at = f"items[{len(self.items)}]"
        self.trace(at, source, path)
        if isinstance(item, dict):
            item = dict(item)
            if isinstance(item.get("department"), str):
                item["department"] = self.department(item["department"], source, f"{path}.department", at)
            if isinstance(item.get("materials"), list):
                item["materials"] = [
                    self.material(m, source, f"{path}.materials[{i}]", f"{at}.materials[{i}]")
                    for i, m in enumerate(item["materials"])
                ]
            if isinstance(item.get("checks"), list):
                item["checks"] = [_texts(_ordered("check", c), "message") for c in item["checks"]]
            item = _texts(_ordered("item", item), "name", "department")
        self.items.append(item)

    def department(self, key: str, source: _Source, path: str, at: str) -> Any:
        known = self.departments.value if self.departments and isinstance(self.departments.value, dict) else {}
        if key not in known:
            self.problem(source, path, f"unknown department {key!r} (known: {', '.join(known) or 'none'}, in "
                         "departments.yaml; or give the name {zh: …, en: …})")
            return {"zh": key}
        assert self.departments is not None
        self.trace(f"{at}.department", self.departments, _child("", key))
        return known[key]

    def material(self, entry: Any, source: _Source, path: str, at: str) -> Any:
        """An item's material: the shared one of its code, changed by what the entry gives."""
        own = {"code": entry} if isinstance(entry, str) else entry
        if not isinstance(own, dict):
            return entry
        code = own.get("code")
        shared: Json = {}
        if isinstance(code, str) and code in self.materials:
            shared_source, shared = self.materials[code]
            if own is not entry:  # named by its code alone: all but the code is materials.yaml's
                self.trace(at, shared_source, _child("", code))
                self.trace(f"{at}.code", source, path)
            for key in shared.keys() - own.keys():
                self.trace(f"{at}.{key}", shared_source, _child(_child("", code), key))
        elif "name" not in own:
            self.problem(source, path, f"unknown material {code!r} (not in materials.yaml; to define it here, "
                         "give its name and source)")
            return {"code": code, "name": {"zh": str(code)}, "source": "citizen"}
        material = shared | own
        material.setdefault("paper", material.get("source") == "citizen")  # the citizen's on paper, the rest not
        material.setdefault("copies", 1)
        return _texts(_ordered("material", material), "name")


def render(bundle: Json) -> bytes:
    """A bundle's bytes, written as the committed demo is."""
    return (json.dumps(bundle, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode()


def compile_catalogue(src: Path) -> tuple[bytes, list[str]]:
    """The bundle the sources in ``src`` make, and every problem with it (each at its source)."""
    if not src.is_dir():
        return b"", [f"{src}: not a directory of catalogue sources"]
    build = _Build(src)
    try:
        sources = build.read()
    except OSError as exc:
        return b"", [f"{src}: cannot read it ({exc.strerror})"]
    if sources is None:
        return b"", build.problems
    bundle = render(build.bundle(*sources))
    try:
        parse_catalogue(bundle)
    except CatalogueError as exc:
        build.problems += [build.place(problem) for problem in exc.problems]
    return bundle, list(dict.fromkeys(build.problems))  # a shared material's problem once, not once per item


def build_catalogue(src: Path, out: Path) -> list[str]:
    """Compile ``src`` into the bundle ``out``; the problems, if any, and then nothing is written."""
    bundle, problems = compile_catalogue(src)
    if problems:
        return problems
    try:
        out.write_bytes(bundle)
    except OSError as exc:
        return [f"{out}: cannot write it ({exc.strerror})"]
    return []

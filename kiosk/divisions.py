"""Administrative divisions (GB/T 2260, county level) and ethnic groups (GB/T 3304) from the bundled JSON.

The hierarchy is province → city → county.  Municipalities have one city named like themselves; 台湾, 香港
and 澳门 use their province code at all three levels, and cities without districts (东莞, 中山, …) are their
own only county.  So walk down with ``children`` until ``is_county``, not until there are no children.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from kiosk.assets import ASSETS

DIVISIONS_FILE = ASSETS / "divisions" / "cn-divisions.json"
ETHNIC_GROUPS_FILE = ASSETS / "divisions" / "ethnic-groups.json"

PROVINCE, CITY, COUNTY = 0, 1, 2
# Longest first: the one a name ends with is stripped for its short form (湖南省 → 湖南), and any of them may
# follow a short form in an address (邵东市 for the data's 邵东县, renamed in 2019).
_SUFFIXES = (
    ("特别行政区", "自治区", "省", "市"),
    ("自治州", "地区", "市", "盟", "州"),
    ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗"),
)
_FULL, _RENAMED, _SHORT = 0, 1, 2  # how a name matched: as written, short form + another suffix, short form alone


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str | None  # the province of a city, the city of a county


class EthnicGroup(NamedTuple):
    code: str  # GB/T 3304, "01" to "56"
    zh: str  # 汉族
    en: str  # Han


class _Tables:
    def __init__(self, data: dict[str, Any]) -> None:
        self.levels: tuple[dict[str, Division], ...] = ({}, {}, {})
        self.children: dict[tuple[int, str | None], list[Division]] = {}
        for p in data["provinces"]:
            self._add(PROVINCE, p, None)
            for c in p["cities"]:
                self._add(CITY, c, p["code"])
                for k in c["counties"]:
                    self._add(COUNTY, k, c["code"])
        strip = _ethnic_suffixes()
        # name variant → (division, is a short form), per level; synthetic cities are never written in addresses
        self.names: tuple[dict[str, list[tuple[Division, bool]]], ...] = ({}, {}, {})
        for level, table in enumerate(self.levels):
            for d in table.values():
                if level == CITY and _synthetic_city(d, self.levels[PROVINCE][d.parent or ""]):
                    continue
                self.names[level].setdefault(d.name, []).append((d, False))
                if short := _short_form(d.name, _SUFFIXES[level], strip):
                    self.names[level].setdefault(short, []).append((d, True))
        self.longest = max(len(name) for names in self.names for name in names)

    def _add(self, level: int, node: dict[str, Any], parent: str | None) -> None:
        division = Division(str(node["code"]), str(node["name"]), parent)
        self.levels[level][division.code] = division
        self.children.setdefault((level - 1, parent), []).append(division)


def _synthetic_city(city: Division, province: Division) -> bool:
    """The city level of a municipality, or the group of a province's directly administered counties."""
    return city.name == province.name or city.code[2:] == "9000"


def _ethnic_suffixes() -> list[str]:
    names = {g.zh for g in ethnic_groups()} | {g.zh[:-1] for g in ethnic_groups() if len(g.zh) > 2}
    return sorted(names, key=len, reverse=True)


def _short_form(name: str, suffixes: tuple[str, ...], ethnic: list[str]) -> str | None:
    """湖南省 → 湖南, 湘西土家族苗族自治州 → 湘西, 城步苗族自治县 → 城步; None if under two characters."""
    suffix = next((s for s in suffixes if name.endswith(s) and len(name) > len(s)), None)
    if suffix is None:
        return None
    base = name[: -len(suffix)]
    while "自治" in suffix and (e := next((e for e in ethnic if base.endswith(e)), None)) and len(base) - len(e) >= 2:
        base = base[: -len(e)]
    return base if len(base) >= 2 else None


@functools.cache
def _tables() -> _Tables:
    return _Tables(json.loads(DIVISIONS_FILE.read_text(encoding="utf-8")))


def province(code: str) -> Division | None:
    return _tables().levels[PROVINCE].get(code)


def city(code: str) -> Division | None:
    return _tables().levels[CITY].get(code)


def county(code: str) -> Division | None:
    return _tables().levels[COUNTY].get(code)


def is_county(code: str) -> bool:
    return code in _tables().levels[COUNTY]


def children(code: str | None) -> list[Division]:
    """The provinces for None, a province's cities, a city's counties; [] for anything else."""
    if code is None:
        return list(_tables().children[(PROVINCE - 1, None)])
    level = PROVINCE if province(code) else CITY
    return list(_tables().children.get((level, code), []))


def lineage(code: str) -> list[Division]:
    """[province, city, county] for a county code, [province, city] for a city, [province] for a province."""
    tables = _tables()
    level = next((lvl for lvl in (COUNTY, CITY, PROVINCE) if code in tables.levels[lvl]), None)
    if level is None:
        raise KeyError(code)
    chain = [tables.levels[level][code]]
    for lvl in range(level - 1, PROVINCE - 1, -1):
        chain.insert(0, tables.levels[lvl][chain[0].parent or ""])
    return chain


def full_name(code: str) -> str:
    """湖南省长沙市芙蓉区, 北京市东城区, 湖北省仙桃市, 广东省东莞市; KeyError for an unknown code."""
    chain = lineage(code)
    parts = [chain[0].name]
    for i, d in enumerate(chain[1:], 1):
        if d.name != parts[-1] and not (i == CITY and _synthetic_city(d, chain[0])):
            parts.append(d.name)
    return "".join(parts)


class _Parse(NamedTuple):
    chain: dict[int, Division]
    end: int
    renamed: int


def split_address(text: str) -> tuple[str | None, str]:
    """The county code and the rest, from an address such as an ID card prints; (None, text) when unsure.

    Every reading of the leading province / city / county names (full, short when followed by a space or the
    next name, or short with another suffix) is tried; the one reading the most text with the fewest renamed
    suffixes wins, and only if it names a county and no other equally good reading names a different one.
    """
    parses = list(_parses(text, 0, PROVINCE, {}, 0, short=False))
    if not parses:
        return None, text
    best = max((p.end, -p.renamed) for p in parses)
    codes = {_county_of(p.chain) for p in parses if (p.end, -p.renamed) == best}
    code = codes.pop() if len(codes) == 1 else None
    return (code, text[best[0] :].lstrip()) if code else (None, text)


def _parses(
    text: str, pos: int, level: int, chain: dict[int, Division], renamed: int, *, short: bool
) -> Iterator[_Parse]:
    """Readings from pos on; a short form alone is never a reading by itself (中山路 is not 中山市)."""
    start = pos
    while start < len(text) and text[start].isspace():
        start += 1
    if chain and not (short and len(chain) == 1) and (not short or start > pos or start == len(text)):
        yield _Parse(chain, pos, renamed)
    for lvl in range(level, COUNTY + 1):
        for d, end, how in _matches(text, start, lvl):
            if _fits(d, lvl, chain):
                more = {**chain, lvl: d}
                yield from _parses(text, end, lvl + 1, more, renamed + (how == _RENAMED), short=how == _SHORT)


def _matches(text: str, pos: int, level: int) -> Iterator[tuple[Division, int, int]]:
    tables = _tables()
    for end in range(min(len(text), pos + tables.longest), pos + 1, -1):
        for d, is_short in tables.names[level].get(text[pos:end], []):
            if not is_short:
                yield d, end, _FULL
                continue
            yield d, end, _SHORT
            for suffix in _SUFFIXES[level]:
                if text.startswith(suffix, end) and text[pos:end] + suffix != d.name:
                    yield d, end + len(suffix), _RENAMED


def _fits(d: Division, level: int, chain: dict[int, Division]) -> bool:
    """Whether d lies inside the deepest division already read."""
    above = max((lvl for lvl in chain if lvl < level), default=None)
    if above is None:
        return True
    levels = _tables().levels
    for lvl in range(level - 1, above - 1, -1):
        d = levels[lvl][d.parent or ""]
    return d.code == chain[above].code


def _county_of(chain: dict[int, Division]) -> str | None:
    """The county a reading names: its county, or the only county under its deepest division."""
    level = max(chain)
    code = chain[level].code
    while level < COUNTY:
        below = _tables().children.get((level, code), [])
        if len(below) != 1:
            return None
        level, code = level + 1, below[0].code
    return code


@functools.cache
def _ethnic_groups() -> tuple[EthnicGroup, ...]:
    data = json.loads(ETHNIC_GROUPS_FILE.read_text(encoding="utf-8"))
    return tuple(EthnicGroup(str(g["code"]), str(g["name"]), str(g["en"])) for g in data["groups"])


def ethnic_groups() -> list[EthnicGroup]:
    """The 56 groups in the standard's order, 汉族 first."""
    return list(_ethnic_groups())


def ethnic_group_by_name(name: str) -> EthnicGroup | None:
    """By full or short name as ID cards print it: 汉族 or 汉, 土家族 or 土家."""
    name = name.strip()
    return next((g for g in _ethnic_groups() if name in (g.zh, g.zh[:-1])), None)


def ethnic_group_by_code(code: str | int) -> EthnicGroup | None:
    """By GB/T 3304 code, as cards store it: "01" or 1 is 汉族."""
    text = f"{code:02d}" if isinstance(code, int) else code.strip().zfill(2)
    return next((g for g in _ethnic_groups() if g.code == text), None)


_OTHER_NATIONS = {"97": "其他", "98": "外国血统"}  # GB/T 3304's codes beyond the 56 groups


def nation_on_card(code: str | int) -> str | None:
    """The 民族 as ID cards print it (汉, 土家, 外国血统) from its GB/T 3304 code; None for an unknown code."""
    group = ethnic_group_by_code(code)
    if group is not None:
        return group.zh.removesuffix("族")
    return _OTHER_NATIONS.get(f"{code:02d}" if isinstance(code, int) else code.strip().zfill(2))

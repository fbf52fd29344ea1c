"""Build assets/divisions/*.json from the data files of the cpca 0.5.5 wheel (MIT).

Maintainer script, not imported by the app.  Usage::

    python tools/build_divisions.py [--source DIR] [--out DIR]

DIR defaults to /tmp/cpcax/cpca/resources (the unpacked wheel, see assets/divisions/README.md).
The output depends only on the input files, so a rerun writes identical bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/tmp/cpcax/cpca/resources")
DEFAULT_OUT = ROOT / "assets" / "divisions"

SOURCE = "cpca 0.5.5 (MIT licence), cpca/resources/adcodes.csv; GB/T 2260 codes as of about mid-2016"
VERSION = "cpca-0.5.5"
MUNICIPALITIES = {"11", "12", "31", "50"}
# Rows that are only placeholders in GB/T 2260: the districts of a city, or Chongqing's counties as a group.
PLACEHOLDERS = {"市辖区", "县"}

# GB/T 3304-1991: code, name, English name.  Public data; the order is the standard's.
ETHNIC_GROUPS = [
    ("01", "汉族", "Han"), ("02", "蒙古族", "Mongol"), ("03", "回族", "Hui"), ("04", "藏族", "Tibetan"),
    ("05", "维吾尔族", "Uyghur"), ("06", "苗族", "Miao"), ("07", "彝族", "Yi"), ("08", "壮族", "Zhuang"),
    ("09", "布依族", "Buyei"), ("10", "朝鲜族", "Korean"), ("11", "满族", "Manchu"), ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"), ("14", "白族", "Bai"), ("15", "土家族", "Tujia"), ("16", "哈尼族", "Hani"),
    ("17", "哈萨克族", "Kazakh"), ("18", "傣族", "Dai"), ("19", "黎族", "Li"), ("20", "傈僳族", "Lisu"),
    ("21", "佤族", "Va"), ("22", "畲族", "She"), ("23", "高山族", "Gaoshan"), ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Shui"), ("26", "东乡族", "Dongxiang"), ("27", "纳西族", "Naxi"), ("28", "景颇族", "Jingpo"),
    ("29", "柯尔克孜族", "Kyrgyz"), ("30", "土族", "Tu"), ("31", "达斡尔族", "Daur"), ("32", "仫佬族", "Mulao"),
    ("33", "羌族", "Qiang"), ("34", "布朗族", "Blang"), ("35", "撒拉族", "Salar"), ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"), ("38", "锡伯族", "Xibe"), ("39", "阿昌族", "Achang"), ("40", "普米族", "Pumi"),
    ("41", "塔吉克族", "Tajik"), ("42", "怒族", "Nu"), ("43", "乌孜别克族", "Uzbek"), ("44", "俄罗斯族", "Russian"),
    ("45", "鄂温克族", "Evenki"), ("46", "德昂族", "De'ang"), ("47", "保安族", "Bonan"), ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"), ("50", "塔塔尔族", "Tatar"), ("51", "独龙族", "Derung"), ("52", "鄂伦春族", "Oroqen"),
    ("53", "赫哲族", "Hezhen"), ("54", "门巴族", "Monba"), ("55", "珞巴族", "Lhoba"), ("56", "基诺族", "Jino"),
]

Node = dict[str, Any]


def read_adcodes(path: Path) -> dict[str, str]:
    """6-digit code → name, without the placeholder rows."""
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code, name = row["adcode"].strip(), row["name"].strip()
            if len(code) != 12 or not code.isdigit() or code[6:] != "000000":
                raise ValueError(f"{path}: unexpected adcode {code!r}")
            if name not in PLACEHOLDERS:
                names[code[:6]] = name
    return names


def build_tree(names: dict[str, str]) -> list[Node]:
    provinces = {c: n for c, n in names.items() if c.endswith("0000")}
    cities = {c: n for c, n in names.items() if c.endswith("00") and c not in provinces}
    counties = {c: n for c, n in names.items() if not c.endswith("00")}
    tree: dict[str, Node] = {c: {"code": c, "name": n, "cities": {}} for c, n in provinces.items()}

    def city_node(code: str) -> Node:
        province = tree[code[:2] + "0000"]
        if code[:2] in MUNICIPALITIES:  # one city level, named like the municipality
            code, name = code[:2] + "0100", province["name"]
        else:
            name = cities[code]
        node: Node = province["cities"].setdefault(code, {"code": code, "name": name, "counties": []})
        return node

    for code in cities:
        city_node(code)
    for code, name in counties.items():
        city_code = code[:4] + "00"
        if city_code not in cities and code[:2] not in MUNICIPALITIES:
            raise ValueError(f"county {code} {name} has no city")
        city_node(city_code)["counties"].append({"code": code, "name": name})
    for province in tree.values():
        if not province["cities"]:  # 台湾, 香港, 澳门: themselves as city and county
            code, name = province["code"], province["name"]
            province["cities"][code] = {"code": code, "name": name, "counties": [{"code": code, "name": name}]}
        for city in province["cities"].values():
            if not city["counties"]:  # 东莞, 中山, 儋州, 嘉峪关: no districts
                city["counties"].append({"code": city["code"], "name": city["name"]})
            city["counties"].sort(key=lambda n: n["code"])
        province["cities"] = sorted(province["cities"].values(), key=lambda n: n["code"])
    return sorted(tree.values(), key=lambda n: n["code"])


def read_nations(path: Path) -> list[Node]:
    """The standard's table, after checking that the source lists the same 56 names."""
    listed = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    known = [name for _, name, _ in ETHNIC_GROUPS]
    if sorted(listed) != sorted(known):
        raise ValueError(f"{path}: missing {set(known) - set(listed)}, unknown {set(listed) - set(known)}")
    return [{"code": code, "name": name, "en": en} for code, name, en in ETHNIC_GROUPS]


def dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size} bytes, "
          f"sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="cpca/resources of the unpacked wheel")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    provinces = build_tree(read_adcodes(args.source / "adcodes.csv"))
    groups = read_nations(args.source / "56_nations.csv")
    args.out.mkdir(parents=True, exist_ok=True)
    dump(args.out / "cn-divisions.json", {"source": SOURCE, "version": VERSION, "provinces": provinces})
    dump(args.out / "ethnic-groups.json", {
        "source": "GB/T 3304-1991 codes and order; names checked against cpca 0.5.5 cpca/resources/56_nations.csv",
        "version": "GB/T 3304-1991",
        "groups": groups,
    })
    cities = [c for p in provinces for c in p["cities"]]
    counties = [k for c in cities for k in c["counties"]]
    print(f"{len(provinces)} provinces, {len(cities)} cities, {len(counties)} counties, {len(groups)} ethnic groups")
    return 0


if __name__ == "__main__":
    sys.exit(main())

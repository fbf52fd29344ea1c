"""Bundled divisions and ethnic groups: counts, lookups, special cases, address splitting, and the build script."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import divisions
from kiosk.divisions import Division

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITIES = ["110000", "120000", "310000", "500000"]
WITHOUT_DISTRICTS = [
    ("441900", "广东省东莞市"), ("442000", "广东省中山市"), ("460400", "海南省儋州市"), ("620200", "甘肃省嘉峪关市")
]
ELSEWHERE = [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")]


def all_counties() -> list[Division]:
    return [k for p in divisions.children(None) for c in divisions.children(p.code) for k in divisions.children(c.code)]


def test_34_provinces_sorted_by_code() -> None:
    provinces = divisions.children(None)
    codes = [p.code for p in provinces]
    assert len(provinces) == 34
    assert codes == sorted(codes)
    assert all(len(c) == 6 and c.endswith("0000") for c in codes)
    assert {"710000", "810000", "820000"} <= set(codes)


def test_hunan_has_14_prefecture_level_and_122_county_level_units() -> None:
    # The data is of about mid-2016 (邵东县, 宁乡县, 株洲县 before their renaming); those renamings kept the total.
    cities = divisions.children("430000")
    assert len(cities) == 14
    assert sum(len(divisions.children(c.code)) for c in cities) == 122
    assert cities[-1] == Division("433100", "湘西土家族苗族自治州", "430000")


def test_every_county_sits_under_its_province_and_codes_are_unique() -> None:
    counties = all_counties()
    assert len({k.code for k in counties}) == len(counties)
    for k in counties:
        province, city, county = divisions.lineage(k.code)
        assert county == k and divisions.is_county(k.code)
        assert len(k.code) == 6 and k.code.isdigit() and k.name
        assert k.code[:2] == city.code[:2] == province.code[:2]
    assert not any(k.name == "市辖区" for k in counties)


def test_lookups_by_level() -> None:
    assert divisions.province("430000") == Division("430000", "湖南省", None)
    assert divisions.city("430100") == Division("430100", "长沙市", "430000")
    assert divisions.county("430102") == Division("430102", "芙蓉区", "430100")
    assert divisions.county("430100") is None and divisions.city("430102") is None
    assert divisions.province("999999") is None and divisions.county("") is None
    assert divisions.is_county("430102") and not divisions.is_county("430100") and not divisions.is_county("x")


def test_children() -> None:
    assert [c.name for c in divisions.children("430000")][:3] == ["长沙市", "株洲市", "湘潭市"]
    assert Division("430102", "芙蓉区", "430100") in divisions.children("430100")
    assert divisions.children("430102") == []
    assert divisions.children("999999") == []
    divisions.children(None).clear()  # a copy: the cache is not touched
    assert len(divisions.children(None)) == 34


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_a_municipality_has_one_city_named_like_itself(code: str) -> None:
    province = divisions.province(code)
    assert province is not None
    name = province.name
    assert divisions.children(code) == [Division(code[:2] + "0100", name, code)]
    districts = divisions.children(code[:2] + "0100")
    assert districts and all(d.code[:2] == code[:2] for d in districts)
    assert divisions.full_name(districts[0].code) == name + districts[0].name


def test_chongqing_counties_join_its_districts() -> None:
    # GB/T 2260 lists them under a separate 500200 "县"; here they are under 重庆市 with the districts.
    codes = {d.code for d in divisions.children("500100")}
    assert {"500101", "500154", "500228", "500243"} <= codes
    assert divisions.city("500200") is None
    assert divisions.full_name("500228") == "重庆市梁平县"


def test_directly_administered_county_level_units() -> None:
    province, group, xiantao = divisions.lineage("429004")
    assert (province.name, group.code, xiantao.name) == ("湖北省", "429000", "仙桃市")
    assert divisions.full_name("429004") == "湖北省仙桃市"
    assert divisions.full_name("469002") == "海南省琼海市"
    assert {c.code for c in divisions.children("469000")} >= {"469001", "469002", "469030"}


@pytest.mark.parametrize(("code", "full"), WITHOUT_DISTRICTS)
def test_a_city_without_districts_is_its_own_county(code: str, full: str) -> None:
    city = divisions.city(code)
    assert city is not None
    assert divisions.children(code) == [Division(code, city.name, code)]
    assert divisions.is_county(code)
    assert divisions.full_name(code) == full


@pytest.mark.parametrize(("code", "name"), ELSEWHERE)
def test_taiwan_hong_kong_macao_are_province_city_and_county(code: str, name: str) -> None:
    assert divisions.province(code) == Division(code, name, None)
    assert divisions.city(code) == Division(code, name, code)
    assert divisions.county(code) == Division(code, name, code)
    assert divisions.children(code) == [Division(code, name, code)]
    assert divisions.full_name(code) == name


def test_full_names() -> None:
    assert divisions.full_name("430102") == "湖南省长沙市芙蓉区"
    assert divisions.full_name("110101") == "北京市东城区"
    assert divisions.full_name("433101") == "湖南省湘西土家族苗族自治州吉首市"
    assert divisions.full_name("430100") == "湖南省长沙市"
    assert divisions.full_name("430000") == "湖南省"
    with pytest.raises(KeyError):
        divisions.full_name("999999")


@pytest.mark.parametrize(
    ("text", "code", "detail"),
    [
        ("湖南省长沙市芙蓉区五一大道 188 号", "430102", "五一大道 188 号"),
        ("湖南省长沙市芙蓉区五一大道188号", "430102", "五一大道188号"),
        ("湖南省 长沙市 芙蓉区 五一大道 188 号", "430102", "五一大道 188 号"),
        ("  湖南长沙芙蓉区五一大道", "430102", "五一大道"),
        ("湖南 长沙 芙蓉 五一大道", "430102", "五一大道"),
        ("长沙市芙蓉区五一大道", "430102", "五一大道"),
        ("湖南省长沙县星沙镇开元路", "430121", "星沙镇开元路"),
        ("湖南省长沙市长沙县星沙镇开元路", "430121", "星沙镇开元路"),
        ("湖南省湘西土家族苗族自治州吉首市人民北路", "433101", "人民北路"),
        ("湖南省湘西州吉首市人民北路", "433101", "人民北路"),
        ("北京市东城区东华门街道 1 号", "110101", "东华门街道 1 号"),
        ("上海市浦东新区世纪大道 100 号", "310115", "世纪大道 100 号"),
        ("重庆市梁平县双桂街道", "500228", "双桂街道"),
        ("广东省东莞市东城街道东纵路 9 号", "441900", "东城街道东纵路 9 号"),
        ("广东省中山市石岐区", "442000", "石岐区"),
        ("湖北省仙桃市干河街道", "429004", "干河街道"),
        ("广西壮族自治区南宁市青秀区民族大道", "450103", "民族大道"),
        ("广西南宁市青秀区民族大道", "450103", "民族大道"),
        ("新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县", "654022", ""),
        ("香港特别行政区九龙弥敦道", "810000", "九龙弥敦道"),
    ],
)
def test_split_address(text: str, code: str, detail: str) -> None:
    assert divisions.split_address(text) == (code, detail)


def test_split_address_reads_a_renamed_county_by_its_short_form() -> None:
    # 邵东 became a county-level city (邵东市, 430582) in 2019; the bundled data still has 邵东县 430521.
    assert divisions.county("430521") == Division("430521", "邵东县", "430500")
    assert divisions.county("430582") is None
    assert divisions.split_address("湖南省邵阳市邵东市两市镇光明路 16 号") == ("430521", "两市镇光明路 16 号")
    assert divisions.split_address("重庆市梁平区双桂街道") == ("500228", "双桂街道")  # 梁平县 until late 2016


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "asdf 123",
        "五一大道 188 号",
        "湖南省五一大道 188 号",  # no county
        "湖南省长沙市五一大道 188 号",  # a city with many counties, none named
        "湖南省长沙市芙蓉中路 1 号",  # 芙蓉 is 芙蓉区's short form, but a street follows it
        "中山路 5 号",  # 中山 alone is not 中山市
        "朝阳区建国路",  # 北京 and 长春 both have one
        "甘肃省临夏回族自治州临夏人民路",  # 临夏市 or 临夏县
        "湖南省北京市东城区",  # no reading fits together
    ],
)
def test_split_address_gives_up_when_unsure(text: str) -> None:
    assert divisions.split_address(text) == (None, text)


def test_split_address_finds_every_county_by_its_full_name() -> None:
    for county in all_counties():
        address = divisions.full_name(county.code) + "人民路 1 号"
        assert divisions.split_address(address) == (county.code, "人民路 1 号"), address


NAMES = ["湖南省", "湖南", "长沙市", "长沙", "芙蓉区", "芙蓉", "北京市", "东城区", "东莞市", "邵东", "市", "县", "区"]


@given(st.lists(st.sampled_from([*NAMES, " ", "路", "1号"]) | st.text(max_size=5), max_size=8).map("".join))
def test_split_address_never_raises_and_keeps_a_suffix(text: str) -> None:
    code, detail = divisions.split_address(text)
    assert text.endswith(detail)
    if code is None:
        assert detail == text
    else:
        assert divisions.is_county(code)
        assert len(detail) < len(text)


def test_56_ethnic_groups_in_the_standards_order() -> None:
    groups = divisions.ethnic_groups()
    assert len(groups) == 56
    assert [g.code for g in groups] == [f"{i:02d}" for i in range(1, 57)]
    assert len({g.zh for g in groups}) == len({g.en for g in groups}) == 56
    assert tuple(groups[0]) == ("01", "汉族", "Han")
    assert groups[22].zh == "高山族" and groups[-1].zh == "基诺族"
    assert all(g.zh.endswith("族") and g.en for g in groups)
    groups.clear()
    assert len(divisions.ethnic_groups()) == 56


@pytest.mark.parametrize(
    ("name", "code"),
    [("汉", "01"), ("汉族", "01"), ("土家", "15"), ("维吾尔", "05"), (" 蒙古族 ", "02"), ("基诺", "56")],
)
def test_ethnic_group_by_name_takes_the_id_card_short_form(name: str, code: str) -> None:
    group = divisions.ethnic_group_by_name(name)
    assert group is not None and group.code == code


def test_ethnic_group_by_name_gives_the_whole_entry_or_none() -> None:
    assert divisions.ethnic_group_by_name("土家") == ("15", "土家族", "Tujia")
    for name in ("", "族", "穿青人", "Han"):
        assert divisions.ethnic_group_by_name(name) is None


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_divisions", ROOT / "tools" / "build_divisions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_handles_the_special_cases(tmp_path: Path) -> None:
    rows = [
        ("110000", "北京市"), ("110100", "市辖区"), ("110101", "东城区"),
        ("500000", "重庆市"), ("500100", "市辖区"), ("500101", "万州区"), ("500200", "县"), ("500228", "梁平县"),
        ("430000", "湖南省"), ("430100", "长沙市"), ("430101", "市辖区"), ("430121", "长沙县"), ("430102", "芙蓉区"),
        ("440000", "广东省"), ("441900", "东莞市"), ("810000", "香港特别行政区"),
    ]
    lines = ["adcode,name,longitude,latitude", *(f"{code}000000,{name},0,0" for code, name in rows)]
    (tmp_path / "adcodes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nations = [g.zh for g in divisions.ethnic_groups()]
    (tmp_path / "56_nations.csv").write_text("\n".join(reversed(nations)), encoding="utf-8")
    builder = load_builder()
    assert builder.main(["--source", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    built = json.loads((tmp_path / "out" / "cn-divisions.json").read_text(encoding="utf-8"))

    def tree(nodes: list[dict[str, Any]]) -> list[object]:
        return [(n["code"], n["name"], *(tree(n[k]) for k in ("cities", "counties") if k in n)) for n in nodes]

    assert tree(built["provinces"]) == [
        ("110000", "北京市", [("110100", "北京市", [("110101", "东城区")])]),
        ("430000", "湖南省", [("430100", "长沙市", [("430102", "芙蓉区"), ("430121", "长沙县")])]),
        ("440000", "广东省", [("441900", "东莞市", [("441900", "东莞市")])]),
        ("500000", "重庆市", [("500100", "重庆市", [("500101", "万州区"), ("500228", "梁平县")])]),
        ("810000", "香港特别行政区", [("810000", "香港特别行政区", [("810000", "香港特别行政区")])]),
    ]
    groups = json.loads((tmp_path / "out" / "ethnic-groups.json").read_text(encoding="utf-8"))["groups"]
    assert [g["name"] for g in groups] == nations


def test_build_script_refuses_an_incomplete_list_of_groups(tmp_path: Path) -> None:
    (tmp_path / "56_nations.csv").write_text("汉族\n蒙古族\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing"):
        load_builder().read_nations(tmp_path / "56_nations.csv")


def test_bundled_json_is_what_the_module_serves() -> None:
    data = json.loads(divisions.DIVISIONS_FILE.read_text(encoding="utf-8"))
    assert "cpca" in data["source"] and data["version"]
    assert [p["code"] for p in data["provinces"]] == [p.code for p in divisions.children(None)]

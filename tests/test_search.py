"""Catalogue search: Chinese, pinyin, initials, English and synonyms; ranked, typo-tolerant, never raising."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from bench.synthetic import synthetic_bundle
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import Catalogue, load_catalogue, parse_catalogue
from kiosk.catalogue.search import SearchIndex, _TypoIndex, max_edits


def bundle(packages: list[dict[str, Any]], items: list[tuple[str, str, str]]) -> bytes:
    """A minimal valid bundle: items are (code, zh, en); each package lists its items."""
    return json.dumps({
        "format": 1,
        "version": "test",
        "groups": [{"key": "applicant", "title": "申请人"}],
        "fields": {"applicant.name": {"type": "text", "label": {"zh": "姓名", "en": "Name"}}},
        "items": [
            {"code": code, "name": {"zh": zh, "en": en}, "department": "民政局", "fields": ["applicant.name"]}
            for code, zh, en in items
        ],
        "packages": packages,
    }, ensure_ascii=False).encode()


def package(code: str, zh: str, en: str, items: list[str], keywords: list[str] | None = None) -> dict[str, Any]:
    return {
        "code": code, "name": {"zh": zh, "en": en}, "audience": "individual", "event": zh,
        "items": [{"code": c} for c in items], "keywords": keywords or [],
    }


HAND_MADE = parse_catalogue(bundle(
    [
        package("P-BIRTH", "新生儿出生一件事", "Birth of a baby", ["I-CERT", "I-REG", "I-BIRTH"], ["生孩子", "生娃"]),
        package("P-MARRY", "结婚落户一件事", "Marriage and household registration", ["I-MARRY", "I-CARD"], ["领证"]),
        package("P-RETIRE", "退休一件事", "Retirement", ["I-PENSION", "I-FUND"]),
    ],
    [
        ("I-CERT", "出生医学证明首次签发", "First issue of the medical birth certificate"),
        ("I-REG", "出生登记", "Birth registration"),
        ("I-BIRTH", "出生", "Birth"),
        ("I-MARRY", "结婚登记", "Marriage registration"),
        ("I-CARD", "社会保障卡申领", "Social security card application"),
        ("I-PENSION", "企业职工养老金申领", "Enterprise employee pension claim"),
        ("I-FUND", "正常退休提取住房公积金", "Housing fund withdrawal on retirement"),
    ],
))
INDEX = SearchIndex.build(HAND_MADE)
DEMO = load_catalogue(DEMO_CATALOGUE)
DEMO_INDEX = SearchIndex.build(DEMO)


def codes(query: str, index: SearchIndex = INDEX, limit: int = 20) -> list[str]:
    return [hit.code for hit in index.search(query, limit)]


def top(query: str, index: SearchIndex = INDEX) -> tuple[str, float, str]:
    hit = index.search(query)[0]
    return hit.code, hit.score, hit.matched


# -- what matches ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("新生儿", ("P-BIRTH", 0.8, "name")),  # Chinese prefix
        ("养老金", ("I-PENSION", 0.6, "name")),  # Chinese substring
        ("xinshenger", ("P-BIRTH", 0.8, "pinyin")),
        ("xin sheng er", ("P-BIRTH", 0.8, "pinyin")),
        ("xin'sheng'er", ("P-BIRTH", 0.8, "pinyin")),
        ("xinshengerchushengyijianshi", ("P-BIRTH", 1.0, "pinyin")),
        ("yanglaojin", ("I-PENSION", 0.6, "pinyin")),  # from a later syllable
        ("xse", ("P-BIRTH", 0.8, "initials")),
        ("jhlh", ("P-MARRY", 0.8, "initials")),
        ("shbzk", ("I-CARD", 0.8, "initials")),
        ("marr", ("P-MARRY", 0.8, "english")),
        ("Social SEC", ("I-CARD", 0.8, "english")),
        ("pension", ("I-PENSION", 0.6, "english")),  # a later word
        ("生孩子", ("P-BIRTH", 1.0, "keyword")),
        ("孩子", ("P-BIRTH", 0.6, "keyword")),
        ("shenghaizi", ("P-BIRTH", 1.0, "keyword")),  # a keyword's pinyin
        ("shz", ("P-BIRTH", 1.0, "keyword")),  # and its initials
        ("lingzheng", ("P-MARRY", 1.0, "keyword")),
    ],
)
def test_each_way_of_typing_finds_its_entry(query: str, expected: tuple[str, float, str]) -> None:
    assert top(query) == expected


def test_english_matches_words_from_their_start() -> None:
    assert top("of a ba") == ("P-BIRTH", 0.6, "english")
    assert codes("tire") == []
    assert [h.score for h in INDEX.search("ecurity")] == [0.4]  # inside a word: only a typo away


def test_full_width_letters_case_and_tone_marks_are_folded() -> None:
    assert top("ＢＩＲＴＨ") == top("birth") == top("Birth")
    assert top("Ｘｉｎ Ｓｈｅｎｇ") == top("xinsheng")
    assert top("xīnshēngér") == top("xinshenger")


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "！？。", "·-_'"])
def test_nothing_to_search_for_finds_nothing(query: str) -> None:
    assert INDEX.search(query) == []


# -- ranking ---------------------------------------------------------------------------------------------------


def test_exact_beats_prefix_beats_substring() -> None:
    hits = INDEX.search("出生")
    assert [(h.code, h.score) for h in hits] == [
        ("I-BIRTH", 1.0),  # exact
        ("I-REG", 0.8),  # prefix, the shorter name first
        ("I-CERT", 0.8),
        ("P-BIRTH", 0.6),  # substring: a package, but only ties put packages first
    ]


def test_packages_come_first_among_equals() -> None:
    assert codes("birth") == ["I-BIRTH", "P-BIRTH", "I-REG", "I-CERT"]
    assert [h.score for h in INDEX.search("birth")] == [1.0, 0.8, 0.8, 0.6]
    assert codes("shenling") == ["I-CARD", "I-PENSION"]  # equal scores, equal kinds: the shorter name first


def test_typos_rank_below_every_real_match() -> None:
    hits = INDEX.search("marri")  # "marriage" twice by prefix; "married"-like typos would come after
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert codes("retir") == ["P-RETIRE", "I-FUND"]


def test_the_same_query_gives_the_same_answer() -> None:
    again = SearchIndex.build(HAND_MADE)
    for query in ("s", "sh", "出", "birth", "retirment", "xse"):
        assert INDEX.search(query) == again.search(query) == INDEX.search(query)


def test_limit() -> None:
    assert len(INDEX.search("s", limit=2)) == 2
    assert INDEX.search("s", limit=2) == INDEX.search("s")[:2]
    assert INDEX.search("s", limit=0) == []
    assert INDEX.search("retirment", limit=1) == INDEX.search("retirment")[:1]


# -- typos -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected", "score"),
    [
        ("retirment", "P-RETIRE", 0.4),  # a letter left out
        ("retiremment", "P-RETIRE", 0.4),  # one too many
        ("retiremant", "P-RETIRE", 0.4),  # a wrong one
        ("xinshneger", "P-BIRTH", 0.4),  # two swapped
        ("brith", "P-BIRTH", 0.4),
        ("marraige", "P-MARRY", 0.4),
        ("ritirment", "P-RETIRE", 0.3),  # two typos from 8 letters
        ("xinshnegre", "P-BIRTH", 0.3),
        ("shengaizi", "P-BIRTH", 0.4),  # a keyword's pinyin
    ],
)
def test_typos_are_forgiven(query: str, expected: str, score: float) -> None:
    hit = INDEX.search(query)[0]
    assert (hit.code, hit.score) == (expected, score)


def test_typos_are_forgiven_in_proportion_to_the_length() -> None:
    assert [max_edits(n) for n in (1, 3, 4, 7, 8, 20)] == [0, 0, 1, 1, 2, 2]
    assert codes("brh") == []  # too short to guess at
    assert codes("bjrht") == []  # two typos in five letters
    assert codes("retyrment") == ["P-RETIRE", "I-FUND"]
    assert codes("ryturment") == []  # three


def test_initials_are_not_guessed_at() -> None:
    assert codes("xsex") == []


# -- the demo catalogue ----------------------------------------------------------------------------------------


def entries(catalogue: Catalogue) -> list[tuple[str, str, str]]:
    return [(p.code, p.name.zh, p.name.en) for p in catalogue.packages.values()] + [
        (i.code, i.name.zh, i.name.en) for i in catalogue.items.values()
    ]


@pytest.mark.parametrize(("code", "zh", "en"), entries(DEMO))
def test_every_demo_entry_is_found_every_way(code: str, zh: str, en: str) -> None:
    syllables = lazy_pinyin(zh, errors="ignore")
    for query in (zh, "".join(syllables), " ".join(syllables), "".join(s[0] for s in syllables), en):
        assert (code, 1.0) in [(h.code, h.score) for h in DEMO_INDEX.search(query)], query


@pytest.mark.parametrize(
    ("query", "zh"),
    [
        ("xinshenger", "新生儿出生一件事"),
        ("xin sheng er", "新生儿出生一件事"),
        ("xse", "新生儿出生一件事"),
        ("jhlh", "结婚落户一件事"),
        ("birth", "新生儿出生一件事"),
        ("marr", "结婚落户一件事"),
        ("retirment", "退休一件事"),
        ("xinshneger", "新生儿出生一件事"),
    ],
)
def test_the_demo_packages_come_first(query: str, zh: str) -> None:
    hit = DEMO_INDEX.search(query)[0]
    assert (hit.kind, hit.name.zh) == ("package", zh)


def test_a_package_is_found_by_the_plain_name_the_elder_mode_shows() -> None:
    birth = package("P-BIRTH", "新生儿出生一件事", "Birth of a baby", ["I-REG"])
    birth["plain_name"] = {"zh": "生了孩子要办的事", "en": "After a baby is born"}
    index = SearchIndex.build(parse_catalogue(bundle([birth], [("I-REG", "出生登记", "Birth registration")])))
    assert top("生了孩子", index) == ("P-BIRTH", 0.8, "name")
    assert top("孩子", index) == ("P-BIRTH", 0.6, "name")
    assert top("shenglehaizi", index) == ("P-BIRTH", 0.8, "pinyin")
    assert top("slhz", index) == ("P-BIRTH", 0.8, "initials")
    assert top("after a baby", index) == ("P-BIRTH", 0.8, "english")
    assert top("新生儿", index) == ("P-BIRTH", 0.8, "name")  # the official name still finds it
    plain = [p for p in DEMO.packages.values() if p.plain_name is not None]
    assert plain and all(DEMO_INDEX.search(p.plain_name.zh)[0].code == p.code for p in plain if p.plain_name)


def test_a_synthetic_catalogue_loads_and_every_item_is_found_by_name() -> None:
    catalogue = parse_catalogue(synthetic_bundle(items=300, packages=12, seed=3))
    assert synthetic_bundle(items=300, packages=12, seed=3) == synthetic_bundle(items=300, packages=12, seed=3)
    assert (len(catalogue.items), len(catalogue.packages)) == (300, 12)
    assert all(3 <= len(p.items) <= 12 for p in catalogue.packages.values())
    index = SearchIndex.build(catalogue)
    for item in catalogue.items.values():
        assert (item.code, 1.0) in [(h.code, h.score) for h in index.search(item.name.zh)]


# -- never raises ----------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(query=st.text(max_size=40), limit=st.integers(min_value=-3, max_value=40))
def test_any_text_is_a_query(query: str, limit: int) -> None:
    for index in (INDEX, DEMO_INDEX):
        hits = index.search(query, limit)
        assert len(hits) <= max(limit, 0)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abehilmnrstxyz '生出退休ＡＢüǚ", max_size=30))
def test_any_pinyin_like_text_is_a_query(query: str) -> None:
    assert len(INDEX.search(query)) <= 20


# -- the typo index against a plain dynamic programme ----------------------------------------------------------


def typos_to_a_prefix(query: str, text: str) -> int:
    """Fewest insertions, deletions, substitutions and swaps of neighbours making `query` a prefix of `text`."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(text) + 1)] for i in range(len(query) + 1)]
    for i in range(1, len(query) + 1):
        for j in range(1, len(text) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (query[i - 1] != text[j - 1]))
            if i > 1 and j > 1 and query[i - 1] == text[j - 2] and query[i - 2] == text[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return min(d[len(query)])


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="abcd", min_size=1, max_size=12), min_size=1, max_size=30),
    query=st.text(alphabet="abcd", min_size=4, max_size=12),
)
def test_the_typo_index_finds_exactly_what_a_full_comparison_finds(texts: list[str], query: str) -> None:
    tails = sorted({text[:n] for text in texts for n in range(1, len(text) + 1)})  # suffixes of suffixes, as in use
    edits = max_edits(len(query))
    found = {t: typos for lo, hi, typos in _TypoIndex(tails).near(query, edits) for t in range(lo, hi)}
    expected = {t: typos_to_a_prefix(query, text) for t, text in enumerate(tails)}
    assert found == {t: typos for t, typos in expected.items() if typos <= edits}

"""catalog.search_p95: the time to answer one keystroke in a 10,000-item catalogue.

Every query is typed one character at a time and each prefix is searched, as the kiosk's
search box does. The floor is a plain substring scan over the Chinese item names, timed
over the same keystrokes in the same rounds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bench.rows import Row, row_ratio
from bench.synthetic import synthetic_bundle
from kiosk.catalogue import parse_catalogue
from kiosk.catalogue.search import SearchIndex

ROUNDS = 5
QUERIES = (
    # Chinese, as an input method commits it
    "社会保障卡补领", "营业执照变更", "机动车驾驶证", "户口迁移", "住房公积金提取", "出生医学证明", "退休",
    "结婚登记", "不动产权证书", "医保", "普通护照", "残疾人证", "失业保险金申领", "教师资格证",
    # full pinyin, with and without spaces
    "shehuibaozhangka", "yingyezhizhao", "jiashizheng", "hukou qianyi", "gongjijin tiqu", "xinshenger",
    "tuixiu", "jiehun dengji", "budongchan", "zhengmingkaiju",
    # initials
    "shbzk", "yyzz", "jsz", "gjj", "bdcqzs",
    # English
    "social security card", "business licence", "passport", "driving licence", "birth", "retirement",
    "marriage registration", "housing provident fund",
    # typos
    "retirment", "pasport", "jiashizhneg", "yingyezhizaho", "shehuibaozhagnka", "busines licence",
)


def keystrokes(queries: tuple[str, ...]) -> list[str]:
    """Every prefix of every query: what the search box holds after each key."""
    return [query[:n] for query in queries for n in range(1, len(query) + 1)]


def timed(search: Callable[[str], object], typed: list[str]) -> list[float]:
    """Milliseconds for each call."""
    samples = []
    for text in typed:
        start = time.perf_counter_ns()
        search(text)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def search_rows() -> list[Row]:
    catalogue = parse_catalogue(synthetic_bundle())
    index = SearchIndex.build(catalogue)
    names = [item.name.zh for item in catalogue.items.values()]

    def naive(text: str) -> list[str]:
        return [name for name in names if text in name]

    typed = keystrokes(QUERIES)
    timed(index.search, typed)  # warm up
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(ROUNDS):  # alternate, so drift on the machine hits both alike
        ours += timed(index.search, typed)
        floor += timed(naive, typed)
    value, base = p95(ours), p95(floor)
    return [row_ratio("catalog.search_p95", value, base)]

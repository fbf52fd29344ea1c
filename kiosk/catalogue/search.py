"""Find packages and items as a citizen types: Chinese, pinyin, initials, English or a synonym.

Pinyin is computed once, when the index is built. A query takes its candidates from an
inverted index (characters and bigrams for Chinese, anchored prefixes for pinyin, initials
and English, deletion neighbourhoods for typos) and only those candidates are scored.
Entry ids follow the tie-break order (packages first, then shorter names, then code), so
candidates taken in id order are already ranked within a score.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from pypinyin import lazy_pinyin
from pypinyin.seg.simpleseg import seg

from kiosk.catalogue.model import Catalogue, ScenarioPackage, ServiceItem
from kiosk.i18n import Text

Kind = Literal["package", "item"]
Matched = Literal["name", "pinyin", "initials", "english", "keyword"]
Form = Literal["chinese", "pinyin", "initials", "english"]

EXACT, PREFIX, SUBSTRING = 1.0, 0.8, 0.6
FUZZY = 0.5  # minus 0.1 per edit
HEAD = 3  # latin candidates are looked up by the query's first HEAD letters
SEP = "\x00"  # never in a normalised form, which keeps only letters, digits and single spaces
WORD = re.compile(r"[a-z0-9]+")
NO_IDS = array("I")
TYPO_HEADS = {4: 1, 5: 2}  # letters of a head → most deletions indexed for it


@dataclass(frozen=True)
class Hit:
    kind: Kind
    code: str
    name: Text
    score: float
    matched: Matched  # the field that gave the score


def fold(text: str) -> str:
    """Case, width and accents folded: "Ｂｉｒｔｈ" → "birth", "lǜ" → "lv" (pinyin's spelling of ü)."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ü", "v")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def max_edits(letters: int) -> int:
    """Typos forgiven in a latin query: none below 4 letters, one from 4, two from 8."""
    return 0 if letters < 4 else 1 if letters < 8 else 2


def _alnum(folded: str) -> str:
    return "".join(c for c in folded if c.isalnum())


@dataclass(frozen=True)
class _Field:
    """One searchable form of a name or keyword, with the offsets besides 0 where a match may start."""

    matched: Matched
    form: Form
    text: str
    starts: tuple[int, ...]  # every character (Chinese, initials), syllable (pinyin) or word (english)

    def score(self, query: str) -> float:
        if self.text == query:
            return EXACT
        if self.text.startswith(query):
            return PREFIX
        return SUBSTRING if any(self.text.startswith(query, s) for s in self.starts) else 0.0

    def compact_starts(self) -> tuple[int, ...]:
        """All match starts, 0 included, in the text without spaces."""
        if self.form != "english":
            return (0, *self.starts)
        return (0, *(s - n for n, s in enumerate(self.starts, 1)))


class _Pinyin:
    """Syllables of a folded text, cached per word: names share most of their words."""

    def __init__(self) -> None:
        self.words: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        syllables = []
        for word in seg(text):
            known = self.words.get(word)
            if known is None:
                known = self.words[word] = lazy_pinyin(word, errors="ignore") or WORD.findall(word)
            syllables.extend(known)
        return syllables


def _offsets(parts: list[str], gap: int) -> tuple[int, ...]:
    """Where each part after the first starts once joined with `gap` characters between."""
    starts, at = [], 0
    for part in parts[:-1]:
        at += len(part) + gap
        starts.append(at)
    return tuple(starts)


def _fields(matched: Matched, zh: str, en: str, pinyin: _Pinyin) -> Iterator[_Field]:
    folded = fold(zh)
    if chinese := _alnum(folded):
        yield _Field(matched, "chinese", chinese, tuple(range(1, len(chinese))))
    if syllables := pinyin(folded):
        spelled = "".join(syllables)
        initials = "".join(s[0] for s in syllables)
        yield _Field("pinyin" if matched == "name" else matched, "pinyin", spelled, _offsets(syllables, 0))
        yield _Field("initials" if matched == "name" else matched, "initials", initials, tuple(range(1, len(initials))))
    if words := WORD.findall(fold(en)):
        yield _Field("english", "english", " ".join(words), _offsets(words, 1))


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    code: str
    name: Text
    fields: tuple[_Field, ...]


def _entry(kind: Kind, entry: ScenarioPackage | ServiceItem, pinyin: _Pinyin) -> _Entry:
    fields = [*_fields("name", entry.name.zh, entry.name.en, pinyin)]
    fields += [f for keyword in entry.keywords for f in _fields("keyword", keyword, "", pinyin)]
    return _Entry(kind, entry.code, entry.name, tuple(fields))


class SearchIndex:
    """Built once per catalogue version; `search` is cheap enough to run on every keystroke."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
        # Per entry, the forms joined so that one `in` answers "exact" (SEP+q+SEP), "prefix" (SEP+q) or "substring".
        self.chinese: list[str] = []
        self.letters: list[str] = []  # pinyin and initials
        self.letter_tails: list[str] = []  # SEP before every suffix at a later syllable or initial
        self.english: list[str] = []  # a word starts after SEP or a space
        grams: defaultdict[str, set[int]] = defaultdict(set)
        heads: defaultdict[str, set[int]] = defaultdict(set)
        tails: defaultdict[str, set[tuple[int, Matched]]] = defaultdict(set)
        for i, entry in enumerate(entries):
            by_form: defaultdict[Form, list[_Field]] = defaultdict(list)
            for f in entry.fields:
                by_form[f.form].append(f)
                if f.form == "chinese":
                    for s in range(len(f.text)):
                        grams[f.text[s : s + 1]].add(i)
                        grams[f.text[s : s + 2]].add(i)
                    continue
                compact = f.text.replace(" ", "")
                for s in f.compact_starts():
                    for n in range(1, HEAD + 1):
                        heads[compact[s : s + n]].add(i)
                    if f.form != "initials":  # initials are too short to forgive typos in
                        tails[compact[s:]].add((i, f.matched))
            letters = by_form["pinyin"] + by_form["initials"]
            self.chinese.append(SEP + SEP.join(f.text for f in by_form["chinese"]) + SEP)
            self.letters.append(SEP + SEP.join(f.text for f in letters) + SEP)
            self.letter_tails.append(SEP + SEP.join(f.text[s:] for f in letters for s in f.starts))
            self.english.append(SEP + SEP.join(f.text for f in by_form["english"]) + SEP)
        self.grams = {key: array("I", sorted(ids)) for key, ids in grams.items()}
        self.heads = {key: array("I", sorted(ids)) for key, ids in heads.items()}
        self.tail_owners = [sorted(owners) for owners in tails.values()]
        self.typos = _TypoIndex(list(tails))

    @classmethod
    def build(cls, catalogue: Catalogue) -> SearchIndex:
        pinyin = _Pinyin()
        entries = [_entry("package", p, pinyin) for p in catalogue.packages.values()]
        entries += [_entry("item", item, pinyin) for item in catalogue.items.values()]
        entries.sort(key=lambda e: (e.kind != "package", len(e.name.zh), e.code))
        return cls(entries)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        folded = fold(query)
        chinese = _alnum(folded)
        if not chinese or limit <= 0:
            return []
        if not chinese.isascii():
            ranked = self._chinese(chinese, limit)
            return [self._hit(i, score, {"chinese": chinese}) for score, i in ranked]
        words = " ".join(WORD.findall(folded))
        ranked = self._latin(chinese, words, limit)
        queries: dict[Form, str] = {"pinyin": chinese, "initials": chinese, "english": words}
        hits = [self._hit(i, score, queries) for score, i in ranked]
        edits = max_edits(len(chinese))
        if len(hits) < limit and edits:
            found = {i for _, i in ranked}
            for i, matched, typos in self._typos(chinese, edits, found):
                e = self.entries[i]
                hits.append(Hit(e.kind, e.code, e.name, round(FUZZY - 0.1 * typos, 2), matched))
        return hits[:limit]

    def _chinese(self, query: str, limit: int) -> list[tuple[float, int]]:
        if len(query) <= 2:
            candidates = self.grams.get(query, NO_IDS)
        else:
            candidates = min((self.grams.get(query[s : s + 2], NO_IDS) for s in range(len(query) - 1)), key=len)
        exact, prefix = SEP + query + SEP, SEP + query
        texts = self.chinese
        tiers: tuple[list[int], list[int], list[int]] = ([], [], [])
        for i in candidates:
            text = texts[i]
            if prefix in text:
                tiers[0 if exact in text else 1].append(i)
            elif query in text:
                tiers[2].append(i)
        return _ranked(tiers, limit)

    def _latin(self, letters: str, words: str, limit: int) -> list[tuple[float, int]]:
        exact, prefix = SEP + letters + SEP, SEP + letters
        exact_words, prefix_words, word = SEP + words + SEP, SEP + words, " " + words
        own, tails, english = self.letters, self.letter_tails, self.english
        tiers: tuple[list[int], list[int], list[int]] = ([], [], [])
        for i in self.heads.get(letters[:HEAD], NO_IDS):
            mine, theirs = own[i], english[i]
            if prefix in mine or prefix_words in theirs:
                tiers[0 if exact in mine or exact_words in theirs else 1].append(i)
            elif prefix in tails[i] or word in theirs:
                tiers[2].append(i)
        return _ranked(tiers, limit)

    def _typos(self, letters: str, edits: int, found: set[int]) -> list[tuple[int, Matched, int]]:
        """Entries a few typos away, fewest typos first, then in tie-break order."""
        best: dict[int, tuple[int, Matched]] = {}
        for tail, typos in self.typos.near(letters, edits):
            for i, matched in self.tail_owners[tail]:
                if i not in found and (i not in best or typos < best[i][0]):
                    best[i] = (typos, matched)
        return sorted(((i, matched, typos) for i, (typos, matched) in best.items()), key=lambda t: (t[2], t[0]))

    def _hit(self, i: int, score: float, queries: dict[Form, str]) -> Hit:
        entry = self.entries[i]
        fields = (f for f in entry.fields if f.form in queries and f.score(queries[f.form]) == score)
        return Hit(entry.kind, entry.code, entry.name, score, next(fields, entry.fields[0]).matched)


def _ranked(tiers: tuple[list[int], list[int], list[int]], limit: int) -> list[tuple[float, int]]:
    ranked: list[tuple[float, int]] = []
    for score, ids in zip((EXACT, PREFIX, SUBSTRING), tiers, strict=True):
        ranked += ((score, i) for i in ids[: limit - len(ranked)])
    return ranked


def _deletions(text: str, most: int) -> dict[str, int]:
    """Every string made by deleting at most `most` characters, with the fewest deletions it takes."""
    made: dict[str, int] = {}
    for n in range(most, -1, -1):
        for gone in combinations(range(len(text)), n):
            made["".join(c for i, c in enumerate(text) if i not in gone)] = n
    return made


def prefix_distance(query: str, text: str, most: int) -> int:
    """Fewest edits (insert, delete, substitute, swap neighbours) making `query` a prefix of `text`.

    Only a band of width 2·most + 1 is computed; anything above `most` is reported as most + 1.
    """
    over = most + 1
    before: list[int] = []
    previous = list(range(len(text) + 1))
    for i in range(1, len(query) + 1):
        current = [over] * (len(text) + 1)
        current[0] = i
        q = query[i - 1]
        for j in range(max(1, i - most), min(len(text), i + most) + 1):
            t = text[j - 1]
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (q != t))
            if i > 1 and j > 1 and q == text[j - 2] and query[i - 2] == t:
                best = min(best, before[j - 2] + 1)
            current[j] = min(best, over)
        if min(current) > most:
            return over
        before, previous = previous, current
    return min(previous)


class _TypoIndex:
    """Suffixes found despite typos, through the deletion neighbourhoods of their first letters.

    If a query is within k edits of a prefix of a suffix, deleting at most k letters from the
    first H letters of each leaves a common string, for any H up to the query's length. Heads
    of 4 letters serve 4-letter queries, heads of 5 the longer ones.
    """

    def __init__(self, tails: list[str]) -> None:
        self.tails = tails
        self.by_head: dict[int, dict[str, list[int]]] = {}
        self.keys: dict[int, dict[str, list[tuple[str, int]]]] = {}
        for size, most in TYPO_HEADS.items():
            by_head: defaultdict[str, list[int]] = defaultdict(list)
            for t, tail in enumerate(tails):
                by_head[tail[:size]].append(t)
            keys: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
            for head in by_head:
                for key, gone in _deletions(head, most).items():
                    keys[key].append((head, gone))
            self.by_head[size], self.keys[size] = dict(by_head), dict(keys)

    def near(self, query: str, edits: int) -> Iterator[tuple[int, int]]:
        """(tail, typos) for every tail that `query` matches the start of with at most `edits` typos."""
        size = min(len(query), max(TYPO_HEADS))
        if size not in TYPO_HEADS or edits > TYPO_HEADS[size]:
            return
        keys = self.keys[size]
        heads = {
            head
            for key in _deletions(query[:size], edits)
            for head, gone in keys.get(key, ())
            if gone <= edits
        }
        cuts: defaultdict[str, list[int]] = defaultdict(list)
        width = len(query) + edits
        for head in heads:
            for t in self.by_head[size][head]:
                cuts[self.tails[t][:width]].append(t)
        for cut, tails in cuts.items():
            typos = prefix_distance(query, cut, edits)
            if typos <= edits:
                yield from ((t, typos) for t in tails)

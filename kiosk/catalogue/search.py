"""Find packages and items as a citizen types: Chinese, pinyin, initials, English, a synonym or a package's plain name.

Pinyin is computed once, when the index is built. A query takes its candidates from an
inverted index (characters and bigrams for Chinese, the first letters at every syllable,
initial or word for latin text, deletion neighbourhoods for typos) and only those are scored.
Entry ids follow the tie-break order (packages first, then shorter names, then code), so
candidates taken in id order are already ranked among equal scores.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
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
MATCHED: tuple[Matched, ...] = ("name", "pinyin", "initials", "english", "keyword")  # also the order to label by

EXACT, PREFIX, SUBSTRING = 1.0, 0.8, 0.6
FUZZY = 0.5  # minus 0.1 per typo
HEAD = 6  # latin candidates are looked up by their first HEAD letters
TYPO_HEADS = {4: 1, 5: 2}  # letters in a typo head → most deletions indexed for it
SEP = "\x00"  # never in a normalised form, which keeps letters, digits and single spaces only
LAST = "\U0010ffff"  # sorts after any letter: `prefix + LAST` bounds the strings that start with prefix
WORD = re.compile(r"[a-z0-9]+")
NOT_ALNUM = re.compile(r"[\W_]+")
NO_IDS = array("I")


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
    if unicodedata.is_normalized("NFKD", text):
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def max_edits(letters: int) -> int:
    """Typos forgiven in a latin query: none below 4 letters, one from 4, two from 8."""
    return 0 if letters < 4 else 1 if letters < 8 else 2


@dataclass(frozen=True)
class _Field:
    """One searchable form of a name or keyword: its Chinese, pinyin, initials or English words."""

    matched: Matched
    form: Form
    text: str
    syllables: tuple[int, ...] = ()  # pinyin and english: where a syllable or word starts, besides 0

    def starts(self) -> Iterable[int]:
        """Where a match may start: any character in Chinese and initials."""
        return range(len(self.text)) if self.form in ("chinese", "initials") else (0, *self.syllables)

    def score(self, query: str) -> float:
        if self.text == query:
            return EXACT
        if self.text.startswith(query):
            return PREFIX
        return SUBSTRING if any(self.text.startswith(query, s) for s in self.starts()) else 0.0


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    code: str
    name: Text
    fields: tuple[_Field, ...]


class _Pinyin:
    """Syllables of a folded text, cached per word: names share most of their words."""

    def __init__(self) -> None:
        self.words: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        syllables = []
        for word in seg(text):
            known = self.words.get(word)
            if known is None:  # a word without Chinese keeps its letters and digits
                known = self.words[word] = lazy_pinyin(word, errors="ignore") or WORD.findall(word)
            syllables.extend(known)
        return syllables


def _offsets(parts: list[str], gap: int) -> tuple[int, ...]:
    """Where each part after the first starts, once joined with `gap` characters between."""
    starts, at = [], 0
    for part in parts[:-1]:
        at += len(part) + gap
        starts.append(at)
    return tuple(starts)


def _fields(matched: Matched, zh: str, en: str, pinyin: _Pinyin) -> Iterator[_Field]:
    folded = fold(zh)
    if chinese := NOT_ALNUM.sub("", folded):
        yield _Field(matched, "chinese", chinese)
    if syllables := pinyin(folded):
        initials = "".join(s[0] for s in syllables)
        yield _Field("pinyin" if matched == "name" else matched, "pinyin", "".join(syllables), _offsets(syllables, 0))
        yield _Field("initials" if matched == "name" else matched, "initials", initials)
    if words := WORD.findall(fold(en)):
        yield _Field("english", "english", " ".join(words), _offsets(words, 1))


def _entry(kind: Kind, entry: ScenarioPackage | ServiceItem, pinyin: _Pinyin) -> _Entry:
    fields = [*_fields("name", entry.name.zh, entry.name.en, pinyin)]
    if isinstance(entry, ScenarioPackage) and entry.plain_name is not None:  # the elder mode's words find it too
        fields += _fields("name", entry.plain_name.zh, entry.plain_name.en, pinyin)
    fields += [f for keyword in entry.keywords for f in _fields("keyword", keyword, "", pinyin)]
    return _Entry(kind, entry.code, entry.name, tuple(fields))


class _Postings(defaultdict[str, "array[int]"]):
    """Key → the ids that have it, ascending as long as ids are added in order."""

    def __init__(self) -> None:
        super().__init__(lambda: array("I"))

    def add(self, i: int, keys: Iterable[str]) -> None:
        for key in set(keys):
            self[key].append(i)


class SearchIndex:
    """Built once per catalogue version; `search` is cheap enough to run on every keystroke."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
        # Per entry, its forms joined so that `in` finds a match: SEP + query + SEP is exact, SEP + query starts a form.
        self.chinese: list[str] = []
        self.wholes: list[str] = []  # latin forms, whole
        self.anchored: list[str] = []  # latin forms from every match start: syllable, initial or word
        self.grams = _Postings()  # Chinese characters and bigrams
        self.heads = _Postings()  # the first 1..HEAD letters at every match start
        self.firsts = _Postings()  # the first 1..HEAD letters of every form
        self.shorts = _Postings()  # forms no longer than HEAD
        tails: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))  # owner: id · 8 + MATCHED index
        for i, entry in enumerate(entries):
            chinese = [f.text for f in entry.fields if f.form == "chinese"]
            latin = [(f, f.starts()) for f in entry.fields if f.form != "chinese"]
            self.grams.add(i, (text[s : s + n] for text in chinese for s in range(len(text)) for n in (1, 2)))
            self.heads.add(i, (f.text[s : s + n] for f, starts in latin for s in starts for n in range(1, HEAD + 1)))
            self.firsts.add(i, (f.text[:n] for f, _ in latin for n in range(1, HEAD + 1)))
            self.shorts.add(i, (f.text for f, _ in latin if len(f.text) <= HEAD))
            self.chinese.append(SEP + SEP.join(chinese) + SEP)
            self.wholes.append(SEP + SEP.join(f.text for f, _ in latin) + SEP)
            self.anchored.append(SEP + SEP.join(f.text[s:] for f, starts in latin for s in starts))
            for f, starts in latin:
                if f.form != "initials":  # too short to forgive typos in
                    for s in starts:
                        tails[f.text[s:].replace(" ", "")].append(i << 3 | MATCHED.index(f.matched))
        ordered = sorted(tails)
        self.tail_owners = [tails[tail] for tail in ordered]
        self.typos = _TypoIndex(ordered)

    @classmethod
    def build(cls, catalogue: Catalogue) -> SearchIndex:
        pinyin = _Pinyin()
        entries = [_entry("package", p, pinyin) for p in catalogue.packages.values()]
        entries += [_entry("item", item, pinyin) for item in catalogue.items.values()]
        entries.sort(key=lambda e: (e.kind != "package", len(e.name.zh), e.code))
        return cls(entries)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best `limit` entries for what has been typed so far, best first."""
        folded = fold(query)
        text = NOT_ALNUM.sub("", folded)
        if not text or limit <= 0:
            return []
        if not text.isascii():
            return [self._hit(i, score, {"chinese": text}) for score, i in self._chinese(text, limit)]
        words = " ".join(WORD.findall(folded))
        ranked = self._latin(text, words, limit)
        hits = [self._hit(i, score, {"pinyin": text, "initials": text, "english": words}) for score, i in ranked]
        edits = max_edits(len(text))
        if len(hits) < limit and edits:
            hits += self._typos(text, edits, {i for _, i in ranked}, limit - len(hits))
        return hits[:limit]

    def _chinese(self, query: str, limit: int) -> list[tuple[float, int]]:
        if len(query) <= 2:
            candidates = self.grams.get(query, NO_IDS)
        else:
            candidates = min((self.grams.get(query[s : s + 2], NO_IDS) for s in range(len(query) - 1)), key=len)
        exact, prefix, texts = SEP + query + SEP, SEP + query, self.chinese
        tiers: tuple[list[int], list[int], list[int]] = ([], [], [])
        for i in candidates:
            text = texts[i]
            if prefix in text:
                tiers[0 if exact in text else 1].append(i)
            elif query in text:
                tiers[2].append(i)
        return _ranked(tiers, limit)

    def _latin(self, letters: str, words: str, limit: int) -> list[tuple[float, int]]:
        """Pinyin and initials are matched by the letters typed, English by the words."""
        spaced = " " in words
        if len(letters) <= HEAD and not spaced:
            return self._short(letters, limit)
        needle, word_needle = SEP + letters, SEP + words
        exact, exact_words = needle + SEP, word_needle + SEP
        anchored, wholes = self.anchored, self.wholes
        tiers: tuple[list[int], list[int], list[int]] = ([], [], [])
        for i in self.heads.get(words.split(" ", 1)[0][:HEAD], NO_IDS):
            text = anchored[i]
            if needle in text or (spaced and word_needle in text):
                whole = wholes[i]
                if exact in whole or (spaced and exact_words in whole):
                    tiers[0].append(i)
                else:
                    tiers[1 if needle in whole or (spaced and word_needle in whole) else 2].append(i)
        return _ranked(tiers, limit)

    def _short(self, letters: str, limit: int) -> list[tuple[float, int]]:
        """A few letters: the postings are the answer, no candidate needs checking."""
        ranked: list[tuple[float, int]] = []
        seen: set[int] = set()
        for score, postings in ((EXACT, self.shorts), (PREFIX, self.firsts), (SUBSTRING, self.heads)):
            for i in postings.get(letters, NO_IDS):
                if len(ranked) == limit:
                    return ranked
                if i not in seen:
                    seen.add(i)
                    ranked.append((score, i))
        return ranked

    def _typos(self, letters: str, edits: int, found: set[int], wanted: int) -> list[Hit]:
        """The `wanted` best entries a few typos away: fewest typos first, then in tie-break order."""
        ranges: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        for lo, hi, typos in self.typos.near(letters, edits):
            ranges[typos].append((lo, hi))
        hits: list[Hit] = []
        taken = set(found)
        for typos in sorted(ranges):
            if len(hits) == wanted:
                break
            owners = (owners for lo, hi in ranges[typos] for owners in self.tail_owners[lo:hi])
            labels = _first_owners(owners, wanted - len(hits), taken)
            hits += (self._typo_hit(i, typos, labels[i]) for i in sorted(labels))
            taken.update(labels)
        return hits

    def _typo_hit(self, i: int, typos: int, matched: int) -> Hit:
        entry = self.entries[i]
        return Hit(entry.kind, entry.code, entry.name, round(FUZZY - 0.1 * typos, 1), MATCHED[matched])

    def _hit(self, i: int, score: float, queries: dict[Form, str]) -> Hit:
        """A hit, labelled with the first field that gives its score."""
        entry = self.entries[i]
        fields = (f.matched for f in entry.fields if f.form in queries and f.score(queries[f.form]) == score)
        return Hit(entry.kind, entry.code, entry.name, score, next(fields, "name"))


def _ranked(tiers: tuple[list[int], list[int], list[int]], limit: int) -> list[tuple[float, int]]:
    ranked: list[tuple[float, int]] = []
    for score, ids in zip((EXACT, PREFIX, SUBSTRING), tiers, strict=True):
        ranked += ((score, i) for i in ids[: limit - len(ranked)])
    return ranked


def _first_owners(arrays: Iterable[array[int]], count: int, skip: set[int]) -> dict[int, int]:
    """The `count` smallest ids not in `skip` among arrays of owners (id · 8 + label), with their best label.

    Each array is ascending, so it is left as soon as it passes the largest id kept so far.
    """
    kept: list[int] = []  # negated: a max-heap of the ids kept
    labels: dict[int, int] = {}
    for owners in arrays:
        for owner in owners:
            i, label = owner >> 3, owner & 7
            if len(kept) == count and i > -kept[0]:
                break
            if i in skip:
                continue
            if i in labels:
                labels[i] = min(labels[i], label)
                continue
            labels[i] = label
            heapq.heappush(kept, -i)
            if len(kept) > count:
                del labels[-heapq.heappop(kept)]
    return labels


def _deletions(text: str, most: int) -> dict[str, int]:
    """Every string made by deleting at most `most` characters, with the fewest deletions it takes."""
    made: dict[str, int] = {}
    for n in range(most, -1, -1):
        for gone in combinations(range(len(text)), n):
            made["".join(c for i, c in enumerate(text) if i not in gone)] = n
    return made


class _PrefixWalk:
    """Typos between a query and the start of texts that come in sorted order.

    Column j holds, for every i, the edits (insert, delete, substitute, swap neighbours) from
    query[:i] to text[:j]; only a band of width 2·most + 1 is computed, anything above `most`
    counts as most + 1. Sorted neighbours share prefixes, so their columns are reused.
    """

    def __init__(self, query: str, most: int) -> None:
        self.query, self.most = query, most
        self.path = ""  # the text the columns are for
        self.columns = [[min(i, most + 1) for i in range(len(query) + 1)]]
        self.best = [self.columns[0][-1]]  # best[j]: fewest edits from the query to any text[:j'], j' ≤ j

    def walk(self, text: str) -> tuple[int, int]:
        """(characters of `text` that decided, fewest typos making the query a prefix of it, capped at most + 1)."""
        query, most, columns, best = self.query, self.most, self.columns, self.best
        over, m = most + 1, len(query)
        j, shared = 0, min(len(self.path), len(text))
        while j < shared and self.path[j] == text[j]:
            j += 1
        del columns[j + 1 :], best[j + 1 :]
        while j < len(text) and min(columns[j]) <= most:
            j += 1
            c, previous = text[j - 1], columns[j - 1]
            column = [over] * (m + 1)
            column[0] = min(j, over)
            for i in range(max(1, j - most), min(m, j + most) + 1):
                q = query[i - 1]
                edits = min(previous[i] + 1, column[i - 1] + 1, previous[i - 1] + (q != c))
                if i > 1 and j > 1 and q == text[j - 2] and query[i - 2] == c:
                    edits = min(edits, columns[j - 2][i - 2] + 1)
                column[i] = min(edits, over)
            columns.append(column)
            best.append(min(best[-1], column[m]))
        self.path = text[:j]
        return j, best[j]


class _TypoIndex:
    """Sorted suffixes found despite typos, through the deletion neighbourhoods of their first letters.

    If a query is within k typos of the start of a suffix, deleting at most k letters from the
    first H letters of each leaves a common string, for any H up to the query's length: heads
    of 4 letters serve 4-letter queries, heads of 5 the longer ones.
    """

    def __init__(self, tails: list[str]) -> None:
        self.tails = tails
        self.spans: dict[int, dict[str, tuple[int, int]]] = {}  # head → the range of tails that start with it
        self.keys: dict[int, dict[str, list[tuple[str, int]]]] = {}  # deletion key → (head, deletions)
        for size, most in TYPO_HEADS.items():
            spans: dict[str, tuple[int, int]] = {}
            for t, tail in enumerate(tails):
                head = tail[:size]
                spans[head] = (spans[head][0] if head in spans else t, t + 1)
            keys: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
            for head in spans:
                for key, gone in _deletions(head, most).items():
                    keys[key].append((head, gone))
            self.spans[size], self.keys[size] = spans, dict(keys)

    def near(self, query: str, edits: int) -> Iterator[tuple[int, int, int]]:
        """(lo, hi, typos): tails[lo:hi] start with `query` give or take `typos` ≤ `edits`."""
        size = min(len(query), max(TYPO_HEADS))
        if TYPO_HEADS.get(size, 0) < edits:
            return
        keys, spans = self.keys[size], self.spans[size]
        heads = (head for key in _deletions(query[:size], edits) for head, gone in keys.get(key, ()) if gone <= edits)
        found = {spans[head] for head in heads}
        walk, width = _PrefixWalk(query, edits), len(query) + edits
        for lo, hi in sorted(found):
            t = lo
            while t < hi:
                cut = self.tails[t][:width]
                decided, typos = walk.walk(cut)
                # Tails that share what decided share the answer, unless this one ended before deciding.
                ended = decided == len(cut) < width
                end = t + 1 if ended else bisect_right(self.tails, cut[:decided] + LAST, t, hi)
                if typos <= edits:
                    yield t, end, typos
                t = end

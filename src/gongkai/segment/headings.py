"""Sections and subsections of a report, found from heading patterns in headings.toml.

Headings are matched on a whitespace-free copy of the text (so headings wrapped
over PDF lines or run into the previous line still match) and mapped back to
offsets in the original text. Numbered headings must come in increasing numeral
order; that, and the fixed title patterns, keep table rows (三、本年度办理结果)
and enumerations inside tables (（一）予以公开) from being taken as headings.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..document import Span
from ..errors import Code, GongkaiError
from ..numbers import parse_chinese_numeral
from .clauses import split_clauses

SECTION_KEYS = ("overview", "active", "requests", "appeals", "problems", "other")
SUBSECTION_KEYS = {
    "overview": ("active_disclosure", "request_disclosure", "information_management",
                 "platform_building", "supervision"),
    "problems": ("identified_problems", "improvements"),
}
_BOUNDARY = set("。；：！？:;!?")
_SENTENCE_CLOSERS = set("。；！？;!?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_SEQUENCE_CANDIDATES = 60  # real reports give under 10 heading candidates
BODY_MIN_CJK = 6  # a body sentence before the first section is at least this long
_LINE_END_PUNCT = "：:。"


@dataclass(frozen=True)
class HeadingRule:
    key: str
    regex: re.Pattern[str]
    extra: bool = False
    examples: tuple[str, ...] = ()
    theme: bool = False  # a report's own theme heading, used where no standard one is found
    outline: bool = False  # a looser standard heading, taken only on an item of the report's outline


@dataclass(frozen=True)
class HeadingRules:
    sections: tuple[HeadingRule, ...]
    subsections: dict[str, tuple[HeadingRule, ...]]  # parent key -> rules
    table_markers: tuple[str, ...]
    prose_verbs: tuple[str, ...]
    min_prose_cjk: int
    table_titles: tuple[str, ...] = ()
    end_markers: tuple[str, ...] = ()
    preface_cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    key: str
    start: int  # offsets into the original text
    end: int
    num: int | None
    extra: bool = False
    raw_num: str = ""


def _bad(entry: str, reason: str) -> GongkaiError:
    return GongkaiError(Code.BAD_RESOURCE, file="headings.toml", entry=entry, reason=reason)


def _compile(marker: str, patterns: list[str], entry: str, optional_marker: bool) -> re.Pattern[str]:
    if not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise _bad(entry, "needs a non-empty list of patterns")
    quant = "?" if optional_marker else ""
    try:
        return re.compile(f"(?:{marker}){quant}(?P<title>{'|'.join(f'(?:{p})' for p in patterns)})")
    except re.error as err:
        raise _bad(entry, f"bad regex ({err})") from err


def parse_headings(data: dict[str, Any]) -> HeadingRules:
    """Validate the TOML structure and compile every pattern once."""
    markers = data.get("markers", {})
    for name in ("section", "subsection"):
        if "(?P<num>" not in markers.get(name, ""):
            raise _bad(f"markers.{name}", "needs a (?P<num>…) group")
    sections = []
    for i, entry in enumerate(data.get("section", [])):
        key = entry.get("key")
        if key not in SECTION_KEYS:
            raise _bad(f"section[{i}]", f"unknown key {key!r}")
        extra = bool(entry.get("extra", False))
        sections.append(HeadingRule(key, _compile(markers["section"], entry.get("patterns", []),
                                                  f"section[{i}]", not extra),
                                    extra, tuple(entry.get("examples", ()))))
    subs: dict[str, list[HeadingRule]] = {}
    for i, entry in enumerate(data.get("subsection", [])):
        parent, key = entry.get("parent"), entry.get("key")
        if key not in SUBSECTION_KEYS.get(parent, ()):
            raise _bad(f"subsection[{i}]", f"unknown key {parent!r}/{key!r}")
        subs.setdefault(parent, []).append(HeadingRule(
            key, _compile(markers["subsection"], entry.get("patterns", []), f"subsection[{i}]", False),
            examples=tuple(entry.get("examples", ())), theme=bool(entry.get("theme", False)),
            outline=bool(entry.get("outline", False))))
    missing = set(SECTION_KEYS) - {r.key for r in sections}
    if missing:
        raise _bad("section", f"no patterns for {sorted(missing)}")
    return HeadingRules(tuple(sections), {k: tuple(v) for k, v in subs.items()},
                        tuple(markers.get("table_markers", ())), tuple(markers.get("prose_verbs", ())),
                        int(markers.get("min_prose_cjk", 15)), tuple(markers.get("table_titles", ())),
                        tuple(markers.get("end_markers", ())), tuple(markers.get("preface_cues", ())))


@lru_cache(maxsize=1)
def load_headings() -> HeadingRules:
    """The shipped heading rules (read and validated once)."""
    text = resources.files("gongkai.resources").joinpath("headings.toml").read_text("utf-8")
    return parse_headings(tomllib.loads(text))


def compact(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """``text[start:end]`` without whitespace, and the original offset of each kept char."""
    end = len(text) if end is None else end
    index = [i for i in range(start, end) if not text[i].isspace()]
    return "".join(text[i] for i in index), index


def _num(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) if raw.isdigit() else parse_chinese_numeral(raw)


def _own_line(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is all that stands on its line (bar a trailing ：/。)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    # a lone 、 before the title is a numeral the page lost (、总体情况)
    return (text[line_start:start].strip() in ("", "、")
            and not text[end:line_end].strip(" \t\u3000" + _LINE_END_PUNCT))


def _candidates(text: str, squeezed: str, index: list[int], rules: HeadingRules) -> list[Heading]:
    out = []
    for rule in rules.sections:
        for m in rule.regex.finditer(squeezed):
            start, end = index[m.start()], index[m.end() - 1] + 1
            raw_num = m.group("num")
            if raw_num and len(raw_num) == 2 and raw_num.isdigit() and index[m.start("num") + 1] - start > 1:
                # a cell digit before a line break ("规章 0\n3、…") is not part of the numeral
                raw_num, start = raw_num[1:], index[m.start("num") + 1]
            if raw_num and raw_num.isdigit() and start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
                continue  # 2024.1、 is not a heading numeral
            num = _num(raw_num)
            if num is None and not _own_line(text, start, end):
                continue
            out.append(Heading(rule.key, start, end, num, rule.extra, raw_num or ""))
    return sorted(out, key=lambda h: (h.start, -(h.end - h.start)))


def _inside_overview_dropped(candidates: list[Heading]) -> list[Heading]:
    """Candidates without those numbered 1、 2、 … that stand between an 一、 overview heading and
    the next 一、-style heading: inside 一、总体情况 they are its items (1.主动公开情况), not the
    sections 二 and 三, even where the page is cut before 二、 could outnumber them."""
    out, inside = [], False
    for cand in candidates:
        if _style(cand) == "chinese":
            inside = cand.key == "overview" and cand.num == 1
        elif inside and _style(cand) == "arabic":
            continue
        out.append(cand)
    return out


_LISTING_GAP = re.compile(r"[\s，,；;。、.．]*")
MIN_LISTING = 3  # a contents listing names at least three sections


def _listed_next(text: str, item: Heading, nxt: Heading) -> bool:
    """``nxt`` is the next item of a listing after ``item``: numbered on, in the same style,
    with only punctuation between."""
    return (nxt.start >= item.end and item.num is not None and nxt.num == item.num + 1
            and _style(nxt) == _style(item) and _LISTING_GAP.fullmatch(text, item.end, nxt.start) is not None)


def _listing_dropped(text: str, candidates: list[Heading]) -> list[Heading]:
    """Candidates without a contents listing: a run of ``MIN_LISTING`` or more section headings
    with nothing but punctuation between them (1.总体情况，2.主动公开…，), one of whose sections
    comes again later with its body (a web page may be cut after 一). Taken as headings, the
    listing makes the real headings repeats and puts the whole report under its last item."""
    drop: set[int] = set()
    i = 0
    while i < len(candidates):
        j = i
        while j + 1 < len(candidates) and _listed_next(text, candidates[j], candidates[j + 1]):
            j += 1
        if j - i + 1 >= MIN_LISTING:
            keys = {c.key for c in candidates[i:j + 1]}
            again = {c.key for c in candidates[j + 1:]} & keys
            if again:
                drop.update(range(i, j + 1))
        i = j + 1
    return [c for k, c in enumerate(candidates) if k not in drop]


def _style(head: Heading) -> str | None:
    """Numeral style of a heading: 'arabic' (1、), 'chinese' (一、) or None (unnumbered)."""
    if head.num is None:
        return None
    return "arabic" if head.raw_num.isdigit() else "chinese"


def _fits(numbered: Heading | None, used: frozenset[str], cand: Heading) -> bool:
    """May ``cand`` follow the last numbered heading: numerals increase, each schema key once."""
    if cand.num is not None and numbered is not None and numbered.num is not None and cand.num <= numbered.num:
        return False
    return cand.extra or cand.key not in used


def _select_greedy(candidates: list[Heading]) -> list[Heading]:
    """Headings in text order, each taken when it fits after the last one taken."""
    chosen: list[Heading] = []
    used: frozenset[str] = frozenset()
    numbered: Heading | None = None
    for cand in candidates:
        if chosen and cand.start < chosen[-1].end or not _fits(numbered, used, cand):
            continue
        chosen.append(cand)
        used = used if cand.extra else used | {cand.key}
        numbered = cand if cand.num is not None else numbered
    return chosen


def _select(candidates: list[Heading]) -> list[Heading]:
    """The heading sequence with the most headings, then the fewest numeral-style switches.

    A greedy pass in text order took the 2、依申请公开政府信息情况 subsection under 一、总体情况
    for the requests section and lost the real 二、 and 三、; choosing the best whole
    sequence keeps 1、2、… subsections out while a report numbered 1、2、… throughout still
    works. Ties go to the sequence with more numbered headings (a bare 概述 or 主动公开情况 line
    before the report's own 一、总体情况 or 二、主动公开政府信息情况 is the preface's or 一's), then
    to the earlier headings (what the greedy pass chose). Past
    ``MAX_SEQUENCE_CANDIDATES`` (junk input, never a real report) the greedy pass is used.
    """
    n = len(candidates)
    if n > MAX_SEQUENCE_CANDIDATES:
        return _select_greedy(candidates)
    memo: dict[tuple[int, frozenset[str], int], tuple[int, int, int, tuple[int, ...]]] = {}

    def best(last: int, used: frozenset[str], last_num_at: int) -> tuple[int, int, int, tuple[int, ...]]:
        # last: index of the last chosen heading (-1: none); last_num_at: last numbered one
        key = (last, used, last_num_at)
        if key in memo:
            return memo[key]
        prev = candidates[last] if last >= 0 else None
        prev_num = candidates[last_num_at] if last_num_at >= 0 else None
        result: tuple[int, int, int, tuple[int, ...]] = (0, 0, 0, ())
        for i in range(last + 1, n):
            cand = candidates[i]
            if prev is not None and cand.start < prev.end:
                continue
            if not _fits(prev_num, used, cand):
                continue
            switch = int(cand.num is not None and prev_num is not None and _style(cand) != _style(prev_num))
            count, switches, numbered, rest = best(i, used if cand.extra else used | {cand.key},
                                                   i if cand.num is not None else last_num_at)
            option = (count + 1, switches - switch, numbered + int(cand.num is not None), (-i,) + rest)
            if option > result:
                result = option
        memo[key] = result
        return result

    return [candidates[-i] for i in best(-1, frozenset(), -1)[3]]


def _boundary_ok(text: str, index: list[int], pos: int, squeezed: str) -> bool:
    """A subsection marker opens a line, follows a sentence end, a space, or the section title."""
    if pos == 0:
        return True
    if squeezed[pos - 1] in _BOUNDARY:
        return True
    return index[pos] - index[pos - 1] > 1  # whitespace (or a line break) was removed here


def _subsection_hits(squeezed: str, text: str, index: list[int],
                     rules: tuple[HeadingRule, ...]) -> list[tuple[int, int, int | None, str]]:
    return [(m.start(), m.end(), _num(m.group("num")), rule.key)
            for rule in rules for m in rule.regex.finditer(squeezed)
            if _boundary_ok(text, index, m.start(), squeezed)]


_OUTLINE_ITEM = re.compile(r"[（(](?P<num>[一二三四五六七八九十]{1,2})[）)]")
_ARABIC_ITEM = re.compile(r"(?P<num>[0-9]{1,2})[、.．]")


def _outline_items(text: str, squeezed: str, index: list[int],
                   pattern: re.Pattern[str] = _OUTLINE_ITEM) -> list[tuple[int, int]]:
    """(start, marker end) of the run of numerals 1, 2, 3 … in order that open a line or sentence;
    inner enumerations that restart at 1 are not items."""
    items: list[tuple[int, int]] = []
    for m in pattern.finditer(squeezed):
        if pattern is _ARABIC_ITEM and index[m.start()] > 0 and text[index[m.start()] - 1].isdigit():
            continue
        if _num(m.group("num")) == len(items) + 1 and _boundary_ok(text, index, m.start(), squeezed):
            items.append((m.start(), m.end()))
    return items


def _spans(text: str, index: list[int], end: int,
           chosen: list[tuple[int, int, str | None]]) -> tuple[Span, ...]:
    """Spans of the keyed items among ``chosen`` (pos, stop, key); each ends where the next item
    starts, so an unkeyed item closes the span before it."""
    spans = []
    for i, (pos, stop, key) in enumerate(chosen):
        if key is None:
            continue
        s, title_end = index[pos], index[stop - 1] + 1
        e = index[chosen[i + 1][0]] if i + 1 < len(chosen) else end
        spans.append(Span(key, text[s:title_end], s, _rstrip(text, s, e)))
    return tuple(spans)


def _theme_outline(text: str, squeezed: str, index: list[int], end: int,
                   rules: tuple[HeadingRule, ...]) -> tuple[Span, ...]:
    """Subsections from a report's own outline （一）…（二）… whose items name a theme.

    The outline is the run of bracketed numerals 一, 二, 三 … in order (inner enumerations that
    restart at 一 are not items). An item takes the theme its heading names; an item naming none
    closes the theme before it, and a theme already used does not open a second span.
    """
    items = _outline_items(text, squeezed, index)
    chosen: list[tuple[int, int, str | None]] = []
    used: set[str] = set()
    previous: str | None = None
    for pos, marker_end in items:
        hit = next(((m.end(), rule.key) for rule in rules
                    if (m := rule.regex.match(squeezed, pos)) is not None), None)
        if hit is not None and hit[1] == previous:
            continue  # consecutive items of one theme make one span
        if hit is None or hit[1] in used:
            chosen.append((pos, marker_end, None))
            previous = None
            continue
        chosen.append((pos, hit[0], hit[1]))
        used.add(hit[1])
        previous = hit[1]
    return _spans(text, index, end, chosen)


def _outline_run(text: str, squeezed: str, index: list[int]) -> list[tuple[int, int]]:
    """The items of the report's outline: the （一） run, or the 1、 run where there is no （一） run."""
    return _outline_items(text, squeezed, index) or _outline_items(text, squeezed, index, _ARABIC_ITEM)


def _outline_hits(squeezed: str, items: list[tuple[int, int]], rules: tuple[HeadingRule, ...],
                  found: list[tuple[int, int, int | None, str]]) -> list[tuple[int, int, int | None, str]]:
    """Looser standard headings (（一）及时主动公开) on the outline ``items`` that no standard
    heading took."""
    taken = {pos for pos, *_ in found}
    hits = []
    for pos, _ in items:
        if pos in taken:
            continue
        for rule in rules:
            m = rule.regex.match(squeezed, pos)
            if m is not None:
                hits.append((pos, m.end(), _num(m.group("num")), rule.key))
                break
    return hits


def find_subsections(text: str, parent: str, start: int, end: int,
                     rules: HeadingRules) -> tuple[Span, ...]:
    """Subsections of one section body ``text[start:end]``, in order, numerals increasing.

    Theme headings (（一）组织机构方面, （四）重点领域信息公开情况) are mapped only in a section
    that has none of the standard ones: older reports organise 一 by their own themes, while in a
    2021-format report such a phrase is an enumeration inside a standard subsection.
    """
    squeezed, index = compact(text, start, end)
    own = rules.subsections.get(parent, ())
    loose = tuple(r for r in own if r.outline)
    found = _subsection_hits(squeezed, text, index, tuple(r for r in own if not r.theme and not r.outline))
    if not found:
        themes = tuple(r for r in own if r.theme)
        spans = _theme_outline(text, squeezed, index, end, loose + themes)
        items = _outline_items(text, squeezed, index)
        if spans and items and spans[0].start != index[items[0][0]]:
            # the looser headings name only a later item: the text before it would read as the
            # section's lead-in, so keep the outline as the theme headings alone give it
            return _theme_outline(text, squeezed, index, end, themes)
        return spans
    items = _outline_run(text, squeezed, index)
    found += _outline_hits(squeezed, items, loose, found)
    chosen: list[tuple[int, int, int, str]] = []
    for pos, stop, num, key in sorted(found):
        if chosen and (pos < chosen[-1][1] or num <= chosen[-1][2] or key in {c[3] for c in chosen}):
            continue
        chosen.append((pos, stop, num, key))
    keyed = [(pos, stop, key) for pos, stop, _, key in chosen]
    return _spans(text, index, end, sorted(keyed + _unnamed_items(items, keyed)))


def _unnamed_items(items: list[tuple[int, int]],
                   keyed: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """The outline ``items`` that the found headings belong to and that named no subsection
    (（二）公开形式 between （一）主动公开 and （三）依申请公开): each closes the span before it,
    so its text is read from its words rather than given the previous heading's role."""
    starts = {pos for pos, _ in items}
    if not keyed or any(pos not in starts for pos, _, _ in keyed):
        return []  # the headings are not the outline's items (bare titles, another numbering)
    taken = {pos for pos, _, _ in keyed}
    return [(pos, stop, None) for pos, stop in items if pos not in taken and pos > keyed[0][0]]


def outline_items(text: str, start: int, end: int) -> tuple[int, ...]:
    """Where the items of the outline of ``text[start:end]`` start: its （一） run, else its 1、
    run, and inside each （一） item the 1、 run of its own (（二）主要做法 1.加强组织领导 2.…),
    whose items are the themes."""
    return _items_of(text, *compact(text, start, end))


def _items_of(text: str, squeezed: str, index: list[int]) -> tuple[int, ...]:
    items = _outline_items(text, squeezed, index)
    if not items:
        return tuple(index[pos] for pos, _ in _outline_items(text, squeezed, index, _ARABIC_ITEM))
    out: list[int] = []
    for i, (pos, _) in enumerate(items):
        stop = items[i + 1][0] if i + 1 < len(items) else len(squeezed)
        inner, inner_index = squeezed[pos:stop], index[pos:stop]  # the item's own stretch
        out += [index[pos]] + [inner_index[p] for p, _ in _outline_items(text, inner, inner_index, _ARABIC_ITEM)]
    return tuple(out)


def _start_of(text: str, squeezed: str, index: list[int], subsections: tuple[Span, ...]) -> int | None:
    """Where the section's outline opens (``squeezed``/``index``: the section compacted), when
    that is before its first found subsection: a （一） item whose heading named no schema
    subsection starts a subsection all the same, so the section's lead-in stops there."""
    if not subsections:
        return None
    arabic = subsections[0].title.lstrip()[:1].isdigit()
    items = _outline_items(text, squeezed, index, _ARABIC_ITEM if arabic else _OUTLINE_ITEM)
    first = index[items[0][0]] if items else None
    return first if first is not None and first < subsections[0].start else None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _body_start(text: str, end: int, rules: HeadingRules) -> int | None:
    """Start of the first closed sentence before ``end`` that is neither title nor preface.

    A report that opens with prose right after its title (no 一、总体情况) has its
    overview there; the title, crumbs (unclosed) and the 本报告…编制 preface are skipped.
    """
    for start, stop in split_clauses(text, 0, end):
        flat = "".join(text[start:stop].split())
        if flat[-1:] not in _SENTENCE_CLOSERS or len(_CJK.findall(flat)) < BODY_MIN_CJK:
            continue
        if not any(cue in flat for cue in rules.preface_cues):
            return start
    return None


def _implicit_overview(text: str, end: int, rules: HeadingRules, after_prose: bool) -> int | None:
    """Start of an overview with no heading: its （一）主动公开 subsection before any section,
    or (``after_prose``) the first body sentence after title and preface, whichever is first."""
    subs = find_subsections(text, "overview", 0, end, rules)
    first = subs[0] if subs else None
    starts = [first.start] if first is not None and first.key == "active_disclosure" else []
    body = _body_start(text, end, rules) if after_prose else None
    if body is not None and (starts or first is None):
        starts.append(body)
    return min(starts, default=None)


def report_end(text: str, after: int, rules: HeadingRules) -> int:
    """Where the report stops: the first web-page footer marker after ``after``, else the end."""
    hits = [i for i in (text.find(m, after) for m in rules.end_markers) if i >= 0]
    return min(hits, default=len(text))


def find_sections(text: str, rules: HeadingRules | None = None) -> tuple[Span, ...]:
    """Sections (with subsections for overview and problems), end exclusive."""
    rules = rules or load_headings()
    squeezed, index = compact(text)
    heads = _select(_inside_overview_dropped(_listing_dropped(text, _candidates(text, squeezed, index, rules))))
    spans: list[tuple[str, int, int]] = [(h.key, h.start, h.end) for h in heads]
    if not any(key == "overview" for key, _, _ in spans):
        limit = spans[0][1] if spans else len(text)
        # prose before a first section numbered 二 or later is the overview's
        after_prose = bool(heads) and heads[0].num is not None and heads[0].num >= 2
        implicit = _implicit_overview(text, limit, rules, after_prose)
        if implicit is not None:
            spans.insert(0, ("overview", implicit, implicit))
    out = []
    for i, (key, start, title_end) in enumerate(spans):
        end = _rstrip(text, start, spans[i + 1][1] if i + 1 < len(spans) else report_end(text, title_end, rules))
        if key not in rules.subsections:
            out.append(Span(key, text[start:title_end], start, end))
            continue
        subs = find_subsections(text, key, title_end, end, rules)
        squeezed, index = compact(text, title_end, end)  # one compaction for the lead-in and the items
        out.append(Span(key, text[start:title_end], start, end, subs, _start_of(text, squeezed, index, subs),
                        _items_of(text, squeezed, index)))
    return tuple(out)

"""Numbers asserted in a clause: value, unit, approximation marker and subject.

Word lists (units, markers, negations, subject verbs) live in ``units.toml``.
A number counts only with a unit after it, so years (2024年), dates (12月31日),
document numbers (〔2021〕30号) and list markers (一是, （一）, 1.) are skipped by
construction; Chinese numerals additionally need a counter (三件, 两个) and must
not be part of a word (统一, 进一步, 一批). Negations of a countable topic
(没有收到申请, 未引发行政复议) give a zero with ``negated=True``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from ..document import Quantity
from ..errors import Code, GongkaiError
from ..numbers import Number, parse_chinese_numeral, parse_decimal, to_halfwidth

log = logging.getLogger(__name__)

_CJK_NUM = "零〇一二两三四五六七八九十百千万亿"
_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class UnitRules:
    number: re.Pattern[str]
    cjk_number: re.Pattern[str]
    negation: re.Pattern[str]
    unit_word_starts: tuple[str, ...]
    cjk_not_numbers: tuple[str, ...]
    not_after: tuple[str, ...]
    exact_prefix: frozenset[str]
    negation_not: tuple[str, ...]
    negation_verbs: tuple[str, ...]
    negation_topics: tuple[str, ...]
    multipliers: dict[str, int]
    delimiters: str
    subject_verbs: tuple[str, ...]
    subject_fillers: tuple[str, ...]
    subject_links: tuple[str, ...]
    copulas: tuple[str, ...]
    max_subject_chars: int


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise GongkaiError(Code.BAD_RESOURCE, file="units.toml", entry=key,
                           reason="needs a non-empty list of strings")
    return value


def parse_units(data: dict[str, Any]) -> UnitRules:
    """Validate units.toml and build the quantity regexes once."""
    units, cjk_units = _strings(data, "units"), _strings(data, "cjk_units")
    mult = data.get("multipliers", {})
    if set(mult) - {"万", "亿"}:
        raise GongkaiError(Code.BAD_RESOURCE, file="units.toml", entry="multipliers",
                           reason="only 万 and 亿 are multipliers")
    infix, post = (_alt(_strings(data, k)) for k in ("approx_infix", "approx_suffix"))
    pre = _alt(_strings(data, "approx_prefix") + _strings(data, "exact_prefix"))
    tail = (rf"\s*(?P<mult>[万亿](?!元))?\s*(?P<mid>{infix})?\s*(?P<mult2>[万亿](?!元))?\s*"
            rf"(?P<unit>{{units}})(?P<post>{post})?")
    number = re.compile(
        rf"(?:(?P<pre>{pre})\s*)?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        + tail.format(units=_alt(units)))
    cjk_number = re.compile(
        rf"(?:(?P<pre>{pre}))?(?P<num>[{_CJK_NUM}]+)" + tail.format(units=_alt(cjk_units)))
    negation = re.compile(_alt(_strings(data, "negations")))
    return UnitRules(
        number=number, cjk_number=cjk_number, negation=negation,
        unit_word_starts=tuple(_strings(data, "unit_word_starts")),
        cjk_not_numbers=tuple(_strings(data, "cjk_not_numbers")),
        not_after=tuple(_strings(data, "not_after")),
        exact_prefix=frozenset(_strings(data, "exact_prefix")),
        negation_not=tuple(_strings(data, "negation_not")),
        negation_verbs=tuple(sorted(_strings(data, "negation_verbs"), key=len, reverse=True)),
        negation_topics=tuple(_strings(data, "negation_topics")),
        multipliers={k: int(v) for k, v in mult.items()},
        delimiters=str(data.get("delimiters", "，。；：、")),
        subject_verbs=tuple(sorted(_strings(data, "subject_verbs"), key=len, reverse=True)),
        subject_fillers=tuple(sorted(_strings(data, "subject_fillers"), key=len, reverse=True)),
        subject_links=tuple(sorted(_strings(data, "subject_links"), key=len, reverse=True)),
        copulas=tuple(sorted(_strings(data, "copulas"), key=len, reverse=True)),
        max_subject_chars=int(data.get("max_subject_chars", 30)),
    )


@lru_cache(maxsize=1)
def load_units() -> UnitRules:
    text = resources.files("gongkai.resources").joinpath("units.toml").read_text("utf-8")
    return parse_units(tomllib.loads(text))


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba  # imported lazily: loading its dictionary takes a second

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=4096)
def _boundaries(text: str) -> frozenset[int]:
    """Word boundaries (jieba) of a short stretch, as offsets into it."""
    cuts, pos = {0}, 0
    for token in _jieba().lcut(text, HMM=False):
        pos += len(token)
        cuts.add(pos)
    return frozenset(cuts)


def _squeeze(text: str) -> str:
    """Subject text without the line breaks and layout spaces of PDF text (the span keeps them)."""
    return re.sub(r"\s+", "", text)


def _scale(value: Number, factor: int) -> Number:
    scaled = value * factor
    return int(round(scaled)) if abs(scaled - round(scaled)) < 1e-6 else scaled


def _strip_subject(text: str, start: int, end: int) -> tuple[int, int]:
    junk = " \t\n\u3000《》“”\"'的了"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


def _segment_start(text: str, pos: int, rules: UnitRules) -> int:
    start = pos
    while start > 0 and text[start - 1] not in rules.delimiters:
        start -= 1
    return start


def _leftmost(piece: str, words: tuple[str, ...], bounds: frozenset[int]) -> tuple[int, int] | None:
    best = None
    for word in words:
        i = piece.find(word)
        while i >= 0:
            if i in bounds and i + len(word) in bounds and (best is None or i < best[0]):
                best = (i, i + len(word))
            i = piece.find(word, i + 1)
    return best


def _after_verbs(text: str, start: int, end: int, rules: UnitRules) -> int:
    """Offset after the leftmost verb (on a jieba word boundary) and any fillers after it.

    市交通局主动公开网站政府信息 -> 网站政府信息; 本年 全县受理申请 -> 申请.
    """
    piece = text[start:end]
    bounds = _boundaries(piece)
    hit = _leftmost(piece, rules.subject_verbs, bounds)
    if hit is None:
        return _skip_fillers(text, start, end, rules)
    return _skip_fillers(text, start + hit[1], end, rules)


def _skip_fillers(text: str, start: int, end: int, rules: UnitRules) -> int:
    moved = True
    while moved:
        moved = False
        while start < end and text[start].isspace():
            start += 1
        for word in rules.subject_fillers:
            if text.startswith(word, start) and start + len(word) < end:
                start += len(word)
                moved = True
                break
    return start


def _ends_with(text: str, start: int, end: int, words: tuple[str, ...]) -> int:
    """Length of the word of ``words`` that ``text[start:end]`` ends with (0 if none)."""
    stripped = text[start:end].rstrip(" 了")
    for word in words:
        if stripped.endswith(word):
            return len(text[start:end]) - len(stripped) + len(word)
    return 0


def _following_np(text: str, pos: int, rules: UnitRules) -> tuple[int, int]:
    """The noun phrase right after a unit (9个政务新媒体), up to 的/和/等, a verb or a number."""
    stops = rules.subject_links + ("的",) + rules.subject_verbs
    end = pos
    while end < len(text) and end - pos < rules.max_subject_chars and text[end] not in rules.delimiters \
            and not text[end].isdigit():
        if end > pos + 1 and any(text.startswith(word, end) for word in stops):
            break
        end += 1
    return _strip_subject(text, pos, end)


def find_subject(text: str, q_start: int, unit_end: int, rules: UnitRules,
                 floor: int = 0, copula_before: bool = False) -> tuple[int, int]:
    """Span of what is counted: the noun phrase before the quantity, or after its unit.

    收到政府信息公开申请事项5件 -> 政府信息公开申请事项; 开通了6个政务新媒体 ->
    政务新媒体; 按时答复率达到100% -> 按时答复率; 办理建议复函12份、提案复函9份 ->
    提案复函 (a list item keeps the verb of the first item).
    """
    seg = max(_segment_start(text, q_start, rules), floor)
    if seg > 0 and text[seg - 1] == "、" and floor == seg - 1:
        s, e = _strip_subject(text, _skip_fillers(text, seg, q_start, rules), q_start)
        if e > s:
            return s, e
    copula = 0 if copula_before else _ends_with(text, seg, q_start, rules.copulas)
    if (copula or copula_before) and q_start - copula > seg:
        s, e = _strip_subject(text, _skip_fillers(text, seg, q_start - copula, rules), q_start - copula)
        if e > s:
            return s, e
    verb = _ends_with(text, seg, q_start, rules.subject_verbs + rules.subject_fillers + rules.subject_links)
    if verb or _skip_fillers(text, seg, q_start, rules) >= q_start or seg == q_start:
        s, e = _following_np(text, unit_end, rules)
        if e > s:
            return s, e
        cut = q_start - verb
        return _strip_subject(text, _after_verbs(text, seg, cut, rules), cut)
    s, e = _strip_subject(text, _after_verbs(text, seg, q_start, rules), q_start)
    if e - s > rules.max_subject_chars:
        s = e - rules.max_subject_chars
    return (s, e) if e > s else _following_np(text, unit_end, rules)


def _blocked(text: str, start: int, rules: UnitRules) -> bool:
    return any(text.endswith(word, 0, start) for word in rules.not_after)


def _unit_is_word(text: str, unit_start: int, rules: UnitRules) -> bool:
    return any(text.startswith(word, unit_start) for word in rules.unit_word_starts)


def _cjk_is_word(text: str, start: int, end: int, rules: UnitRules) -> bool:
    """一批, 统一, 进一步 …: the numeral sits inside a listed word."""
    for word in rules.cjk_not_numbers:
        lo = max(0, start - len(word) + 1)
        i = text.find(word, lo, end + len(word))
        if 0 <= i < end and i + len(word) > start:
            return True
    return False


def _quantity(text: str, m: re.Match[str], value: Number, offset: int, rules: UnitRules,
              floor: int) -> Quantity:
    factor = 1
    for group in ("mult", "mult2"):
        if m.group(group):
            factor *= rules.multipliers.get(m.group(group), 1)
    value = _scale(value, factor) if factor != 1 else value
    pre = m.group("pre") if m.group("pre") not in rules.exact_prefix else None
    approx = m.group("mid") or m.group("post") or pre
    start = m.start("num")
    end = m.end("post") if m.group("post") else m.end("unit")
    s, e = find_subject(text, m.start(), m.end("unit"), rules, floor,
                        copula_before=m.group("pre") in rules.copulas)
    subject = _squeeze(text[s:e]) if e > s else None
    return Quantity(value=value, unit=m.group("unit"), approx=approx, subject=subject,
                    start=offset + start, end=offset + end, raw=text[start:end],
                    subject_start=offset + s if subject else -1, subject_end=offset + e if subject else -1)


def _matches(text: str, rules: UnitRules) -> list[tuple[re.Match[str], Number]]:
    out: list[tuple[re.Match[str], Number]] = []
    for m in rules.number.finditer(text):
        start = m.start("num")
        if _blocked(text, start, rules) or (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()):
            continue
        if _unit_is_word(text, m.start("unit"), rules):
            continue
        value = parse_decimal(m.group("num"))
        if value is not None:
            out.append((m, value))
    for m in rules.cjk_number.finditer(text):
        start = m.start("num")
        if _blocked(text, start, rules) or _cjk_is_word(text, start, m.end("unit"), rules):
            continue
        if _unit_is_word(text, m.start("unit"), rules):
            continue
        value = parse_chinese_numeral(m.group("num"))
        if value is not None and not m.group("num").endswith(("万", "亿")):
            out.append((m, value))
    return sorted(out, key=lambda mv: mv[0].start())


def _numbers(text: str, offset: int, rules: UnitRules) -> list[Quantity]:
    out, floor = [], 0
    for m, value in _matches(text, rules):
        out.append(_quantity(text, m, value, offset, rules, floor))
        floor = m.end()
    return out


def _negations(text: str, offset: int, rules: UnitRules, taken: list[tuple[int, int]]) -> list[Quantity]:
    out = []
    for m in rules.negation.finditer(text):
        start, cursor = m.start(), m.end()
        if any(text.startswith(word, start) for word in rules.negation_not):
            continue
        if any(s <= start < e for s, e in taken):
            continue
        for verb in rules.negation_verbs:
            if text.startswith(verb, cursor):
                cursor += len(verb)
                break
        end = cursor
        while end < len(text) and text[end] not in "，。；！？,;!?" and end - cursor < rules.max_subject_chars:
            end += 1
        s, e = _strip_subject(text, cursor, end)
        subject = _squeeze(text[s:e])
        if not subject or not any(topic in subject for topic in rules.negation_topics):
            continue
        out.append(Quantity(value=0, unit=None, approx=None, subject=subject, start=offset + start,
                            end=offset + m.end(), raw=m.group(), negated=True,
                            subject_start=offset + s, subject_end=offset + e))
    return out


def _collapse(text: str) -> tuple[str, list[int]]:
    """``text`` without the whitespace of PDF line wraps and layout padding, and per kept
    character its offset in ``text``.

    行政\n处罚, 3\n件 and 11\n826件 (a number wrapped mid-way) read as written on one line;
    a space between two ASCII letters or digits on one line stays (APP 3个, 12 3件).
    """
    if not _SPACE_RUN.search(text):
        return text, list(range(len(text)))
    pieces: list[str] = []
    offsets: list[int] = []
    last = 0
    for run in _SPACE_RUN.finditer(text):
        i, j = run.span()
        pieces.append(text[last:i])
        offsets.extend(range(last, i))
        before, after = text[i - 1] if i else "", text[j] if j < len(text) else ""
        ascii_pair = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        wrapped_number = before.isdigit() and after.isdigit() and "\n" in run.group()
        if ascii_pair and not wrapped_number:
            pieces.append(" ")
            offsets.append(i)
        last = j
    pieces.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(pieces), offsets


def _restore(q: Quantity, text: str, offsets: list[int], offset: int) -> Quantity:
    """A quantity found in the collapsed view, with offsets, raw and subject from ``text``."""
    def at(pos: int) -> int:
        return offsets[pos] if pos < len(offsets) else len(text)

    def end(pos: int) -> int:
        return offsets[pos - 1] + 1 if pos > 0 else at(0)

    start, stop = at(q.start), end(q.end)
    sub_s, sub_e = (at(q.subject_start), end(q.subject_end)) if q.subject is not None else (-1, -1)
    return replace(q, start=offset + start, end=offset + stop, raw=text[start:stop],
                   subject=_squeeze(text[sub_s:sub_e]) if q.subject is not None else None,
                   subject_start=offset + sub_s if q.subject is not None else -1,
                   subject_end=offset + sub_e if q.subject is not None else -1)


def extract_quantities(text: str, offset: int = 0, rules: UnitRules | None = None) -> list[Quantity]:
    """Every quantity of one clause, in text order; offsets are ``offset`` + position in ``text``.

    Matching runs on the clause without line-wrap whitespace (see ``_collapse``); offsets,
    ``raw`` and the subject are given back in ``text``.
    """
    rules = rules or load_units()
    norm = to_halfwidth(text, keep_cjk_punct=True)  # one char for one char: offsets hold
    view, offsets = _collapse(norm)
    found = _numbers(view, 0, rules)
    taken = [(q.start, q.end) for q in found]
    found += _negations(view, 0, rules, taken)
    found = [_restore(q, text, offsets, offset) for q in found]
    return sorted(found, key=lambda q: (q.start, q.end))


@lru_cache(maxsize=8192)
def _quantities_at_zero(text: str) -> tuple[Quantity, ...]:
    return tuple(extract_quantities(text, 0))


def clause_quantities(text: str, offset: int = 0) -> tuple[Quantity, ...]:
    """``extract_quantities`` with the packaged unit rules, kept per clause text: the rule
    tagger and the claim stage both read every clause, and reports repeat set phrases."""
    found = _quantities_at_zero(text)
    if offset == 0:
        return found
    return tuple(replace(q, start=q.start + offset, end=q.end + offset,
                         subject_start=q.subject_start + offset if q.subject_start >= 0 else -1,
                         subject_end=q.subject_end + offset if q.subject_end >= 0 else -1) for q in found)


def clear_cache() -> None:
    """Forget the quantities of clauses read before (a benchmark times clauses it has not seen)."""
    _quantities_at_zero.cache_clear()

"""Part-whole arithmetic inside the narrative (共N…其中a、b、c).

Works on sentences (the clauses between two terminators, merged), because the
parts of one list often fall into several clauses. An exhaustive list must add up
(``part_whole_exhaustive``); an open one (等, 主要, one part, mixed units) must not
exceed the whole (``part_whole_bound``). A bracketed list (23个（含8个…）) is its own,
nested check.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ..document import Check, Clause, Document, Quantity
from .rules import NarrativeConfig, fmt, interval, is_date, load_narrative

log = logging.getLogger(__name__)

KIND = "narrative_internal"
EXHAUSTIVE = "part_whole_exhaustive"
BOUND = "part_whole_bound"
_TERMINATORS = "。！？；!?;\n"
_OPEN = "（(【["
_CLOSE = "）)】]"
_DIGITS = re.compile(r"\d+")
_GLUE = " \t\u3000，,、：:"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    quantities: tuple[Quantity, ...]


def sentences(doc: Document) -> list[Sentence]:
    """Clauses merged up to each sentence terminator, in text order."""
    out: list[Sentence] = []
    group: list[Clause] = []

    def flush() -> None:
        if group:
            qs = tuple(sorted((q for c in group for q in c.quantities), key=lambda q: q.start))
            out.append(Sentence(group[0].start, group[-1].end, qs))
            group.clear()

    for clause in sorted(doc.clauses, key=lambda c: c.start):
        if group and any(ch in _TERMINATORS for ch in doc.text[group[-1].end - 1:clause.start]):
            flush()
        group.append(clause)
    flush()
    return out


def _counted(q: Quantity, skip_units: tuple[str, ...]) -> bool:
    return not (is_date(q) or q.negated or q.unit is None or q.unit in skip_units)


def _marker_after(text: str, pos: int, markers: tuple[str, ...]) -> tuple[int, bool, str] | None:
    """End of a list marker right after ``pos`` (only glue between), whether a bracket opened, the marker."""
    i = pos
    bracket = False
    while i < len(text) and (text[i] in _GLUE or (text[i] in _OPEN and not bracket)):
        bracket = bracket or text[i] in _OPEN
        i += 1
    for marker in sorted(markers, key=len, reverse=True):
        if text.startswith(marker, i):
            return i + len(marker), bracket, marker
    return None


def _scope_end(text: str, start: int, bracket: bool) -> int:
    """Where a list opened at ``start`` ends: its closing bracket, else the text end."""
    if not bracket:
        return len(text)
    depth = 1
    for i in range(start, len(text)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _depth(text: str, start: int, pos: int) -> int:
    depth = 0
    for ch in text[start:pos]:
        depth += ch in _OPEN
        depth -= ch in _CLOSE
    return depth


@dataclass(frozen=True)
class PartList:
    whole: Quantity
    parts: tuple[Quantity, ...]
    exhaustive: bool
    end: int  # absolute end of the list scope


def part_lists(text: str, base: int, qs: tuple[Quantity, ...], cfg: NarrativeConfig,
               whole: Quantity | None = None) -> list[PartList]:
    """Every whole-with-parts in ``text`` (absolute offset ``base``).

    ``whole`` is a quantity of the previous sentence when ``text`` starts with a marker.
    """
    markers, skip = cfg.part_whole["markers"], cfg.part_whole.get("skip_units", ())
    counted = [q for q in qs if _counted(q, skip)]
    heads: list[tuple[Quantity, tuple[int, bool, str]]] = []
    if whole is not None:
        found = _marker_after(text, 0, markers)
        if found:
            heads.append((whole, found))
    for q in counted:
        found = _marker_after(text, q.end - base, markers)
        if found:
            heads.append((q, found))
    out = []
    for head, (start, bracket, marker) in heads:
        end = _scope_end(text, start, bracket)
        inside = [q for q in counted if start <= q.start - base < end and _depth(text, start, q.start - base) == 0]
        same = tuple(q for q in inside if q.unit == head.unit)
        if not same:
            continue
        last = same[-1].end - base
        tail = re.split(r"[，,。；;]", text[last:end], maxsplit=1)[0]
        listing = marker + text[start:last] + tail
        is_open = (any(w in listing for w in cfg.part_whole.get("open", ()))
                   or len(same) < 2 or len(same) != len(inside)
                   or _bare_number(text, base, start, end, qs))
        out.append(PartList(head, same, not is_open, base + end))
    return out


def _bare_number(text: str, base: int, start: int, end: int, qs: tuple[Quantity, ...]) -> bool:
    """A number in the list that no quantity covers (不予公开信息数1402。): a part we cannot read."""
    for m in _DIGITS.finditer(text, start, end):
        pos = base + m.start()
        if not any(q.start <= pos < q.end for q in qs):
            return True
    return False


def _sum_range(parts: tuple[Quantity, ...], cfg: NarrativeConfig) -> tuple[float, float]:
    ranges = [interval(p.value, p.approx, cfg.approx) for p in parts]
    return sum(r[0] for r in ranges), sum(r[1] for r in ranges)


def _expr(parts: tuple[Quantity, ...]) -> str:
    return "+".join(fmt(p.value) for p in parts)


def judge(plist: PartList, doc: Document, start: int, cfg: NarrativeConfig) -> Check:
    """The verdict for one list: exhaustive -> some prefix (2+ parts) adds up; open -> bound."""
    whole_lo, whole_hi = interval(plist.whole.value, plist.whole.approx, cfg.approx)
    whole_text = doc.text[plist.whole.start:plist.whole.end] or fmt(plist.whole.value)
    tpl = cfg.templates
    base = dict(kind=KIND, whole=plist.whole.value, clause_start=start, clause_end=plist.end)
    if plist.exhaustive:
        # a trailing item that is not a part (…民警2名，兼职辅警5名) must not spoil the sum
        for n in range(len(plist.parts), 1, -1):
            lo, hi = _sum_range(plist.parts[:n], cfg)
            if lo <= whole_hi + 1e-9 and hi >= whole_lo - 1e-9:
                parts = plist.parts[:n]
                return Check(rule=EXHAUSTIVE, verdict="consistent", parts=tuple(p.value for p in parts),
                             explanation=tpl["part_whole_consistent"].format(
                                 whole=whole_text, expr=_expr(parts), sum=fmt(sum(p.value for p in parts)),
                                 rule=EXHAUSTIVE), **base)
        return Check(rule=EXHAUSTIVE, verdict="inconsistent", parts=tuple(p.value for p in plist.parts),
                     explanation=tpl["part_whole_inconsistent"].format(
                         whole=whole_text, expr=_expr(plist.parts),
                         sum=fmt(sum(p.value for p in plist.parts)), rule=EXHAUSTIVE), **base)
    lo, _ = _sum_range(plist.parts, cfg)
    ok = lo <= whole_hi + 1e-9
    key = "part_bound_consistent" if ok else "part_bound_inconsistent"
    return Check(rule=BOUND, verdict="consistent" if ok else "inconsistent",
                 parts=tuple(p.value for p in plist.parts),
                 explanation=tpl[key].format(whole=whole_text, expr=_expr(plist.parts),
                                             sum=fmt(sum(p.value for p in plist.parts)), rule=BOUND),
                 **base)


def narrative_internal_checks(doc: Document, cfg: NarrativeConfig | None = None) -> list[Check]:
    """Part-whole checks for every sentence, in text order."""
    cfg = cfg or load_narrative()
    skip = cfg.part_whole.get("skip_units", ())
    out: list[Check] = []
    previous: Sentence | None = None
    for sent in sentences(doc):
        text = doc.text[sent.start:sent.end]
        carry = None
        carry_start = sent.start
        if previous is not None:
            prev_qs = [q for q in previous.quantities if _counted(q, skip)]
            if prev_qs and "\n" not in doc.text[previous.end:sent.start]:
                carry, carry_start = prev_qs[-1], previous.start
        for plist in part_lists(text, sent.start, sent.quantities, cfg, whole=carry):
            start = carry_start if plist.whole is carry else sent.start
            out.append(judge(plist, doc, start, cfg))
        previous = sent
    return out

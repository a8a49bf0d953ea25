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
from .rules import NarrativeConfig, fmt, interval, is_date, load_narrative, squeeze, squeeze_quantity

log = logging.getLogger(__name__)

KIND = "narrative_internal"
EXHAUSTIVE = "part_whole_exhaustive"
BOUND = "part_whole_bound"
_TERMINATORS = "。！？；!?;"
_WRAP_AFTER = "，,、：:"  # a line break after these is a PDF line wrap, not a paragraph end
_OPEN = "（(【["
_CLOSE = "）)】]"
_DIGITS = re.compile(r"\d+")
_GLUE = " \t\u3000，,、：:"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    quantities: tuple[Quantity, ...]


def _ends_sentence(gap: str) -> bool:
    """A terminator, or a line break that does not follow a comma (其中：\n一是… goes on)."""
    if any(ch in _TERMINATORS for ch in gap):
        return True
    last = gap.rstrip()[-1:]
    return "\n" in gap and (not last or last not in _WRAP_AFTER)


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
        if group and _ends_sentence(doc.text[group[-1].end - 1:clause.start]):
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
    end: int  # end of the list scope (same coordinates as the quantities)
    reason: str = "same_level"  # why the list is exhaustive or open (see _LIST_RULES)
    dropped: tuple[Quantity, ...] = ()  # trailing items that are not parts
    dropped_text: str = ""


# How a list was read, recorded on its Check (extra["list_rule"]).
_LIST_RULES = {
    "same_level": "所列各项同一层次，穷举",
    "trailing_other_level": "、列举之后以，接续的末项，不计入",
    "trailing_items_add_up": "末项措辞似在列举之外，但计入后恰好相加一致，计入",
    "trailing_outside_whole": "末项所指在总数之外（专职/兼职），不计入",
    "open_word": "有“等/主要”等词，非穷举",
    "single_part": "只列一项，非穷举",
    "mixed_units": "列举中单位不一，非穷举",
    "unread_number": "列举中有读不出单位的数，非穷举",
}


def _level(gap: str) -> str:
    """'clause' when two items are separated by a comma (…1名，兼职…), else 'item' (、和及)."""
    return "clause" if any(ch in "，," for ch in gap) else "item"


def _label(gap: str) -> str:
    """The words naming the next item: the gap after its last separator."""
    cut = max(gap.rfind(ch) for ch in "，,、：:") + 1
    return gap[cut:].strip(_GLUE + "和及与以")


def _outside(whole_label: str, label: str, contrasts: tuple[tuple[str, str], ...]) -> bool:
    """The item names what the whole excludes: 专职工作人员3名 … 兼职辅警5名."""
    return any(a in whole_label and b in label and a not in label for a, b in contrasts)


def _cut(text: str, base: int, start: int, parts: tuple[Quantity, ...], whole_label: str,
         contrasts: tuple[tuple[str, str], ...]) -> tuple[int, str]:
    """How many leading ``parts`` belong to the list, and the rule that decided it.

    Every item of the list's enumeration level is a part and must be added: …195件、25件、
    1件 lists three parts. A comma after a list joined by 、 (…6个、4个，抖音号2个) may start
    another statement, and an item whose words name what the whole excludes (专职…3名，
    其中…1名，…2名，兼职…5名) is outside it; such an item and everything after it are not
    parts (``judge`` still takes them when all items add up). 、 inside a comma list
    (…5件，3件、2件) stays in the list.
    """
    if len(parts) < 2:
        return len(parts), "same_level"
    gaps = [text[a.end - base:b.start - base] for a, b in zip(parts, parts[1:])]
    level = _level(gaps[0])
    for i, gap in enumerate(gaps, start=1):
        if level == "item" and _level(gap) == "clause":
            return i, "trailing_other_level"
        if _outside(whole_label, _label(gap), contrasts):
            return i, "trailing_outside_whole"
    return len(parts), "same_level"


def part_lists(text: str, base: int, qs: tuple[Quantity, ...], cfg: NarrativeConfig,
               whole: Quantity | None = None) -> list[PartList]:
    """Every whole-with-parts in ``text`` (quantity offsets are ``base`` + position in it).

    ``whole`` is a quantity of the previous sentence when ``text`` starts with a marker.
    """
    markers, skip = cfg.part_whole["markers"], cfg.part_whole.get("skip_units", ())
    contrasts = tuple(tuple(pair.split("/", 1)) for pair in cfg.part_whole.get("contrasts", ()))
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
        head_at = head.start - base
        whole_label = _label(text[:head_at]) if 0 <= head_at <= len(text) and head is not whole else ""
        keep, reason = _cut(text, base, start, same, whole_label, contrasts)
        dropped = same[keep:]
        same = same[:keep]
        last = same[-1].end - base
        tail = re.split(r"[，,。；;]", text[last:end], maxsplit=1)[0]
        listing = marker + text[start:last] + tail
        open_reason = ("open_word" if any(w in listing for w in cfg.part_whole.get("open", ()))
                       else "single_part" if len(same) < 2
                       else "mixed_units" if len(same) + len(dropped) != len(inside)
                       else "unread_number" if _bare_number(text, base, start, end, qs) else None)
        dropped_text = text[same[-1].end - base:dropped[-1].end - base].lstrip(_GLUE) if dropped else ""
        out.append(PartList(head, same, open_reason is None, base + end, open_reason or reason,
                            dropped, dropped_text))
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


def _adds_up(parts: tuple[Quantity, ...], whole_lo: float, whole_hi: float, cfg: NarrativeConfig) -> bool:
    lo, hi = _sum_range(parts, cfg)
    return lo <= whole_hi + 1e-9 and hi >= whole_lo - 1e-9


def judge(plist: PartList, start: int, end: int, cfg: NarrativeConfig) -> Check:
    """The verdict for one list: exhaustive -> the parts add up to the whole; open -> bound.

    ``start``/``end`` are the document offsets the Check reports.
    """
    whole_lo, whole_hi = interval(plist.whole.value, plist.whole.approx, cfg.approx)
    whole_text = re.sub(r"\s+", " ", plist.whole.raw).strip() or fmt(plist.whole.value)
    tpl = cfg.templates
    parts = plist.parts
    total = fmt(sum(p.value for p in parts))
    base = dict(kind=KIND, whole=plist.whole.value, parts=tuple(p.value for p in parts), clause_start=start,
                clause_end=end, extra={"list_rule": plist.reason})
    note = tpl["part_dropped"].format(item=plist.dropped_text) if plist.dropped else ""
    if plist.exhaustive and plist.dropped and _adds_up(plist.parts + plist.dropped, whole_lo, whole_hi, cfg):
        # the wording set the trailing items apart, but with them the list adds up: they are parts
        parts = plist.parts + plist.dropped
        total, note = fmt(sum(p.value for p in parts)), ""
        base.update(parts=tuple(p.value for p in parts), extra={"list_rule": "trailing_items_add_up"})
    if plist.exhaustive:
        ok = _adds_up(parts, whole_lo, whole_hi, cfg)
        key = "part_whole_consistent" if ok else "part_whole_inconsistent"
        return Check(rule=EXHAUSTIVE, verdict="consistent" if ok else "inconsistent",
                     explanation=tpl[key].format(whole=whole_text, expr=_expr(parts), sum=total,
                                                 rule=EXHAUSTIVE) + note, **base)
    lo, _ = _sum_range(parts, cfg)
    ok = lo <= whole_hi + 1e-9
    key = "part_bound_consistent" if ok else "part_bound_inconsistent"
    return Check(rule=BOUND, verdict="consistent" if ok else "inconsistent",
                 explanation=tpl[key].format(whole=whole_text, expr=_expr(parts), sum=total, rule=BOUND) + note,
                 **base)


def narrative_internal_checks(doc: Document, cfg: NarrativeConfig | None = None) -> list[Check]:
    """Part-whole checks for every sentence, in text order.

    Lists are read on the sentence without whitespace (其\n中 is 其中 in PDF text); the
    Checks report document offsets.
    """
    cfg = cfg or load_narrative()
    skip = cfg.part_whole.get("skip_units", ())
    out: list[Check] = []
    previous: tuple[Sentence, tuple[Quantity, ...]] | None = None
    for sent in sentences(doc):
        sq = squeeze(doc.text[sent.start:sent.end])
        qs = tuple(squeeze_quantity(q, sq, sent.start) for q in sent.quantities)
        carry = None
        carry_start = sent.start
        if previous is not None:
            prev_qs = [q for q in previous[1] if _counted(q, skip)]
            if prev_qs and not _paragraph_break(doc.text[previous[0].end:sent.start]):
                carry, carry_start = prev_qs[-1], previous[0].start
        for plist in part_lists(sq.text, sent.start, qs, cfg, whole=carry):
            start = carry_start if plist.whole is carry else sent.start
            end = sent.start + sq.original_end(plist.end - sent.start)
            out.append(judge(plist, start, end, cfg))
        previous = (sent, qs)
    return out


def _paragraph_break(gap: str) -> bool:
    """A line break between two sentences: the next one does not continue this one's list."""
    return "\n" in gap

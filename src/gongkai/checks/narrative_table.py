"""Narrative quantities against the table cells they speak about.

Linking uses the clause TEXT around each quantity (cue phrases in the window before
it) and the rules of ``resources/narrative_cells.toml``; zero claims stated by negation
(没有引发行政复议) are found in the text directly, so they do not depend on how the
quantity extractor represents a negated zero.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..config import CheckSettings
from ..document import Check, Clause, Document, Number, Quantity
from .rules import (
    APPEAL_FIELDS,
    Expr,
    NarrativeConfig,
    NarrativeRule,
    ZeroRule,
    evaluate,
    expr_label,
    fmt,
    interval,
    is_date,
    load_narrative,
    other_year,
    path_label,
    squeeze,
    squeeze_clause,
    windows,
    within,
)

log = logging.getLogger(__name__)

KIND = "narrative_table"
_TAIL_RANK = 10_000
_SEGMENT = "，,；;：:"
_QUOTE_BACK = 8
_ZERO_STOP = "，,。；;：:！？!?\n"
_SENTENCE_END = "。！？!?\n"


@dataclass(frozen=True)
class Link:
    """A quantity linked to a rule: where the cue starts (clause-relative) and its rank."""

    rule: NarrativeRule
    quote_start: int
    distance: int
    cue_len: int
    order: int


def _last_cue(text: str, cues: tuple[str, ...]) -> tuple[int, str] | None:
    """The cue occurrence ending last in ``text``: (start, cue)."""
    best: tuple[int, int, str] | None = None
    for cue in cues:
        pos = text.rfind(cue)
        if pos >= 0:
            key = (pos + len(cue), len(cue), cue)
            if best is None or key[:2] > best[:2]:
                best = key
    return None if best is None else (best[0] - len(best[2]), best[2])


def _first_cue(text: str, cues: tuple[str, ...]) -> tuple[int, str] | None:
    hits = [(text.find(c), -len(c), c) for c in cues if c in text]
    return None if not hits else (min(hits)[0], min(hits)[2])


def _segment_start(near: str) -> int:
    """Start of the last comma-delimited segment of ``near``: a cue must sit there."""
    return max(near.rfind(ch) for ch in _SEGMENT) + 1


def _in_scope(clause: Clause, rule: NarrativeRule) -> bool:
    """The clause's section is one of the rule's, or the clause names the topic (``elsewhere``)."""
    if not clause.section or not rule.sections or clause.section in rule.sections:
        return True
    return any(w in clause.text for w in rule.elsewhere)


def sentence_lead(doc: Document, clause: Clause) -> str:
    """The sentence's text before the clause: 共收到申请749件；共办理718件 splits at the semicolon,
    and the second clause's count is still about 申请. Whitespace is dropped, as in the clause."""
    start = max(doc.text.rfind(ch, 0, clause.start) for ch in _SENTENCE_END) + 1
    return "".join(doc.text[start:clause.start].split())


def link(clause: Clause, index: int, cfg: NarrativeConfig, year: int | None, lead: str = "") -> Link | None:
    """The rule a quantity speaks about, or None (nearest cue wins, then longer cue, then order).
    ``lead`` (the sentence before the clause) can meet a rule's ``require``, nothing else."""
    q = clause.quantities[index]
    if q.negated or is_date(q) or q.unit is None:
        return None
    win = windows(clause, index)
    if any(win.prefix.endswith(w) for w in cfg.not_after):
        return None  # 每一件: a rate, not a count
    seg = _segment_start(win.near)
    segment = win.near[seg:]
    best: Link | None = None
    for order, rule in enumerate(cfg.rules):
        if q.unit not in rule.unit:
            continue
        if not _in_scope(clause, rule):
            continue
        near_hit = _last_cue(segment, rule.cues)
        tail_hit = _first_cue(win.tail, rule.cues)
        if near_hit is not None and len(segment) - near_hit[0] - len(near_hit[1]) <= cfg.max_cue_gap:
            start, cue = near_hit
            first = min(segment.find(c) for c in rule.cues if c in segment)
            candidate = Link(rule, win.near_start + seg + first,
                             len(segment) - start - len(cue), len(cue), order)
        elif tail_hit is not None:
            start, cue = tail_hit
            # a cue after the number ranks behind every cue before it
            candidate = Link(rule, win.near_start + len(win.near), _TAIL_RANK + start, len(cue), order)
        else:
            continue
        context = lead + win.prefix + win.tail
        if rule.require and not any(w in context for w in rule.require):
            continue
        # an excluded word counts in the statement of the number only: the comma segment
        # before it and the words after it (清理结果，制发规范性文件0件 is no 清理 count)
        if any(w in segment + win.tail for w in rule.exclude):
            continue
        if any(w in win.prefix + win.tail for w in rule.exclude_prefix):
            continue
        if not rule.other_year_ok and other_year(win.near + win.tail, year, cfg.other_year, win.prefix):
            continue
        if best is None or (candidate.distance, -candidate.cue_len, candidate.order) < (
                best.distance, -best.cue_len, best.order):
            best = candidate
    return best


def _tolerance(q: Quantity, settings: CheckSettings) -> float:
    if q.unit == "%":
        return settings.percent_tolerance
    if q.unit and q.unit.endswith("元"):
        return settings.amount_tolerance * abs(q.value)
    return 0.0


def _quote(clause: Clause, start: int, q: Quantity) -> str:
    """Cue to number; a bracket closed inside is reopened (无法提供（不存在）1份)."""
    text = clause.text
    end = min(max(q.end - clause.start, start), len(text))
    depth = 0
    for ch in text[start:end]:
        depth = depth - 1 if ch in "）)" else depth + (ch in "（(")
        if depth < 0:
            opened = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
            if opened >= 0:
                start = opened
                back = 0
                while start > 0 and back < _QUOTE_BACK and text[start - 1] not in _SEGMENT + "、 ":
                    start, back = start - 1, back + 1
            break
    return text[start:end].strip()


def _cells_text(pairs: list[tuple[Expr, Number]], labels: dict[str, dict[str, str]]) -> str:
    return "、".join(f"{expr_label(e, labels)}={fmt(v)}" for e, v in pairs)


def verdict(clause: Clause, q: Quantity, found: Link, doc: Document, cfg: NarrativeConfig,
            settings: CheckSettings) -> Check:
    """Compare one linked quantity with the rule's candidate cells, first match wins."""
    rule = found.rule
    quote = _quote(clause, found.quote_start, q)
    base = dict(kind=KIND, rule=rule.rule, narrative_value=q.value, clause_start=clause.start,
                clause_end=clause.end)
    tpl = cfg.templates
    if not rule.cells:
        return Check(verdict="unverifiable", explanation=tpl["unverifiable"].format(
            quote=quote, reason=rule.note, rule=rule.rule), **base)
    available = [(e, v) for e in rule.cells if (v := evaluate(e, doc.tables)) is not None]
    if not available:
        reason = f"表中没有{expr_label(rule.cells[0], cfg.labels)}的数值"
        return Check(verdict="unverifiable", table_path=rule.cells[0].text,
                     explanation=tpl["unverifiable"].format(quote=quote, reason=reason, rule=rule.rule),
                     **base)
    rng = interval(q.value, q.approx, cfg.approx)
    tol = _tolerance(q, settings)
    for expr, value in available:
        if within(value, rng, tol):
            # name the reading when the wording is ambiguous or a later candidate matched
            named = rule.ambiguous or expr is not rule.cells[0]
            reading = f"按{expr_label(expr, cfg.labels)}理解；" if named else ""
            return Check(verdict="consistent", table_path=expr.text, table_value=value,
                         explanation=tpl["consistent"].format(
                             quote=quote, cells=_cells_text([(expr, value)], cfg.labels),
                             reading=reading, rule=rule.rule), **base)
    expr, value = available[0]
    return Check(verdict="inconsistent", table_path=expr.text, table_value=value,
                 explanation=tpl["inconsistent"].format(
                     quote=quote, cells=_cells_text(available, cfg.labels), rule=rule.rule), **base)


# ------------------------------------------------------------------ zero claims


def find_zero(text: str, rule: ZeroRule) -> tuple[int, int] | None:
    """(start, end) of 'negation … object' in ``text``, nothing but list words between."""
    for neg in rule.negations:
        pos = text.find(neg)
        while pos >= 0:
            after = pos + len(neg)
            window = text[after:after + rule.gap + max(map(len, rule.objects))]
            cut = next((i for i, ch in enumerate(window) if ch in _ZERO_STOP), len(window))
            window = window[:cut]
            hits = [(window.find(o) + len(o)) for o in rule.objects
                    if 0 <= window.find(o) <= rule.gap]
            if hits and not any(w in window for w in rule.exclude):
                return pos, after + min(hits)
            pos = text.find(neg, pos + 1)
    return None


def _paragraph(doc: Document, clause: Clause) -> str:
    start = doc.text.rfind("\n", 0, clause.start) + 1
    end = doc.text.find("\n", clause.end)
    return doc.text[start:len(doc.text) if end < 0 else end]


def _shown(rule: ZeroRule, doc: Document, cfg: NarrativeConfig) -> str:
    """The non-zero cells behind a non-zero total, e.g. '表四 复议后起诉 尚未审结=1'."""
    parts = []
    for group in rule.detail:
        for fld in APPEAL_FIELDS[:-1]:
            value = doc.tables.get(f"{group}.{fld}")
            if value:
                parts.append(f"{path_label(f'{group}.{fld}', cfg.labels)}={fmt(value)}")
    if parts:
        return "、".join(parts)
    return "非零的数值"


def zero_check(clause: Clause, rule: ZeroRule, doc: Document, cfg: NarrativeConfig) -> Check | None:
    """A Check for a negated zero claim in ``clause``, or None when there is none."""
    if clause.section and rule.sections and clause.section not in rule.sections:
        return None
    span = find_zero(clause.text, rule)
    if span is None:
        return None
    quote = clause.text[span[0]:span[1]]
    values = [evaluate(e, doc.tables) for e in rule.cells]
    path = "+".join(e.text for e in rule.cells)
    base = dict(kind=KIND, rule=rule.rule, narrative_value=0, table_path=path,
                clause_start=clause.start, clause_end=clause.end)
    tpl = cfg.templates
    if any(v is None for v in values):
        reason = f"表中没有{'+'.join(expr_label(e, cfg.labels) for e in rule.cells)}的数值"
        return Check(verdict="unverifiable", explanation=tpl["unverifiable"].format(
            quote=quote, reason=reason, rule=rule.rule), **base)
    total = sum(values)  # type: ignore[arg-type]
    cells = _cells_text(list(zip(rule.cells, values)), cfg.labels)  # type: ignore[arg-type]
    if total == 0:
        return Check(verdict="consistent", table_value=total, explanation=tpl["zero_consistent"].format(
            quote=quote, cells=cells, rule=rule.rule), **base)
    text = tpl["zero_inconsistent"].format(quote=quote, cells=cells, shown=_shown(rule, doc, cfg),
                                           rule=rule.rule)
    paragraph = squeeze(_paragraph(doc, clause)).text.replace(quote, "")
    word = next((w for w in rule.note_words if w in paragraph), None)
    if word:
        text += tpl["zero_note"].format(word=word)
    return Check(verdict="inconsistent", table_value=total, explanation=text, **base)


def narrative_table_checks(doc: Document, settings: CheckSettings,
                           cfg: NarrativeConfig | None = None) -> list[Check]:
    """One Check per linked quantity and per zero claim, in text order.

    Rules see each clause without whitespace; the Checks keep the clause's document offsets.
    """
    cfg = cfg or load_narrative()
    out: list[Check] = []
    for original in doc.clauses:
        clause = squeeze_clause(original)  # cues split by a line break (行政\n处罚) still match
        lead = sentence_lead(doc, original) if clause.quantities else ""
        for index, q in enumerate(clause.quantities):
            found = link(clause, index, cfg, doc.meta.year, lead)
            if found is not None:
                out.append(verdict(clause, q, found, doc, cfg, settings))
        for rule in cfg.zeros:
            check = zero_check(clause, rule, doc, cfg)
            if check is not None:
                out.append(check)
    return out

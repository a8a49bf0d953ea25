"""Narrative quantities far outside any plausible range (入户走访29122万户 for one county).

Ranges are data (``resources/plausibility.toml``); only out-of-range quantities give a
Check (inconsistent), so a report of ordinary numbers yields none.
"""

from __future__ import annotations

import logging

from ..document import Check, Clause, Document, Number, Quantity
from .rules import (
    PlausibilityConfig,
    PlausibilityRule,
    fmt,
    is_date,
    load_plausibility,
    squeeze_clause,
    windows,
)

log = logging.getLogger(__name__)

KIND = "plausibility"
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_MONEY_UNITS = frozenset({"万元", "亿元"})


def normalise(value: Number, unit: str | None) -> tuple[Number, str | None]:
    """29122, '万户' -> 291220000, '户'; money units stay as they are (万元 is a unit)."""
    if unit and unit not in _MONEY_UNITS and len(unit) > 1 and unit[0] in _MULTIPLIERS:
        return value * _MULTIPLIERS[unit[0]], unit[1:]
    return value, unit


def out_of_range(value: Number, rule: PlausibilityRule) -> bool:
    return ((rule.minimum is not None and value < rule.minimum)
            or (rule.maximum is not None and value > rule.maximum))


def _applies(rule: PlausibilityRule, unit: str | None, context: str, near: str) -> bool:
    if unit not in rule.unit:
        return False
    if rule.cues and not any(c in context for c in rule.cues):
        return False
    return not any(w in near for w in rule.exclude)


def quantity_checks(clause: Clause, index: int, cfg: PlausibilityConfig) -> list[Check]:
    q: Quantity = clause.quantities[index]
    if is_date(q) or q.negated:
        return []
    value, unit = normalise(q.value, q.unit)
    win = windows(clause, index)
    out = []
    for rule in cfg.rules:
        if _applies(rule, unit, win.prefix + win.tail, win.near + win.tail) and out_of_range(value, rule):
            bound = (f"≥{fmt(rule.minimum)}" if rule.minimum is not None and value < rule.minimum
                     else f"≤{fmt(rule.maximum)}")
            raw = clause.text[max(q.start - clause.start, 0):max(q.end - clause.start, 0)] or fmt(q.value)
            out.append(Check(
                kind=KIND, rule=rule.rule, verdict="inconsistent", narrative_value=value,
                clause_start=clause.start, clause_end=clause.end,
                explanation=cfg.template.format(raw=raw, value=fmt(value), unit=unit or "", bound=bound,
                                                note=rule.note, rule=rule.rule)))
    return out


def plausibility_checks(doc: Document, cfg: PlausibilityConfig | None = None) -> list[Check]:
    """One inconsistent Check per quantity and violated rule, in text order (cues matched
    on the clause without line-wrap whitespace, as the narrative rules are)."""
    cfg = load_plausibility() if cfg is None else cfg
    out: list[Check] = []
    for clause in map(squeeze_clause, doc.clauses):
        for index in range(len(clause.quantities)):
            out.extend(quantity_checks(clause, index, cfg))
    return out

"""Step 4b: the cells of run-together rows (crawler text), from each row's digits and then
the table's column sums (:mod:`runs` does the search).

A table-3 row whose own total fails every split is misprinted: only its digits may decide
it, and it joins the column sums as an unknown count, which bounds the other rows without
choosing for them.
"""

from __future__ import annotations

import logging

from .runs import (
    Budget,
    BudgetExceeded,
    Equation,
    Split,
    row_total_bound,
    row_total_ok,
    signs_ok,
    solve,
    splits,
)
from .schema import RowSpec, Schema

log = logging.getLogger(__name__)

UNKNOWN_COUNT = "an unknown number of"  # ambiguous_cells count when the search ran out
MAX_SOLUTIONS = 64  # joint splits searched; more means no row's split is proven unique
OTHER_ITEMS = ("other_overdue_correction", "other_overdue_fee", "other_misc")


def column_equations(specs: tuple[RowSpec, ...], printed: set[str]) -> list[Equation]:
    """Table 3 columns: 一+二 = (七)+四, and (七) = the result rows between them, counting
    （六）其他处理 once: by its items when they are printed, else by its own row."""
    keys = [s.key for s in specs]
    results = keys[keys.index("carried_over") + 1:keys.index("results_total")]
    if any(k in printed for k in OTHER_ITEMS):
        results = [k for k in results if k != "other_total"]
    else:
        results = [k for k in results if k not in OTHER_ITEMS]
    return [Equation(("new_received", "carried_over"), ("results_total", "carried_forward")),
            Equation(("results_total",), tuple(results))]


def row_candidates(table: str, fields: tuple[str, ...], texts: list[str], schema: Schema,
                   limit: int) -> list[Split] | None:
    """Splits of a row's runs that its own arithmetic allows. A table-3 row whose total fails
    for every split is misprinted: then only a split the digits alone allow is kept (the
    checks stage reports the misprint), never one picked by the sums it breaks. None when
    the search spends its budget (settings.max_run_splits nodes per row)."""
    signs = signs_ok(fields, schema.signed_fields)
    total = row_total_bound(texts)
    accept = (lambda s: signs(s) and total(s)) if table == "requests" else signs
    budget = Budget(limit)
    try:
        found = list(splits(texts, len(fields), budget, accept))
        if not found and table == "requests":
            loose = list(splits(texts, len(fields), budget, signs))
            found = loose if len(loose) == 1 else []
            if found:
                log.debug("table %s: row %s decodes one way but its total fails", table, texts)
        return found
    except BudgetExceeded:
        log.info("table %s: row %s over the split budget (%d nodes)", table, texts, limit)
        return None


def choose(table: str, specs: tuple[RowSpec, ...], pending: dict[str, list[Split]],
           fixed: dict[str, Split], budget: Budget, printed: set[str]) -> dict[str, Split]:
    """The one split per row that the arithmetic allows; rows left out stay ambiguous."""
    alone = {k: c[0] for k, c in pending.items() if len(c) == 1}
    if table != "requests":
        return alone
    sound = {k: c for k, c in pending.items() if c and all(row_total_ok(s) for s in c)}
    candidates = {**{k: [v] for k, v in fixed.items()}, **sound}
    try:
        seen, found = solve(candidates, column_equations(specs, printed), 7, budget, MAX_SOLUTIONS)
    except BudgetExceeded:
        log.info("table %s: run search over budget (%d nodes)", table, budget.limit)
        return alone
    if not found or found >= MAX_SOLUTIONS:
        return alone  # the printed arithmetic fails somewhere, or uniqueness is unproven
    return {**alone, **{k: next(iter(s)) for k, s in seen.items() if k in pending and len(s) == 1}}

"""Random table values, consistent by construction, plus planted arithmetic errors.

Values are the ones the document *shows*: a planted error changes a shown cell, so the
extraction target stays the shown value while the table arithmetic breaks exactly there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .schema import (
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICANTS,
    REQ_COLS,
    active_blocks,
    request_rows,
    result_rows,
)

Value = int | float | None


@dataclass
class PlantedError:
    """One shown cell that differs from the value that would balance the table."""

    path: str
    balanced: int
    shown: int
    broken: list[str] = field(default_factory=list)  # identity ids that must now fail


def _scale(rng: random.Random) -> int:
    return rng.choice([2, 6, 25, 120, 900, 4000])


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Distribute ``total`` over buckets with the given weights (multinomial)."""
    out = [0] * len(weights)
    if total <= 0:
        return out
    if total > 200:  # fast path: proportional then fix the rounding
        s = sum(weights)
        noisy = [w * rng.uniform(0.6, 1.4) for w in weights]
        s = sum(noisy)
        out = [int(total * w / s) for w in noisy]
        out[0] += total - sum(out)
        return out
    for _ in range(total):
        out[rng.choices(range(len(weights)), weights)[0]] += 1
    return out


def _request_values(rng: random.Random, fmt: str) -> dict[str, dict[str, int]]:
    rows = [k for k, _, _ in request_rows(fmt)]
    results = result_rows(fmt)
    vals: dict[str, dict[str, int]] = {k: {} for k in rows}
    scale = _scale(rng)
    natural_share = rng.choice([1.0, 0.95, 0.8, 0.6])
    weights = {k: 0.15 for k in results}
    for key, w in (("granted", 6), ("partially_granted", 2), ("unavailable_not_held", 3),
                   ("withheld_third_party", 0.6), ("withheld_process_information", 0.5),
                   ("not_processed_petition", 0.8), ("not_processed_repeated", 0.5)):
        if key in weights:
            weights[key] = w * rng.uniform(0.3, 1.7)
    if fmt == "2021":
        weights["other_misc"] = 0.7
    else:
        weights["other_total"] = 0.8
    for col in APPLICANTS:
        if col == "natural_person":
            new = max(0, int(rng.gauss(scale * natural_share, scale * 0.3)))
        else:
            new = rng.choice([0, 0, 0, 0, rng.randint(0, max(1, scale // 10))])
        carried = rng.choice([0, 0, rng.randint(0, max(1, new // 8 + 1))])
        handled = new + carried
        forward = rng.choice([0, 0, rng.randint(0, max(0, handled // 6))]) if handled else 0
        parts = _split(rng, handled - forward, [weights[k] for k in results])
        vals["new_received"][col] = new
        vals["carried_over"][col] = carried
        vals["carried_forward"][col] = forward
        vals["results_total"][col] = handled - forward
        for key, n in zip(results, parts):
            vals[key][col] = n
    for key in rows:
        vals[key]["total"] = sum(vals[key][c] for c in APPLICANTS)
    return vals


def _appeal_values(rng: random.Random) -> dict[str, dict[str, int]]:
    vals: dict[str, dict[str, int]] = {}
    busy = rng.random() < 0.55
    for group in APPEAL_GROUPS:
        parts = [rng.choice([0, 0, 0, rng.randint(0, 6 if busy else 2)]) for _ in range(4)]
        vals[group] = dict(zip(APPEAL_FIELDS, parts + [sum(parts)]))
    return vals


def _amount(rng: random.Random) -> float | int:
    kind = rng.random()
    if kind < 0.15:
        return 0
    if kind < 0.3:
        return rng.randint(1, 3000)
    digits = rng.choice([2, 2, 2, 4, 6])
    return round(rng.uniform(0.5, 30000), digits)


def _active_values(rng: random.Random, fmt: str) -> dict[str, dict[str, Value]]:
    vals: dict[str, dict[str, Value]] = {}
    big = rng.choice([50, 800, 20000, 300000])
    for _, _, rows, fields in active_blocks(fmt):
        for key, _ in rows:
            row: dict[str, Value] = {}
            for fld in fields:
                row[fld] = _active_cell(rng, key, fld, big)
            vals[key] = row
    if fmt == "2021" and rng.random() < 0.5:  # in_force is at least this year's issued
        nd = vals["normative_documents"]
        nd["in_force"] = (nd["issued"] or 0) + rng.randint(0, 40)
    return vals


def _active_cell(rng: random.Random, key: str, fld: str, big: int) -> Value:
    if fld == "amount_10k_yuan":
        return None if rng.random() < 0.08 else _amount(rng)
    if key in ("rules",):
        return rng.choice([0, 0, 0, 0, 1, 2])
    if key == "normative_documents":
        return rng.choice([0, 0, 1, 2, 3, rng.randint(0, 60)])
    if fld == "change":
        return rng.choice([0, 0, 0, rng.randint(-5, 5)])
    if fld == "previous_items":
        return rng.randint(0, 120)
    if fld == "items":
        return rng.randint(0, 40)
    if fld == "decisions":
        if key == "other_services" and rng.random() < 0.3:
            return None
        return max(0, int(rng.gauss(big, big * 0.4)) if key != "coercion" else rng.randint(0, big // 10 + 3))
    return rng.randint(0, 30)


def flatten(tables: dict[str, dict[str, dict[str, Value]]]) -> dict[str, Value]:
    return {f"{t}.{r}.{f}": v for t, rows in tables.items() for r, fs in rows.items() for f, v in fs.items()}


def identities(fmt: str) -> dict[str, tuple[list[str], list[str]]]:
    """``<rule>.<col|row|group>`` -> (left paths, right paths) that must have equal sums.

    Rule names follow claims.md / table_rules.toml, so a planted error says which rule must fire.
    """
    out: dict[str, tuple[list[str], list[str]]] = {}
    rows = [k for k, _, _ in request_rows(fmt)]
    for col in REQ_COLS:
        out[f"requests_column_balance.{col}"] = (
            [f"requests.new_received.{col}", f"requests.carried_over.{col}"],
            [f"requests.results_total.{col}", f"requests.carried_forward.{col}"])
        out[f"requests_results_sum.{col}"] = (
            [f"requests.results_total.{col}"], [f"requests.{r}.{col}" for r in result_rows(fmt)])
    for row in rows:
        out[f"requests_row_total.{row}"] = (
            [f"requests.{row}.total"], [f"requests.{row}.{c}" for c in APPLICANTS])
    for group in APPEAL_GROUPS:
        out[f"appeals_group_total.{group}"] = (
            [f"appeals.{group}.total"], [f"appeals.{group}.{f}" for f in APPEAL_FIELDS[:4]])
    return out


def failing_identities(fmt: str, cells: dict[str, Value]) -> list[str]:
    """Ids of the identities the shown values violate."""
    def total(paths: list[str]) -> int:
        return sum(int(cells.get(p) or 0) for p in paths)
    return sorted(i for i, (left, right) in identities(fmt).items() if total(left) != total(right))


def plant_errors(rng: random.Random, fmt: str, cells: dict[str, Value], count: int) -> list[PlantedError]:
    """Change ``count`` cells in distinct rows/groups so each breaks its own identities."""
    candidates = [p for p in cells if p.startswith(("requests.", "appeals."))]
    planted: list[PlantedError] = []
    used_rows: set[str] = set()
    used_cols: set[str] = set()
    rng.shuffle(candidates)
    for path in candidates:
        if len(planted) == count:
            break
        table, row, col = path.split(".")
        if row in used_rows or col in used_cols:
            continue
        old = int(cells[path] or 0)
        delta = rng.choice([1, 1, 2, 3, 5, 10]) * (1 if old < 2 or rng.random() < 0.5 else -1)
        new = max(0, old + delta)
        if new == old:
            continue
        before = set(failing_identities(fmt, cells))
        cells[path] = new
        broken = sorted(set(failing_identities(fmt, cells)) - before)
        planted.append(PlantedError(path=path, balanced=old, shown=new, broken=broken))
        used_rows.add(f"{table}.{row}")
        used_cols.add(col)
    return planted


def make_tables(rng: random.Random, fmt: str) -> dict[str, dict[str, dict[str, Value]]]:
    return {"active": _active_values(rng, fmt), "requests": _request_values(rng, fmt),
            "appeals": _appeal_values(rng)}

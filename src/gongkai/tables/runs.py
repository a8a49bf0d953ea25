"""Run-together digits (``713000074`` = 71|3|0|0|0|0|74): recover the cells from arithmetic.

Every split of a run into pieces (no leading zeros, decimals kept whole) is a candidate;
a table's own sums (row totals, column balances, group totals) choose among them. When
more than one split survives, nobody can tell which the report meant: the cells stay None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

_PIECE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元|件)?$")
_UNIT = re.compile(r"(万元|元|件)$")

Split = tuple[str, ...]


class BudgetExceeded(Exception):
    """The search visited more nodes than settings.max_run_splits allows."""


@dataclass
class Budget:
    limit: int
    used: int = 0

    def spend(self, n: int = 1) -> None:
        self.used += n
        if self.used > self.limit:
            raise BudgetExceeded


def _valid(piece: str) -> bool:
    return bool(_PIECE.match(piece))


def splits(tokens: Sequence[str], k: int, budget: Budget,
           accept: Callable[[Split], bool] = lambda s: True) -> Iterator[Split]:
    """Splits of whitespace-separated tokens into k pieces (a space is always a cell boundary).

    ``accept`` sees every prefix as it grows, so a group check can prune early; it must
    return True for prefixes it cannot judge yet.
    """
    tokens = [t for t in tokens if t]
    if not tokens or k < len(tokens):
        return
    sizes = [len(_UNIT.sub("", t).replace(".", "")) for t in tokens]
    rest = [sum(sizes[i + 1:]) for i in range(len(tokens))]  # characters in later tokens

    def walk(i: int, j: int, done: Split) -> Iterator[Split]:
        budget.spend()
        if i == len(tokens):
            if len(done) == k:
                yield done
            return
        token = tokens[i]
        left = k - len(done)
        later = len(tokens) - i - 1
        unit = _UNIT.search(token)
        body = unit.start() if unit else len(token)
        if left < 1 + later:
            return
        # pieces after this one need a character each: later tokens hold rest[i] characters
        last_end = min(len(token), len(token) + rest[i] - (left - 1))
        ends = range(j + 1, last_end + 1) if left > 1 + later else (len(token),)
        for end in ends:
            if end < len(token) and (end >= body or token[end] == "." or token[end - 1] == "."):
                continue
            piece = token[j:end]
            if not _valid(piece):
                if piece[0] == "0" and len(piece) > 1:
                    break  # longer pieces from here keep the leading zero
                continue
            grown = done + (piece,)
            if not accept(grown):
                continue
            if end == len(token):
                yield from walk(i + 1, 0, grown)
            else:
                yield from walk(i, end, grown)

    yield from walk(0, 0, ())


def as_number(piece: str) -> float:
    try:
        return float(piece)
    except ValueError:
        return float(_UNIT.sub("", piece))


def row_total_ok(split: Split, width: int = 7) -> bool:
    """Table 3 row: the last column (总计) is the sum of the six applicant columns."""
    if len(split) < width:
        return True
    nums = [as_number(p) for p in split]
    return nums[-1] == sum(nums[:-1])


def groups_ok(split: Split, size: int = 5) -> bool:
    """Table 4: each complete group of five ends with its total (维持+纠正+其他+未审结)."""
    if len(split) % size:
        return True
    nums = [as_number(p) for p in split[-size:]]
    return nums[-1] == sum(nums[:-1])


@dataclass(frozen=True)
class Equation:
    """sum(left rows) = sum(right rows), per column."""

    left: tuple[str, ...]
    right: tuple[str, ...]


def _consistent(eq: Equation, chosen: dict[str, Split], col: int) -> bool:
    """Equality when every row is chosen; otherwise a partial side may not exceed a full side."""
    def side(rows: tuple[str, ...]) -> tuple[float, bool]:
        have = [r for r in rows if r in chosen]
        return sum(as_number(chosen[r][col]) for r in have), len(have) == len(rows)

    lsum, lfull = side(eq.left)
    rsum, rfull = side(eq.right)
    if lfull and rfull:
        return lsum == rsum
    if lfull:
        return rsum <= lsum
    if rfull:
        return lsum <= rsum
    return True


def solve(candidates: dict[str, list[Split]], equations: Sequence[Equation], width: int,
          budget: Budget, max_solutions: int = 64) -> tuple[dict[str, set[Split]], int]:
    """Rows' splits that occur in some joint solution, and the number of solutions found.

    Rows with one candidate are fixed; the others are tried in order of fewest candidates,
    pruning on any column whose equation is already violated. Raises BudgetExceeded.
    """
    rows_in = {r for eq in equations for r in eq.left + eq.right}
    relevant = [eq for eq in equations if all(r in candidates for r in eq.left + eq.right)]
    order = sorted(candidates, key=lambda r: len(candidates[r]))
    seen: dict[str, set[Split]] = {r: set() for r in candidates}
    found = 0
    chosen: dict[str, Split] = {}

    def ok(row: str) -> bool:
        return all(_consistent(eq, chosen, c) for eq in relevant if row in eq.left + eq.right
                   for c in range(width))

    def walk(i: int) -> None:
        nonlocal found
        if found >= max_solutions:
            return
        if i == len(order):
            found += 1
            for r, s in chosen.items():
                seen[r].add(s)
            return
        row = order[i]
        for split in candidates[row]:
            budget.spend()
            chosen[row] = split
            if row not in rows_in or ok(row):
                walk(i + 1)
            del chosen[row]

    walk(0)
    return seen, found

"""Run-together digits (``713000074`` = 71|3|0|0|0|0|74): recover the cells from arithmetic.

Every split of a run into pieces (no leading zeros, decimals kept whole, a blank mark such
as ``/`` one cell, a negative figure only in a signed field) is a candidate; a table's own
sums (row totals, column balances, group totals) choose among them. A row whose own total
fails every split is misprinted: only the digits decide it, and its column sums only bound
the others. When more than one split survives, nobody can tell which the report meant:
the cells stay None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

_PIECE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元|件)?$")
_UNIT = re.compile(r"(万元|元|件)$")
_MARK = re.compile(r"^(?:[/／—–―]+|[－−-]+)$")
_SIGNED = re.compile(r"^[－−-][0-9]")

Split = tuple[str, ...]
MAX_PIECE_DIGITS = 12  # a cell holds a count or an amount in 元: no report prints a 13-digit figure


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
    return bool(_PIECE.match(piece))  # its length is bounded in the walk (MAX_PIECE_DIGITS)


def _digits(piece: str) -> int:
    return sum(c.isdigit() for c in piece)


def is_mark(piece: str) -> bool:
    """A blank-cell mark (/, —, -): a cell of its own whose value is null."""
    return bool(_MARK.match(piece))


def _readings(tokens: list[str]) -> list[list[tuple[str, str]]]:
    """Each way to read the tokens as (sign, body): a leading '-' is the first figure's sign
    or a blank cell of its own ("120-1764": 120|-1|764 … or 120|-|1764)."""
    out: list[list[tuple[str, str]]] = [[]]
    for token in tokens:
        if _SIGNED.match(token):
            ways = [[("-", token[1:])], [("", token[0]), ("", token[1:])]]
        else:
            ways = [[("", token)]]
        out = [done + way for done in out for way in ways]
    return out


def splits(tokens: Sequence[str], k: int, budget: Budget,
           accept: Callable[[Split], bool] = lambda s: True) -> Iterator[Split]:
    """Splits of whitespace-separated tokens into k pieces (a space is always a cell boundary).

    A blank mark is one piece; a figure with a leading '-' is read both ways (see _readings),
    a negative piece being the first of its token. ``accept`` sees every prefix as it grows,
    so a group check can prune early; it must return True for prefixes it cannot judge yet.
    """
    tokens = [t for t in tokens if t]
    if not tokens:
        return
    seen: set[Split] = set()
    for reading in _readings(tokens):
        for split in _split_reading(reading, k, budget, accept):
            if split not in seen:
                seen.add(split)
                yield split


def _split_reading(tokens: list[tuple[str, str]], k: int, budget: Budget,
                   accept: Callable[[Split], bool]) -> Iterator[Split]:
    if k < len(tokens):
        return
    sizes = [1 if is_mark(t) else len(_UNIT.sub("", t).replace(".", "")) for _, t in tokens]
    if sum(sizes) > k * MAX_PIECE_DIGITS:
        return  # more digits than k cells can hold (a fused run, or noise)
    rest = [sum(sizes[i + 1:]) for i in range(len(tokens))]  # pieces later tokens can give

    def walk(i: int, j: int, done: Split) -> Iterator[Split]:
        budget.spend()
        if i == len(tokens):
            if len(done) == k:
                yield done
            return
        sign, token = tokens[i]
        left = k - len(done)
        later = len(tokens) - i - 1
        if left < 1 + later:
            return
        if is_mark(token):
            grown = done + (token,)
            if accept(grown):
                yield from walk(i + 1, 0, grown)
            return
        unit = _UNIT.search(token)
        body = unit.start() if unit else len(token)
        # pieces after this one need a character each: later tokens hold rest[i] characters
        last_end = min(len(token), len(token) + rest[i] - (left - 1))
        ends = range(j + 1, last_end + 1) if left > 1 + later else (len(token),)
        for end in ends:
            if end < len(token) and (end >= body or token[end] == "." or token[end - 1] == "."):
                continue
            piece = token[j:end]
            if _digits(piece) > MAX_PIECE_DIGITS:
                break  # longer pieces from here only grow (so a node tries at most 12)
            if not _valid(piece):
                if piece[0] == "0" and len(piece) > 1:
                    break  # longer pieces from here keep the leading zero
                continue
            if sign and j == 0:
                if as_number(piece) == 0:
                    continue  # no negative zero
                piece = sign + piece
            grown = done + (piece,)
            if not accept(grown):
                continue
            if end == len(token):
                yield from walk(i + 1, 0, grown)
            else:
                yield from walk(i, end, grown)

    yield from walk(0, 0, ())


def as_number(piece: str) -> float | None:
    """The figure a piece stands for; None for a blank mark."""
    try:
        return float(piece)
    except ValueError:
        return None if is_mark(piece) else float(_UNIT.sub("", piece))


def signs_ok(fields: Sequence[str], signed: frozenset[str] | set[str]) -> Callable[[Split], bool]:
    """Only a signed field (本年增/减) may hold a negative figure."""
    def accept(split: Split) -> bool:
        return all(not (len(p) > 1 and p[0] in "－−-") or fields[i] in signed for i, p in enumerate(split))
    return accept


def row_total_ok(split: Split, width: int = 7) -> bool:
    """Table 3 row: the last column (总计) is the sum of the six applicant columns."""
    if len(split) < width:
        return True
    nums = [as_number(p) for p in split]
    if any(n is None for n in nums):
        return True  # a blank cell: the row cannot be checked
    return nums[-1] == sum(nums[:-1])  # type: ignore[arg-type]


def row_total_bound(tokens: Sequence[str], width: int = 7) -> Callable[[Split], bool]:
    """row_total_ok that also prunes prefixes: the 总计 is a suffix of the digits left, so an
    applicant prefix already above every possible total, or one the digits left cannot
    make up to any total, has no completion. Plain digit tokens only (else no pruning)."""
    digits = "".join(tokens)
    if not digits.isdigit():
        return row_total_ok

    def accept(split: Split) -> bool:
        if len(split) >= width:
            return row_total_ok(split, width)
        have = sum(int(p) for p in split)
        rest = digits[sum(len(p) for p in split):]
        pieces = width - 1 - len(split)  # applicant pieces still to come before the total
        for t in range(1, min(len(rest) - pieces, MAX_PIECE_DIGITS) + 1):
            total = rest[-t:]
            if len(total) > 1 and total[0] == "0":
                continue
            middle = len(rest) - t  # digits for the pieces still to come
            if middle > pieces * MAX_PIECE_DIGITS:
                continue
            most = pieces * 10 ** min(middle - pieces + 1, MAX_PIECE_DIGITS) if pieces else 0
            if have <= int(total) <= have + most:
                return True
        return False

    return accept


def groups_ok(split: Split, size: int = 5) -> bool:
    """Table 4: each complete group of five ends with its total (维持+纠正+其他+未审结)."""
    if len(split) % size:
        return True
    nums = [as_number(p) for p in split[-size:]]
    if any(n is None for n in nums):
        return True
    return nums[-1] == sum(nums[:-1])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Equation:
    """sum(left rows) = sum(right rows), per column."""

    left: tuple[str, ...]
    right: tuple[str, ...]


def _consistent(eq: Equation, chosen: dict[str, Split], col: int) -> bool:
    """Equality when every row is chosen; otherwise a partial side may not exceed a full side."""
    def side(rows: tuple[str, ...]) -> tuple[float, bool]:
        have = [as_number(chosen[r][col]) for r in rows if r in chosen]
        return sum(n for n in have if n is not None), len(have) == len(rows) and None not in have

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
    pruning on any column whose equation is already violated. A row of an equation that has
    no candidates (not printed, or misprinted) is an unknown count >= 0: its side only bounds
    the other. Raises BudgetExceeded.
    """
    rows_in = {r for eq in equations for r in eq.left + eq.right}
    relevant = list(equations)
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

"""Step 2b: drop what a page break puts between the rows of a table found in text.

A PDF (or ``pdftotext -layout`` dump) breaks a table with lines that are not rows: the page
number, the running page header, and the table's header rows printed again on the next page.
Left in, they join the label of the row after the break ("…重新出具" + "申请人情况…总计" +
"已获取信息" reads as the 总计 row) or add a figure to the row before it (a bare page number).
Rows keep their grid numbers, so a cell's provenance still points at the printed row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..document import Grid, GridCell
from .rows import cell_kind, normalise_label

MIN_RUNNING_CHARS = 6  # a repeated line shorter than this may be a wrapped label's tail
_INTEGER = re.compile(r"^\d{1,4}$")


def line_counts(text: str) -> Counter[str]:
    """How often each (normalised, non-blank) line occurs in the whole document."""
    return Counter(n for line in text.split("\n") if (n := normalise_label(line)))


def _kinds(row: list[GridCell], noise: re.Pattern[str] | None) -> list[str]:
    return [cell_kind(c.text, noise) for c in row]


def _text(row: list[GridCell]) -> str:
    return normalise_label("".join(c.text for c in row))


def furniture_rows(grid: Grid, outside: Counter[str], cues: tuple[str, ...], page_line: re.Pattern[str] | None,
                   noise: re.Pattern[str] | None = None) -> set[int]:
    """Grid rows after the first row of figures that a page break put there.

    - a label-only row printed identically among the header rows above the first figures
      (Word's repeated header rows);
    - a label-only row of at least MIN_RUNNING_CHARS that also occurs as a whole line of the
      document outside the table (``outside``) and names no row of the table (a running page
      header; a block header that the table itself repeats is not one);
    - a page-number line (``page_line``), and a lone figure of up to four digits just before
      one of the above or just after a running header (a bare page number).
    """
    rows = [r for r in grid.rows() if r]
    kinds = [_kinds(r, noise) for r in rows]
    first = next((i for i, k in enumerate(kinds) if "value" in k), None)
    if first is None:
        return set()
    head = {_text(r) for r, k in zip(rows[:first], kinds[:first]) if "text" in k}
    dropped: list[int] = []
    for i in range(first + 1, len(rows)):
        if "value" in kinds[i] or "text" not in kinds[i]:
            continue
        text = _text(rows[i])
        if (text in head or (page_line is not None and page_line.match(text))
                or (len(text) >= MIN_RUNNING_CHARS and outside[text] and not any(c in text for c in cues))):
            dropped.append(i)
    running = set(dropped) - {i for i in dropped if _text(rows[i]) in head}
    for i in range(first + 1, len(rows)):
        values = [c for c, k in zip(rows[i], kinds[i]) if k != "blank"]
        lone = len(values) == 1 and "text" not in kinds[i] and _INTEGER.match(values[0].text.strip())
        if lone and i not in dropped and (i + 1 in dropped or i - 1 in running):
            dropped.append(i)
    return {rows[i][0].row for i in dropped}


def without_rows(grid: Grid, drop: set[int]) -> Grid:
    """The grid less the given rows (the others keep their row numbers)."""
    if not drop:
        return grid
    return replace(grid, cells=tuple(c for c in grid.cells if c.row not in drop))

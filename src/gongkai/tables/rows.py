"""Step 4: grid rows -> records (label, value cells) -> schema row keys.

Rows are matched by their labels, never by position: a missing or extra row does not shift
the rows after it. Columns within a row follow the printed order of the schema fields,
after dropping the empty cells that merged cells leave (see :func:`fit_values`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Grid, GridCell
from ..numbers import NON_NUMBER_MARKS, to_halfwidth
from .schema import RowSpec

_WS = re.compile(r"\s+")
_ITEM_DOT = re.compile(r"(\d)[、．.]")
_VALUE = re.compile(r"^[+-]?[\d,]+(?:\.\d+)?(?:万元|元|件|个|项|条|次|人次|%)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A label that opens with an item number (一、 （三） 2.) starts a row of its own; wrapped text does not.
_ITEM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．])")


@dataclass
class Record:
    """One table row as printed: its label text and its value cells, left to right."""

    label: str
    values: list[GridCell] = field(default_factory=list)
    line: int | None = None


def normalise_label(text: str) -> str:
    """Half-width, no whitespace, item numbers as 'N.': the form cues are written in."""
    text = _WS.sub("", to_halfwidth(text, keep_cjk_punct=False))
    return _ITEM_DOT.sub(r"\1.", text)


def cell_kind(text: str, noise: re.Pattern[str] | None = None) -> str:
    """'blank', 'value' (a number, a number with unit, or a mark such as '/'), or 'text'."""
    if text.isascii() and text.isdigit():
        return "value"
    clean = noise.sub("", text) if noise else text
    clean = _WS.sub("", to_halfwidth(clean.replace("\u00a0", " "), keep_cjk_punct=False))
    if not clean:
        return "blank"
    if clean in NON_NUMBER_MARKS or _VALUE.match(clean):
        return "value"
    return "text"


def split_row(cells: list[GridCell], noise: re.Pattern[str] | None = None) -> tuple[str, list[GridCell], bool]:
    """Label text (all text cells joined), the cells after the last text cell, and whether
    any of those holds a value."""
    kinds = [cell_kind(c.text, noise) for c in cells]
    last_text = max((i for i, k in enumerate(kinds) if k == "text"), default=-1)
    label = "".join(c.text for c, k in zip(cells, kinds) if k == "text")
    return label, cells[last_text + 1:], "value" in kinds[last_text + 1:]


def records(grid: Grid, noise: re.Pattern[str] | None = None, tails_follow: bool = False) -> list[Record]:
    """Records from grid rows: label-only rows prefix the next row that has values;
    value-only rows continue the record above (one-cell-per-line dumps, wrapped labels).

    ``tails_follow`` reads a table laid out with its cells aligned to the top (a wrapped label's
    first line beside the figures, the rest below them): a label-only row right after a row with
    figures, not opening with an item number, ends that row's label instead. Of such a row only the
    rightmost text is the label's: text left of it wraps a group label (（六）其他处 / 理) that would
    otherwise break the row's own words apart.
    """
    out: list[Record] = []
    pending = ""
    current: Record | None = None
    for row in grid.rows():
        label, values, has_values = split_row(row, noise)
        if tails_follow and label and not has_values and current is not None and not pending \
                and not _ITEM_START.match(label):
            current.label += next(c.text for c in reversed(row) if cell_kind(c.text, noise) == "text")
            continue
        if label:
            if current is not None:
                out.append(current)
                current = None
            pending += label
        if has_values:
            if current is None:
                current = Record(label=pending, line=values[0].line)
                pending = ""
            current.values.extend(values)
    if current is not None:
        out.append(current)
    return out


def match_row(label: str, specs: tuple[RowSpec, ...]) -> RowSpec | None:
    """The row whose cue ends latest in the label (ties: the longer cue).

    Labels run from the general to the specific ("三、本年度办理结果（四）无法提供1.本机关
    不掌握…"), and text wrapped over from the row above comes first, so the last cue is the
    row's own.
    """
    norm = normalise_label(label)
    best: tuple[int, int] | None = None
    found: RowSpec | None = None
    for spec in specs:
        for cue in spec.cues:
            pos = norm.rfind(cue)
            if pos < 0:
                continue
            score = (pos + len(cue), len(cue))
            if best is None or score > best:
                best, found = score, spec
    return found


def fit_values(values: list[GridCell], k: int, trailing_first: bool = False) -> list[GridCell] | None:
    """Exactly k value cells, or None when the row cannot be fitted without guessing.

    Merged cells leave empty cells around a row's values: drop empty ones from the start
    (Word/TSV dumps keep a real blank last cell) or, for pipe tables whose rows end in
    '| ||', from the end first; a row with a non-empty surplus or too few cells is refused.
    """
    cells = list(values)
    ends = (-1, 0) if trailing_first else (0, -1)
    for end in ends:
        while len(cells) > k and not cells[end].text.strip():
            cells.pop(end)
    return cells if len(cells) == k else None


def first_line_values(values: list[GridCell], k: int) -> list[GridCell] | None:
    """A laid-out row's k figures on its first line, when each later line adds one lone figure.

    pdftotext prints a row's figures on one line; a line holding one figure after a full row
    is the bare page number of a footer, not a cell of the row.
    """
    filled = [c for c in values if c.text.strip()]
    if not filled:
        return None
    first = [c for c in filled if c.line == filled[0].line]
    later: dict[int | None, list[GridCell]] = {}
    for cell in filled[len(first):]:
        later.setdefault(cell.line, []).append(cell)
    lone = all(len(cells) == 1 and cells[0].text.strip().isdigit() for cells in later.values())
    if len(first) == k and later and lone and filled[:k] == first:
        return first
    return None


def subtotal_index(header: str, subtotal_word: str, first_org_word: str) -> int | None:
    """Position among a table-3 row's values of a printed 法人或其他组织 小计 column, if any.

    Printed before the first organisation column it is the second value; otherwise it
    follows 其他 (the sixth of eight values).
    """
    norm = normalise_label(header)
    at = norm.find(subtotal_word)
    if at < 0:
        return None
    org = norm.find(first_org_word)
    return 1 if 0 <= at < org else 6




def align_by_position(cells: list[tuple[int, int]], reference: list[list[tuple[int, int]]]) -> list[int] | None:
    """Columns of a short row's cells, from where the full rows nearby put each column.

    pdftotext leaves no trace of a blank cell but the gap. Each column spans the union of
    its cells in the full reference rows; a cell belongs to the column it overlaps (one
    character of slack). None when columns overlap, a cell fits no column or two cells
    claim one: then nobody can tell, and the row is not guessed.
    """
    if not reference or any(len(r) != len(reference[0]) for r in reference) or len(cells) > len(reference[0]):
        return None
    ranges = [(min(r[i][0] for r in reference), max(r[i][1] for r in reference)) for i in range(len(reference[0]))]
    if any(a[1] >= b[0] for a, b in zip(ranges, ranges[1:])):
        return None
    columns = []
    for start, end in cells:
        hits = [i for i, (lo, hi) in enumerate(ranges) if start <= hi + 1 and end >= lo - 1]
        if len(hits) != 1:
            return None
        columns.append(hits[0])
    return columns if len(set(columns)) == len(columns) and columns == sorted(columns) else None

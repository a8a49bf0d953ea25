"""Step 2: turn a text region into a Grid (rows of cells), whatever the serialisation.

Serialisations met in real reports: one cell per tab-led line with blank lines between rows
(Word text dumps), tab-separated rows, pipe rows, markdown, ``pdftotext -layout`` columns,
one cell per line with no row breaks (HTML get_text), and crawler text with the cells run
together (``runs``). Every cell keeps its offsets into the document text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

from ..document import Grid, GridCell

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}")
_LAYOUT_GAP = re.compile(r"\S(?: {2,}|\t)\S")
_LAYOUT_SPLIT = re.compile(r" {2,}|\t")
_NUMBERS_ONLY = re.compile(r"^[\d.,]+(?:\s+[\d.,]+)+$")
# a label with a figure glued on: the label ends with a Chinese character or a closing bracket, or with
# Chinese punctuation after Chinese text ("只计这一情形， 16"; never "4，488", a figure with a comma)
_GLUED_NUMBER = re.compile(r"^\s*(.*[\u4e00-\u9fff）)”」]|.*[\u4e00-\u9fff].*[，、；：])\s*(\d+(?:\.\d+)?)\s*$")
_LONG_RUN = re.compile(r"[\u4e00-\u9fff）)][0-9]{4,}")
# a run of figures in crawler text: digits, decimal points, blank marks (/ — -) and spaces,
# with an optional unit; a run must hold a digit ("本年增/减" is label text)
_MARKS = "/／—–―－−-"
_RUN = re.compile(rf"[0-9{_MARKS}](?:[0-9{_MARKS}]|\.(?=[0-9])|[ \u00a0](?=[0-9{_MARKS}]))*(?:万元|元|件)?")
# the cells of a run: a blank mark alone, or a figure whose leading '-' may be its sign or a
# blank cell before it (the split decides)
_RUN_PART = re.compile(r"[/／—–―]+|[－−-]+(?![0-9])|[－−-]?[0-9][0-9.]*(?:万元|元|件)?")
_ITEM_NUMBER = re.compile(r"[.．、][^\d]")


class Lines:
    """Line numbers of offsets, by bisection over line starts (cheap for many cells)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def column(self, offset: int) -> int:
        """Display column of an offset in its line: a wide (CJK) character takes two, as it
        does on the page that pdftotext or the PDF reader laid the line out from."""
        start = self.starts[self.line(offset) - 1]
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in self.text[start:offset])


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, line) for each line of text[start:end]."""
    pos = start
    for line in text[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def detect_origin(text: str, start: int, end: int) -> str:
    """Which serialisation a region uses, from the shape of its lines."""
    lines = [line for _, line in _lines(text, start, end) if line.strip()]
    if not lines:
        return "lines"
    n = len(lines)
    piped = sum("|" in line for line in lines)
    if piped >= 3 and piped >= 0.3 * n:
        return "markdown" if any(_PIPE_SEPARATOR.match(line) for line in lines) else "pipe"
    inner_tabs = sum("\t" in line.strip() for line in lines)
    if inner_tabs >= 3 and inner_tabs >= 0.3 * n:
        return "tsv"
    if sum(line.startswith("\t") for line in lines) >= 0.3 * n:
        return "lines"
    if sum(bool(_LAYOUT_GAP.search(line.strip())) for line in lines) >= 3:
        return "layout"
    if n <= 3 and re.search(r"\d", text[start:end]):
        return "runs"  # a whole table on one to three lines: cells run together
    if n <= 5 and _LONG_RUN.search(text, start, end):
        return "runs"
    return "lines"


def _cell(text: str, s: int, e: int, row: int, col: int, lines: Lines) -> GridCell:
    """A cell over text[s:e], trimmed of surrounding whitespace (offsets follow the trim)."""
    raw = text[s:e]
    left = len(raw) - len(raw.lstrip())
    right = len(raw.rstrip())
    s2, e2 = (s + left, s + right) if right > left else (s, s)
    return GridCell(text=text[s2:e2], row=row, col=col, start=s2, end=e2, line=lines.line(s2))


def _split_cells(text: str, line_start: int, line: str, sep: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in sep.finditer(line):
        spans.append((line_start + pos, line_start + m.start()))
        pos = m.end()
    spans.append((line_start + pos, line_start + len(line)))
    return spans


def grid_tsv(text: str, start: int, end: int, lines: Lines, index: int = 0) -> Grid:
    """One row per line, cells split on tabs (empty cells kept: merged cells leave them)."""
    cells: list[GridCell] = []
    row = 0
    for pos, line in _lines(text, start, end):
        if not line.strip():
            continue
        for col, (s, e) in enumerate(_split_cells(text, pos, line, re.compile("\t"))):
            cells.append(_cell(text, s, e, row, col, lines))
        row += 1
    return Grid(index, tuple(cells), "tsv", start, end)


def grid_pipe(text: str, start: int, end: int, lines: Lines, index: int = 0, origin: str = "pipe") -> Grid:
    """One row per line with a pipe; markdown separator lines skipped; edge pipes dropped."""
    cells: list[GridCell] = []
    row = 0
    for pos, line in _lines(text, start, end):
        if "|" not in line or _PIPE_SEPARATOR.match(line):
            continue
        spans = _split_cells(text, pos, line, re.compile(r"\|"))
        if line.lstrip().startswith("|"):
            spans = spans[1:]
        if line.rstrip().endswith("|"):
            spans = spans[:-1]
        for col, (s, e) in enumerate(spans):
            cells.append(_cell(text, s, e, row, col, lines))
        row += 1
    return Grid(index, tuple(cells), origin, start, end)


def grid_layout(text: str, start: int, end: int, lines: Lines, index: int = 0) -> Grid:
    """pdftotext -layout: one row per line, cells split on runs of 2+ spaces.

    A cell holding only numbers separated by single spaces is split further: the columns of
    a narrow table come out one space apart.
    """
    cells: list[GridCell] = []
    row = 0
    for pos, line in _lines(text, start, end):
        if not line.strip():
            continue
        col = 0
        for s, e in _split_cells(text, pos, line, _LAYOUT_SPLIT):
            piece = text[s:e].strip()
            if not piece:
                continue
            glued = _GLUED_NUMBER.match(text[s:e])
            if glued:  # "…禁止公开0": a label with the first figure glued on
                cells.append(_cell(text, s + glued.start(1), s + glued.end(1), row, col, lines))
                cells.append(_cell(text, s + glued.start(2), s + glued.end(2), row, col + 1, lines))
                col += 2
            elif _NUMBERS_ONLY.match(piece):
                for m in re.finditer(r"\S+", text[s:e]):
                    cells.append(_cell(text, s + m.start(), s + m.end(), row, col, lines))
                    col += 1
            else:
                cells.append(_cell(text, s, e, row, col, lines))
                col += 1
        row += 1
    return Grid(index, tuple(cells), "layout", start, end)


def grid_lines(text: str, start: int, end: int, lines: Lines, index: int = 0) -> Grid:
    """One cell per line. With tab-led cells, blank lines end rows and an untabbed line
    continues the cell above; without tabs (HTML get_text) every line is its own row."""
    tabbed = any(line.startswith("\t") for _, line in _lines(text, start, end))
    cells: list[GridCell] = []
    row, col = 0, 0
    for pos, line in _lines(text, start, end):
        if not line.strip() and not line.startswith("\t"):
            if col:
                row, col = row + 1, 0
            continue
        if not tabbed:
            if _NUMBERS_ONLY.match(line.strip()):  # figures one space apart: one cell each
                for col, m in enumerate(re.finditer(r"\S+", line)):
                    cells.append(_cell(text, pos + m.start(), pos + m.end(), row, col, lines))
            else:
                cells.append(_cell(text, pos, pos + len(line), row, 0, lines))
            row += 1
            continue
        if line.startswith("\t") or not col:
            cells.append(_cell(text, pos, pos + len(line), row, col, lines))
            col += 1
        else:  # continuation of the cell above ("商业" / "企业")
            last = cells[-1]
            joined = text[last.start if last.end > last.start else pos:pos + len(line)]
            s = last.start if last.end > last.start else pos
            cells[-1] = GridCell(text=joined.strip().replace("\n", ""), row=last.row, col=last.col,
                                 start=s, end=pos + len(line), line=last.line)
    return Grid(index, tuple(cells), "lines", start, end)


def grid_runs(text: str, start: int, end: int, lines: Lines, index: int = 0) -> Grid:
    """Crawler text with no separators: a row per label followed by a run of figures.

    A run's final digit that is followed by '.'/'、' and a word is the next label's item
    number ("00000002.其他法律…" -> run "0000000", label "2.其他法律…"). Spaces and blank
    marks inside a run are cell boundaries: "450/" gives cells "450" and "/".
    """
    cells: list[GridCell] = []
    row, label_start = 0, start
    for m in _RUN.finditer(text, start, end):
        s, e = m.start(), m.end()
        follow = text[e:e + 2]
        if _ITEM_NUMBER.match(follow) and not m.group().endswith(("元", "件")):
            e -= 1
        if e <= s or not re.search(r"[0-9]", text[s:e]):
            continue
        if re.search(r"[\u4e00-\u9fff]", text[label_start:s]) or not cells:
            cells.append(_cell(text, label_start, s, row + 1, 0, lines))
            row += 1
        col = max((c.col for c in cells if c.row == row), default=0) + 1
        for part in _RUN_PART.finditer(text[s:e]):
            cells.append(_cell(text, s + part.start(), s + part.end(), row, col, lines))
            col += 1
        label_start = e
    if label_start < end and text[label_start:end].strip():
        cells.append(_cell(text, label_start, end, row + 1, 0, lines))
    cells = [GridCell(c.text, c.row - 1, c.col, c.rowspan, c.colspan, c.start, c.end, c.line)
             for c in cells]
    return Grid(index, tuple(cells), "runs", start, end)


BUILDERS = {"lines": grid_lines, "tsv": grid_tsv, "pipe": grid_pipe, "layout": grid_layout,
            "runs": grid_runs}


def build_grid(text: str, start: int, end: int, lines: Lines, index: int = 0) -> Grid:
    """The Grid of text[start:end] in the serialisation detected there."""
    origin = detect_origin(text, start, end)
    if origin == "markdown":
        return grid_pipe(text, start, end, lines, index, origin="markdown")
    return BUILDERS[origin](text, start, end, lines, index)

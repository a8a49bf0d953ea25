"""Assemble Document.text line by line while recording where table cells land.

Readers of structured formats (docx, html) write normalised pieces through this
builder, so cell offsets are exact by construction instead of searched for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Grid, GridCell


@dataclass(frozen=True)
class RawCell:
    """A table cell before it has a place in the text."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TextBuilder:
    lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    pos: int = 0
    ocr_lines: list[tuple[int, int]] = field(default_factory=list)  # 1-based, inclusive

    def add_line(self, line: str) -> int:
        """Append one line (no newline inside); return its start offset."""
        start = self.pos
        self.lines.append(line)
        self.pos += len(line) + 1
        return start

    def add_ocr_lines(self, lines: list[str]) -> None:
        """Append lines read by OCR (a picture), remembering which lines they are."""
        if lines:
            for line in lines:
                self.add_line(line)
            self.ocr_lines.append((len(self.lines) - len(lines) + 1, len(self.lines)))

    def add_table(self, cells: list[RawCell], origin: str, page: int | None = None) -> None:
        """Write a table as one tab-separated line per row (each merged cell once) and keep its Grid."""
        if not cells:
            return
        by_row: dict[int, list[RawCell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, []).append(cell)
        placed: list[GridCell] = []
        table_start = self.pos
        for row in sorted(by_row):
            row_cells = sorted(by_row[row], key=lambda c: c.col)
            start = self.add_line("\t".join(c.text for c in row_cells))
            line_no = len(self.lines)
            offset = start
            for cell in row_cells:
                placed.append(GridCell(text=cell.text, row=cell.row, col=cell.col, rowspan=cell.rowspan,
                                       colspan=cell.colspan, start=offset, end=offset + len(cell.text),
                                       line=line_no, page=page))
                offset += len(cell.text) + 1
        self.grids.append(Grid(index=len(self.grids), cells=tuple(placed), origin=origin,
                               start=table_start, end=self.pos - 1, page=page))

    def text(self) -> str:
        return "\n".join(self.lines)

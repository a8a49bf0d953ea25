"""The three tables as the official template lays them out: cells with row/col spans.

Every renderer draws from this one layout, so a docx merge, an html rowspan and a blank
line in a text dump all stand for the same merged cell.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .schema import (
    APPEAL_FIELD_LABELS,
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    GROUP_RESULTS,
    REQ_COLS,
    active_blocks,
    request_rows,
)
from .tables import Value


@dataclass
class GCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None  # schema path for value cells
    header: bool = False


@dataclass
class Table:
    key: str
    n_cols: int
    cells: list[GCell]

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def rows(self) -> list[list[GCell]]:
        out: list[list[GCell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def owner(self) -> dict[tuple[int, int], GCell]:
        """(row, col) -> the cell covering that slot."""
        out = {}
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    out[(r, c)] = cell
        return out


@dataclass
class CellStyle:
    """How values are written into cells, drawn once per rendered file."""

    blank: str = ""  # how a None cell is written: "", "/", "—", "-"
    units: bool = False  # 359425件 / 8768.62万元 in table-2 cells
    pad: bool = False  # " 1" / "0 " stray spaces
    fullwidth: bool = False
    bookmark: bool = False  # one [bookmark: _GoBack] in a cell
    commas: bool = False  # 32,851 thousands separators
    labels: tuple[str, ...] = ()  # label variants in force (see ``vary``)

    @classmethod
    def draw(cls, rng: random.Random, text_dump: bool) -> CellStyle:
        return cls(blank=rng.choice(["", "/", "—", "-"]), units=text_dump and rng.random() < 0.4,
                   pad=text_dump and rng.random() < 0.4, fullwidth=text_dump and rng.random() < 0.15,
                   bookmark=text_dump and rng.random() < 0.4, commas=rng.random() < 0.15,
                   labels=tuple(k for k, v in LABEL_VARIANTS.items() if rng.random() < v[2]))


FW = str.maketrans("0123456789.", "０１２３４５６７８９．")

# Label variants met in real templates; each is switched on per file with some probability.
LABEL_VARIANTS: dict[str, tuple[str, str, float]] = {  # key -> (pattern, replacement, p)
    "item_dunhao": (r"^(\d)\.", r"\1、", 0.1),  # 1.属于国家秘密 -> 1、属于国家秘密
    "item_space": (r"^(\d)\.", r"\1. ", 0.2),
    "item_fullwidth": (r"^(\d)\.", r"\1．", 0.2),
    "short_partial": (r"^（二）部分公开（.*）$", "（二）部分公开", 0.3),
    "ascii_quotes": ("[“”]", '"', 0.3),
    "nd_short": ("^行政规范性文件$", "规范性文件", 0.3),
    "fee_header": ("本年收费金额（单位：万元）", "本年收费金额（万元）", 0.3),
    "law_de": ("禁止公开$", "禁止公开的", 0.2),
}


def vary(label: str, style: CellStyle) -> str:
    """The label as this file writes it (variants drawn once per file)."""
    for key in style.labels:
        pattern, repl, _ = LABEL_VARIANTS[key]
        label = re.sub(pattern, repl, label)
    return label


def value_text(value: Value, path: str, style: CellStyle, rng: random.Random) -> str:
    if value is None:
        return style.blank
    text = str(value) if isinstance(value, int) else f"{value}"
    if path.endswith("amount_10k_yuan") and value == 0 and rng.random() < 0.3:
        text = "0.00"
    if style.commas and isinstance(value, int) and value >= 1000:
        text = f"{value:,}"
    if style.units and path.startswith("active."):
        if path.endswith("amount_10k_yuan"):
            text += "万元" if rng.random() < 0.5 else ""
        elif path.endswith("decisions"):
            text += "件"
    if style.fullwidth and rng.random() < 0.3:
        text = text.translate(FW)
    if style.pad and rng.random() < 0.3:
        text = rng.choice([" ", ""]) + text + rng.choice([" ", ""])
    return text


def active_table(fmt: str, cells: dict[str, Value], style: CellStyle, rng: random.Random) -> Table:
    out: list[GCell] = []
    r = 0
    for article, headers, rows, fields in active_blocks(fmt):
        out.append(GCell(article, r, 0, colspan=4, header=True))
        r += 1
        out.append(GCell("信息内容", r, 0, header=True))
        for i, h in enumerate(headers):
            span = 3 - i if i == len(headers) - 1 else 1
            out.append(GCell(vary(h, style), r, 1 + i, colspan=span, header=True))
        r += 1
        for key, label in rows:
            out.append(GCell(vary(label, style), r, 0))
            for i, fld in enumerate(fields):
                span = 3 - i if i == len(fields) - 1 else 1
                path = f"active.{key}.{fld}"
                out.append(GCell(value_text(cells[path], path, style, rng), r, 1 + i, colspan=span, path=path))
            r += 1
    return Table("active", 4, out)


_APPLICANT_HEAD = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def requests_table(fmt: str, cells: dict[str, Value], style: CellStyle, rng: random.Random,
                   wrap_head: bool = False) -> Table:
    out = [GCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 0, 0, 3, 3, header=True),
           GCell("申请人情况", 0, 3, colspan=7, header=True),
           GCell("自然人", 1, 3, rowspan=2, header=True),
           GCell("法人或其他组织", 1, 4, colspan=5, header=True),
           GCell("总计", 1, 9, rowspan=2, header=True)]
    for i, h in enumerate(_APPLICANT_HEAD):
        text = h[:2] + "\n" + h[2:] if wrap_head and len(h) == 4 and h != "法律服务机构" else h
        out.append(GCell(text, 2, 4 + i, header=True))
    rows = request_rows(fmt)
    first = 3
    result_keys = [k for k, _, _ in rows if k not in ("new_received", "carried_over", "carried_forward")]
    group_start = first + 2
    out.append(GCell(GROUP_RESULTS, group_start, 0, rowspan=len(result_keys)))
    seen_sub: dict[str, int] = {}
    for i, (key, sub, label) in enumerate(rows):
        r = first + i
        if key in ("new_received", "carried_over", "carried_forward"):
            out.append(GCell(label, r, 0, colspan=3))
        elif sub is None:
            out.append(GCell(vary(label, style), r, 1, colspan=2))
        else:
            if sub not in seen_sub:
                seen_sub[sub] = r
                out.append(GCell(sub, r, 1, rowspan=sum(1 for _, s, _ in rows if s == sub)))
            out.append(GCell(vary(label, style), r, 2))
        for j, col in enumerate(REQ_COLS):
            path = f"requests.{key}.{col}"
            out.append(GCell(value_text(cells[path], path, style, rng), r, 3 + j, path=path))
    return Table("requests", 10, out)


def appeals_table(cells: dict[str, Value], style: CellStyle, rng: random.Random) -> Table:
    out = [GCell("行政复议", 0, 0, colspan=5, header=True), GCell("行政诉讼", 0, 5, colspan=10, header=True)]
    for i, lab in enumerate(APPEAL_FIELD_LABELS):
        out.append(GCell(lab, 1, i, rowspan=2, header=True))
    out.append(GCell("未经复议直接起诉", 1, 5, colspan=5, header=True))
    out.append(GCell("复议后起诉", 1, 10, colspan=5, header=True))
    for g in range(2):
        for i, lab in enumerate(APPEAL_FIELD_LABELS):
            out.append(GCell(lab, 2, 5 + 5 * g + i, header=True))
    for g, group in enumerate(APPEAL_GROUPS):
        for i, fld in enumerate(APPEAL_FIELDS):
            path = f"appeals.{group}.{fld}"
            out.append(GCell(value_text(cells[path], path, style, rng), 3, 5 * g + i, path=path))
    return Table("appeals", 15, out)


def build_tables(fmt: str, cells: dict[str, Value], style: CellStyle, rng: random.Random,
                 wrap_head: bool = False) -> dict[str, Table]:
    tables = {"active": active_table(fmt, cells, style, rng),
              "requests": requests_table(fmt, cells, style, rng, wrap_head),
              "appeals": appeals_table(cells, style, rng)}
    if style.bookmark:
        value_cells = [c for t in tables.values() for c in t.cells if c.path]
        cell = rng.choice(value_cells)
        cell.text = "[bookmark: _GoBack]" + cell.text
    return tables


def split_active(t: Table) -> list[Table]:
    """Table 2 as one table per 第二十条 block, as many Word reports lay it out."""
    starts = sorted(c.row for c in t.cells if c.colspan == 4 and c.header)
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else t.n_rows
        cells = [GCell(c.text, c.row - start, c.col, c.rowspan, c.colspan, c.path, c.header)
                 for c in t.cells if start <= c.row < end]
        out.append(Table(t.key, t.n_cols, cells))
    return out

"""Plain-text serialisations of a report, each with the quirks real dumps show.

lines: Word "save as text" (one cell per line, tab-led, blank line between rows);
tsv: one row per line, tab-separated, merged cells as empty fields, mangled rows;
pipe: ``a | b |`` rows with ``||`` tails and half-width punctuation;
md: markdown pipe tables; layout: ``pdftotext -layout`` (aligned columns, wrapped labels,
page footers, form feeds); runs: crawler page text with cells run together.
"""

from __future__ import annotations

import random
import re

from .grid import Table
from .truth import Truth

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ASCII_PUNCT = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


def prose(text: str, rng: random.Random, fullwidth: bool) -> str:
    return text.translate(FW_DIGITS) if fullwidth else text


# ---- one table -> lines ---------------------------------------------------------------

def lines_table(t: Table, rng: random.Random) -> list[str]:
    owner = t.owner()
    out: list[str] = []
    for r in range(t.n_rows):
        for c in range(t.n_cols):
            cell = owner.get((r, c))
            if cell is None or cell.col != c:
                continue
            out.append("\t" + (cell.text if cell.row == r else ""))
        out.append("")
    return out


def tsv_table(t: Table, rng: random.Random, mangle: bool) -> list[str]:
    owner = t.owner()
    out: list[str] = []
    for r in range(t.n_rows):
        fields: list[str] = []
        for c in range(t.n_cols):
            cell = owner.get((r, c))
            if cell is None:
                fields.append("")
            elif cell.col == c and cell.row == r:
                fields.append(cell.text.replace("\n", ""))
            else:
                fields.append("")
        line = "\t".join(fields)
        if mangle and rng.random() < 0.25:
            line = rng.choice([line + "\t", line.rstrip("\t") + "\t\t", line.lstrip("\t")
                               if t.key != "requests" else line + "\t"])
        out.append(line)
    if mangle and t.key == "requests" and rng.random() < 0.5:  # 三、本年（一）予以公开 merge
        for i, line in enumerate(out):
            if line.startswith("三、本年度办理结果\t（一）"):
                out[i] = line.replace("三、本年度办理结果\t", "三、本年", 1)
    return out


def pipe_table(t: Table, rng: random.Random) -> list[str]:
    out: list[str] = []
    for row in t.rows():
        parts = []
        for cell in row:
            parts.append(f"{cell.text.replace(chr(10), '')} |" + "|" * (cell.colspan - 1))
        line = " ".join(parts)
        if rng.random() < 0.3:
            line += " ||"
        out.append(line)
    return out


def md_table(t: Table, rng: random.Random) -> list[str]:
    owner = t.owner()
    out: list[str] = []
    bold = rng.random() < 0.3
    for r in range(t.n_rows):
        fields = []
        for c in range(t.n_cols):
            cell = owner.get((r, c))
            text = cell.text.replace("\n", "") if cell and cell.row == r and cell.col == c else ""
            if bold and cell and cell.header and text:
                text = f"**{text}**"
            fields.append(text)
        out.append("| " + " | ".join(fields) + " |")
        if r == 0:
            out.append("|" + "|".join(["---"] * t.n_cols) + "|")
    return out


def runs_table(t: Table) -> str:
    return "".join(c.text.replace("\n", "") for c in sorted(t.cells, key=lambda c: (c.row, c.col)))


# ---- pdftotext -layout ----------------------------------------------------------------

def _wide(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _wide(text))


_TOKEN = re.compile(r"[0-9A-Za-z.,%]+|.", re.S)
NO_LINE_START = set("，。、；：？！）》」』”’%")  # kinsoku: these hang at the line end instead


def _chunks(text: str, width: int) -> list[str]:
    """Greedy fill by display width; digit runs stay whole."""
    out, cur = [], ""
    for ch in _TOKEN.findall(text):
        if _wide(cur + ch) > width and cur and ch not in NO_LINE_START:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur] if cur else out


def layout_table(t: Table, rng: random.Random) -> list[str]:
    """Aligned columns; long labels wrapped; group labels floated mid-group."""
    owner = t.owner()
    out: list[str] = []
    label_cols = {"active": 1, "requests": 3, "appeals": 0}[t.key]
    head_rows = sorted({c.row for c in t.cells if c.header})
    heads = " ".join(c.text.replace("\n", "") for c in t.cells if c.header and c.col >= label_cols)
    if t.key == "requests":
        out += ["                                                   申请人情况", "",
                "（本列数据的勾稽关系为：第一项加第二项之和， 等", "于第三项加第四项之和）",
                "                     自然人        法人或其他组织            总计",
                "                          商业 科研 社会 法律", "                          企业 机构 公益 服务 其他",
                "                                    组织 机构", ""]
    elif t.key == "appeals":
        parts = heads.split()
        out += ["     " + "  ".join(parts[:2]), "   " + "  ".join(parts[2:9]), "   " + "  ".join(parts[9:]), ""]
    floated: list[tuple[int, str]] = []
    for r in range(t.n_rows):
        if r in head_rows and t.key != "active":
            continue
        row_cells = [owner.get((r, c)) for c in range(t.n_cols)]
        if t.key == "active" and all(c is None or c.header for c in row_cells):
            first = row_cells[0]
            if first and first.colspan == 4 and first.row == r:
                out += ["", "               " + first.text, ""]
            else:
                out.append("      " + "    ".join(c.text for c in t.rows()[r]))
            continue
        label_parts = []
        for c in range(label_cols):
            cell = owner.get((r, c))
            if cell is None or cell.col != c:
                continue
            if cell.rowspan > 1:
                if cell.row == r:
                    floated.append((r + cell.rowspan // 2, cell.text))
                continue
            label_parts.append(cell.text)
        values = [owner[(r, c)].text.strip() for c in range(label_cols, t.n_cols)
                  if owner[(r, c)].row == r and owner[(r, c)].col == c]
        for at, text in list(floated):
            if at == r:
                spaced = " ".join(text) if text.startswith("三") else text
                out.append(" " * rng.randint(1, 18) + spaced)
                floated.remove((at, text))
        label = "".join(label_parts)
        indent = " " * (0 if label.startswith(("一", "二", "四")) else rng.choice([5, 10, 18]))
        vals = "".join(f"{v:>{max(7, _wide(v) + 2)}}" for v in values)
        width = 34
        if _wide(indent + label) > 2 * width and label:
            pieces = _chunks(label, 2 * width - len(indent))
            for p in pieces[:-1]:
                out.append(indent + p)
            if rng.random() < 0.5:
                out.append(indent + pieces[-1])
                out.append(" " * (2 * width + 4) + vals.strip().replace("  ", "   "))
                continue
            label = pieces[-1]
        if label or vals.strip():
            out.append(_pad(indent + label, 2 * width) + vals)
    return out


def wrap(text: str, width: int, indent: str = "    ") -> list[str]:
    return _chunks(indent + text, 2 * width)


# ---- documents ------------------------------------------------------------------------

def render_text(truth: Truth, tables: dict[str, Table], kind: str, rng: random.Random) -> str:
    """One text dump of the whole report in the serialisation ``kind``."""
    fullwidth = kind in ("lines", "tsv") and rng.random() < 0.3
    out: list[str] = []
    if kind == "runs":
        nav = "当前位置： 首页 政务公开 政府信息公开 政府信息公开年报 " + truth.title + " 来源：本站 字号：大 中 小 "
        parts = [nav]
        for b in truth.blocks:
            if b.kind == "table":
                parts.append(runs_table(tables[b.key]))
            else:
                parts.append(b.text)
        joiner = rng.choice(["", " "])
        return joiner.join(parts) + " 打印本页 关闭窗口\n"
    for b in truth.blocks:
        if b.kind == "table":
            t = tables[b.key]
            if kind == "lines":
                out += lines_table(t, rng)
            elif kind == "tsv":
                out += tsv_table(t, rng, mangle=True)
            elif kind == "pipe":
                out += pipe_table(t, rng)
            elif kind == "md":
                out += [""] + md_table(t, rng) + [""]
            elif kind == "layout":
                out += layout_table(t, rng)
            continue
        text = prose(b.text, rng, fullwidth)
        if kind == "md" and b.kind in ("title", "heading"):
            text = ("# " if b.kind == "title" else "## ") + text
        if kind == "pipe":
            text = text.translate(ASCII_PUNCT)
        if kind == "layout":
            lead = " " * 18 if b.kind == "title" else ("     " if b.kind in ("heading", "subheading") else "")
            out += [lead + ln for ln in wrap(text, 30, "    " if b.kind == "para" else "")]
        else:
            out.append(text)
        if kind in ("md", "lines") or (kind == "tsv" and rng.random() < 0.5):
            out.append("")
    if kind == "layout":
        out = paginate(out, rng)
    return "\n".join(out) + "\n"


def paginate(lines: list[str], rng: random.Random) -> list[str]:
    """Page footers (-N-) and form feeds every ~45 lines, wherever the page ends: in prose,
    between a wrapped label and its values, or inside a table, as pdftotext writes them."""
    out: list[str] = []
    page_len = rng.randint(40, 50)
    page = 1
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % page_len == 0:
            out += ["", f"{' ' * rng.choice([26, 40, 60])}-{page}-", "\f"]
            page += 1
    return out + ["", f"{' ' * 26}-{page}-"]

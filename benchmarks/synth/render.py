"""Render one Truth into every format the project is judged on, bytes plus file name."""

from __future__ import annotations

import random

from .grid import CellStyle, build_tables
from .rich_formats import render_docx, render_html, render_pdf, scan_pdf
from .text_formats import render_text
from .truth import Truth

# format id -> (serialisation, file extension, encoding of the text dump)
FORMATS: dict[str, tuple[str, str, str | None]] = {
    "lines": ("lines", "txt", "utf-8"),
    "tsv": ("tsv", "txt", "utf-8"),
    "pipe": ("pipe", "txt", "utf-8"),
    "md": ("md", "md", "utf-8"),
    "layout": ("layout", "txt", "utf-8"),
    "runs": ("runs", "txt", "utf-8"),
    "docx": ("docx", "docx", None),
    "html": ("html", "html", None),
    "pdf": ("pdf", "pdf", None),
    "scan": ("scan", "pdf", None),  # the pdf rendering as page images; read only with gongkai[ocr]
    "tsv-gbk": ("tsv", "txt", "gbk"),
    "lines-utf16": ("lines", "txt", "utf-16"),
    "pipe-bom": ("pipe", "txt", "utf-8-sig"),
}


def render(truth: Truth, fmt: str, seed: int = 0) -> tuple[str, bytes]:
    """(file name, bytes) of ``truth`` in format ``fmt``; deterministic for (truth, fmt, seed)."""
    kind, ext, encoding = FORMATS[fmt]
    rng = random.Random(f"{truth.uid}:{fmt}:{seed}")
    text_dump = kind in ("lines", "tsv", "pipe", "md", "layout", "runs")
    style = CellStyle.draw(rng, text_dump)
    if kind == "runs":  # run-together digits carry no separator a unit could hide behind
        style.units = style.pad = style.bookmark = style.commas = False
        style.blank = "/" if style.blank == "" else style.blank
    tables = build_tables(truth.fmt, truth.cells, style, rng, wrap_head=kind in ("lines", "docx", "pdf", "scan"))
    name = f"{truth.uid}_{fmt}.{ext}"
    if kind == "docx":
        return name, render_docx(truth, tables, rng)
    if kind == "pdf":
        return name, render_pdf(truth, tables, rng)
    if kind == "scan":
        return name, scan_pdf(render_pdf(truth, tables, rng), rng)
    if kind == "html":
        page, charset = render_html(truth, tables, rng)
        return name, page.encode("gb18030" if charset == "gb2312" else charset)
    text = render_text(truth, tables, kind, rng)
    if encoding == "utf-16" or (encoding == "gbk" and rng.random() < 0.5):  # Windows tools write CRLF
        text = text.replace("\n", "\r\n")
    return name, text.encode(encoding or "utf-8")

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
    # tables drawn as pictures (72-120 dpi, 380-620 pt wide, cells aligned to the top); gongkai[ocr]
    "docx-pictures": ("docx-pictures", "docx", None),
    "html-pictures": ("html-pictures", "html", None),
    "tsv-gbk": ("tsv", "txt", "gbk"),
    "lines-utf16": ("lines", "txt", "utf-16"),
    "pipe-bom": ("pipe", "txt", "utf-8-sig"),
}


def _with_pictures(kind: str, truth: Truth, tables: dict, rng: random.Random) -> bytes:
    """The docx or web page with its tables replaced by pictures of them (benchmarks/bench_pictures)."""
    import lxml.html
    from bench_pictures import picture_tables, pictured_docx

    dpi, width = rng.choice((72, 96, 120)), rng.uniform(380, 620)
    if kind == "docx-pictures":
        return pictured_docx(render_docx(truth, tables, rng), dpi, None, width)[0]
    page, _ = render_html(truth, tables, rng)
    root = lxml.html.document_fromstring(page)
    picture_tables(root, dpi, None, width)
    for meta in root.iter("meta"):  # written out as UTF-8 below
        if meta.get("charset"):
            meta.set("charset", "utf-8")
        elif "charset" in (meta.get("content") or ""):
            meta.set("content", "text/html; charset=utf-8")
    return lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")


def render(truth: Truth, fmt: str, seed: int = 0) -> tuple[str, bytes]:
    """(file name, bytes) of ``truth`` in format ``fmt``; deterministic for (truth, fmt, seed)."""
    kind, ext, encoding = FORMATS[fmt]
    rng = random.Random(f"{truth.uid}:{fmt}:{seed}")
    text_dump = kind in ("lines", "tsv", "pipe", "md", "layout", "runs")
    style = CellStyle.draw(rng, text_dump)
    if kind == "runs":  # run-together digits carry no separator a unit could hide behind
        style.units = style.pad = style.bookmark = style.commas = False
        style.blank = "/" if style.blank == "" else style.blank
    tables = build_tables(truth.fmt, truth.cells, style, rng,
                          wrap_head=kind in ("lines", "docx", "pdf", "scan", "docx-pictures"))
    name = f"{truth.uid}_{fmt}.{ext}"
    if kind == "docx":
        return name, render_docx(truth, tables, rng)
    if kind in ("docx-pictures", "html-pictures"):
        return name, _with_pictures(kind, truth, tables, rng)
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

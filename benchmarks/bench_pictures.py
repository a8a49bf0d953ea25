"""Tables pasted as pictures into web pages and .docx files: how much survives OCR.

    python benchmarks/bench_pictures.py --out pictures.json     # ../shared web pages + the fixtures
    python benchmarks/bench_pictures.py page.html report.docx --dpi 72

Each data table of a web page or .docx is drawn as a picture (MuPDF lays the table's HTML out,
merged cells included, and renders it at ``--dpi``, 96 being a screenshot) and put where the
table stood: a data: URI <img> in the page, an inline picture in the .docx. Both versions are
analysed with the rule tagger; printed per file: seconds, pictures read, table cells the pictured
version gets right / wrong / misses against the original's real tables, and inconsistent checks.
Needs ``pip install 'gongkai[ocr]'``.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import html
import io
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pymupdf
from bench_ocr import compare_cells, inconsistent, totals

import gongkai
from gongkai.ingest import pictures as pictures_module
from gongkai.ingest.docx import is_layout_table, table_cells
from gongkai.ingest.html import _is_data_table
from gongkai.ingest.html import table_cells as html_table_cells
from gongkai.ingest.ocr import ocr_installed
from gongkai.ingest.resources import load

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures" / "reports"
DEFAULT_FILES = [*sorted((SHARED / "corpus" / "raw").glob("*.html")), FIXTURES / "d2019-portal.html",
                 FIXTURES / "a2021-merged.docx", FIXTURES / "a2021-numbered.docx"]
CSS = ("* {font-family: sans-serif; font-size: 10.5pt;} table {border-collapse: collapse;} "
       "td, th {border: 1px solid black; padding: 3px;}")


def grid_html(cells: list[Any]) -> str:
    """An HTML table from reader cells (row, col, spans, text)."""
    rows: dict[int, list[Any]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    body = "".join(
        "<tr>" + "".join(f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{html.escape(c.text)}</td>'
                         for c in sorted(rows[r], key=lambda c: c.col)) + "</tr>"
        for r in sorted(rows))
    return f"<table>{body}</table>"


def draw_table(table_html: str, dpi: int, jpeg: int | None = None, width: float = 560) -> bytes:
    """The table laid out by MuPDF on a page ``width`` points wide and cropped to it, as PNG (or JPEG)."""
    story = pymupdf.Story(html=table_html, user_css=CSS)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    page = pymupdf.Rect(0, 0, width + 40, 4000)
    _, filled = story.place(page + (20, 20, -20, -20))
    story.draw(writer.begin_page(page))
    writer.end_page()
    writer.close()
    rendered = pymupdf.open(stream=buffer.getvalue())
    clip = pymupdf.Rect(10, 10, width + 30, pymupdf.Rect(filled).y1 + 10)
    pix = rendered[0].get_pixmap(dpi=dpi, clip=clip, colorspace=pymupdf.csGRAY)
    return pix.tobytes("jpeg", jpg_quality=jpeg) if jpeg else pix.tobytes("png")


def picture_tables(root: Any, dpi: int, jpeg: int | None = None, width: float = 560) -> int:
    """Replace every data table under ``root`` (an lxml.html tree) by a data: URI picture of it."""
    replaced = 0
    for table in list(root.iter("table")):
        cells = html_table_cells(table)
        if not _is_data_table(table, cells, load()):
            continue
        picture = base64.b64encode(draw_table(grid_html(cells), dpi, jpeg, width)).decode()
        image = lxml.html.fromstring(f'<p><img src="data:image/{"jpeg" if jpeg else "png"};base64,{picture}"></p>')
        image.tail = table.tail
        table.getparent().replace(table, image)
        replaced += 1
    return replaced


def pictured_html(data: bytes, dpi: int, jpeg: int | None = None, width: float = 560) -> tuple[bytes, int]:
    """The page (UTF-8) with every data table replaced by a picture of it; the number of tables replaced."""
    root = lxml.html.document_fromstring(data)
    replaced = picture_tables(root, dpi, jpeg, width)
    return lxml.html.tostring(root, encoding="utf-8"), replaced


def pictured_docx(data: bytes, dpi: int, jpeg: int | None = None, width: float = 560) -> tuple[bytes, int]:
    """The .docx with every data table replaced by an inline picture of it."""
    document = docx.Document(io.BytesIO(data))
    replaced = 0
    for table in list(document.tables):
        element = table._tbl
        if is_layout_table(element, load().docx_max_table_cell_chars):
            continue
        paragraph = document.add_paragraph()
        paragraph.add_run().add_picture(io.BytesIO(draw_table(grid_html(table_cells(element)), dpi, jpeg, width)))
        element.addprevious(paragraph._p)
        element.getparent().remove(element)
        replaced += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), replaced


def measure(pipe: Any, path: Path, workdir: Path, dpi: int, jpeg: int | None, width: float) -> dict[str, Any]:
    data = path.read_bytes()
    changed, replaced = (pictured_docx if path.suffix == ".docx" else pictured_html)(data, dpi, jpeg, width)
    pictured = workdir / f"{path.stem}-pictures{path.suffix}"
    pictured.write_bytes(changed)
    original = pipe(str(path)).to_dict()
    begin = time.perf_counter()
    read = pipe(str(pictured)).to_dict()
    seconds = time.perf_counter() - begin
    warnings = {w["code"]: w["message"] for w in read["warnings"] if w["code"].startswith("pictures")}
    return {"file": path.name, "tables_pictured": replaced, "seconds": round(seconds, 1), "status": read["status"],
            **compare_cells(original, read), "warnings": warnings,
            "inconsistent_original": inconsistent(original), "inconsistent_pictures": inconsistent(read)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="web pages and .docx (default: corpus pages + fixtures)")
    parser.add_argument("--dpi", type=int, default=96, help="resolution the tables are drawn at (96: a screenshot)")
    parser.add_argument("--jpeg", type=int, default=None, help="JPEG quality of the pictures (default PNG)")
    parser.add_argument("--width", type=float, default=560, help="width the tables are laid out at, in points")
    parser.add_argument("--upscale-below", type=int, default=None,
                        help="override pictures.upscale_below of ingest.toml (0: never enlarge)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not ocr_installed():
        raise SystemExit("OCR is not installed: pip install 'gongkai[ocr]'")
    if args.upscale_below is not None:
        data = dataclasses.replace(load(), picture_upscale_below=args.upscale_below)
        pictures_module.load = lambda: data  # the PictureReader's default resources
    files = [p for p in (args.files or DEFAULT_FILES) if p.exists()]
    pipe = gongkai.load_pipeline(claims={"tagger": "rules"})
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            rows.append(measure(pipe, path, Path(tmp), args.dpi, args.jpeg, args.width))
            print(json.dumps(rows[-1], ensure_ascii=False))
    total = totals(rows, ("tables_pictured", "seconds"))
    print(json.dumps(total, ensure_ascii=False))
    if args.out:
        summary = {"dpi": args.dpi, "jpeg": args.jpeg, "width": args.width, "upscale_below": args.upscale_below, "files": rows, "total": total}
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Scanned PDFs: how much of a report survives OCR, measured against its own text layer.

    python benchmarks/bench_ocr.py --out ocr.json            # ../shared PDFs + the synthetic fixture
    python benchmarks/bench_ocr.py a.pdf b.pdf --scan-dpi 150 --jpeg 60

Each text PDF is turned into a "scan" (every page rendered to a grey image at
``--scan-dpi``, optionally tilted, speckled and JPEG-compressed, and put into a new PDF with no text
layer), then analysed twice with the rule tagger: the original through its
text layer, the scan through OCR. Printed per file: seconds per page for the
scan, table cells the scan gets right / wrong / misses against the text-layer
reading, character similarity of the two texts, and inconsistent checks in each.
Needs ``pip install 'gongkai[ocr]'``.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf

import gongkai
from gongkai.ingest.ocr import ocr_installed

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_PDFS = [*sorted((SHARED / "corpus" / "raw").glob("*.pdf")),
                REPO / "tests" / "fixtures" / "reports" / "c2021-pages.pdf"]


def scan(pdf: Path, dpi: int, jpeg: int | None, skew: float = 0.0, noise: float = 0.0, seed: int = 0,
         turn: int = 0) -> bytes:
    """The PDF as a scanner would give it: page images only, optionally tilted by ``skew`` degrees,
    with a fraction ``noise`` of pixels flipped to black or white, every page after the first
    turned by ``turn`` x 90° (sideways table pages), and JPEG-compressed."""
    from PIL import Image  # comes with the OCR extra

    rng = np.random.default_rng(seed)
    source = pymupdf.open(pdf)
    out = pymupdf.open()
    for page in source:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
        if skew:
            image = image.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
        if turn and page.number > 0:
            image = image.rotate(90 * turn, expand=True)
        if noise:
            pixels = np.array(image)
            flip = rng.random(pixels.shape) < noise
            pixels[flip] = rng.choice(np.array([0, 255], dtype=np.uint8), size=int(flip.sum()))
            image = Image.fromarray(pixels)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=jpeg) if jpeg else image.save(buffer, format="PNG")
        width, height = (page.rect.height, page.rect.width) if turn % 2 and page.number > 0 else page.rect[2:]
        target = out.new_page(width=width, height=height)
        target.insert_image(target.rect, stream=buffer.getvalue())
    return out.tobytes(deflate=True)


def tables_as_pictures(pdf: Path, dpi: int) -> bytes:
    """The PDF with every ruled table MuPDF finds replaced by a picture of it (text around kept): a
    table pasted into a Word report as an image, then printed to PDF."""
    document = pymupdf.open(pdf)
    for page in document:
        boxes = [pymupdf.Rect(table.bbox) for table in page.find_tables().tables]
        pictures = [page.get_pixmap(dpi=dpi, clip=box, colorspace=pymupdf.csGRAY).tobytes("png") for box in boxes]
        for box in boxes:
            page.add_redact_annot(box)
        if boxes:
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE)
        for box, picture in zip(boxes, pictures):
            page.insert_image(box, stream=picture)
    return document.tobytes()


def cells(record: dict[str, Any]) -> dict[str, float | None]:
    """Table cells as ``table.row.field`` -> value."""
    flat: dict[str, float | None] = {}
    for table, rows in (record.get("tables") or {}).items():
        for row, fields in rows.items():
            for name, value in fields.items():
                flat[f"{table}.{row}.{name}"] = value
    return flat


def compare_cells(text_layer: dict[str, Any], ocr: dict[str, Any]) -> dict[str, int]:
    truth, read = cells(text_layer), cells(ocr)
    known = {k: v for k, v in truth.items() if v is not None}
    right = sum(read.get(k) == v for k, v in known.items())
    wrong = sum(read.get(k) is not None and read.get(k) != v for k, v in known.items())
    extra = sum(v is not None and truth.get(k) is None for k, v in read.items())
    return {"cells": len(known), "right": right, "wrong": wrong, "missed": len(known) - right - wrong, "extra": extra}


def similarity(a: str, b: str) -> float:
    squeeze = str.maketrans("", "", " \t\n\u3000")
    return difflib.SequenceMatcher(None, a.translate(squeeze), b.translate(squeeze), autojunk=False).ratio()


def inconsistent(record: dict[str, Any]) -> int:
    return sum(check.get("verdict") == "inconsistent" for check in record.get("checks") or [])


def totals(rows: list[dict[str, Any]], counts: tuple[str, ...]) -> dict[str, Any]:
    """Per-file counts summed, with the share of cells right."""
    total: dict[str, Any] = {k: sum(r[k] for r in rows) for k in (*counts, "cells", "right", "wrong", "missed", "extra")}
    total["cell_accuracy"] = round(total["right"] / total["cells"], 4) if total["cells"] else None
    return total


def measure(pipe: Any, pdf: Path, workdir: Path, pictures: bool = False, **scan_options: Any) -> dict[str, Any]:
    scanned = workdir / f"{pdf.stem}-scan.pdf"
    scanned.write_bytes(tables_as_pictures(pdf, scan_options["dpi"]) if pictures else scan(pdf, **scan_options))
    text_layer = pipe(str(pdf)).to_dict()
    begin = time.perf_counter()
    ocr = pipe(str(scanned)).to_dict()
    seconds = time.perf_counter() - begin
    pages = pymupdf.open(pdf).page_count
    return {
        "file": pdf.name, "pages": pages, "seconds": round(seconds, 1), "seconds_per_page": round(seconds / pages, 2),
        "status": ocr["status"], "errors": [e["code"] for e in ocr["errors"]],
        **compare_cells(text_layer, ocr),
        "text_similarity": round(similarity(text_layer.get("text") or "", ocr.get("text") or ""), 4),
        "inconsistent_text_layer": inconsistent(text_layer), "inconsistent_ocr": inconsistent(ocr),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, help="text PDFs (default: ../shared corpus PDFs + fixture)")
    parser.add_argument("--scan-dpi", type=int, default=200, help="resolution of the simulated scan")
    parser.add_argument("--jpeg", type=int, default=None, help="JPEG quality of the scan images (default PNG)")
    parser.add_argument("--skew", type=float, default=0.0, help="tilt of the scanned pages in degrees")
    parser.add_argument("--noise", type=float, default=0.0, help="fraction of pixels flipped to black or white")
    parser.add_argument("--turn", type=int, default=0, help="pages after the first turned by this many x 90°")
    parser.add_argument("--ocr-dpi", type=int, default=200, help="ingest.ocr_dpi")
    parser.add_argument("--tables-as-pictures", action="store_true",
                        help="instead of scanning, replace each ruled table by its picture (at --scan-dpi)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not ocr_installed():
        raise SystemExit("OCR is not installed: pip install 'gongkai[ocr]'")
    pdfs = [p for p in (args.pdfs or DEFAULT_PDFS) if p.exists()]
    pipe = gongkai.load_pipeline(ingest={"ocr_dpi": args.ocr_dpi}, claims={"tagger": "rules"})
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            row = measure(pipe, pdf, Path(tmp), args.tables_as_pictures, dpi=args.scan_dpi, jpeg=args.jpeg,
                          skew=args.skew, noise=args.noise, turn=args.turn)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False))
    total = totals(rows, ("pages", "seconds"))
    total["seconds_per_page"] = round(total["seconds"] / total["pages"], 2) if total["pages"] else None
    summary = {"tables_as_pictures": args.tables_as_pictures, "scan_dpi": args.scan_dpi, "jpeg": args.jpeg, "skew": args.skew, "noise": args.noise, "turn": args.turn,
               "ocr_dpi": args.ocr_dpi, "files": rows, "total": total}
    print(json.dumps(total, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Scanned PDFs: OCR words laid out like a text layer, the tables read from them, and the refusals."""

from __future__ import annotations

import io

import numpy as np
import pymupdf
import pytest

import gongkai
from gongkai.config import IngestSettings
from gongkai.errors import GongkaiError
from gongkai.ingest import Ingest
from gongkai.ingest import ocr as ocr_module
from gongkai.ingest import stage as stage_module
from gongkai.ingest.ocr import (
    SPECKLE,
    _page_number,
    line_words,
    ocr_installed,
    page_angle,
    page_line_ranges,
    speckle,
    vertical_words,
)

needs_ocr = pytest.mark.skipif(not ocr_installed(), reason="OCR extra not installed (pip install 'gongkai[ocr]')")


def scanned(pdf: bytes, dpi: int = 200, tilt: float = 0.0, noise: float = 0.0, sideways: int | None = None,
            turn_by: int = 90) -> bytes:
    """The PDF with each page replaced by its image (tilted by ``tilt`` degrees, a fraction ``noise``
    of its pixels flipped, page number ``sideways`` turned by ``turn_by`` degrees): what a scanner gives."""
    source = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    rng = np.random.default_rng(0)
    for page in source:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        image = pix.tobytes("png")
        turn = page.number == sideways
        if tilt or noise or turn:
            from PIL import Image

            picture = Image.frombytes("L", (pix.width, pix.height), pix.samples).rotate(tilt, fillcolor=255)
            picture = picture.rotate(turn_by, expand=True) if turn else picture
            pixels = np.array(picture)
            flip = rng.random(pixels.shape) < noise
            pixels[flip] = rng.choice(np.array([0, 255], dtype=np.uint8), size=int(flip.sum()))
            buffer = io.BytesIO()
            Image.fromarray(pixels).save(buffer, format="PNG")
            image = buffer.getvalue()
        width, height = ((page.rect.height, page.rect.width) if turn and turn_by % 180
                         else (page.rect.width, page.rect.height))
        target = out.new_page(width=width, height=height)
        target.insert_image(target.rect, stream=image)
    return out.tobytes()


@pytest.fixture(scope="module")
def scan_bytes(fixtures_dir) -> bytes:
    return scanned((fixtures_dir / "reports" / "c2021-pages.pdf").read_bytes())


def test_line_words_keep_spaces_and_split_at_wide_gaps():
    box = lambda x0, x1: (x0, 0.0, x1, 10.0)  # noqa: E731
    chars = [("本", box(0, 10)), ("年", box(10, 20)), (" ", box(20, 22)), ("2", box(22, 27)),
             ("1", box(27, 32)), ("3", box(60, 65)), (" ", box(65, 70))]
    words = line_words(chars, line=4, split_gap=1.2)
    assert [w.text for w in words] == ["本年 21", "3"]  # a space stays in the sentence, a gap is a column
    assert [(w.x0, w.x1) for w in words] == [(0, 32), (60, 65)]
    assert [w.after_gap for w in words] == [False, True]
    assert {w.block for w in words} == {4}


def test_vertical_text_stacked_one_character_per_line():
    words = vertical_words("三、本年 度", (0.0, 0.0, 12.0, 60.0), line=2)
    assert [w.text for w in words] == list("三、本年度")
    assert [(w.y0, w.y1) for w in words] == [(0, 12), (12, 24), (24, 36), (36, 48), (48, 60)]


def test_page_angle_is_the_tilt_of_long_boxes():
    tilt = np.radians(1.5)
    boxes = []
    for y in (100, 200, 300, 400):
        corners = np.array([[50, y], [450, y], [450, y + 20], [50, y + 20]], dtype=float)
        turn = np.array([[np.cos(tilt), -np.sin(tilt)], [np.sin(tilt), np.cos(tilt)]])
        boxes.append(corners @ turn.T)
    boxes.append(np.array([[500, 90], [510, 90], [510, 300], [500, 300]], dtype=float))  # a vertical label
    assert page_angle(boxes) == pytest.approx(tilt, abs=1e-6)
    assert page_angle(boxes[:2]) == 0.0  # too few boxes to tell


def test_lone_number_in_the_bottom_margin_is_the_page_number():
    boxes = [(290.0, 800.0, 296.0, 808.0),  # "1" of "- 1 -", dashes unseen
             (100.0, 770.0, 200.0, 778.0), (400.0, 770.0, 406.0, 778.0)]  # a table row low on the page
    assert _page_number("1", 0, boxes, page_height=842.0)
    assert not _page_number("0", 2, boxes, page_height=842.0)  # has a label beside it
    assert not _page_number("1", 0, boxes, page_height=1000.0)  # not in the bottom tenth
    assert not _page_number("附件", 0, boxes, page_height=842.0)


def test_page_line_ranges_number_the_joined_text():
    pages = [["a", "b"], [], ["c", "d", "e"], ["f"]]
    local = {1: [(0, 0)], 2: [(0, 3)], 3: [(0, 1)]}
    assert page_line_ranges(pages, local) == ((3, 5), (6, 6))  # an empty page gives no lines
    assert page_line_ranges(pages, {2: [(1, 2)]}) == ((4, 4),)  # a picture's lines inside a page


def test_speckle_tells_noise_from_text():
    page = np.full((400, 400), 255, dtype=np.uint8)
    page[100:104, 50:350] = 0  # strokes: dark pixels with dark neighbours
    page[200:300, 198:202] = 0
    assert speckle(page) < SPECKLE
    rng = np.random.default_rng(1)
    noisy = page.copy()
    noisy[rng.random(page.shape) < 0.003] = 0
    assert speckle(noisy) > SPECKLE


def test_ocr_off_refuses_with_the_reason(scan_bytes):
    with pytest.raises(GongkaiError) as err:
        Ingest(IngestSettings(ocr="off"))("scan.pdf", scan_bytes)
    assert err.value.code == "no_text_layer"
    assert 'ingest.ocr = "off"' in str(err.value)


def test_missing_extra_is_named_in_the_error(scan_bytes, monkeypatch):
    monkeypatch.setattr(stage_module, "ocr_installed", lambda: False)
    with pytest.raises(GongkaiError) as err:
        Ingest()("scan.pdf", scan_bytes)
    assert "gongkai[ocr]" in str(err.value)


def test_too_many_pages_for_ocr_refused(scan_bytes):
    with pytest.raises(GongkaiError) as err:
        Ingest(IngestSettings(ocr_max_pages=2))("scan.pdf", scan_bytes)
    assert "ocr_max_pages" in str(err.value)


def test_bad_settings_rejected():
    with pytest.raises(ValueError, match="ingest.ocr"):
        IngestSettings(ocr="always")
    with pytest.raises(ValueError, match="ocr_dpi"):
        IngestSettings(ocr_dpi=20)


@needs_ocr
def test_blank_scan_is_still_no_text_layer(fixtures_dir):
    with pytest.raises(GongkaiError) as err:
        Ingest()(fixtures_dir / "bad" / "image-only.pdf")
    assert err.value.code == "no_text_layer"
    assert "OCR found no text" in str(err.value)


@needs_ocr
def test_scanned_report_reads_like_its_text_layer(scan_bytes, expected, tmp_path, fixtures_dir):
    """Every cell of the three tables comes back from the page images alone, with a warning that says so."""
    path = tmp_path / "c2021-scan.pdf"
    path.write_bytes(scan_bytes)
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    assert record["status"] == "ok"
    assert record["source"]["format"] == "pdf"
    assert "ocr_used" in [w["code"] for w in record["warnings"]]
    assert record["cells"] and all(c["source"].get("ocr") is True for c in record["cells"])
    truth = expected["reports"]["c2021"]["tables"]
    for table in ("active", "requests", "appeals"):
        assert {row: record["tables"][table].get(row) for row in truth[table]} == truth[table], table
    text_layer = gongkai.analyze(fixtures_dir / "reports" / "c2021-pages.pdf", claims={"tagger": "rules"}).to_dict()
    assert [s["key"] for s in record["sections"]] == [s["key"] for s in text_layer["sections"]]


@needs_ocr
def test_engine_loaded_once_per_process():
    assert ocr_module.ocr_engine(0) is ocr_module.ocr_engine(0)


@needs_ocr
def test_tilted_speckled_scan_still_gives_the_request_table(fixtures_dir, expected, tmp_path):
    """A page tilted by 1.5 degrees with 0.5% of its pixels flipped: rows are levelled and the speckle
    filtered before the table is read."""
    path = tmp_path / "c2021-tilted.pdf"
    path.write_bytes(scanned((fixtures_dir / "reports" / "c2021-pages.pdf").read_bytes(), tilt=1.5, noise=0.005))
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    truth = [(row, field, value) for row, fields in expected["reports"]["c2021"]["tables"]["requests"].items()
             for field, value in fields.items()]
    read = [(record["tables"]["requests"].get(row) or {}).get(field) for row, field, _ in truth]
    wrong = [(row, field, got) for (row, field, value), got in zip(truth, read) if got is not None and got != value]
    assert wrong == []  # here every cell the scan could not give is null, not a different number
    assert sum(got is not None for got in read) >= 0.9 * len(truth)


@needs_ocr
def test_page_scanned_sideways_is_turned_upright(fixtures_dir, expected, tmp_path):
    """The page holding most of the request table lies on its side (a landscape table scanned as is)."""
    pdf = (fixtures_dir / "reports" / "c2021-pages.pdf").read_bytes()
    page = next(p.number for p in pymupdf.open(stream=pdf, filetype="pdf") if "（一）予以公开" in p.get_text())
    path = tmp_path / "c2021-sideways.pdf"
    path.write_bytes(scanned(pdf, sideways=page))
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    truth = expected["reports"]["c2021"]["tables"]["requests"]
    assert {row: record["tables"]["requests"].get(row) for row in truth} == truth


def with_pages_as_images(pdf: bytes, numbers: set[int]) -> bytes:
    """A text PDF whose pages ``numbers`` are replaced by their images (a table pasted as a scan)."""
    source = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for page in source:
        if page.number in numbers:
            target = out.new_page(width=page.rect.width, height=page.rect.height)
            target.insert_image(target.rect, stream=page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY).tobytes("png"))
        else:
            out.insert_pdf(source, from_page=page.number, to_page=page.number)
    return out.tobytes()


@needs_ocr
def test_scanned_page_inside_a_text_pdf_is_read(fixtures_dir, expected, tmp_path):
    pdf = (fixtures_dir / "reports" / "c2021-pages.pdf").read_bytes()
    page = next(p.number for p in pymupdf.open(stream=pdf, filetype="pdf") if "（一）予以公开" in p.get_text())
    path = tmp_path / "c2021-mixed.pdf"
    path.write_bytes(with_pages_as_images(pdf, {page}))
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    truth = expected["reports"]["c2021"]["tables"]["requests"]
    assert {row: record["tables"]["requests"].get(row) for row in truth} == truth
    used = [w["message"] for w in record["warnings"] if w["code"] == "ocr_used"]
    assert len(used) == 1 and "1 of 3 pages" in used[0]
    by_ocr = {c["path"] for c in record["cells"] if c["source"].get("ocr")}
    # the first page holds table 2 and the first rows of table 3; the rest comes from the text layer
    assert {"active.rules.issued", "requests.granted.total"} <= by_ocr
    assert not by_ocr & {"requests.partially_granted.total", "appeals.review.total"}


def test_page_images_over_the_limit_leave_the_text_layer_standing(fixtures_dir, tmp_path):
    pdf = (fixtures_dir / "reports" / "c2021-pages.pdf").read_bytes()
    path = tmp_path / "c2021-two-images.pdf"
    path.write_bytes(with_pages_as_images(pdf, {1, 2}))
    doc = Ingest(IngestSettings(ocr_max_pages=1))(path)
    assert [i.code for i in doc.issues] == (["ocr_skipped"] if ocr_installed() else [])
    assert "一、总体情况" in doc.text and "四、政府信息公开行政复议、行政诉讼情况" not in doc.text


def test_text_pdf_without_page_images_is_not_sent_to_ocr(fixtures_dir, monkeypatch):
    monkeypatch.setattr(ocr_module, "ocr_engine", lambda threads: pytest.fail("OCR started on a text PDF"))
    doc = Ingest()(fixtures_dir / "reports" / "c2021-pages.pdf")
    assert doc.issues == ()


@needs_ocr
def test_page_scanned_upside_down_is_turned_over(fixtures_dir, expected, tmp_path):
    """Upside down, the table page's digits still read with high confidence; its labels do not."""
    pdf = (fixtures_dir / "reports" / "c2021-pages.pdf").read_bytes()
    page = next(p.number for p in pymupdf.open(stream=pdf, filetype="pdf") if "（一）予以公开" in p.get_text())
    path = tmp_path / "c2021-upside-down.pdf"
    path.write_bytes(scanned(pdf, sideways=page, turn_by=180))
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    truth = expected["reports"]["c2021"]["tables"]["requests"]
    assert {row: record["tables"]["requests"].get(row) for row in truth} == truth


@needs_ocr
def test_table_pictures_on_text_pages_are_read_where_they_stand(fixtures_dir, expected, tmp_path):
    """Each ruled table replaced by its picture, the text around it kept: the pictures are read into
    the page's lines at their place, and only their cells say ocr."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_ocr import tables_as_pictures

    path = tmp_path / "c2021-table-pictures.pdf"
    path.write_bytes(tables_as_pictures(fixtures_dir / "reports" / "c2021-pages.pdf", 150))
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    assert "pictures_read" in [w["code"] for w in record["warnings"]]
    truth = expected["reports"]["c2021"]["tables"]
    for table in ("active", "requests", "appeals"):
        assert {row: record["tables"][table].get(row) for row in truth[table]} == truth[table], table
    assert all(c["source"].get("ocr") for c in record["cells"])
    text_layer = gongkai.analyze(fixtures_dir / "reports" / "c2021-pages.pdf", claims={"tagger": "rules"}).to_dict()
    assert [s["key"] for s in record["sections"]] == [s["key"] for s in text_layer["sections"]]


@needs_ocr
def test_photo_on_a_text_page_is_not_read(monkeypatch, tmp_path):
    from PIL import Image

    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "Annual report text " * 3)
    noise = np.random.default_rng(0).integers(40, 170, (300, 400, 3)).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, format="PNG")
    page.insert_image(pymupdf.Rect(72, 120, 472, 420), stream=buffer.getvalue())
    path = tmp_path / "photo.pdf"
    path.write_bytes(document.tobytes())
    monkeypatch.setattr(ocr_module, "read_image", lambda *a, **k: pytest.fail("a photo was sent to OCR"))
    doc = Ingest()(path)
    assert "Annual report text" in doc.text and not doc.ocr_lines

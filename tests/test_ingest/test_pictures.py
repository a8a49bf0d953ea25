"""Tables pasted as pictures into .docx files and web pages: found, read by OCR where they stand, counted."""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

import gongkai
from gongkai.ingest import pictures as pictures_module
from gongkai.ingest.docx import picture_ids
from gongkai.ingest.html import local_picture
from gongkai.ingest.mht import file_name
from gongkai.ingest.ocr import ocr_installed
from gongkai.ingest.pictures import UNDECODABLE, Picture, PictureReader, decode_picture

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_pictures import draw_table, grid_html, pictured_docx, pictured_html  # noqa: E402  (the benchmark's picture maker)

needs_ocr = pytest.mark.skipif(not ocr_installed(), reason="OCR extra not installed (pip install 'gongkai[ocr]')")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def table_values(record: dict, expected: dict, report: str) -> None:
    truth = expected["reports"][report]["tables"]
    for table in ("active", "requests", "appeals"):
        assert {row: record["tables"][table].get(row) for row in truth[table]} == truth[table], table


def codes(record: dict) -> list[str]:
    return [w["code"] for w in record["warnings"]]


def test_picture_ids_in_order_deleted_runs_left_out():
    p = etree.fromstring(
        f'<w:p {NS}><w:r><w:drawing><a:blip r:embed="rId5"/></w:drawing></w:r>'
        '<w:del><w:r><w:drawing><a:blip r:embed="rId6"/></w:drawing></w:r></w:del>'
        '<w:r><w:pict><v:shape><v:imagedata r:id="rId7"/></v:shape></w:pict></w:r></w:p>')
    assert picture_ids(p) == ["rId5", "rId7"]


def test_local_picture_sources(tmp_path):
    folder = tmp_path / "page"
    (folder / "page.files").mkdir(parents=True)
    (folder / "page.files" / "image001.png").write_bytes(b"beside")
    (tmp_path / "secret.png").write_bytes(b"outside")
    data = base64.b64encode(b"inline").decode()
    assert local_picture(f"data:image/png;base64,{data}", None, {}, 100) == b"inline"
    assert local_picture("page.files/image001.png", folder, {}, 100) == b"beside"
    assert local_picture("page.files/image%30%301.png", folder, {}, 100) == b"beside"
    assert local_picture("../secret.png", folder, {}, 100) is None  # never outside the page's folder
    assert local_picture(str(tmp_path / "secret.png"), folder, {}, 100) is None
    assert local_picture("http://example.gov.cn/a.png", folder, {}, 100) is None  # never fetched
    assert local_picture("page.files/image001.png", folder, {}, 3) is None  # over the byte limit
    parts = {"file:///C:/x/page.files/image002.png": b"part", "image002.png": b"part"}
    assert local_picture("page.files/image002.png", None, parts, 100) == b"part"
    assert file_name("file:///C:/x/a%20b.png") == "a b.png"
    assert file_name("C:\\x\\y.png") == "y.png"


def test_decode_flattens_transparency_onto_white():
    from PIL import Image

    picture = Image.new("RGBA", (30, 20), (0, 0, 0, 0))
    picture.putpixel((5, 5), (0, 0, 0, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    decoded = decode_picture(buffer.getvalue(), 10**6)
    assert decoded.pixels.shape == (20, 30, 3)
    assert decoded.pixels[0, 0].tolist() == [255, 255, 255] and decoded.pixels[5, 5].tolist() == [0, 0, 0]
    assert decode_picture(b"not a picture", 10**6) is None
    assert decode_picture(buffer.getvalue(), 100).pixels is None  # over max_pixels: size only


def test_reader_counts_what_it_could_not_read(monkeypatch):
    pixels = np.full((400, 400, 3), 255, dtype=np.uint8)
    sizes = iter([Picture(400, 400, pixels), Picture(20, 20, pixels), Picture(400, 400), Picture(400, 400, pixels)])
    monkeypatch.setattr(pictures_module, "decode_picture", lambda data, limit: next(sizes))
    monkeypatch.setattr(PictureReader, "_ocr", lambda self, pixels: ["一、 1  2"])
    reader = PictureReader(None, max_pictures=1)
    assert reader(b"a") == ["一、 1  2"]  # read
    assert reader(b"b") == []  # an icon: not counted
    assert reader(b"c") == []  # not decodable
    assert reader(b"d") == []  # over the limit
    assert dict(reader.not_read) == {UNDECODABLE: 1, "more than ingest.ocr_max_pages = 1": 1}
    off = PictureReader('OCR is off (ingest.ocr = "off")')
    monkeypatch.setattr(pictures_module, "decode_picture", lambda data, limit: Picture(400, 400, pixels))
    assert off(b"e") == []
    [warning] = off.issues("x.docx", "ingest")
    assert warning.code == "pictures_not_read" and "OCR is off" in warning.message


def test_tables_as_pictures_with_ocr_off_say_so(fixtures_dir, tmp_path):
    data, replaced = pictured_docx((fixtures_dir / "reports" / "a2021-merged.docx").read_bytes(), 96)
    path = tmp_path / "a2021-pictures.docx"
    path.write_bytes(data)
    record = gongkai.analyze(path, ingest={"ocr": "off"}, claims={"tagger": "rules"}).to_dict()
    assert replaced == 3
    assert "pictures_not_read" in codes(record) and record["status"] == "partial"  # tables not found


@needs_ocr
def test_docx_tables_as_pictures_are_read(fixtures_dir, expected, tmp_path):
    """Small (72 dpi, read enlarged) and narrow (400 pt: labels wrap below their figures)."""
    data, _ = pictured_docx((fixtures_dir / "reports" / "a2021-merged.docx").read_bytes(), 72, width=400)
    path = tmp_path / "a2021-pictures.docx"
    path.write_bytes(data)
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    assert record["status"] == "ok" and "pictures_read" in codes(record)
    table_values(record, expected, "a2021")
    text = record["text"]
    for key, path in (("active", "active.rules.issued"), ("requests", "requests.new_received.total"),
                      ("appeals", "appeals.review.total")):
        section = next(s for s in record["sections"] if s["key"] == key)
        line = next(c["source"]["line"] for c in record["cells"] if c["path"] == path)
        first, last = text.count("\n", 0, section["start"]) + 1, text.count("\n", 0, section["end"]) + 1
        assert first <= line <= last, key  # each picture read where it stood
    assert all(c["source"].get("ocr") is True for c in record["cells"])
    plain = gongkai.analyze(fixtures_dir / "reports" / "a2021-merged.docx", claims={"tagger": "rules"}).to_dict()
    assert not any("ocr" in c["source"] for c in plain["cells"])


@needs_ocr
def test_web_page_tables_as_pictures_beside_the_page_are_read(fixtures_dir, expected, tmp_path):
    page, _ = pictured_html((fixtures_dir / "reports" / "d2019-portal.html").read_bytes(), 96)
    (tmp_path / "page.files").mkdir()
    for n, data in enumerate(_inline_pictures(page)):
        (tmp_path / "page.files" / f"image{n}.png").write_bytes(data)
    saved = _point_at_files(page)
    (tmp_path / "page.html").write_bytes(saved)
    record = gongkai.analyze(tmp_path / "page.html", claims={"tagger": "rules"}).to_dict()
    assert "pictures_read" in codes(record)
    table_values(record, expected, "d2019")


@needs_ocr
def test_web_archive_pictures_are_read(fixtures_dir, expected, tmp_path):
    page, _ = pictured_html((fixtures_dir / "reports" / "d2019-portal.html").read_bytes(), 96)
    parts = [f"Content-Type: image/png\nContent-Transfer-Encoding: base64\n"
             f"Content-Location: file:///C:/report.files/image{n}.png\n\n{base64.encodebytes(data).decode()}"
             for n, data in enumerate(_inline_pictures(page))]
    html_part = ("Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                 + base64.encodebytes(_point_at_files(page)).decode())
    mht = ('MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"\n\n'
           + "".join(f"--B\n{part}\n" for part in [html_part, *parts]) + "--B--\n")
    path = tmp_path / "report.mht"
    path.write_text(mht)
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    assert "pictures_read" in codes(record)
    table_values(record, expected, "d2019")


def _inline_pictures(page: bytes) -> list[bytes]:
    import re

    return [base64.b64decode(m) for m in re.findall(rb"data:image/png;base64,([A-Za-z0-9+/=]+)", page)]


def _point_at_files(page: bytes) -> bytes:
    """The page as Word saves it: each picture a file in a folder beside it."""
    import re

    count = iter(range(1000))
    return re.sub(rb"data:image/png;base64,[A-Za-z0-9+/=]+", lambda m: f"page.files/image{next(count)}.png".encode(),
                  page)


def test_web_page_pictures_not_at_hand_are_counted_not_fetched(tmp_path):
    page = ("<html><body><div id='zoom'><p>一、总体情况</p><p>本年度共主动公开政府信息120条。</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><p><img src='http://portal.example/t3.png'></p>"
            "<img src='icon.png' width='16' height='16'></div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    [warning] = [w for w in record["warnings"] if w["code"] == "pictures_not_read"]
    assert "1 picture(s)" in warning["message"] and "never fetched" in warning["message"]


def test_photos_are_not_read(monkeypatch):
    """Mostly dark or mid-tone pixels: an event photo, not a table; skipped, not counted."""
    rng = np.random.default_rng(0)
    photo = rng.integers(40, 170, (600, 800, 3)).astype(np.uint8)
    monkeypatch.setattr(pictures_module, "decode_picture", lambda data, limit: Picture(800, 600, photo))
    monkeypatch.setattr(PictureReader, "_ocr", lambda self, pixels: pytest.fail("a photo was sent to OCR"))
    reader = PictureReader(None)
    assert reader(b"photo") == [] and not reader.not_read and reader.read == 0


@needs_ocr
def test_report_published_as_pictures_keeps_its_container(fixtures_dir, expected, tmp_path):
    """A page that is one heading and three table pictures: the pictures weigh as text, so the
    article container is chosen, not the footer that holds more characters."""
    import docx

    from gongkai.ingest.docx import table_cells

    tables = docx.Document(fixtures_dir / "reports" / "a2021-merged.docx").tables
    images = "".join(f"<p><img src='data:image/png;base64,{base64.b64encode(draw_table(grid_html(table_cells(t._tbl)), 96)).decode()}'></p>"
                     for t in tables)
    footer = "主办单位：青禾市人民政府办公室 承办单位：青禾市大数据中心 版权所有 地址：青禾市临川路一号 电话：0000-0000000"
    page = (f"<html><body><div class='nav'><a href='/'>首页</a></div><div id='zoom'><p>一、总体情况</p>{images}</div>"
            f"<div class='footer'><p>{footer} 网站标识码：0000000000 备案号：某ICP备00000000号</p></div></body></html>")
    path = tmp_path / "pictures-only.html"
    path.write_text(page, encoding="utf-8")
    record = gongkai.analyze(path, claims={"tagger": "rules"}).to_dict()
    assert "pictures_read" in codes(record)
    table_values(record, expected, "a2021")

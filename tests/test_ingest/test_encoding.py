"""Every encoding variant of one report decodes to the same text and records its encoding."""

import pytest

from gongkai.config import IngestSettings
from gongkai.ingest import Ingest
from gongkai.ingest.encoding import decode

SAMPLE = "一、总体情况\n（一）主动公开。全年主动公开政府信息1206条。\n\t规章\n\t0\n"


@pytest.mark.parametrize(("encoding", "recorded"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
])
def test_decode_round_trip(encoding, recorded):
    decoded = decode(SAMPLE.encode(encoding))
    assert decoded.text == SAMPLE
    assert decoded.encoding == recorded


def test_declared_charset_wins_for_html():
    decoded = decode("<meta charset='gbk'><p>政府信息公开</p>".encode("gbk"), declared="gbk")
    assert (decoded.text, decoded.encoding, decoded.confidence) == (
        "<meta charset='gbk'><p>政府信息公开</p>", "gb18030", 1.0)


@pytest.mark.parametrize("name", [
    "a2021-lines-utf16.txt", "a2021-lines-utf16le-nobom.txt", "a2021-lines-utf8bom.txt", "b2019-tsv-gbk.txt",
    "d2019-portal-gbk.html",
])
def test_fixture_variants_match_utf8_text(fixtures_dir, expected, name):
    want = expected["files"][f"reports/{name}"]
    doc = Ingest()(fixtures_dir / "reports" / name)
    twin = Ingest()(fixtures_dir / want["same_text_as"])
    assert doc.source.encoding == want["encoding"]
    assert doc.text == twin.text
    assert doc.issues == ()


def test_damaged_gbk_gives_warning_and_keeps_text(tmp_path):
    damaged = SAMPLE.encode("gbk") + b"\xff\x80\xfe\x7f"
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    doc = Ingest()(path)
    assert [i.code for i in doc.issues] == ["encoding_uncertain"]
    assert doc.issues[0].severity == "warning"
    assert doc.source.encoding == "gb18030"
    assert doc.text.startswith(SAMPLE)


def test_confidence_threshold_comes_from_settings(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(SAMPLE.encode("gbk") + b"\xff\x80")
    lenient = IngestSettings(min_encoding_confidence=0.0)
    assert Ingest(lenient)(path).issues == ()

"""examples/ (README demo): every synthetic example ingests cleanly with its title."""

import hashlib
from pathlib import Path

import pytest

from gongkai.ingest import Ingest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["linchuan-police-2024.txt", "shiliu-market-2023.docx",
                                  "huaian-environment-2020.html", "bailuwan-district-2024.pdf"])
def test_example_ingests(expected, name):
    want = expected["examples"][f"examples/{name}"]
    doc = Ingest()(ROOT / "examples" / name)
    assert doc.issues == ()
    assert doc.meta.title == want["title"]
    assert doc.source.format == name.rsplit(".", 1)[1]


def test_source_fields_and_stage_contract(tmp_path):
    data = "某局2023年政府信息公开工作年度报告\r\n一、总体情况\r\n".encode("gbk")
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    stage = Ingest()
    doc = stage(path)
    assert (stage.requires, stage.assigns) == ((), ("source", "text", "grids", "meta"))
    assert doc.source.path == str(path)
    assert (doc.source.sha256, doc.source.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert (doc.source.format, doc.source.encoding) == ("txt", "gb18030")
    assert doc.text == "某局2023年政府信息公开工作年度报告\n一、总体情况\n"
    assert doc.meta.title == "某局2023年政府信息公开工作年度报告"
    assert doc.issues == ()
    assert stage(path, data) == doc  # bytes passed in give the same record

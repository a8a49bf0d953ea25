"""examples/ (README demo): every synthetic example ingests cleanly with its title."""

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

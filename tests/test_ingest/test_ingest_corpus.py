"""Real reports in ../shared: every seed and corpus file ingests with text (never copied here)."""

import csv
import hashlib
import re
from pathlib import Path

import pytest

from gongkai.ingest import Ingest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
pytestmark = pytest.mark.corpus


def _files() -> list:
    if not SHARED.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared not present"), id="no-shared")]
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "raw").iterdir())
    return [pytest.param(f, id=f.name) for f in files]


def _manifest() -> dict[str, dict[str, str]]:
    with open(SHARED / "corpus" / "manifest.tsv", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.mark.parametrize("path", _files())
def test_real_report_ingests(path):
    doc = Ingest()(path)
    assert doc.issues == ()
    assert "政府信息公开" in doc.text
    assert len(doc.text.strip()) > 1000
    assert doc.meta.title is not None and "报告" in doc.meta.title
    if path.parent.name == "raw":
        row = _manifest()[path.stem]
        assert doc.source.format == row["format"]
        assert doc.source.sha256 == row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def _numbers_after(text: str, label: str) -> list[str]:
    line = next(x for x in text.split("\n") if x.strip().startswith(label))
    return re.findall(r"\d+(?:\.\d+)?", line[line.index(label) + len(label):])


@pytest.mark.parametrize("report", ["r0004", "r0006"])
@pytest.mark.parametrize("label", ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                                   "四、结转下年度继续办理", "行政处罚"])
def test_pdf_table_numbers_match_reference_text(report, label):
    """Row values as in the corpus' reference text (pdftotext -layout), in separate columns."""
    if not SHARED.is_dir():
        pytest.skip("../shared not present")
    reference = (SHARED / "corpus" / "text" / f"{report}.txt").read_text("utf-8")
    doc = Ingest()(SHARED / "corpus" / "raw" / f"{report}.pdf")
    want = _numbers_after(reference, label)
    assert want
    assert _numbers_after(doc.text, label) == want
    line = next(x for x in doc.text.split("\n") if x.strip().startswith(label))
    assert re.split(r"\s{2,}", line.strip())[1:] == want


@pytest.mark.parametrize("pair", [("r0018", "r0005"), ("r0019", "r0007")])
def test_html_page_holds_same_table_numbers_as_its_text_dump(pair):
    """The manifest says r0018/r0019 are the HTML pages of r0005/r0007: same digits in the same order."""
    if not SHARED.is_dir():
        pytest.skip("../shared not present")
    html, txt = (Ingest()(SHARED / "corpus" / "raw" / f"{name}.{ext}") for name, ext in zip(pair, ("html", "txt")))
    start = "三、收到和处理政府信息公开申请情况"
    digits = [re.sub(r"\D", "", d.text[d.text.index(start):]) for d in (html, txt)]
    assert digits[0] == digits[1]
    assert len(html.grids) == 3

"""Real reports in ../shared: every table value as verified by reading the report.

tests/golden_real/<file>.json holds numbers only (no report text): the tables, the issue
codes, the rows left null as ambiguous and the genuine arithmetic errors of each report.
"""

import json
from pathlib import Path

import pytest

from gongkai.checks.table_internal import table_checks
from gongkai.config import CheckSettings
from gongkai.document import Document, Source
from gongkai.tables import TableStage

TESTS = Path(__file__).resolve().parents[1]
SHARED = TESTS.parents[0] / ".." / "shared"
GOLDEN = TESTS / "golden_real"
STAGE = TableStage()


def _source(name: str) -> Path:
    folder = "seeds" if name[0].isdigit() else "corpus/text"
    return SHARED / folder / name


def _golden() -> list[str]:
    return sorted(p.name[: -len(".json")] for p in GOLDEN.glob("*.json"))


def _read(path: Path) -> Document:
    if not path.exists():
        pytest.skip(f"../shared not present ({path.name})")
    return STAGE(Document(source=Source(str(path)), text=path.read_text("utf-8")))


def _paths(tables: dict) -> dict[str, object]:
    return {f"{t}.{r}.{f}": v for t, rows in tables.items() for r, fields in rows.items() for f, v in fields.items()}


@pytest.mark.corpus
@pytest.mark.parametrize("name", _golden())
def test_real_report_tables_match_reading(name):
    doc = _read(_source(name))
    golden = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    got, want = _paths(doc.tables.to_dict()), _paths(golden["tables"])
    assert {k: got.get(k, "absent") for k in want if got.get(k, "absent") != want[k]} == {}
    assert set(got) == set(want)
    assert doc.meta.table_format == golden["table_format"]
    assert sorted(i.code for i in doc.issues) == golden["issues"]
    ambiguous = sorted(i.message.split("row '")[1].split("'")[0] for i in doc.issues if i.code == "ambiguous_cells")
    assert ambiguous == golden["ambiguous_rows"]
    checks = table_checks(doc.tables, doc.cells, CheckSettings())
    bad = sorted([c.rule, c.table_path, c.left, c.right] for c in checks if c.verdict == "inconsistent")
    assert bad == golden["inconsistent"]


@pytest.mark.corpus
def test_genuine_errors_found_in_the_corpus():
    """洪泽区 2023 (r0004) prints 总计 0 for two appeal groups whose parts are not 0."""
    doc = _read(SHARED / "corpus" / "text" / "r0004.txt")
    checks = table_checks(doc.tables, doc.cells, CheckSettings())
    assert sorted((c.table_path, c.left, c.right) for c in checks if c.verdict == "inconsistent") == [
        ("appeals.litigation_after_review.total", 0, 5), ("appeals.review.total", 0, 11)]


@pytest.mark.corpus
@pytest.mark.parametrize("crawled, html", [("r0005.txt", "r0018.txt"), ("r0007.txt", "r0019.txt")])
def test_run_together_text_agrees_with_the_html_of_the_same_report(crawled, html):
    runs = _paths(_read(SHARED / "corpus" / "text" / crawled).tables.to_dict())
    cells = _paths(_read(SHARED / "corpus" / "text" / html).tables.to_dict())
    differ = {k for k in cells if runs.get(k) != cells[k]}
    assert differ == {"active.normative_documents.issued", "active.normative_documents.repealed",
                      "active.normative_documents.in_force"}  # left null in the crawl: ambiguous
    assert all(runs[k] is None for k in differ)


@pytest.mark.corpus
@pytest.mark.parametrize("raw, text", [("r0004.pdf", "r0004.txt"), ("r0006.pdf", "r0006.txt"),
                                       ("r0018.html", "r0018.txt")])
def test_raw_files_through_ingest_match_the_text_dumps(raw, text):
    from gongkai.config import resolve
    from gongkai.ingest import Ingest

    path = SHARED / "corpus" / "raw" / raw
    if not path.exists():
        pytest.skip("../shared/corpus not present")
    doc = STAGE(Ingest(resolve().ingest)(str(path)))
    golden = json.loads((GOLDEN / f"{text}.json").read_text("utf-8"))
    assert _paths(doc.tables.to_dict()) == _paths(golden["tables"])

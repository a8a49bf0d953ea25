"""A few hundred hostile inputs through `gongkai batch`: one record each, no crash (about a minute)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_batch.py"
CASES = 300


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("fuzz_batch", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_batch"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fuzz_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz") / "out"
    return _fuzz_module().fuzz(CASES, workers=2, seed=11, out=out, big=False, timeout=60.0), out


def test_fuzz_batch_gives_one_record_per_input_and_never_crashes(fuzz_result):
    result, _ = fuzz_result
    assert result["crash"] is None
    assert (result["cases"], result["crashes"], result["missing"], result["doubled"]) == (CASES, 0, 0, 0)
    assert sum(result["status"].values()) == CASES


def test_fuzz_batch_finds_no_internal_fault(fuzz_result):
    """A stage or reader that raises, or a dead worker, shows up here with its seed and mutation."""
    result, _ = fuzz_result
    assert [case for case in result["fault_cases"] if not case[3].startswith("timeout")] == []


def test_fuzz_cases_cover_every_mutation_and_outcome(fuzz_result):
    result, out = fuzz_result
    rows = (out / "cases.tsv").read_text("utf-8").splitlines()[1:]
    mutations = {row.split("\t")[2] for row in rows}
    assert len(rows) == CASES
    assert {"special", "truncate", "bitflip", "insert", "delete", "splice", "repeat",
            "wrong_extension"} <= mutations
    assert set(result["status"]) == {"error", "ok", "partial"}
    assert {"empty_document", "encrypted", "no_text_layer", "unsupported_format"} <= set(result["issue_codes"])


def test_fault_scan_tells_internal_failures_from_bad_input():
    fuzz = _fuzz_module()
    unhandled = {"errors": [{"code": "unreadable",
                             "message": "[unreadable] a.pdf: cannot be read as a ? file (KeyError: 'x')."}]}
    handled = {"errors": [{"code": "unreadable",
                           "message": "[unreadable] a.pdf: cannot be read as a pdf file (FileDataError: broken)."}]}
    stage = {"errors": [], "warnings": [{"code": "stage_failed", "message": "[stage_failed] stage 'tables' failed"}]}
    assert fuzz.faults(unhandled) == ["unreadable: [unreadable] a.pdf: cannot be read as a ? file (KeyError: 'x')."]
    assert fuzz.faults(handled) == []
    assert fuzz.faults(stage) == ["stage_failed: [stage_failed] stage 'tables' failed"]


def test_parquet_takes_a_cell_too_big_for_float(tmp_path):
    """Found by fuzzing (digit_run on a txt table): a 400-digit cell crashed write_parquet at the end of a batch."""
    import pyarrow.parquet as pq

    from gongkai.document import Cell, Document, Source
    from gongkai.outputs.tabular import write_parquet

    huge = int("9" * 400)
    doc = Document(source=Source(path="a.txt", sha256="ab" * 32, format="txt"),
                   cells=(Cell("requests.new_received.total", huge, "9" * 400, {"line": 3}),
                          Cell("requests.carried_over.total", 2**70, str(2**70), {"line": 4})))
    write_parquet([doc.to_dict()], tmp_path)
    assert [c["value"] for c in pq.read_table(tmp_path / "cells.parquet").to_pylist()] == [None, float(2**70)]


def test_batch_worker_reads_pdf_like_the_api(tmp_path):
    """Workers skip pymupdf's layout model and warm up first; the PDF record must not change."""
    import json

    from gongkai.batch import BatchOptions, run
    from gongkai.config import resolve
    from gongkai.pipeline import load_pipeline

    pdf = Path(__file__).resolve().parent / "fixtures" / "reports" / "c2021-pages.pdf"
    settings = resolve(claims={"tagger": "rules"})
    run([str(pdf)], BatchOptions(out=tmp_path, quiet=True), settings)
    record = json.loads((tmp_path / "records.jsonl").read_text("utf-8"))
    expected = load_pipeline(settings)(str(pdf)).to_dict()
    assert record["status"] == expected["status"] == "ok"
    assert record == expected

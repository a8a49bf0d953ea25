"""The synthetic hold-out generator (benchmarks/synth): truth arithmetic and renderings.

The harness is only worth its numbers if its truth is right: consistent where nothing was
planted, broken exactly at the planted cells, and every shown value present in the files.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from gongkai.document import Check, Document, Source

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synth.narrative import Claim  # noqa: E402
from synth.render import render  # noqa: E402
from synth.score import TextIndex, same_value, score_narrative, score_table_internal  # noqa: E402
from synth.tables import failing_identities, identities  # noqa: E402
from synth.truth import Truth, make_truth  # noqa: E402

# seeds picked so that one report is clean and one has planted errors (asserted below)
CLEAN, PLANTED = 1, 0


@pytest.fixture(scope="module")
def truths():
    return {seed: make_truth(seed, p_table_error=0.3) for seed in (CLEAN, PLANTED)}


def test_clean_truth_is_arithmetically_consistent(truths):
    truth = truths[CLEAN]
    assert truth.errors == []
    assert failing_identities(truth.fmt, truth.cells) == []


def test_planted_errors_break_exactly_their_identities(truths):
    truth = truths[PLANTED]
    assert [e.path for e in truth.errors] == ["requests.other_overdue_correction.research_institution"]
    err = truth.errors[0]
    assert (err.balanced, err.shown) == (0, 1)
    assert truth.failing() == ["requests_results_sum.research_institution",
                               "requests_row_total.other_overdue_correction"]
    restored = dict(truth.cells, **{err.path: err.balanced})
    assert failing_identities(truth.fmt, restored) == []


def test_every_identity_of_a_clean_truth_balances_per_format():
    for seed in range(12):
        truth = make_truth(seed, p_table_error=0.0)
        assert truth.failing() == [], seed
        assert len(identities(truth.fmt)) == (7 * 2 + (25 if truth.fmt == "2021" else 23) + 3)


@pytest.mark.parametrize("fmt", ["tsv", "docx"])
def test_rendered_file_shows_every_requests_value(truths, fmt):
    truth = truths[PLANTED]
    name, data = render(truth, fmt)
    assert name == f"s00000_{fmt}.{'txt' if fmt == 'tsv' else 'docx'}"
    if fmt == "tsv":
        text = data.decode("utf-8")
        line = next(ln for ln in text.splitlines() if ln.startswith("一、本年新收政府信息公开申请数量"))
        values = [v.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
                  for v in line.split("\t")[3:10]]
    else:
        import docx
        table = next(t for t in docx.Document(io.BytesIO(data)).tables if t.cell(0, 3).text == "申请人情况")
        row = table.rows[3]
        assert row.cells[0].text == row.cells[2].text == "一、本年新收政府信息公开申请数量"  # merged
        values = [c.text.replace("[bookmark: _GoBack]", "") for c in row.cells[3:10]]
    expected = [str(truth.cells[f"requests.new_received.{c}"]) for c in
                ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                 "legal_service_org", "other_org", "total")]
    assert values == expected


def test_same_value_keeps_null_apart_from_zero():
    assert same_value(None, None) and same_value(None, "<missing>")
    assert not same_value(None, 0) and not same_value(0, None)
    assert same_value(148.743504, 148.743504) and same_value(3, 3.0)


def test_text_index_finds_anchor_across_wrap_and_fullwidth():
    index = TextIndex.build("前文。全年收到依申\n请公开事项 １２ 件，其余")
    assert index.find("全年收到依申请公开事项12件") == (3, 20)


def test_table_internal_scoring_matches_implicated_cells(truths):
    truth = truths[PLANTED]
    check = SimpleNamespace(kind="table_internal", verdict="inconsistent",
                            table_path="requests.other_overdue_correction.total", left=1, right=2, rule="r")
    stray = SimpleNamespace(kind="table_internal", verdict="inconsistent",
                            table_path="appeals.review.total", left=1, right=2, rule="a")
    scored = score_table_internal(truth, SimpleNamespace(checks=[check, stray]))
    assert (scored["planted"], scored["detected"], scored["missed"]) == (1, 1, [])
    assert scored["expected_rule_fired"] == 0  # rule "r" is not requests_row_total / requests_results_sum
    assert [a["table_path"] for a in scored["false_alarms"]] == ["appeals.review.total"]


def test_narrative_scoring_counts_planted_hits_and_trap_alarms():
    claims = [Claim("table", "requests_new_received", "收到申请7件", 7, ("requests.new_received.total",), 6, True),
              Claim("trap", "trap_consult", "解答咨询40件", 40)]
    text = "全年收到申请7件。另解答咨询40件。"
    truth = Truth(uid="t", agency="a", year=2023, fmt="2021", cells={}, errors=[], blocks=[], claims=claims,
                  sections=())
    hit = Check(kind="narrative_table", rule="r", verdict="inconsistent", table_path="requests.new_received.total",
                table_value=6, narrative_value=7, clause_start=0, clause_end=9)
    trap = Check(kind="narrative_table", rule="r", verdict="inconsistent", table_path="requests.new_received.total",
                 table_value=6, narrative_value=40, clause_start=9, clause_end=18)
    res = score_narrative(truth, Document(source=Source(path="x"), text=text, checks=(hit, trap)))
    assert res["counts"]["narrative_table"] == {"predicted": 2, "true_positive": 1}
    table_row, trap_row = res["claims"]
    assert (table_row["linked"], table_row["verdict"], table_row["expected"]) == (True, "inconsistent", "inconsistent")
    assert (trap_row["flagged"], trap_row["linked_cell"]) == (True, "requests.new_received.total")


def test_runs_decodability_counts_splits_under_row_arithmetic():
    from synth.score import _splits
    assert _splits("60051", 3, lambda v: True) == 2  # 60|0|51 or 600|5|1
    assert _splits("640020470", 7, lambda v: v[6] == sum(v[:6])) == 1  # 64|0|0|2|0|4|70


def test_eval_tables_real_scores_hand_gold_and_skips_absent_texts(tmp_path: Path) -> None:
    import json

    import eval_tables_real

    shared = tmp_path / "shared"
    (shared / "seeds").mkdir(parents=True)
    example = Path(__file__).resolve().parents[1] / "examples" / "linchuan-police-2024.txt"
    (shared / "seeds" / "x.txt").write_bytes(example.read_bytes())
    gold = tmp_path / "gold"
    gold.mkdir()
    cells = {"requests.new_received.total": 23, "requests.carried_over.total": 3,  # the report says 2
             "appeals.review.nonexistent": 1}
    (gold / "x.json").write_text(json.dumps({"doc": "seeds/x.txt", "table_format": "2021", "cells": cells,
                                             "ambiguous": {"requests.carried_over.total": "glued digits"}}))
    (gold / "y.json").write_text(json.dumps({"doc": "external/e9999", "cells": {}}))
    result = eval_tables_real.main(["--gold", str(gold), "--shared_dir", str(shared)])
    (report,) = result["reports"]
    assert (report["cells"], report["exact"], report["clear_cells"], report["clear_exact"]) == (3, 1, 2, 1)
    assert report["why"] == {"wrong": 1, "missing": 1}
    assert result["skipped_no_text"] == ["external/e9999"]

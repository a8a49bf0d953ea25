"""TableStage end to end on synthetic reports in every serialisation and on the made fixtures."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
import tables_synth as synth

from gongkai.config import TableSettings
from gongkai.document import Document, Grid, GridCell, Meta, Source
from gongkai.tables import TableStage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STAGE = TableStage()
EXPECTED = {"active": synth.ACTIVE, "requests": synth.REQUESTS, "appeals": synth.APPEALS}


def _run(text: str, **meta) -> Document:
    return STAGE(Document(source=Source("synthetic.txt"), text=text, meta=Meta(**meta)))


def _diff(got: dict, expected: dict) -> list[str]:
    return [f"{t}.{r}.{f}: {v} != {got.get(t, {}).get(r, {}).get(f, 'absent')}"
            for t, rows in expected.items() for r, fields in rows.items() for f, v in fields.items()
            if got.get(t, {}).get(r, {}).get(f, "absent") != v]


def test_stage_declares_its_contract():
    assert (TableStage.requires, TableStage.assigns) == (("text",), ("tables", "cells"))


@pytest.mark.parametrize("style", ["lines", "tsv", "pipe", "markdown", "layout", "html"])
def test_every_serialisation_reads_back_exactly(style):
    doc = _run(synth.report(style))
    assert _diff(doc.tables.to_dict(), EXPECTED) == []
    assert doc.meta.table_format == "2021"
    assert [i.code for i in doc.issues] == []
    assert doc.tables.get("requests.other_total.total") == 2  # derived from its three items in 2021


def test_run_together_table_is_solved_but_weak_rows_stay_null():
    doc = _run(synth.report("runs"))
    expected = json.loads(json.dumps(EXPECTED))
    expected["active"]["normative_documents"] = {"issued": None, "repealed": None, "in_force": None}
    assert _diff(doc.tables.to_dict(), expected) == []
    assert [(i.code, i.severity) for i in doc.issues] == [("ambiguous_cells", "warning")]
    cell = next(c for c in doc.cells if c.path == "active.normative_documents.issued")
    assert (cell.value, cell.raw) == (None, "2114")
    split = next(c for c in doc.cells if c.path == "requests.new_received.total")
    assert (split.value, split.raw, split.source["run"], split.source["piece"]) == (21, "21", "153011121", 6)


def test_cells_carry_raw_and_source_lines():
    text = synth.report("tsv")
    doc = _run(text)
    cell = next(c for c in doc.cells if c.path == "requests.new_received.total")
    line = text.split("\n")[cell.source["line"] - 1]
    assert (cell.value, cell.raw) == (21, "21")
    assert line.startswith("一、本年新收") and line.split("\t")[cell.source["col"]] == "21"
    assert len(doc.cells) == 10 + 25 * 7 + 15  # other_total is derived, not a printed cell


def test_blank_and_marks_stay_null_with_raw_kept():
    text = synth.report("tsv").replace("四、结转下年度继续办理\t2\t1\t0\t0\t0\t0\t3",
                                       "四、结转下年度继续办理\t2\t/\t-\t无\t0\t0\t")
    doc = _run(text)
    row = doc.tables.requests["carried_forward"]
    assert list(row.values()) == [2, None, None, None, 0, 0, None]
    raws = [c.raw for c in doc.cells if c.path.startswith("requests.carried_forward.")]
    assert raws == ["2", "/", "-", "无", "0", "0", ""]


def test_missing_and_unknown_rows_are_reported_without_shifting_others():
    text = synth.report("tsv")
    text = "\n".join(line for line in text.split("\n") if "重复申请" not in line)
    text = text.replace("8.属于行政查询事项", "8.属于行政咨询事项")
    doc = _run(text)
    codes = sorted((i.code, i.message) for i in doc.issues)
    assert [c for c, _ in codes] == ["row_missing", "row_missing", "unknown_row_label"]
    assert "not_processed_repeated" in codes[0][1] + codes[1][1]
    assert doc.tables.requests["not_processed_publication"]["total"] == 0
    assert doc.tables.requests["unavailable_not_held"]["total"] == 7


def test_2019_format_reads_its_own_rows():
    text = (synth.report("tsv").replace("本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
            .replace("2023年", "2020年"))
    lines = [line for line in text.split("\n") if "1.申请人" not in line and "2.申请人" not in line]
    text = "\n".join(lines).replace("\t\t3.其他\t0\t0\t0\t1\t0\t1\t2", "\t（六）其他处理\t0\t0\t0\t1\t0\t1\t2")
    doc = _run(text)
    assert doc.meta.table_format == "2019"
    assert doc.tables.active["normative_documents"] == {"made": 2, "published": 1, "total_published": 14}
    assert doc.tables.requests["other_total"]["total"] == 2
    assert "other_misc" not in doc.tables.requests


def test_pre_2019_report_gets_a_warning_not_a_table():
    doc = _run("某县2012年政府信息公开工作年度报告\n二、主动公开政府信息情况\n全年公开信息120条。\n")
    assert (doc.tables.to_dict(), doc.cells, doc.meta.table_format) == ({}, (), None)
    assert [(i.code, i.severity) for i in doc.issues] == [("table_not_found", "warning")]
    assert doc.status == "ok"


def test_2023_report_without_tables_is_partial():
    doc = _run("某县2023年政府信息公开工作年度报告\n一、总体情况\n全年公开信息120条。\n")
    assert [(i.code, i.severity) for i in doc.issues] == [("table_not_found", "partial")] * 3
    assert doc.status == "partial"


def test_ingest_grids_are_used_with_their_coordinates():
    rows = [["信息内容", "本年处理决定数量"], ["行政许可", "12"], ["行政处罚", "5"]]
    cells = tuple(GridCell(text=t, row=r, col=c, line=10 + r, page=2)
                  for r, row in enumerate(rows) for c, t in enumerate(row))
    doc = Document(source=Source("x.docx"), text="某局2023年政府信息公开工作年度报告\n",
                   grids=(Grid(index=0, cells=cells, origin="docx"),))
    out = STAGE(doc)
    assert out.tables.active == {"licensing": {"decisions": 12}, "penalty": {"decisions": 5}}
    cell = next(c for c in out.cells if c.path == "active.penalty.decisions")
    assert cell.source == {"grid": 0, "line": 12, "row": 2, "col": 1, "page": 2}


def test_search_budget_is_a_setting():
    tiny = TableStage(TableSettings(max_run_splits=1))
    doc = tiny(Document(source=Source("s.txt"), text=synth.report("runs")))
    assert doc.tables.get("requests.new_received.total") is None
    assert {i.code for i in doc.issues} == {"ambiguous_cells"}


def test_meta_is_replaced_not_mutated():
    doc = Document(source=Source("s.txt"), text=synth.report("pipe"), meta=Meta(agency="某局", year=2023))
    out = STAGE(doc)
    assert out.meta == replace(doc.meta, table_format="2021") and doc.meta.table_format is None


def _fixture_files() -> list[tuple[str, str]]:
    path = FIXTURES / "expected.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text("utf-8"))
    return [(rel, meta["report"]) for rel, meta in data["files"].items() if "report" in meta]


@pytest.mark.parametrize("rel, report", _fixture_files())
def test_made_fixtures_read_back_exactly(rel, report):
    from gongkai.config import resolve
    from gongkai.ingest import Ingest

    expected = json.loads((FIXTURES / "expected.json").read_text("utf-8"))["reports"][report]
    doc = STAGE(Ingest(resolve().ingest)(str(FIXTURES / rel)))
    assert _diff(doc.tables.to_dict(), expected["tables"]) == []
    assert doc.meta.table_format == expected["table_format"]
    assert [i.code for i in doc.issues if i.stage == "tables"] == []


def test_printed_subtotal_column_is_read_past():
    rows = []
    for line in synth.report("tsv").split("\n"):
        cells = line.split("\t")
        if line.startswith("\t\t商业企业"):
            cells.append("小计")
        elif len(cells) >= 8 and len(cells) < 15 and all(c.isdigit() for c in cells[-7:]):
            values = cells[-7:]
            subtotal = str(sum(int(v) for v in values[1:6]))
            cells = cells[:-7] + values[:6] + [subtotal, values[6]]
        rows.append("\t".join(cells))
    doc = _run("\n".join(rows))
    assert _diff(doc.tables.to_dict(), EXPECTED) == [] and doc.issues == ()


def test_layout_row_with_blank_cells_keeps_its_columns():
    def line(label: str, values: list[str]) -> str:
        return label.ljust(40) + "".join(v.rjust(8) for v in values)

    rows = [(labels[-1], [str(v) for v in synth.REQUESTS[key].values()]) for key, labels in synth.REQUEST_ROWS]
    text_rows = []
    for label, values in rows:
        if label == "（一）予以公开":
            values = values[:5] + [""] + values[6:]  # 其他 printed blank
        text_rows.append(line(label.replace("（一）予以公开", "三、本年度办理结果（一）予以公开"), values).rstrip())
    text = ("某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况  自然人  总计\n"
            + "\n".join(text_rows) + "\n五、存在的主要问题及改进情况\n")
    doc = _run(text)
    granted = dict(synth.REQUESTS["granted"], other_org=None)
    assert doc.tables.requests["granted"] == granted
    assert doc.tables.requests["results_total"] == synth.REQUESTS["results_total"]
    cell = next(c for c in doc.cells if c.path == "requests.granted.other_org")
    assert (cell.value, cell.raw) == (None, "")


def test_prose_after_the_appeals_table_is_not_read_into_it():
    text = synth.report("tsv").replace("五、存在的主要问题及改进情况", "下一步\t将于2024年\t完成3项整改")
    doc = _run(text)
    assert doc.tables.appeals == synth.APPEALS


def test_no_year_and_no_header_words_reads_the_current_template():
    text = (synth.report("tsv").replace("2023年", "").replace("本年制发件数\t本年废止件数\t现行有效件数", "一\t二\t三")
            .replace("本年收费金额", "金额"))
    text = "\n".join(line for line in text.split("\n") if "申请人" not in line and "3.其他" not in line)
    doc = _run(text)
    assert doc.meta.table_format == "2021"
    assert doc.tables.active["normative_documents"] == synth.ACTIVE["normative_documents"]
    assert doc.tables.requests["results_total"]["total"] == 20


def test_run_together_misprinted_row_is_read_when_its_digits_decode_one_way():
    text = synth.report("runs").replace("4.保护第三方合法权益1000001", "4.保护第三方合法权益1000002")
    doc = _run(text)
    expected = json.loads(json.dumps(EXPECTED))
    expected["active"]["normative_documents"] = {"issued": None, "repealed": None, "in_force": None}
    expected["requests"]["withheld_third_party"]["total"] = 2  # as printed: the checks flag it
    assert _diff(doc.tables.to_dict(), expected) == []
    assert [i.code for i in doc.issues] == ["ambiguous_cells"]


def test_run_together_table_2_keeps_blank_marks_and_signs():
    text = ("某局2020年政府信息公开工作年度报告二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量"
            "本年新公开数量对外公开总数量规章000第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
            "行政许可5-2其他对外管理服务事项450/第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费72-4"
            "三、收到和处理政府信息公开申请情况")
    doc = _run(text)
    assert doc.tables.active == {"rules": {"made": 0, "published": 0, "total_published": 0},
                                 "licensing": {"previous_items": 5, "change": None, "decisions": 2},
                                 "other_services": {"previous_items": None, "change": None, "decisions": None},
                                 "admin_fees": {"previous_items": 72, "change": -4}}
    mark = next(c for c in doc.cells if c.path == "active.licensing.change")
    assert (mark.raw, mark.source["run"]) == ("-", "-2")
    assert [i.message for i in doc.issues if i.code == "ambiguous_cells"] == [
        "[ambiguous_cells] table 'active' row 'other_services': run-together digits '450 /' split 2 ways "
        "that all satisfy the arithmetic; cells left null."]


def test_layout_blank_cell_is_placed_by_display_columns():
    """pdftotext-like lines padded by display width (a CJK character takes two columns)."""
    def line(label: str, values: list[str]) -> str:
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)
        return label + " " * (68 - width) + "".join(v.rjust(7) for v in values)

    text = "\n".join([
        "某局2020年政府信息公开工作年度报告", "二、主动公开政府信息情况", "               第二十条第（一）项",
        "      信息内容    本年新制作数量    本年新公开数量    对外公开总数量",
        line("     规章", ["0", "0", "0"]), line("     规范性文件", ["1", "2", "3"]), "",
        "               第二十条第（五）项", "      信息内容    上一年项目数量    本年增/减    处理决定数量",
        line("                  行政许可", ["21", "0", "20316"]),
        line("                  其他对外管理服务事项", ["45", "0", ""]).rstrip(),
        "三、收到和处理政府信息公开申请情况"])
    doc = _run(text)
    assert doc.tables.active["other_services"] == {"previous_items": 45, "change": 0, "decisions": None}
    assert doc.tables.active["licensing"] == {"previous_items": 21, "change": 0, "decisions": 20316}


def test_note_after_table_3_rows_is_not_an_unknown_row():
    text = synth.report("runs").replace("2100003四、", "2100003注：本年度按时答复率100%。四、")
    doc = _run(text)
    assert doc.tables.requests["carried_forward"]["total"] == 3
    assert [i.code for i in doc.issues] == ["ambiguous_cells"]


def _scaled_runs_report(factor: int) -> str:
    """The runs report with every table-3 figure times ``factor`` (sums still hold)."""
    text = synth.report("runs")
    for key, labels in synth.REQUEST_ROWS:
        old = "".join(str(v) for v in synth.REQUESTS[key].values())
        new = "".join(str(v * factor) for v in synth.REQUESTS[key].values())
        text = text.replace(labels[-1] + old, labels[-1] + new, 1)
    return text


def test_long_run_together_rows_are_solved_within_each_rows_budget():
    doc = _run(_scaled_runs_report(1001))  # runs of up to 27 digits
    expected = {k: {c: v * 1001 for c, v in row.items()} for k, row in synth.REQUESTS.items()}
    assert {k: v for k, v in doc.tables.requests.items() if k != "other_total"} == expected
    assert [i.code for i in doc.issues] == ["ambiguous_cells"]  # table 2's 2114 only


def test_run_together_misprinted_table_4_reads_as_printed():
    doc = _run(synth.report("runs").replace("210141000100000", "210151000100000"))
    assert doc.tables.appeals["review"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 5}
    assert doc.tables.appeals["litigation_direct"]["total"] == 1


@pytest.mark.parametrize("style", ["tsv", "lines"])
def test_row_printed_with_only_blank_cells_is_null_not_missing(style):
    text = synth.report(style).replace("行政事业性收费\t36.85", "行政事业性收费\t").replace("\t36.85\n", "\t\n")
    doc = _run(text)
    assert doc.tables.active["admin_fees"] == {"amount_10k_yuan": None}
    cell = next(c for c in doc.cells if c.path == "active.admin_fees.amount_10k_yuan")
    assert (cell.value, cell.raw, cell.source["col"]) == (None, "", 1)
    assert [i.code for i in doc.issues] == []


def test_blank_row_in_a_grid_of_its_own_is_null_not_missing():
    def grid(index: int, rows: list[list[str]]) -> Grid:
        return Grid(index=index, cells=tuple(GridCell(text=t, row=r, col=c, line=10 * index + r)
                                             for r, row in enumerate(rows) for c, t in enumerate(row)),
                    origin="docx")
    doc = Document(source=Source("x.docx"), text="某局2023年政府信息公开工作年度报告\n", grids=(
        grid(0, [["信息内容", "本年处理决定数量"], ["行政许可", "12"]]),
        grid(1, [["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", ""]])))
    out = STAGE(doc)
    assert out.tables.active["admin_fees"] == {"amount_10k_yuan": None}
    cell = next(c for c in out.cells if c.path == "active.admin_fees.amount_10k_yuan")
    assert (cell.raw, cell.source) == ("", {"grid": 1, "line": 11, "row": 1, "col": 1})
    assert "row_missing" not in [i.code for i in out.issues if "admin_fees" in i.message]

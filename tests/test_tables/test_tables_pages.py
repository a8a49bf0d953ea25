"""Table 3 in a text PDF broken over two pages: every row read, none lost to the break."""

import re

import pytest
import tables_synth as synth
from pdf_pages import Break, table3_pdf

from gongkai.document import Grid, GridCell
from gongkai.ingest import Ingest
from gongkai.tables import TableStage
from gongkai.tables.pages import furniture_rows, line_counts
from gongkai.tables.rows import first_line_values
from gongkai.tables.schema import load_schema

STAGE = TableStage()


def _read(brk: Break):
    return STAGE(Ingest()("issue-pdf-page-break.pdf", table3_pdf(brk)))


@pytest.mark.parametrize("brk", [
    Break("withheld_internal_affairs"),  # header, footer, repeated header between two rows
    Break("not_processed_confirmation", split_row=True),  # label split: "…重新出具" | "已获取信息 0 0 …"
    Break("other_overdue_fee", split_row=True, footer="第 {n} 页"),
    Break("other_overdue_correction", split_row=True, first_lines=2),  # figures before the break
    Break("withheld_internal_affairs", footer="{n}"),  # a bare page number before the next page
    Break("not_processed_confirmation", split_row=True, footer="{n}"),
    Break("partially_granted", split_row=True, repeat_header=False, footer="{n}"),
    Break("withheld_internal_affairs", footer="{n}", repeat_header=False, running_header=False),
], ids=str)
def test_rows_across_a_page_break_are_all_read(brk):
    doc = _read(brk)
    assert doc.tables.requests == {**synth.REQUESTS, "other_total": doc.tables.requests["other_total"]}
    assert doc.tables.requests["other_total"]["total"] == 2
    assert [i.code for i in doc.issues if "requests" in i.message] == []


def test_split_row_keeps_its_cells_provenance():
    doc = _read(Break("not_processed_confirmation", split_row=True))
    cell = next(c for c in doc.cells if c.path == "requests.not_processed_confirmation.total")
    line = doc.text.split("\n")[cell.source["line"] - 1]
    assert (cell.value, cell.raw) == (0, "0") and line.strip().startswith("已获取信息")


def _layout(lines: list[str]) -> Grid:
    cells = [GridCell(text=t, row=r, col=c, line=r + 1)
             for r, line in enumerate(lines) for c, t in enumerate(re.split(r" {2,}", line.strip()))]
    return Grid(0, tuple(cells), "layout")


def test_furniture_rows_are_header_repeats_running_headers_and_page_numbers():
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人  法人或其他组织  总计",
             "一、本年新收  3  0  3", "某局2023年报告正文页眉", "5", "申请人情况", "自然人  法人或其他组织  总计",
             "二、上年结转  1  0  1", "- 2 -", "3.其他", "（七）总计  4  0  4"]
    outside = line_counts("某局2023年报告正文页眉\n信息内容本年处理决定数量")
    schema = load_schema()
    dropped = furniture_rows(_layout(lines), outside, schema.cues("requests"), schema.page_line)
    assert dropped == {4, 5, 6, 7, 9}


def test_table_2_block_headers_are_not_page_headers():
    lines = ["第二十条第（五）项", "信息内容  上一年项目数量  处理决定数量", "行政许可  3  0  3",
             "第二十条第（六）项", "信息内容  上一年项目数量  处理决定数量", "行政处罚  1  0  1"]
    schema = load_schema()
    # the repeated column header goes (as a header repeat); the block's own title stays
    assert furniture_rows(_layout(lines), line_counts(""), schema.cues("active"), schema.page_line) == {4}


def test_a_repeated_line_naming_a_row_is_kept():
    lines = ["申请人情况", "一、本年新收  3  0  3", "（五）不予处理重复申请", "2.重复申请  1  0  1"]
    outside = line_counts("（五）不予处理重复申请")
    schema = load_schema()
    assert furniture_rows(_layout(lines), outside, schema.cues("requests"), schema.page_line) == set()


def test_first_line_values_refuses_anything_but_a_lone_trailing_figure():
    row = [GridCell("1", 0, 1, line=4), GridCell("0", 0, 2, line=4), GridCell("1", 0, 3, line=4)]
    assert first_line_values(row + [GridCell("7", 1, 0, line=5)], 3) == row
    assert first_line_values(row + [GridCell("7", 1, 0, line=5), GridCell("2", 1, 1, line=5)], 3) is None
    assert first_line_values(row[:2] + [GridCell("7", 1, 0, line=5)], 3) is None

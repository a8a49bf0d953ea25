"""docx: paragraphs and tables in body order; merged cells once, with spans and offsets."""

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from gongkai.ingest import Ingest
from gongkai.ingest.numbering import format_counter

NAME = "a2021-merged.docx"


@pytest.fixture(scope="module")
def doc(fixtures_dir):
    return Ingest()(fixtures_dir / "reports" / NAME)


def test_source_title_and_grid_shapes(doc, expected):
    want = expected["files"][f"reports/{NAME}"]
    assert (doc.source.format, doc.source.encoding) == ("docx", None)
    assert doc.meta.title == want["title"]
    assert [[g.n_rows, g.n_cols] for g in doc.grids] == want["grids"]
    assert [g.origin for g in doc.grids] == ["docx"] * 3
    assert [g.index for g in doc.grids] == [0, 1, 2]
    assert doc.issues == ()


def test_merged_cells_have_spans(doc):
    cells = {(c.row, c.col): c for c in doc.grids[1].cells}
    assert (cells[0, 0].rowspan, cells[0, 0].colspan) == (3, 3)
    assert (cells[0, 3].text, cells[0, 3].colspan) == ("申请人情况", 7)
    assert (cells[1, 4].text, cells[1, 4].colspan) == ("法人或其他组织", 5)
    assert (cells[1, 9].text, cells[1, 9].rowspan) == ("总计", 2)
    assert cells[2, 4].text == "商业企业"  # two paragraphs in one cell
    assert (cells[5, 0].text, cells[5, 0].rowspan) == ("三、本年度办理结果", 22)
    assert (cells[7, 1].text, cells[7, 1].rowspan) == ("（三）不予公开", 8)
    assert (6, 0) not in cells and (8, 1) not in cells  # covered positions hold no cell


def test_values_and_rows_in_text(doc, expected):
    row = expected["reports"]["a2021"]["tables"]["requests"]["new_received"]
    cells = {(c.row, c.col): c for c in doc.grids[1].cells}
    assert [cells[3, col].text for col in range(3, 10)] == [str(v) for v in row.values()]
    line = "\t".join(["一、本年新收政府信息公开申请数量", *map(str, row.values())])
    assert line in doc.text.split("\n")


def test_cell_offsets_and_lines_point_into_text(doc):
    for grid in doc.grids:
        assert doc.text[grid.start:grid.end].split("\n")[0].startswith(grid.rows()[0][0].text)
        for cell in grid.cells:
            assert doc.text[cell.start:cell.end] == cell.text
            assert cell.line == doc.line_of(cell.start)


def test_paragraphs_normalised_in_order(doc):
    lines = doc.text.split("\n")
    assert lines[0:2] == ["青禾市临川区公安局", "2023年政府信息公开工作年度报告"]
    assert "（一）主动公开。2023年，本机关通过门户网站主动公开政府信息1206条，发布政策解读24篇。" in lines
    assert lines.index("二、主动公开政府信息情况") < lines.index("第二十条第（一）项") < lines.index(
        "三、收到和处理政府信息公开申请情况")


def test_list_numbers_drawn_by_word_are_written(fixtures_dir, doc):
    numbered = Ingest()(fixtures_dir / "reports" / "a2021-numbered.docx")
    assert numbered.text == doc.text
    assert "一、总体情况" in numbered.text.split("\n")
    assert "（二）改进情况。下一步将健全栏目巡查机制，丰富图解、问答等解读形式。" in numbered.text.split("\n")


@pytest.mark.parametrize(("n", "fmt", "want"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (20, "chineseCounting", "二十"), (105, "chineseCounting", "一百零五"), (3, "chineseLegalSimplified", "叁"),
    (2, "ideographTraditional", "乙"), (3, "decimalEnclosedCircle", "③"), (4, "upperRoman", "IV"),
    (28, "lowerLetter", "bb"), (7, "decimal", "7"), (7, "decimalZero", "07"),
])
def test_format_counter(n, fmt, want):
    assert format_counter(n, fmt) == want


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _wrap_in_sdt(element) -> None:
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    element.addprevious(sdt)
    sdt[0].append(element)


def test_content_controls_revisions_and_tabs():
    document = docx.Document()
    first = document.add_paragraph("一、总体情况")
    _wrap_in_sdt(first._p)
    edited = document.add_paragraph("本年公开")
    edited._p.append(parse_xml(f"<w:del {nsdecls('w')}><w:r><w:delText>删除的</w:delText></w:r></w:del>"))
    edited._p.append(parse_xml(f"<w:moveFrom {nsdecls('w')}><w:r><w:t>移走的</w:t></w:r></w:moveFrom>"))
    edited._p.append(parse_xml(f"<w:ins {nsdecls('w')}><w:r><w:t>信息12条</w:t></w:r></w:ins>"))
    edited._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>(2023</w:t><w:noBreakHyphen/><w:t>2024)</w:t></w:r>"))
    table = document.add_table(rows=2, cols=2)
    for r, texts in enumerate((("规章", "0"), ("行政许可", "15"))):
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
    _wrap_in_sdt(table.rows[1]._tr)
    _wrap_in_sdt(table.rows[0].cells[1]._tc)
    doc = Ingest()("controls.docx", _docx_bytes(document))
    assert doc.text.split("\n") == ["一、总体情况", "本年公开信息12条(2023-2024)", "规章\t0", "行政许可\t15"]
    assert [(c.row, c.col, c.text) for c in doc.grids[0].cells] == [
        (0, 0, "规章"), (0, 1, "0"), (1, 0, "行政许可"), (1, 1, "15")]


def test_page_framed_in_a_one_cell_table_reads_as_paragraphs():
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "某局2023年政府信息公开工作年度报告"
    frame.add_paragraph("一、总体情况")
    inner = frame.add_table(rows=2, cols=2)
    for r, texts in enumerate((("信息内容", "本年制发件数"), ("规章", "3"))):
        for c, text in enumerate(texts):
            inner.cell(r, c).text = text
    frame.add_paragraph("二、主动公开政府信息情况")
    doc = Ingest()("framed.docx", _docx_bytes(document))
    # python-docx puts an empty paragraph after a table inside a cell, as Word does
    assert doc.text.split("\n") == ["某局2023年政府信息公开工作年度报告", "一、总体情况", "信息内容\t本年制发件数",
                                    "规章\t3", "", "二、主动公开政府信息情况"]
    assert [(g.n_rows, g.n_cols, g.index) for g in doc.grids] == [(2, 2, 0)]
    assert doc.meta.title == "某局2023年政府信息公开工作年度报告"

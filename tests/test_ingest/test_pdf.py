"""Text PDFs: layout lines whose columns are kept apart, tables read across page breaks."""

import re

import pymupdf
import pytest

from gongkai.ingest import Ingest

NAME = "c2021-pages.pdf"


@pytest.fixture(scope="module")
def doc(fixtures_dir):
    return Ingest()(fixtures_dir / "reports" / NAME)


def _numeric_rows(text: str, first: str, last: str, width: int) -> list[list[str]]:
    """The trailing ``width`` number columns of each line between two headings."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == first)
    end = next(i for i, line in enumerate(lines) if line.strip() == last)
    rows = []
    for line in lines[start:end]:
        tokens = re.split(r"\s{2,}", line.strip())
        if len(tokens) >= width and all(re.fullmatch(r"\d+(\.\d+)?", t) for t in tokens[-width:]):
            rows.append(tokens[-width:])
    return rows


def test_source_and_title(doc, expected):
    assert (doc.source.format, doc.source.encoding) == ("pdf", None)
    assert doc.meta.title == expected["files"][f"reports/{NAME}"]["title"]
    assert doc.issues == ()


def test_request_table_rows_in_order_across_pages(doc, expected, fixtures_dir):
    pdf = pymupdf.open(fixtures_dir / "reports" / NAME)
    pages = [p.number for p in pdf for label in ("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理")
             if label in p.get_text()]
    assert pages[0] < pages[1]  # the fixture really breaks the table over a page
    requests = expected["reports"]["c2021"]["tables"]["requests"]
    got = _numeric_rows(doc.text, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", 7)
    assert got == [[str(v) for v in row.values()] for row in requests.values()]


def test_appeals_row(doc, expected):
    appeals = expected["reports"]["c2021"]["tables"]["appeals"]
    got = _numeric_rows(doc.text, "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", 15)
    assert got == [[str(v) for group in appeals.values() for v in group.values()]]


def test_wrapped_label_joined_on_its_value_row(doc, expected):
    row = expected["reports"]["c2021"]["tables"]["requests"]["partially_granted"]
    line = next(x for x in doc.text.split("\n") if "（二）部分公开" in x)
    assert re.split(r"\s{2,}", line.strip()) == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                                                 *map(str, row.values())]


def test_page_numbers_dropped(doc):
    assert not any(re.fullmatch(r"\s*- \d+ -\s*", line) for line in doc.text.split("\n"))


def test_layout_counts_spaces_in_line_boxes():
    """OCR boxes hug the glyphs (line_box 1.4): a gap splits columns in their units but is written in
    a text layer's spaces, so spaced figures in prose get two spaces, not the three of a table row."""
    from gongkai.ingest.pdf import Word, layout_lines
    from gongkai.ingest.resources import load

    words = [Word(0, 0, 40, 10, "政策文件", 0, 0, 0), Word(53, 0, 73, 10, "1305", 0, 0, 1, True)]
    assert layout_lines(words, load()) == ["政策文件   1305"]  # a gap of 13 in spaces of 5
    assert layout_lines(words, load(), line_box=1.4) == ["政策文件  1305"]  # in spaces of 7

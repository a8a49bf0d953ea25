"""A text PDF of table 3 running over a page break, drawn with pymupdf (invented values).

The break is dressed as Word exports dress it: a running page header on every page, a
page number in the footer, the table's header rows repeated at the top of the next page,
and optionally one row whose wrapped label starts on the first page and ends, with its
figures, on the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf
import tables_synth as synth

PAGE_W, PAGE_H, TOP, BOTTOM = 595, 842, 60, 780
SIZE, LINE = 8.0, 11.0
TITLE = "青禾市某区测试局2023年政府信息公开工作年度报告"
LABEL_X = (50, 100, 160)  # group, sub-group and item label columns
LABEL_CHARS = 15  # item labels wrap after this many characters
VALUE_X = 330.0
VALUE_W = 32.0
HEAD = [  # (x, text) per header line, as a Word table header prints it
    [(50, "（本列数据的勾稽关系为：第一项加"), (VALUE_X + 90, "申请人情况")],
    [(50, "第二项之和，等于第三项加第四项之和）"), (VALUE_X, "自然人"), (VALUE_X + 60, "法人或其他组织"),
     (VALUE_X + 6 * VALUE_W, "总计")],
    [(VALUE_X + VALUE_W, "商业"), (VALUE_X + 2 * VALUE_W, "科研"), (VALUE_X + 3 * VALUE_W, "社会"),
     (VALUE_X + 4 * VALUE_W, "法律"), (VALUE_X + 5 * VALUE_W, "其他")],
    [(VALUE_X + VALUE_W, "企业"), (VALUE_X + 2 * VALUE_W, "机构"), (VALUE_X + 3 * VALUE_W, "公益"),
     (VALUE_X + 4 * VALUE_W, "服务")],
    [(VALUE_X + 3 * VALUE_W, "组织"), (VALUE_X + 4 * VALUE_W, "机构")],
]


@dataclass(frozen=True)
class Break:
    """Where and how the page breaks inside table 3."""

    before: str  # row key that starts the next page (or whose label the break splits)
    split_row: bool = False  # the row's first label lines stay on the first page
    first_lines: int = 1  # how many (the figures sit on the middle line of the label)
    repeat_header: bool = True
    footer: str = "- {n} -"  # page number line; "{n}" is the page number
    running_header: bool = True


class _Writer:
    def __init__(self, brk: Break):
        self.doc = pymupdf.open()
        self.brk = brk
        self.page: pymupdf.Page | None = None
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        if self.page is not None:
            self.text(PAGE_W / 2 - 10, 810, self.brk.footer.format(n=self.doc.page_count))
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.y = TOP
        if self.brk.running_header:
            self.text(180, 40, TITLE)

    def text(self, x: float, baseline: float, text: str) -> None:
        numeric = text.replace("-", "").replace(" ", "").isdigit()
        assert self.page is not None
        self.page.insert_text((x, baseline), text, fontname="helv" if numeric else "china-s", fontsize=SIZE)

    def line(self, pieces: list[tuple[float, str]]) -> None:
        for x, text in pieces:
            self.text(x, self.y + SIZE, text)
        self.y += LINE

    def values(self, values: list[int]) -> list[tuple[float, str]]:
        return [(VALUE_X + i * VALUE_W + 10, str(v)) for i, v in enumerate(values)]

    def finish(self) -> bytes:
        self.text(PAGE_W / 2 - 10, 810, self.brk.footer.format(n=self.doc.page_count))
        return self.doc.tobytes()


def _label_lines(cells: list[str]) -> list[tuple[float, str]]:
    """The row's label pieces on their columns; the item label is wrapped."""
    out: list[tuple[float, str]] = []
    for x, text in zip(LABEL_X[3 - len(cells):], cells):
        if text:
            out.append((x, text))
    return out


def table3_pdf(brk: Break) -> bytes:
    """The whole table 3 of ``tables_synth`` over two pages, broken as ``brk`` says."""
    w = _Writer(brk)
    w.line([(50, TITLE)])
    w.line([(50, "三、收到和处理政府信息公开申请情况")])
    for pieces in HEAD:
        w.line(pieces)
    for key, labels in synth.REQUEST_ROWS:
        values = list(synth.REQUESTS[key].values())
        pieces = _label_lines(labels)
        x, item = pieces[-1]
        parts = [item[i:i + LABEL_CHARS] for i in range(0, len(item), LABEL_CHARS)]
        lines = [pieces[:-1] + [(x, parts[0])]] + [[(x, p)] for p in parts[1:]]
        lines[len(lines) // 2] = lines[len(lines) // 2] + w.values(values)  # figures centred
        if key == brk.before:
            if brk.split_row:
                assert len(lines) > brk.first_lines
                for line in lines[:brk.first_lines]:
                    w.line(line)
                lines = lines[brk.first_lines:]
            w.y = BOTTOM  # the rest goes to the next page
            w.new_page()
            if brk.repeat_header:
                for head in HEAD:
                    w.line(head)
        for line in lines:
            w.line(line)
    w.line([(50, "四、政府信息公开行政复议、行政诉讼情况")])
    return w.finish()

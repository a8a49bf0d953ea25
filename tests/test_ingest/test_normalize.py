"""normalize(): one text form for every format; offsets of later stages depend on it."""

import pytest

from gongkai.ingest.normalize import join_lines, normalize, normalize_inline


@pytest.mark.parametrize(("raw", "want"), [
    ("全年收到申请１２件", "全年收到申请12件"),
    ("ＡＢＣ－１", "ABC-1"),
    ("（一）主动公开，共３条。", "（一）主动公开，共3条。"),  # CJK sentence punctuation kept
    ("问：？！；：、", "问：？！；：、"),
    ("a\u00a0b\u3000c\u2002d", "a b c d"),
    ("x\u200by\ufeffz\u00ad", "xyz"),
    ("\t[bookmark: _GoBack]148.74", "\t148.74"),
    ("**二、主动公开**", "二、主动公开"),
    ("line1\r\nline2\rline3", "line1\nline2\nline3"),
    ("\t0\u00a0\n\t\u00a01  \n", "\t0\n\t 1\n"),
    ("a\x07b\x0cc", "ab\nc"),
])
def test_normalize_exact(raw, want):
    assert normalize(raw) == want


def test_normalize_keeps_blank_lines_and_tabs():
    dump = "\t规章\n\t0\n\n\t行政规范性文件\n\t\t\n"
    assert normalize(dump) == dump


def test_normalize_is_idempotent():
    raw = "Ｘ１\u3000（二）\r\n**粗**\u00a0\t\n"
    assert normalize(normalize(raw)) == normalize(raw)


def test_join_lines_cjk_without_space_latin_with_space():
    assert join_lines(["商业", "企业"]) == "商业企业"
    assert join_lines(["www.example", "cn"]) == "www.example cn"
    assert join_lines(["2023", "年", "", "  x "]) == "2023年x"


def test_normalize_inline_collapses_html_whitespace():
    assert normalize_inline("  一、\n   总体情况\t ", collapse=True) == "一、总体情况"
    assert normalize_inline("  一、   总体情况\t ", collapse=True) == "一、 总体情况"
    assert normalize_inline("科研\n机构") == "科研机构"
    assert normalize_inline("全年收到\n   申请12件，\n  another line", collapse=True) == "全年收到申请12件， another line"

import pytest

from gongkai.numbers import parse_cell, parse_chinese_numeral, to_halfwidth


@pytest.mark.parametrize("text, value", [
    ("三", 3), ("十二", 12), ("两百零五", 205), ("一万二千", 12000), ("二〇二三", 2023), ("十", 10),
    ("一百一十", 110), ("三千五百万", 35_000_000), ("是", None), ("", None),
])
def test_chinese_numerals(text, value):
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("raw, expected", [
    ("359425件", (359425, "number")), ("8768.62万元", (8768.62, "number")), ("１２３", (123, "number")),
    ("1,234", (1234, "number")), (" 0 ", (0, "number")), ("", (None, "blank")), ("/", (None, "non_number")),
    ("无", (None, "non_number")), ("-", (None, "non_number")), ("abc", (None, "unparsed")),
    ("1" * 30, (None, "unparsed")), ("123456789012345", (123456789012345, "number")),
])
def test_cell_states_stay_apart(raw, expected):
    assert parse_cell(raw) == expected


def test_halfwidth_keeps_chinese_sentence_punctuation():
    assert to_halfwidth("２０２３年（一）：ＡＢ，") == "2023年（一）：AB，"
    assert to_halfwidth("（一）", keep_cjk_punct=False) == "(一)"

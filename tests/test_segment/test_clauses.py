"""Clause splitting: sentences, enumerations, PDF line wraps, long clauses."""

from __future__ import annotations

from gongkai.segment.clauses import is_wrapped, split_clauses, split_long


def texts(text: str, **kw) -> list[str]:
    return [text[s:e] for s, e in split_clauses(text, **kw)]


def test_sentences_and_enumerations():
    text = "全年公开信息10条。一是加强统筹；二是强化管理。下一步，将（一）严格审核（二）加强培训。"
    assert texts(text) == ["全年公开信息10条。", "一是加强统筹；", "二是强化管理。", "下一步，将",
                           "（一）严格审核", "（二）加强培训。"]


def test_offsets_respect_start_and_end():
    text = "标题\n正文一。正文二。"
    spans = split_clauses(text, 3, len(text))
    assert spans == [(3, 7), (7, 11)]


def test_line_break_ends_a_short_line_but_not_a_wrapped_paragraph_line():
    wrapped = ("本年度，某区政府坚持以人民为中心推进政务公开，持续深化重点\n"
               "领域信息公开工作，取得积极成效。\n二、主动公开政府信息情况\n")
    out = texts(wrapped)
    assert out == ["本年度，某区政府坚持以人民为中心推进政务公开，持续深化重点\n领域信息公开工作，取得积极成效。",
                   "二、主动公开政府信息情况"]


def test_wrap_across_a_pdf_page_break_skips_the_page_number():
    text = "三是持续开展业务培训。推行公开工作人员轮岗跟班学\n\n   -4-\n\x0c习制度，提高水平。\n"
    out = texts(text)
    assert out == ["三是持续开展业务培训。", "推行公开工作人员轮岗跟班学\n\n   -4-\n\x0c习制度，提高水平。"]


def test_next_line_opening_an_item_is_not_a_wrap():
    text = "针对存在问题，下一步将切实抓好以下几方面的具体工作\n（一）加强审核。\n"
    assert texts(text) == ["针对存在问题，下一步将切实抓好以下几方面的具体工作", "（一）加强审核。"]
    assert is_wrapped(text, text.index("\n"), len(text)) is False


def test_table_layout_lines_are_not_joined():
    text = "一、本年新收政府信息公开申请数量                30    0\n二、上年结转政府信息公开申请数量      34\n"
    assert len(texts(text)) == 2


def test_page_number_alone_is_no_clause_and_leading_colon_is_trimmed():
    assert texts("：政策解读形式不够丰富。\n-5-\n") == ["政策解读形式不够丰富。"]


def test_long_clause_is_cut_at_the_last_comma_before_the_limit():
    text = "甲" * 8 + "，" + "乙" * 8 + "，" + "丙" * 8 + "。"
    assert texts(text, max_chars=20) == ["甲" * 8 + "，" + "乙" * 8 + "，", "丙" * 8 + "。"]
    assert split_long(text, 0, len(text), 100) == [(0, len(text))]


def test_decimal_is_not_an_enumeration():
    assert texts("占比3.5%，较上年增长2个百分点。") == ["占比3.5%，较上年增长2个百分点。"]


def test_title_line_narrower_than_the_paragraph_lines_is_not_joined():
    text = ("某县交通运输局2019年度政府信息公开工作报告\n"
            "本报告依据条例编制，所列数据统计期限自本年一月一日起至十二月三十一日止，如有疑问请与办公室联系。\n")
    assert texts(text) == ["某县交通运输局2019年度政府信息公开工作报告",
                           "本报告依据条例编制，所列数据统计期限自本年一月一日起至十二月三十一日止，如有疑问请与办公室联系。"]


def test_visual_width_counts_ascii_as_half():
    from gongkai.segment.clauses import visual_width

    assert visual_width("自 2023 年") == 1 + 3 + 1


def test_a_line_break_looks_past_only_a_page_breaks_worth_of_blank_lines():
    from gongkai.segment.clauses import MAX_SKIPPED_LINES, _last_content_line, _next_content_line

    body = "本年度我局认真贯彻落实政府信息公开条例各项要求并持续推进"
    few = body + "\n" + "\n" * 3 + "相关工作。\n"
    assert _next_content_line(few, len(body) + 1, len(few)) == "相关工作。"
    # fuzzing repeated blank lines by the thousand: scanning them from every break was quadratic
    many = body + "\n" + "\n" * (MAX_SKIPPED_LINES + 5) + "相关工作。\n"
    assert _next_content_line(many, len(body) + 1, len(many)) == ""
    assert _last_content_line(many, len(many) - len("相关工作。\n") - 1) == ""
    assert _last_content_line(few, len(few) - len("相关工作。\n") - 1) == body

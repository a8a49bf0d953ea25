"""Clauses around wrapped lines of PDF text (pdftotext -layout and pymupdf dumps).

Every text here is synthetic, written in the shape those tools give: a paragraph's first
line indented, wrapped lines at the left margin, page footers and running headers between
two lines of one sentence, table rows with aligned columns and prose between them.
"""

from __future__ import annotations

import re

import pytest

from gongkai.config import SegmentSettings
from gongkai.document import Document, Source
from gongkai.segment import Segment

PUNCT = set("。，、；：！？,.;:!?（）()“”《》")
# the title is a heading line, not prose; headings are not clauses
HEADING = re.compile(r"^\s*(?:[一二三四五六]、|\d、)[^。]*$")


def run(text: str) -> Document:
    return Segment(SegmentSettings())(Document(source=Source(path="x.txt"), text=text))


def clause_texts(doc: Document, section: str | None = "any") -> list[str]:
    return [c.text for c in doc.clauses if section == "any" or c.section == section]


def assert_prose_covered_once(doc: Document, prose: list[str]) -> None:
    """Each prose sentence (whitespace-insensitive) lies in one clause; its chars in exactly one."""
    text = doc.text
    depth = [0] * len(text)
    for c in doc.clauses:
        assert text[c.start:c.end] == c.text
        for i in range(c.start, c.end):
            depth[i] += 1
    index = [i for i, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(text[i] for i in index)
    for sentence in prose:
        at = squeezed.find(sentence)
        assert at >= 0, sentence
        span = index[at:at + len(sentence)]
        missing = "".join(text[i] for i in span if depth[i] == 0 and text[i] not in PUNCT)
        assert missing == "", f"not in any clause: {missing!r}"
        assert all(depth[i] == 1 for i in span)


LAYOUT = (
    "                  澄禾市岚溪区市场监督管理局2023年度政府信息公开工作年度报告\n"
    "    本报告根据《中华人民共和国政府信息公开条例》要求编制，报告所列数据统\n"
    "计期限自2023年1月1日起至2023年12月31日止。\n"
    "     一、总体情况\n"
    "    2023年，本局认真落实政府信息公开各项制度要求，全年共收到政府信息公开\n"
    "申请49件，其中自然人申请45件、法人或其他组织申请4件，上年结转申请2件。全\n"
    "年办理行政许可处理决定15486件，公开行政处罚决定信息10022条，均在法定期限\n"
    "\n"
    "                                                            -1-\n"
    "\f\n"
    "                  澄禾市岚溪区市场监督管理局2023年度政府信息公开工作年度报告\n"
    "内完成公开。配备专兼职工作人员7名。\n"
    "     二、主动公开政府信息情况\n"
    "               第二十条第（一）项\n"
    "      信息内容    本年制发件数    本年废止件数    现行有效件数\n"
    "     规章                                                      0      0      0\n"
    "    本年度我局未制发规章，现行有效的行政规范性文件均已在门户网站专栏集中\n"
    "公开。\n"
    "               第二十条第（五）项\n"
    "      信息内容    本年处理决定数量\n"
    "     行政许可                                                     15486\n"
    "     三、收到和处理政府信息公开申请情况\n"
    "                                                   申请人情况\n"
    "一、本年新收政府信息公开申请数量                     45      4      49\n"
    "二、上年结转政府信息公开申请数量                      2      0       2\n"
    "    注：本年度共收到政府信息公开申请49件，均在法定期限内予以答复，按时答复\n"
    "率达到100%，上年结转申请2件已全部办结。\n"
    "     四、政府信息公开行政复议、行政诉讼情况\n"
    "        0      0      0      0      0\n"
    "     五、存在的主要问题及改进情况\n"
    "    政策解读的形式还不够丰富，图解、视频等方式运用较少；部分栏目信息更新\n"
    "不够及时。下一步，我局将加强栏目日常维护，建立信息更新提醒机制，提升工作\n"
    "人员依法公开的能力。\n"
    "     六、其他需要报告的事项\n"
    "    本年度未收取信息处理费。\n"
    "\n"
    "                                                            -2-\n"
)


def test_layout_sections_are_all_found():
    assert [s.key for s in run(LAYOUT).sections] == [
        "overview", "active", "requests", "appeals", "problems", "other"]


def test_title_line_is_not_joined_to_the_indented_paragraph_after_it():
    doc = run(LAYOUT)
    assert clause_texts(doc, None) == [
        "澄禾市岚溪区市场监督管理局2023年度政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，报告所列数据统\n"
        "计期限自2023年1月1日起至2023年12月31日止。"]


def test_sentence_across_a_page_footer_and_running_header_is_one_clause():
    doc = run(LAYOUT)
    got = clause_texts(doc, "overview")
    assert len(got) == 3
    assert got[1].startswith("全\n年办理行政许可处理决定15486件")
    assert got[1].endswith("内完成公开。")
    assert "-1-" in got[1]
    assert got[2] == "配备专兼职工作人员7名。"
    assert_prose_covered_once(doc, [
        "2023年，本局认真落实政府信息公开各项制度要求，全年共收到政府信息公开申请49件，"
        "其中自然人申请45件、法人或其他组织申请4件，上年结转申请2件。",
        "全年办理行政许可处理决定15486件，公开行政处罚决定信息10022条，均在法定期限",
        "内完成公开。配备专兼职工作人员7名。"])


def test_prose_between_and_after_tables_is_one_clause_per_sentence():
    doc = run(LAYOUT)
    assert clause_texts(doc, "active") == [
        "本年度我局未制发规章，现行有效的行政规范性文件均已在门户网站专栏集中\n公开。"]
    assert clause_texts(doc, "requests") == [
        "注：本年度共收到政府信息公开申请49件，均在法定期限内予以答复，按时答复\n"
        "率达到100%，上年结转申请2件已全部办结。"]
    assert clause_texts(doc, "appeals") == []


def test_problems_prose_wrapped_over_lines():
    doc = run(LAYOUT)
    assert clause_texts(doc, "problems") == [
        "政策解读的形式还不够丰富，图解、视频等方式运用较少；",
        "部分栏目信息更新\n不够及时。",
        "下一步，我局将加强栏目日常维护，建立信息更新提醒机制，提升工作\n人员依法公开的能力。"]


@pytest.mark.parametrize("footer", ["第 1 页 共 2 页", "- 1 -", "— 1 —", "1 / 2", "第1页"])
def test_page_footer_variants_do_not_cut_the_sentence(footer):
    text = ("     一、总体情况\n"
            "    2023年，本局认真落实政府信息公开各项制度要求，全年共收到政府信息公开\n"
            "申请49件，其中自然人申请45件、法人或其他组织申请4件，上年结转申请2件，全\n"
            f"\n                     {footer}\n\f"
            "年办理行政许可处理决定15486件。\n")
    doc = run(text)
    assert len(doc.clauses) == 1
    assert doc.clauses[0].text.endswith("上年结转申请2件，全\n"
                                        f"\n                     {footer}\n\f年办理行政许可处理决定15486件。")


PYMUPDF = (
    "澄禾市应急管理局2021年度政府信息公开工作年度报告\n"
    "     本报告根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）\n"
    "要求编制。\n"
    "一、总体情况\n"
    "1、依申请公开政府信息情况\n"
    "     严格按照法定时限和程序办理依申请公开事项，答复文书做到格式规范、依据充分，2021\n"
    "年共收到政府信息公开申请49件，其中自然人申请49件、法人或其他组织申请0件，上年结转\n"
    "申请2件。从办理结果看，予以公开20件，部分公开4件（区分处理的，只计这一情形）\n"
    "，接待现场咨询325人次。\n"
    "2、政府信息管理\n"
    "     健全政府信息公开台账，规范档案归集和管理。\n"
)


def test_pymupdf_text_wrapped_after_a_closing_bracket_and_short_preamble_sentence():
    doc = run(PYMUPDF)
    assert clause_texts(doc, None) == [
        "澄禾市应急管理局2021年度政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）\n要求编制。"]
    assert clause_texts(doc, "overview") == [
        "严格按照法定时限和程序办理依申请公开事项，答复文书做到格式规范、依据充分，2021\n"
        "年共收到政府信息公开申请49件，其中自然人申请49件、法人或其他组织申请0件，上年结转\n申请2件。",
        "从办理结果看，予以公开20件，部分公开4件（区分处理的，只计这一情形）\n，接待现场咨询325人次。",
        "健全政府信息公开台账，规范档案归集和管理。"]
    assert [c.subsection for c in doc.clauses if c.section] == [
        "request_disclosure", "request_disclosure", "information_management"]


def test_run_together_page_keeps_the_note_after_a_table():
    text = ("三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计"
            "一、本年新收政府信息公开申请数量450000049（七）总计4500000049"
            "四、结转下年度继续办理0000000 注：本年度按时答复率100%。 "
            "四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
            "000000000000202 说明：本年度因政府信息公开被申请行政复议3件。 "
            "五、存在的主要问题及改进情况 信息更新不够及时。")
    doc = run(text)
    assert [(c.section, c.text) for c in doc.clauses] == [
        ("requests", "注：本年度按时答复率100%。"),
        ("appeals", "说明：本年度因政府信息公开被申请行政复议3件。"),
        ("problems", "信息更新不够及时。")]


def test_wrapped_line_starting_with_the_blanks_of_a_padded_number_is_not_a_paragraph():
    text = ("一、总体情况\n"
            "     本年作出行政处罚决定  12000  件，公开行政处罚决定信息  5419  条，本年度各\n"
            "类执法信息均在法定期限内公开到位，社会反映良好。全年办理行政许可决定\n"
            "  26  件，本年度全面推进行政执法信息公开工作，行政强制处理决定  823\n"
            "  件。\n"
            "     配备专兼职工作人员  7  名。\n")
    assert clause_texts(run(text), "overview") == [
        "本年作出行政处罚决定  12000  件，公开行政处罚决定信息  5419  条，本年度各\n类执法信息均在法定期限内公开到位，社会反映良好。",
        "全年办理行政许可决定\n  26  件，本年度全面推进行政执法信息公开工作，行政强制处理决定  823\n  件。",
        "配备专兼职工作人员  7  名。"]


def test_running_header_without_a_form_feed_keeps_the_sentence_whole():
    # our PDF reader drops page numbers and form feeds; the repeated header line remains
    text = ("            某县公安局2023年政府信息公开工作年度报告\n"
            "一、总体情况\n"
            "     2023年，本局认真落实政府信息公开各项制度要求，全年共收到政府信息公开申请\n"
            "49件，其中自然人申请45件，上年结转申请2件。全年办理行政许可处理决定15486件，均在法定期限\n"
            "            某县公安局2023年政府信息公开工作年度报告\n"
            "内完成公开。\n"
            "     配备专兼职工作人员7名。\n")
    assert clause_texts(run(text), "overview") == [
        "2023年，本局认真落实政府信息公开各项制度要求，全年共收到政府信息公开申请\n49件，其中自然人申请45件，上年结转申请2件。",
        "全年办理行政许可处理决定15486件，均在法定期限\n            某县公安局2023年政府信息公开工作年度报告\n内完成公开。",
        "配备专兼职工作人员7名。"]

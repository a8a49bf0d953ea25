"""Section and subsection headings on synthetic texts (every numbering variant we met)."""

from __future__ import annotations

import pytest

from gongkai.segment.headings import compact, find_sections, find_subsections, load_headings

STANDARD = (
    "某县公安局\n2024年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "（一）主动公开。全年主动公开信息120条。\n"
    "（二）依申请公开。全年收到申请3件。\n"
    "（三）政府信息管理。规范信息发布。\n"
    "（四）政府信息公开平台建设。建成网站1个。\n"
    "（五）监督保障。开展培训2次。\n"
    "二、主动公开政府信息情况\n规章\t0\t0\t0\n"
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量\t3\n（一）予以公开\t2\n（二）部分公开\t1\n四、结转下年度继续办理\t0\n"
    "四、政府信息公开行政复议、行政诉讼情况\n0\t0\n"
    "五、存在的主要问题及改进情况\n（一）存在的主要问题。信息发布不够及时。\n（二）改进情况。下一步将加强审核。\n"
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
)


def keys(text: str) -> list[str]:
    return [s.key for s in find_sections(text)]


def test_standard_sections_in_order_with_exact_offsets():
    secs = find_sections(STANDARD)
    assert [s.key for s in secs] == ["overview", "active", "requests", "appeals", "problems", "other"]
    overview = secs[0]
    assert overview.title == "一、总体情况"
    assert overview.start == STANDARD.index("一、总体情况")
    assert overview.end == STANDARD.index("二、主动公开") - 1  # trailing newline trimmed
    assert secs[-1].end == len(STANDARD.rstrip())
    for sec in secs:
        assert STANDARD[sec.start:sec.start + len(sec.title)] == sec.title


def test_overview_subsections_titles_are_heading_part_only():
    overview = find_sections(STANDARD)[0]
    assert [(s.key, s.title) for s in overview.subsections] == [
        ("active_disclosure", "（一）主动公开"), ("request_disclosure", "（二）依申请公开"),
        ("information_management", "（三）政府信息管理"), ("platform_building", "（四）政府信息公开平台建设"),
        ("supervision", "（五）监督保障")]
    first = overview.subsections[0]
    assert first.start == STANDARD.index("（一）主动公开")
    assert first.end == STANDARD.index("（二）依申请公开") - 1


def test_table_enumerations_are_not_subsections_and_table_rows_not_sections():
    secs = {s.key: s for s in find_sections(STANDARD)}
    assert secs["requests"].subsections == ()
    assert secs["requests"].title == "三、收到和处理政府信息公开申请情况"
    assert secs["appeals"].start == STANDARD.index("四、政府信息公开行政复议")


def test_problem_subsections():
    problems = {s.key: s for s in find_sections(STANDARD)}["problems"]
    assert [(s.key, s.title) for s in problems.subsections] == [
        ("identified_problems", "（一）存在的主要问题"), ("improvements", "（二）改进情况")]


@pytest.mark.parametrize("heading", ["1、总体情况", "1、 总体情况", "一、概述", "一、 概述", "一．总体情况"])
def test_overview_heading_variants(heading):
    text = f"{heading}\n（一）主动公开。公开信息3条。\n二、主动公开政府信息情况\n规章 0\n"
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active"]
    assert secs[0].title == heading
    assert secs[0].subsections[0].key == "active_disclosure"


def test_missing_overview_heading_starts_at_first_subsection():
    text = "某局2023年报告\n（一）主动公开情况。公开信息3条。\n（二）依申请公开情况。收到申请1件。\n二、主动公开政府信息情况\n"
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active"]
    assert secs[0].title == ""
    assert secs[0].start == text.index("（一）")
    assert [s.key for s in secs[0].subsections] == ["active_disclosure", "request_disclosure"]


def test_half_width_brackets_and_improvement_measures_variant():
    text = ("一、总体情况\n(一)主动公开政府信息情况。略。\n(二)依申请公开政府信息情况。略。\n"
            "五、存在的主要问题及改进措施\n(一)存在问题。略。\n(二)改进措施。略。\n")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "problems"]
    assert [s.title for s in secs[0].subsections] == ["(一)主动公开政府信息情况", "(二)依申请公开政府信息情况"]
    assert [s.title for s in secs[1].subsections] == ["(一)存在问题", "(二)改进措施"]


def test_run_together_one_line_text():
    text = ("某区2021年度政府信息公开工作年度报告 根据条例编制。一、总体情况 2021年，我区推进公开。"
            "（一）主动公开方面全年公开信息100条。（二）依申请公开方面收到申请5件。"
            "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数规章000"
            "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系）一、本年新收政府信息公开申请数量000005"
            "（一）予以公开000003四、结转下年度继续办理00000 四、政府信息公开行政复议、行政诉讼情况行政复议000"
            "五、存在的主要问题及改进情况（一）存在的主要问题 信息不全。（二）改进措施：一是加强。"
            "六、其他需要报告的事项 无。")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active", "requests", "appeals", "problems", "other"]
    assert [s.title for s in secs[0].subsections] == ["（一）主动公开方面", "（二）依申请公开方面"]
    assert secs[2].subsections == ()
    assert [s.title for s in secs[4].subsections] == ["（一）存在的主要问题", "（二）改进措施"]


def test_heading_wrapped_over_two_pdf_lines():
    text = "   一、总体情况\n略。\n      三、收到和处理政府信息公开申\n   请情况\n表\n"
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "requests"]
    assert secs[1].title == "三、收到和处理政府信息公开申\n   请情况"


def test_unnumbered_heading_needs_its_own_line():
    assert keys("总体情况\n正文。\n") == ["overview"]
    assert keys("本报告包括总体情况、主动公开政府信息情况等部分。\n") == []


def test_numerals_must_increase():
    text = "三、收到和处理政府信息公开申请情况\n表\n二、主动公开政府信息情况\n表\n"
    assert keys(text) == ["requests"]


def test_pre_2019_sections_map_to_keys():
    text = ("一、 概述 推进公开。二、主动公开政府信息情况 （一）主动公开政府信息的数量 略。"
            "三、政府信息依申请公开工作情况 略。四、政府信息公开的收费及减免情况 暂不收费。"
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况 无。六、主要问题和改进措施 略。"
            "七、某区政府信息公开情况统计表 指标名称")
    assert keys(text) == ["overview", "active", "requests", "other", "appeals", "problems", "other"]


PRE_2019_OUTLINES = [
    (["一、概述", "二、主动公开政府信息的情况", "三、依申请公开政府信息和不予公开政府信息的情况",
      "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
      "六、政府信息公开工作存在的主要问题和改进情况", "七、其他需要报告的事项"],
     ["overview", "active", "requests", "other", "appeals", "problems", "other"]),
    (["一、基本情况", "二、主动公开政府信息工作情况", "三、依申请公开政府信息办理情况", "四、政府信息公开咨询情况",
      "五、复议、诉讼和申诉情况", "六、政府信息公开收费及减免情况", "七、存在的问题及改进措施", "八、其他需要说明的事项"],
     ["overview", "active", "requests", "requests", "appeals", "other", "problems", "other"]),
    (["一、政府信息公开工作概述", "二、组织领导和制度建设情况", "三、主动公开政府信息情况", "四、依申请公开政府信息情况",
      "五、政府信息公开的收费及减免情况", "六、行政复议和行政诉讼情况", "七、存在的不足及改进措施"],
     ["overview", "overview", "active", "requests", "other", "appeals", "problems"]),
    (["一、概况", "二、主动公开情况", "三、依申请公开情况", "四、不予公开情况", "五、收费及减免情况",
      "六、申请行政复议和提起行政诉讼情况", "七、工作中存在的问题和改进措施"],
     ["overview", "active", "requests", "requests", "other", "appeals", "problems"]),
]


@pytest.mark.parametrize(("outline", "expected"), PRE_2019_OUTLINES)
def test_pre_2019_outline_variants_each_open_a_section(outline, expected):
    """Heading wordings of the 2008-era template and its local variants: a heading not found lets
    its prose run on under the previous section (and take that section's role)."""
    body = "某县人民政府2012年政府信息公开工作年度报告\n本报告根据条例编制。\n"
    body += "".join(f"{head}\n本年度认真做好相关工作，取得一定成效。\n" for head in outline)
    sections = find_sections(body)
    assert [s.key for s in sections] == expected
    assert [body[s.start:s.start + len(h)] for s, h in zip(sections, outline)] == outline


def test_compact_maps_back_to_original_offsets():
    squeezed, index = compact("a b\nc", 0)
    assert squeezed == "abc"
    assert index == [0, 2, 4]


def test_subsections_only_in_order_once():
    rules = load_headings()
    text = "（一）主动公开。甲。（二）依申请公开。乙。（二）主动公开。丙。"
    subs = find_subsections(text, "overview", 0, len(text), rules)
    assert [s.key for s in subs] == ["active_disclosure", "request_disclosure"]


def test_last_section_ends_before_web_page_footer():
    text = "六、其他需要报告的事项\n本年度未收取信息处理费。\n附件下载\n友情链接\n某某网\n"
    (other,) = find_sections(text)
    assert other.end == text.index("\n附件下载")


NUMBERED_SUBS = (
    "某市某局2022年政府信息公开工作年度报告\n"
    "{head}\n本年度稳步推进公开。\n"
    "1、主动公开政府信息情况\n公开信息10条。\n"
    "2、依申请公开政府信息情况\n收到申请3件。\n"
    "3、政府信息管理\n规范发布。\n"
    "4、平台建设情况\n建成网站1个。\n"
    "5、监督保障\n开展培训2次。\n"
    "{n2}主动公开政府信息情况\n规章 0 0 0\n"
    "{n3}收到和处理政府信息公开申请情况\n表\n"
    "{n4}政府信息公开行政复议、行政诉讼情况\n表\n"
    "{n5}存在的主要问题及改进情况\n信息发布不够及时。\n"
    "{n6}其他需要报告的事项\n无。\n"
)
OVERVIEW_SUBS = ["active_disclosure", "request_disclosure", "information_management",
                 "platform_building", "supervision"]


@pytest.mark.parametrize("head,numerals", [
    ("一、总体情况", "二、 三、 四、 五、 六、"),
    ("1、总体情况", "二、 三、 四、 五、 六、"),
    ("1、总体情况", "2、 3、 4、 5、 6、"),  # both levels numbered 1、2、…
])
def test_numbered_1_subsections_are_never_sections(head, numerals):
    n2, n3, n4, n5, n6 = numerals.split()
    text = NUMBERED_SUBS.format(head=head, n2=n2, n3=n3, n4=n4, n5=n5, n6=n6)
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active", "requests", "appeals", "problems", "other"]
    assert [s.title for s in secs[1:3]] == [f"{n2}主动公开政府信息情况", f"{n3}收到和处理政府信息公开申请情况"]
    assert [s.key for s in secs[0].subsections] == OVERVIEW_SUBS
    assert secs[0].subsections[1].title == "2、依申请公开政府信息情况"
    assert secs[0].end == text.index(f"{n2}主动公开") - 1


def test_top_level_numbered_1_still_gives_sections():
    text = ("1、总体情况\n（一）主动公开。公开信息3条。\n（二）依申请公开。收到申请1件。\n"
            "2、主动公开政府信息情况\n规章 0\n3、收到和处理政府信息公开申请情况\n表\n"
            "4、政府信息公开行政复议、行政诉讼情况\n表\n5、存在的主要问题及改进情况\n略。\n6、其他需要报告的事项\n无。\n")
    secs = find_sections(text)
    assert [(s.key, s.title) for s in secs] == [
        ("overview", "1、总体情况"), ("active", "2、主动公开政府信息情况"),
        ("requests", "3、收到和处理政府信息公开申请情况"), ("appeals", "4、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "5、存在的主要问题及改进情况"), ("other", "6、其他需要报告的事项")]
    assert [s.key for s in secs[0].subsections] == ["active_disclosure", "request_disclosure"]


def test_missing_overview_heading_with_numbered_1_subsections():
    text = NUMBERED_SUBS.format(head="", n2="二、", n3="三、", n4="四、", n5="五、", n6="六、")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active", "requests", "appeals", "problems", "other"]
    assert secs[0].title == ""
    assert secs[0].start == text.index("本年度稳步推进公开。")  # the lead-in before 1、 is overview prose
    assert [s.key for s in secs[0].subsections] == OVERVIEW_SUBS


MISSING_HEAD = (
    "某县公安局2023年政府信息公开工作年度报告\n"
    "本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限自2023年1月1日起至12月31日止。\n"
    "2023年，我局全年主动公开政府信息120条，收到政府信息公开申请3件。\n"
    "{subs}"
    "二、主动公开政府信息情况\n规章 0 0 0\n"
    "三、收到和处理政府信息公开申请情况\n表\n"
)


@pytest.mark.parametrize("subs,sub_keys", [
    ("", []),
    ("（一）主动公开。公开信息3条。\n（二）依申请公开。收到申请1件。\n", ["active_disclosure", "request_disclosure"]),
])
def test_missing_overview_heading_starts_at_the_prose_after_title_and_preface(subs, sub_keys):
    text = MISSING_HEAD.format(subs=subs)
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active", "requests"]
    assert (secs[0].title, secs[0].start) == ("", text.index("2023年，我局"))
    assert secs[0].end == text.index("二、主动公开") - 1
    assert [s.key for s in secs[0].subsections] == sub_keys


def test_missing_overview_heading_on_a_run_together_page():
    text = ("当前位置： 首页 政务公开 某县公安局2023年政府信息公开工作年度报告 来源：本站 "
            "本报告根据《中华人民共和国政府信息公开条例》编制。 2023年，我局全年主动公开政府信息120条。 "
            "二、主动公开政府信息情况 规章000 三、收到和处理政府信息公开申请情况 表")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "active", "requests"]
    assert secs[0].start == text.index("2023年，我局")


def test_report_whose_first_section_is_numbered_one_gets_no_overview_from_its_preamble():
    text = ("某县公安局2023年政府信息公开工作年度报告\n2023年，我局全年主动公开政府信息120条。\n"
            "一、主动公开政府信息情况\n规章 0 0 0\n二、收到和处理政府信息公开申请情况\n表\n")
    assert keys(text) == ["active", "requests"]


def test_many_heading_candidates_fall_back_to_the_greedy_pass_quickly():
    import time

    names = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]
    text = "".join(f"{i % 99 + 1}、{names[i % 3]}\n{i % 99 + 1}、政府信息公开统计表\n" for i in range(400))
    started = time.perf_counter()
    secs = find_sections(text)
    assert time.perf_counter() - started < 5.0
    assert [s.key for s in secs[:4]] == ["overview", "active", "requests", "other"]
    assert secs[0].title == "1、总体情况"


THEMED_OVERVIEW = (
    "一、概述\n本年度政府信息公开工作稳步推进。\n"
    "（一）组织机构方面\n成立领导小组，明确专人负责。\n"
    "（二）工作制度方面\n1、明确年度重点。\n落实联席会议制度。\n"
    "（三）便民服务\n设置查阅点三个。\n"
    "（四）重点领域信息公开情况\n（一）财政预决算公开。\n公开预算信息十二条。\n"
    "二、主动公开政府信息情况\n公开信息100条。\n"
)


def test_theme_outline_of_an_older_overview_maps_to_subsections():
    (overview, _) = find_sections(THEMED_OVERVIEW)
    subs = overview.subsections
    assert [(s.key, s.title) for s in subs] == [("supervision", "（一）组织机构方面"),
                                                ("active_disclosure", "（四）重点领域信息公开情况")]
    # consecutive items of one theme share a span; an item naming no theme closes it
    assert THEMED_OVERVIEW[subs[0].start:subs[0].end].endswith("落实联席会议制度。")
    # an inner enumeration restarting at （一） stays inside its item
    assert subs[1].end == overview.end


def test_theme_headings_yield_to_standard_subsections():
    text = "（一）主动公开\n公开信息10条。\n（二）组织机构方面\n成立领导小组。\n"
    subs = find_subsections(text, "overview", 0, len(text), load_headings())
    assert [s.key for s in subs] == ["active_disclosure"]
    # the theme item opens no subsection, but as an item of the outline it ends the one before it
    assert text[subs[0].start:subs[0].end] == "（一）主动公开\n公开信息10条。"


def test_theme_outline_must_start_at_one():
    text = "本年度推进各项工作。\n（2）推进扶贫和社会救助信息公开，公开信息5条。\n"
    assert find_subsections(text, "overview", 0, len(text), load_headings()) == ()
    text = "本年度推进各项工作。\n（二）推进扶贫和社会救助信息公开，公开信息5条。\n"
    assert find_subsections(text, "overview", 0, len(text), load_headings()) == ()


def test_theme_items_map_by_the_guideline_keywords():
    text = ("（一）加强组织领导\n成立领导小组。\n（二）保密审查\n严格审核。\n（三）门户网站建设\n改版网站。\n"
            "（四）推进财政资金信息公开\n公开预算。\n")
    subs = find_subsections(text, "overview", 0, len(text), load_headings())
    assert [s.key for s in subs] == ["supervision", "information_management", "platform_building",
                                     "active_disclosure"]


def test_a_contents_listing_is_not_taken_for_the_sections():
    text = ("某局2023年政府信息公开工作年度报告\n本报告包括：1.总体情况，2.主动公开政府信息情况，"
            "3.收到和处理政府信息公开申请情况，4.政府信息公开行政复议、行政诉讼情况。\n"
            "一、总体情况\n全年公开信息10条。\n二、主动公开政府信息情况\n表格。\n")
    sections = find_sections(text)
    assert [s.key for s in sections] == ["overview", "active"]
    assert sections[0].title == "一、总体情况"


def test_two_listed_headings_are_still_headings():
    # a run of two with nothing between is no listing (MIN_LISTING is three)
    text = "一、总体情况\n二、主动公开政府信息情况\n表格。\n一、总体情况\n正文。\n"
    assert [s.key for s in find_sections(text)][:2] == ["overview", "active"]


def test_a_bare_heading_line_before_the_numbered_one_is_not_the_section():
    # an unnumbered 概述 over the preface, and a bare 主动公开情况 over 一's first item: the
    # numbered 一、 and 二、 later are the sections (ties go to the numbered sequence)
    text = ("某局2020年报告\n概述\n本报告根据条例编制。\n一、总体情况\n全年工作有序开展。\n主动公开情况\n"
            "公开信息60条。\n（二）依申请公开情况\n受理申请1件。\n二、主动公开政府信息情况\n表格。\n"
            "三、收到和处理政府信息公开申请情况\n表格。\n")
    sections = find_sections(text)
    assert [(s.key, s.title) for s in sections] == [
        ("overview", "一、总体情况"), ("active", "二、主动公开政府信息情况"), ("requests", "三、收到和处理政府信息公开申请情况")]


def test_a_heading_whose_numeral_the_page_lost_is_still_found():
    text = "某镇2021年报告\n现将有关情况报告如下：\n\n、总体情况\n\n（一）主动公开\n公开信息9条。\n"
    (overview,) = find_sections(text)
    assert (overview.key, overview.title) == ("overview", "总体情况")
    assert text[overview.start - 1] == "、"
    assert find_sections("某镇2021年报告\n各项工作、总体情况良好。\n") == ()  # not on its own line


@pytest.mark.parametrize(("lead_in", "items", "expected"), [
    # the outline opens with an item no standard heading names: the lead-in stops there
    ("全年工作有序开展。\n", "（一）工作开展情况\n更新信息9条。\n（二）依申请公开\n收到申请1件。\n", 10),
    # the first item is a standard subsection: no separate lead-in end
    ("全年工作有序开展。\n", "（一）主动公开\n更新信息9条。\n（二）依申请公开\n收到申请1件。\n", None),
])
def test_lead_in_ends_at_the_first_outline_item(lead_in, items, expected):
    text = "一、总体情况\n" + lead_in + items
    (overview,) = find_sections(text)
    assert overview.subsections[-1].key == "request_disclosure"
    assert overview.lead_in_end == (None if expected is None else 7 + expected)
    if expected is not None:
        assert text[overview.lead_in_end:].startswith("（一）工作开展情况")

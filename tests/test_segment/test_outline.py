"""Looser overview headings are taken only on the items of a report's own outline."""

from gongkai.claims import outline_item
from gongkai.document import Clause
from gongkai.segment.headings import find_sections, find_subsections, load_headings, outline_items


def keys(text: str) -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in find_subsections(text, "overview", 0, len(text), load_headings())]


def test_looser_headings_join_standard_ones_on_outline_items():
    text = ("（一）及时主动公开\n全年发布信息20条。\n（二）依申请公开\n收到申请3件。\n"
            "（三）政府信息资源管理情况\n清理文件5件。\n（四）政务公开平台建设情况\n网站运行平稳。\n")
    assert keys(text) == [("active_disclosure", "（一）及时主动公开"), ("request_disclosure", "（二）依申请公开"),
                          ("information_management", "（三）政府信息资源管理情况"),
                          ("platform_building", "（四）政务公开平台建设情况")]


def test_inner_enumerations_are_not_subsections():
    # （14） and 2. under a （一） item are inner enumerations, not outline items
    text = ("（一）政府信息管理\n规范发布。\n1.规范目录。\n2.围绕重点领域加大主动公开\n发布信息8条。\n"
            "（14）推进其他应主动公开\n其他信息。\n")
    assert keys(text) == [("information_management", "（一）政府信息管理")]


def test_arabic_outline_is_read_where_there_is_no_bracketed_one():
    text = ("1.政府信息主动公开情况\n发布信息6条。\n2.政府信息依申请公开情况\n无申请。\n"
            "3.政府信息管理情况\n规范管理。\n")
    assert [k for k, _ in keys(text)] == ["active_disclosure", "request_disclosure", "information_management"]


def test_a_looser_heading_on_a_later_item_alone_keeps_the_theme_outline():
    # only （三） names a standard theme loosely: taking it would make （一）（二） read as the lead-in
    text = ("（一）着力加强解读回应工作\n解读文件3件。\n（二）深化重点领域公开\n公开信息9条。\n"
            "（三）着力推进政务公开平台建设\n网站改版。\n")
    assert keys(text) == []


def test_an_outline_item_naming_no_subsection_closes_the_one_before_it():
    # （二）公开形式 is not 主动公开: its text is read from its words, not given active_disclosure
    text = ("（一）主动公开政府信息情况\n全年发布信息42条。\n（二）公开形式\n通过门户网站发布。\n"
            "（三）依申请公开情况\n未收到申请。\n")
    spans = find_subsections(text, "overview", 0, len(text), load_headings())
    assert [(s.key, text[s.start:s.end].splitlines()[-1]) for s in spans] == \
        [("active_disclosure", "全年发布信息42条。"), ("request_disclosure", "未收到申请。")]


def test_numbered_lines_that_are_not_the_headings_outline_close_nothing():
    # headings numbered （1）: the 1、 lines are an enumeration inside （1）主动公开, not the outline
    text = "（1）主动公开\n1、门户网站发布信息30条。\n2、公众号发布信息12条。\n（2）依申请公开\n无申请。\n"
    spans = find_subsections(text, "overview", 0, len(text), load_headings())
    assert [s.key for s in spans] == ["active_disclosure", "request_disclosure"]
    assert "公众号" in text[spans[0].start:spans[0].end]


def test_outline_items_include_each_items_own_arabic_run():
    text = ("（一）基本情况\n发布信息9条。\n（二）主要做法\n1.加强组织领导\n成立领导小组。\n"
            "2.加强平台建设\n网站改版。\n")
    starts = outline_items(text, 0, len(text))
    assert [text[i:i + 5] for i in starts] == ["（一）基本", "（二）主要", "1.加强组", "2.加强平"]
    arabic = "前言。\n1.加强组织领导\n成立小组。\n2.健全制度\n制定办法。\n"
    assert [arabic[i:i + 2] for i in outline_items(arabic, 0, len(arabic))] == ["1.", "2."]
    assert outline_items("没有提纲的一段话。", 0, 9) == ()


def test_a_clause_outside_found_subsections_knows_its_outline_item():
    text = ("一、总体情况\n本年度工作平稳。\n1.加强组织领导\n成立领导小组。\n2.强化平台建设\n网站改版。\n"
            "二、主动公开政府信息情况\n")
    sections = find_sections(text)
    overview = sections[0]
    assert overview.key == "overview" and not overview.subsections and len(overview.outline) == 2

    def item_of(sentence: str, subsection: str | None = None) -> int | None:
        start = text.index(sentence)
        clause = Clause(start=start, end=start + len(sentence), text=sentence, section="overview",
                        subsection=subsection)
        return outline_item(clause, sections)

    assert item_of("本年度工作平稳。") is None  # the lead-in before the first item
    assert item_of("成立领导小组。") == 1
    assert item_of("网站改版。") == 2
    assert item_of("网站改版。", subsection="platform_building") is None
    assert "outline" not in overview.to_dict()  # the JSON record keeps its shape

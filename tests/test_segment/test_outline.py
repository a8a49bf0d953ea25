"""Looser overview headings are taken only on the items of a report's own outline."""

from gongkai.segment.headings import find_subsections, load_headings


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


def test_a_table_of_contents_in_the_preamble_is_not_taken_for_sections():
    from gongkai.segment.headings import find_sections

    text = ("某园区2022年度政府信息公开工作年度报告\n本报告主要内容包括：\n1.总体情况；\n2.主动公开政府信息情况；\n"
            "3.收到和处理政府信息公开申请情况；\n6.其他需要报告的事项。\n统计期限为2022年全年。\n"
            "一、总体情况\n本年度推进公开工作。\n二、主动公开政府信息情况\n")
    sections = find_sections(text)
    assert [(s.key, s.title) for s in sections] == [("overview", "一、总体情况"), ("active", "二、主动公开政府信息情况")]


def test_request_heading_in_the_table_wording_and_a_responsibility_theme():
    text = "（一）主动公开政府信息情况\n发布信息5条。\n（二）收到和处理政府信息公开申请情况\n收到申请2项。\n"
    assert [k for k, _ in keys(text)] == ["active_disclosure", "request_disclosure"]
    themed = "（一）压实工作责任。\n明确专人负责。\n（二）坚持主动公开。\n发布信息9条。\n"
    assert [k for k, _ in keys(themed)] == ["supervision", "active_disclosure"]

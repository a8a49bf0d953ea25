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

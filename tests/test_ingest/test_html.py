"""HTML: article container only, tables expanded into grids, no recursion on deep pages."""

import pytest

from gongkai.ingest import Ingest

NAME = "d2019-portal.html"


@pytest.fixture(scope="module")
def doc(fixtures_dir):
    return Ingest()(fixtures_dir / "reports" / NAME)


def test_source_title_and_grids(doc, expected):
    want = expected["files"][f"reports/{NAME}"]
    assert (doc.source.format, doc.source.encoding) == ("html", "utf-8")
    assert doc.meta.title == want["title"]
    assert doc.text.split("\n")[0] == want["title"]  # h1 outside the container is put first
    assert [[g.n_rows, g.n_cols] for g in doc.grids] == want["grids"]
    assert {g.origin for g in doc.grids} == {"html"}


def test_navigation_script_and_footer_left_out(doc):
    for noise in ("栏目1", "当前位置", "年报目录", "主办单位", "var site", "分享到", "发布时间"):
        assert noise not in doc.text
    assert doc.text.split("\n")[1].startswith("本报告依据《中华人民共和国政府信息公开条例》编制")


def test_rowspan_colspan_expanded(doc, expected):
    cells = {(c.row, c.col): c for c in doc.grids[1].cells}
    assert (cells[5, 0].text, cells[5, 0].rowspan) == ("三、本年度办理结果", 20)
    assert (cells[23, 1].text, cells[23, 1].colspan) == ("（六）其他处理", 2)
    assert cells[2, 4].text == "商业企业"
    other = expected["reports"]["d2019"]["tables"]["requests"]["other_total"]
    assert [cells[23, col].text for col in range(3, 10)] == [str(v) for v in other.values()]
    fees = {(c.row, c.col): c.text for c in doc.grids[0].cells}
    assert fees[17, 0] == "政府集中采购" and fees[17, 2].endswith("万元")


def test_cell_offsets_point_into_text(doc):
    for grid in doc.grids:
        for cell in grid.cells:
            assert doc.text[cell.start:cell.end] == cell.text
            assert cell.line == doc.line_of(cell.start)


def test_deeply_nested_page_does_not_recurse():
    depth = 5000  # past libxml2's nesting cap, which silently drops the rest
    page = "<html><body>" + "<div>" * depth + "<p>一、总体情况</p><p>全年主动公开政府信息12条。</p>" + "</div>" * depth
    doc = Ingest()("deep.html", (page + "</body></html>").encode())
    assert doc.text.split("\n")[-2:] == ["一、总体情况", "全年主动公开政府信息12条。"]


def test_content_found_by_text_density_without_known_names():
    links = "".join(f"<li><a href='/{i}'>导航链接{i}</a></li>" for i in range(80))
    prose = "".join(f"<p>第{i}段：本机关依法主动公开政府信息，及时回应社会关切。</p>" for i in range(6))
    page = f"<html><body><div class='menu'><ul>{links}</ul></div><div class='x'>{prose}</div></body></html>"
    doc = Ingest()("page.html", page.encode())
    assert doc.text.split("\n") == [f"第{i}段：本机关依法主动公开政府信息，及时回应社会关切。" for i in range(6)]


def test_layout_table_read_as_paragraphs():
    long_cell = "本机关" + "依法公开政府信息，" * 40
    table = f"<table><tr><td>{long_cell}</td></tr><tr><td>二、主动公开</td></tr></table>"
    page = f"<html><body><div id='zoom'>{table}</div></body></html>"
    doc = Ingest()("layout.html", page.encode())
    assert doc.grids == ()
    assert doc.text.split("\n") == [long_cell, "二、主动公开"]


def test_inline_markup_and_breaks():
    page = "<div id='zoom'><p>全年收到<b>1</b><span>2</span>件申请，<br>已全部办结。" + "x" * 60 + "</p></div>"
    doc = Ingest()("inline.html", page.encode())
    assert doc.text.split("\n") == ["全年收到12件申请，", "已全部办结。" + "x" * 60]


@pytest.mark.parametrize("head", ["某市2023年政府信息公开工作年度报告_年报_某市人民政府",
                                  "某市2023年政府信息公开工作年度报告 - 某市人民政府",
                                  "某市2023年政府信息公开工作年度报告|某市人民政府"])
def test_title_tag_site_suffix_dropped(head):
    page = f"<html><head><title>{head}</title></head><body><div id='zoom'><p>一、总体情况</p></div></body></html>"
    doc = Ingest()("t.html", page.encode())
    assert doc.meta.title == "某市2023年政府信息公开工作年度报告"
    assert doc.text.split("\n") == ["某市2023年政府信息公开工作年度报告", "一、总体情况"]


def test_unclosed_font_tags_thousands_deep():
    page = "<html><body>" + "<font size=2>" * 5000 + "<p>二、主动公开政府信息情况</p><p>本年制发规范性文件3件。</p></body></html>"
    doc = Ingest()("font.html", page.encode())
    assert doc.text.split("\n")[-2:] == ["二、主动公开政府信息情况", "本年制发规范性文件3件。"]


def test_small_named_box_loses_to_the_article():
    side = "<div class='content'>" + "".join(f"<p>便民服务{i}：办理指南与咨询电话。</p>" for i in range(3)) + "</div>"
    prose = "".join(f"<p>第{i}段：本机关依法主动公开政府信息，及时回应社会关切，规范办理依申请公开。</p>" for i in range(8))
    page = f"<html><body>{side}<div class='x'>{prose}</div></body></html>"
    doc = Ingest()("page.html", page.encode())
    assert doc.text.split("\n")[0] == "第0段：本机关依法主动公开政府信息，及时回应社会关切，规范办理依申请公开。"
    assert "便民服务" not in doc.text


def test_character_references_and_comments_do_not_trigger_flattening(caplog):
    body = "".join(f"&#{ord(ch)};" for ch in "二、主动公开政府信息情况")
    page = f"<html><body><!-- 2023年12月31日 模板 --><div id='zoom'><p>{body}</p><p>规章0件。</p></div></body></html>"
    doc = Ingest()("refs.html", page.encode())
    assert doc.text.split("\n") == ["二、主动公开政府信息情况", "规章0件。"]
    assert not [r for r in caplog.records if "lost text" in r.getMessage()]


def test_lost_text_is_logged_when_flattening(caplog):
    page = "<html><body>" + "<div>" * 5000 + "<p>一、总体情况</p>" + "</div>" * 5000 + "</body></html>"
    Ingest()("deep.html", page.encode())
    assert [r.levelname for r in caplog.records if "lost text" in r.getMessage()] == ["WARNING"]


def test_table_caption_kept_as_a_line_before_the_rows():
    table = "<table><caption>表一 主动公开</caption><tr><td>规章</td><td>0</td></tr><tr><td>行政许可</td><td>15</td></tr></table>"
    doc = Ingest()("cap.html", f"<html><body><div id='zoom'>{table}</div></body></html>".encode())
    assert doc.text.split("\n") == ["表一 主动公开", "规章\t0", "行政许可\t15"]
    assert doc.grids[0].start == len("表一 主动公开\n")


def test_source_newlines_are_whitespace_br_is_a_line_break():
    page = "<div id='zoom'><p>全年收到\n      申请12件，\n  see annex<br/>已全部办结。</p>" + "<p>" + "x" * 60 + "</p></div>"
    doc = Ingest()("wrap.html", page.encode())
    assert doc.text.split("\n") == ["全年收到申请12件， see annex", "已全部办结。", "x" * 60]


def test_control_characters_do_not_make_a_page_unreadable():
    doc = Ingest()("fuzzed.html", b"<html><body><p>a<script>x</script>\x01b</p></body></html>")
    assert doc.text == "ab" and doc.status == "ok"

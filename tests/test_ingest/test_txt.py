"""Text dumps: decoded, normalised, every line kept where it was."""

import pytest

from gongkai.ingest import Ingest
from gongkai.ingest.normalize import normalize

TEXT_FIXTURES = ["a2021-lines.txt", "a2021-tsv.txt", "b2019-pipe.txt", "c2021-table.md", "b2019-tsv-utf8.txt"]


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_text_fixture_source_title_and_lines(fixtures_dir, expected, name):
    want = expected["files"][f"reports/{name}"]
    raw = (fixtures_dir / "reports" / name).read_bytes()
    doc = Ingest()(fixtures_dir / "reports" / name)
    assert (doc.source.format, doc.source.encoding, doc.source.size) == (want["format"], "utf-8", len(raw))
    assert doc.meta.title == want["title"]
    assert doc.text == normalize(raw.decode("utf-8"))
    assert doc.text.count("\n") == raw.decode("utf-8").count("\n")
    assert doc.grids == ()
    assert doc.issues == ()


def _lines(fixtures_dir, name):
    return Ingest()(fixtures_dir / "reports" / name).text.split("\n")


def test_one_cell_per_line_dump_keeps_tabs_blank_lines_and_drops_marker(fixtures_dir, expected):
    values = expected["reports"]["a2021"]["tables"]
    lines = _lines(fixtures_dir, "a2021-lines.txt")
    start = lines.index("\t一、本年新收政府信息公开申请数量")
    row = values["requests"]["new_received"]
    assert lines[start + 1:start + 9] == [f"\t{row[k]}" for k in row] + [""]
    fee = values["active"]["admin_fees"]["amount_10k_yuan"]
    assert lines[lines.index("\t行政事业性收费") + 1] == f"\t{fee:g}"
    assert not any("bookmark" in line for line in lines)
    assert "\t商业" in lines and "企业" in lines  # a wrapped header cell stays wrapped


def test_tab_dump_keeps_mangled_merged_rows(fixtures_dir, expected):
    granted = expected["reports"]["a2021"]["tables"]["requests"]["granted"]
    lines = _lines(fixtures_dir, "a2021-tsv.txt")
    i = lines.index("\t".join(["三、本年（一）予以公开", *map(str, granted.values())]))
    assert lines[i + 1] == ""
    assert lines[i + 2].startswith("度办理结果\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t\t")


def test_pipe_dump_rows(fixtures_dir, expected):
    total = expected["reports"]["b2019"]["tables"]["requests"]["results_total"]
    lines = _lines(fixtures_dir, "b2019-pipe.txt")
    assert " | ".join(["(七)总计", *map(str, total.values())]) + " ||" in lines


def test_markdown_bold_removed_table_kept(fixtures_dir):
    lines = _lines(fixtures_dir, "c2021-table.md")
    assert "二、主动公开政府信息情况" in lines
    assert "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |" in lines
    assert not any("**" in line for line in lines)

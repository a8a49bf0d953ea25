"""Segment stage on a synthetic report: sections, clauses, meta, issues."""

from __future__ import annotations

from gongkai.config import SegmentSettings
from gongkai.document import Document, Meta, Source
from gongkai.segment import Segment

from .test_headings import STANDARD


def run(text: str, **settings) -> Document:
    return Segment(SegmentSettings(**settings))(Document(source=Source(path="x.txt"), text=text))


def test_contract():
    assert Segment.requires == ("text",)
    assert Segment.assigns == ("sections", "clauses", "meta")


def test_clauses_of_a_standard_report():
    doc = run(STANDARD)
    got = [(c.section, c.subsection, c.text) for c in doc.clauses]
    assert got == [
        (None, None, "2024年政府信息公开工作年度报告"),
        ("overview", "active_disclosure", "全年主动公开信息120条。"),
        ("overview", "request_disclosure", "全年收到申请3件。"),
        ("overview", "information_management", "规范信息发布。"),
        ("overview", "platform_building", "建成网站1个。"),
        ("overview", "supervision", "开展培训2次。"),
        ("problems", "identified_problems", "信息发布不够及时。"),
        ("problems", "improvements", "下一步将加强审核。"),
        ("other", None, "本年度未收取信息处理费。"),
    ]
    for clause in doc.clauses:
        assert STANDARD[clause.start:clause.end] == clause.text
    assert doc.meta == Meta(agency="某县公安局", year=2024, title="某县公安局2024年政府信息公开工作年度报告")
    assert doc.issues == ()


def test_prose_inside_table_sections_is_kept_table_chunks_are_not():
    text = ("一、总体情况\n略有进展。\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量\t3\t0\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
            "本年度共收到政府信息公开申请3件，均已按时答复办结。\n")
    doc = run(text)
    assert [(c.section, c.text) for c in doc.clauses] == [
        ("overview", "略有进展。"), ("requests", "本年度共收到政府信息公开申请3件，均已按时答复办结。")]


def test_missing_sections_are_warnings_and_no_section_is_not_a_report():
    doc = run("一、总体情况\n正文。\n")
    assert [i.code for i in doc.issues] == ["section_missing"] * 5
    assert doc.status == "ok"
    doc = run("这是一段与年报无关的文字。")
    assert [(i.code, i.severity) for i in doc.issues] == [("not_a_report", "partial")]
    assert doc.clauses[0].section is None


def test_long_clauses_are_cut():
    text = "一、总体情况\n" + "，".join(["甲乙丙丁戊己庚辛"] * 10) + "。\n"
    doc = run(text, max_clause_chars=30)
    assert all(len(c.text) <= 30 for c in doc.clauses)
    assert "".join(c.text for c in doc.clauses) == text.split("\n")[1]


def test_short_closed_prose_lines_in_old_format_active_section_are_kept():
    text = ("二、主动公开政府信息情况 （二）主要类别 规划计划类信息21条，占4.9%；专栏访问量达11460人次。"
            "规章000规范性文件000三、政府信息依申请公开工作情况 本年度未收到政府信息公开申请。")
    doc = run(text)
    assert [(c.section, c.text) for c in doc.clauses] == [
        ("active", "（二）主要类别 规划计划类信息21条，占4.9%；"), ("active", "专栏访问量达11460人次。"),
        ("requests", "本年度未收到政府信息公开申请。")]

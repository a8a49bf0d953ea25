"""PDF / layout text: cues, markers and numbers split by line breaks and padding.

Each clause is one Clause spanning its line breaks (as the clause splitter gives PDF text),
with quantities from the real extractor, so offsets are the document's.
"""

from __future__ import annotations

from gongkai.checks.narrative_internal import narrative_internal_checks
from gongkai.checks.narrative_table import narrative_table_checks
from gongkai.checks.rules import squeeze, squeeze_clause
from gongkai.claims.quantities import extract_quantities
from gongkai.config import CheckSettings
from gongkai.document import Clause, Document, Meta, Source, Tables


def one_clause_doc(text: str, section: str = "overview", lead: str = "", **tables) -> Document:
    """``lead`` + ``text``, the clause covering ``text`` only (offsets start after ``lead``)."""
    full = lead + text
    start = len(lead)
    clause = Clause(start=start, end=len(full), text=text, section=section,
                    quantities=tuple(extract_quantities(text, start)))
    return Document(source=Source(path="synthetic.txt"), text=full, meta=Meta(year=2023),
                    clauses=(clause,), tables=Tables(format="2021", **tables))


def table_checks(doc):
    return [(c.rule, c.verdict, c.table_path, c.narrative_value) for c in narrative_table_checks(doc, CheckSettings())]


def test_squeeze_maps_positions_back():
    sq = squeeze("行政\n处罚  12件")
    assert sq.text == "行政处罚12件"
    assert [sq.index(i) for i in (0, 2, 3, 6, 8)] == [0, 2, 2, 4, 5]
    assert (sq.original(4), sq.original_end(7)) == (7, 10)


def test_squeeze_clause_moves_quantities_keeps_clause_offsets():
    doc = one_clause_doc("本年作出行政\n处罚 11826 件。", lead="前文。\n")
    clause = squeeze_clause(doc.clauses[0])
    q = clause.quantities[0]
    assert (clause.start, clause.end, clause.text) == (4, len(doc.text), "本年作出行政处罚11826件。")
    assert clause.text[q.start - clause.start:q.end - clause.start] == "11826件"


def test_cue_split_by_line_break_links():
    doc = one_clause_doc("本年作出行政\n处罚决定 11826 件。", lead="一、总体情况\n",
                         active={"penalty": {"decisions": 11826}})
    checks = narrative_table_checks(doc, CheckSettings())
    assert table_checks(doc) == [("penalty_decisions", "consistent", "active.penalty.decisions", 11826)]
    assert (checks[0].clause_start, checks[0].clause_end) == (7, len(doc.text))
    assert checks[0].explanation == ("文中「行政处罚决定11826件」与表二 行政处罚 处理决定数=11826 一致"
                                     "（规则 penalty_decisions）")


def test_cue_split_by_spaces_links():
    doc = one_clause_doc("上年 结转申请2件，予以\n公开5件。", requests={"carried_over": {"total": 2},
                                                                   "granted": {"total": 4}})
    assert table_checks(doc) == [
        ("requests_carried_over", "consistent", "requests.carried_over.total", 2),
        ("requests_granted", "inconsistent", "requests.granted.total", 5),
    ]


def test_published_penalties_split_by_line_break_stay_a_trap():
    doc = one_clause_doc("在门户网站公\n开行政处罚决定信息933条。", active={"penalty": {"decisions": 4120}})
    assert table_checks(doc) == [("penalty_published", "unverifiable", None, 933)]


def test_negation_split_by_line_break():
    appeals = {g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
               for g in ("review", "litigation_direct", "litigation_after_review")}
    doc = one_clause_doc("全年没有引发行政\n复议案件。", appeals=appeals)
    assert table_checks(doc) == [("appeals_review_none", "consistent", "appeals.review.total", 0)]


def test_number_and_unit_split_by_line_break():
    doc = one_clause_doc("收到政府信息公开申请 11\n826 件，部分公开 84\n  件。",
                         requests={"new_received": {"total": 11826}, "partially_granted": {"total": 84}})
    assert table_checks(doc) == [
        ("requests_new_received", "consistent", "requests.new_received.total", 11826),
        ("requests_partially_granted", "consistent", "requests.partially_granted.total", 84),
    ]


def test_part_whole_marker_split_by_line_break():
    doc = one_clause_doc("通过门户网站发布各类信息 2643 条，其\n中工作动态 1142 条、政策解读 585 条、通知公告 916 条。",
                         lead="（一）主动公开情况。\n")
    checks = narrative_internal_checks(doc)
    assert [(c.rule, c.verdict, c.whole, c.parts) for c in checks] == [
        ("part_whole_exhaustive", "consistent", 2643, (1142, 585, 916))]
    assert (checks[0].clause_start, checks[0].clause_end) == (11, len(doc.text))
    assert checks[0].explanation == ("「2643 条」与所列各项之和 1142+585+916=2643 一致（穷举列举，"
                                     "规则 part_whole_exhaustive）")


def test_review_cue_split_by_a_space_in_problems_section():
    appeals = {g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
               for g in ("review", "litigation_direct", "litigation_after_review")}
    appeals["review"].update(upheld=2, total=2)
    doc = one_clause_doc("个别依申请\n公开事项答复不够规范，引发行政 复议3件；", section="problems", appeals=appeals)
    checks = narrative_table_checks(doc, CheckSettings())
    assert table_checks(doc) == [("appeals_review_total", "inconsistent", "appeals.review.total", 3)]
    assert checks[0].explanation == "文中「行政复议3件」与表四 行政复议 总计=2 不符（规则 appeals_review_total）"

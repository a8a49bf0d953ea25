"""narrative_internal: part-whole arithmetic inside sentences."""

from __future__ import annotations

import pytest

from gongkai.checks.narrative_internal import narrative_internal_checks, sentences


def summary(doc):
    return [(c.rule, c.verdict, c.whole, c.parts) for c in narrative_internal_checks(doc)]


def test_media_articles_add_up(make_doc):
    doc = make_doc("在各类报刊发表各类信息共663篇，其中中央级媒体26篇、省级391篇、市级246篇。")
    checks = narrative_internal_checks(doc)
    assert summary(doc) == [("part_whole_exhaustive", "consistent", 663, (26, 391, 246))]
    check = checks[0]
    assert (check.kind, check.clause_start, check.clause_end) == ("narrative_internal", 0, len(doc.text))
    assert check.explanation == "「663篇」与所列各项之和 26+391+246=663 一致（穷举列举，规则 part_whole_exhaustive）"


def test_nested_platforms_give_two_checks(make_doc):
    doc = make_doc("分局现建有公开平台24个，其中政府网站1个，政务新媒体23个（含8个微信公众号、3个政务微博、其他12个）。")
    assert summary(doc) == [
        ("part_whole_exhaustive", "consistent", 24, (1, 23)),
        ("part_whole_exhaustive", "consistent", 23, (8, 3, 12)),
    ]


def test_nested_inner_inconsistent(make_doc):
    doc = make_doc("现建有公开平台24个，其中政府网站1个，政务新媒体23个（含8个微信公众号、3个政务微博、其他11个）。")
    assert summary(doc) == [
        ("part_whole_exhaustive", "consistent", 24, (1, 23)),
        ("part_whole_exhaustive", "inconsistent", 23, (8, 3, 11)),
    ]


def test_exhaustive_inconsistent(make_doc):
    doc = make_doc("发表各类信息共663篇，其中中央级媒体26篇、省级391篇、市级240篇。")
    checks = narrative_internal_checks(doc)
    assert summary(doc) == [("part_whole_exhaustive", "inconsistent", 663, (26, 391, 240))]
    assert checks[0].explanation == "「663篇」与所列各项之和 26+391+240=657 不符（穷举列举，规则 part_whole_exhaustive）"


def test_approximate_whole_with_fenbie(make_doc):
    doc = make_doc("发布各类信息452余条，分别是案件报导182条、便民利民63条、会议活动207条。")
    assert summary(doc) == [("part_whole_exhaustive", "consistent", 452, (182, 63, 207))]


def test_open_list_bound(make_doc):
    doc = make_doc("主动公开信息346条，其中工作动态100条、通知公告50条等。")
    assert summary(doc) == [("part_whole_bound", "consistent", 346, (100, 50))]


def test_open_list_exceeds(make_doc):
    assert summary(make_doc("主动公开信息346条，稿件主要包括工作动态300条、通知公告50条。")) == []
    doc = make_doc("主动公开信息346条，主要包括工作动态300条、通知公告50条。")
    checks = narrative_internal_checks(doc)
    assert summary(doc) == [("part_whole_bound", "inconsistent", 346, (300, 50))]
    assert checks[0].explanation == "所列部分之和 300+50=350 超过「346条」（规则 part_whole_bound）"


def test_single_part_is_bound(make_doc):
    doc = make_doc("共收到申请7件，其中网上申请5件。")
    assert summary(doc) == [("part_whole_bound", "consistent", 7, (5,))]


def test_mixed_units_is_bound(make_doc):
    doc = make_doc("主动公开信息4880余条。其中发布工作动态118条，公开行政处罚933条，公布政务服务事项172项，办理公开信箱54份；")
    checks = narrative_internal_checks(doc)
    assert summary(doc) == [("part_whole_bound", "consistent", 4880, (118, 933))]
    # the whole sits in the previous sentence: the check spans both
    assert (checks[0].clause_start, checks[0].clause_end) == (0, len(doc.text))


def test_trailing_non_part_ignored(make_doc):
    doc = make_doc("现有专职工作人员3名，其中负责依申请公开工作民警1名，负责主动公开工作民警2名，兼职警务辅助人员5名。")
    assert summary(doc) == [("part_whole_exhaustive", "consistent", 3, (1, 2))]


def test_unit_must_agree(make_doc):
    doc = make_doc("共计48条，其中30124件次。")
    assert summary(doc) == []


@pytest.mark.parametrize("marker", ["分别为", "包括", "包含", "含"])
def test_markers(make_doc, marker):
    doc = make_doc(f"现有政务新媒体10个，{marker}微信6个和微博4个。")
    assert summary(doc) == [("part_whole_exhaustive", "consistent", 10, (6, 4))]


def test_sentences_merge_clauses(make_doc):
    from dataclasses import replace

    from gongkai.document import Clause
    doc = make_doc("现有政务新媒体10个，其中：一是微信6个，二是微博4个。")
    whole = doc.clauses[0]
    cut1 = doc.text.index("一是")
    cut2 = doc.text.index("二是")
    parts = [Clause(start=s, end=e, text=doc.text[s:e], section="overview",
                    quantities=tuple(q for q in whole.quantities if s <= q.start < e))
             for s, e in ((0, cut1), (cut1, cut2), (cut2, len(doc.text)))]
    doc = replace(doc, clauses=tuple(parts))
    assert [(s.start, s.end) for s in sentences(doc)] == [(0, len(doc.text))]
    assert summary(doc) == [("part_whole_exhaustive", "consistent", 10, (6, 4))]


def test_unreadable_part_makes_list_open(make_doc):
    doc = make_doc("获取政府信息总数1873条，其中主动公开政府信息425条，作为依申请公开信息数46条，不予公开信息数1402。")
    assert summary(doc) == [("part_whole_bound", "consistent", 1873, (425, 46))]


def test_exhaustive_three_parts_that_do_not_add_up(make_doc):
    doc = make_doc("获取政府信息总数3978条，其中主动公开政府信息2026条，依申请公开信息数46条，不予公开信息数1854条。")
    assert summary(doc) == [("part_whole_exhaustive", "inconsistent", 3978, (2026, 46, 1854))]


def test_another_item_is_not_a_part(make_doc):
    doc = make_doc("答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。")
    assert summary(doc) == [("part_whole_bound", "consistent", 3050, (34, 103))]


# ------------------------------------------------------------------ which items are parts


def rules_used(doc):
    return [(c.verdict, c.parts, c.extra["list_rule"]) for c in narrative_internal_checks(doc)]


@pytest.mark.parametrize("sep", ["、", "，"])
def test_trailing_item_of_same_level_is_a_part(make_doc, sep):
    # 195+25 = 220, but the list names a third item at the same level: the sum is 221
    doc = make_doc(f"共收到申请220件，其中自然人195件{sep}商业企业25件{sep}科研机构1件。")
    checks = narrative_internal_checks(doc)
    assert rules_used(doc) == [("inconsistent", (195, 25, 1), "same_level")]
    assert checks[0].explanation == "「220件」与所列各项之和 195+25+1=221 不符（穷举列举，规则 part_whole_exhaustive）"


def test_item_after_a_level_change_is_not_a_part(make_doc):
    doc = make_doc("现有政务新媒体账号10个，其中微信公众号6个、微博4个，抖音号2个。")
    checks = narrative_internal_checks(doc)
    assert rules_used(doc) == [("consistent", (6, 4), "trailing_other_level")]
    assert checks[0].explanation == ("「10个」与所列各项之和 6+4=10 一致（穷举列举，规则 part_whole_exhaustive）"
                                     "；末项「抖音号2个」与所列各项不属同一层次列举，未计入")


def test_item_outside_the_whole_is_not_a_part(make_doc):
    doc = make_doc("现有专职工作人员3名，其中负责依申请公开工作民警1名，负责主动公开工作民警2名，兼职警务辅助人员5名。")
    assert rules_used(doc) == [("consistent", (1, 2), "trailing_outside_whole")]
    assert narrative_internal_checks(doc)[0].explanation.endswith("；末项「兼职警务辅助人员5名」与所列各项不属同一层次列举，未计入")


@pytest.mark.parametrize("text,rule", [
    ("主动公开信息346条，其中工作动态100条、通知公告50条等。", "open_word"),
    ("共收到申请7件，其中网上申请5件。", "single_part"),
    ("主动公开信息4880余条，其中发布工作动态118条，公开行政处罚933条，公布政务服务事项172项。", "mixed_units"),
])
def test_open_list_rule_recorded(make_doc, text, rule):
    assert [c.extra["list_rule"] for c in narrative_internal_checks(make_doc(text))] == [rule]


def test_line_break_after_a_colon_continues_the_sentence(make_doc):
    doc = make_doc("现有政务新媒体10个，其中：\n一是微信6个，二是微博4个。")
    assert [(s.start, s.end) for s in sentences(doc)] == [(0, len(doc.text))]
    assert summary(doc) == [("part_whole_exhaustive", "consistent", 10, (6, 4))]
    # a line break after a full stop-less line still ends a paragraph
    doc = make_doc("现有政务新媒体10个\n其中微信6个、微博5个。")
    assert len(sentences(doc)) == 2


def test_trailing_items_that_complete_the_sum_are_parts(make_doc):
    doc = make_doc("现有政务新媒体账号12个，其中微信公众号6个、微博4个，抖音号2个。")
    checks = narrative_internal_checks(doc)
    assert rules_used(doc) == [("consistent", (6, 4, 2), "trailing_items_add_up")]
    assert checks[0].explanation == "「12个」与所列各项之和 6+4+2=12 一致（穷举列举，规则 part_whole_exhaustive）"


def test_enumeration_inside_a_comma_list_stays_in_it(make_doc):
    doc = make_doc("共收到申请11件，其中自然人5件，商业企业3件、其他组织2件。")
    assert rules_used(doc) == [("inconsistent", (5, 3, 2), "same_level")]

"""plausibility: quantities outside any plausible range."""

from __future__ import annotations

import pytest

from gongkai.checks.plausibility import normalise, plausibility_checks


def test_households_in_one_county(make_doc):
    doc = make_doc("2023年共入户走访29122万户。")
    checks = plausibility_checks(doc)
    assert [(c.kind, c.rule, c.verdict, c.narrative_value) for c in checks] == [
        ("plausibility", "households_max", "inconsistent", 291220000)]
    assert checks[0].explanation == ("文中「29122万户」=291220000户，超出合理范围"
                                     "（≤10000000；一个县（区）的户数不超过一千万户；规则 households_max）")


@pytest.mark.parametrize("sentence, rules", [
    ("按时答复率达到120%。", ["percent_max"]),
    ("关注人数较上年增长150%。", []),
    ("按时答复率达到100%。", []),
    ("共收到政府信息公开申请2000000件。", ["requests_max"]),
    ("共收到政府信息公开申请2000件。", []),
    ("办理行政许可2000000件。", []),
    ("入户走访2912户。", []),
])
def test_ranges(make_doc, sentence, rules):
    assert [c.rule for c in plausibility_checks(make_doc(sentence))] == rules


def test_negative_count(make_doc):
    from dataclasses import replace
    doc = make_doc("收到申请3件。")
    clause = doc.clauses[0]
    q = replace(clause.quantities[0], value=-3)
    doc = replace(doc, clauses=(replace(clause, quantities=(q,)),))
    assert [c.rule for c in plausibility_checks(doc)] == ["count_negative"]


def test_normalise_units():
    assert normalise(29122, "万户") == (291220000, "户")
    assert normalise(148.7, "万元") == (148.7, "万元")
    assert normalise(3, "件") == (3, "件")


def test_cue_split_by_line_break():
    from dataclasses import replace

    from gongkai.claims.quantities import extract_quantities
    from gongkai.document import Clause
    text = "共收到政府信息公开申\n请 2000000 件。"
    doc = replace(_doc_for(text), clauses=(Clause(start=0, end=len(text), text=text, section="overview",
                                                  quantities=tuple(extract_quantities(text))),))
    checks = plausibility_checks(doc)
    assert [(c.rule, c.clause_start, c.clause_end) for c in checks] == [("requests_max", 0, len(text))]
    assert checks[0].explanation.startswith("文中「2000000件」=2000000件，超出合理范围")


def _doc_for(text):
    from gongkai.document import Document, Meta, Source
    return Document(source=Source(path="synthetic.txt"), text=text, meta=Meta(year=2023))

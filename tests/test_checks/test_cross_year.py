"""cross_year: consecutive reports of one agency."""

from __future__ import annotations

from gongkai.checks.cross_year import cross_year_checks, normalise_agency
from gongkai.document import Document, Meta, Source, Tables


def report(agency, year, fmt="2021", carried_forward=None, carried_over=None, active=None):
    requests = {}
    if carried_forward is not None:
        requests["carried_forward"] = carried_forward
    if carried_over is not None:
        requests["carried_over"] = carried_over
    return Document(source=Source(path=f"{agency}{year}.txt"), meta=Meta(agency=agency, year=year),
                    tables=Tables(format=fmt, requests=requests, active=active or {}))


def test_normalise_agency():
    assert normalise_agency("渠县 公安局（本级）") == "渠县公安局"
    assert normalise_agency("渠县公安局") == "渠县公安局"


def test_carried_forward_matches_next_carried_over():
    docs = [report("示例县公安局", 2022, carried_forward={"natural_person": 1, "total": 2}),
            report("示例县 公安局", 2023, carried_over={"natural_person": 1, "total": 3})]
    checks = cross_year_checks(docs)
    assert [(c.kind, c.rule, c.table_path, c.narrative_value, c.table_value, c.verdict) for c in checks] == [
        ("cross_year", "carried_forward_to_carried_over", "requests.carried_over.natural_person", 1, 1, "consistent"),
        ("cross_year", "carried_forward_to_carried_over", "requests.carried_over.total", 2, 3, "inconsistent"),
    ]
    assert checks[1].extra == {"years": [2022, 2023], "agency": "示例县公安局"}
    assert checks[1].to_dict()["years"] == [2022, 2023]
    assert checks[1].explanation == (
        "示例县公安局 2022→2023：requests.carried_forward.total(N-1) = requests.carried_over.total(N)；"
        "2022年推算=2，2023年表三 上年结转申请 总计=3，不符（规则 carried_forward_to_carried_over）")


def test_gap_year_and_other_agency_not_paired():
    docs = [report("甲县公安局", 2021, carried_forward={"total": 2}),
            report("甲县公安局", 2023, carried_over={"total": 3}),
            report("乙县公安局", 2022, carried_over={"total": 2})]
    assert cross_year_checks(docs) == []


def test_missing_total_is_unverifiable():
    docs = [report("甲县公安局", 2022, carried_forward={"total": 2}), report("甲县公安局", 2023)]
    assert [(c.verdict, c.table_path) for c in cross_year_checks(docs)] == [
        ("unverifiable", "requests.carried_over.total")]


def test_in_force_2021_only():
    prev = {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 0, "repealed": 0, "in_force": 4}}
    cur = {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
           "normative_documents": {"issued": 2, "repealed": 1, "in_force": 6}}
    docs = [report("甲县公安局", 2022, carried_forward={"total": 0}, active=prev),
            report("甲县公安局", 2023, carried_over={"total": 0}, active=cur)]
    checks = [c for c in cross_year_checks(docs) if c.rule.endswith("in_force")]
    assert [(c.rule, c.narrative_value, c.table_value, c.verdict) for c in checks] == [
        ("rules_in_force", 0, 0, "consistent"), ("normative_documents_in_force", 5, 6, "inconsistent")]
    docs = [report("甲县公安局", 2020, fmt="2019", carried_forward={"total": 0}),
            report("甲县公安局", 2021, carried_over={"total": 0}, active=cur)]
    assert [c.rule for c in cross_year_checks(docs)] == ["carried_forward_to_carried_over"]


def test_order_is_deterministic():
    docs = [report("乙县公安局", 2023, carried_over={"total": 1}), report("甲县公安局", 2023, carried_over={"total": 1}),
            report("乙县公安局", 2022, carried_forward={"total": 1}), report("甲县公安局", 2022, carried_forward={"total": 0})]
    assert [(c.extra["agency"], c.verdict) for c in cross_year_checks(docs)] == [
        ("乙县公安局", "consistent"), ("甲县公安局", "inconsistent")]


def test_reports_without_tables_give_nothing():
    assert cross_year_checks([report("甲县公安局", 2011), report("甲县公安局", 2012)]) == []


def test_fuller_duplicate_is_used():
    thin = report("甲县公安局", 2023, carried_over={"total": None})
    full = report("甲县公安局", 2023, carried_over={"total": 2})
    prev = report("甲县公安局", 2022, carried_forward={"total": 2})
    for docs in ([prev, thin, full], [prev, full, thin]):
        assert [(c.verdict, c.table_value) for c in cross_year_checks(docs)] == [("consistent", 2)]

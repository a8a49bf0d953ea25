"""Rule files: validated on load; every path in narrative_cells.toml is a schema path."""

from __future__ import annotations

import pytest

from gongkai.checks.rules import (
    evaluate,
    interval,
    load_narrative,
    load_plausibility,
    parse_expr,
    parse_narrative,
    parse_plausibility,
    valid_path,
)
from gongkai.document import Tables
from gongkai.errors import GongkaiError

CFG = load_narrative()


@pytest.mark.parametrize("rule", CFG.rules + CFG.zeros, ids=lambda r: r.rule)
def test_every_path_is_canonical(rule):
    assert all(valid_path(p) for expr in rule.cells for p in expr.paths)


def test_rule_ids_unique():
    ids = [r.rule for r in CFG.rules] + [z.rule for z in CFG.zeros]
    assert len(ids) == len(set(ids)) == 59


def test_trap_words_guard_their_rules():
    by_id = {r.rule: r for r in CFG.rules}
    assert "咨询" in by_id["requests_new_received"].exclude
    assert "信息处理费" in by_id["admin_fees_amount"].exclude
    assert by_id["penalty_published"].cells == ()


def _minimal(**rule):
    data = {"templates": {k: "" for k in ("consistent", "inconsistent", "unverifiable", "zero_consistent",
                                           "zero_inconsistent", "zero_note", "part_whole_consistent",
                                           "part_whole_inconsistent", "part_bound_consistent",
                                           "part_bound_inconsistent", "cross_year")},
            "part_whole": {"markers": ["其中"]},
            "rule": [{"rule": "r", "cells": ["requests.new_received.total"], "cues": ["收到"], "unit": ["件"],
                      **rule}]}
    return data


def test_parse_minimal():
    assert parse_narrative(_minimal()).rules[0].cells[0].paths == ("requests.new_received.total",)


@pytest.mark.parametrize("bad, reason", [
    ({"cells": ["requests.new_recieved.total"]}, "unknown path requests.new_recieved.total"),
    ({"cues": []}, "'cues' must not be empty"),
    ({"colour": "red"}, "unknown key(s) ['colour']"),
    ({"cells": []}, "a rule without cells needs a 'note'"),
])
def test_bad_rule_raises_bad_resource(bad, reason):
    with pytest.raises(GongkaiError) as err:
        parse_narrative(_minimal(**bad))
    assert err.value.code.value == "bad_resource"
    assert reason in str(err.value)


def test_duplicate_id_rejected():
    data = _minimal()
    data["rule"].append(dict(data["rule"][0]))
    with pytest.raises(GongkaiError, match="duplicate rule id"):
        parse_narrative(data)


def test_plausibility_needs_a_bound():
    with pytest.raises(GongkaiError, match="needs 'min' or 'max'"):
        parse_plausibility({"templates": {"out_of_range": "x"}, "rule": [{"rule": "x", "unit": ["件"]}]})
    with pytest.raises(GongkaiError, match="missing out_of_range"):
        parse_plausibility({"rule": []})
    assert [r.rule for r in load_plausibility().rules][:2] == ["households_max", "persons_max"]


def test_expressions():
    tables = Tables(requests={"granted": {"total": 2}, "partially_granted": {"total": 1},
                              "results_total": {"total": 4}, "carried_over": {"total": None}})
    assert evaluate(parse_expr("requests.granted.total+requests.partially_granted.total", "t"), tables) == 3
    assert evaluate(parse_expr("requests.granted.total+requests.partially_granted.total / "
                               "requests.results_total.total", "t"), tables) == 75.0
    assert evaluate(parse_expr("requests.carried_over.total", "t"), tables) is None
    assert evaluate(parse_expr("requests.new_received.total", "t"), tables) is None


@pytest.mark.parametrize("value, marker, expected", [
    (130, None, (130, 130)),
    (130, "余", (130, 1000 - 1e-9)),
    (4880, "余", (4880, 10000 - 1e-9)),
    (10, "超过", (10, 100 - 1e-9)),
    (2800, "近", (0, 2800)),
    (100, "达到", (100, 100)),
    (100, "约", (90, 110.00000000000001)),
])
def test_interval(value, marker, expected):
    assert interval(value, marker, CFG.approx) == pytest.approx(expected)


def test_elsewhere_words_parsed():
    rule = parse_narrative(_minimal(sections=["appeals"], elsewhere=["信息公开"])).rules[0]
    assert (rule.sections, rule.elsewhere) == (("appeals",), ("信息公开",))
    assert CFG.rules[[r.rule for r in CFG.rules].index("appeals_review_total")].sections == (
        "overview", "requests", "appeals", "problems", "other")


def test_bad_contrast_pair_rejected():
    data = _minimal()
    data["part_whole"]["contrasts"] = ["专职兼职"]
    with pytest.raises(GongkaiError, match="'专职兼职' is not 'whole word/item word'"):
        parse_narrative(data)

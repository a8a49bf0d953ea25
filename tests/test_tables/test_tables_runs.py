"""Run-together digits: splits, and the arithmetic that picks one (or refuses to)."""

import pytest

from gongkai.tables.runs import (
    Budget,
    BudgetExceeded,
    Equation,
    groups_ok,
    row_total_bound,
    row_total_ok,
    signs_ok,
    solve,
    splits,
)


def _all(tokens, k, accept=lambda s: True, limit=100_000):
    return list(splits(tokens, k, Budget(limit), accept))


@pytest.mark.parametrize("tokens, k, expected", [
    (["713000074"], 7, [("71", "3", "0", "0", "0", "0", "74")]),
    (["23", "0", "00", "0", "023"], 7, [("23", "0", "0", "0", "0", "0", "23")]),  # spaces are boundaries
    (["000"], 3, [("0", "0", "0")]),
    (["24252.311082"], 1, [("24252.311082",)]),
    (["00"], 1, []),  # no leading zeros
    (["12"], 3, []),  # too few digits
])
def test_splits(tokens, k, expected):
    assert _all(tokens, k, row_total_ok if k == 7 else (lambda s: True)) == expected


def test_row_total_leaves_two_candidates_that_columns_must_decide():
    assert _all(["270020130"], 7, row_total_ok) == [("2", "7", "0", "0", "20", "1", "30"),
                                                     ("27", "0", "0", "2", "0", "1", "30")]


def test_weak_rows_stay_ambiguous():
    found = _all(["693665"], 3)
    assert len(found) == 10 and ("69", "36", "65") in found and ("6", "93", "665") in found


def test_table_4_groups_pick_one_split():
    assert _all(["25380363300630003"], 15, groups_ok) == [
        ("25", "3", "8", "0", "36", "3", "3", "0", "0", "6", "3", "0", "0", "0", "3")]


def test_budget_is_enforced():
    with pytest.raises(BudgetExceeded):
        _all(["1234567890123456789012345"], 15, limit=50)


def test_solve_uses_column_balance():
    cands = {"new_received": [("64", "0", "0", "2", "0", "4", "70")],
             "granted": [("2", "7", "0", "0", "20", "1", "30"), ("27", "0", "0", "2", "0", "1", "30")],
             "other": [("37", "0", "0", "0", "0", "3", "40")],
             "results_total": [("64", "0", "0", "2", "0", "4", "70")]}
    eqs = [Equation(("new_received",), ("results_total",)), Equation(("results_total",), ("granted", "other"))]
    seen, found = solve(cands, eqs, 7, Budget(1000))
    assert found == 1 and seen["granted"] == {("27", "0", "0", "2", "0", "1", "30")}


def test_solve_reports_several_solutions():
    cands = {"a": [("1", "2"), ("2", "1")], "b": [("3", "3")]}
    seen, found = solve(cands, [Equation(("b",), ("b",))], 2, Budget(1000))
    assert found == 2 and seen["a"] == {("1", "2"), ("2", "1")}


def test_marks_and_signs_are_cells_of_a_run():
    from gongkai.tables.grid import Lines, grid_runs
    text = "其他对外管理服务事项450/行政处罚120-1764本年增/减行政强制203"
    rows = [[c.text for c in r] for r in grid_runs(text, 0, len(text), Lines(text)).rows()]
    assert rows == [["其他对外管理服务事项", "450", "/"], ["行政处罚", "120", "-1764"],
                    ["本年增/减行政强制", "203"]]


def test_a_leading_minus_is_a_sign_only_in_a_signed_field():
    fields = ("previous_items", "change", "decisions")
    accept = signs_ok(fields, {"change"})
    assert _all(["12", "-34"], 3, accept) == [("12", "-3", "4"), ("12", "-", "34")]
    assert _all(["72", "-4"], 2, signs_ok(("previous_items", "change"), {"change"})) == [("72", "-4")]
    assert _all(["450", "/"], 3, accept) == [("4", "50", "/"), ("45", "0", "/")]  # a blank is one cell


def test_solve_bounds_sums_by_a_row_without_candidates():
    cands = {"results_total": [("3", "4")], "a": [("2", "1"), ("4", "0")]}
    seen, found = solve(cands, [Equation(("results_total",), ("a", "misprinted"))], 2, Budget(1000))
    assert found == 1 and seen["a"] == {("2", "1")}  # a <= results_total: 4 > 3 is out


def test_row_total_bound_prunes_without_losing_splits():
    run = "315305019030003693"
    plain, bounded = Budget(10**6), Budget(10**6)
    assert _all([run], 7, row_total_ok) == list(splits([run], 7, bounded, row_total_bound([run]))) == [
        ("3153", "0", "50", "190", "300", "0", "3693")]
    list(splits([run], 7, plain, row_total_ok))
    assert bounded.used < plain.used // 10


def test_a_run_too_long_for_its_cells_is_given_up_at_once():
    # fuzzing appended 2,000 digits to a table row: the search must not walk (or sum) them
    run = "7" * 300
    budget = Budget(50)
    assert list(splits([run], 7, budget, row_total_bound([run]))) == []
    assert budget.used == 0
    assert list(splits(["1234567890123", "5"], 2, Budget(100))) == []  # 13 digits are no one cell
    assert ("123456789012", "3", "5") in list(splits(["1234567890123", "5"], 3, Budget(100)))

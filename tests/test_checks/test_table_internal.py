"""Table-internal arithmetic on hand-built tables."""

import tomllib
from importlib import resources

import pytest

from gongkai.checks.table_internal import load_rules, parse_formula, parse_rules, table_checks
from gongkai.config import CheckSettings
from gongkai.document import Cell, Tables
from gongkai.errors import Code, GongkaiError

COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total")
RESULTS_2021 = ("granted", "partially_granted", "withheld_state_secret", "withheld_prohibited_by_law",
                "withheld_security_stability", "withheld_third_party", "withheld_internal_affairs",
                "withheld_process_information", "withheld_enforcement_file", "withheld_administrative_query",
                "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
                "not_processed_petition", "not_processed_repeated", "not_processed_publication",
                "not_processed_excessive", "not_processed_confirmation",
                "other_overdue_correction", "other_overdue_fee", "other_misc")
SETTINGS = CheckSettings()


def _row(*six):
    return dict(zip(COLS, (*six, sum(six))))


def _requests(**rows):
    table = {key: _row(0, 0, 0, 0, 0, 0) for key in ("new_received", "carried_over", *RESULTS_2021,
                                                      "results_total", "carried_forward")}
    table.update(rows)
    return table


def _good() -> Tables:
    requests = _requests(new_received=_row(5, 1, 0, 0, 0, 0), carried_over=_row(1, 0, 0, 0, 0, 0),
                         granted=_row(3, 1, 0, 0, 0, 0), other_misc=_row(1, 0, 0, 0, 0, 0),
                         results_total=_row(4, 1, 0, 0, 0, 0), carried_forward=_row(2, 0, 0, 0, 0, 0))
    appeals = {"review": {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2},
               "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
               "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}}
    active = {"rules": {"issued": 0, "repealed": 0, "in_force": 3}, "admin_fees": {"amount_10k_yuan": 36.85}}
    return Tables(format="2021", active=active, requests=requests, appeals=appeals)


def _by(checks, verdict):
    return [c for c in checks if c.verdict == verdict]


def test_correct_tables_raise_no_alarm():
    checks = table_checks(_good(), (), SETTINGS)
    assert _by(checks, "inconsistent") == [] and _by(checks, "unverifiable") == []
    rules = [c.rule for c in checks]
    assert rules.count("requests_column_balance") == 7 and rules.count("requests_results_sum") == 7
    assert rules.count("requests_row_total") == 25 and rules.count("appeals_group_total") == 3
    assert rules.count("active_non_negative") == 2 and rules.count("active_integer") == 1


def test_column_imbalance_is_reported_with_both_sides():
    tables = _good()
    tables.requests["results_total"] = _row(4, 1, 1, 0, 0, 0)  # 科研机构 total 1 from nowhere
    checks = table_checks(tables, (), SETTINGS)
    bad = [(c.rule, c.table_path, c.left, c.right) for c in _by(checks, "inconsistent")]
    assert bad == [("requests_column_balance", "requests.results_total.research_institution", 0, 1),
                   ("requests_column_balance", "requests.results_total.total", 7, 8),
                   ("requests_results_sum", "requests.results_total.research_institution", 1, 0),
                   ("requests_results_sum", "requests.results_total.total", 6, 5)]
    first = _by(checks, "inconsistent")[0]
    assert first.explanation == "第三列(科研机构)：新收0+结转0 ≠ 办理结果总计1+结转下年0"
    assert first.formula == ("new_received.research_institution + carried_over.research_institution = "
                             "results_total.research_institution + carried_forward.research_institution")
    assert first.to_dict()["table"] == "requests"


def test_row_total_error_points_at_the_row_in_column_checks():
    tables = _good()
    tables.requests["granted"] = {**_row(3, 1, 0, 0, 0, 0), "total": 5}
    bad = [(c.rule, c.table_path, c.left, c.right) for c in _by(table_checks(tables, (), SETTINGS), "inconsistent")]
    assert bad == [("requests_results_sum", "requests.granted.total", 5, 6),
                   ("requests_row_total", "requests.granted.total", 5, 4)]


def test_blank_cell_makes_a_check_unverifiable():
    tables = _good()
    tables.requests["carried_forward"] = {**tables.requests["carried_forward"], "total": None}
    checks = table_checks(tables, (), SETTINGS)
    assert [(c.rule, c.table_path) for c in _by(checks, "unverifiable")] == [
        ("requests_column_balance", "requests.carried_forward.total"),
        ("requests_row_total", "requests.carried_forward.total")]
    assert _by(checks, "inconsistent") == []


def test_all_blank_column_counts_as_zero_elsewhere_but_is_not_checked_itself():
    tables = _good()
    for row in tables.requests.values():
        row["research_institution"] = None
    checks = table_checks(tables, (), SETTINGS)
    assert _by(checks, "inconsistent") == []
    unverifiable = {(c.rule, c.table_path) for c in _by(checks, "unverifiable")}
    assert unverifiable == {("requests_column_balance", "requests.new_received.research_institution"),
                            ("requests_results_sum", "requests.results_total.research_institution")}
    assert sum(c.rule == "requests_row_total" and c.verdict == "consistent" for c in checks) == 25


def test_2019_other_total_and_2021_single_other_row():
    tables = _good()
    requests = {k: v for k, v in tables.requests.items() if not k.startswith("other_")}
    requests["other_total"] = _row(1, 0, 0, 0, 0, 0)
    for fmt in ("2019", "2021"):
        checks = table_checks(Tables(format=fmt, requests=requests), (), SETTINGS)
        sums = [c for c in checks if c.rule == "requests_results_sum"]
        assert [c.verdict for c in sums] == ["consistent"] * 7 and "other_total" in sums[0].formula


def test_appeal_group_total():
    tables = _good()
    tables.appeals["review"]["total"] = 0
    bad = _by(table_checks(tables, (), SETTINGS), "inconsistent")
    assert [(c.table_path, c.left, c.right, c.explanation) for c in bad] == [
        ("appeals.review.total", 0, 2, "行政复议：总计0 ≠ 维持1+纠正1+其他结果0+尚未审结0")]


def test_table_2_sanity():
    tables = Tables(format="2019", active={"rules": {"made": -1, "published": 0, "total_published": 2},
                                           "licensing": {"previous_items": 3, "change": -2, "decisions": 4.5}})
    bad = [(c.rule, c.table_path, c.left) for c in _by(table_checks(tables, (), SETTINGS), "inconsistent")]
    assert bad == [("active_non_negative", "active.rules.made", -1), ("active_integer", "active.licensing.decisions", 4.5)]


def test_checks_on_split_runs_are_marked():
    tables = _good()
    cells = (Cell("requests.granted.total", 4, "4", {"line": 1, "row": 0, "col": 1, "run": "31000004", "piece": 6}),)
    checks = table_checks(tables, cells, SETTINGS)
    marked = {c.rule for c in checks if c.extra.get("cells_split_by_arithmetic")}
    assert marked == {"requests_results_sum", "requests_row_total"}


def test_empty_tables_give_no_checks():
    assert table_checks(Tables(), (), SETTINGS) == []


@pytest.mark.parametrize("text", ["a.b + c.d", "a.b = c.d = e.f", "a.b * 2 = c.d", "__import__('os') = a.b"])
def test_formula_parser_refuses_anything_but_keys_plus_equals(text):
    with pytest.raises(GongkaiError) as err:
        parse_formula(text)
    assert err.value.code is Code.BAD_RESOURCE


def test_rules_file_is_validated():
    data = tomllib.loads(resources.files("gongkai.resources").joinpath("table_rules.toml").read_text("utf-8"))
    assert len(load_rules().rules) == 4
    data["rules"].append(dict(data["rules"][0]))
    with pytest.raises(GongkaiError, match="duplicate rule id"):
        parse_rules(data)
    data["rules"].pop()
    data["rules"][0] = {**data["rules"][0], "formulas": ["new_received.{col} = no_such_row.{col}"]}
    with pytest.raises(GongkaiError, match="unknown path requests.no_such_row"):
        parse_rules(data)


def test_rule_labels_cover_the_schema():
    from gongkai.tables.schema import APPEAL_FIELDS, APPEAL_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS

    labels = load_rules().labels
    assert tuple(labels["requests"]) == REQUEST_ROWS and tuple(labels["col"]) == REQUEST_COLUMNS
    assert tuple(labels["appeals"]) == APPEAL_GROUPS and tuple(labels["appeals_fields"]) == APPEAL_FIELDS

"""narrative_table: linking prose quantities to table cells, verdicts, traps."""

from __future__ import annotations

import pytest

from gongkai.checks.narrative_table import narrative_table_checks
from gongkai.config import CheckSettings


def run(doc):
    return [c for c in narrative_table_checks(doc, CheckSettings())]


def only(doc):
    checks = run(doc)
    assert len(checks) == 1, [c.explanation for c in checks]
    return checks[0]


# ------------------------------------------------------------------ requests


def test_service_hall_applications_are_not_requests(make_doc, req):
    doc = make_doc("目前已开设窗口26个，共受理申请12150件。", requests=req(new_received=3, results_total=3))
    assert run(doc) == []


def test_received_consistent(make_doc, req):
    doc = make_doc("2023年我局共收到政府信息依申请公开事项7件，均来源于网页申请。",
                   requests=req(new_received=7))
    check = only(doc)
    assert (check.kind, check.rule, check.verdict) == ("narrative_table", "requests_new_received", "consistent")
    assert (check.table_path, check.table_value, check.narrative_value) == ("requests.new_received.total", 7, 7)
    assert (check.clause_start, check.clause_end) == (0, len(doc.text))
    assert check.explanation == ("文中「收到政府信息依申请公开事项7件」与表三 本年新收申请 总计=7 一致"
                                 "（规则 requests_new_received）")


def test_received_inconsistent_explanation(make_doc, req):
    doc = make_doc("本年度收到7件政府信息公开申请。", requests=req(new_received=6))
    check = only(doc)
    assert check.verdict == "inconsistent"
    assert check.explanation == "文中「收到7件」与表三 本年新收申请 总计=6 不符（规则 requests_new_received）"


def test_accepted_falls_back_to_results_total(make_doc, req):
    doc = make_doc("2023年，分局累计受理依申请公开政府信息事项38项，为历年之最。",
                   requests=req(new_received=36, carried_over=0, results_total=38))
    check = only(doc)
    assert (check.rule, check.verdict) == ("requests_accepted", "consistent")
    assert (check.table_path, check.table_value) == ("requests.results_total.total", 38)
    assert "按表三 办理结果总计 总计理解" in check.explanation


def test_a_clause_after_a_semicolon_keeps_the_sentences_subject(make_doc, req):
    # the second clause has no 申请 of its own; its sentence does
    doc = make_doc("全年共受理政府信息公开申请20件；共办理18件，结转下一年2件。",
                   requests=req(new_received=20, carried_over=0, results_total=18, carried_forward=2))
    checks = {c.narrative_value: c for c in run(doc)}
    assert checks[18].rule == "requests_accepted" and checks[18].verdict == "consistent"
    assert checks[18].table_path == "requests.results_total.total"
    assert checks[18].clause_start == doc.text.index("共办理")
    # a new sentence starts afresh: 办理 without 申请 in its own sentence links nothing
    other = make_doc("全年共受理政府信息公开申请20件。共办理18件。", requests=req(new_received=20, results_total=18))
    assert [c.narrative_value for c in run(other)] == [20]


def test_accepted_matches_new_plus_carried_over(make_doc, req):
    doc = make_doc("本年度受理政府信息公开申请12件。", requests=req(new_received=10, carried_over=2,
                                                                 results_total=11))
    check = only(doc)
    assert check.table_path == "requests.new_received.total+requests.carried_over.total"
    assert check.table_value == 12


def test_accepted_inconsistent_lists_every_candidate(make_doc, req):
    doc = make_doc("本年度受理政府信息公开申请9件。", requests=req(new_received=5, carried_over=1,
                                                                results_total=6))
    check = only(doc)
    assert check.verdict == "inconsistent"
    assert (check.table_path, check.table_value) == ("requests.new_received.total", 5)
    assert check.explanation == (
        "文中「受理政府信息公开申请9件」与表三 本年新收申请 总计=5、"
        "表三 本年新收+上年结转 总计=6、表三 办理结果总计 总计=6 不符（规则 requests_accepted）")


def test_outcome_list_links_each_row(make_doc, req):
    doc = make_doc("收到申请10件，其中予以公开4件、部分公开2件、不予公开1件、无法提供2件、不予处理1件。",
                   requests={**req(new_received=10, granted=4, partially_granted=2),
                             **{r: {"total": 0} for r in (
                                 "withheld_state_secret", "withheld_prohibited_by_law",
                                 "withheld_security_stability", "withheld_third_party",
                                 "withheld_internal_affairs", "withheld_process_information",
                                 "withheld_enforcement_file", "not_processed_repeated",
                                 "not_processed_publication", "not_processed_excessive",
                                 "not_processed_confirmation", "unavailable_unclear")},
                             "withheld_administrative_query": {"total": 1},
                             "unavailable_not_held": {"total": 1},
                             "unavailable_needs_creation": {"total": 1},
                             "not_processed_petition": {"total": 1}})
    checks = run(doc)
    assert [(c.rule, c.verdict, c.table_value) for c in checks] == [
        ("requests_new_received", "consistent", 10),
        ("requests_granted", "consistent", 4),
        ("requests_partially_granted", "consistent", 2),
        ("requests_withheld", "consistent", 1),
        ("requests_unavailable", "consistent", 2),
        ("requests_not_processed", "consistent", 1),
    ]


def test_carried_over_and_forward(make_doc, req):
    doc = make_doc("上年结转申请2件；结转下年度继续办理3件。",
                   requests=req(carried_over=2, carried_forward=1))
    checks = run(doc)
    assert [(c.rule, c.verdict) for c in checks] == [
        ("requests_carried_over", "consistent"), ("requests_carried_forward", "inconsistent")]


def test_unit_mismatch_not_linked(make_doc, req):
    doc = make_doc("收到政府信息公开申请7人次。", requests=req(new_received=1))
    assert run(doc) == []


def test_blank_cell_is_unverifiable(make_doc):
    doc = make_doc("收到政府信息公开申请7件。", requests={"new_received": {"total": None}})
    check = only(doc)
    assert check.verdict == "unverifiable"
    assert check.explanation == ("文中「收到政府信息公开申请7件」无法核对：表中没有表三 本年新收申请 总计的数值"
                                 "（规则 requests_new_received）")


def test_on_time_rate_is_unverifiable(make_doc, req):
    doc = make_doc("按时答复率达到100%。", requests=req(new_received=7))
    check = only(doc)
    assert (check.rule, check.verdict) == ("requests_on_time_rate", "unverifiable")


def test_granted_rate_recomputed(make_doc, req):
    doc = make_doc("依申请公开的公开率为75%。", requests=req(granted=2, partially_granted=1, results_total=4))
    check = only(doc)
    assert (check.rule, check.verdict, check.table_value) == ("requests_granted_rate", "consistent", 75.0)


# ------------------------------------------------------------------ approximations


@pytest.mark.parametrize("sentence, value, verdict", [
    ("收到政府信息公开申请130余件。", 134, "consistent"),
    ("收到政府信息公开申请130余件。", 129, "inconsistent"),
    ("收到政府信息公开申请130多件。", 230, "consistent"),
    ("收到政府信息公开申请130多件。", 1000, "inconsistent"),
    ("收到政府信息公开申请超过130件。", 131, "consistent"),
    ("收到政府信息公开申请近130件。", 125, "consistent"),
    ("收到政府信息公开申请近130件。", 131, "inconsistent"),
    ("收到政府信息公开申请不到130件。", 130, "consistent"),
    ("收到政府信息公开申请约130件。", 142, "consistent"),
    ("收到政府信息公开申请约130件。", 144, "inconsistent"),
])
def test_approximation(make_doc, req, sentence, value, verdict):
    check = only(make_doc(sentence, requests=req(new_received=value)))
    assert check.verdict == verdict


# ------------------------------------------------------------------ appeals


def test_review_count(make_doc, req, appeals):
    doc = make_doc("2023 年度受理政府信息公开申请 1 件，产生行政复议 1 件，判决结果为责令答复。",
                   requests=req(new_received=1), appeals=appeals(review={"corrected": 1}))
    checks = run(doc)
    assert [(c.rule, c.verdict, c.table_path) for c in checks] == [
        ("requests_accepted", "consistent", "requests.new_received.total"),
        ("appeals_review_total", "consistent", "appeals.review.total"),
    ]


def test_corrected_and_lost(make_doc, appeals):
    doc = make_doc("被申请行政复议3件，其中被纠错1件；行政诉讼败诉2件。",
                   appeals=appeals(review={"upheld": 2, "corrected": 1},
                                   litigation_direct={"corrected": 1}, litigation_after_review={"corrected": 1}))
    checks = run(doc)
    assert [(c.rule, c.verdict, c.table_value) for c in checks] == [
        ("appeals_review_total", "consistent", 3),
        ("appeals_review_corrected", "consistent", 1),
        ("appeals_litigation_corrected", "consistent", 2),
    ]


def test_no_appeals_consistent(make_doc, appeals):
    doc = make_doc("在受理过程中，按时答复，没有引发行政复议、行政诉讼案件。", appeals=appeals())
    checks = run(doc)
    assert [(c.rule, c.verdict, c.table_path, c.table_value, c.narrative_value) for c in checks] == [
        ("appeals_review_none", "consistent", "appeals.review.total", 0, 0),
        ("appeals_litigation_none", "consistent",
         "appeals.litigation_direct.total+appeals.litigation_after_review.total", 0, 0),
    ]


def test_negated_claim_with_pending_case(make_doc, appeals):
    text = ("答复流程合规合法，暂未引起行政复议和行政诉讼。"
            "另1件尚未审结系上年申请人提起的行政诉讼，目前再审尚未办结。")
    doc = make_doc(text, year=2024, appeals=appeals(litigation_after_review={"pending": 1}))
    checks = {c.rule: c for c in run(doc)}
    assert checks["appeals_review_none"].verdict == "consistent"
    lit = checks["appeals_litigation_none"]
    assert (lit.verdict, lit.table_value) == ("inconsistent", 1)
    assert lit.explanation == (
        "文中「暂未引起行政复议和行政诉讼」即为0，与表四 行政诉讼（直接起诉+复议后起诉） 总计=1 不符，"
        "表中显示有表四 复议后起诉 尚未审结=1（规则 appeals_litigation_none）；文中另有说明（同段提到尚未审结）")


def test_no_requests_claim(make_doc, req):
    doc = make_doc("2023年以来，我局没有收到依申请公开政府信息的情况。", requests=req(new_received=2))
    check = only(doc)
    assert (check.rule, check.verdict, check.table_value) == ("requests_none", "inconsistent", 2)


# ------------------------------------------------------------------ table 2


def test_normative_documents_issued(make_doc):
    doc = make_doc("2023 年我局制发行政规范性文件 0 件。", section="overview",
                   active={"normative_documents": {"issued": 0, "repealed": 0, "in_force": 1}})
    check = only(doc)
    assert (check.rule, check.verdict, check.table_path) == (
        "normative_documents_issued", "consistent", "active.normative_documents.issued")


def test_normative_documents_2019_format(make_doc):
    doc = make_doc("全年制定规范性文件2件。", table_format="2019",
                   active={"normative_documents": {"made": 2, "published": 2, "total_published": 9}})
    check = only(doc)
    assert (check.verdict, check.table_path) == ("consistent", "active.normative_documents.made")


def test_penalty_decisions(make_doc):
    doc = make_doc("全年共作出行政处罚决定1123件。", active={"penalty": {"decisions": 1120}})
    check = only(doc)
    assert (check.rule, check.verdict, check.table_value) == ("penalty_decisions", "inconsistent", 1120)


# ------------------------------------------------------------------ traps: never inconsistent


def test_trap_published_penalties(make_doc):
    doc = make_doc("其中发布工作动态118条，公开行政处罚933条，公布政务服务事项172项。",
                   active={"penalty": {"decisions": 233335}})
    checks = run(doc)
    assert [(c.rule, c.verdict) for c in checks] == [("penalty_published", "unverifiable")]


def test_trap_published_list_inherits_publication(make_doc):
    doc = make_doc("2021年以来，向社会公开行政许可事项229条，行政处罚1123条。", year=2021,
                   active={"licensing": {"decisions": 5000}, "penalty": {"decisions": 900}})
    assert [(c.rule, c.verdict) for c in run(doc)] == [
        ("licensing_published", "unverifiable"), ("penalty_published", "unverifiable")]


def test_trap_information_processing_fee(make_doc):
    doc = make_doc("本年度收取信息处理费0.5万元。", section="other",
                   active={"admin_fees": {"amount_10k_yuan": 148.7}})
    assert run(doc) == []


def test_admin_fees_amount(make_doc):
    doc = make_doc("本年度行政事业性收费148.74万元。", active={"admin_fees": {"amount_10k_yuan": 148.743504}})
    assert only(doc).verdict == "consistent"


@pytest.mark.parametrize("sentence", [
    "共接收现场咨询、电话咨询2800件。",
    "共收到来自市长热线等单位交办件355件。",
    "全年共受理群众对政务公开工作的投诉建议3件。",
    "共收到群众诉求申请15件。",
    "接到信访申请事项6件。",
])
def test_trap_enquiries_and_petitions(make_doc, req, sentence):
    assert run(make_doc(sentence, requests=req(new_received=1, results_total=1))) == []


def test_trap_other_year_dates_the_whole_clause(make_doc, req):
    doc = make_doc("2022年收到政府信息公开申请5件，办结申请5件。", year=2023, requests=req(new_received=9, results_total=9))
    assert run(doc) == []
    doc = make_doc("2023年收到政府信息公开申请9件，办结申请9件。", year=2023, requests=req(new_received=9, results_total=9))
    assert [c.verdict for c in run(doc)] == ["consistent", "consistent"]


def test_trap_other_year(make_doc, req):
    doc = make_doc("2022年共收到政府信息公开申请5件，较上年收到的3件有所增加。", year=2023,
                   requests=req(new_received=9))
    assert run(doc) == []


def test_trap_media_articles(make_doc, req):
    doc = make_doc("发表各类信息共663篇，被省级媒体采用24篇。", requests=req(new_received=1))
    assert run(doc) == []


def test_section_filter(make_doc, req):
    doc = make_doc("收到政府信息公开申请7件。", section="problems", requests=req(new_received=6))
    assert run(doc) == []


def test_per_item_is_not_a_count(make_doc, req):
    doc = make_doc("明确由专人负责办理，每1件依申请公开事项均先登记。", requests=req(new_received=3, results_total=3))
    assert run(doc) == []


def test_cue_must_share_the_comma_segment(make_doc, req):
    doc = make_doc("由民警负责受理申请，形成意见后共研判5件。", requests=req(new_received=3, results_total=3))
    assert run(doc) == []


def test_quote_starts_at_first_cue(make_doc, req):
    doc = make_doc("接收申请表1份，无法提供（不存在）1份。",
                   requests={**req(new_received=1), "unavailable_not_held": {"total": 1},
                             "unavailable_needs_creation": {"total": 0}, "unavailable_unclear": {"total": 0}})
    checks = run(doc)
    assert checks[1].explanation == ("文中「无法提供（不存在）1份」与表三 无法提供·不掌握 总计=1 一致"
                                     "（规则 requests_unavailable_not_held）")


def test_granted_or_partial_sum(make_doc, req):
    doc = make_doc("办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；",
                   requests=req(granted=22, partially_granted=20, results_total=81))
    checks = run(doc)
    assert [(c.rule, c.verdict, c.table_value) for c in checks] == [
        ("requests_results_total", "consistent", 81), ("requests_granted_or_partial", "consistent", 42)]


def test_received_may_include_carried_over(make_doc, req):
    doc = make_doc("全年收到政府信息公开申请75件。", requests=req(new_received=74, carried_over=1))
    check = only(doc)
    assert (check.verdict, check.table_path) == ("consistent", "requests.new_received.total+requests.carried_over.total")
    assert "按表三 本年新收+上年结转 总计理解" in check.explanation


@pytest.mark.parametrize("sentence", [
    "本报告包括收到和处理政府信息公开申请情况、因政府信息公开申请提起行政诉讼的情况和其他需要报告的事项等六个部分。",
    "坚持第一时间受理申请的“三个一”工作机制。",
    "答复3050件（含上年度结转申请34件）。",
])
def test_not_linked(make_doc, req, appeals, sentence):
    doc = make_doc(sentence, requests=req(new_received=70, carried_over=34, results_total=69),
                   appeals=appeals(litigation_direct={"upheld": 12}))
    assert [c.table_value for c in run(doc)] == ([34] if "结转" in sentence else [])


def test_no_review_request_is_not_no_request(make_doc, req, appeals):
    doc = make_doc("本年度未收到有关政府信息公开行政复议申请。", requests=req(new_received=5), appeals=appeals())
    assert [(c.rule, c.verdict) for c in run(doc)] == [("appeals_review_none", "consistent")]


@pytest.mark.parametrize("sentence, rule, path", [
    ("因属于国家秘密不予公开1件。", "requests_withheld_state_secret", "requests.withheld_state_secret.total"),
    ("本机关不掌握相关政府信息2件。", "requests_unavailable_not_held", "requests.unavailable_not_held.total"),
    ("申请人逾期不补正的1件。", "requests_other_overdue_correction", "requests.other_overdue_correction.total"),
    ("属于重复申请不予处理3件。", "requests_not_processed_repeated", "requests.not_processed_repeated.total"),
])
def test_result_sub_rows(make_doc, sentence, rule, path):
    row = path.split(".")[1]
    doc = make_doc(sentence, requests={row: {"total": 9}})
    check = only(doc)
    assert (check.rule, check.table_path, check.verdict) == (rule, path, "inconsistent")


def test_rules_repealed_and_in_force(make_doc):
    doc = make_doc("本年度废止规章1件，现行有效规章3件。",
                   active={"rules": {"issued": 0, "repealed": 1, "in_force": 4}})
    assert [(c.rule, c.verdict) for c in run(doc)] == [("rules_repealed", "consistent"),
                                                     ("rules_in_force", "inconsistent")]


def test_year_long_none(make_doc, req, appeals):
    doc = make_doc("全年无依申请公开事项，本年度无行政复议和行政诉讼案件。", requests=req(new_received=0), appeals=appeals())
    assert [(c.rule, c.verdict) for c in run(doc)] == [
        ("appeals_review_none", "consistent"), ("appeals_litigation_none", "consistent"),
        ("requests_none", "consistent")]


# ------------------------------------------------------------------ appeals outside section 四


@pytest.mark.parametrize("section", ["problems", "other"])
def test_appeal_counts_in_sections_five_and_six(make_doc, appeals, section):
    doc = make_doc("个别依申请公开事项答复不够规范，引发行政复议2件，行政诉讼1件。", section=section,
                   appeals=appeals(review={"upheld": 1, "corrected": 1}, litigation_direct={"upheld": 2}))
    assert [(c.rule, c.verdict, c.table_path, c.table_value) for c in run(doc)] == [
        ("appeals_review_total", "consistent", "appeals.review.total", 2),
        ("appeals_litigation_total", "inconsistent",
         "appeals.litigation_direct.total+appeals.litigation_after_review.total", 2),
    ]


def test_zero_appeals_in_problems_section(make_doc, appeals):
    doc = make_doc("答复质量有待提高，虽未引发行政复议，但仍需改进。", section="problems",
                   appeals=appeals(review={"pending": 1}))
    assert [(c.rule, c.verdict, c.table_value) for c in run(doc)] == [("appeals_review_none", "inconsistent", 1)]


def test_appeal_count_elsewhere_needs_disclosure_words(make_doc, appeals):
    table = appeals(review={"upheld": 3})
    doc = make_doc("因政府信息公开申请引发行政复议3件。", section="active", appeals=table)
    assert [(c.rule, c.verdict) for c in run(doc)] == [("appeals_review_total", "consistent")]
    # a bureau's reviews in general (section 二) are not table 四's
    assert run(make_doc("全年办理行政复议案件45件。", section="active", appeals=table)) == []


@pytest.mark.parametrize("sentence", ["接待群众信访引发行政复议咨询12件。", "群众咨询行政复议事项30件。"])
def test_problems_section_traps(make_doc, appeals, sentence):
    assert run(make_doc(sentence, section="problems", appeals=appeals(review={"upheld": 1}))) == []


def test_processing_fee_in_section_six_is_no_admin_fee(make_doc):
    doc = make_doc("本年度收取信息处理费0.3万元，未引发行政复议。", section="other",
                   active={"admin_fees": {"amount_10k_yuan": 12.5}}, appeals={})
    assert [(c.rule, c.verdict) for c in run(doc)] == [("appeals_review_none", "unverifiable")]


# ------------------------------------------------------------------ requests by applicant


def applicants(**cols: int) -> dict[str, int]:
    row = {c: 0 for c in ("natural_person", "commercial_enterprise", "research_institution",
                          "social_welfare_org", "legal_service_org", "other_org")}
    row.update(cols)
    row["total"] = sum(row.values())
    return row


def test_applicant_list_after_total(make_doc):
    doc = make_doc("2023年共收到政府信息公开申请68件，其中自然人申请55件、法人或其他组织申请13件。",
                   requests={"new_received": applicants(natural_person=55, commercial_enterprise=10, other_org=3)})
    checks = run(doc)
    assert [(c.rule, c.verdict, c.table_path, c.table_value) for c in checks] == [
        ("requests_new_received", "consistent", "requests.new_received.total", 68),
        ("requests_new_received_natural_person", "consistent", "requests.new_received.natural_person", 55),
        ("requests_new_received_legal_person", "consistent",
         "requests.new_received.commercial_enterprise+requests.new_received.research_institution"
         "+requests.new_received.social_welfare_org+requests.new_received.legal_service_org"
         "+requests.new_received.other_org", 13),
    ]
    assert checks[2].explanation == ("文中「法人或其他组织申请13件」与表三 本年新收申请 法人或其他组织（5列合计）=13 一致"
                                     "（规则 requests_new_received_legal_person）")


def test_short_applicant_list_inconsistent(make_doc):
    doc = make_doc("本年度收到申请68件，其中自然人50件、法人18件。",
                   requests={"new_received": applicants(natural_person=55, commercial_enterprise=13)})
    assert [(c.rule, c.verdict, c.narrative_value, c.table_value) for c in run(doc)] == [
        ("requests_new_received", "consistent", 68, 68),
        ("requests_new_received_natural_person", "inconsistent", 50, 55),
        ("requests_new_received_legal_person", "inconsistent", 18, 13),
    ]


@pytest.mark.parametrize("sentence,column", [
    ("商业企业申请3件", "commercial_enterprise"), ("科研机构申请1件", "research_institution"),
    ("社会公益组织申请2件", "social_welfare_org"), ("法律服务机构申请4件", "legal_service_org"),
    ("其他组织申请5件", "other_org"), ("自然人提出申请6件", "natural_person"),
])
def test_each_applicant_column(make_doc, sentence, column):
    value = int(sentence[-2])
    doc = make_doc(f"收到的申请中，{sentence}。", requests={"new_received": applicants(**{column: value})})
    assert [(c.rule, c.verdict, c.table_path) for c in run(doc)] == [
        (f"requests_new_received_{column}", "consistent", f"requests.new_received.{column}")]


def test_applicant_counts_traps(make_doc):
    table = {"new_received": applicants(natural_person=5, commercial_enterprise=63),
             "carried_over": applicants(natural_person=2)}
    assert run(make_doc("接待自然人咨询申请事项30件。", requests=table)) == []
    # carried-over requests by applicant are not new ones
    assert [(c.rule, c.verdict) for c in run(make_doc("上年结转自然人申请2件。", requests=table))] == [
        ("requests_carried_over", "consistent")]
    # several applicant types before one number: their sum, not a single column
    assert run(make_doc("收到自然人、法人申请共68件。", requests=table)) == []


# ------------------------------------------------------------------ wordings met in train reports


def test_excluded_word_in_an_earlier_segment_does_not_block(make_doc):
    doc = make_doc("按要求做好文件清理工作，本年我局制发行政规范性文件2件。",
                   active={"normative_documents": {"issued": 2}})
    assert [(c.rule, c.verdict) for c in run(doc)] == [("normative_documents_issued", "consistent")]
    # in the number's own segment it still does
    assert run(make_doc("本年清理规范性文件2件。", active={"normative_documents": {"issued": 2}})) == []


def test_requests_total_far_after_the_verb(make_doc, req):
    doc = make_doc("本年度全县接收通过信函、网络等渠道提交的各类政府信息公开申请共计15件。",
                   requests=req(new_received=15))
    assert [(c.rule, c.verdict) for c in run(doc)] == [("requests_new_received", "consistent")]
    doc = make_doc("本年度受理政府信息公开申请共计15件。", requests=req(new_received=14, carried_over=1,
                                                                    results_total=15))
    assert [(c.rule, c.verdict) for c in run(doc)] == [("requests_accepted", "consistent")]


def test_carried_forward_to_a_named_year(make_doc, req):
    doc = make_doc("全年申请办结20件，结转至2024年3件。", requests=req(results_total=20, carried_forward=3))
    assert [(c.rule, c.verdict) for c in run(doc)] == [("requests_results_total", "consistent"),
                                                        ("requests_carried_forward", "consistent")]


def test_review_request_counted_in_copies(make_doc, appeals):
    doc = make_doc("收到1份有关政府信息公开的行政复议申请。", appeals=appeals(review={"upheld": 2}))
    assert [(c.rule, c.verdict, c.table_value) for c in run(doc)] == [("appeals_review_total", "inconsistent", 2)]


@pytest.mark.parametrize("sentence", ["在政府信息公开专栏公布行政复议决定书12份。",
                                      "依申请公开工作人员参加行政诉讼应诉培训3次。"])
def test_published_decisions_and_trainings_are_no_appeal_counts(make_doc, appeals, sentence):
    assert run(make_doc(sentence, section="active", appeals=appeals(review={"upheld": 1}))) == []

"""Canonical keys and official labels of tables 2-4 (schema.md), as the generator's own data.

Kept separate from ``gongkai.resources`` on purpose: the hold-out must not share the
pipeline's label lists, or a label the pipeline misses would be missed here too.
"""

from __future__ import annotations

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_org", "legal_service_org", "other_org")
REQ_COLS = APPLICANTS + ("total",)

# (row key, group label or None, sub label or None, item label); group/sub merge vertically.
_WITHHELD = [
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "5.属于三类内部事务信息"),
    ("withheld_process_information", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "8.属于行政查询事项"),
]
_UNAVAILABLE = [
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确"),
]
_NOT_PROCESSED = [
    ("not_processed_petition", "1.信访举报投诉类申请"),
    ("not_processed_repeated", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
]
_OTHER_2021 = [
    ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", "3.其他"),
]

GROUP_RESULTS = "三、本年度办理结果"


def request_rows(fmt: str) -> list[tuple[str, str | None, str]]:
    """(row key, sub-group label or None, item label) in table order; group rows first/last."""
    rows: list[tuple[str, str | None, str]] = [
        ("new_received", None, "一、本年新收政府信息公开申请数量"),
        ("carried_over", None, "二、上年结转政府信息公开申请数量"),
        ("granted", None, "（一）予以公开"),
        ("partially_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ]
    rows += [(k, "（三）不予公开", lab) for k, lab in _WITHHELD]
    rows += [(k, "（四）无法提供", lab) for k, lab in _UNAVAILABLE]
    rows += [(k, "（五）不予处理", lab) for k, lab in _NOT_PROCESSED]
    if fmt == "2021":
        rows += [(k, "（六）其他处理", lab) for k, lab in _OTHER_2021]
    else:
        rows.append(("other_total", None, "（六）其他处理"))
    rows.append(("results_total", None, "（七）总计"))
    rows.append(("carried_forward", None, "四、结转下年度继续办理"))
    return rows


RESULT_ROWS_2021 = ("granted", "partially_granted") + tuple(k for k, _ in _WITHHELD) + tuple(
    k for k, _ in _UNAVAILABLE) + tuple(k for k, _ in _NOT_PROCESSED) + tuple(k for k, _ in _OTHER_2021)
RESULT_ROWS_2019 = ("granted", "partially_granted") + tuple(k for k, _ in _WITHHELD) + tuple(
    k for k, _ in _UNAVAILABLE) + tuple(k for k, _ in _NOT_PROCESSED) + ("other_total",)


def result_rows(fmt: str) -> tuple[str, ...]:
    return RESULT_ROWS_2021 if fmt == "2021" else RESULT_ROWS_2019


APPEAL_GROUPS = ("review", "litigation_direct", "litigation_after_review")
APPEAL_FIELDS = ("upheld", "corrected", "other", "pending", "total")
APPEAL_FIELD_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# Table 2 blocks: (article label, header labels, [(row key, row label)], fields).
ACTIVE_2021 = [
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
     [("rules", "规章"), ("normative_documents", "行政规范性文件")], ("issued", "repealed", "in_force")),
    ("第二十条第（五）项", ("本年处理决定数量",), [("licensing", "行政许可")], ("decisions",)),
    ("第二十条第（六）项", ("本年处理决定数量",), [("penalty", "行政处罚"), ("coercion", "行政强制")],
     ("decisions",)),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("admin_fees", "行政事业性收费")],
     ("amount_10k_yuan",)),
]
ACTIVE_2019 = [
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     [("rules", "规章"), ("normative_documents", "规范性文件")], ("made", "published", "total_published")),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
     ("previous_items", "change", "decisions")),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     [("penalty", "行政处罚"), ("coercion", "行政强制")], ("previous_items", "change", "decisions")),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), [("admin_fees", "行政事业性收费")],
     ("previous_items", "change")),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), [("procurement", "政府集中采购")],
     ("items", "amount_10k_yuan")),
]


def active_blocks(fmt: str) -> list:
    return ACTIVE_2021 if fmt == "2021" else ACTIVE_2019


SECTION_KEYS = ("overview", "active", "requests", "appeals", "problems", "other")
OVERVIEW_SUBS = ("active_disclosure", "request_disclosure", "information_management",
                 "platform_building", "supervision")
PROBLEM_SUBS = ("identified_problems", "improvements")

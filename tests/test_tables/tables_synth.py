"""Synthetic reports (invented values, official row labels) in every text serialisation.

``report(style)`` returns the text of one invented report whose tables hold ``ACTIVE``,
``REQUESTS`` and ``APPEALS``; the table stage must read them back exactly.
"""

from __future__ import annotations

COLS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total")

ACTIVE = {"rules": {"issued": 0, "repealed": 0, "in_force": 3},
          "normative_documents": {"issued": 2, "repealed": 1, "in_force": 14},
          "licensing": {"decisions": 12840}, "penalty": {"decisions": 5321},
          "coercion": {"decisions": 211}, "admin_fees": {"amount_10k_yuan": 36.85}}

# (key, label cells as printed); rows run in printed order
REQUEST_ROWS = [
    ("new_received", ["一、本年新收政府信息公开申请数量"]),
    ("carried_over", ["二、上年结转政府信息公开申请数量"]),
    ("granted", ["三、本年度办理结果", "（一）予以公开"]),
    ("partially_granted", ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
    ("withheld_state_secret", ["", "（三）不予公开", "1.属于国家秘密"]),
    ("withheld_prohibited_by_law", ["", "", "2.其他法律行政法规禁止公开"]),
    ("withheld_security_stability", ["", "", "3.危及“三安全一稳定”"]),
    ("withheld_third_party", ["", "", "4.保护第三方合法权益"]),
    ("withheld_internal_affairs", ["", "", "5.属于三类内部事务信息"]),
    ("withheld_process_information", ["", "", "6.属于四类过程性信息"]),
    ("withheld_enforcement_file", ["", "", "7.属于行政执法案卷"]),
    ("withheld_administrative_query", ["", "", "8.属于行政查询事项"]),
    ("unavailable_not_held", ["", "（四）无法提供", "1.本机关不掌握相关政府信息"]),
    ("unavailable_needs_creation", ["", "", "2.没有现成信息需要另行制作"]),
    ("unavailable_unclear", ["", "", "3.补正后申请内容仍不明确"]),
    ("not_processed_petition", ["", "（五）不予处理", "1.信访举报投诉类申请"]),
    ("not_processed_repeated", ["", "", "2.重复申请"]),
    ("not_processed_publication", ["", "", "3.要求提供公开出版物"]),
    ("not_processed_excessive", ["", "", "4.无正当理由大量反复申请"]),
    ("not_processed_confirmation", ["", "", "5.要求行政机关确认或重新出具已获取信息"]),
    ("other_overdue_correction", ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]),
    ("other_overdue_fee", ["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]),
    ("other_misc", ["", "", "3.其他"]),
    ("results_total", ["", "（七）总计"]),
    ("carried_forward", ["四、结转下年度继续办理"]),
]

_NONZERO = {"new_received": (15, 3, 0, 1, 1, 1), "carried_over": (2, 0, 0, 0, 0, 0),
            "granted": (5, 1, 0, 0, 1, 0), "partially_granted": (2, 0, 0, 0, 0, 0),
            "withheld_third_party": (1, 0, 0, 0, 0, 0), "unavailable_not_held": (6, 1, 0, 0, 0, 0),
            "not_processed_repeated": (1, 0, 0, 0, 0, 0), "other_misc": (0, 0, 0, 1, 0, 1),
            "results_total": (15, 2, 0, 1, 1, 1), "carried_forward": (2, 1, 0, 0, 0, 0)}
REQUESTS = {key: dict(zip(COLS, (*_NONZERO.get(key, (0,) * 6), sum(_NONZERO.get(key, (0,) * 6)))))
            for key, _ in REQUEST_ROWS}
APPEALS = {"review": {"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4},
           "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
           "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}}

Row = tuple[list[str], list[str]]  # (label cells, value cells)


def _fmt(v: float) -> str:
    return str(v)


def table2() -> list[Row]:
    a = ACTIVE
    return [(["第二十条第（一）项"], []),
            (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], []),
            (["规章"], [_fmt(v) for v in a["rules"].values()]),
            (["行政规范性文件"], [_fmt(v) for v in a["normative_documents"].values()]),
            (["第二十条第（五）项"], []), (["信息内容", "本年处理决定数量"], []),
            (["行政许可"], [_fmt(a["licensing"]["decisions"])]),
            (["第二十条第（六）项"], []), (["信息内容", "本年处理决定数量"], []),
            (["行政处罚"], [_fmt(a["penalty"]["decisions"])]),
            (["行政强制"], [_fmt(a["coercion"]["decisions"])]),
            (["第二十条第（八）项"], []), (["信息内容", "本年收费金额（单位：万元）"], []),
            (["行政事业性收费"], [_fmt(a["admin_fees"]["amount_10k_yuan"])])]


def table3() -> list[Row]:
    head: list[Row] = [(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"], []),
                       (["", "自然人", "法人或其他组织", "总计"], []),
                       (["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], [])]
    return head + [(labels, [str(v) for v in REQUESTS[key].values()]) for key, labels in REQUEST_ROWS]


def table4() -> list[Row]:
    words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    values = [str(v) for group in APPEALS.values() for v in group.values()]
    return [(["行政复议", "行政诉讼"], []), (words + ["未经复议直接起诉", "复议后起诉"], []),
            (["", "", "", "", ""] + words + words, []), ([], values)]


def _serialise(rows: list[Row], style: str) -> str:
    out: list[str] = []
    for i, (labels, values) in enumerate(rows):
        cells = labels + values
        if style == "lines":  # Word dump: one tab-led cell per line, blank line between rows
            out.append("\n".join("\t" + c for c in cells) + "\n")
        elif style == "tsv":
            out.append("\t".join(cells))
        elif style == "pipe":
            out.append(" | ".join(cells) + " |")
        elif style == "markdown":
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * len(cells))
        elif style == "layout":  # pdftotext -layout: label, then columns 2+ spaces apart
            label = "  ".join(c for c in labels if c)
            out.append((label + "    " if label else "") + "    ".join(values))
        elif style == "html":  # get_text("\n") with blank lines dropped: one cell per line
            out.extend(c for c in cells if c)
        elif style == "runs":  # crawler page text: everything run together
            out.append("".join(labels) + "".join(values))
    joiner = "" if style == "runs" else "\n"
    return joiner.join(out)


def report(style: str) -> str:
    """A whole invented 2023 report with the three tables in one serialisation."""
    sep = "" if style == "runs" else "\n"
    parts = ["青禾市某区测试局2023年政府信息公开工作年度报告", "一、总体情况",
             "（一）主动公开。本年度主动公开政府信息120条。",
             "二、主动公开政府信息情况", _serialise(table2(), style),
             "三、收到和处理政府信息公开申请情况", _serialise(table3(), style),
             "四、政府信息公开行政复议、行政诉讼情况", _serialise(table4(), style),
             "五、存在的主要问题及改进情况", "（一）存在的主要问题。栏目更新不够及时。"]
    return sep.join(parts) + "\n"

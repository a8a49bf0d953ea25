"""Narrative prose with recorded claims: table references, traps and part-whole sentences.

Every number written into the prose is recorded with the clause that carries it (``anchor``)
so the scorer can find the pipeline's checks on that clause.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .names import FILLER, filler
from .tables import Value

CN_SMALL = "零一二三四五六七八九十"


@dataclass
class Claim:
    """One numeric assertion in the prose and what a correct checker must say about it."""

    kind: str  # table | trap | part_whole | neutral
    label: str  # rule-like id (requests_new_received, trap_consult, pw_publication, …)
    anchor: str  # the clause text that holds the number
    stated: float | int | None = None
    paths: tuple[str, ...] = ()  # acceptable table paths (substring match on check.table_path)
    table_value: Value = None
    planted: bool = False  # the claim disagrees with the table / its parts
    whole: int | None = None
    parts: tuple[int, ...] = ()
    section: str = ""
    note: str = ""


@dataclass
class Prose:
    """What the narrative generator returns: blocks per section plus the claims inside."""

    blocks: dict[str, list[str]] = field(default_factory=dict)  # section key -> paragraphs
    claims: list[Claim] = field(default_factory=list)


def num(rng: random.Random, value: int, style: dict) -> str:
    """A number as the prose writes it: digits, spaced digits or a Chinese numeral."""
    if style.get("cn") and 0 < value <= 10 and rng.random() < 0.5:
        return "两" if value == 2 and rng.random() < 0.5 else CN_SMALL[value]
    text = f"{value:,}" if value >= 10000 and style.get("commas") else str(value)
    return f" {text} " if style.get("spaced") else text


class Writer:
    """Collects clauses of one document; one method per kind of sentence."""

    def __init__(self, rng: random.Random, cells: dict[str, Value], fmt: str, style: dict,
                 p_wrong: float) -> None:
        self.rng, self.cells, self.fmt, self.style, self.p_wrong = rng, cells, fmt, style, p_wrong
        self.claims: list[Claim] = []
        self.section = ""

    # -- helpers --------------------------------------------------------------------------
    def n(self, value: int) -> str:
        return num(self.rng, value, self.style)

    def wrong(self, true: int) -> int:
        """A value that differs from ``true`` by a plausible slip."""
        delta = self.rng.choice([1, 2, 3, max(1, true // 5), 10])
        return true + delta if true < 2 or self.rng.random() < 0.6 else true - delta

    def add(self, claim: Claim) -> str:
        claim.section = self.section
        self.claims.append(claim)
        return claim.anchor

    def table_claim(self, label: str, paths: tuple[str, ...], template: str, true: int,
                    forbidden: tuple[int, ...] = ()) -> str:
        """``template`` holds ``{n}件``; plants a wrong value with probability p_wrong.

        Values of 20 or more are sometimes stated approximately: N余/超过N with N below the
        cell is right; N余 above it or 近N below it is planted wrong (wrong in any reading).
        """
        planted = self.rng.random() < self.p_wrong
        if true >= 20 and true % 10 and "{n}件" in template and self.rng.random() < 0.2:  # 20余 ≠ 20
            return self.approx_claim(label, paths, template, true, planted, forbidden)
        stated = true
        if planted:
            stated = self.wrong(true)
            while stated in forbidden or stated < 0 or stated == true:
                stated += 1
        return self.add(Claim("table", label, template.format(n=self.n(stated)), stated, paths,
                              true, planted))

    def approx_claim(self, label: str, paths: tuple[str, ...], template: str, true: int,
                     planted: bool, forbidden: tuple[int, ...]) -> str:
        below = (true - 1) // 10 * 10
        if not planted:
            marker = self.rng.choice(["余", "多", "超过"])
            stated = below
        else:
            marker = self.rng.choice(["余", "近"])  # off by a quarter: wrong in any reading
            step = 10 ** max(1, len(str(true)) - 2)
            stated = (-(-true * 5 // 4) // step + 1) * step if marker == "余" else (true * 3 // 4) // step * step
            if stated in forbidden:  # 受理: stay wrong for the other readings too
                return self.table_claim(label, paths, template.replace("{n}件", "{n} 件"), true, forbidden)
        number = self.n(stated).strip()
        if marker == "超过":
            text = template.replace("{n}件", f"超过{number}件")
        elif marker == "近":
            text = template.replace("{n}件", f"近{number}件")
        else:
            text = template.replace("{n}件", f"{number}{marker}件")
        return self.add(Claim("table", label, text, stated, paths, true, planted, note=f"approx {marker}"))

    def fresh(self, value: int) -> int:
        """A value no earlier claim states, so a check's number names one claim only."""
        used = {c.stated for c in self.claims} | {p for c in self.claims for p in c.parts}
        while value in used:
            value += 1
        return value

    def trap(self, label: str, template: str, value: int, note: str) -> str:
        value = self.fresh(value)
        return self.add(Claim("trap", label, template.format(n=self.n(value)), value, note=note))

    def neutral(self, label: str, template: str, value: int) -> str:
        value = self.fresh(value)
        return self.add(Claim("neutral", label, template.format(n=self.n(value)), value))

    def part_whole(self, label: str, lead: str, items: list[str], unit: str, total: int) -> str:
        """共N…其中a、b、c with exhaustive parts; planted wrong moves the whole."""
        k = len(items)
        cuts = sorted(self.rng.randint(0, total) for _ in range(k - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
        planted = self.rng.random() < self.p_wrong * 1.5
        whole = total
        note = ""
        if planted:
            bump = self.rng.choice([1, 2, 5, max(1, total // 10)])
            note = self.rng.choice(["over", "under"]) if total > bump else "under"
            whole = total - bump if note == "over" else total + bump  # over: parts exceed whole
        body = "、".join(f"{item}{self.n(p)}{unit}" for item, p in zip(items, parts))
        anchor = f"{lead}{self.n(whole)}{unit}，其中{body}"
        return self.add(Claim("part_whole", label, anchor, whole, planted=planted, whole=whole,
                              parts=tuple(parts), note=note))

    def v(self, path: str) -> int | None:
        value = self.cells.get(path)
        return int(value) if isinstance(value, (int, float)) and float(value).is_integer() else None


# ---- sections ---------------------------------------------------------------------------

def active_disclosure(w: Writer, short: str, year: int) -> str:
    rng = w.rng
    w.section = "overview"
    clauses = [filler(rng, "active")]
    total = rng.randint(80, 6000)
    clauses.append(w.part_whole("pw_publication", rng.choice(["全年主动公开政府信息", "通过门户网站发布各类信息"]),
                                rng.sample(["工作动态", "通知公告", "政策文件", "人事信息", "政策解读"], 3),
                                "条", total))
    text = "，".join(clauses) + "。"
    enforcement = []
    for row, word, verb in (("licensing", "行政许可", "办理"), ("penalty", "行政处罚", "作出"),
                            ("coercion", "行政强制", "实施")):
        value = w.v(f"active.{row}.decisions")
        if value is None or rng.random() < 0.3:
            continue
        tmpl = rng.choice([f"全年{verb}{word}决定{{n}}件", f"{word}处理决定{{n}}件", f"本年{verb}{word}{{n}}件"])
        if value >= 20000 and rng.random() < 0.3:  # 3.6万余件: approximate, in 万
            tenths = value // 1000
            anchor = tmpl.replace("{n}件", f"{tenths / 10:g}万余件")
            enforcement.append(w.add(Claim("table", f"{row}_decisions", anchor, tenths * 1000,
                                           (f"active.{row}.decisions",), value, False, note="approx 万余")))
            continue
        enforcement.append(w.table_claim(f"{row}_decisions", (f"active.{row}.decisions",), tmpl, value))
    if enforcement:
        text += "；".join(enforcement) + "。"
    penalty = w.v("active.penalty.decisions")
    if penalty is not None and rng.random() < 0.7:
        shown = max(1, penalty // rng.choice([2, 3, 7]) + rng.randint(1, 9))
        text += w.trap("trap_penalty_published", rng.choice(
            ["在门户网站公开行政处罚{n}条", "公开行政处罚决定信息{n}条"]), shown,
            "published penalty decisions are not decisions made") + "。"
    nd_field = "issued" if w.fmt == "2021" else "made"
    nd = w.v(f"active.normative_documents.{nd_field}")
    if nd is not None and rng.random() < 0.6:
        text += w.table_claim("normative_documents_issued", (f"active.normative_documents.{nd_field}",),
                              rng.choice(["本年制发行政规范性文件{n}件", "全年制定规范性文件{n}件"]), nd) + "。"
    fee = w.cells.get("active.admin_fees.amount_10k_yuan")
    if isinstance(fee, (int, float)) and fee > 0 and rng.random() < 0.4:
        planted = rng.random() < w.p_wrong
        stated = round(fee * rng.choice([1.3, 0.5]), 2) if planted else fee
        text += w.add(Claim("table", "admin_fees_amount", f"收取行政事业性收费{stated}万元", stated,
                            ("active.admin_fees.amount_10k_yuan",), fee, planted)) + "。"
    media = rng.randint(3, 90)
    text += w.trap("trap_media", rng.choice(["相关稿件被省级以上媒体采用{n}篇", "被主流媒体转载报道{n}件"]),
                   media, "media adoptions are not requests") + "。"
    return text


def request_disclosure(w: Writer, short: str, year: int) -> str:
    rng = w.rng
    w.section = "overview"
    new = w.v("requests.new_received.total") or 0
    carried = w.v("requests.carried_over.total") or 0
    parts = [filler(rng, "requests")]
    handled = w.v("requests.results_total.total") or 0
    forbidden = (new, new + carried, handled)
    natural = w.v("requests.new_received.natural_person") or 0
    orgs = sum(w.v(f"requests.new_received.{c}") or 0 for c in
               ("commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org"))
    if new > 0 and natural + orgs == new and rng.random() < 0.25:
        parts.append(by_applicant(w, year, new, natural, orgs))
    elif new == 0 and rng.random() < 0.5 and rng.random() >= w.p_wrong:
        parts.append(w.add(Claim("table", "requests_new_received", rng.choice(
            ["本年度未收到政府信息公开申请", "全年没有收到政府信息公开申请"]), 0,
            ("requests.new_received.total",), 0)))
    else:
        verb = rng.choice(["收到", "新收", "受理", "共收到", "接收"])
        paths = ("requests.new_received.total",)
        if verb == "受理":  # 受理 may mean new or all handled requests: either cell is right
            tmpl = f"全年共{verb}政府信息公开申请{{n}}件"
            parts.append(w.table_claim("requests_accepted", paths + ("requests.results_total.total",),
                                       tmpl, new, forbidden))
        else:
            tmpl = rng.choice([f"{year}年{verb}政府信息公开申请{{n}}件", f"全年{verb}依申请公开事项{{n}}件"])
            parts.append(w.table_claim("requests_new_received", paths, tmpl, new))
        if rng.random() < 0.35:
            parts.append(w.trap("trap_other_year", "较上年增加{n}件", rng.randint(1, 9),
                                "difference to the previous year"))
        elif rng.random() < 0.3:
            parts.append(w.trap("trap_prior_year", f"{year - 1}年为{{n}}件", rng.randint(0, 60),
                                "the previous year's count"))
    if carried and rng.random() < 0.6:
        parts.append(w.table_claim("requests_carried_over", ("requests.carried_over.total",),
                                   "上年结转申请{n}件", carried))
    text = "，".join(parts) + "。"
    results = []
    for row, word in (("granted", "予以公开"), ("partially_granted", "部分公开"),
                      ("unavailable_not_held", "本机关不掌握相关政府信息")):
        value = w.v(f"requests.{row}.total")
        if value is None or rng.random() < 0.35:
            continue
        results.append(w.table_claim(f"requests_{row}", (f"requests.{row}.total",), f"{word}{{n}}件", value))
    if results:
        text += "从办理结果看，" + "，".join(results) + "。"
    forward = w.v("requests.carried_forward.total")
    if forward and rng.random() < 0.6:
        text += w.table_claim("requests_carried_forward", ("requests.carried_forward.total",),
                              "结转下年度继续办理{n}件", forward) + "。"
    consult = rng.randint(5, 400)
    while consult in forbidden:
        consult += 1
    text += w.trap("trap_consult", rng.choice(["同时解答群众来电来访咨询{n}件", "接待现场咨询{n}人次"]),
                   consult, "enquiries are not requests") + "。"
    hot = rng.randint(5, 900)
    while hot in forbidden:
        hot += 1
    text += w.trap("trap_hotline", rng.choice(["办理政务服务便民热线转办件{n}件", "处理领导信箱来信{n}件"]),
                   hot, "hotline cases are not requests") + "。"
    text += appeals_sentence(w)
    return text


def appeals_sentence(w: Writer) -> str:
    rng = w.rng
    review = w.v("appeals.review.total") or 0
    lit = (w.v("appeals.litigation_direct.total") or 0) + (w.v("appeals.litigation_after_review.total") or 0)
    lit_paths = ("appeals.litigation_direct.total",)
    if review == 0 and lit == 0 or (rng.random() < w.p_wrong / 2 and review > 0 and lit == 0):
        planted = review > 0
        anchor = rng.choice(["全年没有引发行政复议、行政诉讼案件", "未发生因政府信息公开引起的行政复议和行政诉讼"])
        w.add(Claim("table", "appeals_review_total", anchor, 0, ("appeals.review.total",), review, planted,
                    note="negated"))
        w.add(Claim("table", "appeals_litigation_total", anchor, 0, lit_paths, lit, False, note="negated"))
        return anchor + "。"
    bits = [w.table_claim("appeals_review_total", ("appeals.review.total",),
                          "因政府信息公开申请引发行政复议{n}件", review)]
    if lit:
        bits.append(w.table_claim("appeals_litigation_total", lit_paths, "行政诉讼{n}件", lit))
    return "，".join(bits) + "。"


def platform(w: Writer) -> str:
    rng = w.rng
    w.section = "overview"
    total = rng.randint(2, 40)
    text = filler(rng, "platform") + "。"
    text += w.part_whole("pw_platform", "现有政务公开平台", ["政府网站", "政务新媒体"], "个", total) + "。"
    return text


def supervision(w: Writer) -> str:
    rng = w.rng
    w.section = "overview"
    text = filler(rng, "supervision") + "。"
    if rng.random() < 0.4:
        tenth = rng.randint(11, 990)
        text += w.add(Claim("neutral", "neutral_visits", f"门户网站全年访问量{tenth / 10:g}万人次",
                            tenth * 1000)) + "。"
    text += w.neutral("neutral_staff", "配备专兼职工作人员{n}名", rng.randint(2, 12)) + "，"
    text += w.neutral("neutral_training", "全年组织业务培训{n}次", rng.randint(1, 8)) + "。"
    return text


def management(w: Writer) -> str:
    rng = w.rng
    text = "；".join(rng.sample(FILLER["management"], 2)) + "。"
    if rng.random() < 0.5:
        text += w.neutral("neutral_cleanup", "清理过期失效信息{n}条", rng.randint(3, 300)) + "。"
    return text


def other_section(w: Writer, year: int) -> str:
    rng = w.rng
    w.section = "other"
    fee = w.cells.get("active.admin_fees.amount_10k_yuan")
    if isinstance(fee, (int, float)) and fee > 0 or rng.random() < 0.5:
        anchor = rng.choice(["本年度未收取信息处理费", f"{year}年收取信息处理费0元", "全年没有收取信息处理费"])
        w.add(Claim("trap", "trap_processing_fee", anchor, 0,
                    note="信息处理费 is not table 2 行政事业性收费"))
        return anchor + "。"
    return "无。"


def table_section_note(w: Writer, key: str) -> str | None:
    """A prose line inside a table section (claims there belong to that section)."""
    rng = w.rng
    w.section = key
    if key == "requests" and rng.random() < 0.3:
        text = w.add(Claim("neutral", "neutral_rate", rng.choice(["按时答复率100%", "答复按期办结率达到100%"]), 100))
        return f"注：本年度{text}。"
    if key == "appeals" and rng.random() < 0.3:
        review = w.v("appeals.review.total") or 0
        return "说明：" + w.table_claim("appeals_review_total", ("appeals.review.total",),
                                      "本年度因政府信息公开被申请行政复议{n}件", review) + "。"
    return None


def problems_claim(w: Writer) -> str | None:
    """A count inside section 五 (the checker must still find its cell there)."""
    review = w.v("appeals.review.total") or 0
    if review < 1 or w.rng.random() < 0.6:
        return None
    w.section = "problems"
    return w.table_claim("appeals_review_total", ("appeals.review.total",),
                         "个别依申请公开事项答复不够规范，引发行政复议{n}件", review) + "；"


def by_applicant(w: Writer, year: int, new: int, natural: int, orgs: int) -> str:
    """共收到N件，其中自然人a件、法人或其他组织b件: one part-whole, two table cells, one sum."""
    whole = w.add(Claim("table", "requests_new_received", f"共收到政府信息公开申请{w.n(new)}件", new,
                        ("requests.new_received.total",), new))
    part = w.add(Claim("table", "requests_new_received_natural_person", f"自然人申请{w.n(natural)}件", natural,
                       ("requests.new_received.natural_person",), natural))
    rest = w.add(Claim("neutral", "neutral_org_requests", f"法人或其他组织申请{w.n(orgs)}件", orgs,
                       note="a sum of five applicant columns"))
    anchor = f"{whole}，其中{part}、{rest}"
    w.add(Claim("part_whole", "pw_applicants", anchor, new, whole=new, parts=(natural, orgs)))
    return f"{year}年{anchor}"

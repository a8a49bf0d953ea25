"""One synthetic report's truth: meta, shown table values, planted errors, prose and claims.

``make_truth(seed)`` is deterministic; every renderer draws only from the Truth it is given.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import narrative as nv
from .names import FILLER, agency, filler
from .schema import OVERVIEW_SUBS, PROBLEM_SUBS
from .tables import PlantedError, Value, failing_identities, flatten, make_tables, plant_errors


@dataclass
class Block:
    kind: str  # title | heading | subheading | para | table
    text: str = ""
    key: str = ""  # section / subsection / table key


@dataclass
class Truth:
    uid: str
    agency: str
    year: int
    fmt: str  # "2021" | "2019"
    cells: dict[str, Value]
    errors: list[PlantedError]
    blocks: list[Block]
    claims: list[nv.Claim]
    sections: tuple[str, ...]
    subsections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    style: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return next(b.text for b in self.blocks if b.kind == "title")

    def failing(self) -> list[str]:
        return failing_identities(self.fmt, self.cells)


_SUB_TITLES = {
    "active_disclosure": ["主动公开", "主动公开情况", "主动公开政府信息情况"],
    "request_disclosure": ["依申请公开", "依申请公开情况", "依申请公开政府信息情况"],
    "information_management": ["政府信息管理", "政府信息管理情况"],
    "platform_building": ["政府信息公开平台建设", "平台建设情况"],
    "supervision": ["监督保障", "监督保障情况"],
    "identified_problems": ["存在的主要问题", "存在问题"],
    "improvements": ["改进情况", "改进措施"],
}
_ORD = "一二三四五"


def _overview_title(rng: random.Random) -> str | None:
    return rng.choice(["一、总体情况", "一、总体情况", "1、 总体情况", "1、总体情况", "一、概述", None])


def _sub(rng: random.Random, blocks: list[Block], i: int, key: str, body: str, inline: bool,
         numbering: str = "（一）") -> None:
    number = {"（一）": f"（{_ORD[i]}）", "1、": f"{i + 1}、", "（1）": f"（{i + 1}）"}[numbering]
    title = f"{number}{rng.choice(_SUB_TITLES[key])}"
    if inline:
        blocks.append(Block("para", f"{title}。{body}", key))
    else:
        blocks.append(Block("subheading", title, key))
        blocks.append(Block("para", body))


def make_truth(seed: int, p_table_error: float = 0.3, p_wrong: float = 0.2) -> Truth:
    """A random, internally consistent report, then planted errors recorded beside it."""
    rng = random.Random(seed)
    name, short = agency(rng)
    year = rng.randint(2019, 2024)
    fmt = "2021" if year >= 2021 else "2019"
    cells = flatten(make_tables(rng, fmt))
    errors: list[PlantedError] = []
    if rng.random() < p_table_error:
        errors = plant_errors(rng, fmt, cells, rng.choice([1, 1, 2]))
    style = {"spaced": rng.random() < 0.2, "cn": rng.random() < 0.3, "commas": rng.random() < 0.3,
             "inline": rng.random() < 0.6}
    w = nv.Writer(rng, cells, fmt, style, p_wrong)
    title = f"{name}{year}年{'度' if rng.random() < 0.5 else ''}政府信息公开工作年度报告"
    blocks = [Block("title", title)]
    preface = (f"本报告根据《中华人民共和国政府信息公开条例》要求编制，报告所列数据统计期限自"
               f"{year}年1月1日起至{year}年12月31日止。")
    blocks.append(Block("para", preface))
    head = _overview_title(rng)
    intro = filler(rng, "intro", year=year, short=short) + "。"
    if head is None:
        blocks.append(Block("para", intro))
    else:
        blocks.append(Block("heading", head, "overview"))
        blocks.append(Block("para", intro))
    inline = style["inline"]
    if head and head.startswith("1"):
        numbering = rng.choice(["（一）", "（1）"])
    else:
        numbering = rng.choice(["（一）"] * 5 + ["1、"])
    style["sub_numbering"] = numbering
    style["overview_head"] = head or "missing"
    bodies = {
        "active_disclosure": nv.active_disclosure(w, short, year),
        "request_disclosure": nv.request_disclosure(w, short, year),
        "information_management": nv.management(w),
        "platform_building": nv.platform(w),
        "supervision": nv.supervision(w),
    }
    for i, key in enumerate(OVERVIEW_SUBS):
        _sub(rng, blocks, i, key, bodies[key], inline, numbering)
    for key, head in (("active", "二、主动公开政府信息情况"), ("requests", "三、收到和处理政府信息公开申请情况"),
                      ("appeals", "四、政府信息公开行政复议、行政诉讼情况")):
        blocks += [Block("heading", head, key), Block("table", key=key)]
        note = nv.table_section_note(w, key)
        if note:
            blocks.append(Block("para", note))
    fixes_word = rng.choice(["改进情况", "改进措施"])
    blocks.append(Block("heading", f"五、存在的主要问题及{fixes_word}", "problems"))
    problem_subs: tuple[str, ...] = ()
    probs = (nv.problems_claim(w) or "") + "；".join(rng.sample(FILLER["problems"], 2)) + "。"
    fixes = "".join(f"{'一二三'[i]}是{f}。" for i, f in enumerate(rng.sample(FILLER["fixes"], 3)))
    if rng.random() < 0.75:
        problem_subs = PROBLEM_SUBS
        _sub(rng, blocks, 0, "identified_problems", probs, inline)
        _sub(rng, blocks, 1, "improvements", fixes, inline)
    else:
        blocks.append(Block("para", f"{year}年，我们的工作还存在一些不足：{probs}下一步，将采取以下措施：{fixes}"))
    blocks.append(Block("heading", "六、其他需要报告的事项", "other"))
    blocks.append(Block("para", nv.other_section(w, year)))
    subsections = {"overview": OVERVIEW_SUBS}
    if problem_subs:
        subsections["problems"] = problem_subs
    return Truth(uid=f"s{seed:05d}", agency=name, year=year, fmt=fmt, cells=cells, errors=errors,
                 blocks=blocks, claims=w.claims,
                 sections=("overview", "active", "requests", "appeals", "problems", "other"),
                 subsections=subsections, style=style)


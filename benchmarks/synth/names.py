"""Invented agency names and filler prose: no sentence here comes from a real report."""

from __future__ import annotations

import random

_SYL = "澄岚梧溪桐枫檀蓉汀禾翠岫槐芷榆棠澜栖沅湄渠峪苇黛"
_SUFFIX_CITY = ("市",)
_SUFFIX_LOCAL = ("区", "县")
_BODIES = ("公安局", "公安分局", "市场监督管理局", "人力资源和社会保障局", "自然资源局",
           "交通运输局", "生态环境局", "卫生健康委员会", "住房和城乡建设局", "应急管理局")


def place(rng: random.Random) -> str:
    return "".join(rng.sample(_SYL, 2))


def agency(rng: random.Random) -> tuple[str, str]:
    """(full agency name, short self-reference used in prose)."""
    city = place(rng) + _SUFFIX_CITY[0]
    local = place(rng) + rng.choice(_SUFFIX_LOCAL)
    body = rng.choice(_BODIES)
    short = rng.choice(["我局", "本局", "本机关", "我单位"]) if "委员会" not in body else "我委"
    if rng.random() < 0.35:
        return city + body, short
    return city + local + body, short


FILLER = {
    "intro": [
        "{year}年，{short}坚持以公开为常态、不公开为例外，围绕中心工作稳步推进政务公开",
        "{year}年，{short}认真落实政府信息公开各项制度要求，持续提升公开工作的规范化水平",
        "本年度，{short}把政务公开作为联系群众的重要渠道，不断健全工作机制，公开质效稳步提高",
    ],
    "active": [
        "坚持应公开尽公开，及时更新门户网站各栏目内容",
        "围绕群众关注的办事流程和服务事项，持续做好重点领域信息发布",
        "对涉及群众切身利益的政策文件同步开展解读，提升政策知晓度",
    ],
    "requests": [
        "严格按照法定时限和程序办理依申请公开事项，答复文书做到格式规范、依据充分",
        "进一步优化依申请公开受理、登记、审核、答复流程，加强与申请人的沟通",
    ],
    "management": [
        "严格执行信息发布前保密审查和三级审核制度，确保发布内容准确",
        "定期对已公开信息进行梳理评估，及时调整公开属性",
        "健全政府信息公开台账，规范档案归集和管理",
    ],
    "platform": [
        "持续加强门户网站和政务新媒体的日常监管，确保平台安全平稳运行",
        "优化网站栏目设置，推动政务新媒体与门户网站协同发布",
    ],
    "supervision": [
        "将政务公开工作纳入年度绩效考核，层层压实工作责任",
        "主动接受社会监督，畅通意见建议反馈渠道",
    ],
    "problems": [
        "政策解读的形式还不够丰富，图解、视频等方式运用较少",
        "部分栏目信息更新不够及时，公开内容的深度有待拓展",
        "工作人员业务能力参差不齐，对条例的理解和把握还需加强",
    ],
    "fixes": [
        "进一步丰富政策解读形式，提升解读的针对性和可读性",
        "加强栏目日常维护，建立信息更新提醒机制",
        "定期组织业务培训，提升工作人员依法公开的能力",
    ],
}


def filler(rng: random.Random, kind: str, **fmt: object) -> str:
    return rng.choice(FILLER[kind]).format(**fmt)

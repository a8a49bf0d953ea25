"""Agency, year and title from the first lines."""

from __future__ import annotations

import pytest

from gongkai.document import Meta
from gongkai.ingest.title import find_title
from gongkai.segment.meta import fill_meta, title_meta


@pytest.mark.parametrize("text,expected", [
    ("某市某区公安局\n2024年政府信息公开工作年度报告\n\n一、总体情况",
     ("某市某区公安局2024年政府信息公开工作年度报告", "某市某区公安局", 2024)),
    ("某县公安局 2023 年政府信息公开工作年度报告\n正文",
     ("某县公安局 2023 年政府信息公开工作年度报告", "某县公安局", 2023)),
    ("\n某县公安局2024年政府信息公开工作\n\n年度报告\n",
     ("某县公安局2024年政府信息公开工作年度报告", "某县公安局", 2024)),
    ("标题: 某区2019年度政府信息公开工作年度报告\n发布时间: 2020-01-20",
     ("某区2019年度政府信息公开工作年度报告", "某区", 2019)),
    ("某区2025年度政府信息公开工作年度报告_政府信息公开年报_某区政府\n首页",
     ("某区2025年度政府信息公开工作年度报告", "某区", 2025)),
    ("某区地方税务局二〇一三年信息公开年度报告\n", ("某区地方税务局二〇一三年信息公开年度报告", "某区地方税务局", 2013)),
])
def test_title_meta(text, expected):
    assert title_meta(text) == expected


def test_no_title():
    assert title_meta("一、总体情况\n正文。") == (None, None, None)


def test_title_set_by_ingest_is_kept():
    meta = fill_meta(Meta(title="原标题"), "某县公安局2023年政府信息公开工作年度报告\n")
    assert meta == Meta(agency="某县公安局", year=2023, title="原标题")


@pytest.mark.parametrize("text,expected", [
    # crawler page: navigation crumbs, title, source line and body on one line
    ("当前位置： 首页 政务公开 政府信息公开 政府信息公开年报 澄禾市应急管理局2021年度政府信息公开工作年度报告"
     " 来源：本站 字号：大 中 小  澄禾市应急管理局2021年度政府信息公开工作年度报告 本报告根据《条例》编制。"
     "一、总体情况 2021年，本局公开信息10条。" + "正文。" * 40,
     ("澄禾市应急管理局2021年度政府信息公开工作年度报告", "澄禾市应急管理局", 2021)),
    # crumbs glued to the title without a space
    ("首页>政务公开>政府信息公开年报>梧溪市桐枫区公安分局2019年政府信息公开工作年度报告发布日期：2020-01-20"
     "本报告根据《条例》编制。" + "正文。" * 40,
     ("梧溪市桐枫区公安分局2019年政府信息公开工作年度报告", "梧溪市桐枫区公安分局", 2019)),
    # title, date and body glued on one long line
    ("某县公安局2023年政府信息公开工作年度报告2024年1月20日本报告根据《中华人民共和国政府信息公开条例》编制。"
     "一、总体情况2023年，我局全年主动公开政府信息120条。" + "正文。" * 40,
     ("某县公安局2023年政府信息公开工作年度报告", "某县公安局", 2023)),
    # a short crumb line before the title line
    ("首页 > 信息公开 > 年报 > 某区卫生健康委员会2022年度政府信息公开工作年度报告\n正文",
     ("某区卫生健康委员会2022年度政府信息公开工作年度报告", "某区卫生健康委员会", 2022)),
])
def test_title_meta_on_run_together_pages(text, expected):
    assert title_meta(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("首页 > 信息公开 > 年报 > 某区卫生健康委员会2022年度政府信息公开工作年度报告\n正文",
     "某区卫生健康委员会2022年度政府信息公开工作年度报告"),
    ("某县公安局2023年政府信息公开工作年度报告2024年1月20日本报告根据《条例》编制。\n",
     "某县公安局2023年政府信息公开工作年度报告"),
    ("某区公安局2021年度政府信息公开工作报告_年报_某区政府网\n", "某区公安局2021年度政府信息公开工作报告"),
])
def test_ingest_title_drops_crumbs_and_glued_text(text, expected):
    # ingest's title (kept by fill_meta) must agree with the title segment reads
    assert find_title(text) == expected
    assert title_meta(text)[0] == expected

"""Agency, year and title from the first lines."""

from __future__ import annotations

import pytest

from gongkai.document import Meta
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

"""Quantities in prose: value, unit, approx marker, subject, negated zeros, and what is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.claims.quantities import clause_quantities, extract_quantities


def q(text: str) -> list[tuple]:
    return [(x.value, x.unit, x.approx, x.subject) for x in extract_quantities(text)]


@pytest.mark.parametrize("text,expected", [
    ("收到政府信息公开申请事项5件", [(5, "件", None, "政府信息公开申请事项")]),
    ("本年度，市交通局主动公开网站政府信息2310余条。", [(2310, "条", "余", "网站政府信息")]),
    ("办理建议复函12份、提案复函9份", [(12, "份", None, "建议复函"), (9, "份", None, "提案复函")]),
    ("在微信、抖音等平台开通了6个政务新媒体，安排专人维护。", [(6, "个", None, "政务新媒体")]),
    ("总阅读量突破3996.7万次", [(39967000, "次", "突破", "总阅读量")]),
    # 达到 states the value reached: no approximation marker (spec: 余/多/近/约/超过/以上/不到)
    ("按时答复率达到100%", [(100, "%", None, "按时答复率")]),
    ("专栏访问量达5120人次，接听来电达300多人次", [(5120, "人次", None, "专栏访问量"), (300, "人次", "多", "接听来电")]),
    ("开展宣传活动18场次", [(18, "场次", None, "宣传活动")]),
    ("公共服务事项共6大类", [(6, "大类", None, "公共服务事项")]),
    ("接听热线电话15通", [(15, "通", None, "热线电话")]),
    # invented: a slogan in quotes, a distributive 每, 二次 as "secondary", 一项 meaning "an"
    ("落实“三个一”工作机制，每一件申请都二次审核，这是一项重要工作", []),
    ("政务新媒体23个（含8个微信公众号）", [(23, "个", None, "政务新媒体"), (8, "个", None, "微信公众号")]),
    ("关注人数28690人", [(28690, "人", None, "关注人数")]),
    ("本年 全县受理政府信息公开申请 13 件，", [(13, "件", None, "政府信息公开申请")]),
    ("行政事业性收费8768.62万元", [(8768.62, "万元", None, "行政事业性收费")]),
    ("入户走访29122万户", [(291220000, "户", None, None)]),
    ("组织三次培训，设立两个栏目，十余名工作人员",
     [(3, "次", None, "培训"), (2, "个", None, "栏目"), (10, "名", "余", "工作人员")]),
    ("今年全县共收到41件申请，", [(41, "件", None, "申请")]),
    ("合计36条5120件次。", [(36, "条", None, None), (5120, "件次", None, None)]),
    ("约1,234条信息", [(1234, "条", "约", "信息")]),
    ("同比增长12.5个百分点", [(12.5, "个百分点", None, "同比增长")]),
    # two markers: the one next to the unit (annotation guideline §7)
    ("发布信息近３０００条以上", [(3000, "条", "以上", "信息")]),
    ("发布信息近3000余条", [(3000, "条", "余", "信息")]),
    ("被省级媒体采用24篇", [(24, "篇", None, "省级媒体")]),
    ("现有专职工作人员3名", [(3, "名", None, "现有专职工作人员")]),
    ("出台两百零五项措施", [(205, "项", None, "措施")]),
    ("各单位均明确一名分管领导和一名联络员。", [(1, "名", None, "分管领导"), (1, "名", None, "联络员")]),
    ("对户籍、出入境等12个领域的事项", [(12, "个", None, "领域")]),
    ("推出15期《民生访谈》等节目", [(15, "期", None, "民生访谈")]),
])
def test_numbers_with_units(text, expected):
    assert q(text) == expected


def test_bound_after_the_unit_is_a_marker():
    assert [(x.value, x.unit, x.approx) for x in extract_quantities("平均办理时长缩短至30分钟以内")] == [
        (30, "分钟", "以内")]


@pytest.mark.parametrize("text", [
    "自2025年1月1日起至12月31日止",
    "依据《条例》（国务院令第711号）和国办公开办函〔2021〕30号",
    "第二十条第（一）项、第（五）项",
    "联系电话：0517-83605210",
    "一是加强统筹，二是统一规范，进一步加强，公开一批信息，唯一渠道，一体化平台，一次性告知",
    "1.属于国家秘密",
    "（一）主动公开",
    "拨打12345热线",
    "三审三校制度，三安全一稳定",
    "制定了政府信息公开条例实施办法",
])
def test_not_quantities(text):
    assert q(text) == []


@pytest.mark.parametrize("text,subject,raw", [
    ("没有收到依申请公开", "依申请公开", "没有"),
    ("没有引发行政复议、行政诉讼案件", "行政复议、行政诉讼案件", "没有"),
    ("全年暂未引起行政复议或行政诉讼。", "行政复议或行政诉讼", "暂未"),
    ("全年无因公开申请收取信息处理费的情形。", "因公开申请收取信息处理费的情形", "无"),
    ("未收取信息处理费", "信息处理费", "未"),
    ("均未发生行政复议", "行政复议", "均未"),
    ("办理过程中未出现错办、漏办情况", "错办、漏办情况", "未"),
])
def test_negations_are_zero_claims(text, subject, raw):
    (quantity,) = extract_quantities(text, 100)
    assert (quantity.value, quantity.negated, quantity.subject, quantity.raw) == (0, True, subject, raw)
    assert quantity.start == 100 + text.index(raw)
    assert text[quantity.subject_start - 100:quantity.subject_end - 100] == subject


@pytest.mark.parametrize("text", ["未能充分运用数字化手段", "无法提供", "无其他需要报告的事项", "尚未审结", "未来将加强"])
def test_negation_words_that_state_no_zero(text):
    assert q(text) == []


def test_offsets_point_into_the_document():
    text = "其中推送工作动态118条，公开行政处罚512条"
    found = extract_quantities(text, 1000)
    assert [(x.start, x.end, x.raw) for x in found] == [(1008, 1012, "118条"), (1019, 1023, "512条")]
    assert [(x.subject_start, x.subject_end) for x in found] == [(1004, 1008), (1015, 1019)]


@pytest.mark.parametrize("text", ["其中推送工作动态118条，公开行政处罚512条", "全年未收取信息处理费。",
                                  "数字 12 345件", "本年度无行政复议。"])
@pytest.mark.parametrize("offset", [0, 37])
def test_cached_clause_quantities_equal_a_fresh_extraction(text, offset):
    """The claim stage reads the cached copy the rule tagger made at offset 0, shifted."""
    clause_quantities(text)  # fill the cache at offset 0 first
    assert clause_quantities(text, offset) == tuple(extract_quantities(text, offset))


def test_subject_of_wrapped_pdf_text_has_no_line_break():
    text = "在政府网站主动公开政\n府信息 1136 条。"
    (quantity,) = extract_quantities(text)
    assert (quantity.value, quantity.subject, quantity.raw) == (1136, "政府信息", "1136 条")
    assert text[quantity.subject_start:quantity.subject_end] == "政\n府信息"


def test_full_width_digits_are_parsed_and_raw_keeps_them():
    (quantity,) = extract_quantities("清理规范性文件８件。", 10)
    assert (quantity.value, quantity.unit, quantity.raw, quantity.subject) == (8, "件", "８件", "规范性文件")


def test_zero_written_as_number_is_not_negated():
    (quantity,) = extract_quantities("制发行政规范性文件0件")
    assert (quantity.value, quantity.negated, quantity.subject) == (0, False, "行政规范性文件")


def test_quantity_with_approx_suffix_spans_the_marker():
    (quantity,) = extract_quantities("培训人员50人以上")
    assert (quantity.value, quantity.unit, quantity.approx, quantity.raw) == (50, "人", "以上", "50人以上")


SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

# (file, value, unit, approx, subject, negated) that must be among the file's quantities.
REAL = [
    ("seeds/000_3adf3858b6164973.txt", 4880, "条", "余", "门户网站政府信息", False),
    ("seeds/000_3adf3858b6164973.txt", 933, "条", None, "行政处罚", False),
    ("seeds/000_3adf3858b6164973.txt", 9, "个", None, "政务新媒体", False),
    ("seeds/000_3adf3858b6164973.txt", 4, "个", None, "栏目", False),
    ("seeds/000_3adf3858b6164973.txt", 0, None, None, "行政复议和行政诉讼", True),
    ("seeds/002_729be3c2be5c302f.txt", 1, "件", None, "政府信息公开申请", False),
    ("seeds/002_729be3c2be5c302f.txt", 24, "篇", None, "省级媒体", False),
    ("seeds/002_729be3c2be5c302f.txt", 0, "件", None, "行政规范性文件", False),
    ("seeds/002_729be3c2be5c302f.txt", 0, None, None, "信息处理费", True),
    ("corpus/text/r0002.txt", 2645, "条", None, "各级单位政府信息", False),
    ("corpus/text/r0002.txt", 70, "件", None, "申请", False),
    ("corpus/text/r0004.txt", 21, "件", None, "政府信息公开申请", False),
    ("corpus/text/r0004.txt", 0, "元", None, "政府信息公开信息处理费", False),
]


@pytest.fixture(scope="module")
def real_quantities() -> dict[str, list[tuple]]:
    from gongkai.document import Document, Source
    from gongkai.segment import Segment

    segment, out = Segment(), {}
    for name in {row[0] for row in REAL}:
        path = SHARED / name
        if not path.is_file():
            pytest.skip("../shared/corpus not present")
        text = path.read_text(encoding="utf-8")
        doc = segment(Document(source=Source(path=name), text=text))
        found = [x for c in doc.clauses for x in extract_quantities(c.text, c.start)]
        for x in found:
            assert x.negated or text[x.start:x.end] == x.raw
        out[name] = [(x.value, x.unit, x.approx, x.subject, x.negated) for x in found]
    return out


@pytest.mark.corpus
@pytest.mark.parametrize("row", REAL, ids=lambda r: f"{r[0].split('/')[-1]}-{r[1]}{r[2] or ''}")
def test_real_report_quantities(row, real_quantities):
    name, *expected = row
    assert tuple(expected) in real_quantities[name]


@pytest.mark.corpus
def test_real_reports_have_no_year_or_date_quantities(real_quantities):
    units = {unit for rows in real_quantities.values() for (_, unit, _, _, _) in rows}
    assert not units & {"年", "月", "日", "号"}


# ------------------------------------------------------------------ PDF line wraps


def spans(text: str, offset: int = 0) -> list[tuple]:
    return [(x.value, x.unit, x.approx, x.raw, x.start, x.end) for x in extract_quantities(text, offset)]


@pytest.mark.parametrize("text,expected", [
    ("部分公开  84\n  件。", [(84, "件", None, "84\n  件", 106, 112)]),
    ("共收到申请11\n826件", [(11826, "件", None, "11\n826件", 105, 112)]),
    ("接待咨询300余人\n次", [(300, "人次", "余", "300余人\n次", 104, 111)]),
    ("收取费用12.5万\n元", [(12.5, "万元", None, "12.5万\n元", 104, 111)]),
    ("超\n过200条信息", [(200, "条", "超过", "200条", 103, 107)]),
    ("开通APP 3个", [(3, "个", None, "3个", 106, 108)]),
    ("列为12 3件", [(3, "件", None, "3件", 105, 107)]),
])
def test_numbers_units_and_markers_across_line_breaks(text, expected):
    assert spans(text, 100) == expected


def test_negation_and_subject_across_line_breaks():
    found = extract_quantities("全年没\n有引发行政\n复议", 10)
    assert [(x.value, x.negated, x.raw, x.start, x.end, x.subject, x.subject_start, x.subject_end)
            for x in found] == [(0, True, "没\n有", 12, 15, "行政复议", 17, 22)]
    found = extract_quantities("收到政府信息\n公开申请7件")
    assert [(x.subject, x.subject_start, x.subject_end) for x in found] == [("政府信息公开申请", 2, 11)]

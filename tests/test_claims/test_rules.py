"""Rule tagger (labeling functions, roles, lf_report) and the claims stage."""

from __future__ import annotations

import sys

import pytest

from gongkai.claims import ClaimStage, heading_hint, merge_results, role_basis, smooth_problem_roles
from gongkai.claims.rules import RuleTagger, load_labels, load_patterns, parse_patterns, predict_role
from gongkai.claims.types import TagResult
from gongkai.config import TaggerSettings
from gongkai.document import Clause, Document, Source
from gongkai.errors import Code, GongkaiError


@pytest.fixture(scope="module")
def tagger() -> RuleTagger:
    return RuleTagger()


@pytest.mark.parametrize("text,hint,types", [
    ("共收到依申请公开事项7件。", "request_disclosure", ("request_count",)),
    ("规范依申请公开办理流程。", "request_disclosure", ()),
    ("受理群众咨询120件，12345热线转办件30件。", "request_disclosure", ()),
    ("全年没有收到依申请公开，也没有发生行政复议、行政诉讼。", "request_disclosure", ("request_count", "appeal_count")),
    ("公开行政处罚933条。", "active_disclosure", ("publication_count", "enforcement_count")),
    ("本年度未因政府信息公开申请收取信息处理费。", "other", ("fee",)),
    ("行政事业性收费148.74万元。", "active", ("enforcement_count",)),
    ("三是强化政务公开业务培训。", "improvements", ("training", "planned_fix")),
    ("一是栏目更新不够及时。", "identified_problems", ("problem",)),
    ("但仍存在一些不足。", "problems", ("problem",)),
    ("下一年度我们将从以下方面加以改进：", "problems", ("planned_fix",)),
    ("政务新媒体23个，关注人数28690人。", "platform_building", ("platform_count",)),
    ("现有专职工作人员3名，明确了AB角答复专员。", "supervision", ("staffing",)),
    ("加强政务新媒体建设和管理。", "platform_building", ()),
])
def test_types(tagger, text, hint, types):
    (result,) = tagger.predict([text], [hint])
    assert result.types == types
    assert set(result.scores) == set(types)


@pytest.mark.parametrize("text,hint,role", [
    ("共收到依申请公开事项7件。", "request_disclosure", "request_disclosure"),
    ("全年主动公开政府信息120条。", "overview", "active_disclosure"),
    ("一是信息发布不够及时。", "problems", "identified_problems"),
    ("二是加强审核把关。", "problems", "improvements"),
    ("本年度未收取信息处理费。", None, "other"),
    ("天气晴朗。", None, "none"),
    ("天气晴朗。", "preamble", "preamble"),
])
def test_roles(tagger, text, hint, role):
    assert tagger.predict([text], [hint])[0].role == role


def test_predict_without_context_and_length_mismatch(tagger):
    results = tagger.predict(["共收到依申请公开事项7件。", "加强培训。"])
    assert [r.types for r in results] == [("request_count",), ("training", "planned_fix")]
    with pytest.raises(ValueError):
        tagger.predict(["a", "b"], ["overview"])


def test_lf_report_counts_coverage_and_conflicts(tagger):
    texts = ["共收到依申请公开事项7件。", "天气晴朗。", "公开行政处罚933条。", "三是强化业务培训。"]
    report = tagger.lf_report(texts, ["request_disclosure", None, "active_disclosure", "improvements"])
    assert report["n"] == 4
    assert report["coverage"] == 0.75
    assert report["lfs"]["request_counts"] == {"type": "request_count", "fires": 1, "coverage": 0.25,
                                               "overlaps": 0, "conflicts": 0}
    assert report["lfs"]["enforcement_decisions_and_documents"]["overlaps"] == 1
    assert report["types"]["training"] == 0.25


def test_predict_role_keeps_a_specific_hint():
    patterns = load_patterns()
    assert predict_role("共收到申请7件。", "supervision", patterns) == "supervision"


def test_labels_json_is_the_claims_md_list():
    types, roles = load_labels()
    assert types == ("publication_count", "platform_count", "request_count", "appeal_count", "enforcement_count",
                     "fee", "training", "staffing", "problem", "planned_fix")
    assert roles[-1] == "none" and "preamble" in roles and "improvements" in roles


@pytest.mark.parametrize("entry,reason", [
    ({"lf": [{"name": "x", "type": "nope", "any": ["a"]}]}, "not in labels.json"),
    ({"lf": [{"name": "x", "type": "fee"}]}, "fires on everything"),
    ({"lf": [{"name": "x", "type": "fee", "any": ["("]}]}, "bad regex"),
    ({"lf": [{"name": "x", "type": "fee", "any": ["a"], "colour": 1}]}, "unknown field"),
    ({"lf": [{"name": "x", "type": "fee", "any": ["a"]}, {"name": "x", "type": "fee", "any": ["b"]}]}, "duplicate"),
])
def test_bad_patterns_fail_on_load(entry, reason):
    with pytest.raises(GongkaiError) as err:
        parse_patterns(entry)
    assert err.value.code is Code.BAD_RESOURCE
    assert reason in str(err.value)


def _doc() -> Document:
    text = "一、总体情况\n全年主动公开政府信息120条。\n五、存在的主要问题及改进情况\n信息发布不够及时。下一步将加强审核。\n"
    clauses = (
        Clause(start=7, end=21, text=text[7:21], section="overview"),
        Clause(start=37, end=46, text=text[37:46], section="problems"),
        Clause(start=46, end=55, text=text[46:55], section="problems"),
    )
    return Document(source=Source(path="x"), text=text, clauses=clauses,
                    sections=())


def test_claim_stage_with_rules():
    doc = ClaimStage(TaggerSettings(tagger="rules"))(_doc())
    assert [(c.types, c.role) for c in doc.clauses] == [
        (("publication_count",), "active_disclosure"), (("problem",), "identified_problems"),
        (("planned_fix",), "improvements")]
    first = doc.clauses[0]
    assert [(q.value, q.unit, q.subject, q.start) for q in first.quantities] == [(120, "条", "政府信息", 17)]
    assert doc.text[first.quantities[0].start:first.quantities[0].end] == "120条"
    assert doc.issues == ()


def test_claim_stage_says_whether_a_heading_or_the_words_gave_each_role():
    doc = ClaimStage(TaggerSettings(tagger="rules"))(_doc())
    # no section found at all: every role is read from the clause
    assert [c.role_basis for c in doc.clauses] == ["content"] * 3
    assert doc.clauses[0].to_dict()["role_basis"] == "content"


@pytest.mark.parametrize("clause,role,lead_in_ends,basis", [
    (Clause(50, 60, "x", section="overview", subsection="supervision"), "supervision", {"overview": 40}, "heading"),
    (Clause(50, 60, "x", section="overview", subsection="supervision"), "platform_building", {"overview": 40},
     "content"),
    (Clause(10, 20, "x", section="overview"), "overview", {"overview": 40}, "heading"),  # lead-in of a headed 一
    (Clause(90, 99, "x", section="overview"), "overview", {"overview": 40}, "content"),  # after the found ones
    (Clause(10, 20, "x", section="overview"), "overview", {}, "content"),  # 一 without subsection headings
    (Clause(10, 20, "x", section="overview"), "active_disclosure", {}, "content"),
    (Clause(10, 20, "x", section="requests"), "requests", {}, "heading"),  # a section without subsections
    (Clause(10, 20, "x", section="requests"), "other", {}, "content"),
    (Clause(0, 1, "x"), "preamble", {}, "heading"),  # before the first heading
    (Clause(0, 1, "x"), None, {}, None),
])
def test_role_basis(clause, role, lead_in_ends, basis):
    assert role_basis(clause, role, True, lead_in_ends) == basis


def test_claim_stage_falls_back_to_rules_when_no_checkpoint(monkeypatch):
    import gongkai.claims.tagger as tagger_module

    def missing(settings, labels_file=None):
        raise GongkaiError(Code.MODEL_NOT_FOUND, model="/nowhere")

    monkeypatch.setattr(tagger_module, "load_tagger", missing)
    stage = ClaimStage(TaggerSettings(tagger="bert", model="/nowhere"))
    doc = stage(_doc())
    assert [(i.code, i.severity) for i in doc.issues] == [("model_not_found", "warning")]
    assert "/nowhere" in doc.issues[0].message
    assert doc.clauses[0].types == ("publication_count",)
    assert doc.status == "ok"


def test_claim_stage_falls_back_when_tagger_module_is_missing(monkeypatch):
    import gongkai.claims

    monkeypatch.setitem(sys.modules, "gongkai.claims.tagger", None)
    monkeypatch.delattr(gongkai.claims, "tagger", raising=False)
    stage = ClaimStage(TaggerSettings(tagger="bert"))
    assert stage.bert is None
    assert stage.fallback is not None and stage.fallback.code == "model_not_found"


class FakeBert:
    def predict(self, texts, sections=None, items=None):
        return [TagResult(types=("staffing",), scores={"staffing": 0.9, "problem": 0.7}, role="supervision")
                for _ in texts]


def test_claim_stage_both_is_union_with_max_scores(monkeypatch):
    import gongkai.claims as claims

    monkeypatch.setattr(claims, "_load_bert", lambda settings: (FakeBert(), None))
    doc = ClaimStage(TaggerSettings(tagger="both"))(_doc())
    assert doc.clauses[1].types == ("staffing", "problem")
    assert doc.clauses[1].scores == {"staffing": 0.9, "problem": 0.8}
    assert doc.clauses[1].role == "supervision"


def test_merge_and_hints_and_smoothing():
    merged = merge_results(TagResult(("fee",), {"fee": 0.6}, None), TagResult(("problem",), {"fee": 0.9}, "other"),
                           load_labels()[0])
    assert merged == TagResult(("fee", "problem"), {"fee": 0.9}, "other")
    assert heading_hint(Clause(0, 1, "x"), True) == "preamble"
    assert heading_hint(Clause(0, 1, "x"), False) is None
    assert heading_hint(Clause(0, 1, "x", section="overview", subsection="supervision"), True) == "supervision"
    clauses = [Clause(0, 1, "x", section="problems")] * 3
    assert smooth_problem_roles(["identified_problems", "improvements", "problems"], clauses) == [
        "identified_problems", "improvements", "improvements"]
    intro = [Clause(0, 1, "x", section="overview"), Clause(1, 2, "y", section="overview", subsection="supervision")]
    assert smooth_problem_roles(["active_disclosure", "supervision"], intro, {"overview": 1}) == [
        "overview", "supervision"]
    assert smooth_problem_roles(["active_disclosure", "supervision"], intro) == ["active_disclosure", "supervision"]
    # text after the lead-in outside any found subsection keeps the tagger's reading
    later = [Clause(0, 1, "x", section="overview", subsection="supervision"), Clause(5, 6, "y", section="overview")]
    assert smooth_problem_roles(["supervision", "platform_building"], later, {"overview": 0}) == [
        "supervision", "platform_building"]


def test_no_torch_on_import(tmp_path):
    import subprocess

    code = "import gongkai.claims, sys; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("padded", ["在门户网站公开行政处罚        933        条。", "在门户网站公开行政\n处罚  933\n  条。"])
def test_layout_padding_does_not_shrink_the_window(tagger, padded):
    plain = tagger.tag("在门户网站公开行政处罚933条。", "overview")
    assert plain.scores == {"publication_count": 0.8, "enforcement_count": 0.8}
    assert tagger.tag(padded, "overview").scores == plain.scores


def test_an_unnamed_first_item_is_not_lead_in():
    text = "一、总体情况\n全年工作有序开展。\n（一）工作开展情况\n更新信息9条。\n（二）依申请公开\n收到申请1件。\n"
    from gongkai.segment import Segment

    doc = ClaimStage(TaggerSettings(tagger="rules"))(Segment()(Document(source=Source(path="x"), text=text)))
    by_text = {c.text.strip(): c for c in doc.clauses}
    assert by_text["全年工作有序开展。"].role == "overview"
    assert by_text["全年工作有序开展。"].role_basis == "heading"
    # the unnamed item's role is read from its words, not forced to the lead-in's
    assert by_text["更新信息9条。"].role_basis == "content"
    assert by_text["收到申请1件。"].role == "request_disclosure"

"""CheckStage and the engine: kinds, order, failures that do not stop the rest."""

from __future__ import annotations

from gongkai.checks import CheckStage, engine
from gongkai.config import CheckSettings
from gongkai.document import Check

TEXT = ("共收到政府信息公开申请7件，没有引发行政复议。"
        "发表各类信息共663篇，其中中央级媒体26篇、省级391篇、市级246篇。入户走访29122万户。")


def _doc(make_doc, appeals):
    return make_doc(TEXT, requests={"new_received": {"total": 6}}, appeals=appeals())


def test_stage_contract():
    stage = CheckStage(CheckSettings())
    assert stage.requires == ("tables", "clauses")
    assert stage.assigns == ("checks",)


def test_stage_runs_every_kind_in_order(make_doc, appeals, monkeypatch):
    monkeypatch.setitem(engine.RUNNERS, "table_internal",
                        lambda doc, settings: [Check(kind="table_internal", rule="t", verdict="consistent")])
    out = CheckStage(CheckSettings())(_doc(make_doc, appeals))
    assert [(c.kind, c.rule, c.verdict) for c in out.checks] == [
        ("table_internal", "t", "consistent"),
        ("narrative_table", "requests_new_received", "inconsistent"),
        ("narrative_table", "appeals_review_none", "consistent"),
        ("narrative_internal", "part_whole_exhaustive", "consistent"),
        ("plausibility", "households_max", "inconsistent"),
    ]
    assert out.issues == ()


def test_enabled_filters_kinds(make_doc, appeals):
    out = CheckStage(CheckSettings(enabled=("narrative_internal",)))(_doc(make_doc, appeals))
    assert {c.kind for c in out.checks} == {"narrative_internal"}


def test_failing_kind_does_not_stop_others(make_doc, appeals, monkeypatch):
    def boom(doc, settings):
        raise RuntimeError("broken")

    monkeypatch.setitem(engine.RUNNERS, "narrative_table", boom)
    monkeypatch.setitem(engine.RUNNERS, "table_internal", lambda doc, settings: [])
    out = CheckStage(CheckSettings())(_doc(make_doc, appeals))
    assert [c.kind for c in out.checks] == ["narrative_internal", "plausibility"]
    assert [(i.code, i.stage) for i in out.issues] == [("stage_failed", "checks")]
    assert "narrative_table: RuntimeError: broken" in out.issues[0].message


def test_deterministic(make_doc, appeals):
    doc = _doc(make_doc, appeals)
    assert CheckStage()(doc).checks == CheckStage()(doc).checks

from dataclasses import replace

import pytest

from gongkai import pipeline as pl
from gongkai.config import resolve
from gongkai.document import Document, Source, Span
from gongkai.errors import Code, GongkaiError


class FakeIngest:
    def __init__(self, settings):
        pass

    def __call__(self, path, data=None):
        if str(path).endswith(".bad"):
            raise GongkaiError(Code.UNREADABLE, path=str(path), format="txt", reason="test")
        if str(path).endswith(".bug"):
            raise RuntimeError("reader bug")
        return Document(source=Source(path=str(path)), text="一、总体情况")


class FakeSegment:
    requires, assigns = ("text",), ("sections", "clauses")

    def __init__(self, settings):
        pass

    def __call__(self, doc):
        return replace(doc, sections=(Span("overview", doc.text, 0, len(doc.text)),))


class FakeTables:
    requires, assigns = ("text",), ("tables", "cells")

    def __init__(self, settings):
        pass

    def __call__(self, doc):
        raise ZeroDivisionError("table bug")


class NeedsMissing:
    requires, assigns = ("nothing_assigns_this",), ()

    def __init__(self, settings):
        pass


class ReturnsNone(FakeSegment):
    def __call__(self, doc):
        return None


@pytest.fixture
def fakes(monkeypatch):
    table = {"ingest": FakeIngest, "segment": FakeSegment, "tables": FakeTables,
             "claims": FakeSegment, "checks": FakeSegment}
    monkeypatch.setattr(pl, "_factory", lambda name: table[name])
    return table


def test_failing_stage_gives_partial_record_and_later_stages_run(fakes):
    doc = pl.load_pipeline()("x.txt")
    assert doc.status == "partial"
    assert [i.code for i in doc.issues] == ["stage_failed"]
    assert "tables" in doc.issues[0].message and "ZeroDivisionError" in doc.issues[0].message
    assert doc.sections[0].key == "overview"


def test_unreadable_input_gives_error_record_without_running_stages(fakes):
    pipe = pl.load_pipeline()
    bad = pipe("x.bad")
    assert bad.status == "error" and bad.issues[0].code == "unreadable"
    bug = pipe("x.bug")
    assert bug.status == "error" and "reader bug" in bug.issues[0].message
    assert bug.sections == ()


def test_disable_skips_stages(fakes):
    pipe = pl.load_pipeline(disable=["tables"])
    assert pipe.names == ("ingest", "segment", "claims", "checks")
    assert pipe("x.txt").status == "ok"


def test_order_is_checked_at_construction(fakes, monkeypatch):
    fakes["claims"] = NeedsMissing
    with pytest.raises(ValueError, match="requires"):
        pl.load_pipeline()


def test_stage_returning_non_document_is_an_issue(fakes):
    fakes["checks"] = ReturnsNone
    doc = pl.Pipeline(resolve(), disable=("tables",))("x.txt")
    assert doc.issues[-1].code == "stage_failed" and "NoneType" in doc.issues[-1].message


def test_cannot_disable_ingest_or_unknown(fakes):
    for bad in (["ingest"], ["nope"]):
        with pytest.raises(ValueError):
            pl.load_pipeline(disable=bad)

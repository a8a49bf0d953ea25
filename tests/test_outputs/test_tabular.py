import json

import pyarrow.parquet as pq

from gongkai.document import Cell, Check, Clause, Document, Issue, Meta, Quantity, Source, Span, Tables
from gongkai.outputs.record import document_from_record, record_json, write_record
from gongkai.outputs.tabular import COLUMNS, rows_of, write_parquet


def _doc(path="a/report.txt"):
    text = "一、总体情况\n收到申请7件。"
    return Document(
        source=Source(path=path, sha256="ab" * 32, format="txt", encoding="utf-8"),
        text=text,
        meta=Meta(agency="某县公安局", year=2023, table_format="2021"),
        sections=(Span("overview", "一、总体情况", 0, len(text)),),
        clauses=(Clause(7, 14, "收到申请7件。", "overview", None, ("request_count",), {"request_count": 0.9},
                        (Quantity(7, "件", None, "申请", 11, 13),), role="request_disclosure"),),
        tables=Tables(format="2021", requests={"new_received": {"total": 6}}),
        cells=(Cell("requests.new_received.total", 6, "6", {"line": 3, "row": 1, "col": 7}),),
        checks=(Check("narrative_table", "requests_new_received", "inconsistent", "文中7件，表中6",
                      table_path="requests.new_received.total", table_value=6, narrative_value=7,
                      clause_start=7, clause_end=14),),
        issues=(Issue("unknown_row_label", "[unknown_row_label] x", "warning"),),
    )


def test_rows_of_record_fills_every_table():
    rows = rows_of(_doc().to_dict())
    assert rows["reports"][0]["n_inconsistent"] == 1
    assert rows["reports"][0]["year"] == 2023
    assert rows["cells"][0] == {"path": "a/report.txt", "sha256": "ab" * 32,
                                "cell_path": "requests.new_received.total", "table": "requests",
                                "row": "new_received", "field": "total", "value": 6, "raw": "6",
                                "source": '{"col": 7, "line": 3, "row": 1}'}
    assert rows["quantities"][0]["value"] == 7 and rows["quantities"][0]["clause_start"] == 7
    assert rows["clauses"][0]["role"] == "request_disclosure"
    assert rows["checks"][0]["verdict"] == "inconsistent"
    assert rows["errors"][0]["severity"] == "warning"
    for name, table_rows in rows.items():
        for row in table_rows:
            assert set(row) == set(COLUMNS[name]), name


def test_parquet_is_byte_stable(tmp_path):
    records = [_doc("b.txt").to_dict(), _doc("a.txt").to_dict()]
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir(), second.mkdir()
    write_parquet(records, first)
    write_parquet(records, second)
    for name in COLUMNS:
        assert (first / f"{name}.parquet").read_bytes() == (second / f"{name}.parquet").read_bytes()
    cells = pq.read_table(first / "cells.parquet").to_pylist()
    assert [c["value"] for c in cells] == [6.0, 6.0]


def test_record_written_by_stem_and_round_trips(tmp_path):
    doc = _doc("dir/报告.txt")
    target = write_record(doc, tmp_path)
    assert target.name == "报告.json"
    data = json.loads(target.read_text("utf-8"))
    assert data == json.loads(record_json(doc))
    back = document_from_record(data)
    assert back.tables.get("requests.new_received.total") == 6
    assert back.meta.year == 2023


def test_parquet_streams_in_row_groups_with_the_same_rows(tmp_path):
    records = [_doc(f"r{i}.txt").to_dict() for i in range(5)]
    whole, grouped = tmp_path / "whole", tmp_path / "grouped"
    whole.mkdir(), grouped.mkdir()
    write_parquet(records, whole)
    write_parquet(records, grouped, rows_per_group=2)
    for name in COLUMNS:
        assert pq.read_table(grouped / f"{name}.parquet").to_pylist() == \
            pq.read_table(whole / f"{name}.parquet").to_pylist(), name
    assert pq.ParquetFile(grouped / "reports.parquet").metadata.num_row_groups == 3  # 2 + 2 + 1
    assert not list(grouped.glob(".tmp-*"))

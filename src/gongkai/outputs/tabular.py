"""Long-format tables from records, for pandas / DuckDB / Parquet.

Every table carries ``path`` and ``sha256`` so it joins back to ``reports``.
Column order and row order are fixed, so equal inputs give byte-identical files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TABLES = ("reports", "sections", "cells", "clauses", "quantities", "checks", "errors")
ROWS_PER_GROUP = 50_000  # rows buffered per table before a row group is written

# column -> arrow type name; the data dictionary in README.md documents each.
COLUMNS: dict[str, dict[str, str]] = {
    "reports": {"path": "string", "sha256": "string", "format": "string", "encoding": "string",
                "status": "string", "agency": "string", "year": "int64", "table_format": "string",
                "title": "string", "n_sections": "int64", "n_cells": "int64", "n_clauses": "int64",
                "n_checks": "int64", "n_inconsistent": "int64", "error_codes": "string"},
    "sections": {"path": "string", "sha256": "string", "key": "string", "parent": "string",
                 "title": "string", "start": "int64", "end": "int64"},
    "cells": {"path": "string", "sha256": "string", "cell_path": "string", "table": "string",
              "row": "string", "field": "string", "value": "float64", "raw": "string",
              "source": "string"},
    "clauses": {"path": "string", "sha256": "string", "start": "int64", "end": "int64",
                "text": "string", "section": "string", "subsection": "string",
                "types": "string", "scores": "string", "role": "string", "role_basis": "string",
                "n_quantities": "int64"},
    "quantities": {"path": "string", "sha256": "string", "clause_start": "int64", "start": "int64",
                   "end": "int64", "value": "float64", "unit": "string", "approx": "string",
                   "subject": "string"},
    "checks": {"path": "string", "sha256": "string", "kind": "string", "rule": "string",
               "verdict": "string", "table_path": "string", "table_value": "float64",
               "narrative_value": "float64", "clause_start": "int64", "clause_end": "int64",
               "whole": "float64", "parts": "string", "formula": "string", "left": "float64",
               "right": "float64", "explanation": "string"},
    "errors": {"path": "string", "sha256": "string", "severity": "string", "code": "string",
               "message": "string"},
}


def _key(record: dict[str, Any]) -> dict[str, Any]:
    source = record.get("source", {})
    return {"path": source.get("path"), "sha256": source.get("sha256")}


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def rows_of(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One record -> rows for every table."""
    key = _key(record)
    source, meta = record.get("source", {}), record.get("meta", {})
    checks = record.get("checks", [])
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    out["reports"].append({
        **key, "format": source.get("format"), "encoding": source.get("encoding"),
        "status": record.get("status"), "agency": meta.get("agency"), "year": meta.get("year"),
        "table_format": meta.get("table_format"), "title": meta.get("title"),
        "n_sections": len(record.get("sections", [])), "n_cells": len(record.get("cells", [])),
        "n_clauses": len(record.get("clauses", [])), "n_checks": len(checks),
        "n_inconsistent": sum(c.get("verdict") == "inconsistent" for c in checks),
        "error_codes": ",".join(e["code"] for e in record.get("errors", [])) or None,
    })
    for section in record.get("sections", []):
        out["sections"].append({**key, "key": section["key"], "parent": None, "title": section.get("title"),
                                "start": section["start"], "end": section["end"]})
        for sub in section.get("subsections", []):
            out["sections"].append({**key, "key": sub["key"], "parent": section["key"],
                                    "title": sub.get("title"), "start": sub["start"], "end": sub["end"]})
    for cell in record.get("cells", []):
        table, row, fld = (cell["path"].split(".") + [None, None])[:3]
        out["cells"].append({**key, "cell_path": cell["path"], "table": table, "row": row, "field": fld,
                             "value": cell.get("value"), "raw": cell.get("raw"),
                             "source": _json(cell.get("source"))})
    for clause in record.get("clauses", []):
        quantities = clause.get("quantities", [])
        out["clauses"].append({**key, "start": clause["start"], "end": clause["end"], "text": clause.get("text"),
                               "section": clause.get("section"), "subsection": clause.get("subsection"),
                               "types": ",".join(clause.get("types", [])) or None,
                               "scores": _json(clause.get("scores") or None), "role": clause.get("role"),
                               "role_basis": clause.get("role_basis"),
                               "n_quantities": len(quantities)})
        for q in quantities:
            out["quantities"].append({**key, "clause_start": clause["start"], "start": q.get("start"),
                                      "end": q.get("end"), "value": q.get("value"), "unit": q.get("unit"),
                                      "approx": q.get("approx"), "subject": q.get("subject")})
    for check in checks:
        row = {name: check.get(name) for name in COLUMNS["checks"] if name not in ("path", "sha256")}
        row["parts"] = _json(check.get("parts"))
        out["checks"].append({**key, **row})
    for severity, items in (("error", record.get("errors", [])), ("warning", record.get("warnings", []))):
        for item in items:
            out["errors"].append({**key, "severity": severity, "code": item.get("code"),
                                  "message": item.get("message")})
    return out


def _coerce(value: Any, kind: str) -> Any:
    """A JSON value as the column type; a number the type cannot hold becomes null (the record keeps it)."""
    if value is None:
        return None
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "float64":
        return float(value) if number and abs(value) <= sys.float_info.max else None
    if kind == "int64":
        return int(value) if number and abs(value) < 2**63 else None
    return str(value)


def write_parquet(records: Iterable[dict[str, Any]], out_dir: str | Path,
                  rows_per_group: int = ROWS_PER_GROUP) -> list[Path]:
    """Write ``<table>.parquet`` per table (atomically), streaming: rows go out in row groups of
    ``rows_per_group``, so memory does not grow with the corpus. Returns the paths."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    schemas = {name: pa.schema([(col, getattr(pa, kind)()) for col, kind in COLUMNS[name].items()])
               for name in TABLES}
    writers = {name: pq.ParquetWriter(out_dir / f".tmp-{name}.parquet", schemas[name], compression="zstd")
               for name in TABLES}
    buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def flush(name: str) -> None:
        columns = COLUMNS[name]
        rows = buffers[name]
        data = {col: [_coerce(r.get(col), kind) for r in rows] for col, kind in columns.items()}
        writers[name].write_table(pa.table(data, schema=schemas[name]))
        buffers[name] = []

    try:
        for record in records:
            for name, rows in rows_of(record).items():
                buffers[name].extend(rows)
                if len(buffers[name]) >= rows_per_group:
                    flush(name)
        for name in TABLES:
            if buffers[name]:
                flush(name)
    finally:
        for writer in writers.values():
            writer.close()
    written = []
    for name in TABLES:
        target = out_dir / f"{name}.parquet"
        (out_dir / f".tmp-{name}.parquet").replace(target)
        written.append(target)
    return written

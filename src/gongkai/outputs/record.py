"""The output.md record as JSON text and files."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..document import Document


def record_json(doc: Document | dict[str, Any], indent: int | None = 2) -> str:
    data = doc.to_dict() if isinstance(doc, Document) else doc
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)


def record_name(path: str | Path) -> str:
    """`DIR/<input file name without extension>.json`."""
    return Path(path).stem + ".json"


def write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file and rename, so a half-written file is never visible."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_record(doc: Document, out_dir: str | Path) -> Path:
    target = Path(out_dir) / record_name(doc.source.path)
    write_atomic(target, record_json(doc) + "\n")
    return target


def document_from_record(record: dict[str, Any]) -> Document:
    """Rebuild the parts of a Document that corpus-level checks read (source, meta, tables)."""
    from ..document import Meta, Source, Tables

    source = record.get("source", {})
    meta = record.get("meta", {})
    tables = record.get("tables", {})
    return Document(
        source=Source(path=source.get("path", ""), sha256=source.get("sha256", ""),
                      format=source.get("format", ""), encoding=source.get("encoding")),
        meta=Meta(**{k: meta.get(k) for k in ("agency", "year", "table_format", "title")}),
        tables=Tables(format=meta.get("table_format"), active=tables.get("active", {}),
                      requests=tables.get("requests", {}), appeals=tables.get("appeals", {})),
    )

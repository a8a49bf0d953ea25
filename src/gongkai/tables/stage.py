"""The tables stage: Document(text, grids) -> tables, cells, meta.table_format."""

from __future__ import annotations

import logging
from dataclasses import replace

from ..config import TableSettings
from ..document import Document
from .extract import extract
from .schema import load_schema

log = logging.getLogger(__name__)


class TableStage:
    """Reads tables 2-4 from the text (or ingest grids) into the canonical schema."""

    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("tables", "cells")

    def __init__(self, settings: TableSettings | None = None):
        self.settings = settings or TableSettings()
        self.schema = load_schema()

    def __call__(self, doc: Document) -> Document:
        found = extract(doc.text, doc.grids, doc.meta.year, self.schema, self.settings, doc.ocr_lines)
        if found.resolved_runs:
            log.debug("%s: %d rows recovered from run-together digits", doc.source.path, found.resolved_runs)
        return replace(doc, tables=found.tables(), cells=tuple(found.cells),
                       meta=replace(doc.meta, table_format=found.format),
                       issues=doc.issues + tuple(found.issues))

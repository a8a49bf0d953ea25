"""Every data class that flows between stages. Nothing else lives here.

All annotations are character offsets into ``Document.text`` (end exclusive), so
there is one text and nothing that can drift from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

Number = int | float


@dataclass(frozen=True)
class Source:
    """Where a document came from and how its bytes were decoded."""

    path: str
    sha256: str = ""
    format: str = ""  # txt | md | docx | html | pdf | doc
    encoding: str | None = None
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "format": self.format,
                "encoding": self.encoding}


@dataclass(frozen=True)
class GridCell:
    """One cell of a table as the source laid it out (before any schema mapping).

    ``text`` is the raw cell string; ``start``/``end`` locate it in
    ``Document.text`` when the cell text was written there (-1 when not).
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    start: int = -1
    end: int = -1
    line: int | None = None  # 1-based line of Document.text
    page: int | None = None  # 1-based page for PDFs


@dataclass(frozen=True)
class Grid:
    """A table found by ingest (docx/html/pdf) or by the table stage in text.

    ``origin`` says how it was found: docx, html, pdf, lines (one cell per
    line), tsv, pipe, markdown, layout, runs (run-together digits).
    """

    index: int
    cells: tuple[GridCell, ...]
    origin: str
    start: int = -1
    end: int = -1
    page: int | None = None

    @property
    def n_rows(self) -> int:
        return 1 + max((c.row + c.rowspan - 1 for c in self.cells), default=-1)

    @property
    def n_cols(self) -> int:
        return 1 + max((c.col + c.colspan - 1 for c in self.cells), default=-1)

    def rows(self) -> list[list[GridCell]]:
        """Cells grouped by their top row, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out


@dataclass(frozen=True)
class Span:
    """A heading-delimited part of the text: a section or a subsection."""

    key: str
    title: str
    start: int
    end: int
    subsections: tuple[Span, ...] = ()
    # where the section's own lead-in ends, when its outline opens before the first found
    # subsection heading (an unnamed （一） item); None: at the first subsection
    lead_in_end: int | None = None
    # where the items of the section's own outline start (its （一） run, else its 1、 run), named
    # or not: text in an item no found subsection holds is about that item's one theme
    outline: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "title": self.title,
                               "start": self.start, "end": self.end}
        if self.subsections or self.key in ("overview", "problems"):
            out["subsections"] = [s.to_dict() for s in self.subsections]
        return out


Section = Span


@dataclass(frozen=True)
class Quantity:
    """A number asserted in a clause, normalised."""

    value: Number
    unit: str | None
    approx: str | None
    subject: str | None
    start: int
    end: int
    raw: str = ""
    negated: bool = False  # a zero stated by negation (没有/未/无)
    subject_start: int = -1
    subject_end: int = -1

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "unit": self.unit, "approx": self.approx,
               "subject": self.subject, "start": self.start, "end": self.end}
        if self.negated:
            out["negated"] = True
        return out


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str
    section: str | None = None
    subsection: str | None = None
    types: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    quantities: tuple[Quantity, ...] = ()
    role: str | None = None  # section role predicted by the tagger
    role_basis: str | None = None  # "heading": a found heading gives the role; "content": read from the words

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start, "end": self.end, "text": self.text,
            "section": self.section, "subsection": self.subsection,
            "types": list(self.types),
            "scores": {k: round(float(v), 4) for k, v in self.scores.items()},
            "quantities": [q.to_dict() for q in self.quantities],
        }
        if self.role is not None:
            out["role"] = self.role
            out["role_basis"] = self.role_basis
        return out


@dataclass(frozen=True)
class Cell:
    """One schema cell: ``path`` is ``<table>.<row>.<field>``; ``source`` says where."""

    path: str
    value: Number | None
    raw: str
    source: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "value": self.value, "raw": self.raw,
                "source": dict(self.source)}


@dataclass(frozen=True)
class Tables:
    """Schema values: ``{"active": {row: {field: value}}, "requests": …, "appeals": …}``."""

    format: str | None = None  # "2021" | "2019" | None
    active: dict[str, dict[str, Number | None]] = field(default_factory=dict)
    requests: dict[str, dict[str, Number | None]] = field(default_factory=dict)
    appeals: dict[str, dict[str, Number | None]] = field(default_factory=dict)

    def get(self, path: str) -> Number | None:
        """Value at ``table.row.field`` or None when absent or blank."""
        table, row, fld = path.split(".")
        return getattr(self, table, {}).get(row, {}).get(fld)

    def has(self, path: str) -> bool:
        table, row, fld = path.split(".")
        return fld in getattr(self, table, {}).get(row, {})

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("active", "requests", "appeals")
                if getattr(self, name)}


@dataclass(frozen=True)
class Check:
    """One verdict with its evidence; fields follow the output record."""

    kind: str  # table_internal | narrative_table | narrative_internal | cross_year | plausibility
    rule: str
    verdict: str  # consistent | inconsistent | unverifiable
    explanation: str = ""
    table_path: str | None = None
    table_value: Number | None = None
    narrative_value: Number | None = None
    clause_start: int | None = None
    clause_end: int | None = None
    table: str | None = None
    formula: str | None = None
    left: Number | None = None
    right: Number | None = None
    whole: Number | None = None
    parts: tuple[Number, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "rule": self.rule, "verdict": self.verdict}
        if self.kind == "table_internal":
            keys = ("table", "formula", "left", "right", "table_path")
        elif self.kind == "narrative_internal":
            keys = ("whole", "parts", "clause_start", "clause_end")
        else:
            keys = ("table_path", "table_value", "narrative_value", "clause_start", "clause_end")
        for key in keys:
            value = getattr(self, key)
            out[key] = list(value) if isinstance(value, tuple) else value
        out["explanation"] = self.explanation
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class Issue:
    """A problem met while reading: ``severity`` is error, partial or warning."""

    code: str
    message: str
    severity: str = "warning"
    stage: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.stage:
            out["stage"] = self.stage
        return out


@dataclass(frozen=True)
class Meta:
    agency: str | None = None
    year: int | None = None
    table_format: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Document:
    """The one object every stage reads and returns (via ``dataclasses.replace``)."""

    source: Source
    text: str = ""
    grids: tuple[Grid, ...] = ()
    meta: Meta = field(default_factory=Meta)
    sections: tuple[Span, ...] = ()
    clauses: tuple[Clause, ...] = ()
    tables: Tables = field(default_factory=Tables)
    cells: tuple[Cell, ...] = ()
    checks: tuple[Check, ...] = ()
    issues: tuple[Issue, ...] = ()
    # lines of ``text`` (1-based, first and last inclusive) read by OCR: scanned pages, pictures
    ocr_lines: tuple[tuple[int, int], ...] = ()

    def with_issues(self, *new: Issue) -> Document:
        return replace(self, issues=self.issues + tuple(new))

    @property
    def status(self) -> str:
        severities = {i.severity for i in self.issues}
        if "error" in severities:
            return "error"
        if "partial" in severities:
            return "partial"
        return "ok"

    def section(self, key: str) -> Span | None:
        return next((s for s in self.sections if s.key == key), None)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return self.text.count("\n", 0, max(0, offset)) + 1

    def to_dict(self) -> dict[str, Any]:
        """The output.md record."""
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source.to_dict(),
            "status": self.status,
            "errors": [i.to_dict() for i in self.issues if i.severity in ("error", "partial")],
            "warnings": [i.to_dict() for i in self.issues if i.severity == "warning"],
            "meta": self.meta.to_dict(),
            "text": self.text,
            "sections": [s.to_dict() for s in self.sections],
            "tables": self.tables.to_dict(),
            "cells": [c.to_dict() for c in self.cells],
            "clauses": [c.to_dict() for c in self.clauses],
            "checks": [c.to_dict() for c in self.checks],
        }


Record = Document

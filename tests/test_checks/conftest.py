"""Documents built by hand for the checks tests (synthetic wording, no real report text).

``build_doc`` splits a text into clauses at 。；！？ and finds quantities with a tiny
test-only regex, so each test states its sentence once and the offsets are right.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.document import Clause, Document, Meta, Quantity, Source, Tables

_QUANTITY = re.compile(
    r"(?P<pre>近|约|超过|不到|突破)?(?P<num>\d+(?:\.\d+)?)\s*(?P<post>余|多)?\s*"
    r"(?P<unit>万户|万元|万次|人次|件|份|条|个|项|篇|名|户|%|年|起|人)")


def quantities(text: str, base: int) -> tuple[Quantity, ...]:
    out = []
    for m in _QUANTITY.finditer(text):
        num = m.group("num")
        value: float | int = float(num) if "." in num else int(num)
        out.append(Quantity(value=value, unit=m.group("unit"), approx=m.group("pre") or m.group("post"),
                            subject=None, start=base + m.start(), end=base + m.end(), raw=m.group(0)))
    return tuple(out)


def clauses(text: str, section: str | None = "overview") -> tuple[Clause, ...]:
    out = []
    for m in re.finditer(r"[^。；！？\n]+[。；！？]?", text):
        if m.group(0).strip():
            out.append(Clause(start=m.start(), end=m.end(), text=m.group(0), section=section,
                              quantities=quantities(m.group(0), m.start())))
    return tuple(out)


def build_doc(text: str, section: str | None = "overview", year: int | None = 2023,
              agency: str | None = "示例县公安局", table_format: str = "2021", **tables: Any) -> Document:
    return Document(source=Source(path="synthetic.txt"), text=text,
                    meta=Meta(agency=agency, year=year, table_format=table_format),
                    clauses=clauses(text, section), tables=Tables(format=table_format, **tables))


@pytest.fixture
def make_doc():
    return build_doc


def requests_table(**totals: int) -> dict[str, dict[str, int]]:
    """{row: {"total": v}} for the rows given."""
    return {row: {"total": value} for row, value in totals.items()}


@pytest.fixture
def req():
    return requests_table


def appeals_table(**groups: dict[str, int]) -> dict[str, dict[str, int]]:
    """Every group present with zeros, then the given fields; totals recomputed."""
    out = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        row = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0}
        row.update(groups.get(group, {}))
        row["total"] = sum(row.values())
        out[group] = row
    return out


@pytest.fixture
def appeals():
    return appeals_table

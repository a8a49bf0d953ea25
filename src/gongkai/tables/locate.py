"""Step 1: where each table lies — a text region (between section headings) or ingest grids.

Regions are found from the text itself so the stage does not depend on segmentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Grid
from .schema import TABLES, Schema

MAX_REGION_CHARS = 20_000  # a table region never runs further than this past its heading
YEAR_WINDOW = 400  # the report year is stated near the start of the text


@dataclass(frozen=True)
class Region:
    """The text span of one table (``start``/``end`` offsets, end exclusive)."""

    table: str
    start: int
    end: int


def _first(patterns: tuple[re.Pattern[str], ...], text: str, pos: int) -> re.Match[str] | None:
    found = [m for p in patterns if (m := p.search(text, pos))]
    return min(found, key=lambda m: m.start(), default=None)


def _word_start(words: tuple[str, ...], text: str, pos: int) -> int:
    hits = [i for w in words if (i := text.find(w, pos)) >= 0]
    return min(hits, default=-1)


def locate_regions(text: str, schema: Schema) -> dict[str, Region]:
    """Regions of the tables that the text holds, keyed by table name.

    A table's region runs from its heading (or, lacking one, its first table word) to the
    next table's heading or the 五、/六、 heading. It is kept only if it contains one of the
    table's own words, so a prose section with the same heading is not taken for a table.
    """
    starts: dict[str, int] = {}
    pos = 0
    for table in TABLES:
        match = _first(schema.headings[table], text, pos)
        start = match.start() if match else _word_start(schema.table_words[table], text, pos)
        if start >= 0:
            starts[table] = start
            pos = start + 1
    regions: dict[str, Region] = {}
    for table, start in starts.items():
        later = [s for s in starts.values() if s > start]
        end_match = _first(schema.headings["end"], text, start + 1)
        candidates = later + ([end_match.start()] if end_match else [])
        end = min(candidates, default=len(text))
        end = min(end, start + MAX_REGION_CHARS)
        if any(w in text[start:end] for w in schema.table_words[table]):
            regions[table] = Region(table, start, end)
    return regions


def grid_table(grid: Grid, schema: Schema) -> str | None:
    """Which table an ingest grid holds, by its words (table 3 before 4 before 2)."""
    words = "".join(c.text for c in grid.cells).replace(" ", "")
    for table in ("requests", "appeals", "active"):
        if any(w in words for w in schema.table_words[table]):
            return table
    if any(cue in words for spec in schema.rows["active"] for cue in spec.cues):
        return "active"
    return None


def report_year(text: str, schema: Schema, known: int | None) -> int | None:
    """meta.year when set; else the first 'YYYY年…政府信息公开' near the start of the text."""
    if known is not None:
        return known
    head = text[:YEAR_WINDOW]
    for pattern in schema.year_patterns:
        match = pattern.search(head)
        if match:
            return int(match.group(1))
    return None

"""The table pipeline on plain values: text + grids -> schema values, cells and issues.

locate (regions / ingest grids) -> grid (rows of cells; :mod:`pages` drops what a page break
put between rows) -> layout (format) -> rows (label -> key) -> values (numbers); run-together
digits go through :mod:`decode` and :mod:`runs`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..config import TableSettings
from ..document import Cell, Grid, GridCell, Issue, Number, Tables
from ..errors import Code, issue
from . import decode, runs
from .grid import Lines, build_grid
from .layout import detect_format, format_from_year
from .locate import grid_table, locate_regions, report_year
from .pages import furniture_rows, line_counts, without_rows
from .rows import (
    Record,
    align_by_position,
    first_line_values,
    fit_values,
    match_row,
    normalise_label,
    records,
    split_row,
    subtotal_index,
)
from .schema import TABLES, RowSpec, Schema
from .values import read_value

log = logging.getLogger(__name__)
STAGE = "tables"
_PIPES = ("pipe", "markdown")
_DIGIT_RUN = re.compile(r"^[0-9][0-9.]*(?:万元|元|件)?$")
_RUN_TOKEN = re.compile(r"^(?:[/／—–―]+|[－−-]+|[－−-]?[0-9][0-9.]*(?:万元|元|件)?)$")


@dataclass
class Extracted:
    format: str | None = None
    values: dict[str, dict[str, dict[str, Number | None]]] = field(
        default_factory=lambda: {t: {} for t in TABLES})
    cells: list[Cell] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    resolved_runs: int = 0  # rows recovered from run-together digits
    ocr_lines: tuple[tuple[int, int], ...] = ()  # text lines read by OCR (1-based, inclusive)

    def tables(self) -> Tables:
        return Tables(format=self.format, **self.values)


@dataclass(frozen=True)
class Placed:
    """A record together with the grid it came from."""

    grid: Grid
    ingest: bool
    record: Record


def _source(grid: Grid, ingest: bool, cell: GridCell) -> dict[str, object]:
    out: dict[str, object] = {}
    if ingest:
        out["grid"] = grid.index
    if cell.line is not None:
        out["line"] = cell.line
    out["row"], out["col"] = cell.row, cell.col
    if cell.page is not None:
        out["page"] = cell.page
    return out


def _sources(text: str, grids: tuple[Grid, ...], schema: Schema, lines: Lines) -> dict[str, list[tuple[Grid, bool]]]:
    """Per table, the grids that hold it: ingest grids when there are any, else text regions."""
    found: dict[str, list[tuple[Grid, bool]]] = {t: [] for t in TABLES}
    for grid in grids:
        table = grid_table(grid, schema)
        if table:
            found[table].append((grid, True))
    regions = locate_regions(text, schema)
    counts = None
    for table, region in regions.items():
        if not found[table]:
            grid = build_grid(text, region.start, region.end, lines, index=-1)
            if grid.origin == "layout":  # paginated text: a page break may sit inside the table
                counts = counts or line_counts(text)
                outside = counts - line_counts(text[region.start:region.end])
                drop = furniture_rows(grid, outside, schema.cues(table), schema.page_line, schema.noise)
                grid = without_rows(grid, drop)
            found[table].append((grid, False))
    return found


def _placed(sources: list[tuple[Grid, bool]], schema: Schema) -> list[Placed]:
    return [Placed(g, ingest, rec) for g, ingest in sources for rec in records(g, schema.noise)]


def _label_text(placed: list[Placed]) -> str:
    return "".join(p.record.label for p in placed)


class _Filler:
    """Writes values and cells of one table into an Extracted."""

    def __init__(self, out: Extracted, table: str, schema: Schema):
        self.out, self.table, self.schema = out, table, schema

    def put(self, row: str, fld: str, raw: str, place: Placed, cell: GridCell | None,
            extra: dict[str, object] | None = None) -> None:
        value = read_value(raw, fld, self.schema.noise) if raw else None
        self.out.values[self.table].setdefault(row, {})[fld] = value
        source = _source(place.grid, place.ingest, cell) if cell else {"line": place.record.line}
        source.update(extra or {})
        self.out.cells.append(Cell(f"{self.table}.{row}.{fld}", value, raw.strip(), source))

    def direct(self, row: str, fields: tuple[str, ...], cells: list[GridCell | None], place: Placed) -> None:
        for fld, cell in zip(fields, cells):
            self.put(row, fld, cell.text if cell else "", place, cell)

    def split(self, row: str, fields: tuple[str, ...], pieces: tuple[str, ...],
              tokens: list[GridCell], place: Placed) -> None:
        """Cells from a chosen split; each keeps the run it came from."""
        owners = _piece_owners(tokens, pieces)
        for i, (fld, piece) in enumerate(zip(fields, pieces)):
            tok = owners[i]
            self.put(row, fld, piece, place, tok, {"run": tok.text, "piece": i})

    def unresolved(self, row: str, fields: tuple[str, ...], tokens: list[GridCell], place: Placed) -> None:
        """Row found but its cells cannot be told apart: None, with the printed run kept."""
        raw = " ".join(t.text for t in tokens)
        first = tokens[0] if tokens else None
        for fld in fields:
            self.out.values[self.table].setdefault(row, {})[fld] = None
            source = _source(place.grid, place.ingest, first) if first else {"line": place.record.line}
            self.out.cells.append(Cell(f"{self.table}.{row}.{fld}", None, raw, source))


def _piece_owners(tokens: list[GridCell], pieces: tuple[str, ...]) -> list[GridCell]:
    """The token each piece was cut from (pieces never span tokens)."""
    owners: list[GridCell] = []
    i, used = 0, ""
    for piece in pieces:
        owners.append(tokens[i])
        used += piece
        if used == tokens[i].text.replace("\u00a0", ""):
            i, used = i + 1, ""
    return owners


def _tokens(record: Record) -> list[GridCell]:
    return [c for c in record.values if c.text.strip()]


def _splittable(place: Placed, tokens: list[GridCell], k: int) -> bool:
    """Split only crawler runs (figures, signed figures, blank marks), or a single cell
    holding several figures run together."""
    if not tokens or len(tokens) >= k:
        return False
    if place.grid.origin == "runs":
        return all(_RUN_TOKEN.match(t.text) for t in tokens)
    return len(tokens) == 1 and bool(_DIGIT_RUN.match(tokens[0].text))


NEARBY_LINES = 8  # full rows this close (in lines) say where a laid-out row's columns lie


def _by_position(place: Placed, tokens: list[GridCell], matched: dict[str, Placed], k: int,
                 lines: Lines) -> list[GridCell | None] | None:
    """A laid-out row with blank cells: place its figures under the columns of full rows nearby."""
    line = place.record.line
    if not tokens or line is None:
        return None
    full = [p for p in matched.values() if p.grid is place.grid and len(_tokens(p.record)) == k
            and abs((p.record.line or 0) - line) <= NEARBY_LINES]

    def spans(cells: list[GridCell], wide: bool) -> list[tuple[int, int]]:
        if wide:
            return [(lines.column(c.start), lines.column(c.end)) for c in cells]
        return [(c.start - lines.starts[(c.line or 1) - 1], c.end - lines.starts[(c.line or 1) - 1]) for c in cells]

    # a page puts a CJK character two columns wide; a text dump may count it as one: both
    # measures must agree where both place every figure
    found = {wide: align_by_position(spans(tokens, wide), [spans(_tokens(p.record), wide) for p in full])
             for wide in (True, False)}
    placed = {tuple(c) for c in found.values() if c is not None}
    if len(placed) != 1:
        return None
    columns = list(placed.pop())
    out: list[GridCell | None] = [None] * k
    for col, token in zip(columns, tokens):
        out[col] = token
    return out


def _match(placed: list[Placed], specs: tuple[RowSpec, ...], table: str,
           out: Extracted, notes: tuple[str, ...] = ()) -> dict[str, Placed]:
    matched: dict[str, Placed] = {}
    for place in placed:
        spec = match_row(place.record.label, specs)
        if spec is None and normalise_label(place.record.label).startswith(notes):
            log.debug("table %s: note after the rows skipped (line %s)", table, place.record.line)
        elif spec is None:
            label = place.record.label.strip()[-40:] or "(none)"
            out.issues.append(issue(Code.UNKNOWN_ROW_LABEL, stage=STAGE, table=table, label=label,
                                    line=place.record.line))
        elif spec.key in matched:
            log.debug("table %s: row %s printed twice; first kept", table, spec.key)
        else:
            matched[spec.key] = place
    return matched


LATEST_FORMAT = "2021"


def _rows_named(placed: list[Placed], specs: tuple[RowSpec, ...]) -> int:
    return len({spec.key for p in placed if (spec := match_row(p.record.label, specs)) is not None})


def _top_aligned(placed: list[Placed], grids: list[tuple[Grid, bool]], specs: tuple[RowSpec, ...],
                 schema: Schema) -> list[Placed]:
    """A laid-out table's records read with wrapped label text after the figures (cells aligned to
    the top, as Word sets them by default) when that names more schema rows than reading it before
    them (cells centred): the layout does not say which it is."""
    if not any(p.grid.origin == "layout" for p in placed):
        return placed
    below = [Placed(g, ingest, rec) for g, ingest in grids
             for rec in records(g, schema.noise, tails_follow=g.origin == "layout")]
    if _rows_named(below, specs) > _rows_named(placed, specs):
        log.debug("laid-out table read with wrapped labels below their figures")
        return below
    return placed


def _fill_rows(table: str, fmt: str, placed: list[Placed], schema: Schema, settings: TableSettings,
               out: Extracted, lines: Lines, grids: list[tuple[Grid, bool]]) -> None:
    """Tables 2 and 3: match rows by label, fit or split their cells, report what is missing."""
    specs = schema.rows_for(table, fmt)
    placed = _top_aligned(placed, grids, specs, schema)
    matched = _match(placed, specs, table, out, schema.note_prefixes)
    filler = _Filler(out, table, schema)
    budget = runs.Budget(settings.max_run_splits)  # for the joint search; each row has its own
    over_budget: set[str] = set()
    pending: dict[str, list[runs.Split]] = {}
    fixed: dict[str, runs.Split] = {}
    sub = None
    if table == "requests" and placed:
        sub = subtotal_index(placed[0].record.label, schema.subtotal_word, schema.first_org_word)
    for spec in specs:
        place = matched.get(spec.key)
        if place is None:
            if fmt == "2021" and spec.key == "other_total":  # derived there
                continue
            blank = _blank_row(spec, specs, fmt, grids, schema)
            if blank is not None:  # printed with every cell blank
                filler.direct(spec.key, spec.fields_for(fmt), list(blank.record.values), blank)
            else:
                out.issues.append(issue(Code.ROW_MISSING, stage=STAGE, table=table, row=spec.key))
            continue
        fields = spec.fields_for(fmt)
        cells = fit_values(place.record.values, len(fields), place.grid.origin in _PIPES)
        if cells is None and sub is not None:  # a printed 小计 column: read past it
            wide = fit_values(place.record.values, len(fields) + 1, place.grid.origin in _PIPES)
            cells = None if wide is None else wide[:sub] + wide[sub + 1:]
        tokens = _tokens(place.record)
        if cells is None and place.grid.origin == "layout":
            cells = first_line_values(place.record.values, len(fields)) \
                or _by_position(place, tokens, matched, len(fields), lines)
        if cells is not None:
            filler.direct(spec.key, fields, cells, place)
            printed = tuple(c.text.strip() for c in cells if c is not None)
            if len(printed) == len(fields) and all(_DIGIT_RUN.match(p) for p in printed) \
                    and (table != "requests" or runs.row_total_ok(printed)):
                fixed[spec.key] = printed  # a misprinted row is left out of the column sums
        elif _splittable(place, tokens, len(fields)):
            found = decode.row_candidates(table, fields, [t.text for t in tokens], schema, settings.max_run_splits)
            pending[spec.key] = found or []
            if found is None:
                over_budget.add(spec.key)
        else:
            out.issues.append(issue(Code.CELL_COUNT_MISMATCH, stage=STAGE, table=table, row=spec.key,
                                    line=place.record.line, found=len(tokens), expected=len(fields)))
            filler.unresolved(spec.key, fields, tokens, place)
    if pending:
        chosen = decode.choose(table, specs, pending, fixed, budget, set(matched))
        for key, candidates in pending.items():
            place = matched[key]
            fields = next(s for s in specs if s.key == key).fields_for(fmt)
            tokens = _tokens(place.record)
            if key in chosen:
                filler.split(key, fields, chosen[key], tokens, place)
                out.resolved_runs += 1
            else:
                out.issues.append(issue(Code.AMBIGUOUS_CELLS, stage=STAGE, table=table, row=key,
                                        raw=" ".join(t.text for t in tokens),
                                        count=decode.UNKNOWN_COUNT if key in over_budget else len(candidates)))
                filler.unresolved(key, fields, tokens, place)


def _blank_row(spec: RowSpec, specs: tuple[RowSpec, ...], fmt: str, grids: list[tuple[Grid, bool]],
               schema: Schema) -> Placed | None:
    """A row printed with its label and only blank cells (行政事业性收费 with no amount), which
    makes no record: found among the grid rows, so its cells are null with provenance rather
    than the row being reported missing. Needs a blank cell per field (a grid that keeps
    blank cells: Word, TSV, HTML, docx), and the label must name this row."""
    k = len(spec.fields_for(fmt))
    for grid, ingest in grids:
        for row in grid.rows():
            label, values, has_values = split_row(row, schema.noise)
            if label and not has_values and len(values) >= k and match_row(label, specs) is spec:
                return Placed(grid, ingest, Record(label, values[:k], values[0].line))
    return None


def _fill_appeals(placed: list[Placed], schema: Schema, settings: TableSettings, out: Extracted) -> None:
    """Table 4 has one data row of 3 groups x 5: the value cells of the first records that
    hold fifteen figures (a row split over lines continues; prose after the table is left)."""
    if not placed:
        return
    place = placed[0]
    fields = [(g, f) for g in schema.appeal_groups for f in schema.appeal_fields]
    values: list[GridCell] = []
    for p in placed:
        values.extend(p.record.values)
        if len([c for c in values if c.text.strip()]) >= len(fields) or place.grid.origin == "runs":
            break
    filler = _Filler(out, "appeals", schema)
    cells = fit_values(values, len(fields), place.grid.origin in _PIPES)
    if cells is not None:
        for (group, fld), cell in zip(fields, cells):
            owner = next(p for p in placed if cell in p.record.values)
            filler.put(group, fld, cell.text, owner, cell)
        return
    tokens = [c for c in values if c.text.strip()]
    if _splittable(place, tokens, len(fields)):
        texts = [t.text for t in tokens]
        try:
            found = list(runs.splits(texts, len(fields), runs.Budget(settings.max_run_splits), runs.groups_ok))
            if not found:  # a group total fails every split: misprinted; the digits alone may decide
                loose = list(runs.splits(texts, len(fields), runs.Budget(settings.max_run_splits)))
                found = loose if len(loose) == 1 else []
        except runs.BudgetExceeded:
            found = []
        if len(found) == 1:
            owners = _piece_owners(tokens, found[0])
            for i, ((group, fld), piece) in enumerate(zip(fields, found[0])):
                filler.put(group, fld, piece, place, owners[i], {"run": owners[i].text, "piece": i})
            out.resolved_runs += 1
            return
        out.issues.append(issue(Code.AMBIGUOUS_CELLS, stage=STAGE, table="appeals", row="*",
                                raw=" ".join(t.text for t in tokens), count=len(found)))
    else:
        out.issues.append(issue(Code.CELL_COUNT_MISMATCH, stage=STAGE, table="appeals", row="*",
                                line=place.record.line, found=len(tokens), expected=len(fields)))
    for group, fld in fields:
        out.values["appeals"].setdefault(group, {})[fld] = None


def derive(out: Extracted) -> None:
    """2021 table 3 has no （六）其他处理 row: other_total is the sum of its three items."""
    if out.format != "2021":
        return
    rows = out.values["requests"]
    items = decode.OTHER_ITEMS
    if "other_total" in rows or not all(r in rows for r in items):
        return
    total: dict[str, Number | None] = {}
    for col in rows[items[0]]:
        parts = [rows[r].get(col) for r in items]
        total[col] = None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]
    rows["other_total"] = total


def extract(text: str, grids: tuple[Grid, ...], year: int | None, schema: Schema,
            settings: TableSettings, ocr_lines: tuple[tuple[int, int], ...] = ()) -> Extracted:
    """Tables 2-4 of one report; cells on ``ocr_lines`` (ranges of lines read by OCR) say so."""
    out = Extracted(ocr_lines=ocr_lines)
    year = report_year(text, schema, year)
    if year is not None and year < schema.first_year:
        out.issues.append(issue(Code.TABLE_NOT_FOUND, stage=STAGE, severity_override="warning",
                                table=f"active/requests/appeals (a {year} report predates the 2019 formats)"))
        return out
    lines = Lines(text)
    sources = _sources(text, grids, schema, lines)
    placed = {t: _placed(sources[t], schema) for t in TABLES}
    out.format = detect_format(_label_text(placed["active"]), _label_text(placed["requests"]), schema) \
        or format_from_year(year)
    if out.format is None and (placed["active"] or placed["requests"]):
        out.format = LATEST_FORMAT  # nothing tells: read rows by the current template
        log.info("table format not stated and no year: read as %s", LATEST_FORMAT)
    expected = year is not None or any(placed.values())
    for table in TABLES:
        if not placed[table]:
            out.issues.append(issue(Code.TABLE_NOT_FOUND, stage=STAGE, table=table,
                                    severity_override=None if expected else "warning"))
            continue
        if table == "appeals":
            _fill_appeals(placed[table], schema, settings, out)
        elif out.format is not None:
            _fill_rows(table, out.format, placed[table], schema, settings, out, lines, sources[table])
    derive(out)
    mark_ocr(out)
    return out


def mark_ocr(out: Extracted) -> None:
    """``source.ocr = true`` on cells read from lines that OCR gave: their figures may be misread."""
    for cell in out.cells:
        line = cell.source.get("line")
        if isinstance(line, int) and any(first <= line <= last for first, last in out.ocr_lines):
            cell.source["ocr"] = True

"""Rule data classes, their loaders, and the small helpers every check kind shares.

Rules are data (``resources/narrative_cells.toml``, ``resources/plausibility.toml``);
loaders validate on load so a bad entry fails at start-up, naming file and entry.
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from ..document import Clause, Number, Quantity, Tables
from ..errors import Code, GongkaiError

log = logging.getLogger(__name__)

NARRATIVE_FILE = "narrative_cells.toml"
PLAUSIBILITY_FILE = "plausibility.toml"

# Canonical rows per table (schema.md), used to reject a mistyped path at load time.
_REQUEST_ROWS = (
    "new_received", "carried_over", "granted", "partially_granted",
    "withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_information",
    "withheld_enforcement_file", "withheld_administrative_query", "unavailable_not_held",
    "unavailable_needs_creation", "unavailable_unclear", "not_processed_petition",
    "not_processed_repeated", "not_processed_publication", "not_processed_excessive",
    "not_processed_confirmation", "other_overdue_correction", "other_overdue_fee", "other_misc",
    "other_total", "results_total", "carried_forward")
REQUEST_COLUMNS = ("natural_person", "commercial_enterprise", "research_institution",
                   "social_welfare_org", "legal_service_org", "other_org", "total")
APPEAL_FIELDS = ("upheld", "corrected", "other", "pending", "total")
_ACTIVE_FIELDS = ("issued", "repealed", "in_force", "made", "published", "total_published",
                  "decisions", "previous_items", "change", "items", "amount_10k_yuan")
SCHEMA: dict[str, dict[str, tuple[str, ...]]] = {
    "requests": {row: REQUEST_COLUMNS for row in _REQUEST_ROWS},
    "appeals": {row: APPEAL_FIELDS for row in ("review", "litigation_direct", "litigation_after_review")},
    "active": {row: _ACTIVE_FIELDS for row in ("rules", "normative_documents", "licensing", "penalty",
                                                "coercion", "admin_fees", "other_services", "procurement")},
}

# Units that date a statement rather than count something; they never open a window.
_DATE_UNITS = frozenset({"年", "月", "日", "号", "年度", "季度"})
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_STOP = "，,、。；;！？!?\n（(）)"


# ------------------------------------------------------------------ expressions


@dataclass(frozen=True)
class Expr:
    """A sum of schema paths, or a percentage ``100 * sum / sum`` (``a+b / c``)."""

    text: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()

    @property
    def paths(self) -> tuple[str, ...]:
        return self.numerator + self.denominator

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)


def parse_expr(text: str, where: str) -> Expr:
    """'a.b.c+d.e.f' or 'a.b.c / d.e.f'; every path must be a schema path."""
    num_text, _, den_text = text.partition("/")
    num = tuple(p.strip() for p in num_text.split("+") if p.strip())
    den = tuple(p.strip() for p in den_text.split("+") if p.strip())
    for path in num + den:
        if not valid_path(path):
            raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=text, reason=f"unknown path {path}")
    if not num:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=text, reason="empty expression")
    return Expr(text=text, numerator=num, denominator=den)


def valid_path(path: str) -> bool:
    parts = path.split(".")
    return len(parts) == 3 and parts[2] in SCHEMA.get(parts[0], {}).get(parts[1], ())


def _sum(tables: Tables, paths: tuple[str, ...]) -> Number | None:
    values = [tables.get(p) for p in paths]
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def evaluate(expr: Expr, tables: Tables) -> Number | None:
    """The expression's value, or None when a path is absent/blank (never read as 0)."""
    if not all(tables.has(p) for p in expr.paths):
        return None
    num = _sum(tables, expr.numerator)
    if not expr.is_ratio or num is None:
        return num
    den = _sum(tables, expr.denominator)
    if not den:
        return None
    return round(100 * num / den, 2)


# ------------------------------------------------------------------ narrative rules


@dataclass(frozen=True)
class NarrativeRule:
    """A phrase -> cell link (see the header of narrative_cells.toml)."""

    rule: str
    cells: tuple[Expr, ...]
    cues: tuple[str, ...]
    unit: tuple[str, ...]
    sections: tuple[str, ...]
    require: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_prefix: tuple[str, ...] = ()
    other_year_ok: bool = False
    note: str = ""
    ambiguous: bool = False
    elsewhere: tuple[str, ...] = ()  # outside ``sections``, the clause must hold one of these


@dataclass(frozen=True)
class ZeroRule:
    """A negated statement (没有引发行政复议) that claims every cell in ``cells`` is 0."""

    rule: str
    cells: tuple[Expr, ...]
    negations: tuple[str, ...]
    objects: tuple[str, ...]
    detail: tuple[str, ...]
    sections: tuple[str, ...]
    note_words: tuple[str, ...]
    gap: int
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class NarrativeConfig:
    rules: tuple[NarrativeRule, ...]
    zeros: tuple[ZeroRule, ...]
    other_year: tuple[str, ...]
    count_units: tuple[str, ...]
    not_after: tuple[str, ...]
    max_cue_gap: int
    approx: dict[str, str]  # marker -> exact | at_least | at_most | about
    labels: dict[str, dict[str, str]]
    templates: dict[str, str]
    part_whole: dict[str, tuple[str, ...]]


def _strs(entry: dict[str, Any], key: str, where: str, required: bool = False) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                           reason=f"'{key}' must be a list of non-empty strings")
    if required and not value:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                           reason=f"'{key}' must not be empty")
    return tuple(value)


def _check_keys(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                           reason=f"unknown key(s) {sorted(unknown)}")


def _narrative_rule(entry: dict[str, Any], where: str) -> NarrativeRule:
    _check_keys(entry, {"rule", "cells", "cues", "unit", "sections", "require", "exclude",
                        "exclude_prefix", "other_year_ok", "note", "ambiguous", "elsewhere"}, where)
    cells = tuple(parse_expr(c, where) for c in _strs(entry, "cells", where))
    if not cells and not entry.get("note"):
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                           reason="a rule without cells needs a 'note' saying why")
    return NarrativeRule(
        rule=str(entry.get("rule", "")), cells=cells, cues=_strs(entry, "cues", where, True),
        unit=_strs(entry, "unit", where, True), sections=_strs(entry, "sections", where),
        require=_strs(entry, "require", where), exclude=_strs(entry, "exclude", where),
        exclude_prefix=_strs(entry, "exclude_prefix", where),
        other_year_ok=bool(entry.get("other_year_ok", False)), note=str(entry.get("note", "")),
        ambiguous=bool(entry.get("ambiguous", False)), elsewhere=_strs(entry, "elsewhere", where))


def _zero_rule(entry: dict[str, Any], where: str) -> ZeroRule:
    _check_keys(entry, {"rule", "cells", "negations", "objects", "detail", "sections",
                        "note_words", "gap", "exclude"}, where)
    detail = _strs(entry, "detail", where)
    for group in detail:
        table, _, row = group.partition(".")
        if row not in SCHEMA.get(table, {}):
            raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                               reason=f"unknown detail row {group}")
    gap = entry.get("gap", 20)
    if not isinstance(gap, int) or gap < 0:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                           reason="'gap' must be a non-negative integer")
    return ZeroRule(
        rule=str(entry.get("rule", "")),
        cells=tuple(parse_expr(c, where) for c in _strs(entry, "cells", where, True)),
        negations=_strs(entry, "negations", where, True), objects=_strs(entry, "objects", where, True),
        detail=detail, sections=_strs(entry, "sections", where),
        note_words=_strs(entry, "note_words", where), gap=gap, exclude=_strs(entry, "exclude", where))


def _unique_ids(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for rule_id in ids:
        if not rule_id or rule_id in seen:
            raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=rule_id or "?",
                               reason="missing or duplicate rule id")
        seen.add(rule_id)


_TEMPLATE_KEYS = ("consistent", "inconsistent", "unverifiable", "zero_consistent",
                  "zero_inconsistent", "zero_note", "part_whole_consistent",
                  "part_whole_inconsistent", "part_bound_consistent", "part_bound_inconsistent",
                  "cross_year")


def parse_narrative(data: dict[str, Any], where: str = NARRATIVE_FILE) -> NarrativeConfig:
    """Validate a parsed narrative_cells.toml."""
    rules = tuple(_narrative_rule(e, where) for e in data.get("rule", []))
    zeros = tuple(_zero_rule(e, where) for e in data.get("zero", []))
    _unique_ids([r.rule for r in rules] + [z.rule for z in zeros], where)
    approx: dict[str, str] = {}
    for kind, markers in data.get("approx", {}).items():
        if kind not in ("exact", "at_least", "at_most", "about"):
            raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=f"approx.{kind}", reason="unknown class")
        approx.update({m: kind for m in markers})
    templates = {"part_dropped": "；末项「{item}」未计入", **data.get("templates", {})}
    missing = [k for k in _TEMPLATE_KEYS if k not in templates]
    if missing:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="templates", reason=f"missing {missing}")
    defaults = data.get("defaults", {})
    part_whole = {k: tuple(v) for k, v in data.get("part_whole", {}).items()}
    if not part_whole.get("markers"):
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="part_whole", reason="no markers")
    for pair in part_whole.get("contrasts", ()):
        if len([w for w in pair.split("/") if w]) != 2:
            raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="part_whole.contrasts",
                               reason=f"'{pair}' is not 'whole word/item word'")
    return NarrativeConfig(
        rules=rules, zeros=zeros, other_year=tuple(defaults.get("other_year", ())),
        count_units=tuple(defaults.get("count_units", ())),
        not_after=tuple(defaults.get("not_after", ())),
        max_cue_gap=int(defaults.get("max_cue_gap", 20)), approx=approx,
        labels={k: dict(v) for k, v in data.get("labels", {}).items()}, templates=templates,
        part_whole=part_whole)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("gongkai.resources").joinpath(name).read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise GongkaiError(Code.BAD_RESOURCE, file=name, entry="?", reason=str(err)) from err


@functools.cache
def load_narrative() -> NarrativeConfig:
    """The shipped narrative rules (loaded once; the file is package data, not config)."""
    return parse_narrative(_read(NARRATIVE_FILE))


# ------------------------------------------------------------------ plausibility rules


@dataclass(frozen=True)
class PlausibilityRule:
    """A quantity with a unit in ``unit`` (and a cue nearby, if any) must lie in [min, max]."""

    rule: str
    unit: tuple[str, ...]
    cues: tuple[str, ...]
    exclude: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    note: str


@dataclass(frozen=True)
class PlausibilityConfig:
    rules: tuple[PlausibilityRule, ...]
    template: str


def parse_plausibility(data: dict[str, Any], where: str = PLAUSIBILITY_FILE) -> PlausibilityConfig:
    """Validate a parsed plausibility.toml."""
    template = data.get("templates", {}).get("out_of_range")
    if not isinstance(template, str) or not template:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="templates", reason="missing out_of_range")
    out = []
    for entry in data.get("rule", []):
        _check_keys(entry, {"rule", "unit", "cues", "exclude", "min", "max", "note"}, where)
        lo, hi = entry.get("min"), entry.get("max")
        if lo is None and hi is None:
            raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=entry.get("rule", "?"),
                               reason="needs 'min' or 'max'")
        out.append(PlausibilityRule(
            rule=str(entry.get("rule", "")), unit=_strs(entry, "unit", where, True),
            cues=_strs(entry, "cues", where), exclude=_strs(entry, "exclude", where),
            minimum=None if lo is None else float(lo), maximum=None if hi is None else float(hi),
            note=str(entry.get("note", ""))))
    _unique_ids([r.rule for r in out], where)
    return PlausibilityConfig(rules=tuple(out), template=template)


@functools.cache
def load_plausibility() -> PlausibilityConfig:
    return parse_plausibility(_read(PLAUSIBILITY_FILE))


# ------------------------------------------------------------------ shared helpers


@dataclass(frozen=True)
class Squeezed:
    """A text without whitespace and, per kept character, its offset in the original.

    PDF and layout text keep line breaks and padding inside clauses (行政\n处罚, 其\n中);
    cues and markers are matched here and positions mapped back with ``original``.
    """

    text: str
    offsets: tuple[int, ...]
    size: int  # length of the original text

    def index(self, original: int) -> int:
        """Squeezed position of an original position (kept characters before it)."""
        return bisect.bisect_left(self.offsets, original)

    def original(self, index: int) -> int:
        """Original position of a squeezed boundary; the end maps to just after its character."""
        if index <= 0:
            return self.offsets[0] if self.offsets else 0
        if index >= len(self.offsets):
            return self.offsets[-1] + 1 if self.offsets else self.size
        return self.offsets[index]

    def original_end(self, index: int) -> int:
        """Original end (exclusive) of a squeezed span ending at ``index``."""
        return self.offsets[index - 1] + 1 if 0 < index <= len(self.offsets) else self.original(index)


def squeeze(text: str) -> Squeezed:
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return Squeezed("".join(ch for _, ch in kept), tuple(i for i, _ in kept), len(text))


def squeeze_quantity(q: Quantity, sq: Squeezed, base: int) -> Quantity:
    """``q`` with offsets moved into the squeezed text (``base`` + squeezed position)."""
    def move(pos: int) -> int:
        return pos if pos < 0 else base + sq.index(pos - base)
    return replace(q, start=move(q.start), end=move(q.end), subject_start=move(q.subject_start),
                   subject_end=move(q.subject_end))


def squeeze_clause(clause: Clause) -> Clause:
    """The clause as matched by the narrative rules: whitespace-free text, quantities moved.

    ``start``/``end`` stay the document offsets, so a Check still points into ``doc.text``.
    """
    if not any(ch.isspace() for ch in clause.text):
        return clause
    sq = squeeze(clause.text)
    return replace(clause, text=sq.text,
                   quantities=tuple(squeeze_quantity(q, sq, clause.start) for q in clause.quantities))


def is_date(q: Quantity) -> bool:
    return (q.unit or "") in _DATE_UNITS


@dataclass(frozen=True)
class Windows:
    """Text around one quantity of a clause, as offsets into ``clause.text``.

    near: after the previous counted quantity (dates do not count) up to this one;
    prefix: from the clause start; tail: right after the number up to punctuation.
    """

    near: str
    near_start: int
    prefix: str
    tail: str
    tail_start: int


def windows(clause: Clause, index: int) -> Windows:
    """The windows of ``clause.quantities[index]`` (clause-relative positions)."""
    q = clause.quantities[index]
    begin = clause.start
    for prev in clause.quantities[:index]:
        if not is_date(prev) and prev.end <= q.start:
            begin = max(begin, prev.end)
    size = len(clause.text)
    near_start = min(max(begin - clause.start, 0), size)
    q_start = min(max(q.start - clause.start, near_start), size)
    tail_start = min(max(q.end - clause.start, q_start), size)
    tail = ""
    for ch in clause.text[tail_start:]:
        if ch in _STOP or ch.isdigit():
            break
        tail += ch
    return Windows(near=clause.text[near_start:q_start], near_start=near_start,
                   prefix=clause.text[:q_start], tail=tail, tail_start=tail_start)


def other_year(text: str, year: int | None, words: tuple[str, ...], prefix: str = "") -> bool:
    """Whether ``text`` (the near window) dates its statement to another year than the report's.

    Also true when the last year named earlier in the clause (``prefix``) is another year:
    2022年收到申请5件，办结5件 dates both numbers.
    """
    if any(w in text for w in words):
        return True
    if year is None:
        return False
    if any(int(m.group(1)) != year for m in _YEAR.finditer(text)):
        return True
    named = [int(m.group(1)) for m in _YEAR.finditer(prefix)]
    return bool(named) and named[-1] != year


def interval(value: Number, marker: str | None, approx: dict[str, str]) -> tuple[float, float]:
    """The range a stated number allows (writers are loose, so the ranges are too).

    N余/N多/超过N: [N, next power of ten) (130余 < 1000); 近N/不到N: [0, N];
    约N: N ± 10 %. Unknown markers are read as 约.
    """
    kind = approx.get(marker) if marker else "exact"
    if kind is None:
        log.debug("unknown approximation marker %r read as 'about'", marker)
        kind = "about"
    if kind == "exact":
        return float(value), float(value)
    if kind == "at_least":
        magnitude = 10 ** (math.floor(math.log10(value)) + 1) if value > 0 else 1
        return float(value), float(magnitude) - 1e-9
    if kind == "at_most":
        return 0.0, float(value)
    return value * 0.9, value * 1.1


def within(table_value: Number, rng: tuple[float, float], tolerance: float = 0.0) -> bool:
    return rng[0] - tolerance <= table_value <= rng[1] + tolerance


def path_label(path: str, labels: dict[str, dict[str, str]]) -> str:
    """'requests.new_received.total' -> '表三 本年新收申请 总计'."""
    table, row, fld = path.split(".")
    get = lambda kind, key: labels.get(kind, {}).get(key, key)  # noqa: E731
    return f"{get('tables', table)} {get('rows', row)} {get('fields', fld)}"


def expr_label(expr: Expr, labels: dict[str, dict[str, str]]) -> str:
    """A readable name for an expression: its own label, else labels joined by + (and /)."""
    if expr.text in labels.get("exprs", {}):
        return labels["exprs"][expr.text]
    num = "+".join(path_label(p, labels) for p in expr.numerator)
    if not expr.is_ratio:
        return num
    den = "+".join(path_label(p, labels) for p in expr.denominator)
    return f"({num})/({den})"


def fmt(value: Number | None) -> str:
    if value is None:
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Load and validate ``resources/schema.toml``: row keys, fields and label cues of tables 2-4.

A bad entry fails at start-up with ``GongkaiError(BAD_RESOURCE)`` naming the entry, never mid-batch.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import Code, GongkaiError
from ..numbers import to_halfwidth

FILE = "schema.toml"
FORMATS = ("2021", "2019")
TABLES = ("active", "requests", "appeals")

# Canonical keys of ../shared/spec/schema.md; the loader rejects anything else.
ACTIVE_ROWS = {"rules", "normative_documents", "licensing", "other_services", "penalty", "coercion",
               "admin_fees", "procurement"}
ACTIVE_FIELDS = {"issued", "repealed", "in_force", "made", "published", "total_published",
                 "previous_items", "change", "decisions", "amount_10k_yuan", "items"}
REQUEST_ROWS = (
    "new_received", "carried_over", "granted", "partially_granted",
    "withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_information",
    "withheld_enforcement_file", "withheld_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "not_processed_petition", "not_processed_repeated", "not_processed_publication",
    "not_processed_excessive", "not_processed_confirmation",
    "other_overdue_correction", "other_overdue_fee", "other_misc", "other_total",
    "results_total", "carried_forward",
)
REQUEST_COLUMNS = ("natural_person", "commercial_enterprise", "research_institution",
                   "social_welfare_org", "legal_service_org", "other_org", "total")
APPEAL_GROUPS = ("review", "litigation_direct", "litigation_after_review")
APPEAL_FIELDS = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True)
class RowSpec:
    """One schema row: its key, the cues that name it, and its fields per format."""

    table: str
    key: str
    cues: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]  # format -> field names in printed order

    def fields_for(self, fmt: str) -> tuple[str, ...]:
        return self.fields.get(fmt, ())


@dataclass(frozen=True)
class Schema:
    rows: dict[str, tuple[RowSpec, ...]]  # table -> rows in printed order
    header_words: dict[str, tuple[str, ...]]  # format -> words
    headings: dict[str, tuple[re.Pattern[str], ...]]  # active/requests/appeals/end
    table_words: dict[str, tuple[str, ...]]
    year_patterns: tuple[re.Pattern[str], ...]
    first_year: int
    noise: re.Pattern[str] | None
    appeal_groups: tuple[str, ...]
    appeal_fields: tuple[str, ...]
    request_columns: tuple[str, ...]
    subtotal_word: str = "小计"
    first_org_word: str = "商业"
    page_line: re.Pattern[str] | None = None  # a page-number line inside a paginated table
    signed_fields: frozenset[str] = frozenset()  # table-2 fields that may be negative (本年增/减)
    note_prefixes: tuple[str, ...] = ()  # normalised starts of a note printed among the rows

    def cues(self, table: str) -> tuple[str, ...]:
        """Every label cue of a table's rows (none for table 4)."""
        return tuple(c for r in self.rows.get(table, ()) for c in r.cues)

    def rows_for(self, table: str, fmt: str) -> tuple[RowSpec, ...]:
        return tuple(r for r in self.rows[table] if r.fields_for(fmt))


def _bad(entry: str, reason: str) -> GongkaiError:
    return GongkaiError(Code.BAD_RESOURCE, file=FILE, entry=entry, reason=reason)


def _compile(patterns: list[str], entry: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p, re.MULTILINE) for p in patterns)
    except re.error as exc:
        raise _bad(entry, f"bad regex ({exc})") from exc


def _row_specs(table: str, entries: list[dict], known: set[str] | tuple[str, ...],
               default_fields: tuple[str, ...] | None) -> tuple[RowSpec, ...]:
    out: list[RowSpec] = []
    seen_keys: set[str] = set()
    seen_cues: dict[str, str] = {}
    for entry in entries:
        key = entry.get("key", "?")
        where = f"{table}.rows.{key}"
        extra = set(entry) - {"key", "cues", "fields", "formats"}
        if extra:
            raise _bad(where, f"unknown field(s) {sorted(extra)}")
        if key not in known:
            raise _bad(where, "unknown row key")
        if key in seen_keys:
            raise _bad(where, "duplicate row key")
        seen_keys.add(key)
        cues = tuple(entry.get("cues", ()))
        if not cues:
            raise _bad(where, "no cues")
        for cue in cues:
            if cue in seen_cues:
                raise _bad(where, f"cue '{cue}' already names row {seen_cues[cue]}")
            seen_cues[cue] = key
        fmts = tuple(entry.get("formats", FORMATS))
        if set(fmts) - set(FORMATS):
            raise _bad(where, f"unknown format in {fmts}")
        if default_fields is not None:
            fields = {f: default_fields for f in fmts}
        else:
            fields = {f: tuple(v) for f, v in entry.get("fields", {}).items()}
            for fmt, names in fields.items():
                if fmt not in FORMATS:
                    raise _bad(where, f"unknown format {fmt}")
                unknown = set(names) - ACTIVE_FIELDS
                if unknown or len(set(names)) != len(names):
                    raise _bad(where, f"unknown or repeated field in {list(names)}")
        out.append(RowSpec(table, key, cues, fields))
    return tuple(out)


def parse_schema(data: dict) -> Schema:
    """Validate a decoded schema.toml; raises GongkaiError(BAD_RESOURCE) naming the entry."""
    extra = set(data) - {"formats", "locate", "cleanup", "active", "requests", "appeals"}
    if extra:
        raise _bad(",".join(sorted(extra)), "unknown section")
    formats = data.get("formats", {})
    if set(formats) != set(FORMATS):
        raise _bad("formats", f"expected formats {FORMATS}")
    columns = tuple(data.get("requests", {}).get("columns", ()))
    if columns != REQUEST_COLUMNS:
        raise _bad("requests.columns", f"expected {list(REQUEST_COLUMNS)}")
    appeals = data.get("appeals", {})
    if tuple(appeals.get("groups", ())) != APPEAL_GROUPS or tuple(appeals.get("fields", ())) != APPEAL_FIELDS:
        raise _bad("appeals", "groups/fields differ from schema.md")
    active = data.get("active", {})
    extra = set(active) - {"rows", "signed_fields"}
    if extra:
        raise _bad("active", f"unknown field(s) {sorted(extra)}")
    signed = frozenset(active.get("signed_fields", ()))
    if signed - ACTIVE_FIELDS:
        raise _bad("active.signed_fields", f"unknown field(s) {sorted(signed - ACTIVE_FIELDS)}")
    rows = {
        "active": _row_specs("active", active.get("rows", []), ACTIVE_ROWS, None),
        "requests": _row_specs("requests", data["requests"].get("rows", []), REQUEST_ROWS, columns),
    }
    missing = set(REQUEST_ROWS) - {r.key for r in rows["requests"]}
    if missing:
        raise _bad("requests.rows", f"missing rows {sorted(missing)}")
    loc = data.get("locate", {})
    headings = {name: _compile(loc.get(name, []), f"locate.{name}")
                for name in ("active", "requests", "appeals", "end")}
    cleanup = data.get("cleanup", {})
    extra = set(cleanup) - {"noise", "page_line", "note_prefixes"}
    if extra:
        raise _bad("cleanup", f"unknown field(s) {sorted(extra)}")
    noise = cleanup.get("noise", [])
    page_line = _compile([cleanup["page_line"]], "cleanup.page_line")[0] if "page_line" in cleanup else None
    return Schema(
        rows=rows,
        header_words={f: tuple(formats[f].get("header_words", ())) for f in FORMATS},
        headings=headings,
        table_words={t: tuple(loc.get(f"{t}_words", ())) for t in TABLES},
        year_patterns=_compile(loc.get("year", []), "locate.year"),
        first_year=int(loc.get("first_year", 2019)),
        noise=re.compile("|".join(f"(?:{p})" for p in noise)) if noise else None,
        appeal_groups=APPEAL_GROUPS,
        appeal_fields=APPEAL_FIELDS,
        request_columns=columns,
        subtotal_word=str(data["requests"].get("subtotal_word", "小计")),
        first_org_word=str(data["requests"].get("first_org_word", "商业")),
        page_line=page_line,
        signed_fields=signed,
        note_prefixes=tuple(re.sub(r"\s+", "", to_halfwidth(p, keep_cjk_punct=False))
                            for p in cleanup.get("note_prefixes", ())),
    )


@cache
def load_schema() -> Schema:
    """The shipped schema, parsed once per process."""
    text = resources.files("gongkai.resources").joinpath(FILE).read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad("-", f"not valid TOML ({exc})") from exc
    return parse_schema(data)

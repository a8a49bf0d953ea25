"""Table-internal arithmetic (勾稽关系) of tables 2-4, from formulas in ``table_rules.toml``.

Formulas are strings read by a tiny evaluator that knows schema paths, ``+`` and ``=``.
Every formula instance gives one Check: consistent, inconsistent (both sides and the cell
most likely wrong) or unverifiable. Real reports contain errors; they are reported, never
repaired.

Blank cells: a needed cell that is None (blank, '/', '-', or a run-together cell left
unresolved) makes the check unverifiable, with one exception. Reports often leave a whole
applicant column blank where the other columns print 0. Such an entirely blank column is
read as 0 *when it is a term of another scope's formula* (so each row's total can still be
checked against the other columns), while the checks of that column itself are
unverifiable: blank is not claimed to equal anything.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..config import CheckSettings
from ..document import Cell, Check, Number, Tables
from ..errors import Code, GongkaiError

FILE = "table_rules.toml"
KIND = "table_internal"
SCOPES = {"col": "col", "row": "requests", "group": "appeals"}  # placeholder -> label table
_TERM = re.compile(r"^(?:[a-z_]+|\{(?:col|row|group)\})\.(?:[a-z_0-9]+|\{(?:col|row|group)\})$")
_EPS = 1e-6


@dataclass(frozen=True)
class Formula:
    left: tuple[str, ...]
    right: tuple[str, ...]

    def expand(self, name: str, value: str) -> Formula:
        sub = "{" + name + "}"
        return Formula(tuple(t.replace(sub, value) for t in self.left),
                       tuple(t.replace(sub, value) for t in self.right))

    def terms(self) -> tuple[str, ...]:
        return self.left + self.right

    def __str__(self) -> str:
        return f"{' + '.join(self.left)} = {' + '.join(self.right)}"


@dataclass(frozen=True)
class Rule:
    id: str
    table: str
    over: str  # col | row | group
    formulas: tuple[Formula, ...]
    suspect: str
    left_label: str | None = None
    right_label: str | None = None


@dataclass(frozen=True)
class Sanity:
    id: str
    table: str
    test: str  # non_negative | integer
    exempt: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    sanity: tuple[Sanity, ...]
    labels: dict[str, dict[str, str]]


def _bad(entry: str, reason: str) -> GongkaiError:
    return GongkaiError(Code.BAD_RESOURCE, file=FILE, entry=entry, reason=reason)


def parse_formula(text: str, where: str = "?") -> Formula:
    """'a.x + b.x = c.x' -> Formula(('a.x', 'b.x'), ('c.x',)); anything else is refused."""
    sides = text.split("=")
    if len(sides) != 2:
        raise _bad(where, f"formula needs exactly one '=': {text!r}")
    left, right = ([t.strip() for t in side.split("+")] for side in sides)
    for term in left + right:
        if not _TERM.match(term):
            raise _bad(where, f"bad term {term!r} in {text!r}")
    return Formula(tuple(left), tuple(right))


def _keys_ok(formula: Formula, rule: Rule, labels: dict[str, dict[str, str]]) -> None:
    """Every term, once its placeholder is filled, names a known row and field."""
    rows = labels[rule.table]
    fields = labels[f"{rule.table}_fields"]
    scope_keys = labels[SCOPES[rule.over]] if rule.over != "group" else labels["appeals"]
    for value in scope_keys:
        for term in formula.expand(rule.over, value).terms():
            row, fld = term.split(".")
            if row not in rows or fld not in fields:
                raise _bad(rule.id, f"unknown path {rule.table}.{term}")


def parse_rules(data: dict[str, Any]) -> RuleSet:
    """Validate a decoded table_rules.toml (unknown key or duplicate id -> BAD_RESOURCE)."""
    labels = {k: dict(v) for k, v in data.get("labels", {}).items()}
    need = {"col", "requests", "requests_fields", "appeals", "appeals_fields", "active", "active_fields"}
    if need - set(labels):
        raise _bad("labels", f"missing {sorted(need - set(labels))}")
    seen: set[str] = set()
    rules: list[Rule] = []
    for entry in data.get("rules", []):
        rid = entry.get("id", "?")
        extra = set(entry) - {"id", "table", "over", "formulas", "suspect", "left_label", "right_label"}
        if extra:
            raise _bad(rid, f"unknown field(s) {sorted(extra)}")
        if rid in seen:
            raise _bad(rid, "duplicate rule id")
        seen.add(rid)
        if entry.get("table") not in ("requests", "appeals") or entry.get("over") not in SCOPES:
            raise _bad(rid, "table must be requests/appeals and over col/row/group")
        rule = Rule(rid, entry["table"], entry["over"],
                    tuple(parse_formula(f, rid) for f in entry.get("formulas", [])),
                    entry.get("suspect", ""), entry.get("left_label"), entry.get("right_label"))
        if not rule.formulas:
            raise _bad(rid, "no formulas")
        for formula in rule.formulas + (parse_formula(f"{rule.suspect} = {rule.suspect}", rid),):
            _keys_ok(formula, rule, labels)
        rules.append(rule)
    sanity: list[Sanity] = []
    for entry in data.get("sanity", []):
        sid = entry.get("id", "?")
        if sid in seen:
            raise _bad(sid, "duplicate rule id")
        seen.add(sid)
        if entry.get("test") not in ("non_negative", "integer") or entry.get("table") != "active":
            raise _bad(sid, "test must be non_negative/integer on table active")
        sanity.append(Sanity(sid, "active", entry["test"], tuple(entry.get("exempt", ()))))
    return RuleSet(tuple(rules), tuple(sanity), labels)


@cache
def load_rules() -> RuleSet:
    text = resources.files("gongkai.resources").joinpath(FILE).read_text("utf-8")
    try:
        return parse_rules(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise _bad("-", f"not valid TOML ({exc})") from exc


def _fmt(value: Number | None) -> str:
    if value is None:
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank_columns(rows: dict[str, dict[str, Number | None]]) -> set[str]:
    """Fields that are None in every row of a table."""
    fields = {f for row in rows.values() for f in row}
    return {f for f in fields if all(row.get(f) is None for row in rows.values())}


def _scopes(rule: Rule, tables: Tables, labels: dict[str, dict[str, str]]) -> list[str]:
    rows = getattr(tables, rule.table)
    if rule.over == "col":
        return list(labels["col"])
    if rule.over == "group":
        return [g for g in labels["appeals"] if g in rows]
    printed = [r for r in labels["requests"] if r in rows]
    if tables.format == "2021" and any(r in rows for r in ("other_overdue_correction", "other_misc")):
        printed = [r for r in printed if r != "other_total"]  # derived there, not printed
    return printed


def _term_label(term: str, rule: Rule, labels: dict[str, dict[str, str]]) -> str:
    row, fld = term.split(".")
    if rule.over == "col":
        return labels[rule.table].get(row, row)
    return labels[f"{rule.table}_fields"].get(fld, fld)


def _scope_label(rule: Rule, scope: str, labels: dict[str, dict[str, str]]) -> str:
    if rule.over == "col":
        return labels["col"][scope]
    if rule.over == "row":
        return f"{labels['requests'].get(scope, scope)}行"
    return labels["appeals"].get(scope, scope)


def _side(terms: tuple[str, ...], values: list[Number | None], rule: Rule,
          labels: dict[str, dict[str, str]], summary: str | None) -> str:
    if summary:
        total = None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]
        return f"{summary}{_fmt(total)}"
    return "+".join(f"{_term_label(t, rule, labels)}{_fmt(v)}" for t, v in zip(terms, values))


@cache
def _expanded(rule: Rule, scope: str) -> tuple[tuple[Formula, tuple[tuple[str, str], ...], str], ...]:
    """A rule's formulas for one scope, each with its terms as (row, field) pairs and its text."""
    out = []
    for formula in rule.formulas:
        concrete = formula.expand(rule.over, scope)
        out.append((concrete, tuple(tuple(t.split(".")) for t in concrete.terms()), str(concrete)))
    return tuple(out)


def _check_scope(rule: Rule, scope: str, tables: Tables, blank: set[str],
                 labels: dict[str, dict[str, str]], tol: float) -> Check | None:
    rows = getattr(tables, rule.table)

    def has(pair: tuple[str, str]) -> bool:
        return pair[1] in rows.get(pair[0], ())

    candidates = _expanded(rule, scope)
    formula, pairs, text = next((c for c in candidates if all(has(p) for p in c[1])), candidates[0])
    if not any(has(p) for p in pairs):
        return None
    own = rule.over == "col" and scope in blank

    def value(pair: tuple[str, str]) -> Number | None:
        v = rows.get(pair[0], {}).get(pair[1])
        return 0 if v is None and pair[1] in blank and not own else v

    values = [value(p) for p in pairs]
    left, right = values[:len(formula.left)], values[len(formula.left):]
    suspect = f"{rule.table}.{rule.suspect.replace('{' + rule.over + '}', scope)}"
    where = _scope_label(rule, scope, labels)
    base = dict(kind=KIND, rule=rule.id, table=rule.table, formula=text)
    if any(v is None for v in left + right):
        missing = [t for t, v in zip(formula.terms(), left + right) if v is None]
        names = "、".join(_term_label(t, rule, labels) for t in missing[:4])
        more = "等" if len(missing) > 4 else ""
        return Check(verdict="unverifiable", table_path=f"{rule.table}.{missing[0]}",
                     explanation=f"{where}：{names}{more}为空或无法读出，无法核对", **base)
    lsum, rsum = sum(left), sum(right)  # type: ignore[arg-type]
    ok = abs(lsum - rsum) <= tol
    explanation = (f"{where}：{_side(formula.left, left, rule, labels, rule.left_label)} "
                   f"{'=' if ok else '≠'} {_side(formula.right, right, rule, labels, rule.right_label)}")
    return Check(verdict="consistent" if ok else "inconsistent", table_path=suspect, left=lsum,
                 right=rsum, explanation=explanation, **base)


def _locate_suspects(checks: list[Check]) -> list[Check]:
    """A failing column sum whose terms include exactly one row with a failing row total
    points at that row's cell in the column (the row is the one that does not add up)."""
    bad_rows = {c.table_path.split(".")[1] for c in checks
                if c.rule == "requests_row_total" and c.verdict == "inconsistent" and c.table_path}
    out = []
    for check in checks:
        if check.table == "requests" and check.verdict == "inconsistent" and check.rule != "requests_row_total":
            terms = parse_formula(check.formula or "").terms()
            rows = {t.split(".")[0] for t in terms} & bad_rows
            if len(rows) == 1:
                row = rows.pop()
                col = next(t.split(".")[1] for t in terms if t.startswith(row + "."))
                check = Check(**{**check.__dict__, "table_path": f"requests.{row}.{col}"})
        out.append(check)
    return out


def _sanity(rule: Sanity, tables: Tables, labels: dict[str, dict[str, str]]) -> Iterable[Check]:
    for row, fields in getattr(tables, rule.table).items():
        tested = {f: v for f, v in fields.items() if f not in rule.exempt and v is not None}
        if not tested:
            continue
        if rule.test == "non_negative":
            bad = [(f, v) for f, v in tested.items() if v < 0]
            formula = " + ".join(f"{row}.{f}" for f in tested) + " >= 0"
        else:
            bad = [(f, v) for f, v in tested.items() if not float(v).is_integer()]
            formula = " , ".join(f"{row}.{f}" for f in tested) + " integer"
        label = labels["active"].get(row, row)
        if bad:
            fld, v = bad[0]
            what = "为负数" if rule.test == "non_negative" else "不是整数"
            yield Check(kind=KIND, rule=rule.id, verdict="inconsistent", table=rule.table, formula=formula,
                        left=v, right=0 if rule.test == "non_negative" else round(v),
                        table_path=f"{rule.table}.{row}.{fld}",
                        explanation=f"{label}{labels['active_fields'].get(fld, fld)}{_fmt(v)}{what}")
        else:
            yield Check(kind=KIND, rule=rule.id, verdict="consistent", table=rule.table, formula=formula,
                        table_path=f"{rule.table}.{row}",
                        explanation=f"{label}各项数值{'均非负' if rule.test == 'non_negative' else '均为整数'}")


def table_checks(tables: Tables, cells: tuple[Cell, ...], settings: CheckSettings,
                 rules: RuleSet | None = None) -> list[Check]:
    """All table-internal checks of one report, in rule order, never stopping early.

    ``cells`` is accepted for the shared interface; values are read from ``tables``.
    """
    rules = rules or load_rules()
    tol = _EPS
    out: list[Check] = []
    for rule in rules.rules:
        rows = getattr(tables, rule.table)
        if not rows:
            continue
        blank = _blank_columns(rows)
        for scope in _scopes(rule, tables, rules.labels):
            check = _check_scope(rule, scope, tables, blank, rules.labels, tol)
            if check is not None:
                out.append(check)
    out = _locate_suspects(out)
    split = {c.path for c in cells if "run" in c.source}
    if split:  # those cells were chosen *by* this arithmetic: agreement is no evidence
        out = [Check(**{**c.__dict__, "extra": {**c.extra, "cells_split_by_arithmetic": True}})
               if any(f"{c.table}.{t}" in split for t in parse_formula(c.formula or "").terms()) else c
               for c in out]
    for sanity in rules.sanity:
        out.extend(_sanity(sanity, tables, rules.labels))
    return out

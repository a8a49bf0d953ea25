"""Score one pipeline Document against its Truth: cells, sections, checks, links.

Pure functions returning plain dicts, so the harness only aggregates and prints.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from .narrative import Claim
from .tables import identities
from .truth import Truth

MISSING = "<missing>"


def same_value(expected: Any, got: Any) -> bool:
    """Exact match with null kept apart from 0; ints and integral floats compare equal."""
    if expected is None:
        return got is None or got == MISSING
    if got is None or got == MISSING or isinstance(got, bool):
        return False
    try:
        return abs(float(expected) - float(got)) < 1e-9
    except (TypeError, ValueError):
        return False


def score_cells(truth: Truth, doc: Any) -> list[dict[str, Any]]:
    """One row per truth cell: path, table, expected, got, ok, why (missing|null_vs_0|wrong)."""
    out = []
    for path, expected in truth.cells.items():
        got = doc.tables.get(path) if doc.tables.has(path) else MISSING
        ok = same_value(expected, got)
        why = ""
        if not ok:
            if got == MISSING:
                why = "missing"
            elif (expected is None) != (got is None):
                why = "null_vs_value"
            else:
                why = "wrong"
        out.append({"path": path, "table": path.split(".")[0], "expected": expected,
                    "got": got, "ok": ok, "why": why})
    return out


def score_sections(truth: Truth, doc: Any) -> dict[str, Any]:
    found = {s.key: s for s in doc.sections}
    missing = [k for k in truth.sections if k not in found]
    sub_expected, sub_missing = 0, []
    for key, subs in truth.subsections.items():
        have = {s.key for s in found[key].subsections} if key in found else set()
        for sub in subs:
            sub_expected += 1
            if sub not in have:
                sub_missing.append(f"{key}.{sub}")
    return {"expected": len(truth.sections), "missing": missing,
            "sub_expected": sub_expected, "sub_missing": sub_missing}


# ---- table_internal -------------------------------------------------------------------

def implicated(truth: Truth) -> list[set[str]]:
    """Per planted error, every path of the identities it breaks (any may be blamed)."""
    ids = identities(truth.fmt)
    out = []
    for err in truth.errors:
        paths = {err.path}
        for ident in err.broken:
            left, right = ids[ident]
            paths |= set(left) | set(right)
        out.append(paths)
    return out


def score_table_internal(truth: Truth, doc: Any) -> dict[str, Any]:
    fired = [c for c in doc.checks if c.kind == "table_internal" and c.verdict == "inconsistent"]
    sets = implicated(truth)
    detected = [any(c.table_path in s for c in fired) for s in sets]
    rules = [{b.split(".")[0] for b in e.broken} for e in truth.errors]
    rule_fired = [any(c.rule in r and c.table_path in s for c in fired) for r, s in zip(rules, sets)]
    alarms = [c for c in fired if not any(c.table_path in s for s in sets)]
    return {"planted": len(sets), "detected": sum(detected), "expected_rule_fired": sum(rule_fired),
            "missed": [e.path for e, d in zip(truth.errors, detected) if not d],
            "false_alarms": [{"rule": c.rule, "table_path": c.table_path, "left": c.left,
                              "right": c.right} for c in alarms]}


# ---- locating claims in the normalised text --------------------------------------------

def _norm(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


@dataclass
class TextIndex:
    """Whitespace-free, NFKC-folded copy of ``doc.text`` with a map back to offsets."""

    squeezed: str
    offsets: list[int]

    @classmethod
    def build(cls, text: str) -> TextIndex:
        chars, offs = [], []
        for i, ch in enumerate(text):
            for out in _norm(ch):
                if not out.isspace():
                    chars.append(out)
                    offs.append(i)
        return cls("".join(chars), offs)

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        key = "".join(c for c in _norm(needle) if not c.isspace())
        at = self.squeezed.find(key, start)
        if at < 0 or not key:
            return None
        return self.offsets[at], self.offsets[at + len(key) - 1] + 1


def locate(claims: list[Claim], index: TextIndex) -> list[tuple[int, int] | None]:
    return [index.find(c.anchor) for c in claims]


def _overlaps(check: Any, span: tuple[int, int]) -> bool:
    if check.clause_start is None or check.clause_end is None:
        return False
    return check.clause_start < span[1] and check.clause_end > span[0]


def _path_ok(claim: Claim, path: str | None) -> bool:
    return bool(path) and any(p in path for p in claim.paths)


def score_narrative(truth: Truth, doc: Any) -> dict[str, Any]:
    """Per claim: where it is, the check that answers it, and every unexplained alarm."""
    index = TextIndex.build(doc.text)
    spans = locate(truth.claims, index)
    nt = [c for c in doc.checks if c.kind == "narrative_table"]
    ni = [c for c in doc.checks if c.kind == "narrative_internal"]
    explained: set[int] = set()
    true_pos: set[int] = set()
    # table and part-whole claims first: a check they explain is not a trap's alarm
    order = sorted(range(len(truth.claims)), key=lambda i: truth.claims[i].kind in ("trap", "neutral"))
    by_index: dict[int, dict[str, Any]] = {}
    for i in order:
        claim, span = truth.claims[i], spans[i]
        row: dict[str, Any] = {"kind": claim.kind, "label": claim.label, "anchor": claim.anchor,
                               "stated": claim.stated, "planted": claim.planted, "located": span is not None,
                               "note": claim.note}
        by_index[i] = row
        if span is None:
            continue
        near_t = [c for c in nt if _overlaps(c, span)]
        near_i = [c for c in ni if _overlaps(c, span)]
        if claim.kind == "table":
            linked = [c for c in near_t if _path_ok(claim, c.table_path)]
            linked.sort(key=lambda c: not same_value(claim.stated, c.narrative_value))
            hit = linked[0] if linked else None
            row["linked"] = hit is not None
            row["verdict"] = hit.verdict if hit else None
            others = [c for c in near_t if c not in linked and same_value(claim.stated, c.narrative_value)]
            row["mislinked_to"] = others[0].table_path if others and not hit else None
            if hit is not None:
                explained.add(id(hit))
                if claim.planted and hit.verdict == "inconsistent":
                    true_pos.add(id(hit))
            row["expected"] = "inconsistent" if claim.planted else "consistent"
            if hit is None:
                row["cause"] = blame(claim, span, doc)
        elif claim.kind == "part_whole":
            hits = [c for c in near_i if same_value(claim.whole, c.whole)] or near_i
            bad = [c for c in hits if c.verdict == "inconsistent"]
            row["verdict"] = "inconsistent" if bad else (hits[0].verdict if hits else None)
            row["expected"] = "inconsistent" if claim.planted else "consistent"
            if not hits:
                row["cause"] = blame(claim, span, doc)
            explained |= {id(c) for c in hits}
            if claim.planted:
                true_pos |= {id(c) for c in bad}
        # an inconsistent verdict on this clause naming this clause's number
        flags = [c for c in near_t + near_i if c.verdict == "inconsistent"
                 and (same_value(claim.stated, c.narrative_value) or same_value(claim.stated, c.whole))
                 and id(c) not in explained]
        if claim.kind in ("trap", "neutral"):
            row["flagged"] = bool(flags)
            row["linked_cell"] = next((c.table_path for c in near_t if c.table_path and id(c) not in explained
                                       and same_value(claim.stated, c.narrative_value)), None)
            explained |= {id(c) for c in flags}
    rows = [by_index[i] for i in range(len(truth.claims))]
    stray = [c for c in nt + ni if c.verdict == "inconsistent" and id(c) not in explained]
    counts = {kind: {"predicted": sum(c.verdict == "inconsistent" for c in checks),
                     "true_positive": sum(id(c) in true_pos for c in checks)}
              for kind, checks in (("narrative_table", nt), ("narrative_internal", ni))}
    return {"claims": rows, "counts": counts, "stray_alarms": [
        {"kind": c.kind, "rule": c.rule, "table_path": c.table_path, "narrative_value": c.narrative_value,
         "whole": c.whole, "text": doc.text[c.clause_start:c.clause_end] if c.clause_start is not None else ""}
        for c in stray]}


def blame(claim: Claim, span: tuple[int, int], doc: Any) -> str:
    """Which stage lost an unlinked claim: segment (clause/section), claims (number), checks."""
    clauses = [c for c in doc.clauses if c.start < span[1] and c.end > span[0]]
    if not clauses:
        return "segment: no clause covers it"
    values = [q.value for c in clauses for q in c.quantities if q.start < span[1] and q.end > span[0]]
    if not any(same_value(claim.stated, v) for v in values):
        return f"claims: {claim.stated} not extracted (got {values[:4]})"
    sections = {c.section for c in clauses}
    if claim.section and claim.section not in sections:
        return f"segment: clause in section {sorted(map(str, sections))} not {claim.section}"
    return "checks: no rule linked it"


# ---- run-together digits: which rows can be decoded at all ------------------------------

def _splits(digits: str, k: int, ok: Any, limit: int = 2) -> int:
    """Ways (up to ``limit``) to cut ``digits`` into ``k`` integers without leading zeros
    for which ``ok(values)`` holds."""
    found = 0

    def walk(pos: int, acc: list[int]) -> None:
        nonlocal found
        if found >= limit:
            return
        if len(acc) == k:
            if pos == len(digits) and ok(acc):
                found += 1
            return
        left = k - len(acc)
        if len(digits) - pos < left:
            return
        ends = [pos + 1] if digits[pos] == "0" else range(pos + 1, len(digits) - left + 2)
        for end in ends:
            walk(end, acc + [int(digits[pos:end])])

    walk(0, [])
    return found


def runs_row_status(truth: Truth) -> dict[str, str]:
    """Per schema path: 'unique' when its row's run-together digits decode one way only
    (given the row's arithmetic where the shown values satisfy it), 'ambiguous' when not,
    'other' when the row holds non-integers, blanks or negatives (not analysed)."""
    rows: dict[str, list[str]] = {}
    for path in truth.cells:
        table, row, _ = path.split(".")
        key = "appeals" if table == "appeals" else f"{table}.{row}"
        rows.setdefault(key, []).append(path)
    out: dict[str, str] = {}
    for key, paths in rows.items():
        values = [truth.cells[p] for p in paths]
        if any(not isinstance(v, int) or v < 0 for v in values):
            out.update({p: "other" for p in paths})
            continue
        check = _row_check(key, values)
        if not check(values):
            check = lambda v: True  # noqa: E731 - a planted error: arithmetic cannot help
        n = _splits("".join(str(v) for v in values), len(values), check)
        out.update({p: "unique" if n == 1 else "ambiguous" for p in paths})
    return out


def _row_check(key: str, values: list[int]) -> Any:
    if key.startswith("requests."):
        return lambda v: v[6] == sum(v[:6])
    if key == "appeals":
        return lambda v: all(v[i + 4] == sum(v[i:i + 4]) for i in (0, 5, 10))
    return lambda v: True

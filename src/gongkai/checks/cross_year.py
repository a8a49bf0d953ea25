"""The same agency's consecutive reports (corpus level; batch calls it).

carried_forward of year N-1 = carried_over of year N, per column; and, for two
2021-format reports, in_force(N-1) + issued(N) - repealed(N) = in_force(N) for rules
and normative documents.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence

from ..document import Check, Document, Number
from .rules import REQUEST_COLUMNS, fmt, load_narrative, path_label

log = logging.getLogger(__name__)

KIND = "cross_year"
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_SPACE = re.compile(r"\s+")


def normalise_agency(name: str) -> str:
    """'渠县 公安局（本级）' -> '渠县公安局': spaces and bracketed notes go."""
    return _SPACE.sub("", _BRACKETS.sub("", name or "")).strip()


def _filled(doc: Document) -> int:
    """How many table values a report has: the better copy of a duplicated year wins."""
    return sum(v is not None for table in (doc.tables.active, doc.tables.requests, doc.tables.appeals)
               for row in table.values() for v in row.values())


def _pairs(docs: Sequence[Document]) -> list[tuple[str, Document, Document]]:
    """(agency, year N-1 doc, year N doc) for consecutive years; per year the fullest doc."""
    by_agency: dict[str, dict[int, Document]] = defaultdict(dict)
    for doc in docs:
        agency = normalise_agency(doc.meta.agency or "")
        if not agency or doc.meta.year is None:
            continue
        kept = by_agency[agency].get(doc.meta.year)
        if kept is not None:
            log.info("cross_year: two reports for %s %s (%s, %s); the fuller one is used",
                     agency, doc.meta.year, kept.source.path, doc.source.path)
            if _filled(doc) <= _filled(kept):
                continue
        by_agency[agency][doc.meta.year] = doc
    out = []
    for agency in sorted(by_agency):
        years = by_agency[agency]
        out.extend((agency, years[y - 1], years[y]) for y in sorted(years) if y - 1 in years)
    return out


def _check(rule: str, path: str, current: Number | None, expected: Number | None,
           formula: str, prev: Document, cur: Document, agency: str) -> Check:
    years = [prev.meta.year, cur.meta.year]
    cfg = load_narrative()
    if current is None or expected is None:
        verdict, why = "unverifiable", "缺少数值"
    elif current == expected:
        verdict, why = "consistent", "一致"
    else:
        verdict, why = "inconsistent", "不符"
    explanation = cfg.templates["cross_year"].format(
        agency=agency, prev=years[0], cur=years[1], formula=formula, expected=fmt(expected),
        cell=path_label(path, cfg.labels), current=fmt(current), why=why, rule=rule)
    return Check(kind=KIND, rule=rule, verdict=verdict, table_path=path, table_value=current,
                 narrative_value=expected, formula=formula, left=expected, right=current,
                 explanation=explanation, extra={"years": years, "agency": agency})


def carried_checks(agency: str, prev: Document, cur: Document) -> list[Check]:
    """carried_forward(N-1) = carried_over(N), one check per column present in both."""
    if not (prev.tables.requests or cur.tables.requests):
        return []  # neither report has table 3 (pre-2019 reports): nothing to compare
    out = []
    for col in REQUEST_COLUMNS:
        before = f"requests.carried_forward.{col}"
        now = f"requests.carried_over.{col}"
        a, b = prev.tables.get(before), cur.tables.get(now)
        if col != "total" and (a is None or b is None):
            continue
        out.append(_check("carried_forward_to_carried_over", now, b, a,
                          f"{before}(N-1) = {now}(N)", prev, cur, agency))
    return out


def in_force_checks(agency: str, prev: Document, cur: Document) -> list[Check]:
    """in_force(N-1) + issued(N) - repealed(N) = in_force(N), 2021 format only."""
    if prev.tables.format != "2021" or cur.tables.format != "2021":
        return []
    out = []
    for row in ("rules", "normative_documents"):
        if not (prev.tables.active.get(row) or cur.tables.active.get(row)):
            continue  # the row is in neither report: nothing to say
        base = prev.tables.get(f"active.{row}.in_force")
        issued = cur.tables.get(f"active.{row}.issued")
        repealed = cur.tables.get(f"active.{row}.repealed")
        expected = None if None in (base, issued, repealed) else base + issued - repealed  # type: ignore[operator]
        path = f"active.{row}.in_force"
        formula = f"{path}(N-1) + active.{row}.issued(N) - active.{row}.repealed(N) = {path}(N)"
        out.append(_check(f"{row}_in_force", path, cur.tables.get(path), expected, formula,
                          prev, cur, agency))
    return out


def cross_year_checks(docs: Sequence[Document]) -> list[Check]:
    """Checks between consecutive years of each agency, sorted by agency then year."""
    out: list[Check] = []
    for agency, prev, cur in _pairs(docs):
        out.extend(carried_checks(agency, prev, cur))
        out.extend(in_force_checks(agency, prev, cur))
    return out

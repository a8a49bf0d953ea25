"""A readable per-report summary for the terminal: inconsistencies first."""

from __future__ import annotations

from ..document import Check, Document

_KEY_FIGURES = (
    ("requests.new_received.total", "本年新收申请"),
    ("requests.carried_over.total", "上年结转"),
    ("requests.results_total.total", "办理结果总计"),
    ("requests.carried_forward.total", "结转下年"),
    ("appeals.review.total", "行政复议总计"),
    ("appeals.litigation_direct.total", "直接起诉总计"),
    ("appeals.litigation_after_review.total", "复议后起诉总计"),
)
_SECTION_KEYS = ("overview", "active", "requests", "appeals", "problems", "other")


def _quote(doc: Document, check: Check, width: int = 60) -> str:
    if check.clause_start is None or check.clause_end is None:
        return ""
    text = doc.text[check.clause_start:check.clause_end].replace("\n", " ")
    return "「" + (text if len(text) <= width else text[: width - 1] + "…") + "」"


def _check_line(doc: Document, check: Check) -> str:
    where = check.table_path or check.formula or ""
    value = ""
    if check.kind in ("narrative_table", "cross_year"):
        value = f" 文={check.narrative_value} 表={check.table_value}"
    elif check.kind == "table_internal":
        value = f" {check.left} vs {check.right}"
    elif check.kind == "narrative_internal":
        value = f" 总={check.whole} 分={list(check.parts or ())}"
    quote = _quote(doc, check)
    return f"  [{check.kind}/{check.rule}] {where}{value} {quote} {check.explanation}".rstrip()


def summary_text(doc: Document, max_checks: int = 20) -> str:
    lines = [f"== {doc.source.path}  [{doc.status}]"]
    meta = doc.meta
    if meta.agency or meta.year or meta.title:
        lines.append(f"   {meta.agency or '?'} · {meta.year or '?'} · table format {meta.table_format or '?'}")
    for item in doc.issues:
        if item.severity in ("error", "partial"):
            lines.append(f"   {item.severity.upper()}: {item.message}")
    if doc.status == "error":
        return "\n".join(lines)
    found = {s.key for s in doc.sections}
    marks = " ".join(f"{k}{'✓' if k in found else '✗'}" for k in _SECTION_KEYS)
    lines.append(f"   sections: {marks}")
    figures = [f"{label}={doc.tables.get(path)}" for path, label in _KEY_FIGURES
               if doc.tables.has(path)]
    if figures:
        lines.append(f"   cells: {len(doc.cells)}; " + ", ".join(figures))
    typed = sum(1 for c in doc.clauses if c.types)
    guessed = sum(1 for c in doc.clauses if c.role_basis == "content")
    roles = f"; {guessed} roles read from the words, no heading" if guessed else ""
    lines.append(f"   clauses: {len(doc.clauses)} ({typed} with claims{roles})")
    counts: dict[str, int] = {}
    for check in doc.checks:
        counts[check.verdict] = counts.get(check.verdict, 0) + 1
    lines.append("   checks: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    bad = [c for c in doc.checks if c.verdict == "inconsistent"]
    for check in bad[:max_checks]:
        lines.append(_check_line(doc, check))
    if len(bad) > max_checks:
        lines.append(f"  … {len(bad) - max_checks} more inconsistent checks (use --json)")
    return "\n".join(lines)

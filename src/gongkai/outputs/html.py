"""A self-contained HTML page showing what gongkai read: our ``debug_tablefinder``.

The text is shown once, with sections, clauses and numbers marked at their offsets,
followed by the extracted table cells and every check; hovering shows types and rules.
"""

from __future__ import annotations

import html
from collections import defaultdict

from ..document import Document

_STYLE = """
body{font-family:sans-serif;max-width:70em;margin:auto;line-height:1.6}
pre{white-space:pre-wrap;font-family:inherit}
.sec{border-left:3px solid #36c;padding-left:.5em;display:block;margin-top:.5em;font-weight:bold}
.cl{background:#eef5ff}.cl.typed{background:#e4ffe4}.q{border-bottom:2px solid #c60;font-weight:bold}
.bad{background:#ffd6d6}td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:collapse}
"""


def _marks(doc: Document) -> dict[int, list[tuple[int, str]]]:
    """offset -> [(priority, html)]; openings sort before closings at the same offset."""
    marks: dict[int, list[tuple[int, str]]] = defaultdict(list)
    flagged = {(c.clause_start, c.clause_end) for c in doc.checks if c.verdict == "inconsistent"}
    for section in doc.sections:
        for span in (section, *section.subsections):
            marks[span.start].append((0, f'<span class="sec" title="{span.key}">[{span.key}]</span>'))
    for clause in doc.clauses:
        css = "cl typed" if clause.types else "cl"
        if (clause.start, clause.end) in flagged:
            css += " bad"
        role = f" · role {clause.role} ({clause.role_basis})" if clause.role else ""
        title = html.escape((", ".join(clause.types) or "no claim type") + role)
        marks[clause.start].append((1, f'<span class="{css}" title="{title}">'))
        marks[clause.end].append((-1, "</span>"))
        for q in clause.quantities:
            tip = html.escape(f"{q.value} {q.unit or ''} {q.approx or ''} {q.subject or ''}")
            marks[q.start].append((2, f'<span class="q" title="{tip}">'))
            marks[q.end].append((-2, "</span>"))
    return marks


def render_html(doc: Document) -> str:
    marks = _marks(doc)
    parts, last = [], 0
    for offset in sorted(marks):
        parts.append(html.escape(doc.text[last:offset]))
        parts.extend(tag for _, tag in sorted(marks[offset], key=lambda m: m[0]))
        last = offset
    parts.append(html.escape(doc.text[last:]))
    cells = "".join(
        f"<tr><td>{html.escape(c.path)}</td><td>{c.value}</td><td>{html.escape(c.raw)}</td>"
        f"<td>{html.escape(str(c.source))}</td></tr>" for c in doc.cells)
    checks = "".join(
        f"<tr class=\"{'bad' if c.verdict == 'inconsistent' else ''}\"><td>{c.kind}</td><td>{c.rule}</td>"
        f"<td>{c.verdict}</td><td>{html.escape(c.explanation)}</td></tr>" for c in doc.checks)
    issues = "".join(f"<li>{html.escape(i.message)}</li>" for i in doc.issues)
    title = html.escape(doc.meta.title or doc.source.path)
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{title}</h1>"
            f"<p>status: {doc.status}; format {doc.source.format}; table format {doc.meta.table_format}</p>"
            f"<ul>{issues}</ul><h2>Text</h2><pre>{''.join(parts)}</pre>"
            f"<h2>Checks</h2><table><tr><th>kind</th><th>rule</th><th>verdict</th><th>explanation</th></tr>"
            f"{checks}</table><h2>Cells</h2><table><tr><th>path</th><th>value</th><th>raw</th><th>source</th>"
            f"</tr>{cells}</table></body></html>")

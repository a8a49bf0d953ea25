"""Claims: every clause gets its quantities and its claim types, scores and section role.

Contract: ``ClaimStage(settings)(doc)`` requires ``clauses`` and assigns ``clauses``
(types, scores, role and its basis, quantities). ``settings.tagger`` picks the tagger: ``rules``
(patterns.toml), ``bert`` (``claims/tagger.py``, imported lazily so that
``import gongkai`` never imports torch) or ``both`` (union of types, max scores).
A ``bert`` tagger that cannot be loaded falls back to the rules with a warning.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from ..config import TaggerSettings
from ..document import Clause, Document, Issue, Span
from ..errors import Code, GongkaiError, issue
from .quantities import clause_quantities, extract_quantities
from .rules import RuleTagger
from .types import SUBSECTIONS, TagResult

__all__ = ["ClaimStage", "RuleTagger", "TagResult", "extract_quantities", "merge_results"]

log = logging.getLogger(__name__)


class Tagger(Protocol):
    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                items: Sequence[int | None] | None = None) -> list[TagResult]: ...


def merge_results(first: TagResult, second: TagResult, types_order: Sequence[str]) -> TagResult:
    """``both``: union of types (in labels.json order), max of scores, the first role if any."""
    chosen = set(first.types) | set(second.types)
    scores = dict(first.scores)
    for name, value in second.scores.items():
        scores[name] = max(scores.get(name, 0.0), value)
    return TagResult(types=tuple(t for t in types_order if t in chosen), scores=scores,
                     role=first.role if first.role is not None else second.role)


def heading_hint(clause: Clause, has_sections: bool) -> str | None:
    """The heading context a tagger gets: subsection, else section, else preamble."""
    if clause.subsection or clause.section:
        return clause.subsection or clause.section
    return "preamble" if has_sections else None


def outline_item(clause: Clause, sections: Sequence[Span]) -> int | None:
    """The outline item (1, 2, … of its section's own outline) that holds a clause no found
    subsection holds, else None (also in the lead-in before the first item). Such an item
    (1.加强组织领导, （二）公开形式) is about one theme, so its clauses get one role."""
    if clause.subsection is not None or clause.section is None:
        return None
    span = next((s for s in sections if s.key == clause.section and s.start <= clause.start < s.end), None)
    if span is None or not span.outline:
        return None
    return bisect_right(span.outline, clause.start) or None


def role_basis(clause: Clause, role: str | None, has_sections: bool, lead_in_ends: Mapping[str, int]) -> str | None:
    """Whether a found heading gives the clause's role (``heading``) or the tagger read it from the
    clause's words (``content``). ``lead_in_ends`` maps each section with subsection headings to
    where its first one starts. In a section that has subsections in schema.md (一, 五) only the
    lead-in before the first subsection heading takes the section's role from the heading; text
    under 一 or 五 outside any found subsection, whether or not some were found, is exactly what
    a missing heading would have placed."""
    if role is None:
        return None
    if clause.subsection is not None:
        return "heading" if role == clause.subsection else "content"
    if clause.section is not None:
        if clause.section in SUBSECTIONS:
            lead_in = clause.start < lead_in_ends.get(clause.section, -1)
            return "heading" if role == clause.section and lead_in else "content"
        return "heading" if role == clause.section else "content"
    return "heading" if has_sections and role == "preamble" else "content"


def smooth_problem_roles(roles: list[str | None], clauses: Sequence[Clause],
                         lead_in_ends: Mapping[str, int] | None = None) -> list[str | None]:
    """Roles from the heading structure where it is clear.

    The lead-in of a section that has subsection headings (``lead_in_ends``: section -> where its
    first one starts) keeps the section role (its content is an introduction, not one of the
    subsections); text after that outside any found subsection keeps the tagger's reading, since
    it is what a missed heading left there. In a section 五 without subsection headings, what
    follows the first improvement is an improvement too.
    """
    lead_in_ends = lead_in_ends or {}
    out, seen_fix = list(roles), False
    for i, clause in enumerate(clauses):
        if clause.subsection is not None or clause.section is None:
            continue
        if clause.section in lead_in_ends:
            if clause.start < lead_in_ends[clause.section]:
                out[i] = clause.section
            continue
        if clause.section != "problems":
            continue
        if out[i] == "improvements":
            seen_fix = True
        elif seen_fix and out[i] == "problems":
            out[i] = "improvements"
    return out


def _load_bert(settings: TaggerSettings) -> tuple[Tagger | None, Issue | None]:
    """The BERT tagger, or (None, warning) when there is no tagger module or checkpoint yet."""
    model = settings.model or "the shipped checkpoint"
    try:
        from . import tagger as bert  # numpy only; torch comes with load_tagger
    except ImportError as err:
        log.warning("BERT tagger unavailable (%s); using the rule tagger", err)
        return None, issue(Code.MODEL_NOT_FOUND, stage="claims", model=model, severity_override="warning")
    try:
        check = getattr(bert, "resolve_model_dir", None)
        if check is not None:
            check(settings)  # a missing folder is found before transformers is imported
        return bert.load_tagger(settings), None
    except GongkaiError as err:
        if err.code is not Code.MODEL_NOT_FOUND:
            raise
        log.warning("no BERT checkpoint (%s); using the rule tagger", err)
        return None, issue(Code.MODEL_NOT_FOUND, stage="claims", severity_override="warning",
                           **{"model": model, **err.context})


class ClaimStage:
    """Pipeline stage: quantities always; types, scores and role from the chosen tagger."""

    requires = ("clauses",)
    assigns = ("clauses",)

    def __init__(self, settings: TaggerSettings | None = None):
        self.settings = settings or TaggerSettings()
        self.rules = RuleTagger()
        self.bert: Tagger | None = None
        self.fallback: Issue | None = None
        if self.settings.tagger in ("bert", "both"):
            self.bert, self.fallback = _load_bert(self.settings)

    def _tag(self, texts: list[str], hints: list[str | None], items: list[int | None]) -> list[TagResult]:
        if self.bert is None or self.settings.tagger == "rules":
            return self.rules.predict(texts, hints)
        model = self.bert.predict(texts, hints, items)
        if self.settings.tagger == "bert":
            return model
        ruled = self.rules.predict(texts, hints)
        return [merge_results(m, r, self.rules.patterns.types) for m, r in zip(model, ruled)]

    def __call__(self, doc: Document) -> Document:
        clauses = list(doc.clauses)
        hints = [heading_hint(c, bool(doc.sections)) for c in clauses]
        items = [outline_item(c, doc.sections) for c in clauses]
        results = self._tag([c.text for c in clauses], hints, items) if clauses else []
        lead_in_ends = {s.key: s.lead_in_end if s.lead_in_end is not None else min(sub.start for sub in s.subsections)
                        for s in doc.sections if s.subsections}
        roles = smooth_problem_roles([r.role for r in results], clauses, lead_in_ends)
        tagged = tuple(
            replace(c, types=r.types, scores=dict(r.scores), role=role,
                    role_basis=role_basis(c, role, bool(doc.sections), lead_in_ends),
                    quantities=clause_quantities(c.text, c.start))
            for c, r, role in zip(clauses, results, roles))
        extra: tuple[Any, ...] = (self.fallback,) if self.fallback is not None else ()
        return replace(doc, clauses=tagged, issues=doc.issues + extra)

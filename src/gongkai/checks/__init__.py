"""The checks stage: Document -> Check records (table, narrative, plausibility)."""

from __future__ import annotations

from dataclasses import replace

from ..config import CheckSettings
from ..document import Document
from .cross_year import cross_year_checks
from .engine import run_checks
from .rules import load_narrative, load_plausibility

__all__ = ["CheckStage", "cross_year_checks", "run_checks"]


class CheckStage:
    """Runs every enabled check kind; rules are loaded (and validated) at construction."""

    requires = ("tables", "clauses")
    assigns = ("checks",)

    def __init__(self, settings: CheckSettings | None = None):
        self.settings = settings or CheckSettings()
        load_narrative()
        load_plausibility()

    def __call__(self, doc: Document) -> Document:
        checks, issues = run_checks(doc, self.settings)
        return replace(doc, checks=tuple(checks), issues=doc.issues + tuple(issues))

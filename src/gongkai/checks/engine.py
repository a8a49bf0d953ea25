"""Runs every enabled check kind on one Document, in a fixed order, never stopping early.

A kind that fails adds a ``stage_failed`` issue and the others still run; cross_year is
corpus level (``cross_year.cross_year_checks``) and is skipped here.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable

from ..config import CheckSettings
from ..document import Check, Document, Issue
from ..errors import Code, GongkaiError, issue
from .narrative_internal import narrative_internal_checks
from .narrative_table import narrative_table_checks
from .plausibility import plausibility_checks

log = logging.getLogger(__name__)

ORDER = ("table_internal", "narrative_table", "narrative_internal", "plausibility")
Runner = Callable[[Document, CheckSettings], list[Check]]


def _table_internal(doc: Document, settings: CheckSettings) -> list[Check]:
    if importlib.util.find_spec(f"{__package__}.table_internal") is None:
        log.info("checks.table_internal is not available; table_internal checks skipped")
        return []
    from .table_internal import table_checks
    return list(table_checks(doc.tables, doc.cells, settings))


RUNNERS: dict[str, Runner] = {
    "table_internal": _table_internal,
    "narrative_table": narrative_table_checks,
    "narrative_internal": lambda doc, settings: narrative_internal_checks(doc),
    "plausibility": lambda doc, settings: plausibility_checks(doc),
}


def run_checks(doc: Document, settings: CheckSettings) -> tuple[list[Check], list[Issue]]:
    """All checks of the enabled kinds (ORDER order) and the issues of kinds that failed."""
    checks: list[Check] = []
    issues: list[Issue] = []
    for kind in ORDER:
        if kind not in settings.enabled:
            continue
        try:
            checks.extend(RUNNERS[kind](doc, settings))
        except GongkaiError as err:
            issues.append(err.to_issue("checks"))
        except Exception as err:  # one broken kind must not cost the others
            log.exception("check kind %s failed on %s", kind, doc.source.path)
            issues.append(issue(Code.STAGE_FAILED, stage="checks",
                                reason=f"{kind}: {type(err).__name__}: {err}"))
    unknown = sorted(set(settings.enabled) - set(ORDER) - {"cross_year"})
    if unknown:
        log.warning("unknown check kind(s) in settings.enabled: %s", ", ".join(unknown))
    return checks, issues

"""Turn an annotator's compact decisions file into the per-span annotation JSONL.

Decisions file (``training/annotation/decisions_<annotator>/<report-key>.txt``), one line each:
``role ROLE: 0-5 9``   role of the listed span indices (ranges inclusive)
``skip: 40-80``        spans that are not narrative
``12: pub req``        claim types of one span (abbreviations in ``ABBREV``)
``# ...``              comment
Every span needs a role; unknown roles, types or indices are errors.
Run: ``python training/annotation/apply_decisions.py a seeds/000_x.txt``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from common import ANNOTATIONS, REPO, read_jsonl, report_key, write_jsonl

log = logging.getLogger(__name__)

ABBREV = {
    "pub": "publication_count", "plat": "platform_count", "req": "request_count",
    "app": "appeal_count", "enf": "enforcement_count", "fee": "fee", "tr": "training",
    "st": "staffing", "pr": "problem", "fix": "planned_fix",
}
ROLES = {
    "preamble", "overview", "active_disclosure", "request_disclosure", "information_management",
    "platform_building", "supervision", "active", "requests", "appeals", "problems",
    "identified_problems", "improvements", "other",
}


def _indices(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split():
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def parse(lines: list[str], n: int) -> tuple[dict[int, str], set[int], dict[int, list[str]]]:
    """Decisions -> (role per index, skipped indices, types per index); validated."""
    roles: dict[int, str] = {}
    skips: set[int] = set()
    types: dict[int, list[str]] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        head, _, rest = line.partition(":")
        if head.startswith("role "):
            role = head.split()[1]
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}")
            roles.update(dict.fromkeys(_indices(rest), role))
        elif head == "skip":
            skips.update(_indices(rest))
        else:
            labels = [ABBREV[a] for a in rest.split()]
            for i in _indices(head):
                types[i] = sorted(set(types.get(i, [])) | set(labels))
    bad = [i for i in (*roles, *skips, *types) if not 0 <= i < n]
    missing = [i for i in range(n) if i not in roles]
    if bad or missing:
        raise ValueError(f"indices out of range {bad[:5]}, without role {missing[:10]}")
    both = sorted(skips & set(types))
    if both:
        raise ValueError(f"skipped spans with types: {both[:10]}")
    return roles, skips, types


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    annotator, doc = argv
    key = report_key(doc)
    spans = read_jsonl(ANNOTATIONS / "spans" / f"{key}.jsonl")
    lines = (REPO / "training" / "annotation" / f"decisions_{annotator}" / f"{key}.txt").read_text(
        encoding="utf-8").splitlines()
    roles, skips, types = parse(lines, len(spans))
    rows = [{**span, "types": types.get(i, []), "role": roles[i], "skip": i in skips}
            for i, span in enumerate(spans)]
    out = ANNOTATIONS / f"annotator_{annotator}" / f"{key}.jsonl"
    write_jsonl(out, rows)
    log.info("%s: %d spans, %d skipped, %d typed", Path(out).name, len(rows), len(skips),
             sum(1 for i in types if i not in skips))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

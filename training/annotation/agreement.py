"""Inter-annotator agreement (A vs B) on the doubly annotated reports.

Prints the figures and writes ``data/annotations/agreement.json``. Claim types come
from the packaged ``labels.json``; while that file does not exist yet, from the
type table of ``../shared/spec/claims.md`` (same names, spec order).
Run: ``python training/annotation/agreement.py``.
"""

from __future__ import annotations

import json
import logging
import re
import sys

from common import ANNOTATIONS, SHARED

from gongkai.claims.corpus import agreement, default_labels

log = logging.getLogger(__name__)


def spec_types() -> tuple[str, ...]:
    """Claim types in the order of the spec's claim-type table (its rows start with a backticked name)."""
    text = (SHARED / "spec" / "claims.md").read_text(encoding="utf-8")
    text = text.split("## Claim types", 1)[1].split("\n## ", 1)[0]
    return tuple(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        labels = default_labels()
    except FileNotFoundError:
        labels = spec_types()
        log.info("labels.json not found; using the spec's %d types", len(labels))
    result = agreement(SHARED, labels=labels)
    out = ANNOTATIONS / "agreement.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Counts of annotated clauses per split, claim type and role (one annotator's files).

Run: ``python training/annotation/stats.py [a|b|gold]``; prints a JSON summary.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from common import ANNOTATIONS, read_jsonl, report_key, split_docs

from gongkai.claims.corpus import annotator_for


def main(argv: list[str]) -> int:
    annotator = argv[0] if argv else "a"
    summary: dict[str, dict] = {}
    for doc, split in split_docs():
        path = ANNOTATIONS / f"annotator_{annotator_for(annotator, split)}" / f"{report_key(doc)}.jsonl"
        if not path.exists():
            continue
        rows = read_jsonl(path)
        entry = summary.setdefault(split, {"reports": 0, "spans": 0, "skipped": 0, "clauses": 0,
                                           "typed": 0, "types": Counter(), "roles": Counter()})
        entry["reports"] += 1
        entry["spans"] += len(rows)
        kept = [r for r in rows if not r["skip"]]
        entry["skipped"] += len(rows) - len(kept)
        entry["clauses"] += len(kept)
        entry["typed"] += sum(1 for r in kept if r["types"])
        entry["types"].update(t for r in kept for t in r["types"])
        entry["roles"].update(r["role"] for r in kept)
    sys.stdout.write(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

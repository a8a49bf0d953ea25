"""Print a report's frozen candidate clauses with their index, for reading and labelling.

Run: ``python training/annotation/show.py corpus/r0004 [FROM [TO]]``.
"""

from __future__ import annotations

import sys

from common import ANNOTATIONS, read_jsonl, read_text, report_key


def main(argv: list[str]) -> int:
    doc = argv[0]
    lo = int(argv[1]) if len(argv) > 1 else 0
    hi = int(argv[2]) if len(argv) > 2 else 10**9
    text = read_text(doc)
    spans = read_jsonl(ANNOTATIONS / "spans" / f"{report_key(doc)}.jsonl")
    for i, span in enumerate(spans[lo:hi], start=lo):
        sys.stdout.write(f"{i}\t{text[span['start']:span['end']]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

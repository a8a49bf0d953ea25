"""Print a report's quantity candidates: its non-skipped gold clauses that hold a digit, a
Chinese numeral character or a negation word, each with its span index (docs/annotation.md §7).

Run: ``python training/annotation/quantity_candidates.py corpus/r0004``.
"""

from __future__ import annotations

import re
import sys

from common import ANNOTATIONS, read_jsonl, read_text, report_key, split_docs

from gongkai.claims.corpus import annotator_for

CANDIDATE = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿]|没有|未|无")


def gold_rows(doc: str) -> list[dict]:
    """The report's gold annotation rows (annotator per split as the training loader reads them)."""
    who = annotator_for("gold", dict(split_docs())[doc])
    return read_jsonl(ANNOTATIONS / f"annotator_{who}" / f"{report_key(doc)}.jsonl")


def candidates(doc: str, text: str) -> list[tuple[int, str]]:
    """(span index, clause text) of the clauses an annotator reads for quantities."""
    out = []
    for i, row in enumerate(gold_rows(doc)):
        clause = text[row["start"]:row["end"]]
        if not row["skip"] and CANDIDATE.search(clause):
            out.append((i, clause))
    return out


def main(argv: list[str]) -> int:
    doc = argv[0]
    for i, clause in candidates(doc, read_text(doc)):
        sys.stdout.write(f"{i}\t{clause}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

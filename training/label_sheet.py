"""Turn a batch run's clauses into a JSONL to correct by hand, then train on (README: own labels).

    gongkai batch reports/ -o out --tagger bert
    python training/label_sheet.py out/clauses.parquet mine/to_label.jsonl [--only-claims]

Each line is one clause: ``text``, ``types`` and ``role`` pre-filled with what the tagger said
(correct them), ``hint`` (the heading the clause stands under, which rule-hint and
section-context models read), and ``path``/``start``/``end`` to find it in its report.
finetune.py reads the file as it is (``--train_file``/``--validation_file``); extra keys are ignored.
Split by report, not by clause, before training: clauses of one report are near neighbours.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from gongkai.claims import heading_hint
from gongkai.document import Clause

logger = logging.getLogger("label_sheet")


def sheet_rows(clauses: list[dict[str, Any]], sectioned: set[str], only_claims: bool = False) -> list[dict[str, Any]]:
    """One labelling row per clause row of clauses.parquet, in report and text order;
    ``sectioned``: the reports in which the segment stage found sections (their clauses outside
    every section are the preamble, as ClaimStage tells the tagger)."""
    rows = []
    for clause in sorted(clauses, key=lambda c: (c["path"], c["start"])):
        types = [t for t in (clause.get("types") or "").split(",") if t]
        if only_claims and not types:
            continue
        where = Clause(clause["start"], clause["end"], clause["text"], clause.get("section"),
                       clause.get("subsection"))
        rows.append({"path": clause["path"], "start": clause["start"], "end": clause["end"],
                     "text": clause["text"], "types": types, "role": clause.get("role"),
                     "hint": heading_hint(where, clause["path"] in sectioned)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clauses", help="clauses.parquet of a `gongkai batch` output folder")
    parser.add_argument("out", help="JSONL to write")
    parser.add_argument("--only-claims", action="store_true", help="keep clauses the tagger gave a type")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import pyarrow.parquet as pq

    clauses = pq.read_table(args.clauses).to_pylist()
    sections_file = Path(args.clauses).with_name("sections.parquet")
    sectioned = ({row["path"] for row in pq.read_table(sections_file, columns=["path"]).to_pylist()}
                 if sections_file.exists() else {c["path"] for c in clauses if c.get("section")})
    rows = sheet_rows(clauses, sectioned, args.only_claims)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    logger.info("%d clauses from %d reports -> %s", len(rows), len({r["path"] for r in rows}), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

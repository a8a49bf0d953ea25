"""Turn quantity labels written with surfaces into stand-off gold (docs/annotation.md §7).

Input, one JSON object per line (kept outside the repo: surfaces are report text):
``{"i": span index, "surface": "7700余条", "value": 7700, "unit": "条", "approx": "余",
"negated": false, "occurrence": 1}``. Output: ``data/annotations/quantities/<report-key>.jsonl``
with the clause's offsets and hash, the quantity's report offsets and hash, and the labels.

Run: ``python training/annotation/apply_quantities.py LABELS.jsonl corpus/r0004 [--check] [--second]``
(``--check`` validates and prints problems without writing; ``--second`` writes a second
annotator's labels to ``quantities_b/``, for agreement).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
from pathlib import Path

from common import ANNOTATIONS, read_jsonl, read_text, report_key, sha256
from quantity_candidates import candidates, gold_rows

log = logging.getLogger(__name__)
_NUMERAL = re.compile(r"[0-9０-９.,零〇一二两三四五六七八九十百千]")
FIELDS = ("i", "surface", "value", "unit", "approx", "negated")


def locate(clause: str, surface: str, occurrence: int) -> int:
    """Offset of the ``occurrence``-th ``surface`` in the clause, or -1."""
    at = -1
    for _ in range(occurrence):
        at = clause.find(surface, at + 1)
        if at < 0:
            return -1
    return at


def problems(label: dict, clauses: dict[int, str]) -> list[str]:
    missing = [k for k in FIELDS if k not in label]
    if missing:
        return [f"missing {missing}"]
    out = []
    if label["i"] not in clauses:
        out.append(f"span {label['i']} is not a candidate")
    else:
        clause, surface = clauses[label["i"]], label["surface"]
        at = locate(clause, surface, int(label.get("occurrence", 1)))
        if at < 0:
            out.append(f"surface {surface!r} not in span {label['i']}")
        elif at > 0 and _NUMERAL.match(surface) and _NUMERAL.match(clause[at - 1]):
            out.append(f"surface {surface!r} found inside a longer number in span {label['i']}: give occurrence")
    value = label["value"]
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        out.append(f"value {value!r} is not a number")
    if label["negated"] and (value != 0 or label["unit"] is not None):
        out.append("a negated zero has value 0 and unit null")
    return out


def standoff(doc: str, text: str, rows: list[dict], clauses: dict[int, str], labels: list[dict]) -> list[dict]:
    """Gold records in report and text order; surfaces become offsets (``clauses``: the candidates)."""
    out = []
    for label in labels:
        row = rows[label["i"]]
        at = row["start"] + locate(clauses[label["i"]], label["surface"], int(label.get("occurrence", 1)))
        end = at + len(label["surface"])
        out.append({"doc": doc, "text_sha256": sha256(text), "start": row["start"], "end": row["end"],
                    "clause_sha256": row["clause_sha256"], "q_start": at, "q_end": end,
                    "q_sha256": sha256(text[at:end]), "value": label["value"], "unit": label["unit"],
                    "approx": label["approx"], "negated": bool(label["negated"])})
    return sorted(out, key=lambda r: (r["q_start"], r["q_end"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels")
    parser.add_argument("doc")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--second", action="store_true",
                        help="a second, independent annotation: write to quantities_b/ (agreement)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    text = read_text(args.doc)
    clauses = dict(candidates(args.doc, text))
    labels = read_jsonl(Path(args.labels))
    found = [(n, p) for n, label in enumerate(labels, 1) for p in problems(label, clauses)]
    for n, p in found:
        log.error("line %d: %s", n, p)
    if found or args.check:
        log.info("%d labels, %d problems", len(labels), len(found))
        return 1 if found else 0
    out = ANNOTATIONS / ("quantities_b" if args.second else "quantities") / f"{report_key(args.doc)}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    records = standoff(args.doc, text, gold_rows(args.doc), clauses, labels)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    log.info("%s: %d quantities", out.name, len(records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

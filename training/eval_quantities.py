"""Score the quantity extractor against the hand-labelled quantities of real reports.

    python training/eval_quantities.py --splits train,dev,test --out runs/quantities.json

The gold (docs/annotation.md §7, ``data/annotations/quantities/``) marks every number each
non-skipped clause asserts, with its value, unit, approximation marker and whether it is a zero
stated by negation. A found quantity matches a gold one in the same clause when their spans
overlap (each paired once, largest overlap first). Reported per split:

- detection precision / recall / F1 over matched spans;
- on matched pairs, how often value, unit, approx and negated each agree;
- strict precision / recall / F1: matched and all four agree (what a check can rely on);
- the same by kind of number (digits, Chinese numerals, negated zeros), and the mismatches.

Error lists carry report offsets and values, and the clause text only with ``--with_text``
(the output then holds report text: keep it out of the repo).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
from gongkai.claims.corpus import (  # noqa: E402
    DATA_DIR,
    SPLITS,
    load_quantity_gold,
    read_splits,
    report_key,
    text_path,
)
from gongkai.claims.quantities import clause_quantities  # noqa: E402

logger = logging.getLogger("eval_quantities")

FIELDS = ("value", "unit", "approx", "negated")
_DIGIT = re.compile(r"[0-9０-９]")


def found_dicts(text: str, offset: int) -> list[dict[str, Any]]:
    """The extractor's quantities of one clause in the gold's terms (report offsets)."""
    return [{"q_start": q.start, "q_end": q.end, "value": q.value, "unit": q.unit, "approx": q.approx,
             "negated": bool(q.negated)} for q in clause_quantities(text, offset)]


def overlap(a: dict[str, Any], b: dict[str, Any]) -> int:
    return min(a["q_end"], b["q_end"]) - max(a["q_start"], b["q_start"])


def pair(gold: Sequence[dict[str, Any]], found: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """(gold index, found index) of overlapping spans, each used once, largest overlap first."""
    options = sorted(((overlap(g, f), i, j) for i, g in enumerate(gold) for j, f in enumerate(found)
                      if overlap(g, f) > 0), reverse=True)
    used_g: set[int] = set()
    used_f: set[int] = set()
    out = []
    for _, i, j in options:
        if i not in used_g and j not in used_f:
            used_g.add(i)
            used_f.add(j)
            out.append((i, j))
    return sorted(out)


def agrees(field: str, gold: Any, found: Any) -> bool:
    if field == "value":
        return abs(float(gold) - float(found)) <= 1e-9 * max(1.0, abs(float(gold)))
    return gold == found


def kind(q: dict[str, Any], text: str, offset: int) -> str:
    """digits | chinese | negated: what the gold quantity is written with."""
    if q["negated"]:
        return "negated"
    return "digits" if _DIGIT.search(text[q["q_start"] - offset:q["q_end"] - offset]) else "chinese"


def prf(tp: int, n_found: int, n_gold: int) -> dict[str, float | None]:
    p = tp / n_found if n_found else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": _round(p), "recall": _round(r), "f1": _round(f)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def score(clauses: Sequence[dict[str, Any]], with_text: bool = False) -> dict[str, Any]:
    """Detection, per-field agreement and strict scores over the clauses, with the errors."""
    n_gold = n_found = tp = strict = 0
    field_ok = dict.fromkeys(FIELDS, 0)
    by_kind: dict[str, dict[str, int]] = {}
    errors: list[dict[str, Any]] = []
    for clause in clauses:
        gold, found = clause["quantities"], found_dicts(clause["text"], clause["start"])
        n_gold, n_found = n_gold + len(gold), n_found + len(found)
        pairs = pair(gold, found)
        paired_g, paired_f = {i for i, _ in pairs}, {j for _, j in pairs}
        kinds = [kind(g, clause["text"], clause["start"]) for g in gold]
        for name in kinds:
            by_kind.setdefault(name, {"gold": 0, "matched": 0, "strict": 0})["gold"] += 1
        for i, j in pairs:
            g, f = gold[i], found[j]
            ok = {name: agrees(name, g[name], f[name]) for name in FIELDS}
            tp += 1
            for name in FIELDS:
                field_ok[name] += ok[name]
            counts = by_kind[kinds[i]]
            counts["matched"] += 1
            if all(ok.values()):
                strict += 1
                counts["strict"] += 1
            else:
                errors.append(_error("mismatch", clause, g, f, with_text, [n for n in FIELDS if not ok[n]]))
        errors += [_error("missed", clause, g, None, with_text) for i, g in enumerate(gold) if i not in paired_g]
        errors += [_error("spurious", clause, None, f, with_text) for j, f in enumerate(found) if j not in paired_f]
    return {
        "clauses": len(clauses), "gold": n_gold, "found": n_found, "matched": tp,
        "detection": prf(tp, n_found, n_gold),
        "agreement_on_matched": {name: _round(field_ok[name] / tp) if tp else None for name in FIELDS},
        "strict": prf(strict, n_found, n_gold),
        "recall_by_kind": {name: {**c, "recall": _round(c["matched"] / c["gold"]),
                                  "strict_recall": _round(c["strict"] / c["gold"])}
                           for name, c in sorted(by_kind.items())},
        "errors": errors,
    }


def _error(what: str, clause: dict[str, Any], gold: dict[str, Any] | None, found: dict[str, Any] | None,
           with_text: bool, fields: Sequence[str] = ()) -> dict[str, Any]:
    keep = ("q_start", "q_end", *FIELDS)
    out: dict[str, Any] = {"error": what, "doc": clause["doc"], "start": clause["start"], "end": clause["end"],
                           "gold": {k: gold[k] for k in keep} if gold else None,
                           "found": {k: found[k] for k in keep} if found else None}
    if fields:
        out["fields"] = list(fields)
    if with_text:
        out["text"] = clause["text"]
    return out


def error_counts(errors: Sequence[dict[str, Any]]) -> dict[str, int]:
    """missed / spurious, and each disagreeing field of the mismatches."""
    out: dict[str, int] = {}
    for e in errors:
        for name in e.get("fields") or [e["error"]]:
            out[name] = out.get(name, 0) + 1
    return dict(sorted(out.items()))


def second_annotated(data_dir: Path = DATA_DIR) -> list[str]:
    """Reports with a second, independent quantity annotation (``quantities_b/``)."""
    folder = data_dir / "annotations" / "quantities_b"
    keys = {p.stem for p in folder.glob("*.jsonl")}
    return [doc for docs in read_splits(data_dir).values() for doc in docs if report_key(doc) in keys]


def agreement(first: Sequence[dict[str, Any]], second: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Two annotations of the same clauses: spans both marked, and on those, each field."""
    both = only_first = only_second = exact = 0
    field_ok = dict.fromkeys(FIELDS, 0)
    for a, b in zip(first, second, strict=True):
        pairs = pair(a["quantities"], b["quantities"])
        both += len(pairs)
        only_first += len(a["quantities"]) - len(pairs)
        only_second += len(b["quantities"]) - len(pairs)
        for i, j in pairs:
            ok = [agrees(name, a["quantities"][i][name], b["quantities"][j][name]) for name in FIELDS]
            exact += all(ok)
            for name, good in zip(FIELDS, ok):
                field_ok[name] += good
    return {"both": both, "only_first": only_first, "only_second": only_second,
            "span_f1": _round(2 * both / (2 * both + only_first + only_second)) if both else None,
            "strict_f1": _round(2 * exact / (2 * both + only_first + only_second)) if both else None,
            "fields_on_both": {name: _round(field_ok[name] / both) if both else None for name in FIELDS}}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="test", help="comma-separated: train,dev,test,external")
    parser.add_argument("--shared_dir", default=str(D.DEFAULT_SHARED))
    parser.add_argument("--with_text", action="store_true", help="put clause text in the error list")
    parser.add_argument("--out", default=None)
    parser.add_argument("--agreement", action="store_true",
                        help="also compare the second annotation (quantities_b/) with the gold")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report: dict[str, Any] = {}
    if args.agreement:
        docs, table = second_annotated(), read_splits()
        splits = [s for s in SPLITS if set(docs) & set(table[s])]
        report["agreement"] = {"reports": docs, **agreement(
            load_quantity_gold(args.shared_dir, splits, docs=docs),
            load_quantity_gold(args.shared_dir, splits, folder="quantities_b", docs=docs))}
        logger.info("agreement: %s", report["agreement"])
    for split in args.splits.split(","):
        absent = [doc for doc in read_splits()[split] if not text_path(Path(args.shared_dir), doc).exists()]
        if absent:  # external texts live beside ../shared and are not shipped
            logger.warning("%s: skipped, report text absent for %s (training/fetch_external.py)", split,
                           ", ".join(absent))
            continue
        result = score(load_quantity_gold(args.shared_dir, (split,)), args.with_text)
        result["error_counts"] = error_counts(result["errors"])
        report[split] = result
        logger.info("%s: %d gold, %d found; detection %s; strict %s; on matched %s; errors %s", split,
                    result["gold"], result["found"], result["detection"], result["strict"],
                    result["agreement_on_matched"], result["error_counts"])
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()

"""Table extraction against hand-transcribed tables of real reports the extractor was not built on.

    python benchmarks/eval_tables_real.py [--gold data/external/tables] [--json-out t.json]

Each gold file (``{"doc", "table_format", "cells": {path: value}, "ambiguous": {path: why}}``)
was transcribed by hand from the report text, blind to gongkai's output. The report is read
with ``gongkai.analyze`` (claims stage off: tables do not need it) and every gold cell is scored
as in benchmarks/eval_synthetic.py: exact, wrong, missing, or null where a value was due (or
the reverse). Cells the transcriber marked ambiguous are counted apart. Report texts live
outside the repository (``corpus.text_path``); a report whose text is absent is skipped.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth.score import score_cells  # noqa: E402

import gongkai  # noqa: E402
from gongkai.claims import corpus  # noqa: E402

log = logging.getLogger("eval_tables_real")
REPO = Path(__file__).resolve().parents[1]


def score_report(gold: dict[str, Any], text_file: Path) -> dict[str, Any]:
    doc = gongkai.analyze(text_file, disable=("claims",))
    rows = score_cells(SimpleNamespace(cells=gold["cells"]), doc)
    ambiguous = set(gold.get("ambiguous", {}))
    clear = [r for r in rows if r["path"] not in ambiguous]
    return {
        "doc": gold["doc"], "table_format": gold.get("table_format"), "found_format": doc.meta.table_format,
        "cells": len(rows), "exact": sum(r["ok"] for r in rows),
        "why": dict(Counter(r["why"] for r in rows if not r["ok"])),
        "clear_cells": len(clear), "clear_exact": sum(r["ok"] for r in clear),
        "by_table": {table: {"cells": n, "exact": sum(r["ok"] for r in rows if r["table"] == table)}
                     for table, n in Counter(r["table"] for r in rows).items()},
        "errors": [{k: r[k] for k in ("path", "expected", "got", "why")} | {"ambiguous": r["path"] in ambiguous}
                   for r in rows if not r["ok"]],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=REPO / "data" / "external" / "tables")
    parser.add_argument("--shared_dir", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    reports, skipped = [], []
    for gold_file in sorted(args.gold.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text_file = corpus.text_path(args.shared_dir, gold["doc"])
        if not text_file.exists():
            skipped.append(gold["doc"])
            continue
        reports.append(score_report(gold, text_file))
    total = {key: sum(r[key] for r in reports) for key in ("cells", "exact", "clear_cells", "clear_exact")}
    result = {"reports": reports, "total": total, "skipped_no_text": skipped}
    for r in reports:
        print(f"{r['doc']} (format {r['table_format']}, found {r['found_format']}): {r['exact']}/{r['cells']} "
              f"cells exact; clear cells {r['clear_exact']}/{r['clear_cells']}; misses {r['why'] or 'none'}")
        for e in r["errors"]:
            print(f"    {e['path']}: expected {e['expected']}, got {e['got']} ({e['why']}"
                  f"{', marked ambiguous' if e['ambiguous'] else ''})")
    if reports:
        print(f"total: {total['exact']}/{total['cells']} cells exact "
              f"({total['exact'] / total['cells']:.1%}); clear cells {total['clear_exact']}/{total['clear_cells']}")
    if skipped:
        print(f"skipped (text absent; see training/fetch_external.py): {', '.join(skipped)}")
    if args.json_out:
        args.json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()

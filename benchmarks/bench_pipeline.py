"""Per-document coverage and throughput of `analyze` over ../shared (seeds + corpus).

    python benchmarks/bench_pipeline.py                       # reading + tables + checks (no tagger)
    python benchmarks/bench_pipeline.py --tagger bert --repeat 3

Prints one line per document (sections found, cells, clauses, checks by verdict) and
reports/s per format and per stage. Figures, not assertions: CI does not run this.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

import gongkai

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def documents(shared: Path) -> list[Path]:
    files = sorted((shared / "seeds").glob("*.txt"))
    files += sorted(p for p in (shared / "corpus" / "raw").glob("*") if p.is_file())
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--tagger", choices=("none", "rules", "bert", "both"), default="none",
                        help="'none' disables the claims stage (tables + checks only)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the documents")
    args = parser.parse_args()
    files = documents(args.shared)
    if not files:
        raise SystemExit(f"no documents under {args.shared}")
    disable = ("claims",) if args.tagger == "none" else ()
    overrides = {} if args.tagger == "none" else {"claims": {"tagger": args.tagger}}
    pipe = gongkai.load_pipeline(disable=disable, **overrides)

    print(f"{'document':34} {'fmt':5} {'status':8} {'sections':9} {'cells':6} {'clauses':8} checks")
    for path in files:
        doc = pipe(path)
        verdicts = collections.Counter(c.verdict for c in doc.checks)
        found = "".join("✓" if doc.section(k) else "·" for k in
                        ("overview", "active", "requests", "appeals", "problems", "other"))
        print(f"{path.name[:34]:34} {doc.source.format:5} {doc.status:8} {found:9} {len(doc.cells):<6} "
              f"{len(doc.clauses):<8} " + " ".join(f"{k}={v}" for k, v in sorted(verdicts.items())))

    for name in pipe.timings:
        pipe.timings[name] = 0.0
    per_format: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(args.repeat):
        for path in files:
            started = time.perf_counter()
            doc = pipe(path)
            per_format[doc.source.format or "?"].append(time.perf_counter() - started)
    print("\nthroughput (reports/s, mean over", args.repeat, "passes):")
    for fmt, times in sorted(per_format.items()):
        print(f"  {fmt:5} {len(times) / sum(times):8.1f} reports/s  ({len(times)} runs)")
    total = sum(sum(t) for t in per_format.values())
    runs = sum(len(t) for t in per_format.values())
    print(f"  all   {runs / total:8.1f} reports/s")
    print("stage seconds per report:")
    for name, seconds in pipe.timings.items():
        print(f"  {name:8} {1000 * seconds / runs:8.2f} ms")


if __name__ == "__main__":
    main()

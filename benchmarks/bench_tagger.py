"""Throughput of the BERT claim tagger on CPU (clauses per second), int8 and fp32.

    python benchmarks/bench_tagger.py --n 2000 --out bench_tagger.json

Clauses are the synthetic dev set (invented text with the length mix of real
clauses, 2,000 distinct), cycled to ``--n``. Load time is reported apart; the first batch is a
warm-up. On a machine shared with other jobs the figure is pessimistic.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from gongkai.claims.quantities import clear_cache
from gongkai.claims.tagger import load_tagger, member_dirs, resolve_model_dir
from gongkai.config import TaggerSettings

logger = logging.getLogger("bench_tagger")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TEXTS = REPO / "data" / "synthetic" / "dev.jsonl"


def clauses(path: Path, n: int) -> tuple[list[str], list[str | None]]:
    """(texts, heading hints) cycled to ``n``; the hint is the record's role, as a section-context
    model gets it in the pipeline (its phrase adds tokens, so it belongs in the timing)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = [records[i % len(records)] for i in range(n)]
    return [r["text"] for r in picked], [r.get("role") for r in picked]


def bench(settings: TaggerSettings, texts: list[str], repeats: int = 3,
          hints: list[str | None] | None = None) -> dict[str, Any]:
    """Best of ``repeats`` timed predict calls over all texts."""
    begin = time.perf_counter()
    tagger = load_tagger(settings)
    load_s = time.perf_counter() - begin
    tagger.predict(texts[: settings.batch_size], hints[: settings.batch_size] if hints else None)
    best, rules_best = float("inf"), float("inf")
    for _ in range(repeats):
        clear_cache()  # a rule-hint model reads each clause with the rules too: time them cold
        begin = time.perf_counter()
        tagger.predict(texts, hints)
        best = min(best, time.perf_counter() - begin)
    rules = getattr(tagger, "rules", None)
    if rules is not None:
        for _ in range(repeats):
            clear_cache()
            begin = time.perf_counter()
            rules.predict(texts, hints)
            rules_best = min(rules_best, time.perf_counter() - begin)
    return {"quantize": settings.quantize, "max_length": settings.max_length, "batch_size": settings.batch_size,
            "long_clauses": settings.long_clauses,
            "longer_than_max_length": sum(len(t) > settings.max_length - 3 for t in texts),
            "threads": settings.num_threads, "n": len(texts), "seconds": round(best, 3),
            "clauses_per_s": round(len(texts) / best, 1), "load_s": round(load_s, 2),
            "rules_seconds": round(rules_best, 3) if rules is not None else None,
            **batch_dependence(tagger, texts, hints)}


def batch_dependence(tagger: Any, texts: list[str], hints: list[str | None] | None,
                     chunk: int = 7) -> dict[str, Any]:
    """How much a clause's output depends on its batch mates: one predict call over the distinct
    texts against calls of ``chunk`` texts (dynamic int8 takes activation ranges per batch)."""
    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        seen.setdefault(text, i)
    idx = list(seen.values())
    texts_u = [texts[i] for i in idx]
    hints_u = [hints[i] for i in idx] if hints else None
    together = tagger.predict(texts_u, hints_u)
    apart = [r for k in range(0, len(texts_u), chunk)
             for r in tagger.predict(texts_u[k:k + chunk], hints_u[k:k + chunk] if hints_u else None)]
    return {"rebatched_clauses": len(texts_u),
            "rebatched_type_set_changes": sum(a.types != b.types for a, b in zip(together, apart)),
            "rebatched_max_score_change": round(max((abs(a.scores[t] - b.scores[t]) for a, b in
                                                      zip(together, apart) for t in a.scores), default=0.0), 4)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model folder (default: the shipped checkpoint)")
    parser.add_argument("--texts", default=str(DEFAULT_TEXTS))
    parser.add_argument("--n", type=int, default=2000)
    shipped = TaggerSettings()  # defaults: what the pipeline runs with
    parser.add_argument("--max_length", type=int, default=shipped.max_length)
    parser.add_argument("--batch_size", type=int, default=shipped.batch_size)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--members", type=int, default=shipped.members,
                        help="ensemble members to run (default: what the pipeline runs; 0: all)")
    parser.add_argument("--long_clauses", default="windows", choices=("windows", "truncate"))
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    texts, hints = clauses(Path(args.texts), args.n)
    folder = resolve_model_dir(TaggerSettings(model=args.model))
    runs = [bench(TaggerSettings(model=args.model, quantize=q, max_length=args.max_length,
                                 batch_size=args.batch_size, num_threads=args.threads, members=args.members,
                                 long_clauses=args.long_clauses),
                  texts, hints=hints)
            for q in (True, False)]
    members = member_dirs(folder)[:args.members or None]
    weights = sum((m / "model.safetensors").stat().st_size for m in members)
    report = {"model": str(folder), "members": len(members), "weights_mb": round(weights / 2**20, 2),
              "cpu_count": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2), "runs": runs}
    for run in runs:
        logger.info("%s: %.0f clauses/s", "int8" if run["quantize"] else "fp32", run["clauses_per_s"])
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()

"""Throughput and memory of `gongkai batch`: by format, by stage, tagger int8 vs fp32, workers, engines.

    python benchmarks/bench_batch.py                                   # rules tagger, all sections
    python benchmarks/bench_batch.py --tagger bert --model runs/expB   # a BERT folder other than the shipped one
    python benchmarks/bench_batch.py --json bench.json --markdown bench.md

Inputs: the synthetic reports in examples/ and tests/fixtures/reports/ plus, when present,
../shared/seeds and ../shared/corpus/raw (read only). Prints figures, asserts nothing.

1. in-process: one Pipeline, ``--repeat`` passes; reports/s per format and per stage
   (Pipeline.timings: read = ingest, segment, tables, claims, checks).
2. tagger: clauses/s of the BERT tagger, int8 and fp32, on the clauses of the inputs
   (only when a model folder exists: the shipped one or ``--model``).
3. batch: ``batch.run`` over ``--copies`` byte-distinct copies of every input (so the
   content-hash dedup does not skip them): 1 vs 2 workers (local), and Ray with 2 workers;
   wall-clock reports/s (worker start-up and output files included), start-up seconds (to the
   first journaled record), steady reports/s (first to last record), output-phase seconds,
   and peak RSS of the batch process and of its workers (all child processes, sampled).

The machine may be shared: the 1-minute load average is printed beside every figure.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_batch import PeakRss  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FORMATS = ("txt", "docx", "html", "pdf")
STAGES = ("ingest", "segment", "tables", "claims", "checks")

log = logging.getLogger("bench_batch")


def load() -> float:
    return round(os.getloadavg()[0], 2)


def inputs(shared: Path) -> list[Path]:
    """Well-formed reports of every format (the bad fixtures belong to the fuzz run)."""
    found = sorted((ROOT / "examples").glob("*.*")) + sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.*"))
    found += sorted((shared / "seeds").glob("*.txt")) + sorted(p for p in (shared / "corpus" / "raw").glob("*")
                                                                if p.is_file())
    return found


def family(fmt: str) -> str:
    return "txt" if fmt == "md" else fmt


def distinct_copy(data: bytes, suffix: str, tag: int) -> bytes:
    """The same report with different bytes: a trailing line, PDF comment or extra zip member."""
    if suffix == ".docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
            dst.writestr(f"customXml/bench{tag}.xml", f"<bench n='{tag}'/>")
        return buffer.getvalue()
    if suffix == ".pdf":
        return data + f"\n%bench {tag}\n".encode()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in data[:200]:
        return data + f"\n{tag}\n".encode("utf-16-le")
    return data + f"\n<!-- {tag} -->\n".encode() if suffix in (".html", ".htm") else data + b"\n" * (tag + 1)


def in_process(files: list[Path], settings: Any, repeat: int) -> dict[str, Any]:
    """Reports/s per format and stage seconds, one pipeline, warm (first pass not timed)."""
    from gongkai.pipeline import Pipeline

    pipe = Pipeline(settings=settings)
    clauses = []
    for path in files:  # warm-up pass; keeps the clauses for the tagger figures
        clauses += [c.text for c in pipe(path).clauses]
    for name in pipe.timings:
        pipe.timings[name] = 0.0
    per_format: dict[str, list[float]] = defaultdict(list)
    stage_by_format: dict[str, Counter] = defaultdict(Counter)
    for _ in range(repeat):
        for path in files:
            before = dict(pipe.timings)
            started = time.perf_counter()
            doc = pipe(path)
            fmt = family(doc.source.format or path.suffix.lstrip("."))
            per_format[fmt].append(time.perf_counter() - started)
            stage_by_format[fmt].update({k: pipe.timings[k] - before[k] for k in pipe.timings})
    runs = sum(len(t) for t in per_format.values())
    if not runs:
        return {"clauses": clauses}
    return {"load": load(), "clauses": clauses,
            "formats": {fmt: {"docs": len(t) // repeat, "reports_per_s": round(len(t) / sum(t), 2),
                              "ms_per_report": {s: round(1000 * stage_by_format[fmt][s] / len(t), 2) for s in STAGES}}
                        for fmt, t in sorted(per_format.items())},
            "all_reports_per_s": round(runs / sum(sum(t) for t in per_format.values()), 2),
            "stage_reports_per_s": {s: round(runs / pipe.timings[s], 1) if pipe.timings[s] else None for s in STAGES}}


def tagger_speed(clauses: list[str], model: str | None, threads: int | None) -> dict[str, Any]:
    """Clauses/s of the BERT tagger, int8 then fp32; {"missing": reason} when there is no model."""
    from gongkai.config import TaggerSettings
    from gongkai.errors import GongkaiError

    try:
        from gongkai.claims.tagger import load_tagger, resolve_model_dir

        folder = resolve_model_dir(TaggerSettings(model=model))
    except (ImportError, GongkaiError) as err:
        return {"missing": str(err)}
    out: dict[str, Any] = {"model": str(folder), "clauses": len(clauses)}
    for quantize in (True, False):
        settings = TaggerSettings(model=model, quantize=quantize, num_threads=threads)
        started = time.perf_counter()
        tagger = load_tagger(settings)
        load_s = time.perf_counter() - started
        tagger.predict(clauses[: settings.batch_size])
        started = time.perf_counter()
        tagger.predict(clauses)
        seconds = time.perf_counter() - started
        out["int8" if quantize else "fp32"] = {"clauses_per_s": round(len(clauses) / seconds, 1),
                                               "load_s": round(load_s, 2), "load": load()}
    return out


def corpus(files: list[Path], copies: int, folder: Path) -> Counter:
    """``copies`` byte-distinct copies of each input under ``folder``; returns counts per format."""
    counts: Counter = Counter()
    for path in files:
        data = path.read_bytes()
        for tag in range(copies):
            target = folder / f"{path.stem}-{tag}{path.suffix}"
            target.write_bytes(distinct_copy(data, path.suffix.lower(), tag))
            counts[family(path.suffix.lstrip(".").lower())] += 1
    return counts


class JournalClock:
    """Watches the journal grow: when the first and the last record landed (worker start-up
    and the output phase fall outside that window)."""

    def __init__(self, path: Path) -> None:
        self.path, self.samples = path, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            try:
                self.samples.append((time.perf_counter(), self.path.stat().st_size))
            except OSError:
                continue

    def __enter__(self) -> JournalClock:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def window(self) -> tuple[float, float]:
        final = self.path.stat().st_size
        first = next(t for t, size in self.samples if size > 0)
        last = next(t for t, size in self.samples if size >= final)
        return first, last


def batch_run(folder: Path, out: Path, settings: Any, workers: int, engine: str) -> dict[str, Any]:
    from gongkai.batch import JOURNAL, BatchOptions, run

    shutil.rmtree(out, ignore_errors=True)
    options = BatchOptions(out=out, workers=workers, engine=engine, quiet=True, timeout_s=300)
    before = load()
    started = time.perf_counter()
    with PeakRss() as peak, JournalClock(out / JOURNAL) as clock:
        summary = run([str(folder)], options, settings)
    seconds = time.perf_counter() - started
    first, last = clock.window()
    stage_seconds = json.loads((out / "run.json").read_text("utf-8"))["stage_seconds"]
    return {"engine": engine, "workers": workers, "reports": summary["inputs"],
            "unique": summary["unique_contents"], "status": summary["status"], "seconds": round(seconds, 1),
            "reports_per_s": round(summary["inputs"] / seconds, 2), "stage_seconds": stage_seconds,
            "startup_s": round(first - started, 1), "outputs_s": round(started + seconds - last, 1),
            "steady_reports_per_s": round((summary["unique_contents"] - 1) / (last - first), 2),
            "peak_batch_mb": round(peak.batch_mb), "peak_workers_mb": round(peak.workers_mb),
            "peak_worker_mb": round(peak.worker_mb), "load_before": before, "load_after": load()}


def markdown(report: dict[str, Any]) -> str:
    """The figures as markdown tables (docs/benchmarks.md quotes this output)."""
    lines = [f"tagger: {report['tagger']}, torch threads: {report['threads'] or 'default'}, cpus: {report['cpus']}, "
             f"load average at start: {report['load_start']}", ""]
    proc = report["in_process"]
    if proc["formats"]:
        lines += ["| format | docs | reports/s | read ms | segment ms | tables ms | claims ms | checks ms |",
                  "|---|---|---|---|---|---|---|---|"]
        for fmt, row in proc["formats"].items():
            ms = row["ms_per_report"]
            lines.append(f"| {fmt} | {row['docs']} | {row['reports_per_s']} | "
                         + " | ".join(str(ms[s]) for s in STAGES) + " |")
        lines.append(f"| all | | {proc['all_reports_per_s']} | "
                     + " | ".join(f"{proc['stage_reports_per_s'][s]}/s" for s in STAGES) + " |")
        lines += ["", f"(load average {proc['load']})", ""]
    tagger = report["tagger_speed"]
    if "missing" in tagger:
        lines.append(f"BERT tagger: not measured ({tagger['missing']})")
    else:
        lines.append(f"BERT tagger {tagger['model']} on {tagger['clauses']} clauses: "
                     + ", ".join(f"{q} {tagger[q]['clauses_per_s']} clauses/s (load {tagger[q]['load']})"
                                 for q in ("int8", "fp32")))
    if not report["batch"]:
        return "\n".join(lines) + "\n"
    lines += ["", "| engine | workers | reports | seconds | reports/s | start-up s | steady reports/s | outputs s "
              "| peak RSS batch MB | workers MB | largest worker MB | load before/after |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in report["batch"]:
        lines.append(f"| {row['engine']} | {row['workers']} | {row['reports']} | {row['seconds']} | "
                     f"{row['reports_per_s']} | {row['startup_s']} | {row['steady_reports_per_s']} | "
                     f"{row['outputs_s']} | {row['peak_batch_mb']} | {row['peak_workers_mb']} | "
                     f"{row['peak_worker_mb']} | {row['load_before']}/{row['load_after']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--tagger", choices=("rules", "bert", "both"), default="rules")
    parser.add_argument("--model", default=None, help="BERT model folder (default: the shipped checkpoint)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads of the tagger (default: torch's; batch workers use 1)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process passes")
    parser.add_argument("--copies", type=int, default=3, help="copies of each input in the batch runs")
    parser.add_argument("--sections", default="process,tagger,batch,ray",
                        help="comma list of process, tagger, batch, ray")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ.setdefault("GONGKAI_RAY_OBJECT_STORE", str(150 * 2**20))
    from gongkai.config import resolve

    sections = set(args.sections.split(","))
    settings = resolve(claims={"tagger": args.tagger, "model": args.model, "num_threads": args.threads})
    files = inputs(args.shared)
    tagger = args.tagger if args.tagger == "rules" else f"{args.tagger} ({args.model or 'shipped model'})"
    report: dict[str, Any] = {"tagger": tagger, "threads": args.threads,
                              "cpus": os.cpu_count(), "load_start": [round(x, 2) for x in os.getloadavg()],
                              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                              "inputs": dict(Counter(family(p.suffix.lstrip(".").lower()) for p in files)),
                              "in_process": {"formats": {}, "all_reports_per_s": None, "load": None,
                                             "stage_reports_per_s": dict.fromkeys(STAGES)},
                              "tagger_speed": {"missing": "not run"}, "batch": []}
    clauses: list[str] = []
    if "process" in sections or "tagger" in sections:
        result = in_process(files, settings, args.repeat if "process" in sections else 0)
        clauses = result.pop("clauses")
        if result:
            report["in_process"] = result
    if "tagger" in sections:
        report["tagger_speed"] = tagger_speed(clauses, args.model, args.threads)
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        if sections & {"batch", "ray"}:
            (work / "in").mkdir()
            report["batch_inputs"] = dict(corpus(files, args.copies, work / "in"))
        runs = [("local", 1), ("local", 2)] if "batch" in sections else []
        runs += [("ray", 2)] if "ray" in sections else []
        for engine, workers in runs:
            report["batch"].append(batch_run(work / "in", work / f"out-{engine}-{workers}", settings, workers, engine))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = markdown(report)
    sys.stdout.write(text)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    if args.markdown:
        args.markdown.write_text(text, "utf-8")
    return report


if __name__ == "__main__":
    main()

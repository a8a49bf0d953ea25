"""Corpus runner: one record per input, crash-proof and resumable.

Work is keyed by content sha256, so duplicate files are analysed once and a
resumed run skips what is already in the journal. Each document runs in a
worker process with a time limit and a memory cap; a worker that hangs, dies or
grows too large is replaced and its document gets an error record. Records go to
an append-only journal (``.journal.jsonl``, fsynced per record); a torn last line
left by ``kill -9`` is cut off on resume. At the end the journal is turned into
sorted, byte-stable outputs: records.jsonl, Parquet tables and summary.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import hashlib
import json
import logging
import multiprocessing as mp
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .config import Settings, resolve
from .document import Document, Source
from .errors import Code, issue

log = logging.getLogger(__name__)

JOURNAL = ".journal.jsonl"
POLL_S = 0.2
STOP_GRACE_S = 5.0  # a finished worker's time to exit before it is killed


@dataclass(frozen=True)
class BatchInput:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class BatchOptions:
    out: Path
    workers: int = 1
    resume: bool = False
    timeout_s: float = 120.0
    max_memory_mb: int = 4096
    quiet: bool = False
    disable: tuple[str, ...] = ()
    engine: str = "local"
    ray_address: str | None = None


# ---------------------------------------------------------------- inputs

def expand_inputs(specs: Iterable[str]) -> list[str]:
    """Files, directories (recursive) and globs -> sorted unique file paths."""
    found: set[str] = set()
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.update(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            found.add(str(path))
        else:
            found.update(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
    return sorted(found)


def file_sha256(path: str, chunk: int = 1 << 20) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def hash_inputs(paths: list[str]) -> list[BatchInput]:
    out = []
    for path in paths:
        try:
            sha, size = file_sha256(path)
        except OSError as err:  # unreadable file: key it by its path so it still gets a record
            sha, size = "unreadable:" + hashlib.sha256(path.encode()).hexdigest(), -1
            log.warning("cannot read %s: %s", path, err)
        out.append(BatchInput(path=path, sha256=sha, size=size))
    return out


def error_record(item: BatchInput, code: Code, **context: Any) -> dict[str, Any]:
    source = Source(path=item.path, sha256=item.sha256, format=Path(item.path).suffix.lstrip(".").lower(),
                    size=max(item.size, 0))
    found = issue(code, stage="batch", path=item.path, **context)
    return Document(source=source).with_issues(found).to_dict()


# ---------------------------------------------------------------- journal

def index_journal(path: Path) -> dict[str, tuple[int, int]]:
    """sha256 -> (offset, length) of its journal line; cuts a torn last line (from a kill) off the file."""
    index: dict[str, tuple[int, int]] = {}
    if not path.exists():
        return index
    good_bytes = 0
    with open(path, "rb") as handle:
        for line in handle:
            try:
                entry = json.loads(line)
                entry["record"]
                index[entry["sha256"]] = (good_bytes, len(line))
            except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
                break
            good_bytes += len(line)
    if good_bytes < path.stat().st_size:
        log.warning("journal %s: dropping a torn tail of %d bytes", path, path.stat().st_size - good_bytes)
        with open(path, "r+b") as handle:
            handle.truncate(good_bytes)
    return index


def read_journal(path: Path) -> dict[str, dict[str, Any]]:
    """sha256 -> record; cuts a torn last line (from a kill) off the file."""
    index = index_journal(path)
    if not index:
        return {}
    with open(path, "rb") as handle:
        return {sha: _read_entry(handle, where) for sha, where in index.items()}


def _read_entry(handle: Any, where: tuple[int, int]) -> dict[str, Any]:
    handle.seek(where[0])
    return json.loads(handle.read(where[1]))["record"]


class Journal:
    """Append-only, fsynced per record; ``add`` says where the line went, so the batch
    keeps offsets, not records, in memory."""

    def __init__(self, path: Path):
        self.handle = open(path, "ab")
        self.offset = self.handle.seek(0, os.SEEK_END)

    def add(self, sha: str, record: dict[str, Any]) -> tuple[int, int]:
        line = (json.dumps({"sha256": sha, "record": record}, ensure_ascii=False) + "\n").encode("utf-8")
        self.handle.write(line)
        self.handle.flush()
        os.fsync(self.handle.fileno())
        where = (self.offset, len(line))
        self.offset += len(line)
        return where

    def close(self) -> None:
        self.handle.close()


# ---------------------------------------------------------------- workers

WARMUP = "某县某局\n2023年政府信息公开工作年度报告\n一、总体情况\n本年收到政府信息公开申请3件。\n".encode()


def skip_pdf_layout_model() -> None:
    """Keep pymupdf from importing its optional ONNX layout model (seconds and memory per worker).

    pymupdf imports ``pymupdf.layout`` when installed; gongkai never calls
    ``page.get_layout()``, so a worker marks it absent before pymupdf is imported.
    """
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]


def warm_up(pipeline: Any) -> None:
    """Analyse a tiny synthetic report, so one-off loads (jieba's dictionary, lazy imports)
    happen before the first timed document rather than inside its time limit."""
    pipeline("warmup.txt", data=WARMUP)
    for name in pipeline.timings:
        pipeline.timings[name] = 0.0


def worker_settings(settings: Settings) -> Settings:
    """One torch (and OCR) thread per worker unless configured: the workers are the parallelism, and
    intra-op threads of several workers on the same cores slowed the BERT tagger 3-4x."""
    if settings.claims.num_threads is None:
        settings = dataclasses.replace(settings, claims=dataclasses.replace(settings.claims, num_threads=1))
    if settings.ingest.ocr_threads == 0:
        settings = dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, ocr_threads=1))
    return settings


def _worker_main(conn: Connection, settings: Settings, disable: tuple[str, ...]) -> None:
    skip_pdf_layout_model()
    from .pipeline import load_pipeline

    logging.basicConfig(level=logging.WARNING)
    pipeline = load_pipeline(settings, disable=disable)
    warm_up(pipeline)
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except EOFError:  # parent gone
            return
        if job is None:
            return
        sha, path = job
        before = dict(pipeline.timings)
        record = pipeline(path).to_dict()
        spent = {name: seconds - before.get(name, 0.0) for name, seconds in pipeline.timings.items()}
        conn.send(("done", sha, (record, spent)))  # this document's stage seconds, not the running totals


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    ready: bool = False
    job: BatchInput | None = None
    started: float = 0.0


@dataclass
class LocalEngine:
    settings: Settings
    options: BatchOptions
    workers: list[_Worker] = field(default_factory=list)
    stage_seconds: Counter = field(default_factory=Counter)
    startup_failures: int = 0

    def _spawn(self) -> _Worker:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_worker_main, args=(child, worker_settings(self.settings), self.options.disable),
                              daemon=True)
        process.start()
        child.close()
        return _Worker(process=process, conn=parent)

    def _kill(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def _rss_mb(self, worker: _Worker) -> float:
        try:
            import psutil

            return psutil.Process(worker.process.pid).memory_info().rss / 2**20
        except Exception:
            return 0.0

    def run(self, jobs: list[BatchInput]) -> Iterator[tuple[BatchInput, dict[str, Any]]]:
        pending = list(reversed(jobs))
        self.workers = [self._spawn() for _ in range(max(1, min(self.options.workers, len(jobs))))]
        try:
            while pending or any(w.job for w in self.workers):
                for worker in self.workers:
                    if worker.ready and worker.job is None and pending:
                        worker.job = pending.pop()
                        worker.started = time.monotonic()
                        worker.conn.send((worker.job.sha256, worker.job.path))
                ready = wait([w.conn for w in self.workers], timeout=POLL_S)
                for i, worker in enumerate(self.workers):
                    if worker.conn in ready:
                        try:
                            kind, _sha, payload = worker.conn.recv()
                        except (EOFError, OSError):
                            yield from self._replace(i, Code.WORKER_CRASHED,
                                                     reason=f"exit code {worker.process.exitcode}")
                            continue
                        if kind == "ready":
                            worker.ready = True
                        elif kind == "done" and worker.job is not None:
                            record, timings = payload
                            self.stage_seconds.update(timings)
                            job, worker.job = worker.job, None
                            yield job, record
                    elif worker.job is not None:
                        elapsed = time.monotonic() - worker.started
                        if elapsed > self.options.timeout_s:
                            yield from self._replace(i, Code.TIMEOUT, seconds=self.options.timeout_s)
                        elif self._rss_mb(worker) > self.options.max_memory_mb:
                            yield from self._replace(i, Code.MEMORY_EXCEEDED,
                                                     limit=self.options.max_memory_mb * 2**20)
                    elif not worker.process.is_alive():
                        self._kill(worker)
                        self.workers[i] = self._spawn()
        finally:
            for worker in self.workers:
                try:
                    worker.conn.send(None)
                except (OSError, BrokenPipeError):
                    pass
            for worker in self.workers:  # let them exit: a killed worker leaks its semaphores
                worker.process.join(timeout=STOP_GRACE_S)
                self._kill(worker)

    def _replace(self, index: int, code: Code, **context: Any) -> Iterator[tuple[BatchInput, dict[str, Any]]]:
        worker = self.workers[index]
        job = worker.job
        if job is None and not worker.ready:
            self.startup_failures += 1
            if self.startup_failures > 3 * len(self.workers):
                raise RuntimeError("batch workers keep dying before they are ready; see the log")
        self._kill(worker)
        self.workers[index] = self._spawn()
        if job is not None:
            yield job, error_record(job, code, **context)


# ---------------------------------------------------------------- outputs

def record_for_input(item: BatchInput, record: dict[str, Any]) -> dict[str, Any]:
    """The analysis of a content hash, re-addressed to one input path."""
    if record.get("source", {}).get("path") == item.path:
        return record
    out = dict(record)
    out["source"] = {**record.get("source", {}), "path": item.path}
    return out


class Tally:
    """Run-summary counts, one record at a time."""

    def __init__(self) -> None:
        self.inputs = 0
        self.status: Counter = Counter()
        self.kinds: Counter = Counter()
        self.rules: Counter = Counter()
        self.codes: Counter = Counter()

    def add(self, record: dict[str, Any]) -> None:
        self.inputs += 1
        self.status[record.get("status")] += 1
        for check in record.get("checks", []):
            self.kinds[f"{check.get('kind')}/{check.get('verdict')}"] += 1
            self.rules[f"{check.get('rule')}/{check.get('verdict')}"] += 1
        for item in record.get("errors", []) + record.get("warnings", []):
            self.codes[item.get("code")] += 1

    def summary(self, n_unique: int) -> dict[str, Any]:
        return {"inputs": self.inputs, "unique_contents": n_unique,
                "status": dict(sorted(self.status.items())),
                "checks_by_kind_verdict": dict(sorted(self.kinds.items())),
                "checks_by_rule_verdict": dict(sorted(self.rules.items())),
                "issue_codes": dict(sorted(self.codes.items()))}


def summarize(records: Iterable[dict[str, Any]], n_unique: int) -> dict[str, Any]:
    tally = Tally()
    for record in records:
        tally.add(record)
    return tally.summary(n_unique)


def _write_corpus_outputs(out: Path, summary: dict[str, Any], corpus_checks: list[dict[str, Any]]) -> None:
    from .outputs.record import write_atomic

    write_atomic(out / "corpus_checks.jsonl",
                 "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in corpus_checks))
    summary = dict(summary)
    summary["corpus_checks_by_verdict"] = dict(sorted(Counter(c.get("verdict") for c in corpus_checks).items()))
    write_atomic(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n")


def journal_records(journal_path: Path, index: dict[str, tuple[int, int]],
                    items: list[BatchInput]) -> Iterator[dict[str, Any]]:
    """One record per input in path order, read from the journal one at a time."""
    with open(journal_path, "rb") as handle:
        for item in sorted(items, key=lambda i: i.path):
            yield record_for_input(item, _read_entry(handle, index[item.sha256]))


def write_outputs_from_journal(out: Path, journal_path: Path, index: dict[str, tuple[int, int]],
                               items: list[BatchInput], n_unique: int) -> dict[str, Any]:
    """Same files as ``write_outputs``, streamed: memory stays flat however large the corpus.

    records.jsonl, the summary and the slim documents of the cross-year checks take one
    pass over the journal; the Parquet tables a second.
    """
    from .outputs.record import document_from_record
    from .outputs.tabular import write_parquet

    tally, docs = Tally(), []
    target = out / "records.jsonl"
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for record in journal_records(journal_path, index, items):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                tally.add(record)
                if record.get("status") != "error":
                    docs.append(document_from_record(record))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    summary = tally.summary(n_unique)
    _write_corpus_outputs(out, summary, corpus_checks_of(docs))
    write_parquet(journal_records(journal_path, index, items), out)
    return summary


def corpus_checks_of(docs: list[Document]) -> list[dict[str, Any]]:
    """Cross-year checks over the batch (agency + consecutive years)."""
    try:
        from .checks.cross_year import cross_year_checks
    except ImportError:
        return []
    return [check.to_dict() for check in cross_year_checks(docs)]


# ---------------------------------------------------------------- entry points

class _Progress:
    def __init__(self, total: int, initial: int, quiet: bool):
        self.counts: Counter = Counter()
        self.quiet, self.total, self.done = quiet, total, initial
        self.bar = None
        if not quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", dynamic_ncols=True)

    def update(self, status: str) -> None:
        self.counts[status] += 1
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix(ok=self.counts["ok"], partial=self.counts["partial"],
                                 error=self.counts["error"], refresh=False)
            self.bar.update(1)
        elif self.done % 100 == 0 or self.done == self.total:
            log.info("batch: %d/%d done (ok %d, partial %d, error %d)", self.done, self.total,
                        self.counts["ok"], self.counts["partial"], self.counts["error"])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(inputs: Iterable[str], options: BatchOptions, settings: Settings) -> dict[str, Any]:
    """Analyse everything under ``inputs`` into ``options.out``; returns the summary."""
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    journal_path = out / JOURNAL
    if not options.resume and journal_path.exists():
        journal_path.unlink()
    started = time.perf_counter()
    items = hash_inputs(expand_inputs(inputs))
    index = index_journal(journal_path)
    unique: dict[str, BatchInput] = {}
    for item in items:
        unique.setdefault(item.sha256, item)
    todo = []
    journal = Journal(journal_path)
    for sha, item in unique.items():
        if sha in index:
            continue
        if item.size < 0:
            index[sha] = journal.add(sha, error_record(item, Code.UNREADABLE, format="?", reason="cannot open file"))
        elif item.size > settings.ingest.max_bytes:
            index[sha] = journal.add(sha, error_record(item, Code.TOO_LARGE, size=item.size,
                                                       limit=settings.ingest.max_bytes))
        else:
            todo.append(item)
    progress = _Progress(len(unique), len(unique) - len(todo), options.quiet)
    engine = _engine(options, settings)
    try:
        for item, record in engine.run(todo):
            index[item.sha256] = journal.add(item.sha256, record)
            progress.update(record.get("status", "error"))
    finally:
        journal.close()
        progress.close()
        getattr(engine, "close", lambda: None)()
    summary = write_outputs_from_journal(out, journal_path, index, items, len(unique))
    run_info = {"settings": settings.to_dict(), "options": {
        "workers": options.workers, "timeout_s": options.timeout_s, "engine": options.engine,
        "max_memory_mb": options.max_memory_mb, "disable": list(options.disable)},
        "seconds": round(time.perf_counter() - started, 3),
        "stage_seconds": {k: round(v, 3) for k, v in sorted(getattr(engine, "stage_seconds", {}).items())}}
    (out / "run.json").write_text(json.dumps(run_info, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return summary


def _engine(options: BatchOptions, settings: Settings):
    if options.engine == "ray":
        from .ray_engine import RayEngine

        return RayEngine(settings, options)
    return LocalEngine(settings, options)


def run_batch(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """CLI entry: exit 0 when at least one input was read, 1 when none, 2 on no inputs."""
    settings = resolve(args.config, **overrides)
    options = BatchOptions(out=Path(args.out), workers=args.workers, resume=args.resume,
                           timeout_s=args.timeout, max_memory_mb=args.max_memory_mb, quiet=args.quiet,
                           disable=tuple(args.disable), engine=args.engine, ray_address=args.ray_address)
    if not expand_inputs(args.inputs):
        log.error("no input files found in %s", args.inputs)
        return 2
    summary = run(args.inputs, options, settings)
    readable = summary["status"].get("ok", 0) + summary["status"].get("partial", 0)
    return 0 if readable else 1

"""End-to-end batch runs in worker processes (a few seconds each)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from gongkai.batch import JOURNAL, BatchOptions, run
from gongkai.config import resolve

REPORT = "某县统计局\n2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n本年主动公开信息{n}条。\n五、存在的主要问题及改进情况\n宣传不够。\n"
FAST = ("tables", "claims", "checks")


def _corpus(folder: Path, n: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"r{i:03d}.txt"
        path.write_text(REPORT.format(n=i + 10), "utf-8")
        paths.append(path)
    (folder / "copy-of-r000.txt").write_bytes(paths[0].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.pdf").write_bytes(os.urandom(3000))
    return sorted(folder.iterdir())


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]


def test_one_record_per_input_with_junk_and_duplicates(tmp_path):
    inputs = _corpus(tmp_path / "in")
    summary = run([str(tmp_path / "in")], BatchOptions(out=tmp_path / "out", quiet=True, disable=FAST),
                  resolve())
    records = _records(tmp_path / "out")
    assert [r["source"]["path"] for r in records] == [str(p) for p in inputs]
    by_name = {Path(r["source"]["path"]).name: r for r in records}
    assert by_name["empty.txt"]["status"] == "error"
    assert by_name["empty.txt"]["errors"][0]["code"] == "empty_document"
    assert by_name["noise.pdf"]["status"] == "error"
    assert by_name["r001.txt"]["status"] == "ok"
    assert by_name["copy-of-r000.txt"]["source"]["sha256"] == by_name["r000.txt"]["source"]["sha256"]
    assert summary["inputs"] == 7 and summary["unique_contents"] == 6
    reports = pq.read_table(tmp_path / "out" / "reports.parquet").to_pylist()
    assert len(reports) == 7 and reports[0]["path"] == str(inputs[0])


def test_outputs_are_byte_identical_between_runs(tmp_path):
    _corpus(tmp_path / "in", n=2)
    for name in ("a", "b"):
        run([str(tmp_path / "in")], BatchOptions(out=tmp_path / name, quiet=True, disable=FAST), resolve())
    for name in ("records.jsonl", "summary.json", "cells.parquet", "checks.parquet", "reports.parquet"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_timeout_and_too_large_become_error_records(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "slow.txt").write_text(REPORT.format(n=1) * 12_000, "utf-8")  # ~3 MB of prose
    (folder / "ok.txt").write_text(REPORT.format(n=2), "utf-8")
    (folder / "huge.txt").write_bytes(b"x" * 8_000_000)
    settings = resolve(ingest={"max_bytes": 7_000_000})
    run([str(folder)], BatchOptions(out=tmp_path / "out", quiet=True, timeout_s=0.3, disable=("claims", "checks")),
        settings)
    by_name = {Path(r["source"]["path"]).name: r for r in _records(tmp_path / "out")}
    assert by_name["huge.txt"]["errors"][0]["code"] == "too_large"
    assert by_name["slow.txt"]["errors"][0]["code"] == "timeout"
    assert by_name["ok.txt"]["status"] != "error"  # partial: a report without tables
    assert "timeout" not in {e["code"] for e in by_name["ok.txt"]["errors"]}


def test_memory_cap_kills_the_worker_not_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(REPORT.format(n=1) * 40_000, "utf-8")
    (folder / "small.txt").write_text(REPORT.format(n=2), "utf-8")
    run([str(folder)], BatchOptions(out=tmp_path / "out", quiet=True, timeout_s=60, max_memory_mb=20,
                                    disable=FAST), resolve())
    by_name = {Path(r["source"]["path"]).name: r for r in _records(tmp_path / "out")}
    assert by_name["big.txt"]["errors"][0]["code"] == "memory_exceeded"
    assert len(by_name) == 2


def test_kill_minus_nine_then_resume_loses_and_doubles_nothing(tmp_path):
    inputs = _corpus(tmp_path / "in", n=120)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "gongkai", "batch", str(tmp_path / "in"), "-o", str(out), "-q",
               "--disable", "tables", "--disable", "claims", "--disable", "checks"]
    process = subprocess.Popen(command, start_new_session=True)
    journal = out / JOURNAL
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "records.jsonl").exists()
    done_before = journal.read_bytes().count(b"\n")
    assert 5 <= done_before < 122, f"kill landed outside the run: {done_before} journaled"
    result = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    paths = [r["source"]["path"] for r in _records(out)]
    assert paths == sorted(str(p) for p in inputs)
    assert len(set(paths)) == len(paths)
    shas = [json.loads(line)["sha256"] for line in journal.read_text("utf-8").splitlines()]
    assert len(shas) == len(set(shas)) == 122  # 123 inputs, one an identical copy


@pytest.mark.slow
def test_two_workers_match_one(tmp_path):
    _corpus(tmp_path / "in", n=6)
    for name, workers in (("one", 1), ("two", 2)):
        run([str(tmp_path / "in")], BatchOptions(out=tmp_path / name, workers=workers, quiet=True,
                                                 disable=FAST), resolve())
    assert (tmp_path / "one" / "records.jsonl").read_bytes() == (tmp_path / "two" / "records.jsonl").read_bytes()


def test_quiet_cli_batch_ends_cleanly_with_its_progress_line(tmp_path):
    _corpus(tmp_path / "in", n=2)
    command = [sys.executable, "-m", "gongkai", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q",
               "--tagger", "bert"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "INFO gongkai.batch: batch: 4/4 done (ok 0, partial 2, error 2)" in result.stderr
    assert "Loading weights" not in result.stderr  # no model-loading bars in a quiet run
    # workers are let exit, not killed mid-exit (a torch worker killed so leaks its semaphores)
    assert "leaked" not in result.stderr and "Traceback" not in result.stderr

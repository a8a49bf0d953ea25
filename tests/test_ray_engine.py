"""The Ray engine gives the same records as the local one (local Ray, small object store)."""

import os

import pytest

ray = pytest.importorskip("ray", reason="ray not installed (pip install 'gongkai[ray]')")

from gongkai.batch import BatchOptions, run  # noqa: E402
from gongkai.config import resolve  # noqa: E402

REPORT = "某县水利局\n2022年政府信息公开工作年度报告\n一、总体情况\n本年主动公开信息{n}条。\n"


def test_ray_and_local_engines_write_identical_records(tmp_path, monkeypatch):
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    monkeypatch.setenv("GONGKAI_RAY_OBJECT_STORE", str(100 * 2**20))
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"r{i}.txt").write_text(REPORT.format(n=i), "utf-8")
    (folder / "junk.docx").write_bytes(os.urandom(500))
    fast = ("tables", "claims", "checks")
    for engine in ("local", "ray"):
        run([str(folder)], BatchOptions(out=tmp_path / engine, engine=engine, workers=1, quiet=True,
                                        disable=fast), resolve())
    local = (tmp_path / "local" / "records.jsonl").read_bytes()
    assert local == (tmp_path / "ray" / "records.jsonl").read_bytes()
    assert local.count(b"\n") == 6

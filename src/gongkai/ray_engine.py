"""`gongkai batch --engine ray`: the same pipeline on Ray Data (extra `gongkai[ray]`).

One pipeline (and one tagger) per actor; documents stream back to the batch runner,
which journals them exactly as the local engine does, so both engines give the
same records and the same resume behaviour. Point ``--ray-address`` at a cluster
to spread the work; without it a local Ray is started.
"""

from __future__ import annotations

import json
import os
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .batch import BatchInput, BatchOptions, error_record, skip_pdf_layout_model, warm_up, worker_settings
from .config import Settings
from .errors import Code


class _Analyzer:
    """A Ray Data actor: builds the pipeline once, analyses one document per row."""

    def __init__(self, settings: Settings, disable: tuple[str, ...], timeout_s: float):
        skip_pdf_layout_model()
        from .pipeline import load_pipeline

        self.pipeline = load_pipeline(worker_settings(settings), disable=disable)
        warm_up(self.pipeline)
        self.timeout_s = timeout_s

    def _analyze(self, item: BatchInput) -> dict[str, Any]:
        def on_alarm(signum, frame):
            raise TimeoutError

        armed = False
        try:
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.timeout_s)
            armed = True
        except ValueError:  # not in the main thread: run without a per-document limit
            pass
        try:
            return self.pipeline(item.path).to_dict()
        except TimeoutError:
            return error_record(item, Code.TIMEOUT, seconds=self.timeout_s)
        except Exception as err:
            return error_record(item, Code.WORKER_CRASHED, reason=f"{type(err).__name__}: {err}")
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"sha256": [], "record": []}
        for sha, path, size in zip(batch["sha256"], batch["path"], batch["size"]):
            item = BatchInput(path=str(path), sha256=str(sha), size=int(size))
            out["sha256"].append(item.sha256)
            out["record"].append(json.dumps(self._analyze(item), ensure_ascii=False))
        return out


@dataclass
class RayEngine:
    settings: Settings
    options: BatchOptions
    stage_seconds: Counter = field(default_factory=Counter)

    def _init(self) -> None:
        import ray

        os.environ.setdefault("RAY_AUTH_MODE", "disabled")
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                      "ignore_reinit_error": True}
            if self.options.ray_address:
                kwargs["address"] = self.options.ray_address
            else:
                kwargs.update(num_cpus=max(1, self.options.workers),
                              object_store_memory=int(os.environ.get("GONGKAI_RAY_OBJECT_STORE", 200 * 2**20)))
            ray.init(**kwargs)

    def run(self, jobs: list[BatchInput]) -> Iterator[tuple[BatchInput, dict[str, Any]]]:
        if not jobs:
            return
        import ray

        self._init()
        by_sha = {job.sha256: job for job in jobs}
        rows = [{"sha256": j.sha256, "path": j.path, "size": j.size} for j in jobs]
        dataset = ray.data.from_items(rows).map_batches(
            _Analyzer, batch_size=1, concurrency=max(1, self.options.workers), num_cpus=1,
            fn_constructor_args=(self.settings, self.options.disable, self.options.timeout_s))
        for row in dataset.iter_rows():
            yield by_sha[row["sha256"]], json.loads(row["record"])

    def close(self) -> None:
        import ray

        if ray.is_initialized() and not self.options.ray_address:
            ray.shutdown()

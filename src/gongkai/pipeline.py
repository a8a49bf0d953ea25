"""The one place that knows the stage order.

A stage is ``Stage(settings)(doc) -> doc``; it declares what it ``requires``
and ``assigns`` (Document field names) and the order is checked once, here.
Factories are imported lazily so ``import gongkai`` never imports torch.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .config import Settings, resolve
from .document import Document, Source
from .errors import Code, GongkaiError, issue

log = logging.getLogger(__name__)

# stage name -> "module:Class"; the class takes the resolved stage settings.
STAGES: dict[str, str] = {
    "ingest": "gongkai.ingest:Ingest",
    "segment": "gongkai.segment:Segment",
    "tables": "gongkai.tables:TableStage",
    "claims": "gongkai.claims:ClaimStage",
    "checks": "gongkai.checks:CheckStage",
}
ORDER = tuple(STAGES)
SETTINGS_OF = {"ingest": "ingest", "segment": "segment", "tables": "tables",
               "claims": "claims", "checks": "checks"}


class Stage(Protocol):
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


def _factory(name: str) -> Callable[..., Any]:
    module, _, attr = STAGES[name].partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass
class Pipeline:
    """Ingest plus the enabled stages; holds the tagger for its lifetime."""

    settings: Settings
    disable: tuple[str, ...] = ()
    stages: list[tuple[str, Stage]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.disable) - set(ORDER)
        if unknown or "ingest" in self.disable:
            raise ValueError(f"cannot disable {sorted(unknown or {'ingest'})}; stages are {ORDER}")
        self.ingest = _factory("ingest")(self.settings.ingest)
        assigned = {"source", "text", "grids", "meta", "issues"}
        for name in ORDER[1:]:
            if name in self.disable:
                continue
            stage = _factory(name)(getattr(self.settings, SETTINGS_OF[name]))
            missing = set(stage.requires) - assigned
            if missing:
                raise ValueError(f"stage {name} requires {sorted(missing)}, which no earlier stage assigns")
            assigned |= set(stage.assigns)
            self.stages.append((name, stage))
        self.timings = {name: 0.0 for name in ORDER}

    @property
    def names(self) -> tuple[str, ...]:
        return ("ingest",) + tuple(name for name, _ in self.stages)

    def read(self, path: str | Path, data: bytes | None = None) -> Document:
        """Ingest only; never raises for bad input."""
        started = time.perf_counter()
        try:
            doc = self.ingest(path, data)
        except GongkaiError as err:
            doc = Document(source=Source(path=str(path))).with_issues(err.to_issue("ingest"))
        except Exception as err:  # a reader bug must still give a record
            log.exception("ingest failed on %s", path)
            doc = Document(source=Source(path=str(path))).with_issues(
                issue(Code.UNREADABLE, stage="ingest", path=str(path), format="?",
                      reason=f"{type(err).__name__}: {err}"))
        self.timings["ingest"] += time.perf_counter() - started
        return doc

    def run_stages(self, doc: Document) -> Document:
        if doc.status == "error":
            return doc
        for name, stage in self.stages:
            started = time.perf_counter()
            try:
                result = stage(doc)
                if not isinstance(result, Document):
                    raise TypeError(f"stage {name} returned {type(result).__name__}, not Document")
                doc = result
            except GongkaiError as err:
                doc = doc.with_issues(err.to_issue(name))
            except Exception as err:
                log.exception("stage %s failed on %s", name, doc.source.path)
                doc = doc.with_issues(issue(Code.STAGE_FAILED, stage=name,
                                            reason=f"{type(err).__name__}: {err}"))
            self.timings[name] += time.perf_counter() - started
        return doc

    def __call__(self, path: str | Path, data: bytes | None = None) -> Document:
        return self.run_stages(self.read(path, data))

    def pipe(self, paths: Iterable[str | Path]) -> Iterator[Document]:
        for path in paths:
            yield self(path)


def load_pipeline(config: Any = None, disable: Iterable[str] = (), **overrides: Any) -> Pipeline:
    """Build a pipeline once and reuse it: the tagger is loaded here, not per report."""
    settings = resolve(config, **overrides)
    return Pipeline(settings=settings, disable=tuple(disable))



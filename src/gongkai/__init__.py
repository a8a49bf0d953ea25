"""gongkai: read Chinese government information disclosure annual reports.

    >>> import gongkai
    >>> doc = gongkai.analyze("report.docx")
    >>> doc.tables.get("requests.new_received.total"), doc.to_dict()["checks"]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .config import Settings, resolve
from .document import Check, Clause, Document, Tables
from .pipeline import Pipeline, load_pipeline

__version__ = "0.1.0"

__all__ = ["analyze", "analyze_many", "load_pipeline", "Pipeline", "Document", "Tables",
           "Clause", "Check", "Settings", "resolve", "__version__"]


def analyze(path: str | Path, config: Any = None, *, disable: Iterable[str] = (),
            pipeline: Pipeline | None = None, **overrides: Any) -> Document:
    """Analyse one report. Pass ``pipeline=load_pipeline(...)`` when analysing many."""
    pipe = pipeline or load_pipeline(config, disable=disable, **overrides)
    return pipe(path)


def analyze_many(paths: Iterable[str | Path], config: Any = None, *,
                 disable: Iterable[str] = (), **overrides: Any) -> Iterator[Document]:
    """Analyse reports one after another with one pipeline (one model load)."""
    pipe = load_pipeline(config, disable=disable, **overrides)
    yield from pipe.pipe(paths)

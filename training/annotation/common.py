"""Shared helpers of the annotation scripts: report keys, text paths, JSONL I/O.

A report is named by its doc id (``seeds/<file>.txt``, ``corpus/<id>`` or ``external/<id>``);
its annotation text is the file decoded as UTF-8 under the shared data folder (external
reports: ``external/text`` beside it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from gongkai.claims import corpus

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
SPLITS = REPO / "data" / "splits.json"
ANNOTATIONS = REPO / "data" / "annotations"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_path(doc: str, shared: Path = SHARED) -> Path:
    """``seeds/x.txt`` -> shared/seeds/x.txt; ``corpus/r0004`` -> shared/corpus/text/r0004.txt;
    ``external/e0001`` -> external/text/e0001.txt beside the shared folder."""
    return corpus.text_path(shared, doc)


def report_key(doc: str) -> str:
    """File stem for a doc id: ``seeds/000_x.txt`` -> ``seeds_000_x``; ``corpus/r0004`` -> ``corpus_r0004``."""
    return doc.removesuffix(".txt").replace("/", "_")


def read_text(doc: str, shared: Path = SHARED) -> str:
    return text_path(doc, shared).read_bytes().decode("utf-8")


def split_docs(splits: tuple[str, ...] = corpus.SPLITS) -> list[tuple[str, str]]:
    """(doc, split) for every annotated report, in splits.json order."""
    data = json.loads(SPLITS.read_text(encoding="utf-8"))
    return [(doc, name) for name in splits for doc in data.get(name, [])]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

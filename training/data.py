"""Labelled clauses for the claim tagger: JSONL files and the real stand-off annotations.

Every record is ``{"text", "types", "role"}``; ``split`` is kept when present.
Labels come from ``labels.json`` only: an unknown type or role in the data stops
the run (it would otherwise be silently dropped from the loss).
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO / ".." / "shared"


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_jsonl_files(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """All records of the given files; a folder means every ``*.jsonl`` in it."""
    out: list[dict[str, Any]] = []
    for path in paths:
        path = Path(path)
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            out.extend(read_jsonl(file))
    return out


def check_labels(records: Sequence[dict[str, Any]], types: Sequence[str], roles: Sequence[str],
                 where: str) -> None:
    """Raise on the first record with a type or role that labels.json does not know."""
    known_types, known_roles = set(types), set(roles)
    for number, record in enumerate(records, 1):
        unknown = set(record.get("types") or ()) - known_types
        if unknown:
            raise ValueError(f"{where} record {number}: unknown claim type(s) {sorted(unknown)}")
        role = record.get("role")
        if role is not None and role not in known_roles:
            raise ValueError(f"{where} record {number}: unknown role {role!r}")


def targets(records: Sequence[dict[str, Any]], types: Sequence[str], roles: Sequence[str]) -> np.ndarray:
    """Float matrix for the joint head: 0/1 per type, then a one-hot role block (zeros if no role)."""
    type_index = {t: i for i, t in enumerate(types)}
    role_index = {r: len(types) + i for i, r in enumerate(roles)}
    out = np.zeros((len(records), len(types) + len(roles)), dtype=np.float32)
    for row, record in enumerate(records):
        for label in record.get("types") or ():
            out[row, type_index[label]] = 1.0
        if record.get("role") is not None:
            out[row, role_index[record["role"]]] = 1.0
    return out


def real_annotations(shared_dir: str | Path, splits: Sequence[str],
                     annotator: str = "gold") -> list[dict[str, Any]]:
    """Real labelled clauses of the given report splits, skip spans removed.

    Same records as ``gongkai.claims.corpus.load_annotations`` (doc, split, start,
    end, text, types, role), but a report whose annotation file does not exist yet
    is left out with a warning: labels arrive report by report. [] when the
    shared folder is absent.
    """
    if not Path(shared_dir).exists():
        logger.warning("shared folder %s not present: no real annotations", shared_dir)
        return []
    from gongkai.claims import corpus

    table = corpus.read_splits()
    out: list[dict[str, Any]] = []
    for split in splits:
        who = corpus.annotator_for(annotator, split)
        for doc in table[split]:
            path = corpus.DATA_DIR / "annotations" / f"annotator_{who}" / f"{corpus.report_key(doc)}.jsonl"
            if not path.exists():
                logger.warning("no annotation yet for %s (annotator_%s)", doc, who)
                continue
            text, rows = corpus.load_report(Path(shared_dir), doc, who)
            out.extend({"doc": doc, "split": split, "start": r["start"], "end": r["end"],
                        "text": text[r["start"]:r["end"]], "types": list(r["types"]), "role": r["role"]}
                       for r in rows if not r["skip"])
    logger.info("real annotations %s: %d clauses", "+".join(splits), len(out))
    return out


def subsample(records: list[dict[str, Any]], limit: int | None, seed: int) -> list[dict[str, Any]]:
    """At most ``limit`` records, a seeded random choice kept in their original order
    (clauses of a report stay in reading order); all when limit is None."""
    if limit is None or limit >= len(records):
        return records
    keep = sorted(random.Random(seed).sample(range(len(records)), limit))
    return [records[i] for i in keep]


def narrative_texts(shared_dir: str | Path, splits: Sequence[str] = ("train",)) -> list[str]:
    """Full texts of the real reports of ``splits`` (for MLM pretraining; never test)."""
    if "test" in splits:
        raise ValueError("test reports are never used for training")
    shared = Path(shared_dir)
    spec = json.loads((REPO / "data" / "splits.json").read_text(encoding="utf-8"))
    docs = [doc for name in splits for doc in spec[name]]
    docs += [alias for alias, doc in spec.get("same_report_as", {}).items() if doc in docs]
    out = []
    for doc in docs:
        kind, name = doc.split("/", 1)
        path = shared / "seeds" / name if kind == "seeds" else shared / "corpus" / "text" / f"{name}.txt"
        if path.exists():
            out.append(path.read_bytes().decode("utf-8", errors="replace"))
    return out

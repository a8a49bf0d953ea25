"""Real-report clause annotations (offsets only in the repo) joined with their text.

The repo keeps offsets and hashes under ``data/annotations/``; the report texts
stay in ``../shared``. Loading checks both hashes, so a changed text or a moved
span fails loudly (``bad_resource``) instead of training on the wrong clause.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import Code, GongkaiError

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
# "external": real reports found after the split was fixed, in no other split, labelled like
# test and never trained or tuned on; their texts live beside the shared folder (``../external``).
# "web_dev"/"web_test": openings of real reports of many agencies from a stored web-page corpus
# (data/external/web/), halved by a hash of their address before anyone labelled them; both have
# been scored unseen and are development data since.
# "web2_test" … "web<LATEST_WEB_BATCH>_test": later batches of openings (data/external/web/
# criterion_batch2.md …), each held out until its one scoring; the batches already scored are
# development data since. Registering a batch is raising this one number.
LATEST_WEB_BATCH = 23
WEB_BATCH_SPLITS = tuple(f"web{n}_test" for n in range(2, LATEST_WEB_BATCH + 1))
SPLITS = ("train", "dev", "test", "external", "web_dev", "web_test", *WEB_BATCH_SPLITS)
# Splits kept for unseen scoring: no training reads them. The test split and the external
# reports stay out of training for good, so their figures stay comparable across sessions; the
# latest web batch stays out until the next one is registered.
NEVER_TRAINED = frozenset({"test", "external", WEB_BATCH_SPLITS[-1]})
# "gold" reads annotator_a for train/dev reports and annotator_b for every later split.
GOLD = {name: "a" if name in ("train", "dev") else "b" for name in SPLITS}
_REQUIRED = ("doc", "text_sha256", "start", "end", "clause_sha256", "types", "role", "skip")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_key(doc: str) -> str:
    """``seeds/000_x.txt`` -> ``seeds_000_x``; ``corpus/r0004`` -> ``corpus_r0004``."""
    return doc.removesuffix(".txt").replace("/", "_")


def text_path(shared_dir: Path, doc: str) -> Path:
    """Where a doc's annotation text lives: under the shared folder, or for ``external/<id>``
    and ``web/<id>`` under ``external/text`` and ``external/web`` beside it (those texts are not
    shipped; data/external/manifest.tsv and web/manifest.tsv say where they come from)."""
    kind, name = doc.split("/", 1)
    if kind == "seeds":
        return shared_dir / "seeds" / name
    if kind == "external":
        return shared_dir.parent / "external" / "text" / f"{name}.txt"
    if kind == "web":
        return shared_dir.parent / "external" / "web" / f"{name}.txt"
    return shared_dir / "corpus" / "text" / f"{name}.txt"


def read_splits(data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """split -> docs, from ``splits.json``; a doc in two splits is an error."""
    path = data_dir / "splits.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    splits = {name: list(raw.get(name, [])) for name in SPLITS}
    seen: dict[str, str] = {}
    for name, docs in splits.items():
        for doc in docs:
            if doc in seen:
                raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry=doc,
                                   reason=f"in both {seen[doc]} and {name}")
            seen[doc] = name
    return splits


def read_records(path: Path) -> list[dict[str, Any]]:
    """One annotator's JSONL for one report, every record with the required fields."""
    if not path.exists():
        raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry="-", reason="annotation file missing")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = [k for k in _REQUIRED if k not in row]
        if missing:
            raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry=f"line {number}",
                               reason=f"missing fields {missing}")
        rows.append(row)
    return rows


def verify(rows: Sequence[dict[str, Any]], text: str, path: Path) -> None:
    """Both hashes must match the shared text, else the offsets point elsewhere."""
    digest = sha256(text)
    for number, row in enumerate(rows, start=1):
        if row["text_sha256"] != digest:
            raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry=f"line {number}",
                               reason=f"text_sha256 differs from the text of {row['doc']}")
        if sha256(text[row["start"]:row["end"]]) != row["clause_sha256"]:
            raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry=f"line {number}",
                               reason=f"clause_sha256 differs at {row['start']}:{row['end']}")


def annotator_for(annotator: str, split: str) -> str:
    """The folder suffix to read: ``gold`` resolves per split, otherwise the name itself."""
    if annotator == "gold":
        return GOLD[split]
    return annotator.removeprefix("annotator_")


def load_report(shared_dir: Path, doc: str, annotator: str,
                data_dir: Path = DATA_DIR) -> tuple[str, list[dict[str, Any]]]:
    """(text, verified records) of one report as labelled by one annotator (``a`` or ``b``)."""
    path = data_dir / "annotations" / f"annotator_{annotator}" / f"{report_key(doc)}.jsonl"
    rows = read_records(path)
    text = text_path(shared_dir, doc).read_bytes().decode("utf-8")
    verify(rows, text, path)
    return text, rows


def label_vector(types: Iterable[str], labels: Sequence[str], where: str) -> list[float]:
    """Multi-hot vector in ``labels`` order; an unknown type is an error, never dropped."""
    chosen = set(types)
    unknown = chosen - set(labels)
    if unknown:
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=",".join(sorted(unknown)),
                           reason="claim type not in labels.json")
    return [1.0 if name in chosen else 0.0 for name in labels]


def default_labels() -> tuple[str, ...]:
    from .tagger import read_labels  # numpy only; labels.json is the one list of types

    return read_labels().types


def load_annotations(shared_dir: str | Path, annotator: str = "gold",
                     splits: Sequence[str] = ("train",), labels: Sequence[str] | None = None,
                     data_dir: str | Path = DATA_DIR):
    """Non-skipped annotated clauses of the given splits as a ``datasets.Dataset``.

    Columns: doc, split, start, end, text, types (list[str]), role, labels (multi-hot
    float vector in ``labels`` order, default ``labels.json``).
    """
    import datasets  # local: keeps ``import gongkai`` light

    shared_dir, data_dir = Path(shared_dir), Path(data_dir)
    names = tuple(labels) if labels is not None else default_labels()
    table = read_splits(data_dir)
    columns: dict[str, list[Any]] = {k: [] for k in
                                     ("doc", "split", "start", "end", "text", "types", "role", "labels")}
    for split in splits:
        if split not in table:
            raise GongkaiError(Code.BAD_RESOURCE, file=str(data_dir / "splits.json"), entry=split,
                               reason=f"unknown split; expected one of {SPLITS}")
        for doc in table[split]:
            who = annotator_for(annotator, split)
            text, rows = load_report(shared_dir, doc, who, data_dir)
            for row in rows:
                if row["skip"]:
                    continue
                columns["doc"].append(doc)
                columns["split"].append(split)
                columns["start"].append(row["start"])
                columns["end"].append(row["end"])
                columns["text"].append(text[row["start"]:row["end"]])
                columns["types"].append(list(row["types"]))
                columns["role"].append(row["role"])
                columns["labels"].append(label_vector(row["types"], names, f"annotator_{who}/{report_key(doc)}"))
    features = datasets.Features({
        "doc": datasets.Value("string"), "split": datasets.Value("string"),
        "start": datasets.Value("int64"), "end": datasets.Value("int64"),
        "text": datasets.Value("string"), "types": datasets.Sequence(datasets.Value("string")),
        "role": datasets.Value("string"), "labels": datasets.Sequence(datasets.Value("float32")),
    })
    logger.info("loaded %d clauses from splits %s (%s)", len(columns["doc"]), list(splits), annotator)
    return datasets.Dataset.from_dict(columns, features=features)


def load_quantity_gold(shared_dir: str | Path, splits: Sequence[str] = ("test",),
                       data_dir: str | Path = DATA_DIR, folder: str = "quantities",
                       docs: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Every non-skipped gold clause of the splits with its gold quantities (docs/annotation.md §7).

    One dict per clause: doc, split, start, end, text and ``quantities`` (records of
    ``annotations/<folder>/<report-key>.jsonl``: q_start, q_end, value, unit, approx, negated;
    report offsets). Clauses without a quantity are kept: they count against false finds.
    ``folder="quantities_b"`` reads the second annotator; ``docs`` keeps only those reports.
    """
    shared_dir, data_dir = Path(shared_dir), Path(data_dir)
    table = read_splits(data_dir)
    out: list[dict[str, Any]] = []
    for split in splits:
        for doc in table[split]:
            if docs is not None and doc not in docs:
                continue
            text, rows = load_report(shared_dir, doc, annotator_for("gold", split), data_dir)
            path = data_dir / "annotations" / folder / f"{report_key(doc)}.jsonl"
            if not path.exists():
                raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry="-", reason="quantity gold missing")
            gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            verify(gold, text, path)
            for number, q in enumerate(gold, start=1):
                if sha256(text[q["q_start"]:q["q_end"]]) != q["q_sha256"]:
                    raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry=f"line {number}",
                                       reason=f"q_sha256 differs at {q['q_start']}:{q['q_end']}")
            by_clause: dict[tuple[int, int], list[dict[str, Any]]] = {}
            for q in gold:
                by_clause.setdefault((q["start"], q["end"]), []).append(q)
            kept = {(r["start"], r["end"]) for r in rows if not r["skip"]}
            stray = set(by_clause) - kept
            if stray:
                raise GongkaiError(Code.BAD_RESOURCE, file=str(path), entry=str(sorted(stray)[0]),
                                   reason="quantity in a span that is not a kept gold clause")
            for row in rows:
                if row["skip"]:
                    continue
                span = (row["start"], row["end"])
                out.append({"doc": doc, "split": split, "start": span[0], "end": span[1],
                            "text": text[span[0]:span[1]], "quantities": by_clause.get(span, [])})
    return out


def double_annotated(data_dir: Path = DATA_DIR) -> list[str]:
    """Docs of the split table that both annotator_a and annotator_b have labelled."""
    docs = [doc for split in SPLITS for doc in read_splits(data_dir)[split]]
    root = data_dir / "annotations"
    return [d for d in docs if all((root / f"annotator_{w}" / f"{report_key(d)}.jsonl").exists() for w in "ab")]


def _kappa(first: Sequence[Any], second: Sequence[Any]) -> float | None:
    """Cohen's kappa; None when undefined (both annotators constant and identical)."""
    from sklearn.metrics import cohen_kappa_score

    if len(set(first) | set(second)) < 2:
        return None
    value = float(cohen_kappa_score(first, second))
    return None if math.isnan(value) else round(value, 4)


def paired(shared_dir: Path, doc: str, data_dir: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """A's and B's records of one report, span by span; differing spans are an error. Where the
    text is not at hand (texts beside ../shared are not shipped) the two are compared by their
    offsets and hashes alone: agreement needs the labels, not the text."""
    if text_path(shared_dir, doc).exists():
        _, rows_a = load_report(shared_dir, doc, "a", data_dir)
        _, rows_b = load_report(shared_dir, doc, "b", data_dir)
    else:
        rows_a, rows_b = (read_records(data_dir / "annotations" / f"annotator_{who}" / f"{report_key(doc)}.jsonl")
                          for who in "ab")
    spans_a = [(r["start"], r["end"], r["text_sha256"], r["clause_sha256"]) for r in rows_a]
    if spans_a != [(r["start"], r["end"], r["text_sha256"], r["clause_sha256"]) for r in rows_b]:
        raise GongkaiError(Code.BAD_RESOURCE, file=f"annotator_b/{report_key(doc)}.jsonl", entry="spans",
                           reason="spans (offsets or hashes) differ from annotator_a's")
    return list(zip(rows_a, rows_b))


def agreement(shared_dir: str | Path, labels: Sequence[str] | None = None,
              data_dir: str | Path = DATA_DIR) -> dict[str, Any]:
    """Cohen's kappa between annotators A and B on every doubly annotated report.

    Per claim type (binary decision per clause) and for role, over the spans
    neither annotator skipped; also kappa of the skip decision over all spans.
    """
    shared_dir, data_dir = Path(shared_dir), Path(data_dir)
    names = tuple(labels) if labels is not None else default_labels()
    docs = double_annotated(data_dir)
    pairs = [pair for doc in docs for pair in paired(shared_dir, doc, data_dir)]
    kept = [(a, b) for a, b in pairs if not a["skip"] and not b["skip"]]
    per_type = {}
    for name in names:
        first = [int(name in a["types"]) for a, _ in kept]
        second = [int(name in b["types"]) for _, b in kept]
        per_type[name] = {"kappa": _kappa(first, second), "positives_a": sum(first),
                          "positives_b": sum(second), "both": sum(x & y for x, y in zip(first, second))}
    role_a, role_b = [a["role"] for a, _ in kept], [b["role"] for _, b in kept]
    defined = [v["kappa"] for v in per_type.values() if v["kappa"] is not None]
    differing = {doc: 0 for doc in docs}
    for a, b in pairs:
        if (a["skip"], a["role"], set(a["types"])) != (b["skip"], b["role"], set(b["types"])):
            differing[a["doc"]] += 1
    return {
        "reports": docs,
        "reports_without_text": sum(not text_path(shared_dir, doc).exists() for doc in docs),
        "spans_differing_per_report": differing,
        "spans": len(pairs),
        "spans_compared": len(kept),
        "skip_kappa": _kappa([a["skip"] for a, _ in pairs], [b["skip"] for _, b in pairs]),
        "types": per_type,
        "mean_type_kappa": round(sum(defined) / len(defined), 4) if defined else None,
        "exact_type_set_agreement": round(sum(set(a["types"]) == set(b["types"]) for a, b in kept)
                                          / len(kept), 4) if kept else None,
        "role": {"kappa": _kappa(role_a, role_b),
                 "accuracy": round(sum(x == y for x, y in zip(role_a, role_b)) / len(kept), 4) if kept else None},
    }

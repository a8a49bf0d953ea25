"""Score the BERT tagger, the rule tagger and their union on a labelled split.

    python training/evaluate.py --split test --out src/gongkai/models/claims-small/eval_results.json

Writes per-type P/R/F1, macro-F1 (gongkai.claims.metrics), role accuracy and
throughput for each tagger, macro-F1 per factor (report group) and the worst
errors. The functions here are what the notebook calls; nothing is computed there.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
from gongkai.claims import corpus, metrics  # noqa: E402
from gongkai.claims.tagger import Labels, read_labels  # noqa: E402
from gongkai.config import TaggerSettings  # noqa: E402

logger = logging.getLogger(__name__)

MANIFEST = D.DEFAULT_SHARED / "corpus" / "manifest.tsv"


def predict_timed(tagger: Any, texts: list[str],
                  hints: Sequence[str | None] | None = None) -> tuple[list[Any], float]:
    """Predictions and clauses per second of one ``predict`` call."""
    begin = time.perf_counter()
    results = tagger.predict(texts, hints)
    elapsed = time.perf_counter() - begin
    return results, len(texts) / elapsed if elapsed > 0 else float("inf")


def union(first: Sequence[Any], second: Sequence[Any]) -> list[Any]:
    """Types of either tagger (scores: the larger), role of the first."""
    from gongkai.claims.types import TagResult

    out = []
    for a, b in zip(first, second, strict=True):
        types = tuple(dict.fromkeys(tuple(a.types) + tuple(b.types)))
        scores = {k: max(a.scores.get(k, 0.0), b.scores.get(k, 0.0)) for k in set(a.scores) | set(b.scores)}
        out.append(TagResult(types=types, scores=scores, role=a.role if a.role is not None else b.role))
    return out


def gold_types(records: Sequence[dict[str, Any]], labels: Labels) -> np.ndarray:
    """Clauses x claim types, 0/1, from the annotations."""
    return metrics.to_matrix([r["types"] for r in records], labels.types)


def predicted_types(results: Sequence[Any], labels: Labels) -> np.ndarray:
    """Clauses x claim types, 0/1, from TagResults (types outside labels.json left out)."""
    return metrics.to_matrix([[t for t in res.types if t in labels.types] for res in results], labels.types)


def score(records: Sequence[dict[str, Any]], results: Sequence[Any], labels: Labels) -> dict[str, Any]:
    """Type scores (metrics.type_scores) plus role accuracy over clauses with a gold role."""
    gold = gold_types(records, labels)
    pred = predicted_types(results, labels)
    out = metrics.type_scores(gold, pred, labels.types)
    roles_pred = [res.role for res in results]
    out["role_accuracy"] = metrics.role_accuracy([r.get("role") for r in records], roles_pred)
    out["role_predicted"] = any(r is not None for r in roles_pred)
    out["n_clauses"] = len(records)
    return out


def factor_of(doc: str | None, manifest: dict[str, dict[str, str]]) -> str:
    """Report group for the factor tables: police seeds, or a corpus report's table format."""
    if not doc:
        return "unknown"
    if doc.startswith("seeds/"):
        return "police_2024_format2021"
    if doc.startswith("external/"):
        return f"external_format{read_external_manifest().get(doc.split('/', 1)[1], {}).get('table_format', '?')}"
    if doc.startswith("web/"):
        return f"web_{read_web_manifest().get(doc.split('/', 1)[1], {}).get('level', '?')}"
    row = manifest.get(doc.split("/", 1)[1], {})
    return f"corpus_format{row.get('table_format', '?')}"


def read_external_manifest() -> dict[str, dict[str, str]]:
    return read_manifest(D.REPO / "data" / "external" / "manifest.tsv")


def read_web_manifest() -> dict[str, dict[str, str]]:
    return read_manifest(D.REPO / "data" / "external" / "web" / "manifest.tsv")


@functools.cache  # factor_of asks once per clause
def read_manifest(path: Path = MANIFEST) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return {cells[0]: dict(zip(header, cells)) for cells in (line.split("\t") for line in lines[1:] if line)}


def by_factor(records: Sequence[dict[str, Any]], results: Sequence[Any], labels: Labels,
              key: Callable[[dict[str, Any]], str]) -> dict[str, dict[str, float]]:
    """Macro-F1 and role accuracy per group of clauses."""
    groups: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        groups.setdefault(key(record), []).append(i)
    out = {}
    for name, idx in sorted(groups.items()):
        part = score([records[i] for i in idx], [results[i] for i in idx], labels)
        out[name] = {"n_clauses": len(idx), "macro_f1": part["macro_f1"], "role_accuracy": part["role_accuracy"]}
    return out


def worst_errors(records: Sequence[dict[str, Any]], results: Sequence[Any], limit: int = 20) -> list[dict]:
    """Clauses with the most wrong type decisions, most confident mistakes first."""
    rows = []
    for record, res in zip(records, results, strict=True):
        gold, pred = set(record["types"]), set(res.types)
        missed, extra = sorted(gold - pred), sorted(pred - gold)
        if not missed and not extra:
            continue
        confidence = max([res.scores.get(t, 0.0) for t in extra] + [1 - res.scores.get(t, 0.0) for t in missed])
        rows.append({"doc": record.get("doc"), "start": record.get("start"), "end": record.get("end"),
                     "text": record["text"], "gold": sorted(gold),
                     "predicted": sorted(pred), "missed": missed, "extra": extra,
                     "confidence": round(float(confidence), 4)})
    rows.sort(key=lambda r: (-(len(r["missed"]) + len(r["extra"])), -r["confidence"]))
    return rows[:limit]


def stand_off(report: dict[str, Any]) -> dict[str, Any]:
    """The report as it may be written into the repository: an error on a real report keeps its
    doc and offsets but not its text (real report text stays in ../shared; join it back with
    ``corpus.text_path``). Errors on synthetic clauses (no doc) keep their text."""
    def strip(row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k != "text"} if row.get("doc") else row

    out = dict(report)
    out["taggers"] = {name: {**entry, "worst_errors": [strip(r) for r in entry.get("worst_errors", [])]}
                      for name, entry in report.get("taggers", {}).items()}
    return out


def cooccurrence(records: Sequence[dict[str, Any]], results: Sequence[Any], labels: Labels) -> list[list[int]]:
    """gold type (rows) x predicted type (columns): clauses having both; the diagonal is hits."""
    gold = gold_types(records, labels).astype(int)
    pred = predicted_types(results, labels)
    return (gold.T @ pred.astype(int)).tolist()


section_hints = D.section_hints
hint_at = D.hint_at


def staged_clauses(records: Sequence[dict[str, Any]], shared_dir: str | Path,
                   tagger: str, model: str | None = None, long_clauses: str = "windows",
                   parent_role_bias: float = TaggerSettings.parent_role_bias,
                   members: int = TaggerSettings.members) -> list[Any]:
    """The clauses as the pipeline's ClaimStage tags them (heading hints, its role smoothing and
    ``role_basis``), one report at a time, the annotated spans standing in for the segment
    stage's clauses."""
    from gongkai.claims import ClaimStage, corpus
    from gongkai.document import Clause, Document, Source
    from gongkai.segment import Segment

    stage = ClaimStage(TaggerSettings(tagger=tagger, model=model, long_clauses=long_clauses,
                                      parent_role_bias=parent_role_bias, members=members))
    by_doc: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        by_doc.setdefault(record["doc"], []).append(i)
    out: list[Any] = [None] * len(records)
    for doc, idx in by_doc.items():
        text = corpus.text_path(Path(shared_dir), doc).read_bytes().decode("utf-8")
        sections = Segment()(Document(source=Source(path=doc), text=text)).sections
        keys = [D.keys_at(sections, records[i]["start"]) for i in idx]
        clauses = tuple(Clause(start=records[i]["start"], end=records[i]["end"], text=records[i]["text"],
                               section=section, subsection=subsection)
                        for i, (section, subsection) in zip(idx, keys))
        tagged = stage(Document(source=Source(path=doc), text=text, sections=sections, clauses=clauses))
        for i, clause in zip(idx, tagged.clauses):
            out[i] = clause
    return out


def as_results(clauses: Sequence[Any]) -> list[Any]:
    from gongkai.claims.types import TagResult

    return [TagResult(types=c.types, scores=dict(c.scores), role=c.role) for c in clauses]


def through_claim_stage(records: Sequence[dict[str, Any]], shared_dir: str | Path,
                        tagger: str, model: str | None = None, long_clauses: str = "windows",
                        parent_role_bias: float = TaggerSettings.parent_role_bias,
                        members: int = TaggerSettings.members) -> list[Any]:
    """TagResults as the pipeline's ClaimStage gives them (see ``staged_clauses``)."""
    return as_results(staged_clauses(records, shared_dir, tagger, model, long_clauses, parent_role_bias, members))


def accuracy_by_basis(records: Sequence[dict[str, Any]], results: Sequence[Any],
                      bases: Sequence[str | None]) -> dict[str, dict[str, Any]]:
    """Role accuracy over the clauses with a gold role, apart for each role basis."""
    out: dict[str, dict[str, Any]] = {}
    for basis in ("heading", "content"):
        pairs = [(r["role"], p.role) for r, p, b in zip(records, results, bases) if b == basis and r.get("role")]
        hits = sum(gold == pred for gold, pred in pairs)
        out[basis] = {"n_clauses": len(pairs), "role_accuracy": hits / len(pairs) if pairs else None}
    return out


def record_hints(records: Sequence[dict[str, Any]], shared_dir: str | Path, from_file: bool) -> list[str | None] | None:
    """Heading context per clause: a JSONL's own ``hint`` fields (label_sheet.py writes them; None
    when it has none), or what the segment stage finds on the real reports."""
    if from_file:
        return [r.get("hint") for r in records] if any(r.get("hint") for r in records) else None
    return section_hints(records, shared_dir)


def with_role_hints(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records whose missing ``hint`` is their gold role: the heading the pipeline would pass had
    it found the clause's subsection (so only the types are really measured)."""
    return [{**r, "hint": r.get("hint") or r.get("role")} for r in records]


# Pooled splits. unseen_all…: every report unseen at its first scoring, each web batch added as it
# was scored (batches join training or rule writing once scored, so later figures on them are
# in-sample); never_trained: the reports no training run ever read (corpus.NEVER_TRAINED).
_UNSEEN_ALL = ("test", "external", "web_dev", "web_test")
_LATER_BATCHES = tuple(name for name in corpus.SPLITS if name.startswith("web") and name[3:4].isdigit())
POOLED = {"unseen": ("test", "external"), "web": ("web_dev", "web_test"),
          "unseen_all": _UNSEEN_ALL,
          **{f"unseen_all{n}": (*_UNSEEN_ALL, *_LATER_BATCHES[:n - 1]) for n in range(2, len(_LATER_BATCHES) + 2)},
          "never_trained": tuple(name for name in corpus.SPLITS if name in corpus.NEVER_TRAINED)}


def load_split(split: str, shared_dir: str | Path, annotator: str = "gold",
               data_file: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Labelled clauses: a JSONL file, or the real annotations of one report split (or of a
    pooled name in ``POOLED``)."""
    splits = POOLED.get(split, (split,))
    records = D.read_jsonl(data_file) if data_file else D.real_annotations(shared_dir, splits, annotator)
    return D.subsample(records, limit, seed=0)


def normalised(text: str) -> str:
    return "".join(text.split())


def novel_only(records: Sequence[dict[str, Any]], shared_dir: str | Path) -> list[dict[str, Any]]:
    """Records whose text (whitespace ignored) is not the text of any train or dev clause:
    consecutive years of one agency repeat template sentences word for word, and a repeated
    sentence is not unseen however its report was split."""
    seen = {normalised(r["text"]) for r in D.real_annotations(shared_dir, ("train", "dev"), "gold")}
    return [r for r in records if normalised(r["text"]) not in seen]


def build_taggers(names: Sequence[str], model: str | None, labels_file: str | None,
                  long_clauses: str = "windows",
                  parent_role_bias: float = TaggerSettings.parent_role_bias,
                  members: int = TaggerSettings.members) -> dict[str, Any]:
    taggers: dict[str, Any] = {}
    if "bert" in names or "union" in names:
        from gongkai.claims.tagger import load_tagger

        taggers["bert"] = load_tagger(TaggerSettings(model=model, long_clauses=long_clauses,
                                                     parent_role_bias=parent_role_bias, members=members),
                                      labels_file=labels_file)
    if "rules" in names or "union" in names:
        from gongkai.claims.rules import RuleTagger

        taggers["rules"] = RuleTagger()
    return taggers


def run_taggers(records: Sequence[dict[str, Any]], taggers: dict[str, Any],
                hints: Sequence[str | None] | None = None) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Predictions of bert and rules (and their union when both ran) and each one's clauses/s."""
    texts = [r["text"] for r in records]
    predictions: dict[str, list[Any]] = {}
    speeds: dict[str, float] = {}
    for name in ("bert", "rules"):
        if name in taggers:
            predictions[name], speeds[name] = predict_timed(taggers[name], texts, hints)
    if "bert" in predictions and "rules" in predictions:
        predictions["union"] = union(predictions["bert"], predictions["rules"])
    return predictions, speeds


def evaluate(records: list[dict[str, Any]], taggers: dict[str, Any], labels: Labels,
             names: Sequence[str] = ("bert", "rules", "union"),
             hints: Sequence[str | None] | None = None,
             predictions: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """Scores of every named tagger on ``records`` (union needs bert and rules).

    Clause types and the headline role accuracy use ``hints`` (heading context, as in the
    pipeline); ``role_accuracy_content_only`` is the role predicted without any hint.
    Pass a dict as ``predictions`` to get the TagResults back.
    """
    preds, speeds = run_taggers(records, taggers, hints)
    if predictions is not None:
        predictions.update(preds)
    manifest = read_manifest()
    gold_roles = [r.get("role") for r in records]
    report: dict[str, Any] = {"n_clauses": len(records), "taggers": {}, "with_heading_hints": hints is not None,
                              "types": list(labels.types)}
    for name, results in preds.items():
        if name not in names:
            continue
        entry = score(records, results, labels)
        if name in speeds:
            entry["clauses_per_s"] = speeds[name]
        if hints is not None and name in taggers:
            bare = taggers[name].predict([r["text"] for r in records])
            entry["role_accuracy_content_only"] = metrics.role_accuracy(gold_roles, [b.role for b in bare])
        entry["factors"] = by_factor(records, results, labels, lambda r: factor_of(r.get("doc"), manifest))
        entry["worst_errors"] = worst_errors(records, results)
        entry["cooccurrence"] = cooccurrence(records, results, labels)
        report["taggers"][name] = entry
    report["bootstrap"] = bootstrap(records, {n: preds[n] for n in report["taggers"]}, labels)
    return report


def bootstrap(records: Sequence[dict[str, Any]], results: dict[str, Sequence[Any]], labels: Labels,
              n_resamples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """95% intervals of macro-F1 and role accuracy, reports resampled with replacement (the
    same samples for every tagger), and of the paired difference bert - rules."""
    samples = metrics.bootstrap_indices([r.get("doc") for r in records], n_resamples, seed)
    gold = gold_types(records, labels)
    gold_roles = [r.get("role") for r in records]
    values = {name: metrics.bootstrap_scores(gold, predicted_types(preds, labels), gold_roles,
                                             [p.role for p in preds], samples, labels.types)
              for name, preds in results.items()}
    out: dict[str, Any] = {"unit": "report", "n_groups": len({r.get("doc") for r in records}),
                           "n_resamples": n_resamples, "seed": seed}
    for name, vals in values.items():
        out[name] = {f"{k}_ci95": metrics.interval(v) for k, v in vals.items()}
    if "bert" in values and "rules" in values:
        diff = values["bert"]["macro_f1"] - values["rules"]["macro_f1"]
        out["bert_minus_rules_macro_f1_ci95"] = metrics.interval(diff)
        out["p_bert_beats_rules_by_3_points"] = float(np.mean(diff >= 0.03))
    return out


def per_type_table(records: Sequence[dict[str, Any]], results: Sequence[Any], labels: Labels) -> Any:
    """sklearn precision/recall/F1/support per claim type as a pandas DataFrame."""
    import pandas as pd
    from sklearn.metrics import precision_recall_fscore_support

    gold = gold_types(records, labels)
    pred = predicted_types(results, labels)
    p, r, f, n = precision_recall_fscore_support(gold, pred, average=None, zero_division=0)
    return pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": n}, index=list(labels.types)).round(3)


def summary_table(report: dict[str, Any]) -> Any:
    """One row per tagger: macro-F1, micro-F1, exact match, role accuracy, clauses/s."""
    import pandas as pd

    keys = ("macro_f1", "micro_f1", "exact_match", "role_accuracy", "role_accuracy_content_only", "clauses_per_s")
    rows = {name: {k: entry.get(k) for k in keys} for name, entry in report["taggers"].items()}
    return pd.DataFrame(rows).T.astype(float).round(4)


def f1_table(report: dict[str, Any]) -> Any:
    """Claim type x tagger F1 (from the report), with the gold support."""
    import pandas as pd

    table = pd.DataFrame({name: {t: v["f1"] for t, v in entry["per_type"].items()}
                          for name, entry in report["taggers"].items()})
    first = next(iter(report["taggers"].values()))
    table["support"] = [first["per_type"][t]["support"] for t in table.index]
    return table.round(3)


def cooccurrence_table(report: dict[str, Any], tagger: str) -> Any:
    import pandas as pd

    types = report["types"]
    return pd.DataFrame(report["taggers"][tagger]["cooccurrence"], index=[f"gold:{t}" for t in types],
                        columns=[f"pred:{t}" for t in types])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model folder (default: the shipped checkpoint)")
    parser.add_argument("--split", default="test", choices=(*corpus.SPLITS, *POOLED),
                        help="a report split of data/splits.json, or unseen = test + external, "
                             "web = web_dev + web_test, unseen_all = those four, unseen_all2 = "
                             "with web2_test too, unseen_all3 … = and each later batch, "
                             f"never_trained = {' + '.join(POOLED['never_trained'])}")
    parser.add_argument("--novel_only", action="store_true",
                        help="leave out clauses whose text is also a train or dev clause")
    parser.add_argument("--data_file", default=None, help="JSONL of {text, types, role} instead of a split")
    parser.add_argument("--shared_dir", default=str(D.DEFAULT_SHARED))
    parser.add_argument("--annotator", default="gold")
    parser.add_argument("--labels_file", default=None)
    parser.add_argument("--taggers", default="bert,rules,union")
    parser.add_argument("--limit", type=int, default=None, help="score a seeded sample of this size")
    parser.add_argument("--pipeline", action="store_true", help="also score through ClaimStage (bert/rules/both)")
    parser.add_argument("--no_hints", action="store_true", help="predict roles without heading context")
    parser.add_argument("--hint_from_role", action="store_true",
                        help="with --data_file: a record without a hint reads its gold role as the heading "
                             "(as the pipeline passes a found subsection heading; then role accuracy is trivial)")
    parser.add_argument("--parent_role_bias", type=float, default=TaggerSettings.parent_role_bias,
                        help="bert: log-probability taken off the parent role under a parent heading")
    parser.add_argument("--long_clauses", default="windows", choices=("windows", "truncate"),
                        help="a clause longer than the model reads: overlapping windows, or cut")
    parser.add_argument("--members", type=int, default=TaggerSettings.members,
                        help="of an ensemble checkpoint, how many members to run (default: what the pipeline "
                             "runs; 0: all), as claims.members")
    parser.add_argument("--out", default=None, help="write the metrics JSON here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    names = tuple(args.taggers.split(","))
    labels = read_labels(args.labels_file)
    records = load_split(args.split, args.shared_dir, args.annotator, args.data_file, args.limit)
    if args.novel_only:
        records = novel_only(records, args.shared_dir)
    if args.hint_from_role:
        records = with_role_hints(records)
    hints = None if args.no_hints else record_hints(records, args.shared_dir, bool(args.data_file))
    taggers = build_taggers(names, args.model, args.labels_file, args.long_clauses, args.parent_role_bias,
                            args.members)
    report = evaluate(records, taggers, labels, names, hints)
    report.update({"split": args.split if not args.data_file else args.data_file, "model": args.model,
                   "members": args.members, "annotator": args.annotator, "novel_only": args.novel_only})
    if args.pipeline and not args.data_file:
        report["pipeline"] = {}
        staged = {}
        for name in ("bert", "rules", "both"):
            clauses = staged_clauses(records, args.shared_dir, name, args.model, args.long_clauses,
                                     args.parent_role_bias, args.members)
            results = staged[name] = as_results(clauses)
            entry = score(records, results, labels)
            report["pipeline"][name] = {k: entry[k] for k in ("macro_f1", "micro_f1", "role_accuracy")}
            report["pipeline"][name]["role_by_basis"] = accuracy_by_basis(
                records, results, [c.role_basis for c in clauses])
            logger.info("ClaimStage(tagger=%s): macro-F1 %.4f, role accuracy %.4f", name, entry["macro_f1"],
                        entry["role_accuracy"])
        report["pipeline_bootstrap"] = bootstrap(records, staged, labels)
    if args.out:
        Path(args.out).write_text(json.dumps(stand_off(report), ensure_ascii=False, indent=1, default=_plain) + "\n",
                                  encoding="utf-8")
    for name, entry in report["taggers"].items():
        speed = entry.get("clauses_per_s")
        logger.info("%s: macro-F1 %.4f, role accuracy %.4f%s", name, entry["macro_f1"], entry["role_accuracy"],
                    "" if speed is None else f", {speed:.0f} clauses/s")
    return report


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else str(value)


if __name__ == "__main__":
    main()

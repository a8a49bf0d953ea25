"""Would per-type thresholds tuned on spent web batches beat the flat ones? Leave one batch out.

    python training/threshold_study.py web13_test web14_test ... [--out study.json]

Each split is tagged through the pipeline (``evaluate.staged_clauses``) with the shipped model,
or ``--model``, which must not have trained on them. Per type, the pair (threshold, threshold where
the rule tagger gives the type too) is chosen on a grid to maximise that type's F1 on all splits but
one and scored on the one left out; a type with fewer than ``--min_support`` gold clauses there
keeps the folder's pair. The verdict rule is that of ``criterion_batch22.md``: the tuned pairs help
if, left out, they raise bert macro-F1 on average and on at least two thirds of the splits.
Splits whose texts are absent beside ../shared lose those reports (data.real_annotations warns).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate as E  # noqa: E402

import data as D  # noqa: E402
from gongkai.claims import metrics  # noqa: E402
from gongkai.claims.tagger import RULE_AGREEMENT_FILE, read_labels, read_thresholds, resolve_model_dir  # noqa: E402
from gongkai.config import TaggerSettings  # noqa: E402

logger = logging.getLogger("threshold_study")
GRID = tuple(round(0.05 * k, 2) for k in range(1, 20))


def pipeline_scores(split: str, model: str | None) -> dict[str, Any]:
    """Gold, bert probabilities and the rule verdict of every clause of one split, as the pipeline sees them."""
    records = E.load_split(split, D.DEFAULT_SHARED)
    bert = E.staged_clauses(records, D.DEFAULT_SHARED, "bert", model)
    rules = E.staged_clauses(records, D.DEFAULT_SHARED, "rules", model)
    return {"gold": [list(r["types"]) for r in records], "scores": [dict(c.scores) for c in bert],
            "bert": [list(c.types) for c in bert], "rules": [list(c.types) for c in rules]}


def f1(gold: np.ndarray, chosen: np.ndarray) -> float:
    hit, false, missed = (gold & chosen).sum(), (~gold & chosen).sum(), (gold & ~chosen).sum()
    return float(2 * hit / (2 * hit + false + missed)) if hit + false + missed else 1.0


def decide(probs: np.ndarray, ruled: np.ndarray, pair: tuple[float, float]) -> np.ndarray:
    return probs >= np.where(ruled, pair[1], pair[0])


def macro_f1(gold: np.ndarray, chosen: np.ndarray) -> float:
    """Over the types with gold clauses, as evaluate.py scores a split."""
    return metrics.type_scores(gold, chosen, range(gold.shape[1]))["macro_f1"]


def tune(gold: np.ndarray, probs: np.ndarray, ruled: np.ndarray, flat: list[tuple[float, float]],
         min_support: int) -> list[tuple[float, float]]:
    """Per type the grid pair with the best F1 (the folder's pair unless another beats it)."""
    pairs = []
    for j in range(gold.shape[1]):
        best, best_f1 = flat[j], f1(gold[:, j], decide(probs[:, j], ruled[:, j], flat[j]))
        if gold[:, j].sum() >= min_support:
            for plain in GRID:
                for agreed in (a for a in GRID if a <= plain):
                    value = f1(gold[:, j], decide(probs[:, j], ruled[:, j], (plain, agreed)))
                    if value > best_f1 + 1e-9:
                        best, best_f1 = (plain, agreed), value
        pairs.append(best)
    return pairs


def choose(probs: np.ndarray, ruled: np.ndarray, pairs: list[tuple[float, float]]) -> np.ndarray:
    return np.stack([decide(probs[:, j], ruled[:, j], pairs[j]) for j in range(probs.shape[1])], axis=1)


def study(per_split: dict[str, dict[str, Any]], types: tuple[str, ...], flat: list[tuple[float, float]],
          min_support: int) -> dict[str, Any]:
    names = [s for s in per_split if per_split[s]["gold"]]
    split_of = np.concatenate([[s] * len(per_split[s]["gold"]) for s in names])
    rows = {key: [x for s in names for x in per_split[s][key]] for key in ("gold", "scores", "rules")}
    gold = np.array([[t in g for t in types] for g in rows["gold"]])
    probs = np.array([[s[t] for t in types] for s in rows["scores"]])
    ruled = np.array([[t in r for t in types] for r in rows["rules"]])
    left_out = {}
    for name in names:
        held = split_of == name
        pairs = tune(gold[~held], probs[~held], ruled[~held], flat, min_support)
        before = macro_f1(gold[held], choose(probs[held], ruled[held], flat))
        after = macro_f1(gold[held], choose(probs[held], ruled[held], pairs))
        left_out[name] = {"clauses": int(held.sum()), "flat": round(before, 4), "tuned": round(after, 4),
                          "rules": round(macro_f1(gold[held], ruled[held]), 4)}
    gains = [v["tuned"] - v["flat"] for v in left_out.values()]
    helps = bool(np.mean(gains) > 0 and sum(g > 0 for g in gains) * 3 >= 2 * len(gains))
    return {"left_out": left_out, "mean_gain": round(float(np.mean(gains)), 4),
            "wins": sum(g > 0 for g in gains), "losses": sum(g < 0 for g in gains), "helps": helps,
            "tuned_on_all": dict(zip(types, tune(gold, probs, ruled, flat, min_support))),
            "gold_clauses": dict(zip(types, gold.sum(0).tolist()))}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("splits", nargs="+", help="spent web batches the model never trained on")
    parser.add_argument("--model", default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--min_support", type=int, default=5)
    parser.add_argument("--out", default=None, help="write the study as JSON here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # the folder's own pairs, read as load_tagger reads them (no weights needed to know them)
    folder, types = resolve_model_dir(TaggerSettings(model=args.model)), read_labels().types
    plain = read_thresholds(folder, types, TaggerSettings.threshold)
    agreed = read_thresholds(folder, types, plain, RULE_AGREEMENT_FILE)
    flat = [(float(p), float(a)) for p, a in zip(plain, agreed)]
    result = study({s: pipeline_scores(s, args.model) for s in args.splits}, types, flat, args.min_support)
    result["flat"] = flat
    for name, row in result["left_out"].items():
        logger.info("%s (%d clauses): flat %.4f, tuned %.4f, rules %.4f", name, row["clauses"], row["flat"],
                    row["tuned"], row["rules"])
    logger.info("mean gain %+.4f, %d wins, %d losses: %s", result["mean_gain"], result["wins"], result["losses"],
                "helps" if result["helps"] else "does not help")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()

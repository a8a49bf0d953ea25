"""The one definition of the claim-tagger metrics (finetune, evaluate, notebook, tests).

Claim types are multi-label: per-type precision, recall and F1 over clauses, and
macro-F1 = the unweighted mean F1 over the claim types that occur in the gold
labels (a type with no gold clause has no recall to measure; its false positives
still show in its precision and in micro-F1). The section role is single-label:
accuracy over clauses that have a gold role.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

THRESHOLD_GRID: tuple[float, ...] = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))


def to_matrix(label_sets: Sequence[Sequence[str]], types: Sequence[str]) -> np.ndarray:
    """Clauses x types 0/1 matrix; an unknown type is an error, never dropped."""
    index = {t: i for i, t in enumerate(types)}
    out = np.zeros((len(label_sets), len(types)), dtype=np.int8)
    for row, labels in enumerate(label_sets):
        for label in labels:
            if label not in index:
                raise ValueError(f"unknown claim type {label!r}; known: {', '.join(types)}")
            out[row, index[label]] = 1
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def type_scores(y_true: np.ndarray, y_pred: np.ndarray, types: Sequence[str]) -> dict[str, Any]:
    """Per-type P/R/F1/support, macro-F1 (types with support), micro-F1 and exact match."""
    y_true = np.asarray(y_true).astype(bool)
    y_pred = np.asarray(y_pred).astype(bool)
    per_type: dict[str, dict[str, float]] = {}
    for j, name in enumerate(types):
        tp = int(np.sum(y_true[:, j] & y_pred[:, j]))
        fp = int(np.sum(~y_true[:, j] & y_pred[:, j]))
        fn = int(np.sum(y_true[:, j] & ~y_pred[:, j]))
        p, r, f = _prf(tp, fp, fn)
        per_type[name] = {"precision": p, "recall": r, "f1": f, "support": tp + fn,
                          "predicted": tp + fp}
    scored = [v["f1"] for v in per_type.values() if v["support"] > 0]
    tp = int(np.sum(y_true & y_pred))
    _, _, micro = _prf(tp, int(np.sum(~y_true & y_pred)), int(np.sum(y_true & ~y_pred)))
    exact = float(np.mean(np.all(y_true == y_pred, axis=1))) if len(y_true) else 0.0
    return {"macro_f1": float(np.mean(scored)) if scored else 0.0, "micro_f1": micro,
            "exact_match": exact, "per_type": per_type}


def role_accuracy(gold: Sequence[str | None], pred: Sequence[str | None]) -> float:
    """Share of clauses with a gold role whose predicted role equals it."""
    pairs = [(g, p) for g, p in zip(gold, pred, strict=True) if g]
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def decide_types(probs: np.ndarray, thresholds: Sequence[float] | float) -> np.ndarray:
    """0/1 decisions from probabilities and one threshold per type (or one for all)."""
    return (probs >= np.asarray(thresholds, dtype=float)).astype(np.int8)


def tune_thresholds(probs: np.ndarray, y_true: np.ndarray, default: float = 0.5,
                    grid: Sequence[float] = THRESHOLD_GRID, min_support: int = 1) -> list[float]:
    """Per-type threshold maximising that type's F1 on dev; ties go to the value nearest ``default``.

    A type with fewer than ``min_support`` dev positives keeps ``default``: one or two
    clauses would set its threshold by chance.
    """
    out = []
    for j in range(probs.shape[1]):
        truth = y_true[:, j].astype(bool)
        if truth.sum() < max(1, min_support):
            out.append(default)
            continue
        best = max(grid, key=lambda t: (_prf(int(np.sum(truth & (probs[:, j] >= t))),
                                             int(np.sum(~truth & (probs[:, j] >= t))),
                                             int(np.sum(truth & (probs[:, j] < t))))[2],
                                        -abs(t - default)))
        out.append(float(best))
    return out


def split_logits(logits: np.ndarray, n_types: int) -> tuple[np.ndarray, np.ndarray]:
    """The joint head's logits: the first ``n_types`` columns are claim types, the rest roles."""
    return logits[:, :n_types], logits[:, n_types:]


def compute_metrics(logits: np.ndarray, labels: np.ndarray, types: Sequence[str],
                    roles: Sequence[str], thresholds: Sequence[float] | float = 0.5) -> dict[str, float]:
    """Flat metrics for ``Trainer`` from the joint head: macro-F1, micro-F1, per-type F1, role accuracy.

    ``labels`` holds the type columns as 0/1 and the role as a one-hot block (all
    zero when the clause has no gold role).
    """
    type_logits, role_logits = split_logits(np.asarray(logits), len(types))
    type_true, role_true = split_logits(np.asarray(labels), len(types))
    scores = type_scores(type_true > 0.5, decide_types(sigmoid(type_logits), thresholds), types)
    has_role = role_true.sum(axis=1) > 0
    gold_roles = [roles[i] if ok else None for i, ok in zip(role_true.argmax(axis=1), has_role)]
    pred_roles = [roles[i] for i in role_logits.argmax(axis=1)] if len(roles) else [None] * len(gold_roles)
    out = {"macro_f1": scores["macro_f1"], "micro_f1": scores["micro_f1"],
           "exact_match": scores["exact_match"], "role_accuracy": role_accuracy(gold_roles, pred_roles)}
    out.update({f"f1_{name}": v["f1"] for name, v in scores["per_type"].items()})
    return out


def bootstrap_indices(groups: Sequence[Any], n_resamples: int = 1000, seed: int = 0) -> list[np.ndarray]:
    """Row indices of ``n_resamples`` cluster-bootstrap samples: whole groups (reports) drawn with
    replacement, because clauses of one report share its wording and errors. The same groups and
    seed give the same samples, so two taggers scored on them are compared pairwise."""
    members: dict[Any, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    blocks = [np.array(rows) for rows in members.values()]
    rng = np.random.default_rng(seed)
    return [np.concatenate([blocks[k] for k in rng.integers(0, len(blocks), len(blocks))])
            for _ in range(n_resamples)]


def bootstrap_scores(y_true: np.ndarray, y_pred: np.ndarray, gold_roles: Sequence[str | None],
                     pred_roles: Sequence[str | None], samples: Sequence[np.ndarray],
                     types: Sequence[str]) -> dict[str, np.ndarray]:
    """Macro-F1 and role accuracy on each bootstrap sample."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    gold_roles, pred_roles = np.asarray(gold_roles, dtype=object), np.asarray(pred_roles, dtype=object)
    macro = [type_scores(y_true[rows], y_pred[rows], types)["macro_f1"] for rows in samples]
    roles = [role_accuracy(list(gold_roles[rows]), list(pred_roles[rows])) for rows in samples]
    return {"macro_f1": np.array(macro), "role_accuracy": np.array(roles)}


def interval(values: np.ndarray, level: float = 0.95) -> list[float]:
    """Percentile interval of bootstrap values."""
    tail = (1 - level) / 2 * 100
    return [float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))]

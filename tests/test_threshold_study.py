"""training/threshold_study.py: per-type threshold pairs tuned on spent batches, judged left out."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))

import threshold_study as T  # noqa: E402

TYPES = ("a", "b")
FLAT = [(0.5, 0.3), (0.5, 0.3)]


def split(seed: int, n: int = 60) -> dict:
    """Type ``a``: positives score 0.8-0.95, negatives 0.55-0.7, so 0.5 over-tags and ~0.75 is right.
    Type ``b`` is separated at 0.5 already. The rules never give a type."""
    rng = np.random.default_rng(seed)
    gold, scores = [], []
    for i in range(n):
        a, b = i % 3 == 0, i % 4 == 0
        gold.append([t for t, on in (("a", a), ("b", b)) if on])
        scores.append({"a": float(rng.uniform(0.8, 0.95) if a else rng.uniform(0.55, 0.7)),
                       "b": float(rng.uniform(0.7, 0.9) if b else rng.uniform(0.0, 0.3))})
    return {"gold": gold, "scores": scores, "rules": [[] for _ in range(n)], "bert": [[] for _ in range(n)]}


def test_tuned_pairs_beat_the_flat_ones_where_the_flat_threshold_overtags() -> None:
    result = T.study({f"s{k}": split(k) for k in range(3)}, TYPES, FLAT, min_support=5)
    assert result["helps"] and result["wins"] == 3 and result["losses"] == 0
    plain_a, _ = result["tuned_on_all"]["a"]
    assert 0.7 <= plain_a <= 0.8
    assert all(row["flat"] < row["tuned"] == 1.0 for row in result["left_out"].values())


def test_types_with_too_few_gold_clauses_keep_the_folders_pair() -> None:
    result = T.study({f"s{k}": split(k) for k in range(3)}, TYPES, FLAT, min_support=10_000)
    assert result["tuned_on_all"] == {"a": (0.5, 0.3), "b": (0.5, 0.3)}
    assert result["mean_gain"] == 0 and not result["helps"]


def test_the_rule_agreed_threshold_applies_only_where_the_rules_give_the_type() -> None:
    probs, ruled = np.array([0.4, 0.4]), np.array([True, False])
    assert T.decide(probs, ruled, (0.5, 0.3)).tolist() == [True, False]

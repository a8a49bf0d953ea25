"""Report-bootstrap intervals of the claim-tagger metrics (training/evaluate.py reports them)."""

from __future__ import annotations

import numpy as np

from gongkai.claims import metrics

TYPES = ("a", "b")


def test_bootstrap_draws_whole_groups():
    groups = ["r1", "r1", "r1", "r2", "r3", "r3"]
    for rows in metrics.bootstrap_indices(groups, n_resamples=50, seed=1):
        assert len(rows) >= 3  # three reports drawn
        drawn = [groups[i] for i in rows]
        for group in set(drawn):
            # a drawn report comes with all of its clauses, as many times as it was drawn
            assert drawn.count(group) % groups.count(group) == 0


def test_bootstrap_samples_repeat_with_the_seed_so_taggers_pair():
    groups = [i // 3 for i in range(30)]
    first = metrics.bootstrap_indices(groups, 20, seed=4)
    second = metrics.bootstrap_indices(groups, 20, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    other = metrics.bootstrap_indices(groups, 20, seed=5)
    assert not all(np.array_equal(a, b) for a, b in zip(first, other))


def test_perfect_predictions_have_a_degenerate_interval():
    gold = np.array([[1, 0], [0, 1], [1, 1], [0, 0]])
    roles = ["x", "y", "x", "y"]
    samples = metrics.bootstrap_indices(["r1", "r1", "r2", "r2"], 100, seed=0)
    values = metrics.bootstrap_scores(gold, gold, roles, roles, samples, TYPES)
    assert metrics.interval(values["macro_f1"]) == [1.0, 1.0]
    assert metrics.interval(values["role_accuracy"]) == [1.0, 1.0]


def test_interval_widens_when_reports_disagree():
    # report r1 is tagged right, r2 all wrong: resampling reports spreads the score
    gold = np.array([[1, 0]] * 5 + [[0, 1]] * 5)
    pred = np.array([[1, 0]] * 5 + [[1, 0]] * 5)
    roles = ["x"] * 10
    samples = metrics.bootstrap_indices(["r1"] * 5 + ["r2"] * 5, 400, seed=0)
    values = metrics.bootstrap_scores(gold, pred, roles, roles, samples, TYPES)
    low, high = metrics.interval(values["macro_f1"])
    point = metrics.type_scores(gold, pred, TYPES)["macro_f1"]
    assert low < point <= high
    assert high - low > 0.3

"""How much a rule-hint model leans on the rules: CV fold models scored with the rule verdict corrupted.

    python training/hint_robustness.py --runs runs/cv/NAME --out hint_robustness.json

Each fold's model folder (``RUNS/fold<k>``, as crossval.py leaves them) tags its held-out reports
while the rule tagger it reads is wrapped: each rule-tagged type is dropped with probability
``drop`` and one wrong type added with probability ``add``. ``drop 1`` is a verdict that never
names a type. Noisy settings are averaged over three noise seeds. Only train+dev reports are read.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate as E  # noqa: E402

import data as D  # noqa: E402
from gongkai.claims.tagger import load_tagger, read_labels  # noqa: E402
from gongkai.claims.types import TagResult  # noqa: E402
from gongkai.config import TaggerSettings  # noqa: E402

logger = logging.getLogger("hint_robustness")
SETTINGS = ((0.0, 0.0), (0.1, 0.05), (0.25, 0.1), (0.5, 0.2), (1.0, 0.0))  # (drop, add)
NOISE_SEEDS = 3


class NoisyRules:
    """A rule tagger whose verdict loses and gains types at random (its role is untouched)."""

    def __init__(self, rules: Any, types: tuple[str, ...], drop: float, add: float, seed: int):
        self.rules, self.types, self.drop, self.add = rules, types, drop, add
        self.rng = random.Random(seed)

    def tag(self, text: str, hint: str | None = None) -> TagResult:
        result = self.rules.tag(text, hint)
        kept = [t for t in result.types if self.rng.random() >= self.drop]
        if self.rng.random() < self.add:
            kept.append(self.rng.choice([t for t in self.types if t not in kept]))
        return TagResult(types=tuple(t for t in self.types if t in kept), scores=result.scores, role=result.role)


@dataclass
class Fold:
    """One fold's held-out clauses, their heading hints and its model, loaded once."""

    records: list[dict[str, Any]]
    hints: list[str | None]
    tagger: Any
    rules: Any  # the tagger's own rule tagger, wrapped anew for each noise setting


def load_folds(runs: Path, shared_dir: str) -> list[Fold]:
    folds = []
    for k, held_out in enumerate(json.loads((runs / "cv.json").read_text(encoding="utf-8"))["folds"]):
        records = D.real_annotations(shared_dir, ("train", "dev"), "gold", held_out)
        tagger = load_tagger(TaggerSettings(model=str(runs / f"fold{k}")))
        if tagger.rules is None:
            raise SystemExit(f"{runs / f'fold{k}'} does not read rule hints")
        folds.append(Fold(records, D.section_hints(records, shared_dir), tagger, tagger.rules))
    return folds


def scores_under_noise(folds: list[Fold], drop: float, add: float, seed: int) -> dict[str, float]:
    labels = read_labels()
    records: list[dict[str, Any]] = []
    results: list[Any] = []
    for k, fold in enumerate(folds):
        fold.tagger.rules = NoisyRules(fold.rules, labels.types, drop, add, seed * 10 + k)
        results += fold.tagger.predict([r["text"] for r in fold.records], fold.hints)
        records += fold.records
    entry = E.score(records, results, labels)
    return {k: entry[k] for k in ("macro_f1", "micro_f1", "role_accuracy")}


def main(argv: list[str] | None = None) -> list[dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", required=True, help="a crossval.py run folder (cv.json, fold0, fold1, ...)")
    parser.add_argument("--shared_dir", default=str(D.DEFAULT_SHARED))
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    folds = load_folds(Path(args.runs), args.shared_dir)
    rows = []
    for drop, add in SETTINGS:
        seeds = range(NOISE_SEEDS) if 0 < drop < 1 or add > 0 else range(1)  # no noise to average
        runs = [scores_under_noise(folds, drop, add, s) for s in seeds]
        row = {"drop": drop, "add": add, **{k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]}}
        logger.info("%s", row)
        rows.append(row)
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()

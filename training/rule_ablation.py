"""Cross-validation with the rules as if they had not been written on the held-out reports.

    python training/rule_ablation.py --runs runs/cv/NAME [--runs runs/cv/OTHER] --out rule_ablation.json

The rule patterns were written on all 15 train+dev reports, so in cross-validation they are
better on the held-out reports than they are on a report nobody has read, and so is a model
that reads their verdict. This script takes out of patterns.toml what only the held-out reports
needed: each top-level alternative (``公开|发布|…``) of an ``any``/``near`` pattern that is the
only reason some held-out clause is tagged rightly, and each alternative of a ``none``/``near_not``
pattern that is the only thing keeping some held-out clause from a wrong tag, where no clause of
the other folds' reports depends on it. An alternative no real clause depends on stays (it came
from the synthetic data or from knowledge of the domain). The rule tagger is then scored with
each fold's ablated patterns on that fold's reports, and so is each run's fold models reading
the ablated verdict. Only train+dev reports are read.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate as E  # noqa: E402

import data as D  # noqa: E402
from gongkai.claims.rules import (  # noqa: E402
    RULE_THRESHOLD,
    LabelingFunction,
    Patterns,
    RuleTagger,
    _Clause,
    fires,
    load_patterns,
    predict_role,
)
from gongkai.claims.tagger import load_tagger, read_labels  # noqa: E402
from gongkai.config import TaggerSettings  # noqa: E402

logger = logging.getLogger("rule_ablation")

# a field that admits a clause (an alternative taken out can lose true tags) or bars one
# (an alternative taken out can add false tags)
ADMITTING = ("any", "near")
BARRING = ("none", "near_not")
MODES = ("as written", "as if unseen")  # the rules each fold is tagged with


@dataclass(frozen=True)
class Alternative:
    """One top-level alternative of one regex of one labeling function."""

    lf: str
    field: str
    index: int  # which regex of the field's list
    text: str


def split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex (inside groups and classes ``|`` is kept)."""
    parts, depth, in_class, current, escaped = [], 0, False, [], False
    for ch in pattern:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def alternatives(lf: LabelingFunction) -> Iterator[Alternative]:
    for field in ADMITTING + BARRING:
        for index, regex in enumerate(getattr(lf, field)):
            for text in split_alternatives(regex.pattern):
                yield Alternative(lf.name, field, index, text)


def without(lf: LabelingFunction, removed: Sequence[Alternative]) -> LabelingFunction | None:
    """The labeling function less some of its alternatives; None when a pattern that admits
    clauses lost all of them (an empty ``any`` or ``near`` would admit everything)."""
    changes: dict[str, tuple[re.Pattern[str], ...]] = {}
    for field in ADMITTING + BARRING:
        kept_regexes = []
        for index, regex in enumerate(getattr(lf, field)):
            gone = {a.text for a in removed if a.lf == lf.name and a.field == field and a.index == index}
            kept = [t for t in split_alternatives(regex.pattern) if t not in gone]
            if kept:
                kept_regexes.append(re.compile("|".join(kept)) if gone else regex)
        if field in ADMITTING and getattr(lf, field) and not kept_regexes:
            return None
        changes[field] = tuple(kept_regexes)
    return replace(lf, **changes)


def ablated(patterns: Patterns, removed: Sequence[Alternative]) -> Patterns:
    lfs = tuple(lf for lf in (without(lf, removed) for lf in patterns.lfs) if lf is not None)
    return replace(patterns, lfs=lfs)


@dataclass
class Clauses:
    """Real clauses as the rule tagger reads them, with which LF fires on each, computed once."""

    docs: list[str]
    gold: list[frozenset[str]]
    parsed: list[_Clause]
    gates: list[str | None]  # the role that gates role-bound rules (None without a heading)
    fired: list[frozenset[str]]  # names of the tagging LFs (weight >= threshold) that fire


def read_clauses(records: Sequence[dict[str, Any]], hints: Sequence[str | None], patterns: Patterns) -> Clauses:
    parsed = [_Clause(r["text"]) for r in records]
    gates = [predict_role(r["text"], h, patterns) if h is not None else None for r, h in zip(records, hints)]
    tagging = [lf for lf in patterns.lfs if lf.weight >= RULE_THRESHOLD]
    fired = [frozenset(lf.name for lf in tagging if fires(lf, c, g)) for c, g in zip(parsed, gates)]
    return Clauses([r["doc"] for r in records], [frozenset(r.get("types", ())) for r in records], parsed, gates,
                   fired)


def support(clauses: Clauses, patterns: Patterns) -> dict[Alternative, frozenset[str]]:
    """Each alternative of a tagging LF -> the reports with a clause whose tag for the LF's type
    turns wrong when that alternative alone is taken out (the reports it was needed for)."""
    by_name = {lf.name: lf for lf in patterns.lfs}
    out: dict[Alternative, frozenset[str]] = {}
    for lf in patterns.lfs:
        if lf.weight < RULE_THRESHOLD:
            continue  # a vote below the threshold tags nothing on its own
        same_type = {o.name for o in patterns.lfs if o.type == lf.type and o.weight >= RULE_THRESHOLD} - {lf.name}
        for alt in alternatives(lf):
            changed = without(by_name[lf.name], [alt])
            docs = set()
            for i, clause in enumerate(clauses.parsed):
                before = bool(clauses.fired[i] & (same_type | {lf.name}))
                now = bool(clauses.fired[i] & same_type) or (
                    changed is not None and fires(changed, clause, clauses.gates[i]))
                right = lf.type in clauses.gold[i]
                if before != now and before == right:
                    docs.add(clauses.docs[i])
            out[alt] = frozenset(docs)
    return out


def fold_removals(needed: dict[Alternative, frozenset[str]], held_out: Sequence[str]) -> list[Alternative]:
    """What only the held-out reports needed: the alternatives to take out for that fold."""
    held = set(held_out)
    return [alt for alt, docs in needed.items() if docs and docs <= held]


def summary(entry: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: round(entry[k], 4) for k in ("macro_f1", "micro_f1", "role_accuracy")}
    out["per_type_f1"] = {t: round(v["f1"], 4) for t, v in entry["per_type"].items()}
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", action="append", default=[],
                        help="a crossval.py run folder whose fold models are scored too (repeatable)")
    parser.add_argument("--folds_from", default=None, help="cv.json whose folds to use (default: the first run's)")
    parser.add_argument("--shared_dir", default=str(D.DEFAULT_SHARED))
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    source = Path(args.folds_from) if args.folds_from else Path(args.runs[0]) / "cv.json"
    folds = json.loads(source.read_text(encoding="utf-8"))["folds"]
    patterns, labels = load_patterns(), read_labels()
    records = D.real_annotations(args.shared_dir, ("train", "dev"), "gold")
    hints = D.section_hints(records, args.shared_dir)
    needed = support(read_clauses(records, hints, patterns), patterns)
    report: dict[str, Any] = {"alternatives": len(needed),
                              "needed_by_one_fold_only": [], "rules": {}, "runs": {}}
    per_fold = []
    for k, held_out in enumerate(folds):
        removed = fold_removals(needed, held_out)
        report["needed_by_one_fold_only"].append(len(removed))
        idx = [i for i, r in enumerate(records) if r["doc"] in set(held_out)]
        per_fold.append((k, removed, idx))
        logger.info("fold %d: %d of %d alternatives only its reports needed", k, len(removed), len(needed))
    pooled = [i for _, _, idx in per_fold for i in idx]

    def rules_for(mode: str, removed: list[Alternative]) -> RuleTagger:
        return RuleTagger(ablated(patterns, removed) if mode == "as if unseen" else patterns)

    for name in MODES:
        results = []
        for _, removed, idx in per_fold:
            tagger = rules_for(name, removed)
            results += [tagger.tag(records[i]["text"], hints[i]) for i in idx]
        entry = E.score([records[i] for i in pooled], results, labels)
        report["rules"][name] = summary(entry)
        logger.info("rules %s: %s", name, report["rules"][name])
    for run in args.runs:
        taggers = [load_tagger(TaggerSettings(model=str(Path(run) / f"fold{k}"))) for k, _, _ in per_fold]
        if any(t.rules is None for t in taggers):
            raise SystemExit(f"{run}: its fold models do not read rule hints")
        scored: dict[str, Any] = {}
        for name in MODES:
            results = []
            for tagger, (_, removed, idx) in zip(taggers, per_fold):
                tagger.rules = rules_for(name, removed)
                results += tagger.predict([records[i]["text"] for i in idx], [hints[i] for i in idx])
            entry = E.score([records[i] for i in pooled], results, labels)
            scored[name] = summary(entry)
            logger.info("%s %s: %s", run, name, scored[name])
        report["runs"][run] = scored
    if args.out:
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()

"""The rule tagger: labeling functions from patterns.toml, same ``predict`` as the BERT tagger.

Each labeling function (LF) votes for one claim type with a weight; a type is
tagged when its best vote reaches ``threshold``. Count types follow the labelling
policy of claims.md: they need an asserted quantity (or a negated zero) whose
surroundings name the topic, so "规范依申请公开办理流程" is no request_count.
The section role comes from the heading context when given, refined from the
content inside overview/problems, or from content cues alone.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..document import Quantity
from ..errors import Code, GongkaiError
from .quantities import clause_quantities
from .types import TagResult

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
WINDOW_BEFORE = 8  # characters before a number that still describe it (公开行政处罚933条)
WINDOW_AFTER = 6
RULE_THRESHOLD = 0.5  # a type is tagged when its best labeling-function weight reaches this


@dataclass(frozen=True)
class LabelingFunction:
    name: str
    type: str
    any: tuple[re.Pattern[str], ...] = ()
    none: tuple[re.Pattern[str], ...] = ()
    quantity: bool = False
    negated: bool = True
    units: frozenset[str] = frozenset()
    near: tuple[re.Pattern[str], ...] = ()
    near_not: tuple[re.Pattern[str], ...] = ()
    roles: frozenset[str] = frozenset()
    weight: float = 0.8
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleRule:
    key: str
    any: tuple[re.Pattern[str], ...]
    parent: str | None = None


@dataclass(frozen=True)
class Patterns:
    lfs: tuple[LabelingFunction, ...]
    roles: tuple[RoleRule, ...]
    exclusive: tuple[tuple[str, str], ...]
    types: tuple[str, ...]
    role_labels: tuple[str, ...]
    role_from_type: dict[str, dict[str, str]]


def _bad(entry: str, reason: str) -> GongkaiError:
    return GongkaiError(Code.BAD_RESOURCE, file="patterns.toml", entry=entry, reason=reason)


def _regexes(values: Any, entry: str) -> tuple[re.Pattern[str], ...]:
    if values is None:
        return ()
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise _bad(entry, "regex fields are lists of non-empty strings")
    try:
        return tuple(re.compile(v) for v in values)
    except re.error as err:
        raise _bad(entry, f"bad regex ({err})") from err


@lru_cache(maxsize=1)
def load_labels() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(claim types, role labels) from labels.json, in id order."""
    data = json.loads(resources.files("gongkai.resources").joinpath("labels.json").read_text("utf-8"))
    types, roles = tuple(data.get("types", ())), tuple(data.get("roles", ()))
    if not types or len(set(types)) != len(types) or not roles or len(set(roles)) != len(roles):
        raise GongkaiError(Code.BAD_RESOURCE, file="labels.json", entry="types/roles",
                           reason="needs non-empty lists without duplicates")
    return types, roles


_LF_KEYS = {"name", "type", "any", "none", "quantity", "negated", "units", "near", "near_not", "roles",
            "weight", "examples", "counter_examples"}


def _lf(entry: dict[str, Any], i: int, types: Sequence[str], roles: Sequence[str]) -> LabelingFunction:
    name = entry.get("name") or f"lf[{i}]"
    unknown = set(entry) - _LF_KEYS
    if unknown:
        raise _bad(name, f"unknown field(s) {sorted(unknown)}")
    if entry.get("type") not in types:
        raise _bad(name, f"type {entry.get('type')!r} is not in labels.json")
    bad_roles = set(entry.get("roles", ())) - set(roles)
    if bad_roles:
        raise _bad(name, f"unknown role(s) {sorted(bad_roles)}")
    weight = float(entry.get("weight", 0.8))
    if not 0 < weight <= 1:
        raise _bad(name, "weight must be in (0, 1]")
    lf = LabelingFunction(
        name=name, type=entry["type"], any=_regexes(entry.get("any"), name), none=_regexes(entry.get("none"), name),
        quantity=bool(entry.get("quantity", False)), negated=bool(entry.get("negated", True)),
        units=frozenset(entry.get("units", ())), near=_regexes(entry.get("near"), name),
        near_not=_regexes(entry.get("near_not"), name), roles=frozenset(entry.get("roles", ())), weight=weight,
        examples=tuple(entry.get("examples", ())), counter_examples=tuple(entry.get("counter_examples", ())))
    if not (lf.any or lf.quantity or lf.roles):
        raise _bad(name, "needs `any`, `quantity` or `roles`, else it fires on everything")
    return lf


def parse_patterns(data: dict[str, Any]) -> Patterns:
    """Validate patterns.toml against labels.json and compile every regex once."""
    types, roles = load_labels()
    lfs = tuple(_lf(entry, i, types, roles) for i, entry in enumerate(data.get("lf", [])))
    names = [lf.name for lf in lfs]
    if len(set(names)) != len(names):
        raise _bad("lf", "duplicate labeling function names")
    role_rules = []
    for i, entry in enumerate(data.get("role", [])):
        if entry.get("key") not in roles or (entry.get("parent") not in (None, *roles)):
            raise _bad(f"role[{i}]", f"unknown role {entry.get('key')!r}/{entry.get('parent')!r}")
        role_rules.append(RoleRule(entry["key"], _regexes(entry.get("any"), f"role[{i}]"), entry.get("parent")))
    pairs = tuple(tuple(p) for p in data.get("exclusive", ()))
    if any(len(p) != 2 or not set(p) <= set(types) for p in pairs):
        raise _bad("exclusive", "pairs of claim types from labels.json")
    role_from_type = {k: dict(v) for k, v in data.get("role_from_type", {}).items()}
    for parent, mapping in role_from_type.items():
        if parent not in roles or not set(mapping) <= set(types) or not set(mapping.values()) <= set(roles):
            raise _bad(f"role_from_type.{parent}", "keys are claim types, values role labels")
    return Patterns(lfs, tuple(role_rules), pairs, types, roles, role_from_type)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    text = resources.files("gongkai.resources").joinpath("patterns.toml").read_text("utf-8")
    return parse_patterns(tomllib.loads(text))


def _flat(text: str) -> str:
    return _WS.sub("", text)


def _windows(text: str, quantities: Sequence[Quantity]) -> list[tuple[Quantity, str]]:
    """Each quantity with what it is about: its subject, the number, a few characters around.

    The characters are counted without whitespace, so layout padding (公开行政处罚  933  条)
    does not push the words out of the window.
    """
    if not quantities:
        return []
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[i] for i in kept)

    def at(pos: int) -> int:  # squeezed index of an original position
        return bisect.bisect_left(kept, pos)

    out = []
    for q in quantities:
        end = at(max(q.end, q.subject_end))
        if q.negated:
            out.append((q, flat[at(q.start):end]))
            continue
        start = min(at(q.start) - WINDOW_BEFORE, at(q.subject_start) if q.subject_start >= 0 else at(q.start))
        out.append((q, flat[max(0, start):min(len(flat), end + WINDOW_AFTER)]))
    return out


class _Clause:
    """One clause as the labeling functions read it; the flattened text and the quantity
    windows are computed once, and the windows only when a quantity rule gets that far."""

    def __init__(self, text: str, quantities: Sequence[Quantity] | None = None):
        self.text = text
        self.flat = _flat(text)
        self._quantities = quantities
        self._windows: list[tuple[Quantity, str]] | None = None

    @property
    def windows(self) -> list[tuple[Quantity, str]]:
        if self._windows is None:
            qs = self._quantities if self._quantities is not None else clause_quantities(self.text)
            self._windows = _windows(self.text, qs)
        return self._windows


def _quantity_ok(lf: LabelingFunction, windows: Sequence[tuple[Quantity, str]]) -> bool:
    for q, window in windows:
        if q.negated and not lf.negated:
            continue
        if not q.negated and lf.units and q.unit not in lf.units:
            continue
        if lf.near and not any(p.search(window) for p in lf.near):
            continue
        if any(p.search(window) for p in lf.near_not):
            continue
        return True
    return False


def fires(lf: LabelingFunction, text: str | _Clause, role: str | None,
          quantities: Sequence[Quantity] | None = None) -> bool:
    """Whether one labeling function votes for its type on one clause."""
    if lf.roles and role is not None and role not in lf.roles:
        return False
    if lf.roles and role is None and not (lf.any or lf.quantity):
        return False  # a rule that is nothing but its role cannot vote without one
    clause = text if isinstance(text, _Clause) else _Clause(text, quantities)
    if lf.any and not any(p.search(clause.flat) for p in lf.any):
        return False
    if any(p.search(clause.flat) for p in lf.none):
        return False
    if lf.quantity:
        return _quantity_ok(lf, clause.windows)
    return True


def predict_role(text: str, hint: str | None, patterns: Patterns) -> str | None:
    """The heading context when it is specific; else the first content cue that fits it."""
    flat = _flat(text)
    if hint is not None and hint not in ("overview", "problems") and hint in patterns.role_labels:
        return hint
    for rule in patterns.roles:
        if hint is not None and rule.parent != hint:
            continue
        if any(p.search(flat) for p in rule.any):
            return rule.key
    if hint is not None:
        return hint if hint in patterns.role_labels else None
    return "none"


class RuleTagger:
    """Labeling functions -> TagResult, with the BERT tagger's ``predict`` signature."""

    def __init__(self, patterns: Patterns | None = None, threshold: float = RULE_THRESHOLD):
        self.patterns = patterns or load_patterns()
        self.threshold = threshold

    def votes(self, text: str, role: str | None,
              quantities: Sequence[Quantity] | None = None) -> list[LabelingFunction]:
        clause = _Clause(text, quantities)
        return [lf for lf in self.patterns.lfs if fires(lf, clause, role)]

    def tag(self, text: str, hint: str | None = None,
            quantities: Sequence[Quantity] | None = None) -> TagResult:
        role = predict_role(text, hint, self.patterns)
        scores: dict[str, float] = {}
        # without heading context the content-guessed role is too weak to gate rules on
        for lf in self.votes(text, role if hint is not None else None, quantities):
            scores[lf.type] = max(scores.get(lf.type, 0.0), lf.weight)
        types = tuple(t for t in self.patterns.types if scores.get(t, 0.0) >= self.threshold)
        by_type = self.patterns.role_from_type.get(hint or "", {})
        named = {by_type[t] for t in types if t in by_type}
        if len(named) == 1:
            role = named.pop()
        return TagResult(types=types, scores=scores, role=role)

    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> list[TagResult]:
        """One TagResult per text; ``sections`` (section/subsection key per text) is the heading context."""
        hints = list(sections) if sections is not None else [None] * len(texts)
        if len(hints) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(hints)} sections")
        return [self.tag(text, hint) for text, hint in zip(texts, hints)]

    def lf_report(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> dict[str, Any]:
        """Per-LF coverage (share of texts it fires on), overlaps and conflicts (Snorkel-style)."""
        hints = list(sections) if sections is not None else [None] * len(texts)
        fired = []
        for text, hint in zip(texts, hints):
            role = predict_role(text, hint, self.patterns)
            fired.append(self.votes(text, role if hint is not None else None))
        n = max(1, len(texts))
        report: dict[str, Any] = {"n": len(texts), "coverage": sum(1 for f in fired if f) / n, "lfs": {}}
        exclusive = {frozenset(p) for p in self.patterns.exclusive}
        for lf in self.patterns.lfs:
            hits = [f for f in fired if lf in f]
            overlaps = sum(1 for f in hits if any(o.type != lf.type for o in f))
            conflicts = sum(1 for f in hits if any(frozenset((lf.type, o.type)) in exclusive for o in f))
            report["lfs"][lf.name] = {"type": lf.type, "fires": len(hits), "coverage": len(hits) / n,
                                      "overlaps": overlaps, "conflicts": conflicts}
        report["types"] = {t: sum(1 for f in fired if any(lf.type == t for lf in f)) / n
                           for t in self.patterns.types}
        return report

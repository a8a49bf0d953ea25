"""Every example in the data files of segment and claims is a test case.

patterns.toml: each labeling function fires on its examples and not on its
counter-examples ("text||role" gives the heading context). headings.toml: each
heading example, alone on a line, is found as its key. units.toml and
labels.json load and agree with the spec.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.claims.quantities import load_units
from gongkai.claims.rules import fires, load_labels, load_patterns
from gongkai.segment.headings import find_sections, find_subsections, load_headings

SPEC = Path(__file__).resolve().parents[1] / ".." / "shared" / "spec" / "claims.md"


def _cases(kind: str) -> list[tuple[str, str]]:
    out = []
    for lf in load_patterns().lfs:
        for example in getattr(lf, kind):
            out.append((lf.name, example))
    return out


def _split(example: str) -> tuple[str, str | None]:
    text, _, role = example.partition("||")
    return text, role or None


def _lf(name: str):
    return next(lf for lf in load_patterns().lfs if lf.name == name)


@pytest.mark.parametrize("name,example", _cases("examples"))
def test_pattern_fires_on_its_examples(name, example):
    text, role = _split(example)
    assert fires(_lf(name), text, role)


@pytest.mark.parametrize("name,example", _cases("counter_examples"))
def test_pattern_does_not_fire_on_counter_examples(name, example):
    text, role = _split(example)
    assert not fires(_lf(name), text, role)


def test_every_claim_type_has_a_labeling_function():
    types, _ = load_labels()
    assert {lf.type for lf in load_patterns().lfs} == set(types)


def test_every_labeling_function_has_examples():
    assert [lf.name for lf in load_patterns().lfs if not lf.examples] == []


def _heading_cases() -> list[tuple[str, str, bool]]:
    rules = load_headings()
    cases = [(rule.key, ex, False) for rule in rules.sections for ex in rule.examples]
    cases += [(rule.key, ex, True) for subs in rules.subsections.values() for rule in subs for ex in rule.examples]
    return cases


@pytest.mark.parametrize("key,example,is_sub", _heading_cases())
def test_heading_examples_are_found(key, example, is_sub):
    if is_sub:
        parent = next(p for p, subs in load_headings().subsections.items() if any(r.key == key for r in subs))
        text = example + "。正文。"
        (span,) = find_subsections(text, parent, 0, len(text), load_headings())
        assert (span.key, span.title) == (key, example)
    else:
        (section,) = find_sections(example + "\n正文。\n")
        assert (section.key, section.title) == (key, example)


def test_units_load_with_both_multipliers():
    rules = load_units()
    assert rules.multipliers == {"万": 10000, "亿": 100000000}


def test_labels_follow_the_spec_order():
    if not SPEC.is_file():
        pytest.skip("../shared/spec not present")
    table = SPEC.read_text("utf-8").split("## Claim types", 1)[1].split("Labelling policy", 1)[0]
    in_spec = re.findall(r"^\| `(\w+)` \|", table, flags=re.M)
    assert load_labels()[0] == tuple(in_spec)

"""The result of a claim tagger (rules or BERT) for one clause."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TagResult:
    """Claim types (labels.json names), a score per type, and the section role (or None)."""

    types: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    role: str | None = None

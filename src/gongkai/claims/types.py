"""The result of a claim tagger (rules or BERT) for one clause, and the role keys it may take."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TagResult:
    """Claim types (labels.json names), a score per type, and the section role (or None)."""

    types: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    role: str | None = None


# Sections of schema.md that have subsections, each with its subsections in reading order. A
# heading hint naming such a section only narrows the role to the section and its subsections;
# any other role key (preamble: text before the first heading) is taken as it is.
SUBSECTIONS: dict[str, tuple[str, ...]] = {
    "overview": ("overview", "active_disclosure", "request_disclosure", "information_management",
                 "platform_building", "supervision"),
    "problems": ("problems", "identified_problems", "improvements"),
}

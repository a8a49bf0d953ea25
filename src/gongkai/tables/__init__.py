"""Tables stage: tables 2-4 of a report in the canonical schema, with cell provenance."""

from .stage import TableStage

__all__ = ["TableStage"]

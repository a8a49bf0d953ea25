"""Serialise finished Documents: JSON record, readable summary, JSONL and tables."""

from .record import record_json, write_record
from .summary import summary_text

__all__ = ["record_json", "write_record", "summary_text"]

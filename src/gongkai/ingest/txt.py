"""Plain text and markdown: decode, normalise, keep every line as it was."""

from __future__ import annotations

from dataclasses import dataclass

from .encoding import decode
from .normalize import normalize


@dataclass(frozen=True)
class TextResult:
    text: str
    encoding: str
    confidence: float


def read_text(data: bytes) -> TextResult:
    """Text dumps keep their line structure: tables in them are parsed from lines later."""
    decoded = decode(data)
    return TextResult(normalize(decoded.text), decoded.encoding, decoded.confidence)

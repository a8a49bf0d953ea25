"""Plain text and markdown: decode, normalise, keep every line as it was."""

from __future__ import annotations

from dataclasses import replace

from .encoding import Decoded, decode
from .normalize import normalize


def read_text(data: bytes) -> Decoded:
    """Text dumps keep their line structure: tables in them are parsed from lines later."""
    decoded = decode(data)
    return replace(decoded, text=normalize(decoded.text))

"""One text normalisation for every input format.

Offsets of all later stages point into the normalised text, so every reader
normalises its pieces with these functions before it records an offset. Line
structure is kept: text-dump tables are parsed from lines later.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..numbers import to_halfwidth
from .resources import load

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TRAILING = re.compile(r" +$", re.MULTILINE)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_WS = re.compile(r"\s+")
# a source line break between two CJK characters is no space (CSS segment-break rule for East Asian text)
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """One translate table (spaces, zero-width, full-width forms) built once: str.translate is fast."""
    data = load()
    table: dict[int, str | None] = {}
    for code in range(0xFF01, 0xFF5F):
        half = to_halfwidth(chr(code), keep_cjk_punct=True)
        if half != chr(code):
            table[code] = half
    table.update({ord(c): " " for c in data.spaces})
    table.update({ord(c): None for c in data.zero_width})
    markers = re.compile("|".join(f"(?:{p.pattern})" for p in data.markers))
    return table, markers


def normalize(text: str) -> str:
    """Half-width digits/ASCII (CJK sentence punctuation kept), spaces, markers, line ends.

    Tabs are kept: one-cell-per-line dumps mark cells with a leading tab.
    """
    table, markers = _tables()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    text = text.translate(table)
    text = markers.sub("", text)
    text = _CONTROL.sub("", text)
    return _TRAILING.sub("", text)


def join_lines(lines: list[str]) -> str:
    """Join the lines of one cell: no space between CJK characters, one space otherwise."""
    out = ""
    for line in (piece.strip() for piece in lines):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def normalize_inline(text: str, collapse: bool = False) -> str:
    """A paragraph or table cell as one line: normalised, line breaks joined, stripped.

    ``collapse`` folds runs of whitespace (HTML source whitespace) into one space.
    """
    text = normalize(text)
    if collapse:
        text = _WS.sub(" ", _CJK_BREAK.sub("", text))
    return join_lines(text.replace("\t", " ").split("\n"))

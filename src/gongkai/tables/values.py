"""Step 5: a cell's printed text -> (value, raw), keeping blank, non-number and 0 apart."""

from __future__ import annotations

import re

from ..numbers import MAX_CELL_DIGITS, Number, parse_cell, to_halfwidth

YUAN_PER_10K = 10_000
_YUAN = re.compile(r"(?<!万)元\s*$")


def read_value(raw: str, field: str, noise: re.Pattern[str] | None = None) -> Number | None:
    """The number in a cell; None for blank, '/', '-', '无' and anything unreadable.

    Export noise ([bookmark: _GoBack]) is dropped; an amount printed in 元 in a 万元 field
    is converted, one printed with 万元 or 件 is stripped (numbers.parse_cell).
    """
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_CELL_DIGITS:  # the common case, fast
        return int(raw)
    text = noise.sub("", raw) if noise else raw
    value, why = parse_cell(text)
    if why != "number" or value is None:
        return None
    if field.endswith("10k_yuan") and _YUAN.search(to_halfwidth(text.strip(), keep_cjk_punct=False)):
        value = round(value / YUAN_PER_10K, 6)
    return value

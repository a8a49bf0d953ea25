"""Step 3: which table format a report uses, by the header words of table 2 (and the rows of 3).

2021 format (国办公开办函〔2021〕30号): 本年制发件数/本年废止件数/现行有效件数, table 3 with
（六）其他处理 split in three. 2019 format (2019 and 2020 reports): 本年新制作数量…, one
（六）其他处理 row.
"""

from __future__ import annotations

import re

from .schema import Schema

_WS = re.compile(r"\s+")


def detect_format(active_text: str, requests_text: str, schema: Schema) -> str | None:
    """'2021', '2019' or None when neither table names its format."""
    active = _WS.sub("", active_text)
    scores = {fmt: sum(w in active for w in words) for fmt, words in schema.header_words.items()}
    if scores["2021"] != scores["2019"]:
        return max(scores, key=lambda f: scores[f])
    requests = _WS.sub("", requests_text)
    if not requests:
        return None
    only_2021 = [c for r in schema.rows["requests"] if set(r.fields) == {"2021"} for c in r.cues]
    if any(c in requests for c in only_2021):
        return "2021"  # （六）其他处理 split into items
    other = next(r for r in schema.rows["requests"] if r.key == "other_total")
    if any(c in requests for c in other.cues):
        return "2019"
    return None


def format_from_year(year: int | None) -> str | None:
    """The format a year's report should use, for reports whose headers say nothing."""
    if year is None or year < 2019:
        return None
    return "2019" if year <= 2020 else "2021"

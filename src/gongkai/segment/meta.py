"""Agency and year from the report title (the first lines of the text).

Titles come as one line (渠县公安局 2023 年政府信息公开工作年度报告), split over two
lines (agency, then 2024年…报告), wrapped (…工作 / 年度报告) or behind a crawler
prefix (标题: …), so the search is line based and tolerant of spaces in 2023 年.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import Meta
from ..numbers import parse_chinese_numeral

_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2}|[二〇零○一三四五六七八九]{4})\s*年度?\s*(?:政府|政务)?信息公开")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PREFIX = re.compile(r"^[^:：]{0,6}[:：]\s*")  # 标题: (crawler dumps)
_MAX_LINES = 80
_MAX_AGENCY = 40


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()[:_MAX_LINES] if line.strip()]


def _year(raw: str) -> int | None:
    year = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
    return year if year is not None and 1990 <= year <= 2100 else None


def _agency(prefix: str) -> str | None:
    prefix = re.split(r"[:：]", prefix)[-1].strip().lstrip("#*>•·-— \u3000").strip()
    return prefix if _CJK.search(prefix) and len(prefix) <= _MAX_AGENCY else None


def title_meta(text: str) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) of the first title-like line, or Nones."""
    lines = _lines(text)
    for i, line in enumerate(lines):
        m = _TITLE.search(line)
        if not m or len(line) > 80:
            continue
        year = _year(m.group("year"))
        if year is None:
            continue
        agency = _agency(line[: m.start()])
        title = _PREFIX.sub("", line).lstrip("#*>•·-— \u3000")
        if agency is None and i > 0 and _CJK.search(lines[i - 1]) and len(lines[i - 1]) <= _MAX_AGENCY:
            agency = _agency(lines[i - 1])
            title = (agency or "") + title
        if "报告" not in title and i + 1 < len(lines) and "报告" in lines[i + 1] and len(lines[i + 1]) <= 10:
            title += lines[i + 1]
        title = title.split("_")[0]  # page titles: 报告_栏目_网站
        return title, agency, year
    return None, None, None


def fill_meta(meta: Meta, text: str) -> Meta:
    """Meta with agency/year from the title; a title set by ingest is kept."""
    title, agency, year = title_meta(text)
    return replace(meta, title=meta.title or title, agency=meta.agency or agency,
                   year=meta.year or year)

"""The report title from the first lines of the text.

Titles are often split: the agency on one line, "2024年政府信息公开工作年度报告"
on the next (or "…工作" / "年度报告"), so a continuation line is joined to the
line before it. Web pages put crumbs before the title (首页 > 年报 > …) or glue the
date and body after it (…年度报告2024年1月20日本报告…); both are cut off.
"""

from __future__ import annotations

import re

from .resources import IngestData, load

_CRUMBS = re.compile(r"^.*[>»›]\s*")  # 首页 > 政务公开 > 年报 > title


def _is_title(line: str, data: IngestData) -> bool:
    return len(line) <= data.title_max_chars and any(k in line for k in data.title_keywords)


def _joins_previous(line: str, previous: str, data: IngestData) -> bool:
    """True when ``line`` continues an agency line such as '重庆市某区公安局'."""
    return (bool(data.title_continuation.match(line))
            and len(previous) + len(line) <= data.title_max_chars
            and not any(mark in previous for mark in data.title_prose_marks)
            and not _is_title(previous, data))


def _trim(title: str, data: IngestData) -> str:
    """The title without navigation crumbs before it or text glued after its keyword."""
    title = _CRUMBS.sub("", title)
    ends = [title.find(k) + len(k) for k in data.title_keywords if k in title]
    return title[:min(ends)] if ends else title


def find_title(text: str, data: IngestData | None = None) -> str | None:
    """First title-like line among the first non-empty lines, joined with its agency line."""
    data = data or load()
    lines: list[str] = []
    for raw in text.split("\n"):
        line = data.title_prefix.sub("", raw.strip())
        if line:
            lines.append(line)
            if len(lines) >= data.title_search_lines:
                break
    for i, line in enumerate(lines):
        if _is_title(line, data):
            if i > 0 and _joins_previous(line, lines[i - 1], data):
                return _trim(lines[i - 1] + line, data)
            return _trim(line, data)
    return None

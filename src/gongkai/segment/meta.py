"""Agency and year from the report title (the first lines of the text).

Titles come as one line (渠县公安局 2023 年政府信息公开工作年度报告), split over two
lines (agency, then 2024年…报告), wrapped (…工作 / 年度报告) or behind a crawler
prefix (标题: …), so the search is line based and tolerant of spaces in 2023 年.
Run-together web pages put navigation crumbs, the title, the date and the body on one
long line; there the title is found in the first characters and the agency is the name
just before the year, with the crumbs (headings.toml [meta]) stripped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from ..document import Meta
from ..errors import Code, GongkaiError
from ..numbers import parse_chinese_numeral

_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2}|[二〇零○一三四五六七八九]{4})\s*年度?\s*(?:政府|政务)?信息公开")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PREFIX = re.compile(r"^[^:：]{0,6}[:：]\s*")  # 标题: (crawler dumps)
# what ends a crumb or a label before the agency name
_SEPARATOR = re.compile(r"[\s>»›|/\\:：，,。；;、】\])）]+")
_REPORT_END = re.compile(r"(?:工作)?(?:年度)?报告")
_MAX_LINES = 80
_MAX_LINE = 80  # a longer line is a run-together page, searched in its head only
_HEAD_CHARS = 400
_MAX_AGENCY = 40
_TITLE_TAIL = 24  # 报告 is at most this far after the year


@lru_cache(maxsize=1)
def crumbs() -> tuple[str, ...]:
    """Navigation words that may precede the agency name, longest first."""
    text = resources.files("gongkai.resources").joinpath("headings.toml").read_text("utf-8")
    words = tomllib.loads(text).get("meta", {}).get("crumbs", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise GongkaiError(Code.BAD_RESOURCE, file="headings.toml", entry="meta.crumbs",
                           reason="needs a list of non-empty strings")
    return tuple(sorted(words, key=len, reverse=True))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()[:_MAX_LINES] if line.strip()]


def _year(raw: str) -> int | None:
    year = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
    return year if year is not None and 1990 <= year <= 2100 else None


def _agency(prefix: str) -> str | None:
    """The name just before the year: the last crumb-free piece of ``prefix``."""
    prefix = prefix.rstrip().lstrip("#*>•·-— \u3000")
    piece = _SEPARATOR.split(prefix)[-1] if prefix else ""
    stripped = True
    while stripped:
        stripped = False
        for word in crumbs():
            if piece.startswith(word) and len(piece) > len(word):
                piece, stripped = piece[len(word):], True
                break
    return piece if _CJK.search(piece) and len(piece) <= _MAX_AGENCY else None


def _run_together(text: str) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) from the head of a page whose lines run together."""
    head = text[:_HEAD_CHARS]
    for m in _TITLE.finditer(head):
        year = _year(m.group("year"))
        agency = _agency(head[max(0, m.start() - _MAX_AGENCY - 20):m.start()])
        if year is None or agency is None:
            continue
        end = _REPORT_END.search(head, m.end(), m.end() + _TITLE_TAIL)
        title = agency + head[m.start():end.end() if end else m.end()]
        return title, agency, year
    return None, None, None


def title_meta(text: str) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) of the first title-like line, or Nones."""
    lines = _lines(text)
    for i, line in enumerate(lines):
        m = _TITLE.search(line)
        if not m or len(line) > _MAX_LINE:
            continue
        year = _year(m.group("year"))
        if year is None:
            continue
        agency = _agency(line[: m.start()])
        end = _REPORT_END.search(line, m.end())
        line = line[:end.end()] if end else line  # a date or body glued after the title
        title = _PREFIX.sub("", line).lstrip("#*>•·-— \u3000")
        if agency is None and i > 0 and _CJK.search(lines[i - 1]) and len(lines[i - 1]) <= _MAX_AGENCY:
            agency = _agency(lines[i - 1])
            title = (agency or "") + title
        elif agency is not None and not title.startswith(agency):
            title = agency + line[m.start():]  # crumbs before the agency are not title
        if "报告" not in title and i + 1 < len(lines) and "报告" in lines[i + 1] and len(lines[i + 1]) <= 10:
            title += lines[i + 1]
        title = title.split("_")[0]  # page titles: 报告_栏目_网站
        return title, agency, year
    return _run_together(text)


def fill_meta(meta: Meta, text: str) -> Meta:
    """Meta with agency/year from the title; a title set by ingest is kept."""
    title, agency, year = title_meta(text)
    return replace(meta, title=meta.title or title, agency=meta.agency or agency,
                   year=meta.year or year)

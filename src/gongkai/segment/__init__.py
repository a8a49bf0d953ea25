"""Segment: text -> sections (with subsections), prose clauses and title meta.

Contract: ``Segment(settings)(doc)`` requires ``text`` and assigns ``sections``,
``clauses`` (offsets, section, subsection) and ``meta`` (agency, year, title).
Narrative sections are split whole; in the table sections (active, requests,
appeals) only sentence-like clauses are kept, so table cells never become clauses, and a
note glued after run-together table cells (…继续办理0000000 注：…。) is cut free of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..config import SegmentSettings
from ..document import Clause, Document, Issue, Span
from ..errors import Code, issue
from .clauses import running_headers, split_clauses
from .headings import SECTION_KEYS, HeadingRules, find_sections, load_headings
from .meta import fill_meta

__all__ = ["Segment", "find_sections", "split_clauses", "segment_clauses"]

TABLE_SECTIONS = frozenset({"active", "requests", "appeals"})
PREAMBLE_MIN_CJK = 8  # drops navigation crumbs of web pages before the report
_CJK = re.compile(r"[\u4e00-\u9fff]")
# five or more digits with no unit after them: run-together table cells (713000074)
_DIGIT_RUN = re.compile(r"\d{5,}(?![\d.]*(?:余|多)?(?:万|亿)?(?:人次|件次|条|件|个|次|人|名|份|项|篇|元|户|%))")
_CLOSERS = set("。；！？;!?")
CLOSED_MIN_CJK = 6
MAX_DIGIT_SHARE = 0.5  # more digits than this and a line is table cells
_WS = re.compile(r"\s+")


def _regions(text: str, sections: tuple[Span, ...],
             rules: HeadingRules) -> Iterator[tuple[int, int, str | None, str | None, bool]]:
    """(start, end, section, subsection, is_table) stretches of body text, headings left out."""
    first = sections[0].start if sections else len(text)
    yield 0, first, None, None, False
    for sec in sections:
        table = sec.key in TABLE_SECTIONS or any(word in sec.title for word in rules.table_titles)
        cursor = sec.start + len(sec.title)
        for sub in sec.subsections:
            yield cursor, sub.start, sec.key, None, table
            cursor = sub.end
            yield sub.start + len(sub.title), sub.end, sec.key, sub.key, table
        yield cursor, sec.end, sec.key, None, table


def _table_evidence(flat: str, rules: HeadingRules) -> bool:
    return any(marker in flat for marker in rules.table_markers) or bool(_DIGIT_RUN.search(flat))


def looks_like_prose(clause: str, rules: HeadingRules) -> bool:
    """A sentence rather than a table chunk: no table label, no run of cell digits.

    A clause closed by 。/； needs only a few CJK characters (各乡镇公开信息122条，占28.7%；);
    an unclosed one must be long and contain a verb.
    """
    flat = _WS.sub("", clause)
    if not flat or _table_evidence(flat, rules):
        return False
    if sum(ch.isdigit() for ch in flat) > MAX_DIGIT_SHARE * len(flat):
        return False
    cjk = len(_CJK.findall(flat))
    if flat[-1:] in _CLOSERS and cjk >= CLOSED_MIN_CJK:
        return True
    return cjk >= rules.min_prose_cjk and any(verb in flat for verb in rules.prose_verbs)


def prose_tail(text: str, start: int, end: int, rules: HeadingRules) -> int | None:
    """Start of a closed sentence at the end of a table chunk, after its last label or cell run.

    Run-together pages glue a note to the table before it (…继续办理0000000 注：本年度…。);
    the note is prose of the section and must not be dropped with the cells.
    """
    chunk = text[start:end]
    if chunk.rstrip()[-1:] not in _CLOSERS:
        return None
    cut = max((m.end() for m in _DIGIT_RUN.finditer(chunk)), default=0)
    for marker in rules.table_markers:
        at = chunk.rfind(marker)
        if at >= 0:
            cut = max(cut, at + len(marker))
    while cut < len(chunk) and (chunk[cut].isspace() or chunk[cut] in "0123456789０１２３４５６７８９"):
        cut += 1
    if cut == 0 or cut >= len(chunk):
        return None
    return start + cut if looks_like_prose(chunk[cut:], rules) else None


def _keep_preamble(body: str) -> bool:
    """A preamble clause is report prose, not navigation crumbs: long, or a closed sentence."""
    cjk = len(_CJK.findall(body))
    return cjk >= PREAMBLE_MIN_CJK or (body.rstrip()[-1:] in _CLOSERS and cjk >= CLOSED_MIN_CJK)


def segment_clauses(text: str, sections: tuple[Span, ...], settings: SegmentSettings,
                    rules: HeadingRules | None = None) -> tuple[Clause, ...]:
    """Clauses of the preamble, the narrative sections and the prose of table sections."""
    rules = rules or load_headings()
    furniture = running_headers(text)
    out = []
    for start, end, section, subsection, table in _regions(text, sections, rules):
        for cs, ce in split_clauses(text, start, end, settings.min_clause_chars, settings.max_clause_chars,
                                    furniture=furniture):
            body = text[cs:ce]
            if section is None and not _keep_preamble(body):
                continue
            if table and not looks_like_prose(body, rules):
                tail = prose_tail(text, cs, ce, rules)
                if tail is None:
                    continue
                cs, body = tail, text[tail:ce]
            out.append(Clause(start=cs, end=ce, text=body, section=section, subsection=subsection))
    return tuple(out)


def _missing(sections: tuple[Span, ...]) -> list[Issue]:
    found = {s.key for s in sections}
    return [issue(Code.SECTION_MISSING, stage="segment", section=key)
            for key in SECTION_KEYS if key not in found]


class Segment:
    """Pipeline stage: sections, clauses and meta from ``doc.text``."""

    requires = ("text",)
    assigns = ("sections", "clauses", "meta")

    def __init__(self, settings: SegmentSettings | None = None):
        self.settings = settings or SegmentSettings()
        self.rules = load_headings()

    def __call__(self, doc: Document) -> Document:
        sections = find_sections(doc.text, self.rules)
        clauses = segment_clauses(doc.text, sections, self.settings, self.rules)
        issues = _missing(sections) if sections else [
            issue(Code.NOT_A_REPORT, stage="segment", path=doc.source.path)]
        return replace(doc, sections=sections, clauses=clauses, meta=fill_meta(doc.meta, doc.text),
                       issues=doc.issues + tuple(issues))

"""Clause boundaries inside a stretch of prose (offsets only).

A clause is a sentence (ending in 。！？；) or one item of an enumeration inside a
sentence: 一是…二是…, 1.…2.…, （一）…（二）…, 第一…第二…. A line break ends a clause
unless the line is a wrapped line of a paragraph (PDF text: a long line with no
closing punctuation, followed by a line that neither opens a new item nor is indented
like a paragraph's first line). Page furniture between two lines (page numbers,
"第 2 页 共 5 页", a running header repeated on every page) does not break a wrap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = "。！？；!?;"
# Enumeration markers that open a new clause when they are not at the clause start.
_ENUM = re.compile(
    r"(?:[一二三四五六七八九十]+是)"           # 一是 二是
    r"|(?:[（(][一二三四五六七八九十]+[）)])"   # （一）
    r"|(?:(?<![\d.])\d{1,2}[.、．](?!\d))"     # 1. 2、 (not 3.5)
    r"|(?:[（(]\d{1,2}[）)])"                  # (1)
    r"|(?:第[一二三四五六七八九十]+[，,、])"     # 第一，
)
# A line opening with one of these starts a new item, never continues the last line.
_LINE_OPENER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、是.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十]+[，,、])")
# A line that is only a page number or page counter: -4-, — 4 —, 4, 第 4 页 共 9 页, 4 / 9.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*)?(?:\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*[/／]\s*\d{1,3})\s*(?:[-－—–]\s*)?$")
_LAYOUT_GAP = re.compile(r"\S(?: {3,}|\t)\S")  # table columns in layout text
_TRIM = " \t\r\n\u3000\x0b\x0c"
_LEAD = _TRIM + "：:，,、。；;"
_SOFT_SPLIT = "，,、"
WRAP_MIN_CHARS = 20  # a shorter line without closing punctuation is a heading or a cell
WRAP_WIDTH_RATIO = 0.7  # a wrapped line is about as wide as the typical long line of its region
MAX_SKIPPED_LINES = 40  # blank or furniture lines looked past at a line break (a page break has a few)
PARAGRAPH_INDENT = 2  # fewest columns past the left margin that can mark a paragraph's first line
HEADER_MIN_CJK = 6  # a running header is a title-like line, not a short table label
_CJK = re.compile(r"[\u4e00-\u9fff]")
DEFAULT_PARAGRAPH_INDENT = 3  # used when a region shows no paragraph start to learn from
_INDENT_WIDTH = {" ": 1, "\u3000": 2, "\t": 4}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _line_bounds(text: str, pos: int, end: int) -> tuple[int, int]:
    """The line that starts at ``pos`` (``pos`` just after a newline)."""
    stop = text.find("\n", pos, end)
    return pos, end if stop < 0 else stop


@dataclass(frozen=True)
class Layout:
    """What wrap decisions in one stretch of text need to know about its lines."""

    width: float = 0.0  # typical printed width of a long prose line
    margin: int = 0  # smallest indent of a prose line (the left margin)
    paragraph: int = DEFAULT_PARAGRAPH_INDENT  # a line indented this far opens a paragraph
    furniture: frozenset[str] = frozenset()  # running headers repeated after page breaks


def running_headers(text: str) -> frozenset[str]:
    """Lines repeated in ``text`` that look like a page header: no sentence end, no columns.

    A running header (the report title atop every page) sits between the two halves of a
    sentence broken by the page; it must not end the clause. pdftotext puts a form feed
    before it, our PDF reader does not, so repetition is the evidence.
    """
    counts: dict[str, int] = {}
    for line in text.replace("\f", "\n").split("\n"):
        line = line.strip(_TRIM)
        if (len(_CJK.findall(line)) >= HEADER_MIN_CJK and line[-1] not in _SENTENCE_END
                and not _LAYOUT_GAP.search(line)):
            counts[line] = counts.get(line, 0) + 1
    return frozenset(line for line, n in counts.items() if n > 1)


def _skippable(line: str, layout: Layout | None = None) -> bool:
    stripped = line.strip(_TRIM)
    return (not stripped or bool(_PAGE_NUMBER.match(line))
            or (layout is not None and stripped in layout.furniture))


def _next_content_line(text: str, pos: int, end: int, layout: Layout | None = None) -> str:
    """The next line that is neither blank nor page furniture (PDF page breaks); "" past
    ``MAX_SKIPPED_LINES`` of them (a page break has a few; thousands are junk, and scanning them
    from every line break is quadratic)."""
    for _ in range(MAX_SKIPPED_LINES):
        if pos >= end:
            break
        s, e = _line_bounds(text, pos, end)
        line = text[s:e]
        if not _skippable(line, layout):
            return line
        pos = e + 1
    return ""


def _last_content_line(text: str, newline: int, layout: Layout | None = None) -> str:
    """The line ending at ``newline``, or the last one before it that is not blank/furniture
    (looking back over at most ``MAX_SKIPPED_LINES``)."""
    stop = newline
    for _ in range(MAX_SKIPPED_LINES):
        if stop < 0:
            break
        begin = text.rfind("\n", 0, stop) + 1
        line = text[begin:stop]
        if not _skippable(line, layout):
            return line
        stop = begin - 1
    return ""


def indent(line: str) -> int:
    """Leading whitespace in printed columns (an ideographic space is two)."""
    cols = 0
    for ch in line:
        if ch not in _INDENT_WIDTH:
            break
        cols += _INDENT_WIDTH[ch]
    return cols


def visual_width(line: str) -> float:
    """Printed width in CJK characters: ASCII digits, letters and spaces count half."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.5 for ch in line.strip(_TRIM))


def _prose_lines(text: str, start: int, end: int) -> list[str]:
    return [line.rstrip("\r") for line in text[start:end].replace("\f", "\n").split("\n")
            if line.strip() and not _LAYOUT_GAP.search(line.strip(_TRIM)) and not _PAGE_NUMBER.match(line)]


def prose_width(text: str, start: int, end: int) -> float:
    """Median printed width of the long prose lines (not table rows) of ``text[start:end]``."""
    widths = sorted(w for w in (visual_width(line) for line in _prose_lines(text, start, end))
                    if w >= WRAP_MIN_CHARS)
    return widths[len(widths) // 2] if widths else 0.0


def paragraph_indent(lines: list[str], margin: int) -> int:
    """Indent from which a line opens a paragraph, learnt from lines after a sentence end.

    pymupdf and pdftotext indent a paragraph's first line by 3-5 columns; a wrapped line
    can start with the blanks padding a number (…823\n  件。), so the threshold sits one
    column below the typical paragraph indent, never below ``PARAGRAPH_INDENT``.
    """
    starts = sorted(indent(after) for before, after in zip(lines, lines[1:])
                    if before.strip(_TRIM)[-1:] in _SENTENCE_END and indent(after) > margin)
    if not starts:
        return margin + DEFAULT_PARAGRAPH_INDENT
    return max(margin + PARAGRAPH_INDENT, starts[len(starts) // 2] - 1)


def layout_of(text: str, start: int, end: int, furniture: frozenset[str] | None = None) -> Layout:
    """Typical line width, left margin and paragraph indent of ``text[start:end]``.

    ``furniture`` is :func:`running_headers` of the whole text (computed here when None).
    """
    lines = _prose_lines(text, start, end)
    margin = min((indent(ln) for ln in lines), default=0)
    return Layout(prose_width(text, start, end), margin, paragraph_indent(lines, margin),
                  running_headers(text) if furniture is None else furniture)


def is_wrapped(text: str, newline: int, end: int, width: float | Layout = 0.0) -> bool:
    """True when the line break at ``newline`` only wraps a paragraph (PDF layout).

    ``width`` (the region's typical long-line width, or its whole :class:`Layout`) keeps
    short title lines from joining; a next line indented like a paragraph's first line
    opens a paragraph.
    """
    layout = width if isinstance(width, Layout) else Layout(width=width)
    line = _last_content_line(text, newline, layout).strip(_TRIM)
    if (visual_width(line) < max(WRAP_MIN_CHARS, WRAP_WIDTH_RATIO * layout.width)
            or line[-1] in _SENTENCE_END or _LAYOUT_GAP.search(line)):
        return False
    if line[-1] in "）)" and _LINE_OPENER.match(line):
        return False  # a table label such as （二）部分公开（区分处理的，…）
    following = _next_content_line(text, newline + 1, end, layout)
    if not following.strip() or _LINE_OPENER.match(following) or _LAYOUT_GAP.search(following.strip()):
        return False
    return indent(following) < layout.paragraph


def sentence_spans(text: str, start: int = 0, end: int | None = None, join_wrapped: bool = True,
                   furniture: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Sentences; a line break ends one unless it only wraps a paragraph (``join_wrapped``)."""
    end = len(text) if end is None else end
    spans, begin = [], start
    layout = layout_of(text, start, end, furniture) if join_wrapped else Layout()
    for i in range(start, end):
        ch = text[i]
        if ch == "\n" and join_wrapped and is_wrapped(text, i, end, layout):
            continue
        if ch in _SENTENCE_END or ch == "\n":
            # keep a closing quote/bracket right after the terminator with the sentence
            stop = i + 1
            while stop < end and text[stop] in "”’」』)）" and ch != "\n":
                stop += 1
            spans.append(_trim(text, begin, stop if ch != "\n" else i))
            begin = stop if ch != "\n" else i + 1
    spans.append(_trim(text, begin, end))
    return [(s, e) for s, e in spans if e > s]


def enumeration_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one sentence at enumeration markers that follow other text."""
    cuts = [start]
    for match in _ENUM.finditer(text, start, end):
        if match.start() > cuts[-1] and text[cuts[-1]:match.start()].strip(_TRIM + "：:，,"):
            cuts.append(match.start())
    cuts.append(end)
    return [s for s in (_trim(text, a, b) for a, b in zip(cuts, cuts[1:])) if s[1] > s[0]]


def split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut a clause longer than ``max_chars`` at its last ，/、 before the limit."""
    out = []
    while end - start > max_chars:
        window = text[start + 1:start + max_chars]
        cut = max(window.rfind(ch) for ch in _SOFT_SPLIT)
        if cut < 0:
            space = window.rfind(" ")
            cut = space if space > 0 else len(window) - 1
        stop = start + 1 + cut + 1
        out.append(_trim(text, start, stop))
        start = _trim(text, stop, end)[0]
    out.append(_trim(text, start, end))
    return [s for s in out if s[1] > s[0]]


def split_clauses(text: str, start: int = 0, end: int | None = None,
                  min_chars: int = 2, max_chars: int | None = None,
                  join_wrapped: bool = True, furniture: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Clause offsets in ``text[start:end]``, in order, whitespace trimmed.

    ``max_chars`` (optional) cuts longer clauses at a comma; ``join_wrapped=False``
    makes every line break a clause end; ``furniture`` (running headers of the whole
    text) saves recomputing them for every region of one document.
    """
    out = []
    for s, e in sentence_spans(text, start, end, join_wrapped, furniture):
        for cs, ce in enumeration_spans(text, s, e):
            pieces = split_long(text, cs, ce, max_chars) if max_chars else [(cs, ce)]
            for ps, pe in pieces:
                while ps < pe and text[ps] in _LEAD:
                    ps += 1
                if _PAGE_NUMBER.match(text[ps:pe]):
                    continue
                if pe - ps >= min_chars and text[ps:pe].strip(_TRIM + _SENTENCE_END + "，,、：:"):
                    out.append((ps, pe))
    return out

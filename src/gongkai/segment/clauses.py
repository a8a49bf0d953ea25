"""Clause boundaries inside a stretch of prose (offsets only).

A clause is a sentence (ending in 。！？；) or one item of an enumeration inside a
sentence: 一是…二是…, 1.…2.…, （一）…（二）…, 第一…第二…. A line break ends a clause
unless the line is a wrapped line of a paragraph (PDF text: a long line with no
closing punctuation, followed by a line that does not open a new item).
"""

from __future__ import annotations

import re

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
_PAGE_NUMBER = re.compile(r"^\s*[-－—]?\s*\d{1,3}\s*[-－—]?\s*$")
_LAYOUT_GAP = re.compile(r"\S(?: {3,}|\t)\S")  # table columns in layout text
_TRIM = " \t\r\n\u3000\x0b\x0c"
_LEAD = _TRIM + "：:，,、。；;"
_SOFT_SPLIT = "，,、"
WRAP_MIN_CHARS = 20  # a shorter line without closing punctuation is a heading or a cell
WRAP_WIDTH_RATIO = 0.7  # a wrapped line is about as wide as the typical long line of its region


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


def _next_content_line(text: str, pos: int, end: int) -> str:
    """The next line that is neither blank nor a page number (PDF page breaks)."""
    while pos < end:
        s, e = _line_bounds(text, pos, end)
        line = text[s:e]
        if not _skippable(line):
            return line
        pos = e + 1
    return ""


def _skippable(line: str) -> bool:
    return not line.strip() or bool(_PAGE_NUMBER.match(line))


def _last_content_line(text: str, newline: int) -> str:
    """The line ending at ``newline``, or the last one before it that is not blank/page number."""
    stop = newline
    while stop >= 0:
        begin = text.rfind("\n", 0, stop) + 1
        line = text[begin:stop]
        if not _skippable(line):
            return line
        stop = begin - 1
    return ""


def visual_width(line: str) -> float:
    """Printed width in CJK characters: ASCII digits, letters and spaces count half."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.5 for ch in line.strip(_TRIM))


def prose_width(text: str, start: int, end: int) -> float:
    """Median printed width of the long prose lines (not table rows) of ``text[start:end]``."""
    widths = sorted(w for w in (visual_width(line) for line in text[start:end].split("\n")
                                if not _LAYOUT_GAP.search(line.strip(_TRIM)))
                    if w >= WRAP_MIN_CHARS)
    return widths[len(widths) // 2] if widths else 0.0


def is_wrapped(text: str, newline: int, end: int, width: float = 0.0) -> bool:
    """True when the line break at ``newline`` only wraps a paragraph (PDF layout).

    ``width`` (the region's typical long-line width) keeps short title lines from joining.
    """
    line = _last_content_line(text, newline).strip(_TRIM)
    if visual_width(line) < max(WRAP_MIN_CHARS, WRAP_WIDTH_RATIO * width) or line[-1] in _SENTENCE_END + "：:）)”" or _LAYOUT_GAP.search(line):
        return False
    following = _next_content_line(text, newline + 1, end)
    if not following.strip() or _LINE_OPENER.match(following) or _LAYOUT_GAP.search(following.strip()):
        return False
    return True


def sentence_spans(text: str, start: int = 0, end: int | None = None,
                   join_wrapped: bool = True) -> list[tuple[int, int]]:
    """Sentences; a line break ends one unless it only wraps a paragraph (``join_wrapped``)."""
    end = len(text) if end is None else end
    spans, begin = [], start
    width = prose_width(text, start, end) if join_wrapped else 0
    for i in range(start, end):
        ch = text[i]
        if ch == "\n" and join_wrapped and is_wrapped(text, i, end, width):
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
                  join_wrapped: bool = True) -> list[tuple[int, int]]:
    """Clause offsets in ``text[start:end]``, in order, whitespace trimmed.

    ``max_chars`` (optional) cuts longer clauses at a comma; ``join_wrapped=False``
    makes every line break a clause end (table regions).
    """
    out = []
    for s, e in sentence_spans(text, start, end, join_wrapped):
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

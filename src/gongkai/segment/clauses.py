"""Clause boundaries inside a stretch of prose (offsets only).

A clause is a sentence (ending in 。！？；) or one item of an enumeration inside a
sentence: 一是…二是…, 1.…2.…, （一）…（二）…, 第一…第二….
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
_TRIM = " \t\r\n\u3000"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences and lines: a line break always ends a clause (headings, list lines)."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for i in range(start, end):
        ch = text[i]
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


def split_clauses(text: str, start: int = 0, end: int | None = None,
                  min_chars: int = 2) -> list[tuple[int, int]]:
    """Clause offsets in ``text[start:end]``, in order, whitespace trimmed."""
    out = []
    for s, e in sentence_spans(text, start, end):
        for cs, ce in enumeration_spans(text, s, e):
            if ce - cs >= min_chars and text[cs:ce].strip(_TRIM + _SENTENCE_END + "，,、：:"):
                out.append((cs, ce))
    return out

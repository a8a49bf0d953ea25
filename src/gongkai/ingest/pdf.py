"""Text PDFs: lines rebuilt from word boxes, columns kept apart by spaces.

Like ``pdftotext -layout``: words sharing a row are placed left to right with
space runs proportional to their gaps, so the tables stage can split columns.
Words whose boxes overlap vertically by ``row_overlap`` share a row, so a
number centred beside a two-line label lands on the label's row; within such a
row, words stacked in one column are read top to bottom as one cell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from statistics import median

import pymupdf

from ..errors import Code, GongkaiError
from .normalize import join_lines, normalize
from .resources import IngestData, load

log = logging.getLogger(__name__)
OCR_NOT_TRIED = "OCR was not tried"


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int = 0
    line: int = 0
    number: int = 0
    after_gap: bool = False  # split from the previous word by position, not by a space

    @property
    def height(self) -> float:
        return max(0.1, self.y1 - self.y0)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def group_rows(words: list[Word], min_overlap: float) -> list[list[Word]]:
    """Words in bands of vertically overlapping boxes, top to bottom."""
    rows: list[list[Word]] = []
    top = bottom = first_height = 0.0
    for word in sorted(words, key=lambda w: (w.y0, w.x0)):
        if rows:
            line_height = min(word.height, first_height)
            if _overlap(word.y0, word.y1, top, bottom) >= min_overlap * line_height:
                rows[-1].append(word)
                bottom = max(bottom, word.y1)
                continue
        rows.append([word])
        top, bottom, first_height = word.y0, word.y1, word.height
    return rows


def _sub_lines(row: list[Word]) -> list[list[Word]]:
    """Visual lines inside one band (a wrapped cell label gives two)."""
    lines: list[list[Word]] = []
    for word in sorted(row, key=lambda w: (w.y0 + w.y1) / 2):
        center = (word.y0 + word.y1) / 2
        if lines and abs(center - (lines[-1][0].y0 + lines[-1][0].y1) / 2) < 0.5 * word.height:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _segments(line: list[Word], unit: float, gap_spaces: float) -> list[list[Word]]:
    """Runs of words on one visual line with no column gap between them."""
    segments: list[list[Word]] = []
    for word in sorted(line, key=lambda w: w.x0):
        if segments and not word.after_gap and word.x0 - segments[-1][-1].x1 <= gap_spaces * unit:
            segments[-1].append(word)
        else:
            segments.append([word])
    return segments


def _stacks(row: list[Word], unit: float, gap_spaces: float) -> list[list[Word]]:
    """Columns of a band: line segments whose x ranges overlap form one (wrapped) cell."""
    segments = [seg for line in _sub_lines(row) for seg in _segments(line, unit, gap_spaces)]
    stacks: list[list[Word]] = []
    right = -1e9
    for seg in sorted(segments, key=lambda s: s[0].x0):
        if stacks and seg[0].x0 < right - 0.5:
            stacks[-1].extend(seg)
            right = max(right, seg[-1].x1)
        else:
            stacks.append(list(seg))
            right = seg[-1].x1
    return stacks


def _separator(previous: Word, word: Word, unit: float, gap_spaces: float, space: float | None = None) -> str:
    """Spaces between two words of a row.

    Words of one PDF text line keep the single space the PDF had; words placed
    apart (another text object, or a gap inside a line) are table columns and
    get two or more spaces, one per ``space`` of gap (default ``unit``), so the
    tables stage can split on runs of spaces.
    """
    gap = word.x0 - previous.x1
    if gap > gap_spaces * unit:
        return " " * max(2, round(gap / (space or unit)))
    same_line = (previous.block, previous.line) == (word.block, word.line)
    if same_line and not word.after_gap:
        return " " if word.number == previous.number + 1 or gap > 0.3 * unit else ""
    return "  " if gap > 0.3 * unit or word.after_gap else " "


def _join_words(words: list[Word], unit: float) -> str:
    """One visual line of a cell: single spaces only, columns are not split here."""
    out = ""
    previous = None
    for word in sorted(words, key=lambda w: w.x0):
        if previous is not None and _separator(previous, word, unit, 1e9):
            out += " "
        out += word.text
        previous = word
    return out


def _stack_text(stack: list[Word], unit: float) -> str:
    return join_lines([_join_words(line, unit) for line in _sub_lines(stack)])


def layout_row(row: list[Word], unit: float, left: float, gap_spaces: float, space: float | None = None) -> str:
    """One band as a line: pieces at their x positions, wide gaps as 2+ spaces (one per ``space``)."""
    space = space or unit
    multi = len(_sub_lines(row)) > 1
    if multi:  # each stack is a cell: set apart like separate text objects
        pieces = [(Word(min(w.x0 for w in s), 0, max(w.x1 for w in s), 0, "", -1, i, 0, True),
                   _stack_text(s, unit)) for i, s in enumerate(_stacks(row, unit, gap_spaces))]
    else:
        pieces = [(w, w.text) for w in sorted(row, key=lambda w: w.x0)]
    out = " " * max(0, round((pieces[0][0].x0 - left) / space))
    previous = None
    for box, text in pieces:
        if previous is not None:
            out += _separator(previous, box, unit, gap_spaces, space)
        out += text
        previous = box
    return out


_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP


def page_words(page: pymupdf.Page, split_gap: float) -> list[Word]:
    """Words from character boxes: split at spaces and at gaps wider than ``split_gap`` x font size.

    MuPDF's own words run two table cells together when the gap between them is
    narrower than it expects for a space, so words are rebuilt from characters.
    """
    words: list[Word] = []
    for b, block in enumerate(page.get_text("rawdict", flags=_FLAGS)["blocks"]):
        for ln, line in enumerate(block.get("lines", ())):
            number, text, after_gap, box = 0, [], False, None
            last_x1 = None
            for span in line["spans"]:
                limit = split_gap * span["size"]
                for char in span["chars"]:
                    c = char["c"]
                    x0, y0, x1, y1 = char["bbox"]
                    space = c.isspace()
                    wide = last_x1 is not None and x0 - last_x1 > limit
                    if (space or wide) and text:
                        words.append(Word(*box, "".join(text), b, ln, number, after_gap))
                        number, text, after_gap = number + 1, [], False
                    last_x1 = x1
                    if space:
                        continue
                    after_gap = after_gap or wide
                    if text:
                        box = (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))
                    else:
                        box = (x0, y0, x1, y1)
                    text.append(c)
            if text:
                words.append(Word(*box, "".join(text), b, ln, number, after_gap))
    return words


def page_lines(page: pymupdf.Page, data: IngestData) -> list[str]:
    """Layout lines of one page's text layer, page-number lines dropped."""
    return layout_lines(page_words(page, data.pdf_split_gap), data)


def layout_lines(words: list[Word], data: IngestData, line_box: float = 1.0) -> list[str]:
    """Layout lines of one page's words (from a text layer or OCR), page-number lines dropped.

    Columns are told apart in units of half a word height. A written space is half a line box:
    ``line_box`` is how much taller a text layer's line box is than these words' boxes (OCR boxes
    hug the glyphs), so a gap is written with as many spaces as a text layer would give it.
    """
    if not words:
        return []
    unit = max(1.0, median(w.height for w in words) / 2)
    left = min(w.x0 for w in words)
    lines = [layout_row(row, unit, left, data.pdf_gap_spaces, line_box * unit)
             for row in group_rows(words, data.pdf_row_overlap)]
    return [line for line in lines if not data.pdf_page_number.match(line)]


def open_pdf(data: bytes, path: str) -> pymupdf.Document:
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as err:  # pymupdf raises its own and RuntimeError types
        raise GongkaiError(Code.UNREADABLE, path=path, format="pdf", reason=f"{type(err).__name__}: {err}") from err
    if document.needs_pass:
        raise GongkaiError(Code.ENCRYPTED, path=path)
    if document.page_count == 0:
        raise GongkaiError(Code.EMPTY_DOCUMENT, path=path)
    return document


def read_pdf(data: bytes, path: str, min_chars_per_page: int) -> str:
    """Layout text of every page joined with newlines; scanned PDFs are refused."""
    ingest = load()
    document = open_pdf(data, path)
    try:
        pages = [page_lines(page, ingest) for page in document]
    except Exception as err:
        raise GongkaiError(Code.UNREADABLE, path=path, format="pdf", reason=f"{type(err).__name__}: {err}") from err
    finally:
        document.close()
    if too_little_text(pages, min_chars_per_page):
        raise GongkaiError(Code.NO_TEXT_LAYER, path=path, pages=len(pages), remedy=OCR_NOT_TRIED)
    log.debug("%s: %d pages, %d chars", path, len(pages), sum(map(page_chars, pages)))
    return join_pages(pages)


def page_chars(lines: list[str]) -> int:
    """Characters on a page's layout lines, spaces not counted."""
    return sum(len(line.replace(" ", "")) for line in lines)


def too_little_text(pages: list[list[str]], min_chars_per_page: int) -> bool:
    """Fewer characters than ``min_chars_per_page`` per page on average: no usable text layer."""
    return sum(map(page_chars, pages)) < min_chars_per_page * len(pages)


def join_pages(pages: list[list[str]]) -> str:
    return normalize("\n".join(line for lines in pages for line in lines))

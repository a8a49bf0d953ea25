"""Word .docx: body paragraphs and tables in document order, list numbers included.

python-docx opens and validates the package; the body is then walked as XML
because its ``Table.rows[i].cells`` repeats merged cells, while we need each
merged cell once with its rowspan (w:vMerge) and colspan (w:gridSpan).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterator

import docx
from docx.oxml.ns import qn
from lxml import etree

from ..errors import Code, GongkaiError
from .builder import RawCell, TextBuilder
from .normalize import join_lines, normalize, normalize_inline
from .numbering import Numbering
from .resources import load

log = logging.getLogger(__name__)

_P, _TBL, _SDT, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_VAL = qn("w:val")
_TCPR, _GRID_SPAN, _VMERGE, _TRPR, _GRID_BEFORE, _R = (qn(t) for t in (
    "w:tcPr", "w:gridSpan", "w:vMerge", "w:trPr", "w:gridBefore", "w:r"))
_SKIP = {qn("w:delText"), qn("w:instrText"), qn("w:del"), qn("w:moveFrom")}
# A picture is a DrawingML blip (r:embed) or, in files from older Word, a VML imagedata (r:id).
_BLIP, _EMBED, _RID = qn("a:blip"), qn("r:embed"), qn("r:id")
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"


def check_zip(data: bytes, path: str, max_bytes: int) -> None:
    """Refuse zip bombs: the declared uncompressed size must fit the byte limit."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as err:  # NIE: zip version
        raise GongkaiError(Code.UNREADABLE, path=path, format="docx", reason=f"bad zip: {err}") from err
    total = sum(m.file_size for m in members)
    if total > max_bytes:
        raise GongkaiError(Code.TOO_LARGE, path=path, size=total, limit=max_bytes)


def _children(parent: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Children with one of ``tags`` in order, looking through content controls (w:sdt)."""
    stack = list(reversed(parent))
    while stack:
        child = stack.pop()
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                stack.extend(reversed(content))


def _block_items(body: etree._Element) -> Iterator[etree._Element]:
    return _children(body, (_P, _TBL))


def paragraph_text(p: etree._Element) -> str:
    """Visible text of a w:p: runs, tabs and breaks; deleted text and field codes left out."""
    parts: list[str] = []
    stack = [p]
    while stack:
        el = stack.pop()
        if el.tag in _SKIP:
            continue
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB and el.getparent() is not None and el.getparent().tag == _R:
            parts.append("\t")
        elif el.tag in (_BR, _CR):
            parts.append("\n")
        elif el.tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        stack.extend(reversed(el))
    return "".join(parts)


def _span(tc: etree._Element) -> tuple[int, str | None]:
    """(gridSpan, vMerge) of a w:tc; vMerge is 'restart', 'continue' or None."""
    pr = tc.find(_TCPR)
    if pr is None:
        return 1, None
    span_el = pr.find(_GRID_SPAN)
    span = int(span_el.get(_VAL, "1")) if span_el is not None and span_el.get(_VAL, "1").isdigit() else 1
    merge_el = pr.find(_VMERGE)
    merge = None if merge_el is None else (merge_el.get(_VAL) or "continue")
    return max(1, span), merge


def _cell_text(tc: etree._Element, numbering: Numbering) -> str:
    return join_lines([normalize_inline(numbering.label(p) + paragraph_text(p)) for p in tc.iter(_P)])


def table_cells(tbl: etree._Element, numbering: Numbering | None = None) -> list[RawCell]:
    """Cells of a w:tbl, each merged cell once, with its grid row/col and spans."""
    numbering = numbering or Numbering()
    cells: list[RawCell] = []
    open_merges: dict[int, int] = {}  # column -> index in cells of the cell a vMerge continues
    for row, tr in enumerate(_children(tbl, (_TR,))):
        col = 0
        pr = tr.find(_TRPR)
        before = pr.find(_GRID_BEFORE) if pr is not None else None
        if before is not None and before.get(_VAL, "0").isdigit():
            col = int(before.get(_VAL, "0"))
        for tc in _children(tr, (_TC,)):
            span, merge = _span(tc)
            if merge == "continue" and col in open_merges:
                index = open_merges[col]
                above = cells[index]
                cells[index] = RawCell(above.text, above.row, above.col, row - above.row + 1, above.colspan)
            else:
                cells.append(RawCell(_cell_text(tc, numbering), row, col, 1, span))
                if merge == "restart":
                    open_merges[col] = len(cells) - 1
                else:
                    open_merges.pop(col, None)
            col += span
    return cells


def picture_ids(p: etree._Element) -> list[str]:
    """Relationship ids of the pictures a paragraph shows, in order (deleted runs left out)."""
    ids: list[str] = []
    for el in p.iter(_BLIP, _VML_IMAGE):
        if any(a.tag in _SKIP for a in el.iterancestors()):
            continue
        rid = el.get(_EMBED) if el.tag == _BLIP else el.get(_RID)
        if rid:
            ids.append(rid)
    return ids


def _picture_bytes(document: docx.document.Document, rid: str) -> bytes | None:
    part = document.part.related_parts.get(rid)
    return getattr(part, "blob", None)


def is_layout_table(tbl: etree._Element, max_cell_chars: int) -> bool:
    """One cell, or a cell holding a page of prose: the table frames the report, it is not data."""
    cells = [tc for tr in _children(tbl, (_TR,)) for tc in _children(tr, (_TC,))]
    return len(cells) <= 1 or any(sum(len(t.text or "") for t in tc.iter(_T)) > max_cell_chars for tc in cells)


def read_docx(data: bytes, path: str, max_bytes: int,
              pictures: Callable[[bytes], list[str]] | None = None) -> tuple[str, list, list[tuple[int, int]]]:
    """Text (paragraph lines, tables as tab rows), one Grid per table and the lines read by OCR.

    ``pictures`` reads a picture's bytes into lines (OCR), written after its paragraph's text.
    """
    check_zip(data, path, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many types for a broken package
        raise GongkaiError(Code.UNREADABLE, path=path, format="docx",
                           reason=f"{type(err).__name__}: {err}") from err
    builder = TextBuilder()
    numbering = Numbering.from_document(document)
    max_cell = load().docx_max_table_cell_chars
    stack = list(reversed(list(_block_items(document.element.body))))
    while stack:
        item = stack.pop()
        if item.tag == _P:
            for line in normalize(numbering.label(item) + paragraph_text(item)).split("\n"):
                builder.add_line(line.strip())
            for rid in picture_ids(item) if pictures else ():
                blob = _picture_bytes(document, rid)
                builder.add_ocr_lines([normalize(line) for line in pictures(blob)] if blob else [])
        elif is_layout_table(item, max_cell):
            # a table used to lay out the page: read what its cells hold, in order
            contents = [block for tr in _children(item, (_TR,)) for tc in _children(tr, (_TC,))
                        for block in _children(tc, (_P, _TBL))]
            stack.extend(reversed(contents))
        else:
            builder.add_table(table_cells(item, numbering), origin="docx")
    log.debug("%s: %d lines, %d tables", path, len(builder.lines), len(builder.grids))
    return builder.text(), builder.grids, builder.ocr_lines

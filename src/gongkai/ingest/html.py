"""HTML pages: the article body only, tables expanded into Grids.

Government portal pages carry long navigation; the article container is found
by known ids/classes (TRS_Editor, zoom, …) or else by where the non-link text
is. The tree is walked with explicit stacks: pages nested thousands deep must
not hit Python's recursion limit.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from ..errors import Code, GongkaiError
from .builder import RawCell, TextBuilder
from .encoding import Decoded, declared_charset, decode
from .mht import file_name
from .normalize import join_lines, normalize, normalize_inline
from .resources import IngestData, load
from .title import find_title

log = logging.getLogger(__name__)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_MAX_SPAN = 1000
_BREAK = "\u2028"  # a <br> in the inline flow (LINE SEPARATOR never survives normalize_inline)
_SITE_SUFFIX = re.compile(r"_| - | -- |\||——")  # "<title>_<column>_<site name>"
_CODE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|&#?\w+;", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_COUNTED = re.compile(r"[\u4e00-\u9fff0-9]")
_NESTING = re.compile(r"</?(div|span|font|section|article|center|b|i|u|strong|em|a|blockquote)\b[^>]*>",
                      re.IGNORECASE)


def _counted(text: str) -> int:
    return len(_COUNTED.findall(text))


def _flatten(source: str) -> str:
    """Drop nesting containers, keeping a line break for each: libxml2 drops content nested too deep."""
    return _NESTING.sub(lambda m: "<br>" if m.group(1).lower() in ("div", "section", "article", "center",
                                                                      "blockquote") else "", source)


def _parse(source: str, path: str) -> etree._Element:
    try:
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
        return lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise GongkaiError(Code.UNREADABLE, path=path, format="html", reason=str(err)) from err


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse(data: bytes, path: str, charset: str | None = None) -> tuple[etree._Element, Decoded]:
    """The element tree; re-parsed flattened when the parser lost text (pages nested thousands deep)."""
    decoded = decode(data, declared=charset or declared_charset(data))
    # lxml refuses control characters in text nodes (ValueError); they carry nothing in a report
    source = _CONTROL.sub("", _XML_DECL.sub("", decoded.text))
    if not source.strip():
        raise GongkaiError(Code.EMPTY_DOCUMENT, path=path)
    root = _parse(source, path)
    in_source = _counted(_TAG.sub("", _CODE.sub("", source)))
    if _counted(root.text_content()) < 0.9 * in_source:
        log.warning("%s: HTML parser lost text (nesting too deep?); reading it flattened", path)
        root = _parse(_flatten(source), path)
    return root, decoded


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _drop(root: etree._Element, data: IngestData) -> None:
    for el in [e for e in root.iter() if _tag(e) in data.html_drop_tags or not isinstance(e.tag, str)]:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


def text_lengths(root: etree._Element, extra: Mapping[etree._Element, int] | None = None
                 ) -> tuple[dict[etree._Element, int], dict[etree._Element, int]]:
    """Non-link and link text length under every element, computed bottom-up without recursion;
    ``extra`` counts as an element's own text (a picture that holds text)."""
    plain: dict[etree._Element, int] = {}
    link: dict[etree._Element, int] = {}
    extra = extra or {}
    for el in reversed(list(root.iter())):
        own = len((el.text or "").strip()) + extra.get(el, 0)
        kids = list(el)
        sub_plain = sum(plain.get(k, 0) + len((k.tail or "").strip()) for k in kids)
        sub_link = sum(link.get(k, 0) for k in kids)
        if _tag(el) == "a":
            plain[el], link[el] = 0, own + sub_plain + sub_link
        else:
            plain[el], link[el] = own + sub_plain, sub_link
    return plain, link


def find_content(root: etree._Element, data: IngestData | None = None,
                 extra: Mapping[etree._Element, int] | None = None) -> etree._Element:
    """The article container: a known id/class holding enough of the page's text, else the text-dense branch.

    ``extra`` weighs elements that hold text as pictures (see :func:`picture_weights`).
    """
    data = data or load()
    plain, _ = text_lengths(root, extra)
    names = set(data.html_content_names)
    found: dict[str, list[etree._Element]] = {}
    enough = max(data.html_min_content_chars, data.html_named_min_share * plain.get(root, 0))
    for el in root.iter():
        if isinstance(el.tag, str) and plain.get(el, 0) >= enough:
            for name in names.intersection([el.get("id") or "", *(el.get("class") or "").split()]):
                found.setdefault(name, []).append(el)
    for name in data.html_content_names:  # most specific name first
        if name in found:
            return max(found[name], key=lambda el: plain.get(el, 0))
    node = root.find("body") if root.find("body") is not None else root
    while True:
        kids = [k for k in node if isinstance(k.tag, str)]
        best = max(kids, key=lambda k: plain.get(k, 0), default=None)
        if best is None or plain.get(best, 0) < data.html_descend_share * plain.get(node, 0):
            return node
        node = best


def _raw_lines(node: etree._Element, block_tags: frozenset[str]) -> list[str]:
    """Text of ``node`` split at block boundaries and <br> (explicit stack, no recursion)."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(node, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        if closing:
            parts.append("\n" if tag in block_tags or tag == "br" else "")
            if el is not node:
                parts.append(el.tail or "")
            continue
        if tag in block_tags:
            parts.append("\n")
        parts.append(el.text or "")
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el) if isinstance(child.tag, str))
    return "".join(parts).split("\n")


def _cell_text(el: etree._Element) -> str:
    """A cell's paragraphs joined into one line (no space between CJK characters)."""
    lines = _raw_lines(el, load().html_block_tags)
    return join_lines([normalize_inline(line, collapse=True) for line in lines])


def _rows(table: etree._Element) -> list[etree._Element]:
    """Rows of this table only (not of tables nested in its cells)."""
    rows: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _span(el: etree._Element, name: str) -> int:
    value = (el.get(name) or "1").strip()
    return min(_MAX_SPAN, int(value)) if value.isdigit() and int(value) > 0 else 1


def table_cells(table: etree._Element) -> list[RawCell]:
    """Cells of an HTML table placed on a grid, rowspan/colspan honoured."""
    cells: list[RawCell] = []
    taken: set[tuple[int, int]] = set()
    for row, tr in enumerate(_rows(table)):
        col = 0
        for td in (c for c in tr if _tag(c) in ("td", "th")):
            while (row, col) in taken:
                col += 1
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            cells.append(RawCell(_cell_text(td), row, col, rowspan, colspan))
            taken.update((r, c) for r in range(row, row + rowspan) for c in range(col, col + colspan))
            col += colspan
    return cells


def _is_data_table(table: etree._Element, cells: list[RawCell], data: IngestData) -> bool:
    """Layout tables (one cell, long prose cells, nested tables) are read as paragraphs."""
    if len(cells) < 2 or any(len(c.text) > data.html_max_table_cell_chars for c in cells):
        return False
    return not any(_tag(el) == "table" for el in table.iterdescendants())


class Pictures(Protocol):
    """Reads a picture's bytes into lines (OCR); told of pictures that are not at hand."""

    def __call__(self, data: bytes) -> list[str]: ...

    def missing(self, width: str | None, height: str | None) -> None: ...

    def may_hold_text(self, data: bytes) -> bool: ...


# A picture at hand that may hold text (a table, a page of the report) weighs like this many
# characters when the article container is chosen: a report published as pictures with a line of
# text would otherwise lose its container to a text-dense footer.
PICTURE_CHARS = 300


def picture_weights(root: etree._Element, pictures: Pictures | None,
                    picture_bytes: Callable[[str], bytes | None] | None) -> dict[etree._Element, int]:
    """<img> elements whose picture is at hand and may hold text, with their weight in characters."""
    if pictures is None or picture_bytes is None:
        return {}
    weights: dict[etree._Element, int] = {}
    for el in root.iter("img"):
        src = el.get("src") or el.get("data-src") or ""
        data = picture_bytes(src) if src else None
        if data and pictures.may_hold_text(data):
            weights[el] = PICTURE_CHARS
    return weights


_DATA_URI = re.compile(r"data:image/[\w.+-]+;base64,(.*)", re.IGNORECASE | re.DOTALL)


def local_picture(src: str, base: Path | None, parts: Mapping[str, bytes], max_bytes: int) -> bytes | None:
    """The bytes an <img src> names when they are at hand: a data: URI, a part of a web archive, or a
    file beside the page (a page saved with its pictures). Remote pictures are never fetched, and a
    file outside the page's folder is never read."""
    src = src.strip()
    found = _DATA_URI.match(src)
    if found:
        try:
            data = base64.b64decode(found.group(1), validate=False)
        except (binascii.Error, ValueError):
            return None
        return data if len(data) <= max_bytes else None
    if src in parts:
        return parts[src]
    if parts and file_name(src) in parts:
        return parts[file_name(src)]
    url = urlsplit(src)
    if base is None or not src or url.scheme or url.netloc or src.startswith(("/", "\\")):
        return None
    try:
        folder = base.resolve()
        file = (folder / unquote(url.path)).resolve()
        if not file.is_relative_to(folder) or not file.is_file() or file.stat().st_size > max_bytes:
            return None
        return file.read_bytes()
    except OSError:
        return None


class _Flow:
    """Inline text gathered into lines; a block boundary ends the current line."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def newline(self) -> None:
        # source newlines are whitespace; only <br> (marked _BREAK) ends a line inside a block
        for piece in "".join(self.buffer).split(_BREAK):
            line = normalize_inline(piece, collapse=True)
            if line:
                self.builder.add_line(line)
        self.buffer = []

    def hard_break(self) -> None:
        self.buffer.append(_BREAK)


def write_content(node: etree._Element, builder: TextBuilder, data: IngestData | None = None,
                  pictures: Pictures | None = None,
                  picture_bytes: Callable[[str], bytes | None] | None = None) -> None:
    """Walk ``node`` in document order writing lines and tables (explicit stack, no recursion).

    A picture that ``picture_bytes`` finds is read by ``pictures`` (OCR) into lines written where it stands.
    """
    data = data or load()
    flow = _Flow(builder)
    stack: list[tuple[etree._Element, bool]] = [(node, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        if closing:
            if tag in data.html_block_tags:
                flow.newline()
            if el is not node:
                flow.add(el.tail)
            continue
        if tag == "br":
            flow.hard_break()
            flow.add(el.tail)
            continue
        if tag == "img" and pictures is not None and picture_bytes is not None:
            src = el.get("src") or el.get("data-src") or ""
            picture = picture_bytes(src) if src else None
            if src and picture is None:
                pictures.missing(el.get("width"), el.get("height"))
            lines = pictures(picture) if picture else []
            if lines:
                flow.newline()
                builder.add_ocr_lines([normalize(line) for line in lines])
            flow.add(el.tail)
            continue
        if tag == "table":
            cells = table_cells(el)
            if _is_data_table(el, cells, data):
                flow.newline()
                for caption in (c for c in el if _tag(c) == "caption"):
                    flow.add(caption.text_content())
                    flow.newline()
                builder.add_table(cells, origin="html")
                flow.add(el.tail)
                continue
        if tag in data.html_block_tags:
            flow.newline()
        flow.add(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el) if isinstance(child.tag, str))
    flow.newline()


def page_title(root: etree._Element) -> str | None:
    """<h1> or <title> text: portals often keep the title outside the article container."""
    for el in root.iter("h1", "title"):
        text = normalize_inline(el.text_content(), collapse=True)
        if text:
            return _SITE_SUFFIX.split(text)[0].strip()
    return None


def read_html(data: bytes, path: str, charset: str | None = None,
              pictures: Pictures | None = None,
              picture_bytes: Callable[[str], bytes | None] | None = None
              ) -> tuple[str, list, Decoded, str | None, list[tuple[int, int]]]:
    """Text, grids, decoding details, the page title and the lines read by OCR (pictures, as in
    write_content) of an HTML report."""
    ingest = load()
    root, decoded = parse(data, path, charset)
    title = page_title(root)
    _drop(root, ingest)
    content = find_content(root, ingest, picture_weights(root, pictures, picture_bytes))
    builder = TextBuilder()
    head = normalize_inline(content.text_content()[:1000], collapse=True)
    if title and find_title(title) and title not in head:
        builder.add_line(title)  # the title sits outside the article container
    write_content(content, builder, ingest, pictures, picture_bytes)
    log.debug("%s: content <%s id=%s class=%s>, %d tables", path, _tag(content), content.get("id"),
              content.get("class"), len(builder.grids))
    return builder.text(), builder.grids, decoded, title, builder.ocr_lines

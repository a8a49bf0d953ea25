"""Ingest's data (``resources/ingest.toml``), loaded and validated once.

Patterns and label lists live in data so that a new portal container id or
exporter marker is a one-line change; a bad entry fails at start-up.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import Code, GongkaiError

FILE = "ingest.toml"


@dataclass(frozen=True)
class IngestData:
    extensions: dict[str, str]
    markers: tuple[re.Pattern[str], ...]
    spaces: str
    zero_width: str
    title_keywords: tuple[str, ...]
    title_max_chars: int
    title_search_lines: int
    title_continuation: re.Pattern[str]
    title_prefix: re.Pattern[str]
    title_prose_marks: tuple[str, ...]
    html_drop_tags: frozenset[str]
    html_content_names: tuple[str, ...]
    html_min_content_chars: int
    html_named_min_share: float
    html_descend_share: float
    html_max_table_cell_chars: int
    html_block_tags: frozenset[str]
    docx_max_table_cell_chars: int
    pdf_page_number: re.Pattern[str]
    pdf_row_overlap: float
    pdf_gap_spaces: float
    pdf_split_gap: float
    ocr_split_gap: float
    picture_min_pixels: int
    picture_min_chars: int
    picture_upscale_below: int
    picture_max_pixels: int
    picture_min_light_share: float


_FORMATS = {"txt", "md", "docx", "doc", "rtf", "html", "pdf"}


def _bad(entry: str, reason: str) -> GongkaiError:
    return GongkaiError(Code.BAD_RESOURCE, file=FILE, entry=entry, reason=reason)


def _regex(entry: str, pattern: object) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise _bad(entry, "must be a string")
    try:
        return re.compile(pattern)
    except re.error as err:
        raise _bad(entry, f"bad regex: {err}") from err


def _chars(entry: str, values: object) -> str:
    if not isinstance(values, list) or not all(isinstance(v, str) and len(v) == 1 for v in values):
        raise _bad(entry, "must be a list of single characters")
    return "".join(values)


def _strings(entry: str, values: object) -> tuple[str, ...]:
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise _bad(entry, "must be a non-empty list of strings")
    return tuple(values)


def _number(entry: str, value: object, low: float, high: float) -> float:
    if not isinstance(value, (int, float)) or not low <= value <= high:
        raise _bad(entry, f"must be a number in [{low}, {high}]")
    return value


def parse(raw: dict) -> IngestData:
    """Validate the parsed TOML; raise BAD_RESOURCE naming the entry."""
    try:
        ext, norm, title, html, docx, pdf, pictures = (raw[k] for k in (
            "extensions", "normalize", "title", "html", "docx", "pdf", "pictures"))
    except KeyError as err:
        raise _bad(str(err), "missing table") from err
    for key, fmt in ext.items():
        if fmt not in _FORMATS:
            raise _bad(f"extensions.{key}", f"unknown format {fmt!r}")
    return IngestData(
        extensions=dict(ext),
        markers=tuple(_regex(f"normalize.markers[{i}]", p) for i, p in enumerate(norm["markers"])),
        spaces=_chars("normalize.spaces", norm["spaces"]),
        zero_width=_chars("normalize.zero_width", norm["zero_width"]),
        title_keywords=_strings("title.keywords", title["keywords"]),
        title_max_chars=int(_number("title.max_chars", title["max_chars"], 4, 1000)),
        title_search_lines=int(_number("title.search_lines", title["search_lines"], 1, 100)),
        title_continuation=_regex("title.continuation", title["continuation"]),
        title_prefix=_regex("title.prefix", title["prefix"]),
        title_prose_marks=_strings("title.prose_marks", title["prose_marks"]),
        html_drop_tags=frozenset(_strings("html.drop_tags", html["drop_tags"])),
        html_content_names=_strings("html.content_names", html["content_names"]),
        html_min_content_chars=int(_number("html.min_content_chars", html["min_content_chars"], 0, 1e6)),
        html_named_min_share=_number("html.named_min_share", html["named_min_share"], 0.0, 1.0),
        html_descend_share=_number("html.descend_share", html["descend_share"], 0.5, 1.0),
        html_max_table_cell_chars=int(_number("html.max_table_cell_chars", html["max_table_cell_chars"], 1, 1e6)),
        html_block_tags=frozenset(_strings("html.block_tags", html["block_tags"])),
        docx_max_table_cell_chars=int(_number("docx.max_table_cell_chars", docx["max_table_cell_chars"], 1, 1e6)),
        pdf_page_number=_regex("pdf.page_number", pdf["page_number"]),
        pdf_row_overlap=_number("pdf.row_overlap", pdf["row_overlap"], 0.05, 1.0),
        pdf_gap_spaces=_number("pdf.gap_spaces", pdf["gap_spaces"], 1.0, 10.0),
        pdf_split_gap=_number("pdf.split_gap", pdf["split_gap"], 0.1, 5.0),
        ocr_split_gap=_number("pdf.ocr_split_gap", pdf["ocr_split_gap"], 0.1, 5.0),
        picture_min_pixels=int(_number("pictures.min_pixels", pictures["min_pixels"], 1, 1e9)),
        picture_min_chars=int(_number("pictures.min_chars", pictures["min_chars"], 0, 1e6)),
        picture_upscale_below=int(_number("pictures.upscale_below", pictures["upscale_below"], 0, 1e5)),
        picture_max_pixels=int(_number("pictures.max_pixels", pictures["max_pixels"], 1, 1e10)),
        picture_min_light_share=_number("pictures.min_light_share", pictures["min_light_share"], 0.0, 1.0),
    )


@lru_cache(maxsize=1)
def load() -> IngestData:
    """The shipped data; cached because it never changes within a process."""
    text = resources.files("gongkai.resources").joinpath(FILE).read_text("utf-8")
    return parse(tomllib.loads(text))

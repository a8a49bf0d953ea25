"""The ingest stage: a path (or bytes) in, a Document with normalised text out.

The format is sniffed from content, never trusted from the name; size limits
are checked before anything is parsed; readers raise GongkaiError for input
that cannot be read at all, everything else becomes an issue on the record.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..config import IngestSettings
from ..document import Document, Grid, Issue, Meta, Source
from ..errors import Code, GongkaiError, issue
from .doc import convert_doc
from .docx import read_docx
from .html import local_picture, read_html
from .mht import html_part
from .ocr import ocr_installed, read_pdf_with_ocr
from .pdf import read_pdf
from .pictures import PictureReader
from .sniff import ENCRYPTED_DOCX, extension_mismatch, extension_of, sniff
from .title import find_title
from .txt import read_text

log = logging.getLogger(__name__)
STAGE = "ingest"
_FORMAT = {"md": "txt", "mht": "html", "rtf": "doc"}  # Source.format: the reader families of output.md


@dataclass(frozen=True)
class _Read:
    text: str
    grids: tuple[Grid, ...] = ()
    encoding: str | None = None
    issues: tuple[Issue, ...] = ()
    title: str | None = None
    ocr_lines: tuple[tuple[int, int], ...] = ()


def read_bytes(path: str, data: bytes | None, max_bytes: int) -> bytes:
    """The file's bytes, refusing oversized input before reading it."""
    if data is None:
        try:
            size = os.path.getsize(path)
        except OSError as err:
            raise GongkaiError(Code.UNREADABLE, path=path, format=extension_of(path) or "?",
                               reason=err.strerror or str(err)) from err
        if size > max_bytes:
            raise GongkaiError(Code.TOO_LARGE, path=path, size=size, limit=max_bytes)
        data = Path(path).read_bytes()
    if len(data) > max_bytes:
        raise GongkaiError(Code.TOO_LARGE, path=path, size=len(data), limit=max_bytes)
    return data


def _ocr_refusal(settings: IngestSettings) -> str | None:
    """Why a page or picture without a text layer cannot be read by OCR, or None when it can."""
    if settings.ocr == "off":
        return 'OCR is off (ingest.ocr = "off")'
    if not ocr_installed():
        return "install gongkai[ocr] to read it by OCR"
    return None


def _page_folder(path: str) -> Path | None:
    """The folder of a web page on disk, where a page saved with its pictures keeps them."""
    folder = Path(path).parent
    return folder if path and folder.is_dir() else None


@dataclass
class Ingest:
    """``Ingest(settings)(path, data=None) -> Document``."""

    settings: IngestSettings = field(default_factory=IngestSettings)
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("source", "text", "grids", "meta")

    def __call__(self, path: str | Path, data: bytes | None = None) -> Document:
        path = str(path)
        data = read_bytes(path, data, self.settings.max_bytes)
        fmt = sniff(data, extension_of(path))
        if fmt == ENCRYPTED_DOCX:
            raise GongkaiError(Code.ENCRYPTED, path=path)
        if fmt not in ("txt", "md", "html", "mht", "docx", "doc", "rtf", "pdf"):
            raise GongkaiError(Code.UNSUPPORTED_FORMAT, path=path, format=fmt)
        warnings: list[Issue] = []
        if extension_mismatch(path, fmt):
            warnings.append(issue(Code.WRONG_EXTENSION, stage=STAGE, path=path,
                                  extension=extension_of(path), format=fmt))
        read = self._read(fmt, data, path)
        if not read.text.strip():
            raise GongkaiError(Code.EMPTY_DOCUMENT, path=path)
        source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format=_FORMAT.get(fmt, fmt),
                        encoding=read.encoding, size=len(data))
        title = find_title(read.text) or read.title
        doc = Document(source=source, text=read.text, grids=read.grids, meta=Meta(title=title),
                       ocr_lines=read.ocr_lines)
        return doc.with_issues(*warnings, *read.issues)

    def _read(self, fmt: str, data: bytes, path: str) -> _Read:
        if fmt in ("txt", "md"):
            result = read_text(data)
            return _Read(result.text, encoding=result.encoding,
                         issues=self._encoding_issues(path, result.encoding, result.confidence))
        if fmt == "pdf":
            return self._read_pdf(data, path)
        settings = self.settings
        pictures = PictureReader(_ocr_refusal(settings), settings.ocr_threads, settings.ocr_max_pages)
        if fmt in ("html", "mht"):
            page, charset, parts = html_part(data, path) if fmt == "mht" else (data, None, {})
            folder = None if fmt == "mht" else _page_folder(path)
            # cached: the container choice and the walk both ask for each picture
            picture_bytes = functools.cache(lambda src: local_picture(src, folder, parts, settings.max_bytes))
            text, grids, decoded, title, ocr_lines = read_html(page, path, charset, pictures, picture_bytes)
            issues = self._encoding_issues(path, decoded.encoding, decoded.confidence)
            return _Read(text, tuple(grids), decoded.encoding, (*issues, *pictures.issues(path, STAGE)), title,
                         tuple(ocr_lines))
        if fmt in ("doc", "rtf"):
            data = convert_doc(data, path, settings.doc_converter, settings.doc_timeout_s, fmt)
        text, grids, ocr_lines = read_docx(data, path, settings.max_bytes, pictures)
        return _Read(text, tuple(grids), issues=tuple(pictures.issues(path, STAGE)), ocr_lines=tuple(ocr_lines))

    def _read_pdf(self, data: bytes, path: str) -> _Read:
        """The text layer; with OCR on and installed, pages that are only an image are read by OCR."""
        settings = self.settings
        refusal = _ocr_refusal(settings)
        if refusal:
            try:
                return _Read(read_pdf(data, path, settings.pdf_min_chars_per_page))
            except GongkaiError as err:
                if err.code != Code.NO_TEXT_LAYER:
                    raise
                raise GongkaiError(Code.NO_TEXT_LAYER, path=path, pages=err.context["pages"], remedy=refusal) from None
        read = read_pdf_with_ocr(data, path, settings.ocr_dpi, settings.ocr_threads,
                                 settings.pdf_min_chars_per_page, settings.ocr_max_pages)
        if read.skipped_pages:
            return _Read(read.text, issues=(issue(Code.OCR_SKIPPED, stage=STAGE, path=path, count=read.skipped_pages,
                                                  limit=settings.ocr_max_pages),), ocr_lines=read.ocr_lines)
        issues = []
        if read.ocr_pages:
            issues.append(issue(Code.OCR_USED, stage=STAGE, path=path, ocr_pages=read.ocr_pages, pages=read.pages,
                                dpi=settings.ocr_dpi, confidence=f"{read.mean_confidence:.2f}"))
        if read.pictures:
            issues.append(issue(Code.PICTURES_READ, stage=STAGE, path=path, count=read.pictures,
                                confidence=f"{read.mean_confidence:.2f}"))
        return _Read(read.text, issues=tuple(issues), ocr_lines=read.ocr_lines)

    def _encoding_issues(self, path: str, encoding: str, confidence: float) -> tuple[Issue, ...]:
        if confidence >= self.settings.min_encoding_confidence:
            return ()
        log.info("%s: encoding %s at confidence %.2f", path, encoding, confidence)
        return (issue(Code.ENCODING_UNCERTAIN, stage=STAGE, path=path, encoding=encoding),)

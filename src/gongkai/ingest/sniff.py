"""Which reader a file needs, decided by its bytes rather than its name.

Portals serve Word files renamed .doc that are really HTML or docx, and PDFs
saved as .txt; the content decides, and a mismatch becomes a warning.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from .encoding import utf16_encoding
from .mht import looks_mht
from .resources import load

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_HTML = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|table|p|br)[\s>/]", re.IGNORECASE)
_BINARY_CONTROLS = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))
ENCRYPTED_DOCX = "encrypted-docx"
UNKNOWN = "binary"


def _zip_format(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):  # NIE: a zip version we lack
        # a truncated docx still names its parts in the local headers
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:4096] else "zip"
    return "docx" if "word/document.xml" in names else "zip"


def _text_sample(data: bytes) -> bytes:
    """First bytes as something ASCII-searchable, UTF-16 decoded first."""
    head = data[:4096]
    utf16 = utf16_encoding(data)
    if utf16:
        return head[len(head) % 2:].decode(utf16, errors="ignore").encode("utf-8", errors="ignore")
    return head


def looks_binary(data: bytes) -> bool:
    """Control bytes that no text encoding we read would produce."""
    if utf16_encoding(data):
        return False
    sample = data[:4096]
    if not sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in _BINARY_CONTROLS)
    return controls / len(sample) > 0.02


def sniff(data: bytes, extension: str = "") -> str:
    """txt | md | html | mht | docx | doc | rtf | pdf, or encrypted-docx / zip / binary (unsupported)."""
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(ZIP):
        return _zip_format(data)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(OLE2):
        return ENCRYPTED_DOCX if _ENCRYPTED_OOXML in data else "doc"
    if looks_binary(data):
        return UNKNOWN
    if looks_mht(data):
        return "mht"
    if _HTML.search(_text_sample(data)):
        return "html"
    return "md" if extension == "md" else "txt"


def extension_of(path: str) -> str:
    return PurePath(path).suffix.lower().lstrip(".")


def expected_format(path: str) -> str | None:
    """The format a file's extension promises, or None for an unknown extension."""
    return load().extensions.get(extension_of(path))


def extension_mismatch(path: str, fmt: str) -> bool:
    """True when the extension promises another format (txt and md count as one)."""
    expected = expected_format(path)
    family = {"md": "txt", "mht": "html"}
    return expected is not None and family.get(expected, expected) != family.get(fmt, fmt)

"""Bytes of a text or HTML file -> str, recording which encoding was used.

Cheap, certain checks first (BOM, strict UTF-8), then UTF-16 without BOM, then
charset-normalizer. Every GBK-family guess is decoded as gb18030, its superset,
so that rare characters do not turn into replacement marks.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB_FAMILY = {"gb2312", "gbk", "cp936", "gb18030", "hz", "euc_cn", "ms936", "x_mac_simp_chinese"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\t\n\r\u2018-\u201d]")
_SAMPLE = 65536


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float


def _canonical(name: str) -> str:
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return name
    return "gb18030" if name.replace("-", "_") in _GB_FAMILY else name


def _plausible_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_PLAUSIBLE.findall(text)) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE guessed from NUL bytes and from how Chinese the result reads."""
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    if sample.count(0) < len(sample) // 20:
        return None
    best = max(("utf-16-le", "utf-16-be"),
               key=lambda enc: _plausible_share(sample.decode(enc, errors="replace")))
    text = sample.decode(best, errors="replace")
    return best if _plausible_share(text) > 0.9 else None


def utf16_encoding(data: bytes) -> str | None:
    """'utf-16' for a UTF-16 BOM, 'utf-16-le'/'utf-16-be' for BOM-less UTF-16, else None."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) and not data.startswith(codecs.BOM_UTF32_LE):
        return "utf-16"
    return _utf16_without_bom(data[:4096] if len(data) > 4096 else data)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; confidence 1.0 for BOM/strict matches, detector's guess otherwise."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding, 1.0)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", 1.0)
    if declared:
        text = _strict(data, _canonical(declared))
        if text is not None:
            return Decoded(text, _canonical(declared), 1.0)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(data.decode(utf16, errors="replace"), utf16, 0.9)
    text = _strict(data, "gb18030")
    best = charset_normalizer.from_bytes(data[:_SAMPLE]).best()
    if best is None:
        return Decoded(data.decode("gb18030", errors="replace"), "gb18030", 0.0)
    encoding = _canonical(best.encoding)
    confidence = max(0.0, 1.0 - float(best.chaos))
    if encoding != "gb18030" and text is not None and _plausible_share(text) >= 0.98:
        # detectors confuse short GBK text with Big5 or Latin code pages
        encoding = "gb18030"
    decoded = _strict(data, encoding)
    if decoded is None:
        decoded = data.decode(encoding, errors="replace")
        confidence = min(confidence, 1.0 - decoded.count("\ufffd") / max(1, len(decoded)))
    return Decoded(decoded, encoding, round(confidence, 3))

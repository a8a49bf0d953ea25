"""MHT / MHTML ("web archive"): Word's "save as web page", often published as .doc.

The HTML part is taken out of the MIME container (quoted-printable or base64
undone by the email package) and read like any HTML page; its pictures are the
archive's image parts, found by Content-Location, file name or Content-ID.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

from ..errors import Code, GongkaiError

_MIME = re.compile(rb"^\s*(MIME-Version:|From:|Content-Type:\s*multipart/related)", re.IGNORECASE)


def looks_mht(data: bytes) -> bool:
    head = data[:2048]
    return bool(_MIME.match(head)) and b"multipart/related" in head.lower()


def file_name(location: str) -> str:
    """The last path component of a URL or Windows path, %-escapes undone."""
    path = unquote(urlsplit(location).path or location)
    return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name


def html_part(data: bytes, path: str) -> tuple[bytes, str | None, dict[str, bytes]]:
    """Bytes and declared charset of the first text/html part, and the image parts by where they are found.

    An image part is listed under its Content-Location, its file name and ``cid:<Content-ID>``,
    the three ways the HTML part refers to it.
    """
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    html: tuple[bytes, str | None] | None = None
    images: dict[str, bytes] = {}
    for part in message.walk():
        if part.get_content_type() == "text/html" and html is None:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                html = payload, part.get_content_charset()
        elif part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            location = (part.get("Content-Location") or "").strip()
            if location:
                images.setdefault(location, payload)
                images.setdefault(file_name(location), payload)
            content_id = (part.get("Content-ID") or "").strip().strip("<>")
            if content_id:
                images.setdefault(f"cid:{content_id}", payload)
    if html is None:
        raise GongkaiError(Code.UNREADABLE, path=path, format="mht", reason="no text/html part")
    return html[0], html[1], images

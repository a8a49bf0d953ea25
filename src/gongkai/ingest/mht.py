"""MHT / MHTML ("web archive"): Word's "save as web page", often published as .doc.

The HTML part is taken out of the MIME container (quoted-printable or base64
undone by the email package) and read like any HTML page.
"""

from __future__ import annotations

import email
import email.policy
import re

from ..errors import Code, GongkaiError

_MIME = re.compile(rb"^\s*(MIME-Version:|From:|Content-Type:\s*multipart/related)", re.IGNORECASE)


def looks_mht(data: bytes) -> bool:
    head = data[:2048]
    return bool(_MIME.match(head)) and b"multipart/related" in head.lower()


def html_part(data: bytes, path: str) -> tuple[bytes, str | None]:
    """Bytes and declared charset of the first text/html part."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise GongkaiError(Code.UNREADABLE, path=path, format="mht", reason="no text/html part")

"""sniff(): the content decides the reader, the extension only warns."""

import pytest

from gongkai.ingest.sniff import ENCRYPTED_DOCX, extension_mismatch, sniff


@pytest.mark.parametrize(("data", "ext", "want"), [
    (b"%PDF-1.7\n...", "txt", "pdf"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "doc", "html"),
    ("<p>正文</p>".encode(), "", "html"),
    ("一、总体情况\n".encode(), "txt", "txt"),
    (b"| a | b |\n", "md", "md"),
    ("一、总体情况\n".encode("utf-16"), "txt", "txt"),
    ("一、总体情况\n二、主动公开\n".encode("utf-16-le"), "txt", "txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "docx", ENCRYPTED_DOCX),
    (bytes(range(256)) * 4, "txt", "binary"),
    (b"", "txt", "txt"),
    (b"{\\rtf1\\ansi hello}", "doc", "rtf"),
    (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\n", "doc", "mht"),
])
def test_sniff(data, ext, want):
    assert sniff(data, ext) == want


@pytest.mark.parametrize(("path", "fmt", "want"), [
    ("a.txt", "pdf", True),
    ("a.doc", "html", True),
    ("a.docx", "docx", False),
    ("a.md", "txt", False),
    ("a.TXT", "md", False),
    ("a.htm", "html", False),
    ("report", "pdf", False),
    ("a.mht", "mht", False),
    ("a.doc", "mht", True),
])
def test_extension_mismatch(path, fmt, want):
    assert extension_mismatch(path, fmt) is want

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


def _zip_needing_version(version: int) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    central = data.find(b"PK\x01\x02")
    data[central + 6:central + 8] = version.to_bytes(2, "little")  # version needed to extract
    return bytes(data)


def test_zip_of_a_version_python_cannot_read_is_sniffed_not_raised():
    # a bit flip made "version needed" 14.8: zipfile raises NotImplementedError, not BadZipFile
    assert sniff(_zip_needing_version(148), "docx") == "docx"
    from gongkai.errors import Code, GongkaiError
    from gongkai.ingest.docx import check_zip

    with pytest.raises(GongkaiError) as err:
        check_zip(_zip_needing_version(148), "x.docx", 10**6)
    assert err.value.code == Code.UNREADABLE

"""Legacy Word .doc and RTF: converted to .docx by LibreOffice, then read as docx."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import Code, GongkaiError

log = logging.getLogger(__name__)


def convert_doc(data: bytes, path: str, converter: str, timeout_s: float, fmt: str = "doc") -> bytes:
    """The .docx bytes LibreOffice makes of ``data``; errors name the missing tool or timeout."""
    exe = shutil.which(converter)
    if exe is None:
        raise GongkaiError(Code.CONVERTER_MISSING, path=path, format=fmt, tool=converter)
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        command = [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                   "--convert-to", "docx", "--outdir", tmp, str(source)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as err:
            raise GongkaiError(Code.TIMEOUT, path=path, seconds=timeout_s) from err
        target = Path(tmp) / "input.docx"
        if not target.exists():
            reason = result.stderr.decode("utf-8", "replace").strip()[:200] or f"exit {result.returncode}"
            raise GongkaiError(Code.UNREADABLE, path=path, format=fmt, reason=reason)
        log.debug("%s: converted with %s", path, exe)
        return target.read_bytes()

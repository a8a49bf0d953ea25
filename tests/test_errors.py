import re
from pathlib import Path

import pytest

from gongkai.errors import MESSAGES, Code, GongkaiError, issue, message, severity, template_fields

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.parametrize("code", list(Code))
def test_every_code_has_a_template_that_formats(code):
    assert code in MESSAGES
    fields = {name: f"<{name}>" for name in template_fields(code)}
    text = message(code, **fields)
    assert text.startswith(f"[{code.value}] ")
    if "?" not in MESSAGES[code][1]:  # every field filled: no placeholder left
        assert "?" not in text
    assert severity(code) in ("error", "partial", "warning")


def test_missing_fields_render_without_raising():
    assert message(Code.TOO_LARGE, path="a.txt") == "[too_large] a.txt: ? bytes exceeds the limit of ? bytes."


def test_error_becomes_an_issue_with_its_severity():
    err = GongkaiError(Code.ENCRYPTED, path="x.pdf")
    found = err.to_issue("ingest")
    assert (found.code, found.severity, found.stage) == ("encrypted", "error", "ingest")
    assert issue(Code.UNKNOWN_ROW_LABEL, table="requests", label="x", line=3).severity == "warning"
    assert issue(Code.MODEL_NOT_FOUND, model="m", severity_override="warning").severity == "warning"


@pytest.mark.corpus
def test_every_code_named_in_output_md_exists():
    spec = SHARED / "spec" / "output.md"
    if not spec.exists():
        pytest.skip("../shared/spec/output.md not present")
    named = set(re.findall(r"`([a-z_]+)`", spec.read_text("utf-8").split("Every input yields")[1]))
    assert named <= {c.value for c in Code}
    assert {"unreadable", "unsupported_format", "encrypted", "no_text_layer", "too_large", "timeout"} <= named

"""Each issue code ingest produces, from the committed bad files and a few made here."""

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from gongkai.config import IngestSettings
from gongkai.errors import Code, GongkaiError
from gongkai.ingest import Ingest
from gongkai.ingest.resources import parse

EXPECTED = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "expected.json").read_text("utf-8"))
ERRORS = sorted((name, e) for name, e in EXPECTED["files"].items() if "error" in e)
WARNINGS = sorted((name, e) for name, e in EXPECTED["files"].items() if "warning" in e)


@pytest.mark.parametrize(("name", "want"), ERRORS, ids=[n for n, _ in ERRORS])
def test_bad_file_raises_its_code(fixtures_dir, name, want):
    settings = IngestSettings(max_bytes=want.get("max_bytes", 50_000_000),
                              doc_converter="gongkai-no-such-converter")
    with pytest.raises(GongkaiError) as caught:
        Ingest(settings)(fixtures_dir / name)
    assert caught.value.code.value == want["error"]
    assert str(fixtures_dir / name) in str(caught.value)
    assert caught.value.to_issue("ingest").severity == "error"


@pytest.mark.parametrize(("name", "want"), WARNINGS, ids=[n for n, _ in WARNINGS])
def test_wrong_extension_is_a_warning_and_content_wins(fixtures_dir, name, want):
    doc = Ingest()(fixtures_dir / name)
    assert doc.source.format == want["format"]
    assert [i.code for i in doc.issues] == [want["warning"]]
    assert doc.status == "ok"
    assert doc.meta.title == want["title"]
    if "same_text_as" in want:  # the MHT archive reads exactly like the page inside it
        assert doc.text == Ingest()(fixtures_dir / want["same_text_as"]).text


def test_too_large_checked_before_reading(fixtures_dir, monkeypatch):
    def refuse(self):
        raise AssertionError("read_bytes called on an oversized file")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    path = fixtures_dir / "reports" / "c2021-pages.pdf"
    with pytest.raises(GongkaiError) as caught:
        Ingest(IngestSettings(max_bytes=1000))(path)
    assert caught.value.code == Code.TOO_LARGE
    assert caught.value.context["size"] == path.stat().st_size


def test_too_large_for_bytes_passed_in():
    with pytest.raises(GongkaiError) as caught:
        Ingest(IngestSettings(max_bytes=10))("x.txt", "一、总体情况。全年公开信息。".encode())
    assert (caught.value.code, caught.value.context["limit"]) == (Code.TOO_LARGE, 10)


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(GongkaiError) as caught:
        Ingest()(tmp_path / "nope.pdf")
    assert caught.value.code == Code.UNREADABLE
    assert caught.value.context["format"] == "pdf"


def test_converter_timeout_is_timeout(fixtures_dir, tmp_path):
    slow = tmp_path / "slow-converter"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    settings = IngestSettings(doc_converter=str(slow), doc_timeout_s=0.2)
    with pytest.raises(GongkaiError) as caught:
        Ingest(settings)(fixtures_dir / "bad" / "legacy.doc")
    assert caught.value.code == Code.TIMEOUT


def test_converter_without_output_is_unreadable(fixtures_dir, tmp_path):
    broken = tmp_path / "broken-converter"
    broken.write_text("#!/bin/sh\necho cannot convert >&2\nexit 1\n")
    broken.chmod(0o755)
    with pytest.raises(GongkaiError) as caught:
        Ingest(IngestSettings(doc_converter=str(broken)))(fixtures_dir / "bad" / "legacy.doc")
    assert (caught.value.code, caught.value.context["reason"]) == (Code.UNREADABLE, "cannot convert")


def _shipped() -> dict:
    return tomllib.loads(resources.files("gongkai.resources").joinpath("ingest.toml").read_text("utf-8"))


@pytest.mark.parametrize(("section", "key", "value", "entry"), [
    ("extensions", "wps", "wps", "extensions.wps"),
    ("title", "continuation", "(unclosed", "title.continuation"),
    ("normalize", "spaces", ["ab"], "normalize.spaces"),
    ("html", "descend_share", 0.1, "html.descend_share"),
    ("pictures", "min_pixels", 0, "pictures.min_pixels"),
])
def test_bad_resource_names_the_entry(section, key, value, entry):
    raw = _shipped()
    raw[section][key] = value
    with pytest.raises(GongkaiError) as caught:
        parse(raw)
    assert caught.value.code == Code.BAD_RESOURCE
    assert caught.value.context["entry"] == entry


def test_doc_converted_then_read_as_docx(fixtures_dir, tmp_path):
    """A stand-in converter with soffice's command line: writes <outdir>/input.docx."""
    docx = fixtures_dir / "reports" / "a2021-merged.docx"
    fake = tmp_path / "fake-soffice"
    fake.write_text(f'#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\ncp "{docx}" "$2/input.docx"\n')
    fake.chmod(0o755)
    doc = Ingest(IngestSettings(doc_converter=str(fake)))(fixtures_dir / "bad" / "legacy.doc")
    assert doc.source.format == "doc"
    assert doc.text == Ingest()(docx).text
    assert [[g.n_rows, g.n_cols] for g in doc.grids] == [[14, 4], [28, 10], [4, 15]]


def test_rtf_goes_to_the_converter(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}} \\f0 report}")
    with pytest.raises(GongkaiError) as caught:
        Ingest(IngestSettings(doc_converter="gongkai-no-such-converter"))(path)
    assert (caught.value.code, caught.value.context["format"]) == (Code.CONVERTER_MISSING, "rtf")

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "linchuan-police-2024.txt"
DOCX = ROOT / "examples" / "shiliu-market-2023.docx"


def test_json_prints_the_output_record(capsys):
    assert main(["analyze", str(EXAMPLE), "--json", "--tagger", "rules"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["schema_version"] == "1"
    assert record["status"] == "ok"
    assert record["source"]["format"] == "txt"
    assert record["tables"]["requests"]["new_received"]["total"] == 23
    assert {s["key"] for s in record["sections"]} == {"overview", "active", "requests", "appeals",
                                                       "problems", "other"}
    for clause in record["clauses"]:
        assert record["text"][clause["start"]:clause["end"]] == clause["text"]
        assert clause.get("role_basis") in ("heading", "content") if clause.get("role") else "role_basis" not in clause


def test_summary_lists_inconsistent_checks_with_quote(capsys):
    assert main(["analyze", str(DOCX), "--tagger", "rules"]) == 0
    out = capsys.readouterr().out
    assert "[ok]" in out and "inconsistent 1" in out
    record = json.loads((main(["analyze", str(DOCX), "--json", "--tagger", "rules"]), capsys.readouterr().out)[1])
    guessed = sum(c.get("role_basis") == "content" for c in record["clauses"])
    assert (f"{guessed} roles read from the words" in out) == (guessed > 0)
    assert "「全年新收政府信息公开申请30件" in out and "表=25" in out


def test_out_dir_html_and_exit_codes(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["analyze", str(empty), "-o", str(tmp_path / "out")]) == 1
    record = json.loads((tmp_path / "out" / "empty.json").read_text("utf-8"))
    assert record["status"] == "error" and record["errors"][0]["code"] == "empty_document"
    assert main(["analyze", str(empty), str(EXAMPLE), "-o", str(tmp_path / "out"), "--tagger", "rules",
                 "--html", str(tmp_path / "pages")]) == 0
    assert (tmp_path / "out" / "linchuan-police-2024.json").exists()
    page = (tmp_path / "pages" / "linchuan-police-2024.html").read_text("utf-8")
    assert 'class="sec" title="overview"' in page and "requests.new_received.total" in page
    assert "· role active_disclosure (heading)" in page  # the hover says where a clause's role came from


def test_disable_claims_still_reads_tables(capsys):
    assert main(["analyze", str(EXAMPLE), "--json", "--disable", "claims"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["tables"]["appeals"]["review"]["total"] == 4
    assert all(c["types"] == [] for c in record["clauses"])


def test_usage_errors_exit_2():
    with pytest.raises(SystemExit) as info:
        main(["analyze"])
    assert info.value.code == 2


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "gongkai", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "analyze" in result.stdout and "batch" in result.stdout


def test_ocr_off_refuses_a_scanned_pdf_with_the_reason(capsys):
    scan = ROOT / "tests" / "fixtures" / "bad" / "image-only.pdf"
    assert main(["analyze", str(scan), "--json", "--ocr", "off", "--disable", "claims"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert [e["code"] for e in record["errors"]] == ["no_text_layer"]
    assert 'ingest.ocr = "off"' in record["errors"][0]["message"]


def test_summary_counts_roles_no_heading_gave(tmp_path, capsys):
    report = tmp_path / "unheaded.txt"  # invented report: 一 without its subsection headings
    report.write_text("某县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"
                      "全年主动公开政府信息120条。\n本年度共收到政府信息公开申请7件。\n"
                      "开设政务新媒体账号3个。\n二、主动公开政府信息情况\n", encoding="utf-8")
    assert main(["analyze", str(report), "--tagger", "rules"]) == 0
    out = capsys.readouterr().out
    assert main(["analyze", str(report), "--json", "--tagger", "rules"]) == 0
    record = json.loads(capsys.readouterr().out)
    overview = [c for c in record["clauses"] if c["section"] == "overview"]
    assert overview and all(c["role_basis"] == "content" for c in overview)
    guessed = sum(c.get("role_basis") == "content" for c in record["clauses"])
    assert f"{guessed} roles read from the words, no heading" in out

"""Web report openings: registration, the split rule and the guards that keep web_test unseen."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
sys.path.insert(0, str(REPO / "training" / "annotation"))

import add_web  # noqa: E402
import finetune  # noqa: E402

import data as D  # noqa: E402
from gongkai.claims import corpus  # noqa: E402


def test_split_follows_the_parity_of_the_address_hash() -> None:
    for url in ("http://a.gov.cn/1.html", "http://a.gov.cn/2.html", "https://b.gov.cn/x", "https://c.gov.cn/y"):
        even = int(hashlib.sha256(url.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0
        assert add_web.split_of(url) == ("web_test" if even else "web_dev")


def test_registered_manifest_matches_its_texts_and_splits() -> None:
    rows = add_web.read_manifest()
    splits = corpus.read_splits()
    for row in rows:
        # batch 1 follows the hash rule; later batches are whole splits (criterion_batch2.md …)
        assert row["split"] in corpus.WEB_BATCH_SPLITS or add_web.split_of(row["url"]) == row["split"]
        assert f"web/{row['id']}" in splits[row["split"]]
    assert len({row["url"] for row in rows}) == len(rows)


def test_registered_texts_hash_as_recorded() -> None:
    folder = REPO.parent / "external" / "web"
    rows = add_web.read_manifest()
    present = [r for r in rows if (folder / f"{r['id']}.txt").exists()]
    if not present:
        pytest.skip("web texts not present (they live in ../external/web, not shipped)")
    for row in present:
        text = (folder / f"{row['id']}.txt").read_bytes().decode("utf-8")
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == row["sha256"]
        assert len(text) == int(row["chars"])


def test_add_web_registers_new_openings_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incoming, dest = tmp_path / "in", tmp_path / "web"
    incoming.mkdir()
    (incoming / "x_01.txt").write_text("某县2023年政府信息公开工作年度报告\n一、总体情况\n", encoding="utf-8")
    (incoming / "x_02.txt").write_text("2021年度报告。", encoding="utf-8")
    (incoming / "x.tsv").write_text("x_01.txt\thttp://b.gov.cn/1\tq1\nx_02.txt\thttp://a.gov.cn/2\tq2\n"
                                    "x_01.txt\thttp://b.gov.cn/1\tagain\n", encoding="utf-8")
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"train": [], "test": []}), encoding="utf-8")
    monkeypatch.setattr(add_web, "MANIFEST", tmp_path / "manifest.tsv")
    monkeypatch.setattr(add_web, "SPLITS", splits)
    assert add_web.main([str(incoming), "--dest", str(dest)]) == 0
    assert add_web.main([str(incoming), "--dest", str(dest)]) == 0  # nothing new the second time
    rows = add_web.read_manifest()
    assert [(r["id"], r["url"]) for r in rows] == [("w0001", "http://a.gov.cn/2"), ("w0002", "http://b.gov.cn/1")]
    assert rows[1]["year"] == "2023" and rows[0]["year"] == "2021"
    table = json.loads(splits.read_text(encoding="utf-8"))
    for row in rows:
        assert table[row["split"]].count(f"web/{row['id']}") == 1
        assert (dest / f"{row['id']}.txt").read_text(encoding="utf-8").startswith(("某县", "2021"))


def test_add_web_puts_a_whole_batch_in_a_named_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incoming = tmp_path / "in"
    incoming.mkdir()
    for n in range(4):
        (incoming / f"{n}.txt").write_text(f"某镇202{n}年政府信息公开工作年度报告", encoding="utf-8")
    (incoming / "x.tsv").write_text("".join(f"{n}.txt\thttp://t.gov.cn/{n}\tq\t某镇人民政府\ttown\t201{n}\n"
                                            for n in range(3)) + "3.txt\thttp://t.gov.cn/3\n", encoding="utf-8")
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"train": []}), encoding="utf-8")
    monkeypatch.setattr(add_web, "MANIFEST", tmp_path / "manifest.tsv")
    monkeypatch.setattr(add_web, "SPLITS", splits)
    assert add_web.main([str(incoming), "--dest", str(tmp_path / "web"), "--split", "web2_test"]) == 0
    rows = add_web.read_manifest()
    assert {r["split"] for r in rows} == {"web2_test"}
    assert json.loads(splits.read_text(encoding="utf-8"))["web2_test"] == [f"web/{r['id']}" for r in rows]
    assert [(r["agency"], r["level"], r["year"]) for r in rows[:3]] == [("某镇人民政府", "town", f"201{n}")
                                                                       for n in range(3)]
    assert (rows[3]["agency"], rows[3]["year"]) == ("", "2023")  # no columns: the year read from the text


@pytest.mark.parametrize("names", ["test", "web_dev,test", "external", "web23_test"])
def test_held_out_splits_are_never_trained_on(names: str) -> None:
    with pytest.raises(ValueError):
        finetune.extra_splits(names)
    with pytest.raises(ValueError):
        D.narrative_texts(REPO.parent / "shared", tuple(names.split(",")))


def test_web_dev_may_join_training_and_web_texts_live_beside_shared() -> None:
    assert finetune.extra_splits(" web_dev ,") == ("web_dev",)
    # spent batches (scored once, criterion_batch3.md) are development data
    assert finetune.extra_splits("web_test,web2_test,web3_test,web4_test,web5_test,web6_test") == (
        "web_test", "web2_test", "web3_test", "web4_test", "web5_test", "web6_test")
    assert finetune.extra_splits(None) == ()
    shared = Path("/x/shared")
    assert corpus.text_path(shared, "web/w0001") == Path("/x/external/web/w0001.txt")
    assert corpus.GOLD["web_test"] == "b" and "web_test" in corpus.SPLITS
    assert corpus.WEB_BATCH_SPLITS[0] == "web2_test" and corpus.WEB_BATCH_SPLITS[-1] == "web23_test"


def test_make_spans_skips_reports_whose_text_is_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import make_spans

    present, absent = tmp_path / "present.txt", tmp_path / "absent.txt"
    present.write_text("一、总体情况\n本年收到申请3件。本年办结3件。", encoding="utf-8")
    monkeypatch.setattr(make_spans, "ANNOTATIONS", tmp_path)
    monkeypatch.setattr(make_spans, "split_docs", lambda: [("web/present", "web21_test"), ("web/absent", "web21_test")])
    monkeypatch.setattr(make_spans, "text_path", lambda doc: tmp_path / f"{doc.split('/')[1]}.txt")
    monkeypatch.setattr(make_spans, "read_text", lambda doc: (tmp_path / f"{doc.split('/')[1]}.txt").read_text(encoding="utf-8"))
    assert make_spans.main([]) == 0
    written = sorted(p.name for p in (tmp_path / "spans").iterdir())
    assert written == ["web_present.jsonl"] and not absent.exists()


def test_check_texts_tells_present_wrong_and_missing_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import check_texts

    good, bad = "一、总体情况\n本年收到申请3件。", "一、总体情况"
    digest = lambda text: hashlib.sha256(text.encode("utf-8")).hexdigest()  # noqa: E731
    rows = [{"id": f"w{n}", "url": f"http://a.gov.cn/{n}", "split": "web9_test", "sha256": digest(good)}
            for n in (1, 2, 3)]
    (tmp_path / "ext" / "web").mkdir(parents=True)
    (tmp_path / "ext" / "web" / "w1.txt").write_text(good, encoding="utf-8")
    (tmp_path / "ext" / "web" / "w2.txt").write_text(bad, encoding="utf-8")
    monkeypatch.setattr(check_texts, "MANIFESTS", {"web": lambda: rows})
    missing = tmp_path / "missing.tsv"
    assert check_texts.main(["--external", str(tmp_path / "ext"), "--missing", str(missing)]) == 0
    assert capsys.readouterr().out == "web9_test\tpresent 1\twrong 1\tmissing 1\n"
    assert [line.split("\t")[0] for line in missing.read_text(encoding="utf-8").splitlines()] == ["w2", "w3"]


def test_absent_texts_are_left_out_with_one_warning_a_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    if not D.DEFAULT_SHARED.exists():
        pytest.skip("../shared not present")
    monkeypatch.setattr(corpus, "text_path", lambda shared, doc: tmp_path / "nowhere" / f"{doc}.txt")
    with caplog.at_level("WARNING", logger="data"):
        assert D.real_annotations(D.DEFAULT_SHARED, ("web5_test", "web6_test")) == []
    lines = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert [line.split(":")[0] for line in lines] == ["web5_test", "web6_test"]
    assert "96 reports left out" in lines[0] and "96 reports left out" in lines[1]

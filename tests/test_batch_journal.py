import json

from gongkai.batch import BatchInput, Journal, expand_inputs, hash_inputs, read_journal, record_for_input


def test_read_journal_cuts_a_torn_tail(tmp_path):
    path = tmp_path / ".journal.jsonl"
    journal = Journal(path)
    journal.add("s1", {"source": {"path": "a"}, "status": "ok"})
    journal.add("s2", {"source": {"path": "b"}, "status": "error"})
    journal.close()
    good = path.stat().st_size
    with open(path, "ab") as handle:  # what a kill -9 mid-write leaves
        handle.write(b'{"sha256": "s3", "rec')
    done = read_journal(path)
    assert sorted(done) == ["s1", "s2"]
    assert path.stat().st_size == good
    assert json.loads(path.read_text().splitlines()[-1])["sha256"] == "s2"


def test_expand_inputs_dirs_globs_and_dedup(tmp_path):
    (tmp_path / "d" / "e").mkdir(parents=True)
    for name in ("d/a.txt", "d/e/b.pdf", "c.txt", "d/.hidden"):
        (tmp_path / name).write_text("x")
    found = expand_inputs([str(tmp_path / "d"), str(tmp_path / "*.txt"), str(tmp_path / "c.txt")])
    assert [p[len(str(tmp_path)) + 1:] for p in found] == ["c.txt", "d/a.txt", "d/e/b.pdf"]


def test_duplicates_share_one_hash_and_records_are_readdressed(tmp_path):
    (tmp_path / "a.txt").write_text("same")
    (tmp_path / "b.txt").write_text("same")
    items = hash_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert items[0].sha256 == items[1].sha256 and items[0].size == 4
    record = {"source": {"path": items[0].path, "sha256": items[0].sha256}, "status": "ok"}
    moved = record_for_input(BatchInput(items[1].path, items[1].sha256, 4), record)
    assert moved["source"]["path"] == items[1].path
    assert record["source"]["path"] == items[0].path


def test_journal_add_says_where_each_record_lies(tmp_path):
    from gongkai.batch import index_journal, journal_records

    path = tmp_path / ".journal.jsonl"
    journal = Journal(path)
    first = journal.add("s1", {"source": {"path": "a"}, "status": "ok", "text": "收到\u2028申请"})
    second = journal.add("s2", {"source": {"path": "b"}, "status": "error"})
    journal.close()
    assert first == (0, len(path.read_bytes().split(b"\n")[0]) + 1)
    assert second[0] == first[1]
    assert index_journal(path) == {"s1": first, "s2": second}
    items = [BatchInput("z/copy.txt", "s1", 4), BatchInput("b", "s2", 4), BatchInput("a", "s1", 4)]
    records = list(journal_records(path, {"s1": first, "s2": second}, items))
    assert [(r["source"]["path"], r["status"]) for r in records] == [("a", "ok"), ("b", "error"), ("z/copy.txt", "ok")]
    assert records[0]["text"] == "收到\u2028申请"


def test_workers_use_one_torch_and_ocr_thread_unless_configured():
    from gongkai.batch import worker_settings
    from gongkai.config import resolve

    assert worker_settings(resolve()).claims.num_threads == 1
    assert worker_settings(resolve(claims={"num_threads": 3})).claims.num_threads == 3
    assert worker_settings(resolve()).ingest.ocr_threads == 1
    assert worker_settings(resolve(ingest={"ocr_threads": 2})).ingest.ocr_threads == 2
    assert worker_settings(resolve()).claims.quantize == resolve().claims.quantize

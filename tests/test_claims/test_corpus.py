"""Annotation loader: offsets joined with shared texts, hashes verified, skips dropped."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from gongkai.claims.corpus import agreement, load_annotations, load_quantity_gold
from gongkai.errors import Code, GongkaiError

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"
LABELS = ("publication_count", "request_count", "fee", "problem")
# Invented report text: title line, two narrative sentences, one run-together table line.
TEXT = "某某局2030年年度报告\n全年主动公开信息120条。本年度收到申请3件，未收取信息处理费。\n7130000\n"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _spans(text: str) -> list[tuple[int, int]]:
    """Sentences and lines of the synthetic text, as a clause splitter would give them."""
    return [m.span() for m in re.finditer(r"[^\n。]+。?", text)]


def _record(doc: str, text: str, span: tuple[int, int], types: list[str], role: str, skip: bool = False) -> dict:
    start, end = span
    return {"doc": doc, "text_sha256": _sha(text), "start": start, "end": end,
            "clause_sha256": _sha(text[start:end]), "types": types, "role": role, "skip": skip}


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A fake shared folder with one seed report and one corpus report, and a data folder."""
    shared, data = tmp_path / "shared", tmp_path / "data"
    (shared / "seeds").mkdir(parents=True)
    (shared / "corpus" / "text").mkdir(parents=True)
    (shared / "seeds" / "900_fake.txt").write_text(TEXT, encoding="utf-8")
    (shared / "corpus" / "text" / "r9001.txt").write_text(TEXT, encoding="utf-8")
    data.mkdir()
    (data / "splits.json").write_text(json.dumps(
        {"train": ["seeds/900_fake.txt"], "dev": [], "test": ["corpus/r9001"]}), encoding="utf-8")
    spans = _spans(TEXT)
    assert [TEXT[s:e] for s, e in spans] == [
        "某某局2030年年度报告", "全年主动公开信息120条。", "本年度收到申请3件，未收取信息处理费。", "7130000"]
    labelled = [([], "preamble", False), (["publication_count"], "active", False),
                (["request_count", "fee"], "requests", False), ([], "requests", True)]
    for who, doc, key in (("a", "seeds/900_fake.txt", "seeds_900_fake"), ("a", "corpus/r9001", "corpus_r9001")):
        _write(data / "annotations" / f"annotator_{who}" / f"{key}.jsonl",
               [_record(doc, TEXT, sp, *lab) for sp, lab in zip(spans, labelled)])
    # B agrees with A except that it sees no fee in the third clause.
    labelled_b = [labelled[0], labelled[1], (["request_count"], "requests", False), labelled[3]]
    _write(data / "annotations" / "annotator_b" / "corpus_r9001.jsonl",
           [_record("corpus/r9001", TEXT, sp, *lab) for sp, lab in zip(spans, labelled_b)])
    return shared, data


def test_corpus_round_trip_drops_skipped(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    ds = load_annotations(shared, annotator="a", splits=("train",), labels=LABELS, data_dir=data)
    assert ds["text"] == ["某某局2030年年度报告", "全年主动公开信息120条。", "本年度收到申请3件，未收取信息处理费。"]
    assert ds["start"] == [0, 13, 26]
    assert ds["end"] == [12, 26, 45]
    assert ds["types"] == [[], ["publication_count"], ["request_count", "fee"]]
    assert ds["role"] == ["preamble", "active", "requests"]
    assert ds["labels"] == [[0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 1.0, 0.0]]
    assert set(ds["split"]) == {"train"} and set(ds["doc"]) == {"seeds/900_fake.txt"}


def test_corpus_gold_reads_annotator_b_for_test(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    ds = load_annotations(shared, annotator="gold", splits=("test",), labels=LABELS, data_dir=data)
    assert ds["types"] == [[], ["publication_count"], ["request_count"]]
    assert ds["doc"] == ["corpus/r9001"] * 3


def test_corpus_external_text_beside_shared_and_gold_is_b(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    external = shared.parent / "external" / "text"
    external.mkdir(parents=True)
    (external / "e9001.txt").write_text(TEXT, encoding="utf-8")
    table = json.loads((data / "splits.json").read_text(encoding="utf-8"))
    (data / "splits.json").write_text(json.dumps({**table, "external": ["external/e9001"]}), encoding="utf-8")
    spans = _spans(TEXT)
    _write(data / "annotations" / "annotator_b" / "external_e9001.jsonl",
           [_record("external/e9001", TEXT, spans[1], ["publication_count"], "active")])
    ds = load_annotations(shared, annotator="gold", splits=("external",), labels=LABELS, data_dir=data)
    assert (ds["doc"], ds["split"], ds["types"]) == (["external/e9001"], ["external"], [["publication_count"]])


def test_corpus_text_sha_mismatch_names_file(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    (shared / "seeds" / "900_fake.txt").write_text(TEXT.replace("120", "121"), encoding="utf-8")
    with pytest.raises(GongkaiError) as err:
        load_annotations(shared, annotator="a", splits=("train",), labels=LABELS, data_dir=data)
    assert err.value.code is Code.BAD_RESOURCE
    assert "annotator_a/seeds_900_fake.jsonl" in str(err.value)
    assert "text_sha256" in str(err.value)


def test_corpus_clause_sha_mismatch(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    path = data / "annotations" / "annotator_a" / "seeds_900_fake.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[1]["end"] -= 1
    _write(path, rows)
    with pytest.raises(GongkaiError, match=r"line 2: clause_sha256 differs at 13:25"):
        load_annotations(shared, annotator="a", splits=("train",), labels=LABELS, data_dir=data)


def test_corpus_unknown_type_is_error(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    with pytest.raises(GongkaiError, match="fee.*not in labels.json"):
        load_annotations(shared, annotator="a", splits=("train",), labels=LABELS[:2], data_dir=data)


def test_corpus_agreement_on_overlap(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    result = agreement(shared, labels=LABELS, data_dir=data)
    assert result["reports"] == ["corpus/r9001"]
    assert (result["spans"], result["spans_compared"]) == (4, 3)
    assert result["types"]["publication_count"]["kappa"] == 1.0
    # fee: A=[0,0,1], B=[0,0,0] -> p_o = 2/3, p_e = 2/3 -> kappa 0.
    assert result["types"]["fee"] == {"kappa": 0.0, "positives_a": 1, "positives_b": 0, "both": 0}
    assert result["types"]["problem"]["kappa"] is None  # nobody used it: undefined
    assert result["role"] == {"kappa": 1.0, "accuracy": 1.0}
    assert result["spans_differing_per_report"] == {"corpus/r9001": 1}



def test_corpus_agreement_without_the_text_compares_offsets_and_hashes(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    (shared / "corpus" / "text" / "r9001.txt").unlink()  # as for a web opening not copied back
    result = agreement(shared, labels=LABELS, data_dir=data)
    assert result["reports_without_text"] == 1
    assert (result["spans"], result["spans_compared"]) == (4, 3)
    assert result["spans_differing_per_report"] == {"corpus/r9001": 1}
    path = data / "annotations" / "annotator_b" / "corpus_r9001.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[1]["clause_sha256"] = _sha("another clause")
    _write(path, rows)
    with pytest.raises(GongkaiError, match=r"spans \(offsets or hashes\) differ"):
        agreement(shared, labels=LABELS, data_dir=data)

def _spec_types() -> tuple[str, ...]:
    text = (SHARED / "spec" / "claims.md").read_text(encoding="utf-8")
    text = text.split("## Claim types", 1)[1].split("\n## ", 1)[0]
    return tuple(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))


@pytest.mark.corpus
def test_corpus_real_annotations_load_per_split() -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus not present")
    splits = json.loads((REPO_DATA / "splits.json").read_text(encoding="utf-8"))
    labels = _spec_types()
    assert len(labels) == 10
    for split in ("train", "dev", "test"):
        ds = load_annotations(SHARED, annotator="gold", splits=(split,), labels=labels)
        assert sorted(set(ds["doc"])) == sorted(splits[split])
        assert all(len(vec) == 10 for vec in ds["labels"])


def _quantity(doc: str, span: tuple[int, int], surface: str, **labels) -> dict:
    start = TEXT.index(surface, span[0])
    return {"doc": doc, "text_sha256": _sha(TEXT), "start": span[0], "end": span[1],
            "clause_sha256": _sha(TEXT[span[0]:span[1]]), "q_start": start, "q_end": start + len(surface),
            "q_sha256": _sha(surface), **labels}


def test_quantity_gold_joins_clauses_and_keeps_those_without(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    spans = _spans(TEXT)
    gold = [_quantity("corpus/r9001", spans[1], "120条", value=120, unit="条", approx=None, negated=False),
            _quantity("corpus/r9001", spans[2], "3件", value=3, unit="件", approx=None, negated=False),
            _quantity("corpus/r9001", spans[2], "未", value=0, unit=None, approx=None, negated=True)]
    _write(data / "annotations" / "quantities" / "corpus_r9001.jsonl", gold)
    clauses = load_quantity_gold(shared, ("test",), data_dir=data)
    assert [c["text"] for c in clauses] == ["某某局2030年年度报告", "全年主动公开信息120条。", "本年度收到申请3件，未收取信息处理费。"]
    assert [[q["value"] for q in c["quantities"]] for c in clauses] == [[], [120], [3, 0]]
    assert {c["split"] for c in clauses} == {"test"}


def test_quantity_gold_fails_on_a_moved_quantity_or_a_missing_file(dirs: tuple[Path, Path]) -> None:
    shared, data = dirs
    with pytest.raises(GongkaiError) as missing:
        load_quantity_gold(shared, ("test",), data_dir=data)
    assert missing.value.code is Code.BAD_RESOURCE and "quantity gold missing" in str(missing.value)
    spans = _spans(TEXT)
    moved = _quantity("corpus/r9001", spans[1], "120条", value=120, unit="条", approx=None, negated=False)
    moved["q_start"] += 1
    _write(data / "annotations" / "quantities" / "corpus_r9001.jsonl", [moved])
    with pytest.raises(GongkaiError, match="q_sha256"):
        load_quantity_gold(shared, ("test",), data_dir=data)
    skipped = _quantity("corpus/r9001", spans[3], "7130000", value=7130000, unit=None, approx=None, negated=False)
    _write(data / "annotations" / "quantities" / "corpus_r9001.jsonl", [skipped])
    with pytest.raises(GongkaiError, match="not a kept gold clause"):
        load_quantity_gold(shared, ("test",), data_dir=data)

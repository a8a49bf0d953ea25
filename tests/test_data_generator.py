"""Synthetic clause generator (data/generate.py): determinism, label validity, balance."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "data" / "synthetic"
COUNT_TYPES = ("publication_count", "platform_count", "request_count", "appeal_count", "enforcement_count")


def _load_module():
    spec = importlib.util.spec_from_file_location("gongkai_data_generate", ROOT / "data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_module()


def _read(name: str) -> list[dict]:
    path = SYNTHETIC / name
    if not path.exists():
        pytest.skip(f"{path} not generated")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def train() -> list[dict]:
    return _read("train.jsonl")


@pytest.fixture(scope="module")
def dev() -> list[dict]:
    return _read("dev.jsonl")


@pytest.fixture(scope="module")
def bank():
    return gen.load_bank(labels=gen.load_labels())


# ------------------------------------------------------------------ small pieces


@pytest.mark.parametrize(("n", "liang", "expected"), [
    (0, False, "零"), (2, True, "两"), (2, False, "二"), (10, False, "十"), (12, False, "十二"),
    (20, False, "二十"), (105, False, "一百零五"), (110, False, "一百一十"), (1000, False, "一千"),
    (1010, False, "一千零一十"), (3046, False, "三千零四十六"),
])
def test_chinese_numeral(n: int, liang: bool, expected: str) -> None:
    assert gen.chinese_numeral(n, liang) == expected


def test_parse_nodes() -> None:
    nodes = gen.parse("收到{req}[<small:件>|没有]。")
    assert nodes == ("收到", gen.Slot("req"),
                     gen.Alt(((gen.Num("small", "件"),), ("没有",))), "。")


@pytest.mark.parametrize("bad", ["[a|b", "a]b", "<nope:件>", "x|y"])
def test_parse_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        gen.parse(bad)


def test_render_number_keeps_unit() -> None:
    rng = random.Random(0)
    for _ in range(200):
        assert gen.render_number("big", "条", rng).rstrip().endswith(("条", "条以上", "条左右"))
    assert all(gen.render_number("zero", "件", rng) in ("0件", "０件") for _ in range(20))


def test_generate_is_deterministic(bank) -> None:
    first = gen.generate(bank, 300, seed=5, use_holdout=False)
    second = gen.generate(bank, 300, seed=5, use_holdout=False)
    other = gen.generate(bank, 300, seed=6, use_holdout=False)
    assert first == second
    assert first != other
    assert len({r["text"] for r in first}) == 300


def test_main_regenerates_committed_files(tmp_path: Path) -> None:
    """`python data/generate.py --seed 13 --out data/synthetic` gives byte-identical files."""
    if not (SYNTHETIC / "train.jsonl").exists():
        pytest.skip("data/synthetic not generated")
    assert gen.main(["--seed", "13", "--out", str(tmp_path)]) == 0
    for name in ("train.jsonl", "dev.jsonl", "mlm_text.txt"):
        assert (tmp_path / name).read_bytes() == (SYNTHETIC / name).read_bytes(), name


# ------------------------------------------------------------------ templates and labels


def test_bank_types_and_roles_are_known(bank) -> None:
    labels = set(gen.load_labels())
    assert all(set(t.types) <= labels for t in bank.templates)
    assert all(set(t.roles) <= set(gen.ROLES) for t in bank.templates)
    assert {t for tpl in bank.templates for t in tpl.types} == labels


def test_labels_file_matches_spec() -> None:
    if not gen.LABELS_FILE.exists():
        pytest.skip("src/gongkai/resources/labels.json not written yet")
    assert gen.load_labels() == gen.CLAIM_TYPES
    assert set(gen.ROLES) <= set(gen.load_label_roles())


def test_roles_match_annotation_guideline() -> None:
    guide = ROOT / "docs" / "annotation.md"
    if not guide.exists():
        pytest.skip("docs/annotation.md absent")
    section = guide.read_text("utf-8").split("## 3. Section role", 1)[1].split("Rules:", 1)[0]
    roles = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))
    assert roles == set(gen.ROLES)


def test_every_template_renders(bank) -> None:
    rng = random.Random(1)
    for template in bank.templates:
        text = gen.make_clause(template, bank, rng)
        assert text and "{" not in text and "<" not in text and "[" not in text, template.id


def test_holdout_templates_only_in_dev(bank, train, dev) -> None:
    held = {t.id for t in bank.templates if t.holdout}
    used_train = {part for r in train for part in r["template"].split("#")[0].split("+")}
    used_dev = {part for r in dev for part in r["template"].split("#")[0].split("+")}
    assert not held & used_train
    assert len(held & used_dev) >= len(held) // 2


# ------------------------------------------------------------------ the committed data


def test_records_have_valid_labels(train, dev) -> None:
    labels = set(gen.load_labels())
    for rec in train + dev:
        assert set(rec) == {"text", "types", "role", "template"}
        assert set(rec["types"]) <= labels and len(set(rec["types"])) == len(rec["types"])
        assert rec["role"] in gen.ROLES


def test_train_balance(train) -> None:
    assert 15_000 <= len(train) <= 30_000
    counts = Counter(t for r in train for t in r["types"])
    assert min(counts[t] for t in gen.CLAIM_TYPES) >= 1500, counts
    assert sum(not r["types"] for r in train) >= 0.25 * len(train)
    assert set(Counter(r["role"] for r in train)) == set(gen.ROLES)


def test_no_type_share_is_realistic(train, dev) -> None:
    """Real train reports: 55 % of annotated clauses have no type; keep the synthetic share near it."""
    for records in (train, dev):
        share = sum(not r["types"] for r in records) / len(records)
        assert 0.45 <= share <= 0.55, share


def test_hard_negatives_have_no_type(bank, train) -> None:
    assert all(not t.types for t in bank.templates if t.id.startswith("hard."))
    hard = [r for r in train if r["template"].startswith("hard.") and "+" not in r["template"]]
    assert len(hard) >= 2000 and all(not r["types"] for r in hard)


def test_bury_wraps_generic_clauses_only(bank, monkeypatch) -> None:
    """The long frame keeps the clause whole and never decorates problem or planned_fix clauses."""
    rng = random.Random(4)
    body = "全年主动公开政府信息123条"
    monkeypatch.setattr(gen, "BURY_SHARE", 1.0)
    buried = [gen.decorate(body, "generic", bank, rng) for _ in range(100)]
    assert all(body in w and not w.startswith(body) and len(w) >= len(body) + 12 for w in buried)
    assert len(set(buried)) == 100
    fixes = [gen.decorate("下一步将加强培训", "fix", bank, rng) for _ in range(100)]
    assert all(f.startswith("下一步将加强培训") for f in fixes)


def test_dev_size_and_no_overlap(train, dev) -> None:
    assert 1800 <= len(dev) <= 2200
    assert not {r["text"] for r in dev} & {r["text"] for r in train}


def test_file_sizes() -> None:
    if not (SYNTHETIC / "train.jsonl").exists():
        pytest.skip("data/synthetic not generated")
    total = sum(p.stat().st_size for p in SYNTHETIC.iterdir())
    assert total < 15_000_000
    assert (SYNTHETIC / "mlm_text.txt").stat().st_size <= 5_000_000


# ------------------------------------------------------------------ labelling policy (claims.md)

QUANTITY = re.compile(r"[0-9０-９]|[零一二两三四五六七八九十百千]+[余多]?[件个条篇名人次期场项份起笔]|没有|未|无|均未|暂未|%|％")


def test_count_types_assert_a_quantity(train) -> None:
    for rec in train:
        if set(rec["types"]) & set(COUNT_TYPES):
            assert QUANTITY.search(rec["text"]), rec


def test_trap_words(train) -> None:
    for rec in train:
        text, types = re.sub("《[^》]*》", "", rec["text"]), set(rec["types"])
        if "行政事业性收费" in text and "信息处理费" not in text:
            assert "fee" not in types, rec
        if "信息处理费" in text and re.search("收取|收费|元", text):  # rule 15: studying fee rules is not fee
            assert "fee" in types, rec
        if re.search("咨询|信访|热线|投诉", text) and "申请" not in text:
            assert "request_count" not in types, rec


def test_headings_have_no_type(train) -> None:
    headings = [r for r in train if r["template"].startswith("head.")]
    assert headings and all(not r["types"] for r in headings)


def test_mlm_text_is_reports(bank) -> None:
    text = gen.mlm_text(bank, seed=3, max_bytes=20_000)
    assert 0 < len(text.encode("utf-8")) <= 20_000
    assert "{" not in text and "<" not in text
    assert re.search(r"^(一、|1、)", text, flags=re.M)
    assert re.search(r"^(五、|六、|七、)", text, flags=re.M)


WRITTEN = SYNTHETIC / "written" / "train.jsonl"
ROUND2 = SYNTHETIC / "written" / "round2.jsonl"


def _written(*paths: Path) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.mark.parametrize(("path", "at_least", "n_writers"), [(WRITTEN, 2000, 6), (ROUND2, 1200, 4)])
def test_written_clauses_are_valid_and_unique(path: Path, at_least: int, n_writers: int) -> None:
    from gongkai.claims.tagger import read_labels

    labels = read_labels()
    rows = _written(path)
    assert len(rows) >= at_least
    assert all(set(r["types"]) <= set(labels.types) and r["role"] in labels.roles for r in rows)
    writers = _by_writer(rows)
    assert len(writers) == n_writers and all(len(rows_of) >= 250 for rows_of in writers.values())


def test_written_clauses_are_unique_across_rounds() -> None:
    both = _written(WRITTEN, ROUND2)
    assert len({r["text"] for r in both}) == len(both)


def _by_writer(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["writer"], []).append(r)
    return out


@pytest.mark.skipif(not (ROOT / ".." / "shared" / "corpus").exists(), reason="needs ../shared (real report texts)")
def test_written_clauses_copy_no_real_clause() -> None:
    sys.path.insert(0, str(ROOT / "training"))
    import data as D

    real = {r["text"].strip() for r in D.real_annotations(str(D.DEFAULT_SHARED), ("train", "dev", "test"), "gold")
            if len(r["text"].strip()) >= 12}
    written = {r["text"].strip() for r in _written(WRITTEN, ROUND2)}
    # the national format's own headings and its statistics-period sentence are shared by every report
    national = re.compile(r"^(（[一二三四五六]）|[一二三四五六]、)|^本报告中?所列数据的统计期限")
    assert not {text for text in real & written if not national.match(text)}

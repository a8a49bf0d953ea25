"""BERT tagger: vocabulary, label maps, loading errors, save/load round trip, metrics."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "training"))

import toy  # noqa: E402

from gongkai.claims import metrics  # noqa: E402
from gongkai.claims.tagger import Labels, chosen_types, labels_of_config, load_tagger, read_labels  # noqa: E402
from gongkai.claims.vocab import SPECIAL_TOKENS, build_vocab, make_tokenizer  # noqa: E402
from gongkai.config import TaggerSettings  # noqa: E402
from gongkai.errors import Code, GongkaiError  # noqa: E402

TYPES = list(toy.TYPES)
ROLES = list(toy.ROLES)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(model folder, labels file) of a random 1-layer model over the toy labels."""
    root = tmp_path_factory.mktemp("tiny")
    labels = root / "labels.json"
    labels.write_text(json.dumps(toy.toy_labels()), encoding="utf-8")
    return toy.save_tiny_model(root / "model", TYPES, ROLES), labels


# -- vocabulary ---------------------------------------------------------------------------

def test_vocab_starts_with_specials_and_counts_data_characters() -> None:
    tokens = build_vocab(["厝厝纾"], max_cjk=100)
    assert tuple(tokens[:5]) == SPECIAL_TOKENS
    assert len(tokens) == len(set(tokens))
    # 5 specials + 32 punct + 10 digits + 26 letters + 38 ## (digits, letters, '.', '%')
    # + 20 full-width digits (plain and ##) + CJK punctuation, 100 jieba characters, 2 from data
    assert tokens[-2:] == ["厝", "纾"]
    assert len(tokens) == 5 + 32 + 10 + 26 + 38 + 20 + 46 + 100 + 2


def test_tokenizer_size_equals_vocabulary_and_digits_continue() -> None:
    tokens = build_vocab([], max_cjk=3000)
    tokenizer = make_tokenizer(tokens)
    assert len(tokenizer) == len(tokens)
    assert tokenizer.tokenize("2024年收到7件") == ["2", "##0", "##2", "##4", "年", "收", "到", "7", "件"]
    assert tokenizer.convert_tokens_to_ids("[MASK]") == 4


def test_tokenizer_round_trips_through_save_pretrained(tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    tokens = build_vocab([], max_cjk=500)
    make_tokenizer(tokens).save_pretrained(str(tmp_path))
    loaded = AutoTokenizer.from_pretrained(str(tmp_path), local_files_only=True)
    assert len(loaded) == len(tokens)
    assert loaded("共12条")["input_ids"] == [2] + [tokens.index(t) for t in ("共", "1", "##2", "条")] + [3]


# -- label maps -------------------------------------------------------------------------

def test_label_map_joint_head_names_roles_with_prefix() -> None:
    labels = Labels(("fee", "training"), ("preamble", "other"))
    assert labels.id2label == {0: "fee", 1: "training", 2: "role:preamble", 3: "role:other"}


def test_labels_of_config_inverts_id2label(tiny: tuple[Path, Path]) -> None:
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(str(tiny[0]), local_files_only=True)
    assert labels_of_config(config) == Labels(tuple(TYPES), tuple(ROLES))
    assert config.problem_type == "multi_label_classification"


def test_read_labels_rejects_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"types": ["fee", "fee"], "roles": ["other"]}), encoding="utf-8")
    with pytest.raises(GongkaiError) as info:
        read_labels(path)
    assert info.value.code is Code.BAD_RESOURCE


# -- loading --------------------------------------------------------------------------------

def test_missing_model_folder_is_model_not_found(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    with pytest.raises(GongkaiError) as info:
        load_tagger(TaggerSettings(model=str(tmp_path / "nothing")), labels_file=tiny[1])
    assert info.value.code is Code.MODEL_NOT_FOUND


def test_other_labels_are_label_map_mismatch(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"types": TYPES[:-1], "roles": ROLES}), encoding="utf-8")
    with pytest.raises(GongkaiError) as info:
        load_tagger(TaggerSettings(model=str(tiny[0])), labels_file=labels)
    assert info.value.code is Code.LABEL_MAP_MISMATCH
    assert "planned_fix" in str(info.value)


def test_loads_offline_and_predicts_one_result_per_text(monkeypatch: pytest.MonkeyPatch,
                                                          tiny: tuple[Path, Path]) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    tagger = load_tagger(TaggerSettings(model=str(tiny[0]), quantize=False, batch_size=2), labels_file=tiny[1])
    results = tagger.predict(["未收取信息处理费。", "收到申请3件", "好"])
    assert len(results) == 3
    assert all(set(r.scores) == set(TYPES) for r in results)
    assert all(r.role in ROLES for r in results)
    assert tagger.predict([]) == []


def test_section_hint_that_is_a_role_wins(tiny: tuple[Path, Path]) -> None:
    tagger = load_tagger(TaggerSettings(model=str(tiny[0]), quantize=False), labels_file=tiny[1])
    results = tagger.predict(["收到申请3件", "收到申请3件"], sections=["appeals", "not-a-role"])
    assert results[0].role == "appeals"
    assert results[1].role == tagger.predict(["收到申请3件"])[0].role
    with pytest.raises(ValueError, match="2 texts but 1 sections"):
        tagger.predict(["a", "b"], sections=["appeals"])


def test_monotone_path_never_goes_back() -> None:
    from gongkai.claims.tagger import monotone_path

    scores = np.log(np.array([[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]) + 1e-9)
    assert monotone_path(scores) == [0, 1, 1, 2]  # clause 3 alone would go back to state 0


def test_runs_under_a_parent_heading_are_decoded_in_order() -> None:
    from gongkai.claims.tagger import ordered_roles

    roles = ["overview", "active_disclosure", "supervision", "requests"]
    logits = np.log(np.array([[0.1, 0.8, 0.05, 0.05], [0.1, 0.1, 0.7, 0.1], [0.1, 0.6, 0.2, 0.1],
                              [0.1, 0.6, 0.2, 0.1]]))
    assert ordered_roles(["overview", "overview", "overview", "requests"], logits, roles) == \
        ["active_disclosure", "supervision", "supervision", "requests"]
    assert ordered_roles([None] * 4, logits, roles) == \
        ["active_disclosure", "supervision", "active_disclosure", "active_disclosure"]


def test_parent_bias_moves_an_unheaded_run_off_the_parent() -> None:
    from gongkai.claims.tagger import ordered_roles

    roles = ["overview", "active_disclosure", "supervision", "requests"]
    # the parent narrowly ahead in every clause of the run, as under a 一 without subsection headings
    logits = np.log(np.array([[0.5, 0.4, 0.05, 0.05], [0.45, 0.1, 0.4, 0.05], [0.6, 0.1, 0.25, 0.05]]))
    hints = ["overview"] * 3
    assert ordered_roles(hints, logits, roles) == ["overview"] * 3
    assert ordered_roles(hints, logits, roles, parent_bias=2.0) == \
        ["active_disclosure", "supervision", "supervision"]
    # a clause that is plainly the parent's keeps it
    sure = np.log(np.array([[0.98, 0.01, 0.005, 0.005]]))
    assert ordered_roles(["overview"], sure, roles, parent_bias=2.0) == ["overview"]
    # outside a parent heading the bias does nothing
    assert ordered_roles(["requests"] * 3, logits, roles, parent_bias=2.0) == ["requests"] * 3


def test_the_clauses_of_one_outline_item_share_its_best_subsection() -> None:
    from gongkai.claims.tagger import ordered_roles

    roles = ["overview", "active_disclosure", "supervision", "requests"]
    # an item (1.加强组织领导 …) whose heading reads as supervision while its later clauses lean
    # to active disclosure one by one; a lead-in clause before the items keeps its own reading
    logits = np.log(np.array([[0.7, 0.2, 0.05, 0.05], [0.05, 0.15, 0.75, 0.05], [0.05, 0.5, 0.4, 0.05],
                              [0.05, 0.55, 0.35, 0.05], [0.05, 0.8, 0.1, 0.05]]))
    hints = ["overview"] * 5
    items = [None, 1, 1, 1, 2]
    # alone, in schema order, the run never comes back from supervision to active disclosure
    assert ordered_roles(hints, logits, roles) == ["overview"] + ["active_disclosure"] * 4
    assert ordered_roles(hints, logits, roles, items=items, item_heading_weight=3.0) == \
        ["overview", "supervision", "supervision", "supervision", "active_disclosure"]
    # the heading counted once, two clauses leaning more to active disclosure outweigh it
    leaning = logits.copy()
    leaning[2:4] = np.log([0.05, 0.8, 0.1, 0.05])
    assert ordered_roles(hints, leaning, roles, items=items, item_heading_weight=1.0)[1:4] == \
        ["active_disclosure"] * 3
    assert ordered_roles(hints, leaning, roles, items=items, item_heading_weight=3.0)[1:4] == \
        ["supervision"] * 3
    # an item never takes the parent, even where every clause of it leans to the parent
    parent = np.log(np.array([[0.6, 0.3, 0.05, 0.05], [0.6, 0.1, 0.25, 0.05]]))
    assert ordered_roles(["overview"] * 2, parent, roles, items=[1, 1]) == ["active_disclosure"] * 2
    # outside a parent heading items change nothing
    assert ordered_roles(["requests"] * 5, logits, roles, items=items) == ["requests"] * 5


def test_item_roles_weights_the_first_row_of_each_item() -> None:
    from gongkai.claims.tagger import item_roles

    scores = np.log(np.array([[0.8, 0.2], [0.3, 0.7], [0.3, 0.7], [0.5, 0.5]]))
    assert item_roles(scores, [1, 1, 1, None], 1.0) == {0: 1, 1: 1, 2: 1}
    assert item_roles(scores, [1, 1, 1, None], 3.0) == {0: 0, 1: 0, 2: 0}
    assert item_roles(scores, [None] * 4, 3.0) == {}


@pytest.mark.parametrize(("hint", "expected"), [
    ("appeals", "appeals"),            # a specific heading is taken as it is
    ("overview", "supervision"),       # a parent heading narrows to itself and its subsections
    ("problems", "problems"),
    ("preamble", "preamble"),
    (None, "requests"),
    ("no-such-role", "requests"),
])
def test_choose_role(hint: str | None, expected: str) -> None:
    from gongkai.claims.tagger import choose_role

    roles = ["overview", "supervision", "requests", "problems", "improvements", "appeals", "preamble"]
    logits = np.array([0.1, 0.5, 0.9, 0.3, 0.2, 0.0, 0.0])
    assert choose_role(hint, logits, roles) == expected


def test_save_load_round_trip_gives_identical_predictions(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny[0], copy)
    (copy / "thresholds.json").write_text(json.dumps({t: 0.5 for t in TYPES}), encoding="utf-8")
    texts = [t.format(n=7) for t, _, _ in toy.TEMPLATES]
    for quantize in (False, True):
        first = load_tagger(TaggerSettings(model=str(tiny[0]), quantize=quantize), labels_file=tiny[1])
        second = load_tagger(TaggerSettings(model=str(copy), quantize=quantize), labels_file=tiny[1])
        assert first.predict(texts) == second.predict(texts)
        # batching and length sorting do not change a clause's scores (int8: activation ranges are
        # per batch, so a clause's logits move slightly with its batch mates)
        np.testing.assert_allclose(first.logits(texts)[3], first.logits([texts[3]])[0],
                                   atol=5e-3 if quantize else 1e-5)


def test_tuned_thresholds_are_read_per_type(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny[0], copy)
    (copy / "thresholds.json").write_text(json.dumps({t: 0.999 for t in TYPES} | {"fee": 0.001}), "utf-8")
    tagger = load_tagger(TaggerSettings(model=str(copy), quantize=False), labels_file=tiny[1])
    assert [r.types for r in tagger.predict(["未收取信息处理费。", "好"])] == [("fee",), ("fee",)]


def test_chosen_types_takes_the_agreed_threshold_only_where_the_rules_give_the_type() -> None:
    types = ("fee", "training", "problem")
    probs = np.array([0.35, 0.35, 0.6])
    plain, agreed = np.array([0.5, 0.5, 0.5]), np.array([0.3, 0.3, 0.7])
    assert chosen_types(types, probs, plain) == ("problem",)
    assert chosen_types(types, probs, plain, agreed, ("fee",)) == ("fee", "problem")
    assert chosen_types(types, probs, plain, agreed, ("fee", "problem")) == ("fee",)  # agreed may be higher
    assert chosen_types(types, probs, plain, None, ("fee",)) == ("problem",)  # no agreed thresholds: rules unread


def test_rule_agreement_thresholds_apply_to_clauses_the_rules_tag(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny[0], copy)
    (copy / "thresholds.json").write_text(json.dumps({t: 0.999 for t in TYPES}), "utf-8")
    texts = ["未收取信息处理费。", "好"]  # the rules tag fee on the first, nothing on the second
    plain = load_tagger(TaggerSettings(model=str(copy), quantize=False), labels_file=tiny[1])
    assert [r.types for r in plain.predict(texts)] == [(), ()]
    (copy / "thresholds_with_rules.json").write_text(json.dumps({"fee": 0.0, "training": 0.0}), "utf-8")
    gated = load_tagger(TaggerSettings(model=str(copy), quantize=False), labels_file=tiny[1])
    assert gated.rule_hints is None and gated.rules is not None  # the rules run for the thresholds alone
    assert [r.types for r in gated.predict(texts)] == [("fee",), ()]
    np.testing.assert_array_equal(gated.agreed_thresholds, [0.0 if t in ("fee", "training") else 0.999 for t in TYPES])


# -- metrics ----------------------------------------------------------------------------------

def test_type_scores_exact_values() -> None:
    gold = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 0]])
    pred = np.array([[1, 0, 0], [0, 1, 1], [0, 1, 0], [1, 0, 0]])
    out = metrics.type_scores(gold, pred, ["a", "b", "c"])
    assert out["per_type"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "predicted": 2}
    assert out["per_type"]["b"]["f1"] == 1.0
    assert out["per_type"]["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "predicted": 1}
    assert out["macro_f1"] == 0.75  # c has no gold clause: left out of the mean
    assert out["micro_f1"] == pytest.approx(2 * 3 / (5 + 4))
    assert out["exact_match"] == 0.5


def test_unknown_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown claim type 'x'"):
        metrics.to_matrix([["a"], ["x"]], ["a", "b"])


def test_tune_thresholds_picks_the_separating_value() -> None:
    probs = np.array([[0.9, 0.2], [0.7, 0.3], [0.32, 0.1], [0.1, 0.6]])
    gold = np.array([[1, 0], [1, 0], [0, 0], [0, 0]])
    assert metrics.tune_thresholds(probs, gold) == [0.5, 0.5]
    gold[2, 0] = 1
    assert metrics.tune_thresholds(probs, gold)[0] == 0.3
    assert metrics.tune_thresholds(probs, gold, min_support=4)[0] == 0.5  # 3 positives: too few


def test_compute_metrics_splits_types_and_roles() -> None:
    logits = np.array([[3.0, -3.0, 0.1, 2.0], [-3.0, 3.0, 2.0, 0.0]])
    labels = np.array([[1, 0, 0, 1], [0, 1, 0, 0]], dtype=float)  # second clause has no gold role
    out = metrics.compute_metrics(logits, labels, ["a", "b"], ["r1", "r2"])
    assert out["macro_f1"] == 1.0
    assert out["role_accuracy"] == 1.0
    assert out["f1_a"] == 1.0


def test_shipped_checkpoint_matches_labels_json_and_size_budget() -> None:
    from transformers import AutoConfig, AutoTokenizer

    from gongkai.claims.tagger import shipped_model_dir

    folder = shipped_model_dir()
    if not (folder / "model.safetensors").exists():
        pytest.skip("no shipped checkpoint in src/gongkai/models/")
    config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
    assert labels_of_config(config) == read_labels()
    assert len(AutoTokenizer.from_pretrained(str(folder), local_files_only=True)) == config.vocab_size
    from gongkai.claims.tagger import member_dirs

    members = member_dirs(folder)  # a seed ensemble ships every member's weights
    assert sum((m / "model.safetensors").stat().st_size for m in members) <= 30 * 2**20
    assert not list(folder.rglob("*.bin")) and not list(folder.rglob("*.pt"))  # safetensors only
    for member in members[1:]:
        assert labels_of_config(AutoConfig.from_pretrained(str(member), local_files_only=True)) == read_labels()
    thresholds = json.loads((folder / "thresholds.json").read_text(encoding="utf-8"))
    assert list(thresholds) == list(read_labels().types)


# -- section context ----------------------------------------------------------------------------


def test_section_context_model_reads_heading_phrase_pairs(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    from gongkai.claims.tagger import CONTEXT_FILE, read_section_context

    copy = tmp_path / "ctx"
    shutil.copytree(tiny[0], copy)
    plain = load_tagger(TaggerSettings(model=str(copy), quantize=False), labels_file=tiny[1])
    assert plain.context is None
    text = "下一步加强培训。"
    (copy / CONTEXT_FILE).write_text(json.dumps(read_section_context().to_json()), encoding="utf-8")
    paired = load_tagger(TaggerSettings(model=str(copy), quantize=False), labels_file=tiny[1])
    assert paired.context is not None and paired.context.phrase("improvements") == "改进情况"
    assert paired.context.phrase(None) == paired.context.phrase("no-such-key") == "未知"
    # the same clause under two headings gives two inputs, and without context the clause alone
    under_fixes, under_other = paired.logits([text, text], ["improvements", "other"])
    assert not np.allclose(under_fixes, under_other)
    np.testing.assert_allclose(paired.logits([text])[0], paired.logits([text], [None])[0], atol=1e-6)
    assert not np.allclose(plain.logits([text])[0], paired.logits([text])[0])


def test_section_context_rejects_empty_phrases(tmp_path: Path) -> None:
    from gongkai.claims.tagger import read_section_context

    path = tmp_path / "ctx.json"
    path.write_text(json.dumps({"unknown": "未知", "phrases": {"other": ""}}), encoding="utf-8")
    with pytest.raises(GongkaiError) as caught:
        read_section_context(path)
    assert caught.value.code == Code.BAD_RESOURCE


def test_batch_encoder_gives_what_the_tokenizer_wrapper_gives() -> None:
    """The inference fast path must feed the model exactly what training fed it."""
    import torch
    from transformers import AutoTokenizer

    from gongkai.claims.tagger import BatchEncoder, encode_clauses, shipped_model_dir

    tokenizer = AutoTokenizer.from_pretrained(str(shipped_model_dir()), local_files_only=True)
    texts = ["本年度共收到政府信息公开申请１２件。", "无", "APP 3个，12 3件" * 3, "公开行政处罚933条，" * 20]
    phrases = ["依申请公开；申请", "无", "平台建设；平台", "主动公开；发布；处罚"]
    assert BatchEncoder.usable(tokenizer)
    encoder = BatchEncoder(tokenizer, max_length=32)
    for pair in (phrases, None):
        fast = encoder(texts, pair)
        slow = encode_clauses(tokenizer, texts, pair, padding=True, max_length=32, return_tensors="pt")
        assert set(fast) == set(slow)
        for key in slow:
            assert torch.equal(fast[key], slow[key]), key
        assert fast["input_ids"].shape[1] == 32  # the long clause was truncated, the rest padded to it


# -- seed ensembles ------------------------------------------------------------------------------

def test_combine_logits_averages_member_probabilities() -> None:
    from gongkai.claims.tagger import combine_logits

    rng = np.random.default_rng(0)
    first, second = rng.normal(size=(4, 5)).astype(np.float32), rng.normal(size=(4, 5)).astype(np.float32)
    assert combine_logits([first], 2) is first  # one member passes unchanged
    joint = combine_logits([first, second], 2)
    np.testing.assert_allclose(metrics.sigmoid(joint[:, :2]),
                               (metrics.sigmoid(first[:, :2]) + metrics.sigmoid(second[:, :2])) / 2, rtol=1e-5)

    def softmax(x: np.ndarray) -> np.ndarray:
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    np.testing.assert_allclose(np.exp(joint[:, 2:]), (softmax(first[:, 2:]) + softmax(second[:, 2:])) / 2,
                               rtol=1e-5)


def test_ensemble_folder_averages_its_members(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    from gongkai.claims.tagger import ENSEMBLE_FILE, combine_logits

    folder = tmp_path / "ens"
    shutil.copytree(tiny[0], folder)
    toy.save_tiny_model(folder / "members" / "seed7", TYPES, ROLES, seed=7)
    texts = [t.format(n=3) for t, _, _ in toy.TEMPLATES]
    settings = {"quantize": False}
    alone = load_tagger(TaggerSettings(model=str(folder), **settings), labels_file=tiny[1])
    member = load_tagger(TaggerSettings(model=str(folder / "members" / "seed7"), **settings), labels_file=tiny[1])
    (folder / ENSEMBLE_FILE).write_text(json.dumps({"members": ["members/seed7"]}), encoding="utf-8")
    both = load_tagger(TaggerSettings(model=str(folder), **settings), labels_file=tiny[1])
    assert len(both.models) == 2 and len(alone.models) == 1
    expected = combine_logits([alone.logits(texts), member.logits(texts)], len(TYPES))
    np.testing.assert_allclose(both.logits(texts), expected, rtol=1e-4, atol=1e-5)
    results = both.predict(texts)
    assert len(results) == len(texts) and all(r.role in ROLES for r in results)
    first_only = load_tagger(TaggerSettings(model=str(folder), members=1, **settings), labels_file=tiny[1])
    assert len(first_only.models) == 1
    np.testing.assert_allclose(first_only.logits(texts), alone.logits(texts), atol=1e-6)
    with pytest.raises(ValueError, match="claims.members"):
        TaggerSettings(members=-1)


def test_ensemble_member_missing_or_reading_other_inputs_is_an_error(tmp_path: Path,
                                                                     tiny: tuple[Path, Path]) -> None:
    from gongkai.claims.tagger import CONTEXT_FILE, ENSEMBLE_FILE, read_section_context

    folder = tmp_path / "ens"
    shutil.copytree(tiny[0], folder)
    (folder / ENSEMBLE_FILE).write_text(json.dumps({"members": ["members/gone"]}), encoding="utf-8")
    with pytest.raises(GongkaiError) as err:
        load_tagger(TaggerSettings(model=str(folder), quantize=False), labels_file=tiny[1])
    assert err.value.code == Code.MODEL_NOT_FOUND
    shutil.copytree(tiny[0], folder / "members" / "gone")
    (folder / CONTEXT_FILE).write_text(json.dumps(read_section_context().to_json()), encoding="utf-8")
    with pytest.raises(GongkaiError) as err:  # member 0 reads heading phrases, the other does not
        load_tagger(TaggerSettings(model=str(folder), quantize=False), labels_file=tiny[1])
    assert err.value.code == Code.ENSEMBLE_MISMATCH


def test_bench_measures_batch_dependence(tiny: tuple[Path, Path]) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import bench_tagger

    texts = [t.format(n=n) for n in (1, 2) for t, _, _ in toy.TEMPLATES]
    texts += texts[:3]  # repeats are measured once
    fp32 = load_tagger(TaggerSettings(model=str(tiny[0]), quantize=False), labels_file=tiny[1])
    found = bench_tagger.batch_dependence(fp32, texts, None, chunk=3)
    assert found["rebatched_clauses"] == len(set(texts)) < len(texts)
    assert found["rebatched_type_set_changes"] == 0 and found["rebatched_max_score_change"] < 1e-3


# -- long clauses ---------------------------------------------------------------------------

def test_clause_windows_cover_a_long_text_with_overlap() -> None:
    from gongkai.claims.tagger import clause_windows

    long = "".join(chr(0x4E00 + i) for i in range(100))
    pieces, owners = clause_windows(["短句。", long], [40, 40], overlap=8)
    assert pieces[0] == "短句。" and owners == [0] + [1] * (len(pieces) - 1)
    windows = pieces[1:]
    assert all(len(w) <= 40 for w in windows)
    assert windows[0] == long[:40] and long.endswith(windows[-1])
    for a, b in zip(windows, windows[1:]):
        assert a[-8:] == b[:8]  # neighbours share the overlap, so nothing is lost at a seam
    assert "".join(w if i == 0 else w[8:] for i, w in enumerate(windows)) == long


def test_merge_windows_claims_a_type_any_window_claims() -> None:
    from gongkai.claims.tagger import log_softmax, merge_windows

    logits = np.array([[1.0, -2.0, 0.5, 0.1],   # text 0, one piece
                       [-3.0, -1.0, 2.0, 0.0],  # text 1, first piece
                       [-2.0, 4.0, 0.0, 2.0]],  # text 1, second piece
                      dtype=np.float32)
    merged = merge_windows(logits, [0, 1, 1], 2, n_types=2)
    np.testing.assert_array_equal(merged[0], logits[0])
    np.testing.assert_array_equal(merged[1, :2], [-2.0, 4.0])
    np.testing.assert_allclose(merged[1, 2:], log_softmax(logits[1:, 2:]).mean(axis=0), rtol=1e-6)


def test_long_clause_is_read_in_windows_unless_truncation_is_asked(tiny: tuple[Path, Path]) -> None:
    from gongkai.claims.tagger import merge_windows

    settings = {"model": str(tiny[0]), "quantize": False, "max_length": 64}  # room: 61 characters
    windows = load_tagger(TaggerSettings(**settings), labels_file=tiny[1])
    cut = load_tagger(TaggerSettings(long_clauses="truncate", **settings), labels_file=tiny[1])
    short, long = "公开信息3条。", "本年度" + "公开政府信息" * 12 + "共计3条。"
    np.testing.assert_allclose(windows.logits([short]), cut.logits([short]), atol=1e-6)
    assert len(long) == 80
    pieces = [long[:61], long[45:]]  # the second starts 16 characters (the overlap) before the first ends
    expected = merge_windows(cut.logits(pieces), [0] * len(pieces), 1, len(TYPES))
    np.testing.assert_allclose(windows.logits([long]), expected, rtol=1e-5, atol=1e-5)
    assert not np.allclose(cut.logits([long]), expected, atol=1e-3)
    with pytest.raises(ValueError, match="claims.long_clauses"):
        TaggerSettings(long_clauses="split")

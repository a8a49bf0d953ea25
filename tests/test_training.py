"""finetune.py end to end on toy data: loss goes down, the folder reloads, arguments are checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))

import finetune  # noqa: E402
import toy  # noqa: E402

TINY = ["--hidden_size", "32", "--num_hidden_layers", "1", "--num_attention_heads", "2",
        "--intermediate_size", "64", "--vocab_max_cjk", "300", "--max_seq_length", "32",
        "--report_to", "none", "--save_strategy", "no", "--use_cpu", "--seed", "3",
        "--disable_tqdm", "true", "--train_sampling_strategy", "group_by_length"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, float]]:
    """(output folder, labels file, final metrics) of a 40-step toy run."""
    root = tmp_path_factory.mktemp("finetune")
    paths = toy.write_toy(root / "toy", n_train=320, n_dev=60)
    out = root / "out"
    final = finetune.main(["--train_file", str(paths["train"]), "--validation_file", str(paths["dev"]),
                           "--labels_file", str(paths["labels"]), "--output_dir", str(out),
                           "--max_steps", "40", "--per_device_train_batch_size", "16",
                           "--learning_rate", "3e-3", "--logging_steps", "5", "--eval_strategy", "no",
                           "--rule_agreement_threshold", "0.3", *TINY])
    return out, paths["labels"], final


def test_loss_goes_down(trained: tuple[Path, Path, dict[str, float]]) -> None:
    state = json.loads((trained[0] / "trainer_state.json").read_text(encoding="utf-8"))
    losses = [entry["loss"] for entry in state["log_history"] if "loss" in entry]
    assert len(losses) == 8
    assert losses[-1] < 0.9 * losses[0]
    assert sum(losses[4:]) < sum(losses[:4])


def test_folder_has_results_thresholds_and_arguments(trained: tuple[Path, Path, dict[str, float]]) -> None:
    out = trained[0]
    results = json.loads((out / "all_results.json").read_text(encoding="utf-8"))
    assert {"eval_macro_f1", "eval_role_accuracy", "eval_micro_f1", "train_loss"} <= set(results)
    assert results["eval_samples"] == 60
    thresholds = json.loads((out / "thresholds.json").read_text(encoding="utf-8"))
    assert list(thresholds) == list(toy.TYPES)
    agreed = json.loads((out / "thresholds_with_rules.json").read_text(encoding="utf-8"))
    assert agreed == {t: 0.3 for t in toy.TYPES}
    args = json.loads((out / "arguments.json").read_text(encoding="utf-8"))
    assert args["model"]["hidden_size"] == 32 and args["training"]["max_steps"] == 40
    assert (out / "model.safetensors").exists() and not (out / "training_args.bin").exists()
    assert (out / "dev_results.json").exists() and not (out / "eval_results.json").exists()
    assert trained[2]["eval_macro_f1"] == results["eval_macro_f1"]


def test_folder_reloads_as_tagger_with_its_labels(trained: tuple[Path, Path, dict[str, float]]) -> None:
    from transformers import AutoModelForSequenceClassification

    from gongkai.claims.tagger import load_tagger
    from gongkai.config import TaggerSettings

    model = AutoModelForSequenceClassification.from_pretrained(str(trained[0]), use_safetensors=True)
    assert model.config.id2label[0] == "publication_count"
    assert model.config.id2label[10] == "role:preamble"
    tagger = load_tagger(TaggerSettings(model=str(trained[0]), quantize=True), labels_file=trained[1])
    assert len(tagger.predict(["未收取信息处理费。", "下一步将进一步规范信息发布审核流程。"])) == 2


def test_saved_eval_metrics_match_the_reloaded_model(trained: tuple[Path, Path, dict[str, float]]) -> None:
    """group_by_length also reorders the eval set: the saved metrics must still be per clause."""
    from gongkai.claims import metrics
    from gongkai.claims.tagger import load_tagger
    from gongkai.config import TaggerSettings

    records = [json.loads(line) for line in (trained[0].parent / "toy" / "dev.jsonl").read_text("utf-8").splitlines()]
    tagger = load_tagger(TaggerSettings(model=str(trained[0]), quantize=False), labels_file=trained[1])
    results = tagger.predict([r["text"] for r in records])
    roles = metrics.role_accuracy([r["role"] for r in records], [r.role for r in results])
    assert roles == pytest.approx(trained[2]["eval_role_accuracy"])
    gold = metrics.to_matrix([r["types"] for r in records], toy.TYPES)
    pred = metrics.to_matrix([r.types for r in results], toy.TYPES)
    assert metrics.type_scores(gold, pred, toy.TYPES)["macro_f1"] == pytest.approx(trained[2]["eval_macro_f1"])


def test_unknown_label_in_data_is_an_error(tmp_path: Path) -> None:
    paths = toy.write_toy(tmp_path / "toy", n_train=5, n_dev=5)
    paths["train"].write_text(json.dumps({"text": "x", "types": ["gossip"], "role": "other"}) + "\n", "utf-8")
    with pytest.raises(ValueError, match="unknown claim type"):
        finetune.main(["--train_file", str(paths["train"]), "--labels_file", str(paths["labels"]),
                       "--output_dir", str(tmp_path / "out"), "--max_steps", "1", *TINY])


def test_needs_training_data(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="need train_file"):
        finetune.main(["--output_dir", str(tmp_path / "out"), *TINY])


def test_evaluation_notebook_runs_in_quick_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from gongkai.claims.tagger import shipped_model_dir

    if not (shipped_model_dir() / "model.safetensors").exists():
        pytest.skip("no shipped checkpoint in src/gongkai/models/")
    monkeypatch.setenv("GONGKAI_QUICK", "1")
    notebook = nbformat.read(REPO / "notebooks" / "evaluation.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")  # stripped
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    summary = next(c for c in notebook.cells if "E.summary_table(report)" in c.source)
    html = next(o for o in summary.outputs if o["output_type"] == "execute_result")["data"]["text/html"]
    assert "bert" in html and "rules" in html and "union" in html and "macro_f1" in html
    quantities = next(c for c in notebook.cells if "eval_quantities.main" in c.source)
    shown = " ".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in quantities.outputs)
    assert "strict f1" in shown or "../shared is absent" in shown


def test_context_run_saves_its_phrase_table_and_unseen_rows_share_unk(tmp_path: Path) -> None:
    """--section_context writes section_context.json; --unseen_to_unk leaves only seen rows their own."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from gongkai.claims.tagger import CONTEXT_FILE, load_tagger, read_section_context
    from gongkai.config import TaggerSettings

    paths = toy.write_toy(tmp_path / "toy", n_train=64, n_dev=16)
    out = tmp_path / "out"
    finetune.main(["--train_file", str(paths["train"]), "--validation_file", str(paths["dev"]),
                   "--labels_file", str(paths["labels"]), "--output_dir", str(out), "--max_steps", "3",
                   "--eval_strategy", "no", "--section_context", "--unseen_to_unk", *TINY])
    assert read_section_context(out / CONTEXT_FILE) == read_section_context()
    model = AutoModelForSequenceClassification.from_pretrained(str(out), use_safetensors=True)
    tokenizer = AutoTokenizer.from_pretrained(str(out))
    weight = model.get_input_embeddings().weight.detach()
    unk = weight[tokenizer.unk_token_id]
    shares_unk = {i for i in range(weight.shape[0]) if bool((weight[i] == unk).all())}
    seen = {i for text in (json.loads(x)["text"] for x in paths["train"].read_text("utf-8").splitlines())
            for i in tokenizer(text)["input_ids"]}
    assert tokenizer.convert_tokens_to_ids("信") not in shares_unk  # in the toy clauses
    assert tokenizer.convert_tokens_to_ids("鑫") in shares_unk  # a jieba character they never use
    assert not (seen - {tokenizer.unk_token_id}) & shares_unk
    tagger = load_tagger(TaggerSettings(model=str(out), quantize=False), labels_file=paths["labels"])
    assert tagger.context is not None


def test_augment_text_varies_numbers_and_keeps_zero_and_full_rates() -> None:
    import random

    import data as D

    rng = random.Random(0)
    variants = [D.augment_text("共收到申请12件，答复率100%，行政复议0件。", rng, unk_prob=0.0) for _ in range(30)]
    assert all("100%" in v and "0件" in v for v in variants)
    assert len({v for v in variants}) > 10
    assert all(v.endswith("。") for v in variants)
    assert D.augment_unk("收到申请", random.Random(0), 1.0) == "[UNK]" * 4


def test_noisy_hint_is_role_parent_or_nothing() -> None:
    import random

    import data as D

    rng = random.Random(0)
    hints = [D.noisy_hint("improvements", rng, 0.5, 0.3) for _ in range(400)]
    assert set(hints) == {"improvements", "problems", None}
    assert 150 < hints.count("improvements") < 250 and 80 < hints.count("problems") < 160
    assert {D.noisy_hint("other", rng, 0.0, 1.0) for _ in range(20)} == {"other"}  # no parent
    assert D.noisy_hint(None, rng, 1.0, 0.0) is None


def test_rule_hint_run_saves_its_word_table_and_reads_the_rules_at_inference(tmp_path: Path) -> None:
    from gongkai.claims.tagger import RULE_HINTS_FILE, load_tagger, read_rule_hints
    from gongkai.config import TaggerSettings

    paths = toy.write_toy(tmp_path / "toy", n_train=64, n_dev=16)
    out = tmp_path / "out"
    finetune.main(["--train_file", str(paths["train"]), "--validation_file", str(paths["dev"]),
                   "--labels_file", str(paths["labels"]), "--output_dir", str(out), "--max_steps", "3",
                   "--eval_strategy", "no", "--rule_hints", *TINY])
    assert read_rule_hints(out / RULE_HINTS_FILE) == read_rule_hints()
    tagger = load_tagger(TaggerSettings(model=str(out), quantize=False), labels_file=paths["labels"])
    assert tagger.rules is not None and tagger.context is None
    assert len(tagger.predict(["未收取信息处理费。"], ["other"])) == 1


def test_rule_types_follow_the_rules_and_noise_only_in_training() -> None:
    import random

    import data as D
    from gongkai.claims.tagger import read_labels

    types = read_labels().types
    records = [{"text": "本年度未收取信息处理费。", "hint": "other"}, {"text": "天气晴朗。", "hint": None}]
    clean = D.with_rule_types(records, types)
    assert [r["rule_types"] for r in clean] == [["fee"], []]
    assert records[0].get("rule_types") is None  # records are copied, not changed
    noisy = D.with_rule_types(records * 200, types, random.Random(0), drop=0.5, add=0.2)
    dropped = sum(1 for r in noisy[::2] if r["rule_types"] == [])
    added = sum(1 for r in noisy[1::2] if r["rule_types"])
    assert 60 < dropped < 140 and 20 < added < 70


def test_pair_phrases_join_heading_phrase_and_rule_verdict() -> None:
    from gongkai.claims.tagger import pair_phrases, read_rule_hints, read_section_context

    context, rules = read_section_context(), read_rule_hints()
    assert pair_phrases(["other", None], None, None, None) is None
    assert pair_phrases(["other"], None, rules, [["fee", "training"]]) == ["收费，培训"]
    assert pair_phrases([None], None, rules, [[]]) == [rules.none]
    assert pair_phrases(["other"], context, rules, [["fee"]]) == ["其他事项；收费"]
    assert pair_phrases(["other"], context, None, None) == ["其他事项"]


def test_thresholds_file_is_kept_instead_of_tuning(tmp_path: Path) -> None:
    """crossval.py --final hands the pooled thresholds over; the run must keep them as given."""
    paths = toy.write_toy(tmp_path / "toy", n_train=64, n_dev=16)
    given = {t: round(0.3 + 0.05 * i, 2) for i, t in enumerate(toy.TYPES)}
    (tmp_path / "given.json").write_text(json.dumps(given), encoding="utf-8")
    out = tmp_path / "out"
    final = finetune.main(["--train_file", str(paths["train"]), "--validation_file", str(paths["dev"]),
                           "--labels_file", str(paths["labels"]), "--output_dir", str(out), "--max_steps", "3",
                           "--eval_strategy", "no", "--thresholds_file", str(tmp_path / "given.json"), *TINY])
    assert json.loads((out / "thresholds.json").read_text(encoding="utf-8")) == given
    assert "eval_macro_f1" in final  # scored with the given thresholds, not tuned ones


def test_crossval_final_config_trains_on_every_report_without_validation(tmp_path: Path) -> None:
    import crossval

    config = crossval.final_config({"num_train_epochs": 8, "tune_thresholds": True}, {"rule_hints": True},
                                   ["seeds/a.txt", "corpus/r1"], tmp_path / "t.json", tmp_path / "final")
    assert config["train_reports"] == "seeds/a.txt,corpus/r1" and config["rule_hints"] is True
    assert config["validation_reports"] == finetune.NO_VALIDATION and not config["tune_thresholds"]
    assert finetune._report_list(config["validation_reports"]) is None
    assert config["thresholds_file"] == str(tmp_path / "t.json") and config["num_train_epochs"] == 8


def test_crossval_keeps_near_duplicate_reports_in_one_fold() -> None:
    import crossval

    reports = ["seeds/a", "seeds/b", "c1", "c2", "c3", "d1", "d2", "d3", "d4"]
    folds = crossval.deal_folds(reports, 3, seed=1, groups=[["d1", "d2", "d3", "d4"], ["absent"]])
    assert sorted(r for f in folds for r in f) == sorted(reports)
    assert sum(1 for f in folds if {"d1", "d2", "d3", "d4"} <= set(f)) == 1
    assert [sum(r.startswith("seeds/") for r in f) for f in folds].count(1) == 2
    assert sorted(map(len, folds)) == [2, 3, 4]  # the group fills the empty fold, singletons even out the rest


def test_nested_threshold_check_sees_when_tuning_pays_on_unseen_folds() -> None:
    """A type whose positives all score 0.3 gains from a lower threshold in every fold; one whose
    scores are noise does not, so tuning on some folds cannot beat 0.5 on another."""
    from types import SimpleNamespace

    import crossval
    import numpy as np

    labels = SimpleNamespace(types=("a",))
    records, preds, fold_of = [], [], []
    for k in range(3):
        for i in range(40):
            positive = i % 2 == 0
            records.append({"types": ["a"] if positive else []})
            preds.append(SimpleNamespace(scores={"a": 0.3 if positive else 0.1}))
            fold_of.append(k)
    clear = crossval.nested_threshold_check(records, preds, fold_of, labels, min_support=1)
    assert clear["macro_f1_at_0.5"] == 0.0 and clear["macro_f1_nested_tuned"] == 1.0

    rng = np.random.default_rng(0)
    noise = [SimpleNamespace(scores={"a": float(rng.uniform(0.4, 0.6))}) for _ in records]
    noisy = crossval.nested_threshold_check(records, noise, fold_of, labels, min_support=1)
    assert noisy["macro_f1_nested_tuned"] < 0.75


def test_crossval_final_runs_end_to_end_on_the_real_annotations(tmp_path: Path, shared_dir: Path) -> None:
    """The documented retraining command, with a tiny model and a few steps: folds, pooled scores,
    the nested threshold check and a final seed-ensemble folder that loads as a tagger."""
    import crossval

    from gongkai.claims.tagger import load_tagger
    from gongkai.config import TaggerSettings

    config = {"hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 64,
              "vocab_max_cjk": 300, "max_seq_length": 32, "report_to": "none", "save_strategy": "no", "seed": 3}
    config.update({"use_real_annotations": True, "rule_hints": True, "section_context": True, "max_steps": 4,
                   "per_device_train_batch_size": 16, "use_cpu": True, "output_dir": str(tmp_path / "unused"),
                   "disable_tqdm": True, "shared_dir": str(shared_dir)})
    config_path = tmp_path / "tiny.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    final = tmp_path / "final"
    report = crossval.main([str(config_path), "--name", "t", "--runs_dir", str(tmp_path / "cv"), "--folds", "2",
                            "--shared_dir", str(shared_dir), "--seeds", "3,5", "--final", str(final)])
    assert report["n_clauses"] > 500 and len(report["folds"]) == 2
    assert set(report["threshold_check"]) == {"macro_f1_at_0.5", "macro_f1_nested_tuned"}
    saved = json.loads((final / "cv_results.json").read_text(encoding="utf-8"))
    assert saved["thresholds"].startswith(("0.5", "tuned"))
    args = json.loads((final / "arguments.json").read_text(encoding="utf-8"))
    assert args["data"]["validation_reports"] == "none" and len(args["data"]["train_reports"].split(",")) == 15
    assert json.loads((final / "ensemble.json").read_text(encoding="utf-8"))["members"] == ["members/seed5"]
    member_args = json.loads((final / "members" / "seed5" / "arguments.json").read_text(encoding="utf-8"))
    assert (args["training"]["seed"], member_args["training"]["seed"]) == (3, 5)
    assert (tmp_path / "cv" / "t" / "fold1" / "members" / "seed5" / "model.safetensors").exists()
    tagger = load_tagger(TaggerSettings(model=str(final), quantize=False))
    assert len(tagger.models) == 2 and tagger.rules is not None and tagger.context is not None
    assert len(tagger.predict(["本年度共收到政府信息公开申请12件。"], ["request_disclosure"])) == 1


def test_soft_role_targets_give_the_hard_loss_for_one_hot_rows() -> None:
    import torch

    logits = torch.tensor([[0.3, -1.0, 2.0, 0.1, -0.5], [1.0, 0.0, -2.0, 0.4, 0.9]])
    labels = torch.tensor([[1.0, 0.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0, 1.0]])
    hard = (torch.nn.functional.binary_cross_entropy_with_logits(logits[:, :2], labels[:, :2])
            + torch.nn.functional.cross_entropy(logits[:, 2:], labels[:, 2:].argmax(dim=1)))
    assert finetune.joint_loss(logits, labels, 2, 1.0).item() == pytest.approx(hard.item(), rel=1e-6)


def test_teacher_targets_mix_gold_and_teacher(trained: tuple[Path, Path, dict[str, float]]) -> None:
    import numpy as np

    from gongkai.claims.tagger import read_labels

    labels = read_labels(trained[1])
    records = [json.loads(line) for line in (trained[0].parent / "toy" / "dev.jsonl").read_text("utf-8").splitlines()]
    records = records[:12] + [{"text": "没有角色的句子。", "types": [], "role": None}]
    gold = finetune.D.targets(records, labels.types, labels.roles)
    n = len(labels.types)
    same = finetune.teacher_targets(records, labels, str(trained[0]), 0.0, str(trained[1]))
    np.testing.assert_allclose(same, gold)
    soft = finetune.teacher_targets(records, labels, str(trained[0]), 1.0, str(trained[1]))
    assert ((soft[:, :n] > 0) & (soft[:, :n] < 1)).all()  # probabilities, not 0/1
    np.testing.assert_allclose(soft[:-1, n:].sum(axis=1), 1.0, rtol=1e-5)
    assert not soft[-1, n:].any()  # no gold role: no role target either
    half = finetune.teacher_targets(records, labels, str(trained[0]), 0.5, str(trained[1]))
    np.testing.assert_allclose(half, (gold + soft) / 2, rtol=1e-5, atol=1e-6)


def test_recipe_file_takes_command_line_overrides(tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.json"
    recipe.write_text(json.dumps({"train_file": "synthetic.jsonl", "use_real_annotations": True,
                                  "rule_hints": True, "learning_rate": 0.001, "num_train_epochs": 8,
                                  "output_dir": "runs/a", "use_cpu": True, "report_to": "none"}), "utf-8")
    model, data, train = finetune.parse_args([str(recipe)])
    assert (data.train_file, data.use_real_annotations, data.rule_hints) == ("synthetic.jsonl", True, True)
    assert (train.learning_rate, train.num_train_epochs, train.output_dir) == (0.001, 8, "runs/a")
    model, data, train = finetune.parse_args([str(recipe), "--train_file", "mine.jsonl",
                                              "--use_real_annotations", "false", "--output_dir", "runs/mine"])
    assert (data.train_file, data.use_real_annotations, data.rule_hints) == ("mine.jsonl", False, True)
    assert (train.learning_rate, train.output_dir) == (0.001, "runs/mine")


def test_several_train_files_are_each_capped(tmp_path: Path) -> None:
    from gongkai.claims.tagger import read_labels

    paths = toy.write_toy(tmp_path / "toy", n_train=50, n_dev=30)
    model, data, train = finetune.parse_args(["--train_file", f"{paths['train']},{paths['dev']}",
                                              "--max_file_samples", "20", "--output_dir", str(tmp_path)])
    records, _ = finetune.load_records(data, read_labels(paths["labels"]), seed=0)
    dev_texts = {json.loads(line)["text"] for line in paths["dev"].read_text("utf-8").splitlines()}
    assert len(records) == 40 and sum(r["text"] in dev_texts for r in records) >= 20


def test_label_sheet_from_a_batch_run_trains_as_it_is(tmp_path: Path) -> None:
    import label_sheet

    from gongkai.batch import BatchOptions, run
    from gongkai.claims.tagger import read_labels
    from gongkai.config import resolve

    run([str(REPO / "examples")], BatchOptions(out=tmp_path / "out", quiet=True), resolve())
    sheet = tmp_path / "sheet.jsonl"
    assert label_sheet.main([str(tmp_path / "out" / "clauses.parquet"), str(sheet)]) == 0
    rows = [json.loads(line) for line in sheet.read_text("utf-8").splitlines()]
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == sum(len(r["clauses"]) for r in records) > 20
    first = next(r for r in rows if r["hint"] == "preamble")
    assert first["role"] == "preamble" and first["types"] == []
    assert any(r["hint"] == "request_disclosure" and "request_count" in r["types"] for r in rows)
    model, data, train = finetune.parse_args(["--train_file", str(sheet), "--output_dir", str(tmp_path)])
    loaded, _ = finetune.load_records(data, read_labels(), seed=0)  # labels.json knows every type and role
    assert len(loaded) == len(rows)


def test_evaluate_reads_a_jsonl_files_own_heading_hints() -> None:
    import evaluate

    with_hints = [{"text": "a", "hint": "overview"}, {"text": "b", "hint": None}]
    assert evaluate.record_hints(with_hints, "unused", from_file=True) == ["overview", None]
    assert evaluate.record_hints([{"text": "a"}], "unused", from_file=True) is None
    own, bare = {"text": "a", "role": "fee_x", "hint": "overview"}, {"text": "b", "role": "supervision"}
    assert evaluate.record_hints(evaluate.with_role_hints([own, bare]), "unused", from_file=True) == [
        "overview", "supervision"]


def test_noisy_rules_drop_and_add_types_but_keep_the_role() -> None:
    import hint_robustness

    from gongkai.claims.rules import RuleTagger

    rules = RuleTagger()
    types = tuple(rules.patterns.types)
    text, hint = "本年度共收到政府信息公开申请12件，举办培训班3期。", "request_disclosure"
    clean = rules.tag(text, hint)
    assert len(clean.types) >= 2
    assert hint_robustness.NoisyRules(rules, types, 0.0, 0.0, 1).tag(text, hint).types == clean.types
    silent = hint_robustness.NoisyRules(rules, types, 1.0, 0.0, 1).tag(text, hint)
    assert silent.types == () and silent.role == clean.role
    added = hint_robustness.NoisyRules(rules, types, 0.0, 1.0, 1).tag(text, hint)
    assert set(clean.types) < set(added.types) and len(added.types) == len(clean.types) + 1


def _toy_patterns() -> object:
    from gongkai.claims.rules import parse_patterns

    return parse_patterns({"lf": [
        {"name": "fee_words", "type": "fee", "any": ["收费|工本费|(?:处理|检索)费"], "none": ["退还|减免"]},
        {"name": "training_words", "type": "training", "any": ["培训"], "weight": 0.8},
    ]})


def test_split_alternatives_keeps_groups_classes_and_escapes_whole() -> None:
    import rule_ablation as A

    assert A.split_alternatives("收费|工本费|(?:处理|检索)费") == ["收费", "工本费", "(?:处理|检索)费"]
    assert A.split_alternatives(r"[|]号|\|线|a") == ["[|]号", r"\|线", "a"]
    assert A.split_alternatives("单一") == ["单一"]


def test_a_rule_that_loses_every_admitting_alternative_is_gone_not_unbounded() -> None:
    import rule_ablation as A

    from gongkai.claims.rules import parse_patterns

    lf = parse_patterns({"lf": [{"name": "two", "type": "fee", "any": ["收费", "工本费|检索费"]}]}).lfs[0]
    gone = [A.Alternative("two", "any", 0, "收费"), A.Alternative("two", "any", 1, "工本费")]
    assert [p.pattern for p in A.without(lf, gone).any] == ["检索费"]
    assert A.without(lf, [*gone, A.Alternative("two", "any", 1, "检索费")]) is None


def test_an_alternative_is_credited_to_the_reports_whose_right_tags_need_it() -> None:
    import rule_ablation as A

    from gongkai.claims.rules import RuleTagger

    patterns = _toy_patterns()
    records = [  # invented clauses: report a needs 工本费, b needs 检索费 and 收费, both need 收费
        {"doc": "a", "text": "本年度未收取工本费。", "types": ["fee"]},
        {"doc": "a", "text": "全年收费为零。", "types": ["fee"]},
        {"doc": "b", "text": "不收取检索费。", "types": ["fee"]},
        {"doc": "b", "text": "依法不收费。", "types": ["fee"]},
        {"doc": "b", "text": "已退还收费款项。", "types": []},
        {"doc": "b", "text": "组织培训2期。", "types": ["training"]},
    ]
    needed = A.support(A.read_clauses(records, [None] * len(records), patterns), patterns)
    by_text = {(alt.field, alt.text): docs for alt, docs in needed.items()}
    assert by_text[("any", "工本费")] == {"a"}
    assert by_text[("any", "(?:处理|检索)费")] == {"b"}
    assert by_text[("any", "收费")] == {"a", "b"}
    assert by_text[("none", "退还")] == {"b"}  # without it the refund clause gets a wrong fee tag
    assert by_text[("none", "减免")] == frozenset()  # no real clause needs it: it stays everywhere
    assert by_text[("any", "培训")] == {"b"}

    removed = A.fold_removals(needed, ["b"])
    assert {a.text for a in removed} == {"(?:处理|检索)费", "退还", "培训"}
    unseen = RuleTagger(A.ablated(patterns, removed))
    assert [lf.name for lf in unseen.patterns.lfs] == ["fee_words"]  # training lost its only pattern
    assert unseen.tag("不收取检索费。").types == ()
    assert unseen.tag("本年度未收取工本费。").types == ("fee",)
    assert unseen.tag("已退还收费款项。").types == ("fee",)
    assert RuleTagger(patterns).tag("已退还收费款项。").types == ()


def test_unseen_rule_hints_come_from_the_rules_less_what_the_report_alone_needed() -> None:
    import random

    import rule_ablation as A

    import data as D
    from gongkai.claims.rules import RuleTagger
    from gongkai.claims.tagger import read_labels

    patterns = _toy_patterns()
    needed = {A.Alternative("fee_words", "any", 0, "(?:处理|检索)费"): frozenset({"b"})}
    unseen = {"b": RuleTagger(A.ablated(patterns, list(needed)))}
    record = {"doc": "b", "text": "不收取检索费。", "hint": None}
    types = read_labels().types
    rows = D.with_rule_types([{**record, "unseen_rules": False}, {**record, "unseen_rules": True}], types,
                             random.Random(0), 0.0, 0.0, unseen)
    assert [r["rule_types"] for r in rows] == [["fee"], []]


def test_near_duplicate_reports_share_their_unseen_rules(shared_dir: Path) -> None:
    import data as D

    docs = ["corpus/r0008", "corpus/r0009", "corpus/r0001"]
    real = D.real_annotations(shared_dir, ("train", "dev"), "gold", docs)
    real = [{**r, "hint": h} for r, h in zip(real, D.section_hints(real, shared_dir))]
    taggers = finetune.unseen_rule_taggers(real, "training/configs/cv_groups.json")
    assert set(taggers) == set(docs)
    assert taggers["corpus/r0008"] is taggers["corpus/r0009"] is not taggers["corpus/r0001"]
    from gongkai.claims.rules import load_patterns

    assert taggers["corpus/r0001"].patterns != load_patterns()  # some alternative only r0001 needed is out


def test_rule_ablation_scores_the_rules_lower_as_if_unseen(shared_dir: Path, tmp_path: Path) -> None:
    import rule_ablation as A

    folds = tmp_path / "cv.json"
    folds.write_text(json.dumps({"folds": [["corpus/r0001", "corpus/r0002"], ["corpus/r0004", "corpus/r0005"]]}))
    report = A.main(["--folds_from", str(folds), "--shared_dir", str(shared_dir), "--out", str(tmp_path / "o.json")])
    assert len(report["needed_by_one_fold_only"]) == 2 and all(n > 0 for n in report["needed_by_one_fold_only"])
    assert report["rules"]["as if unseen"]["macro_f1"] < report["rules"]["as written"]["macro_f1"]
    assert json.loads((tmp_path / "o.json").read_text())["alternatives"] == report["alternatives"]


def test_model_card_is_rendered_from_the_shipped_folders_records() -> None:
    import make_model_card

    folder = make_model_card.DEFAULT_MODEL
    card = make_model_card.render(folder)
    assert card == (REPO / "model_card.md").read_text(encoding="utf-8"), \
        "model_card.md is stale: python training/make_model_card.py"
    test = json.loads((folder / "eval_results.json").read_text(encoding="utf-8"))["taggers"]["bert"]
    assert f"macro-F1 over claim types, value: {test['macro_f1']:.4f}" in card
    selection = json.loads((folder / "selection.json").read_text(encoding="utf-8"))
    told = [key for key, _ in make_model_card.SELECTION_RECORDS] + make_model_card.common_web_scoring_keys(selection)
    assert {k for k in selection if isinstance(selection[k], (dict, list)) and k != "runs"} - {
        "ungrouped_folds", "rules_on_the_same_clauses", "thresholds", "hint_robustness"} <= set(told)
    record = make_model_card.render_selection(folder)
    assert record == (REPO / make_model_card.SELECTION_DOC).read_text(encoding="utf-8"), \
        f"{make_model_card.SELECTION_DOC} is stale: python training/make_model_card.py"
    for trial in selection["recipe_trials"]:
        assert f"| {trial['name']} | {trial['macro_f1']:.3f} |" in card
        assert f"{trial['name']} (" in record


def test_web_scorings_of_the_common_shape_are_rendered_in_the_order_they_were_run() -> None:
    import make_model_card

    entry = {"reports": 2, "clauses": 9, "bert_minus_rules_ci95": [-0.1, 0.2],
             **{tagger: {"macro_f1": value, "role_accuracy": 0.9, "macro_f1_ci95": [0.5, 0.9],
                         "role_accuracy_ci95": [0.8, 1.0]} for tagger, value in (("bert", 0.8), ("rules", 0.7))}}

    def scoring(title: str) -> dict:
        return {"title": title, "batch": "b", "criterion": "c", "candidate": "x", "runs": {"a": {"s": entry}},
                "table": [["a", "s", f"row of {title}"]], "verdict": "v", "default_tagger_verdict": "d",
                "issue_targets": "t", "elsewhere": "e", "types_reading": "r"}

    selection = {"web_scoring_10": scoring("Ten"), "web_scoring_1b": {"reading": "older shape"},
                 "web_scoring_9": scoring("Nine")}
    assert [r["title"] for r in make_model_card.common_web_scorings(selection)] == ["Nine", "Ten"]
    rows = make_model_card.web_scoring_rows(selection["web_scoring_9"])
    assert any(row.startswith("| row of Nine | 2 | 9 | 0.800") and "+0.100" in row for row in rows)
    assert make_model_card.verdict_lines({"macro_f1": 0.8}, {"macro_f1": 0.7}, selection)[0].count(
        "Default tagger after ten: d.") == 1


def test_mlm_recipe_with_overrides_trains_a_base_that_finetune_loads(tmp_path: Path) -> None:
    import pretrain_mlm

    text = tmp_path / "paras.txt"
    text.write_text("\n".join(f"本年度主动公开政府信息{n}条，受理申请{n % 7}件，举办培训{n % 3 + 1}期。" for n in range(400)),
                    encoding="utf-8")
    base = tmp_path / "mlm"
    metrics = pretrain_mlm.main([str(REPO / "training/configs/mlm.json"), "--text_files", str(text),
                                 "--use_real_train_reports", "false", "--output_dir", str(base), "--max_steps", "30",
                                 "--logging_steps", "5", "--hidden_size", "32", "--num_hidden_layers", "1",
                                 "--intermediate_size", "64", "--vocab_max_cjk", "300", "--max_seq_length", "32",
                                 "--disable_tqdm", "true"])
    logged = [e["loss"] for e in json.loads((base / "trainer_state.json").read_text())["log_history"] if "loss" in e]
    assert metrics["epoch"] > 0 and logged[-1] < logged[0]
    arguments = json.loads((base / "arguments.json").read_text())
    assert arguments["model"]["hidden_size"] == 32 and arguments["data"]["text_files"] == [str(text)]
    paths = toy.write_toy(tmp_path / "toy", n_train=64, n_dev=16)
    final = finetune.main(["--model_name_or_path", str(base), "--train_file", str(paths["train"]),
                           "--validation_file", str(paths["dev"]), "--labels_file", str(paths["labels"]),
                           "--output_dir", str(tmp_path / "ft"), "--max_steps", "4", "--eval_strategy", "no",
                           "--report_to", "none", "--save_strategy", "no", "--use_cpu", "--disable_tqdm", "true",
                           "--max_seq_length", "32"])
    assert "eval_macro_f1" in final
    config = json.loads((tmp_path / "ft" / "config.json").read_text())
    assert config["hidden_size"] == 32 and config["num_hidden_layers"] == 1  # the MLM base's shape, not the default
    assert (tmp_path / "ft" / "vocab.txt").read_text() == (base / "vocab.txt").read_text()


def test_evaluate_pools_unseen_splits_and_drops_clauses_seen_in_training(monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluate

    import data as D

    asked: list[tuple[str, ...]] = []

    def fake(shared_dir, splits, annotator="gold", docs=None):
        asked.append(tuple(splits))
        if tuple(splits) == ("train", "dev"):
            return [{"text": "全年主动公开信息 120条。", "doc": "corpus/r1"}]
        return [{"text": "全年主动公开信息120条。", "doc": "external/e1"},
                {"text": "本年度收到申请3件。", "doc": "corpus/r2"}]

    monkeypatch.setattr(D, "real_annotations", fake)
    records = evaluate.load_split("unseen", "shared")
    assert asked == [("test", "external")]
    # whitespace does not make a template sentence new
    assert [r["doc"] for r in evaluate.novel_only(records, "shared")] == ["corpus/r2"]


def test_evaluate_writes_real_clauses_stand_off_without_their_text() -> None:
    import evaluate

    from gongkai.claims.types import TagResult

    records = [{"doc": "corpus/r2", "start": 10, "end": 20, "text": "本年度收到申请3件。", "types": ["request_count"]},
               {"doc": None, "text": "合成句子。", "types": []}]
    results = [TagResult(types=(), scores={}, role=None), TagResult(types=("fee",), scores={"fee": 0.9}, role=None)]
    rows = evaluate.worst_errors(records, results)
    report = {"taggers": {"bert": {"macro_f1": 0.5, "worst_errors": rows}}}
    written = evaluate.stand_off(report)["taggers"]["bert"]["worst_errors"]
    real = next(r for r in written if r["doc"])
    assert "text" not in real and (real["start"], real["end"]) == (10, 20)
    assert next(r for r in written if not r["doc"])["text"] == "合成句子。"  # our own synthetic text may stay
    assert all("text" in r for r in report["taggers"]["bert"]["worst_errors"])  # the in-memory report keeps it


def test_fetch_external_keeps_only_texts_matching_the_manifest(tmp_path: Path) -> None:
    import hashlib

    import fetch_external

    good = "二〇二四年报告正文。\n"
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("id\trepo\tpath\tcommit\tsha256\n"
                        f"e1\town/repo\tdir/报告.txt\t{'a' * 40}\t{hashlib.sha256(good.encode()).hexdigest()}\n"
                        f"e2\town/repo\tdir/b.txt\t{'a' * 40}\t{'0' * 64}\n", encoding="utf-8")
    asked: list[str] = []

    def get(url: str) -> bytes:
        asked.append(url)
        if url.endswith("b.txt"):
            return "被改过的正文".encode()
        return good.encode("utf-8")

    dest = tmp_path / "text"
    result = fetch_external.main(["--dest", str(dest), "--manifest", str(manifest)], get=get)
    assert result["e1"] == "ok" and result["e2"].startswith("sha256 differs")
    assert (dest / "e1.txt").read_text(encoding="utf-8") == good and not (dest / "e2.txt").exists()
    assert asked[0] == f"https://raw.githubusercontent.com/own/repo/{'a' * 40}/dir/%E6%8A%A5%E5%91%8A.txt"
    assert fetch_external.main(["--dest", str(dest), "--manifest", str(manifest)], get=get)["e1"] == "present"

    def offline(url: str) -> bytes:
        raise OSError("no network")

    assert fetch_external.main(["--dest", str(tmp_path / "other"), "--manifest", str(manifest)],
                               get=offline)["e1"] == "not fetched: no network"


def test_fetch_external_manifest_is_complete() -> None:
    import fetch_external

    rows = fetch_external.read_manifest()
    assert [r["id"] for r in rows] == [f"e000{i}" for i in range(1, 6)]
    assert all(len(r["commit"]) == 40 and len(r["sha256"]) == 64 for r in rows)


def test_evaluate_runs_the_asked_number_of_ensemble_members(tmp_path: Path) -> None:
    import evaluate

    data = tmp_path / "clauses.jsonl"
    rows = [{"text": "本年度共主动公开政府信息120条。", "types": ["publication_count"], "role": "active_disclosure"},
            {"text": "全年未收到政府信息公开申请。", "types": ["request_count"], "role": "request_disclosure"}]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert len(evaluate.build_taggers(("bert",), None, None, members=1)["bert"].models) == 1
    assert len(evaluate.build_taggers(("bert",), None, None, members=0)["bert"].models) == 3
    assert len(evaluate.build_taggers(("bert",), None, None)["bert"].models) == 2  # what ships (claims.members)
    report = evaluate.main(["--data_file", str(data), "--taggers", "bert", "--members", "1"])
    assert report["members"] == 1 and report["n_clauses"] == 2

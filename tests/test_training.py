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
                           *TINY])
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

"""Fine-tune the claim tagger: one BERT, one joint head (claim types multi-label + section role).

Documented run (the shipped checkpoint): ``python training/finetune.py training/configs/claims.json``.
Arguments are dataclasses read by ``HfArgumentParser`` from one JSON file or the
command line. Without ``model_name_or_path`` a small BERT is built from scratch
with our character vocabulary (nothing is downloaded). Per-type thresholds are
tuned on the validation set (dev reports, never test) and saved as thresholds.json.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    DataCollatorWithPadding,
    EvalPrediction,
    HfArgumentParser,
    Trainer,
    TrainingArguments,
    set_seed,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402  (training/ is a folder of scripts, not a package)
from gongkai.claims import corpus, metrics  # noqa: E402
from gongkai.claims.tagger import (  # noqa: E402
    CONTEXT_FILE,
    RULE_AGREEMENT_FILE,
    RULE_HINTS_FILE,
    THRESHOLDS_FILE,
    Labels,
    RuleHints,
    SectionContext,
    encode_clauses,
    pair_phrases,
    read_labels,
    read_rule_hints,
    read_section_context,
)
from gongkai.claims.vocab import build_vocab, make_tokenizer, write_vocab  # noqa: E402

logger = logging.getLogger(__name__)

NO_VALIDATION = "none"  # validation_reports value of a final model trained on train+dev


@dataclass
class ModelArguments:
    model_name_or_path: str | None = field(
        default=None, metadata={"help": "Local folder or hub id to start from; None builds a small BERT "
                                        "from scratch with our character vocabulary."})
    hidden_size: int = field(default=128, metadata={"help": "From-scratch config only."})
    num_hidden_layers: int = field(default=2, metadata={"help": "From-scratch config only."})
    num_attention_heads: int = field(default=2, metadata={"help": "From-scratch config only."})
    intermediate_size: int = field(default=512, metadata={"help": "From-scratch config only."})
    max_position_embeddings: int = field(default=256, metadata={"help": "From-scratch config only."})
    vocab_max_cjk: int = field(default=5000, metadata={"help": "jieba characters in a new vocabulary."})
    hidden_dropout_prob: float = field(default=0.1, metadata={"help": "From-scratch config only."})
    attention_probs_dropout_prob: float = field(default=0.1, metadata={"help": "From-scratch config only."})
    initializer_range: float = field(
        default=0.02, metadata={"help": "From-scratch config only; 0.05 left the early plateau sooner."})
    role_loss_weight: float = field(default=1.0, metadata={"help": "Weight of the role cross-entropy."})
    type_loss_weight: float = field(
        default=1.0, metadata={"help": "Weight of the mean claim-type BCE (the number of types = summed BCE)."})

    def __post_init__(self) -> None:
        if self.hidden_size % self.num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")


@dataclass
class DataArguments:
    train_file: str | None = field(
        default=None, metadata={"help": "JSONL of {text, types, role[, hint]} (or a folder of *.jsonl); "
                                        "several joined by commas, each capped by max_file_samples."})
    validation_file: str | None = field(
        default=None, metadata={"help": "JSONL for validation; default: real dev reports."})
    use_real_annotations: bool = field(
        default=False, metadata={"help": "Add the real train-report annotations to training and use the "
                                         "dev reports for validation (test reports are never read)."})
    shared_dir: str = field(default=str(D.DEFAULT_SHARED), metadata={"help": "The ../shared folder."})
    annotator: str = field(default="gold", metadata={"help": "Annotation set passed to load_annotations."})
    real_train_repeat: int = field(default=1, metadata={"help": "Times each real train clause is repeated."})
    extra_real_splits: str | None = field(
        default=None, metadata={"help": "Comma-separated further report splits whose real clauses train too "
                                        "(e.g. web_dev); the never-trained splits (corpus.NEVER_TRAINED) are refused."})
    upweight_prefix: str | None = field(
        default=None, metadata={"help": "Real train reports whose doc id starts with this (e.g. seeds/) ..."})
    upweight_repeat: int = field(default=1, metadata={"help": "... are repeated this many times instead."})
    real_augment: int = field(
        default=0, metadata={"help": "Label-preserving variants added per real train clause (data.augment_text)."})
    augment_unk_prob: float = field(
        default=0.06, metadata={"help": "Share of CJK characters a variant replaces with [UNK]."})
    synthetic_unk_prob: float = field(
        default=0.0, metadata={"help": "Share of CJK characters of train_file clauses replaced with [UNK]."})
    unseen_to_unk: bool = field(
        default=False, metadata={"help": "From-scratch models only: after training, tokens that no training "
                                         "clause contained get the [UNK] embedding (their own never left "
                                         "initialisation, and test reports bring such characters)."})
    section_context: bool = field(
        default=False, metadata={"help": "Read (heading phrase, clause) pairs: the section context the "
                                         "pipeline knows (resources/section_context.json, kept in the folder)."})
    context_keep: float = field(
        default=0.65, metadata={"help": "train_file clauses: share whose context is their own role ..."})
    context_parent: float = field(
        default=0.2, metadata={"help": "... or the parent section of a subsection role; the rest get none. "
                                       "Real clauses get what the segment stage finds."})
    train_reports: str | None = field(
        default=None, metadata={"help": "Cross-validation: comma-separated train/dev report ids whose real "
                                        "clauses train (instead of the train split) ..."})
    validation_reports: str | None = field(
        default=None, metadata={"help": "... and those that validate (instead of the dev split); `none`: "
                                        "no validation (a final model trained on train+dev). Test reports "
                                        "are never read."})
    rule_hints: bool = field(
        default=False, metadata={"help": "Also read the rule tagger's verdict on each clause (words of "
                                         "resources/rule_hints.json, kept in the folder): the model learns "
                                         "where the rules are right."})
    rule_hint_drop: float = field(
        default=0.1, metadata={"help": "Training only: chance that a rule-tagged type is left out of the hint "
                                       "(the rules were written on the train reports and are too good there)."})
    rule_hint_add: float = field(
        default=0.05, metadata={"help": "Training only: chance that a clause's hint names one extra type."})
    rule_agreement_threshold: float | None = field(
        default=None, metadata={"help": "Per-type threshold, for all types, where the rule tagger also gives "
                                        "the type (written to thresholds_with_rules.json; the shipped recipe "
                                        "uses 0.3, chosen on spent web batches). None: thresholds.json "
                                        "for every clause."})
    unseen_rule_hints: float = field(
        default=0.0, metadata={"help": "Share of the real train clauses' copies whose rule hint comes from the "
                                       "rules as if unseen: patterns.toml less the alternatives only that "
                                       "report's group needed (rule_ablation.py), as on a report nobody read."})
    unseen_rule_groups: str = field(
        default="training/configs/cv_groups.json",
        metadata={"help": "Near-duplicate report groups, ablated together for unseen_rule_hints."})
    teacher_model: str | None = field(
        default=None, metadata={"help": "Distil: a model folder (e.g. a seed ensemble) whose probabilities, "
                                        "mixed with the gold labels, are the training targets."})
    teacher_weight: float = field(
        default=0.5, metadata={"help": "Share of the teacher in the targets (the rest is the gold labels)."})
    labels_file: str | None = field(
        default=None, metadata={"help": "labels.json; default: the packaged resources/labels.json."})
    max_seq_length: int = field(default=128, metadata={"help": "Tokens per clause after truncation."})
    max_train_samples: int | None = field(default=None, metadata={"help": "Quick runs: cap training rows."})
    max_file_samples: int | None = field(
        default=None, metadata={"help": "Cap the train_file rows (a seeded sample) before real clauses join."})
    max_eval_samples: int | None = field(default=None, metadata={"help": "Quick runs: cap dev rows."})
    tune_thresholds: bool = field(default=True, metadata={"help": "Tune per-type thresholds on validation."})
    thresholds_file: str | None = field(
        default=None, metadata={"help": "Per-type thresholds from this JSON instead (e.g. the pooled "
                                        "cross-validation ones, crossval.py --final)."})
    threshold_min_support: int = field(
        default=5, metadata={"help": "Types with fewer validation positives keep 0.5."})

    def __post_init__(self) -> None:
        if self.train_file is None and not self.use_real_annotations:
            raise ValueError("need train_file or use_real_annotations")
        if self.max_seq_length < 8:
            raise ValueError("max_seq_length must be at least 8")


def parse_args(argv: list[str]) -> tuple[ModelArguments, DataArguments, TrainingArguments]:
    """Command-line arguments, or a JSON recipe first and command-line overrides after it
    (``claims.json --train_file mine.jsonl``: the recipe on your own data)."""
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    return parser.parse_args_into_dataclasses(args=D.recipe_argv(argv))


def extra_splits(names: str | None) -> tuple[str, ...]:
    """The further training splits asked for; a split kept for unseen scoring is an error."""
    chosen = tuple(n.strip() for n in (names or "").split(",") if n.strip())
    held_out = corpus.NEVER_TRAINED & set(chosen)
    if held_out:
        raise ValueError(f"never trained on: {sorted(held_out)}")
    return chosen


def load_records(args: DataArguments, labels: Labels, seed: int) -> tuple[list[dict], list[dict]]:
    """(train, validation) records, labels checked against labels.json."""
    train: list[dict] = []
    for path in args.train_file.split(",") if args.train_file else []:  # each file capped on its own
        train += D.subsample(D.read_jsonl_files([path.strip()]), args.max_file_samples, seed)
    D.check_labels(train, labels.types, labels.roles, args.train_file or "train")
    rng = random.Random(seed)
    if args.synthetic_unk_prob > 0:
        train = [{**r, "text": D.augment_unk(r["text"], rng, args.synthetic_unk_prob)} for r in train]
    hinted = args.section_context or args.rule_hints
    if hinted:
        train = [{**r, "hint": r.get("hint", D.noisy_hint(r.get("role"), rng, args.context_keep,
                                                          args.context_parent))} for r in train]
    validation: list[dict] = []
    real: list[dict] = []
    if args.use_real_annotations:
        real = D.real_annotations(args.shared_dir, ("train", "dev") if args.train_reports else ("train",),
                                  args.annotator, _report_list(args.train_reports))
        real += D.real_annotations(args.shared_dir, extra_splits(args.extra_real_splits), args.annotator)
        D.check_labels(real, labels.types, labels.roles, "real train annotations")
        if hinted:
            real = [{**r, "hint": h} for r, h in zip(real, D.section_hints(real, args.shared_dir))]
        for record in real:
            boost = args.upweight_prefix and record.get("doc", "").startswith(args.upweight_prefix)
            copies = max(1, args.upweight_repeat if boost else args.real_train_repeat)
            unseen = round(copies * args.unseen_rule_hints)
            train.extend({**record, "unseen_rules": i < unseen} for i in range(copies))
        train.extend(D.augmented(real, args.real_augment, seed, args.augment_unk_prob))
    if args.validation_file:
        validation = D.read_jsonl_files([args.validation_file])
    elif args.use_real_annotations and args.validation_reports != NO_VALIDATION:
        validation = D.real_annotations(args.shared_dir, ("train", "dev") if args.validation_reports else ("dev",),
                                        args.annotator, _report_list(args.validation_reports))
        if hinted:
            validation = [{**r, "hint": h} for r, h in zip(validation, D.section_hints(validation, args.shared_dir))]
    D.check_labels(validation, labels.types, labels.roles, args.validation_file or "validation")
    train = D.subsample(train, args.max_train_samples, seed)
    validation = D.subsample(validation, args.max_eval_samples, seed)
    if args.rule_hints:
        unseen = (unseen_rule_taggers(real, args.unseen_rule_groups)
                  if args.use_real_annotations and args.unseen_rule_hints > 0 else None)
        train = D.with_rule_types(train, labels.types, rng, args.rule_hint_drop, args.rule_hint_add, unseen)
        validation = D.with_rule_types(validation, labels.types)
    return train, validation


def unseen_rule_taggers(real: list[dict], groups_file: str) -> dict[str, Any]:
    """Report -> a rule tagger less the pattern alternatives only its group of reports needed
    among these train clauses (the held-out reports of cross-validation are not among them)."""
    import rule_ablation as A

    from gongkai.claims.rules import RuleTagger, load_patterns

    patterns = load_patterns()
    docs = sorted({r["doc"] for r in real})
    listed = []
    if groups_file:
        path = Path(groups_file) if Path(groups_file).is_absolute() else D.REPO / groups_file
        listed = json.loads(path.read_text(encoding="utf-8")).get("groups", [])
    group_of = {doc: tuple(group) for group in listed for doc in group}
    needed = A.support(A.read_clauses(real, [r.get("hint") for r in real], patterns), patterns)
    taggers: dict[tuple[str, ...], Any] = {}
    out = {}
    for doc in docs:
        group = group_of.get(doc, (doc,))
        if group not in taggers:
            removed = A.fold_removals(needed, group)
            logger.info("unseen rule hints for %s: %d alternatives out", ", ".join(group), len(removed))
            taggers[group] = RuleTagger(A.ablated(patterns, removed))
        out[doc] = taggers[group]
    return out


def _report_list(value: str | None) -> list[str] | None:
    if value == NO_VALIDATION:
        return None
    return [doc.strip() for doc in value.split(",") if doc.strip()] if value else None


def build_model(margs: ModelArguments, labels: Labels, texts: list[str],
                max_length: int) -> tuple[Any, Any]:
    """(model, tokenizer): from a folder/hub id, or a new small BERT over our vocabulary."""
    id2label = labels.id2label
    common = {"num_labels": len(id2label), "id2label": id2label,
              "label2id": {v: k for k, v in id2label.items()},
              "problem_type": "multi_label_classification"}
    if margs.model_name_or_path:
        tokenizer = AutoTokenizer.from_pretrained(margs.model_name_or_path)
        model = AutoModelForSequenceClassification.from_pretrained(
            margs.model_name_or_path, ignore_mismatched_sizes=True, hidden_dropout_prob=margs.hidden_dropout_prob,
            attention_probs_dropout_prob=margs.attention_probs_dropout_prob, **common)
        return model, tokenizer
    tokens = build_vocab(texts, max_cjk=margs.vocab_max_cjk)
    tokenizer = make_tokenizer(tokens, model_max_length=max_length)
    config = BertConfig(vocab_size=len(tokens), hidden_size=margs.hidden_size,
                        num_hidden_layers=margs.num_hidden_layers,
                        num_attention_heads=margs.num_attention_heads,
                        intermediate_size=margs.intermediate_size,
                        max_position_embeddings=margs.max_position_embeddings,
                        hidden_dropout_prob=margs.hidden_dropout_prob,
                        attention_probs_dropout_prob=margs.attention_probs_dropout_prob,
                        initializer_range=margs.initializer_range, **common)
    return BertForSequenceClassification(config), tokenizer


class JointTrainer(Trainer):
    """BCE over the claim-type logits plus cross-entropy over the role logits."""

    def __init__(self, *args: Any, n_types: int, role_loss_weight: float = 1.0, type_loss_weight: float = 1.0,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.n_types = n_types
        self.role_loss_weight = role_loss_weight
        self.type_loss_weight = type_loss_weight

    def compute_loss(self, model: Any, inputs: dict[str, Any], return_outputs: bool = False,
                     num_items_in_batch: Any = None) -> Any:
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        loss = joint_loss(outputs.logits, labels, self.n_types, self.role_loss_weight, self.type_loss_weight)
        return (loss, outputs) if return_outputs else loss


def joint_loss(logits: torch.Tensor, labels: torch.Tensor, n_types: int, role_weight: float,
               type_weight: float = 1.0) -> torch.Tensor:
    """type_weight x mean BCE over types + role_weight x CE over clauses that have a gold role."""
    labels = labels.to(logits.dtype)
    loss = type_weight * torch.nn.functional.binary_cross_entropy_with_logits(
        logits[:, :n_types], labels[:, :n_types])
    role_target = labels[:, n_types:]
    has_role = role_target.sum(dim=1) > 0
    if role_target.shape[1] and bool(has_role.any()):
        loss = loss + role_weight * torch.nn.functional.cross_entropy(
            logits[has_role, n_types:], role_target[has_role])  # one-hot gold, or a teacher's distribution
    return loss


def teacher_targets(records: list[dict], labels: Labels, folder: str, weight: float,
                    labels_file: str | None = None) -> np.ndarray:
    """Gold targets mixed with a teacher's type probabilities and role distribution (which it
    gives each clause under the clause's heading hint); clauses without a gold role keep none."""
    from gongkai.claims.tagger import load_tagger, log_softmax
    from gongkai.config import TaggerSettings

    # the student reads clauses cut at max_seq_length, so the teacher reads them cut too
    teacher = load_tagger(TaggerSettings(model=folder, quantize=False, long_clauses="truncate"),
                          labels_file=labels_file)
    logits = teacher.logits([r["text"] for r in records], [r.get("hint") for r in records])
    n = len(labels.types)
    soft = np.concatenate([metrics.sigmoid(logits[:, :n]), np.exp(log_softmax(logits[:, n:]))], axis=1)
    gold = D.targets(records, labels.types, labels.roles)
    mixed = (1 - weight) * gold + weight * soft
    mixed[gold[:, n:].sum(axis=1) == 0, n:] = 0.0
    return mixed.astype(np.float32)


def to_dataset(records: list[dict], labels: Labels, tokenizer: Any, max_length: int,
               context: SectionContext | None = None, rule_hints: RuleHints | None = None,
               targets: np.ndarray | None = None) -> Any:
    """Tokenised clauses; with ``context`` or ``rule_hints``, (phrase, clause) pairs as BertTagger
    builds them."""
    from datasets import Dataset

    columns = {"text": [r["text"] for r in records],
               "labels": (D.targets(records, labels.types, labels.roles) if targets is None else targets).tolist()}
    phrases = pair_phrases([r.get("hint") for r in records], context, rule_hints,
                           [r.get("rule_types", ()) for r in records])
    if phrases is not None:
        columns["phrase"] = phrases
    return Dataset.from_dict(columns).map(
        lambda batch: encode_clauses(tokenizer, batch["text"], batch.get("phrase"), max_length=max_length),
        batched=True, remove_columns=[c for c in ("text", "phrase") if c in columns])


def unseen_to_unk(model: Any, tokenizer: Any, input_ids: list[list[int]]) -> int:
    """Give every non-special token that no training clause used the [UNK] embedding; returns
    how many rows changed."""
    seen = {i for ids in input_ids for i in ids} | set(tokenizer.all_special_ids)
    weight = model.get_input_embeddings().weight
    unseen = [i for i in range(weight.shape[0]) if i not in seen]
    with torch.no_grad():
        weight[unseen] = weight[tokenizer.unk_token_id].clone()
    logger.info("%d of %d vocabulary rows never seen in training now share the [UNK] embedding",
                len(unseen), weight.shape[0])
    return len(unseen)


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Train, tune thresholds on validation, save the folder; returns the final eval metrics."""
    margs, dargs, targs = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    set_seed(targs.seed)
    labels = read_labels(dargs.labels_file)
    train_records, eval_records = load_records(dargs, labels, targs.seed)
    if not train_records:
        raise ValueError("no training records")
    logger.info("train %d clauses, validation %d", len(train_records), len(eval_records))
    model, tokenizer = build_model(margs, labels, [r["text"] for r in train_records], dargs.max_seq_length)
    context = read_section_context() if dargs.section_context else None
    rule_hints = read_rule_hints() if dargs.rule_hints else None
    soft = (teacher_targets(train_records, labels, dargs.teacher_model, dargs.teacher_weight, dargs.labels_file)
            if dargs.teacher_model else None)
    train_ds = to_dataset(train_records, labels, tokenizer, dargs.max_seq_length, context, rule_hints, soft)
    eval_ds = (to_dataset(eval_records, labels, tokenizer, dargs.max_seq_length, context, rule_hints)
               if eval_records else None)

    def trainer_metrics(pred: EvalPrediction) -> dict[str, float]:
        return metrics.compute_metrics(pred.predictions, pred.label_ids, labels.types, labels.roles)

    trainer = JointTrainer(model=model, args=targs, train_dataset=train_ds, eval_dataset=eval_ds,
                           processing_class=tokenizer, data_collator=DataCollatorWithPadding(tokenizer),
                           compute_metrics=trainer_metrics if eval_ds is not None else None,
                           n_types=len(labels.types), role_loss_weight=margs.role_loss_weight,
                           type_loss_weight=margs.type_loss_weight)
    result = trainer.train()
    if dargs.unseen_to_unk and margs.model_name_or_path is None:
        unseen_to_unk(model, tokenizer, train_ds["input_ids"])
    out = Path(targs.output_dir)
    trainer.save_model(str(out))
    (out / "training_args.bin").unlink(missing_ok=True)  # a pickle; arguments.json holds the same
    trainer.save_metrics("train", result.metrics)
    thresholds = [0.5] * len(labels.types)
    final: dict[str, float] = {}
    if dargs.thresholds_file:
        given = json.loads(Path(dargs.thresholds_file).read_text(encoding="utf-8"))
        thresholds = [float(given.get(t, 0.5)) for t in labels.types]
        dargs.tune_thresholds = False
    if eval_ds is not None:
        # label_ids, not the records: with group_by_length the eval sampler reorders clauses too
        output = trainer.predict(eval_ds)
        thresholds, final = tune_and_score(output.predictions, output.label_ids, labels, dargs, thresholds)
        trainer.save_metrics("dev", final)  # eval_results.json is kept for the test figures
    write_json(out / THRESHOLDS_FILE, dict(zip(labels.types, thresholds)))
    if context is not None:
        write_json(out / CONTEXT_FILE, context.to_json())
    if rule_hints is not None:
        write_json(out / RULE_HINTS_FILE, rule_hints.to_json())
    if dargs.rule_agreement_threshold is not None:
        write_json(out / RULE_AGREEMENT_FILE, {t: dargs.rule_agreement_threshold for t in labels.types})
        if eval_ds is not None:
            final |= gated_type_metrics(out, eval_records, labels, dargs.labels_file)
            trainer.save_metrics("dev", final)
    write_json(out / "arguments.json", {"model": dataclasses.asdict(margs), "data": dataclasses.asdict(dargs),
                                        "training": targs.to_dict()})
    trainer.save_state()
    write_vocab_if_missing(tokenizer, out)
    return final


def gated_type_metrics(folder: Path, records: list[dict[str, Any]], labels: Labels,
                       labels_file: str | None) -> dict[str, float]:
    """Validation type metrics as the saved folder decides (its rule-agreement thresholds need the
    rule tagger's verdict per clause, which the Trainer's batches do not carry)."""
    from gongkai.claims.tagger import load_tagger
    from gongkai.config import TaggerSettings

    tagger = load_tagger(TaggerSettings(model=str(folder), quantize=False), labels_file=labels_file)
    results = tagger.predict([r["text"] for r in records], [r.get("hint") for r in records])
    scores = metrics.type_scores(metrics.to_matrix([r["types"] for r in records], labels.types),
                                 metrics.to_matrix([r.types for r in results], labels.types), labels.types)
    out = {f"eval_{k}": scores[k] for k in ("macro_f1", "micro_f1", "exact_match")}
    return out | {f"eval_f1_{name}": v["f1"] for name, v in scores["per_type"].items()}


def tune_and_score(logits: Any, gold: Any, labels: Labels, dargs: DataArguments,
                   thresholds: list[float] | None = None) -> tuple[list[float], dict]:
    """Per-type thresholds tuned on validation (if asked; else the given ones) and the eval
    metrics they give."""
    thresholds = list(thresholds) if thresholds is not None else [0.5] * len(labels.types)
    if dargs.tune_thresholds:
        probs = metrics.sigmoid(metrics.split_logits(logits, len(labels.types))[0])
        thresholds = metrics.tune_thresholds(probs, gold[:, :len(labels.types)],
                                             min_support=dargs.threshold_min_support)
    final = {f"eval_{k}": v for k, v in
             metrics.compute_metrics(logits, gold, labels.types, labels.roles, thresholds).items()}
    final["eval_samples"] = len(gold)
    return thresholds, final


def write_vocab_if_missing(tokenizer: Any, out: Path) -> None:
    """Keep a plain vocab.txt beside tokenizer.json: readable and diffable."""
    if not (out / "vocab.txt").exists() and hasattr(tokenizer, "get_vocab"):
        vocab = tokenizer.get_vocab()
        write_vocab([t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])], out / "vocab.txt")


if __name__ == "__main__":
    main()

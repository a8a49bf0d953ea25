"""A tiny synthetic labelled set (invented clauses) for tests and quick runs.

Not training data for the shipped model (that comes from data/synthetic and the
real annotations): just enough signal that a few training steps lower the loss.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

TYPES = ("publication_count", "platform_count", "request_count", "appeal_count", "enforcement_count",
         "fee", "training", "staffing", "problem", "planned_fix")
ROLES = ("preamble", "overview", "active_disclosure", "request_disclosure", "information_management",
         "platform_building", "supervision", "active", "requests", "appeals", "problems",
         "identified_problems", "improvements", "other")

# (template with {n}, types, role); every sentence invented for this file.
TEMPLATES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("全年通过门户网站主动公开信息{n}条。", ("publication_count",), "active_disclosure"),
    ("开设政务微博{n}个，粉丝总数{n}人。", ("platform_count",), "platform_building"),
    ("本年度共收到政府信息公开申请{n}件。", ("request_count",), "request_disclosure"),
    ("全年未发生政府信息公开行政复议案件。", ("appeal_count",), "appeals"),
    ("本年作出行政处罚决定{n}件。", ("enforcement_count",), "active"),
    ("未收取信息处理费。", ("fee",), "other"),
    ("举办政务公开业务培训{n}期。", ("training",), "supervision"),
    ("配备专职工作人员{n}名。", ("staffing",), "supervision"),
    ("部分栏目信息更新不够及时。", ("problem",), "identified_problems"),
    ("下一步将进一步规范信息发布审核流程。", ("planned_fix",), "improvements"),
    ("三是加强政务公开业务培训。", ("planned_fix", "training"), "improvements"),
    ("某某区某局政府信息公开工作年度报告", (), "preamble"),
    ("认真贯彻落实政府信息公开条例。", (), "overview"),
    ("做好历史信息清理工作。", (), "information_management"),
)


def toy_labels() -> dict[str, list[str]]:
    return {"types": list(TYPES), "roles": list(ROLES)}


def toy_clauses(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` labelled clauses drawn from the templates with random numbers."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        template, types, role = rng.choice(TEMPLATES)
        out.append({"text": template.format(n=rng.randint(0, 9999)), "types": list(types), "role": role})
    return out


def write_toy(folder: Path, n_train: int = 200, n_dev: int = 60) -> dict[str, Path]:
    """train.jsonl, dev.jsonl and labels.json in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"train": folder / "train.jsonl", "dev": folder / "dev.jsonl", "labels": folder / "labels.json"}
    for name, rows in (("train", toy_clauses(n_train, 1)), ("dev", toy_clauses(n_dev, 2))):
        paths[name].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    paths["labels"].write_text(json.dumps(toy_labels(), ensure_ascii=False), "utf-8")
    return paths


def save_tiny_model(folder: Path, types: list[str], roles: list[str], seed: int = 0) -> Path:
    """A random 1-layer BERT folder with the joint head over ``types`` + ``roles`` (for tests)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    from gongkai.claims.tagger import Labels
    from gongkai.claims.vocab import build_vocab, make_tokenizer

    torch.manual_seed(seed)
    tokens = build_vocab([t for t, _, _ in TEMPLATES], max_cjk=300)
    id2label = Labels(tuple(types), tuple(roles)).id2label
    config = BertConfig(vocab_size=len(tokens), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128, num_labels=len(id2label),
                        id2label=id2label, label2id={v: k for k, v in id2label.items()},
                        problem_type="multi_label_classification")
    BertForSequenceClassification(config).save_pretrained(str(folder))
    make_tokenizer(tokens, model_max_length=128).save_pretrained(str(folder))
    return folder

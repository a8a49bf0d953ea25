"""Domain masked-LM pretraining of the small character BERT (before finetune.py).

    python training/pretrain_mlm.py training/configs/mlm.json [--key value ...]  (overrides the recipe)

Text: the synthetic report paragraphs (data/synthetic/mlm_text.txt) and the full
text of the real TRAIN reports from ../shared (never dev or test). The output
folder (BertForMaskedLM + tokenizer) is a ``model_name_or_path`` for finetune.py.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from transformers import (
    BertConfig,
    BertForMaskedLM,
    DataCollatorForLanguageModeling,
    HfArgumentParser,
    Trainer,
    TrainingArguments,
    set_seed,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
from gongkai.claims.vocab import build_vocab, make_tokenizer, write_vocab  # noqa: E402

logger = logging.getLogger(__name__)

_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；]?")


@dataclass
class MlmModelArguments:
    hidden_size: int = field(default=128, metadata={"help": "Must match what finetune.py will load."})
    num_hidden_layers: int = field(default=2, metadata={"help": "Transformer layers."})
    num_attention_heads: int = field(default=2, metadata={"help": "Attention heads."})
    intermediate_size: int = field(default=512, metadata={"help": "Feed-forward width."})
    max_position_embeddings: int = field(default=256, metadata={"help": "Longest input."})
    vocab_max_cjk: int = field(default=5000, metadata={"help": "jieba characters in the vocabulary."})


@dataclass
class MlmDataArguments:
    text_files: list[str] = field(default_factory=lambda: ["data/synthetic/mlm_text.txt"],
                                  metadata={"help": "Plain-text files, one paragraph a line."})
    use_real_train_reports: bool = field(default=True, metadata={"help": "Add the real train reports' text."})
    shared_dir: str = field(default=str(D.DEFAULT_SHARED), metadata={"help": "The ../shared folder."})
    max_seq_length: int = field(default=128, metadata={"help": "Tokens per training chunk."})
    mlm_probability: float = field(default=0.15, metadata={"help": "Share of tokens masked."})
    max_train_samples: int | None = field(default=None, metadata={"help": "Quick runs: cap chunks."})

    def __post_init__(self) -> None:
        if not 0 < self.mlm_probability < 1:
            raise ValueError("mlm_probability must be in (0, 1)")


def chunks(texts: list[str], max_chars: int) -> list[str]:
    """Sentences packed into chunks of at most ``max_chars`` characters (a longer sentence is cut)."""
    out: list[str] = []
    current = ""
    for text in texts:
        for sentence in _SENTENCE.findall(text):
            sentence = sentence.strip()
            if not sentence:
                continue
            while len(sentence) > max_chars:
                out.append(sentence[:max_chars])
                sentence = sentence[max_chars:]
            if len(current) + len(sentence) > max_chars and current:
                out.append(current)
                current = ""
            current += sentence
        if current:
            out.append(current)
            current = ""
    return out


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = HfArgumentParser((MlmModelArguments, MlmDataArguments, TrainingArguments))
    argv = sys.argv[1:] if argv is None else argv
    margs, dargs, targs = parser.parse_args_into_dataclasses(args=D.recipe_argv(argv))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    set_seed(targs.seed)
    texts = [Path(p).read_text(encoding="utf-8") for p in dargs.text_files]
    if dargs.use_real_train_reports:
        texts += D.narrative_texts(dargs.shared_dir, ("train",))
    pieces = D.subsample(chunks(texts, dargs.max_seq_length - 2), dargs.max_train_samples, targs.seed)
    logger.info("MLM: %d chunks from %d texts", len(pieces), len(texts))
    tokens = build_vocab(texts, max_cjk=margs.vocab_max_cjk)
    tokenizer = make_tokenizer(tokens, model_max_length=dargs.max_seq_length)
    config = BertConfig(vocab_size=len(tokens), hidden_size=margs.hidden_size,
                        num_hidden_layers=margs.num_hidden_layers, num_attention_heads=margs.num_attention_heads,
                        intermediate_size=margs.intermediate_size,
                        max_position_embeddings=margs.max_position_embeddings)
    from datasets import Dataset

    dataset = Dataset.from_dict({"text": pieces}).map(
        lambda b: tokenizer(b["text"], truncation=True, max_length=dargs.max_seq_length,
                            return_special_tokens_mask=True), batched=True, remove_columns=["text"])
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=dargs.mlm_probability)
    trainer = Trainer(model=BertForMaskedLM(config), args=targs, train_dataset=dataset,
                      processing_class=tokenizer, data_collator=collator)
    result = trainer.train()
    out = Path(targs.output_dir)
    trainer.save_model(str(out))
    write_vocab(tokens, out / "vocab.txt")  # readable beside tokenizer.json, as finetune.py leaves it
    (out / "training_args.bin").unlink(missing_ok=True)
    trainer.save_metrics("train", result.metrics)
    trainer.save_state()
    (out / "arguments.json").write_text(json.dumps(
        {"model": dataclasses.asdict(margs), "data": dataclasses.asdict(dargs), "training": targs.to_dict()},
        ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return result.metrics


if __name__ == "__main__":
    main()

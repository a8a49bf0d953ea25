"""Character-level BERT vocabulary, built offline.

No pretrained Chinese vocabulary can be downloaded here, so the claim tagger uses
its own: special tokens, ASCII, digits and Latin letters with ``##`` continuations
(so ``2024`` becomes ``2 ##0 ##2 ##4`` and numbers keep their digits), common
CJK punctuation, the most frequent CJK characters of jieba's dictionary and every
character of our own training text.
"""

from __future__ import annotations

import logging
import string
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SPECIAL_TOKENS: tuple[str, ...] = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
DEFAULT_MAX_CJK = 5000
# Full-width digits and letters appear in PDF text; the model sees them as their own tokens.
_FULLWIDTH_DIGITS = "０１２３４５６７８９"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕﹝﹞「」『』…—～·％．／①②③④⑤⑥⑦⑧⑨⑩○〇"


def is_cjk(char: str) -> bool:
    """CJK unified ideographs (basic block and extension A), which BERT splits per character."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def jieba_characters(limit: int = DEFAULT_MAX_CJK) -> list[str]:
    """The ``limit`` most frequent CJK characters of jieba's dict.txt, weighted by word frequency."""
    import jieba  # local: only the vocabulary builder needs it

    path = Path(jieba.__file__).parent / "dict.txt"
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 2:
                continue
            for char in parts[0]:
                if is_cjk(char):
                    counts[char] += int(parts[1])
    return [char for char, _ in counts.most_common(limit)]


def _ascii_tokens() -> list[str]:
    """Printable ASCII (lower case only: the tokenizer lower-cases) plus ## continuations."""
    singles = [c for c in string.punctuation] + list(string.digits) + list(string.ascii_lowercase)
    continued = [f"##{c}" for c in string.digits + string.ascii_lowercase + "." + "%"]
    return singles + continued + list(_FULLWIDTH_DIGITS) + [f"##{c}" for c in _FULLWIDTH_DIGITS]


def build_vocab(texts: Iterable[str] = (), max_cjk: int = DEFAULT_MAX_CJK) -> list[str]:
    """Tokens in id order: specials, ASCII, punctuation, jieba characters, then data characters."""
    tokens: list[str] = list(SPECIAL_TOKENS)
    seen = set(tokens)

    def add(token: str) -> None:
        if token not in seen and not token.isspace():
            seen.add(token)
            tokens.append(token)

    for token in _ascii_tokens():
        add(token)
    for token in _CJK_PUNCT:
        add(token)
    for token in jieba_characters(max_cjk):
        add(token)
    extra: Counter[str] = Counter()
    for text in texts:
        extra.update(c for c in text.lower() if not c.isascii() and not c.isspace() and c not in seen)
    for token, _ in extra.most_common():
        add(token)
    logger.info("vocabulary: %d tokens (%d characters from data)", len(tokens), len(extra))
    return tokens


def write_vocab(tokens: list[str], path: Path) -> Path:
    """vocab.txt, one token a line, the line number is the id."""
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return path


def read_vocab(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def make_tokenizer(tokens: list[str], model_max_length: int = 512) -> Any:
    """A BertTokenizer over ``tokens``.

    transformers 5 ignores ``vocab_file=`` on the fast class, so the vocabulary is
    passed as a dict; callers should check ``len(tokenizer) == len(tokens)``.
    """
    from transformers import BertTokenizer

    vocab = {token: index for index, token in enumerate(tokens)}
    tokenizer = BertTokenizer(vocab=vocab, do_lower_case=True, tokenize_chinese_chars=True,
                              model_max_length=model_max_length)
    if len(tokenizer) != len(tokens):
        raise ValueError(f"tokenizer has {len(tokenizer)} tokens, vocabulary {len(tokens)}")
    return tokenizer

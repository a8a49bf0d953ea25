"""BERT claim tagger: clause texts -> claim types, scores and section role.

The model folder is a plain ``BertForSequenceClassification`` save (safetensors)
with one joint head: the first logits are the claim types of ``labels.json``
(sigmoid, multi-label, per-type thresholds from ``thresholds.json``, lower ones from
``thresholds_with_rules.json`` where the rule tagger gives the type too), the rest
are the section roles, named ``role:<key>`` in ``config.id2label`` (argmax).
torch is imported here only, and only when a tagger is built.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..config import TaggerSettings
from ..errors import Code, GongkaiError
from .metrics import decide_types, sigmoid, split_logits
from .types import SUBSECTIONS

logger = logging.getLogger(__name__)

ROLE_PREFIX = "role:"
SHIPPED_MODEL = "claims-small"
THRESHOLDS_FILE = "thresholds.json"
# A model trained with section context reads (heading phrase, clause) pairs; its folder keeps
# the phrase table it was trained with (absent: the model reads the clause alone).
CONTEXT_FILE = "section_context.json"
# A model trained with rule hints also reads the rule tagger's verdict on the clause (one short
# word per claim type the rules tag); its folder keeps the word table it was trained with.
RULE_HINTS_FILE = "rule_hints.json"
# Per-type thresholds for a clause the rule tagger also gives that type (absent: thresholds.json
# for every clause). On unseen reports the model is often right but unsure where the rules
# agree with it (a rare type in a new wording), while the rules alone are wrong too often.
RULE_AGREEMENT_FILE = "thresholds_with_rules.json"
# A seed ensemble: the folder is one complete model (member 0, loadable on its own) and
# ensemble.json lists further member folders, relative to it, trained by the same recipe with
# other seeds. Members share tokenizer, heading phrases and rule-hint words; the tagger averages
# their type probabilities and role probabilities (tiny models trained from scratch vary a lot
# with the seed, and the average is steadier than any one of them).
ENSEMBLE_FILE = "ensemble.json"
SPECIAL_TOKENS = 3  # [CLS] phrase [SEP] clause [SEP]
PHRASE_MARGIN = 4  # a window's rule verdict may name a type more than its clause's
WINDOW_OVERLAP = 16  # characters two windows of a long clause share, so a claim at the seam is read whole


@dataclass(frozen=True)
class Labels:
    """Claim types in id order and section roles in id order."""

    types: tuple[str, ...]
    roles: tuple[str, ...]

    @property
    def id2label(self) -> dict[int, str]:
        names = list(self.types) + [ROLE_PREFIX + r for r in self.roles]
        return dict(enumerate(names))


def read_labels(path: str | Path | None = None) -> Labels:
    """labels.json (default: the packaged one), validated: non-empty, no duplicates."""
    if path is None:
        text = resources.files("gongkai.resources").joinpath("labels.json").read_text("utf-8")
        where = "labels.json"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = json.loads(text)
    types = _names(data, ("types", "claim_types"), where)
    roles = _names(data, ("roles", "role_labels"), where)
    return Labels(types=types, roles=roles)


def _names(data: dict[str, Any], keys: Sequence[str], where: str) -> tuple[str, ...]:
    for key in keys:
        if key in data:
            raw = data[key]
            names = tuple(r if isinstance(r, str) else r.get("key") or r.get("name") for r in raw)
            if not names or len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
                raise GongkaiError(Code.BAD_RESOURCE, file=where, entry=key,
                                   reason="must be a non-empty list of distinct names")
            return names
    raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="/".join(keys), reason="missing")


def labels_of_config(config: Any) -> Labels:
    """The (types, roles) a model folder was trained with, from config.id2label."""
    names = [config.id2label[i] for i in sorted(int(k) for k in config.id2label)]
    types = tuple(n for n in names if not n.startswith(ROLE_PREFIX))
    roles = tuple(n[len(ROLE_PREFIX):] for n in names if n.startswith(ROLE_PREFIX))
    return Labels(types=types, roles=roles)


@dataclass(frozen=True)
class SectionContext:
    """Heading phrase per role key; ``unknown`` for a clause without heading context."""

    phrases: dict[str, str]
    unknown: str

    def phrase(self, hint: str | None) -> str:
        return self.phrases.get(hint or "", self.unknown)

    def to_json(self) -> dict[str, Any]:
        return {"unknown": self.unknown, "phrases": dict(self.phrases)}


def read_section_context(path: str | Path | None = None) -> SectionContext:
    """The phrase table of a model folder's section_context.json (default: the packaged one)."""
    if path is None:
        text = resources.files("gongkai.resources").joinpath(CONTEXT_FILE).read_text("utf-8")
        where = CONTEXT_FILE
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = json.loads(text)
    phrases, unknown = data.get("phrases"), data.get("unknown")
    if not isinstance(phrases, dict) or not isinstance(unknown, str) or not unknown \
            or not all(isinstance(v, str) and v for v in phrases.values()):
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="phrases/unknown",
                           reason="needs a non-empty `unknown` phrase and a table of non-empty phrases")
    return SectionContext(phrases=dict(phrases), unknown=unknown)


@dataclass(frozen=True)
class RuleHints:
    """One word per claim type that renders the rule tagger's verdict; ``none`` when it tags none."""

    words: dict[str, str]
    none: str

    def phrase(self, types: Sequence[str]) -> str:
        named = [self.words[t] for t in types if t in self.words]
        return "，".join(named) if named else self.none

    def to_json(self) -> dict[str, Any]:
        return {"none": self.none, "words": dict(self.words)}


def read_rule_hints(path: str | Path | None = None) -> RuleHints:
    """The word table of a model folder's rule_hints.json (default: the packaged one)."""
    if path is None:
        text = resources.files("gongkai.resources").joinpath(RULE_HINTS_FILE).read_text("utf-8")
        where = RULE_HINTS_FILE
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = json.loads(text)
    words, none = data.get("words"), data.get("none")
    if not isinstance(words, dict) or not isinstance(none, str) or not none \
            or not all(isinstance(v, str) and v for v in words.values()):
        raise GongkaiError(Code.BAD_RESOURCE, file=where, entry="words/none",
                           reason="needs a non-empty `none` word and a table of non-empty words")
    return RuleHints(words=dict(words), none=none)


def pair_phrases(hints: Sequence[str | None], context: SectionContext | None, rule_hints: RuleHints | None,
                 rule_types: Sequence[Sequence[str]] | None) -> list[str] | None:
    """The first segment of each (phrase, clause) pair: heading phrase, rule verdict, or both
    (joined by ；); None when the model reads clauses alone."""
    if context is None and rule_hints is None:
        return None
    out = []
    for i, hint in enumerate(hints):
        parts = []
        if context is not None:
            parts.append(context.phrase(hint))
        if rule_hints is not None:
            parts.append(rule_hints.phrase(rule_types[i] if rule_types is not None else ()))
        out.append("；".join(parts))
    return out


def encode_clauses(tokenizer: Any, texts: Sequence[str], phrases: Sequence[str] | None = None,
                   **kwargs: Any) -> Any:
    """Clauses alone, or (heading phrase, clause) pairs: one encoding for training and inference."""
    if phrases is None:
        return tokenizer(list(texts), truncation=True, **kwargs)
    return tokenizer(list(phrases), list(texts), truncation=True, **kwargs)


class BatchEncoder:
    """``encode_clauses(..., padding=True, return_tensors="pt")`` for one batch, straight from the
    tokenizer's Rust backend: the transformers wrapper spends most of its time padding and
    converting, about a quarter of a small model's inference. Same ids, types and mask."""

    def __init__(self, tokenizer: Any, max_length: int):
        from tokenizers import Tokenizer

        self.backend = Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())  # a copy we may configure
        self.backend.no_padding()
        self.backend.enable_truncation(max_length, strategy="longest_first")
        self.pad_id = tokenizer.pad_token_id or 0
        self.with_types = "token_type_ids" in getattr(tokenizer, "model_input_names", ("token_type_ids",))

    @staticmethod
    def usable(tokenizer: Any) -> bool:
        return getattr(tokenizer, "backend_tokenizer", None) is not None and getattr(
            tokenizer, "padding_side", "right") == "right"

    def __call__(self, texts: Sequence[str], phrases: Sequence[str] | None = None) -> dict[str, Any]:
        import torch

        inputs = list(zip(phrases, texts)) if phrases is not None else list(texts)
        encodings = self.backend.encode_batch(inputs)
        width = max((len(e.ids) for e in encodings), default=0)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            types[row, :n] = enc.type_ids
            mask[row, :n] = 1
        out = {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)}
        if self.with_types:
            out["token_type_ids"] = torch.from_numpy(types)
        return out


def shipped_model_dir() -> Path:
    return Path(str(resources.files("gongkai").joinpath("models", SHIPPED_MODEL)))


def read_thresholds(folder: Path, types: Sequence[str], default: float | np.ndarray,
                    name: str = THRESHOLDS_FILE) -> np.ndarray:
    """Per-type thresholds from the folder's ``name`` file, or ``default`` where it has none."""
    path = folder / name
    defaults = np.broadcast_to(np.asarray(default, dtype=float), (len(types),))
    if not path.exists():
        return defaults.copy()
    tuned = json.loads(path.read_text(encoding="utf-8"))
    return np.array([float(tuned.get(t, d)) for t, d in zip(types, defaults)], dtype=float)


def chosen_types(types: Sequence[str], probs: np.ndarray, thresholds: np.ndarray,
                 agreed: np.ndarray | None = None, rule_types: Sequence[str] = ()) -> tuple[str, ...]:
    """The types whose probability reaches their threshold (``metrics.decide_types``): the
    ``agreed`` one where the rule tagger gives the type too, else the plain one."""
    limits = thresholds if agreed is None else np.where([t in rule_types for t in types], agreed, thresholds)
    return tuple(t for t, keep in zip(types, decide_types(probs, limits)) if keep)


def member_dirs(folder: Path) -> list[Path]:
    """The model folders of a checkpoint: itself, then the members ensemble.json lists."""
    path = folder / ENSEMBLE_FILE
    if not path.exists():
        return [folder]
    members = json.loads(path.read_text(encoding="utf-8")).get("members", [])
    out = [folder] + [folder / m for m in members]
    for member in out[1:]:
        if not (member / "config.json").is_file():
            raise GongkaiError(Code.MODEL_NOT_FOUND, model=str(member))
    return out


def _same_inputs(first: Path, other: Path) -> bool:
    """Members must read identical inputs: the same vocabulary, heading phrases and hint words."""
    return all((first / name).exists() == (other / name).exists()
               and (not (first / name).exists() or (first / name).read_bytes() == (other / name).read_bytes())
               for name in ("vocab.txt", CONTEXT_FILE, RULE_HINTS_FILE))


def clause_windows(texts: Sequence[str], rooms: Sequence[int],
                   overlap: int = WINDOW_OVERLAP) -> tuple[list[str], list[int]]:
    """Each text cut into overlapping pieces of at most its room (characters; a character-level
    vocabulary reads about one token per character), and the index of the text each piece is from."""
    pieces: list[str] = []
    owners: list[int] = []
    for i, (text, room) in enumerate(zip(texts, rooms)):
        if len(text) <= room or room <= 2 * overlap:
            pieces.append(text)
            owners.append(i)
            continue
        for start in range(0, len(text) - overlap, room - overlap):
            pieces.append(text[start:start + room])
            owners.append(i)
    return pieces, owners


def merge_windows(logits: np.ndarray, owners: Sequence[int], n: int, n_types: int) -> np.ndarray:
    """One row per text from the rows of its pieces: a type is claimed if any piece claims it
    (max logit); the role is the pieces' mean role log-probability. A one-piece text keeps its row."""
    first = np.searchsorted(np.asarray(owners), np.arange(n))  # owners ascend: a text's pieces are a run
    count = np.bincount(owners, minlength=n)
    out = logits[first].copy()
    for i in np.flatnonzero(count > 1):
        rows = logits[first[i]:first[i] + count[i]]
        out[i, :n_types] = rows[:, :n_types].max(axis=0)
        out[i, n_types:] = log_softmax(rows[:, n_types:]).mean(axis=0)
    return out


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """No per-member weight-loading bars (a batch run shows its own progress); restored after."""
    from transformers.utils import logging as hf_logging

    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if shown:
            hf_logging.enable_progress_bar()


def combine_logits(members: Sequence[np.ndarray], n_types: int) -> np.ndarray:
    """Joint-head logits of an ensemble: type logits whose sigmoid is the members' mean type
    probability, and role log-probabilities of the members' mean role distribution. One member's
    logits pass unchanged."""
    if len(members) == 1:
        return members[0]
    stacked = np.stack(members).astype(np.float64)
    probs = np.clip(sigmoid(stacked[:, :, :n_types]).mean(axis=0), 1e-7, 1 - 1e-7)
    roles = np.exp(log_softmax(stacked[:, :, n_types:])).mean(axis=0)
    return np.concatenate([np.log(probs / (1 - probs)), np.log(np.clip(roles, 1e-12, None))],
                          axis=1).astype(np.float32)


class BertTagger:
    """Loaded once; ``predict`` batches length-sorted clauses through the int8 model (every member
    of a seed ensemble)."""

    def __init__(self, folder: Path, settings: TaggerSettings, labels: Labels):
        import torch
        from transformers import AutoTokenizer

        if settings.num_threads:
            torch.set_num_threads(settings.num_threads)
        self.settings = settings
        self.labels = labels
        self.folder = folder
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        self.models: list[Any] = []
        with _quiet_loading():
            self._load_members(folder, settings, labels)
        self.model = self.models[0]
        self.encoder = BatchEncoder(self.tokenizer, settings.max_length) if BatchEncoder.usable(
            self.tokenizer) else None
        self.thresholds = read_thresholds(folder, labels.types, settings.threshold)
        self.agreed_thresholds = (read_thresholds(folder, labels.types, self.thresholds, RULE_AGREEMENT_FILE)
                                  if (folder / RULE_AGREEMENT_FILE).exists() else None)
        context_file = folder / CONTEXT_FILE
        self.context = read_section_context(context_file) if context_file.exists() else None
        rule_file = folder / RULE_HINTS_FILE
        self.rule_hints = read_rule_hints(rule_file) if rule_file.exists() else None
        self.rules = None
        if self.rule_hints is not None or self.agreed_thresholds is not None:
            from .rules import RuleTagger

            self.rules = RuleTagger()

    def _load_members(self, folder: Path, settings: TaggerSettings, labels: Labels) -> None:
        import torch
        from transformers import AutoConfig, AutoModelForSequenceClassification

        for member in member_dirs(folder)[:settings.members or None]:
            if not _same_inputs(folder, member):
                raise GongkaiError(Code.ENSEMBLE_MISMATCH, model=str(folder), member=str(member),
                                   reason="reads other inputs (vocabulary, heading phrases or hint words)")
            if labels_of_config(AutoConfig.from_pretrained(str(member), local_files_only=True)) != labels:
                raise GongkaiError(Code.ENSEMBLE_MISMATCH, model=str(folder), member=str(member),
                                   reason="has other labels")
            model = AutoModelForSequenceClassification.from_pretrained(
                str(member), local_files_only=True, use_safetensors=True)
            model.eval()
            if settings.quantize:
                with warnings.catch_warnings():  # torch.ao is deprecated in favour of torchao (not installed)
                    warnings.simplefilter("ignore")
                    model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            self.models.append(model)

    def logits(self, texts: Sequence[str], hints: Sequence[str | None] | None = None,
               rule_types: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Raw joint-head logits, in input order; ``hints`` feed a section-context model and the
        rule tagger of a rule-hint model (``rule_types``: its verdicts, if already known). A clause
        longer than the model reads is read in overlapping windows (``long_clauses = "windows"``)
        instead of losing its tail."""
        hints = list(hints) if hints is not None else [None] * len(texts)
        phrases = self.phrases(texts, hints, rule_types)
        if self.settings.long_clauses == "windows":
            room = self.settings.max_length - SPECIAL_TOKENS
            rooms = [room - len(p) - PHRASE_MARGIN for p in phrases] if phrases else [room] * len(texts)
            pieces, owners = clause_windows(texts, rooms)
            if len(pieces) > len(texts):
                return merge_windows(self.read(pieces, self.piece_phrases(pieces, owners, hints, phrases)),
                                     owners, len(texts), len(self.labels.types))
        return self.read(texts, phrases)

    def rule_verdicts(self, texts: Sequence[str], hints: Sequence[str | None]) -> list[tuple[str, ...]] | None:
        """The rule tagger's types per clause, where the model reads them or thresholds on them."""
        if self.rules is None:
            return None
        return [self.rules.tag(text, hint).types for text, hint in zip(texts, hints)]

    def phrases(self, texts: Sequence[str], hints: Sequence[str | None],
                rule_types: Sequence[Sequence[str]] | None = None) -> list[str] | None:
        """The first pair segment of each clause (heading phrase and rule verdict), if the model reads one."""
        if self.context is None and self.rule_hints is None:
            return None
        if rule_types is None and self.rule_hints is not None:
            rule_types = self.rule_verdicts(texts, hints)
        return pair_phrases(hints, self.context, self.rule_hints, rule_types)

    def piece_phrases(self, pieces: Sequence[str], owners: Sequence[int], hints: Sequence[str | None],
                      phrases: Sequence[str] | None) -> list[str] | None:
        """Phrases of window pieces: a clause read whole keeps its own; a window gets the rule
        verdict on its own text (what the model saw in training: a verdict on the text it reads)."""
        if phrases is None:
            return None
        out = [phrases[i] for i in owners]
        pieces_of_owner = np.bincount(owners)[list(owners)]
        cut = [k for k, n in enumerate(pieces_of_owner) if n > 1]
        fresh = self.phrases([pieces[k] for k in cut], [hints[owners[k]] for k in cut]) or []
        for k, phrase in zip(cut, fresh):
            out[k] = phrase
        return out

    def read(self, texts: Sequence[str], phrases: Sequence[str] | None) -> np.ndarray:
        """Logits of every member for (phrase, clause) pairs, batched by length, combined."""
        import torch

        n_out = len(self.labels.types) + len(self.labels.roles)
        outs = [np.zeros((len(texts), n_out), dtype=np.float32) for _ in self.models]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]) + (len(phrases[i]) if phrases else 0))
        size = self.settings.batch_size
        with torch.inference_mode():
            for begin in range(0, len(order), size):
                batch = order[begin:begin + size]
                inputs = self.encode([texts[i] for i in batch],
                                     [phrases[i] for i in batch] if phrases is not None else None)
                for out, model in zip(outs, self.models):
                    out[batch] = model(**inputs).logits.float().numpy()
        return combine_logits(outs, len(self.labels.types))

    def encode(self, texts: Sequence[str], phrases: Sequence[str] | None = None) -> Any:
        """One padded batch of model inputs."""
        if self.encoder is not None:
            return self.encoder(texts, phrases)
        return encode_clauses(self.tokenizer, texts, phrases, padding=True, max_length=self.settings.max_length,
                              return_tensors="pt")

    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                items: Sequence[int | None] | None = None) -> list[Any]:
        """One TagResult per text; ``sections`` (section/subsection key per text) is the heading
        context: position first, the clause content where the heading says too little. ``items``
        (the outline item per text that no found subsection holds, see ``ordered_roles``) makes
        the clauses of one item share a role."""
        from .types import TagResult

        if not texts:
            return []
        hints = list(sections) if sections is not None else [None] * len(texts)
        if len(hints) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(hints)} sections")
        rule_types = self.rule_verdicts(texts, hints)
        type_logits, role_logits = split_logits(self.logits(texts, hints, rule_types), len(self.labels.types))
        probs = sigmoid(type_logits)
        roles = ordered_roles(hints, role_logits, self.labels.roles, self.settings.parent_role_bias,
                              items, self.settings.item_heading_weight)
        results = []
        for i, row in enumerate(probs):
            chosen = chosen_types(self.labels.types, row, self.thresholds, self.agreed_thresholds,
                                  rule_types[i] if rule_types is not None else ())
            scores = {t: round(float(p), 4) for t, p in zip(self.labels.types, row)}
            results.append(TagResult(types=chosen, scores=scores, role=roles[i]))
        return results


def choose_role(hint: str | None, logits: np.ndarray, roles: Sequence[str]) -> str | None:
    """The hinted role, or the best-scoring role among those the hint allows."""
    if not len(roles):
        return None
    if hint in roles and hint not in SUBSECTIONS:
        return hint
    allowed = set(SUBSECTIONS.get(hint or "", roles))
    masked = [(score, role) for score, role in zip(logits, roles) if role in allowed]
    return max(masked)[1] if masked else roles[int(np.argmax(logits))]


def ordered_roles(hints: Sequence[str | None], logits: np.ndarray, roles: Sequence[str],
                  parent_bias: float = 0.0, items: Sequence[int | None] | None = None,
                  item_heading_weight: float = 1.0) -> list[str | None]:
    """Roles per clause; a run of consecutive clauses under the same parent heading (overview,
    problems) is decoded jointly, its subsections in schema order (a report does not go back
    from 监督保障 to 主动公开). Heading hints come with one report's clauses in order, so
    without hints every clause is decided alone. ``parent_bias`` is taken off the parent's
    log-probability in such a run: in training a clause under a parent heading is mostly a
    lead-in, so the model over-predicts the parent where no subsection heading was found.

    ``items`` numbers the clauses of a report's own outline items that no subsection heading
    took (1.加强组织领导 …): such an item is about one theme, in whatever order the report
    chose, so its clauses take the one subsection with the highest summed log-probability,
    the item's first clause (its heading) counting ``item_heading_weight`` times; never the
    parent, which the lead-in before the items holds."""
    out = [choose_role(h, row, roles) for h, row in zip(hints, logits)]
    items = list(items) if items is not None else [None] * len(hints)
    i = 0
    while i < len(hints):
        allowed = [r for r in SUBSECTIONS.get(hints[i] or "", ()) if r in roles]
        j = i + 1
        while j < len(hints) and hints[j] == hints[i]:
            j += 1
        if len(allowed) > 1:
            columns = [list(roles).index(r) for r in allowed]
            scores = log_softmax(logits[i:j][:, columns])
            themed = item_roles(scores[:, 1:], items[i:j], item_heading_weight)
            scores[:, 0] -= parent_bias  # allowed[0] is the parent (SUBSECTIONS order)
            path = monotone_path(scores)
            out[i:j] = [allowed[k] for k in path]
            for offset, k in themed.items():
                out[i + offset] = allowed[k + 1]
        i = j
    return out


def item_roles(scores: np.ndarray, items: Sequence[int | None], heading_weight: float) -> dict[int, int]:
    """Row -> column of the best summed score over the rows of its item (the first row of each
    item weighted ``heading_weight``); rows with no item are left out."""
    rows_of: dict[int, list[int]] = {}
    for row, item in enumerate(items):
        if item is not None:
            rows_of.setdefault(item, []).append(row)
    out: dict[int, int] = {}
    for rows in rows_of.values():
        weights = np.ones(len(rows))
        weights[0] = heading_weight
        best = int(np.argmax((scores[rows] * weights[:, None]).sum(axis=0)))
        out.update(dict.fromkeys(rows, best))
    return out


def log_softmax(x: np.ndarray) -> np.ndarray:
    """Over the last axis."""
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def monotone_path(scores: np.ndarray) -> list[int]:
    """Best state sequence (max total score) whose state index never decreases (Viterbi)."""
    n, k = scores.shape
    best = scores[0].copy()
    back = np.zeros((n, k), dtype=int)
    for t in range(1, n):
        prefix_arg = np.zeros(k, dtype=int)
        for s in range(1, k):
            prefix_arg[s] = s if best[s] >= best[prefix_arg[s - 1]] else prefix_arg[s - 1]
        back[t] = prefix_arg
        best = best[prefix_arg] + scores[t]
    path = [int(np.argmax(best))]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return path[::-1]


def resolve_model_dir(settings: TaggerSettings) -> Path:
    folder = Path(settings.model) if settings.model else shipped_model_dir()
    if not (folder / "config.json").is_file():
        raise GongkaiError(Code.MODEL_NOT_FOUND, model=str(folder))
    return folder


def load_tagger(settings: TaggerSettings, labels_file: str | Path | None = None) -> BertTagger:
    """The BERT tagger of ``settings.model`` (None: the shipped checkpoint).

    Raises MODEL_NOT_FOUND for a missing folder and LABEL_MAP_MISMATCH when the
    folder's labels differ from labels.json (never a silent remap).
    """
    from transformers import AutoConfig

    folder = resolve_model_dir(settings)
    expected = read_labels(labels_file)
    config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
    found = labels_of_config(config)
    if found != expected:
        raise GongkaiError(Code.LABEL_MAP_MISMATCH, model=str(folder),
                           model_labels=list(found.types) + list(found.roles),
                           expected=list(expected.types) + list(expected.roles))
    return BertTagger(folder, settings, expected)

"""Labelled clauses for the claim tagger: JSONL files and the real stand-off annotations.

Every record is ``{"text", "types", "role"}``; ``split`` is kept when present.
Labels come from ``labels.json`` only: an unknown type or role in the data stops
the run (it would otherwise be silently dropped from the loss).
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO / ".." / "shared"


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_jsonl_files(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """All records of the given files; a folder means every ``*.jsonl`` in it."""
    out: list[dict[str, Any]] = []
    for path in paths:
        path = Path(path)
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            out.extend(read_jsonl(file))
    return out


def check_labels(records: Sequence[dict[str, Any]], types: Sequence[str], roles: Sequence[str],
                 where: str) -> None:
    """Raise on the first record with a type or role that labels.json does not know."""
    known_types, known_roles = set(types), set(roles)
    for number, record in enumerate(records, 1):
        unknown = set(record.get("types") or ()) - known_types
        if unknown:
            raise ValueError(f"{where} record {number}: unknown claim type(s) {sorted(unknown)}")
        role = record.get("role")
        if role is not None and role not in known_roles:
            raise ValueError(f"{where} record {number}: unknown role {role!r}")


def targets(records: Sequence[dict[str, Any]], types: Sequence[str], roles: Sequence[str]) -> np.ndarray:
    """Float matrix for the joint head: 0/1 per type, then a one-hot role block (zeros if no role)."""
    type_index = {t: i for i, t in enumerate(types)}
    role_index = {r: len(types) + i for i, r in enumerate(roles)}
    out = np.zeros((len(records), len(types) + len(roles)), dtype=np.float32)
    for row, record in enumerate(records):
        for label in record.get("types") or ():
            out[row, type_index[label]] = 1.0
        if record.get("role") is not None:
            out[row, role_index[record["role"]]] = 1.0
    return out


def real_annotations(shared_dir: str | Path, splits: Sequence[str],
                     annotator: str = "gold", docs: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Real labelled clauses of the given report splits, skip spans removed.

    Same records as ``gongkai.claims.corpus.load_annotations`` (doc, split, start,
    end, text, types, role), but a report whose annotation file does not exist yet
    is left out with a warning: labels arrive report by report. [] when the
    shared folder is absent. ``docs`` keeps only those reports of the splits (cross-validation).
    """
    if not Path(shared_dir).exists():
        logger.warning("shared folder %s not present: no real annotations", shared_dir)
        return []
    from gongkai.claims import corpus

    table = corpus.read_splits()
    out: list[dict[str, Any]] = []
    for split in splits:
        who = corpus.annotator_for(annotator, split)
        absent: list[str] = []
        for doc in table[split]:
            if docs is not None and doc not in docs:
                continue
            path = corpus.DATA_DIR / "annotations" / f"annotator_{who}" / f"{corpus.report_key(doc)}.jsonl"
            if not path.exists():
                logger.warning("no annotation yet for %s (annotator_%s)", doc, who)
                continue
            where = corpus.text_path(Path(shared_dir), doc)
            if not where.exists():
                absent.append(doc)
                logger.debug("text of %s not present (%s): left out", doc, where)
                continue
            text, rows = corpus.load_report(Path(shared_dir), doc, who)
            out.extend({"doc": doc, "split": split, "start": r["start"], "end": r["end"],
                        "text": text[r["start"]:r["end"]], "types": list(r["types"]), "role": r["role"]}
                       for r in rows if not r["skip"])
        if absent:
            # one line a split: a fresh clone lacks every web text (data/external/README.md)
            logger.warning("%s: %d reports left out, their texts not present beside %s (first: %s; "
                           "training/annotation/check_texts.py lists them)", split, len(absent), shared_dir, absent[0])
    logger.info("real annotations %s: %d clauses", "+".join(splits), len(out))
    return out


def recipe_argv(argv: Sequence[str]) -> list[str]:
    """Command-line arguments, a JSON recipe first turned into ``--key value`` pairs (booleans as
    true/false, lists as several values, None left to its default) ahead of the overrides after it: argparse keeps the last
    value given, so ``claims.json --train_file mine.jsonl`` is the recipe on your own data."""
    if not argv or not argv[0].endswith(".json"):
        return list(argv)
    out: list[str] = []
    for key, value in json.loads(Path(argv[0]).read_text(encoding="utf-8")).items():
        if isinstance(value, list):
            out += [f"--{key}", *map(str, value)]
        elif value is not None:
            out += [f"--{key}", str(value).lower() if isinstance(value, bool) else str(value)]
    return out + list(argv[1:])


def subsample(records: list[dict[str, Any]], limit: int | None, seed: int) -> list[dict[str, Any]]:
    """At most ``limit`` records, a seeded random choice kept in their original order
    (clauses of a report stay in reading order); all when limit is None."""
    if limit is None or limit >= len(records):
        return records
    keep = sorted(random.Random(seed).sample(range(len(records)), limit))
    return [records[i] for i in keep]


def narrative_texts(shared_dir: str | Path, splits: Sequence[str] = ("train",)) -> list[str]:
    """Full texts of the real reports of ``splits`` (for MLM pretraining; never test)."""
    from gongkai.claims import corpus

    if corpus.NEVER_TRAINED & set(splits):
        raise ValueError(f"{sorted(corpus.NEVER_TRAINED & set(splits))} reports are never used for training")

    shared = Path(shared_dir)
    spec = json.loads((REPO / "data" / "splits.json").read_text(encoding="utf-8"))
    docs = [doc for name in splits for doc in spec[name]]
    docs += [alias for alias, doc in spec.get("same_report_as", {}).items() if doc in docs]
    out = []
    for doc in docs:
        path = corpus.text_path(shared, doc)
        if path.exists():
            out.append(path.read_bytes().decode("utf-8", errors="replace"))
    return out


def section_hints(records: Sequence[dict[str, Any]], shared_dir: str | Path) -> list[str | None]:
    """The heading context ClaimStage gives each clause: the segment stage's subsection, else
    section, else preamble (None without sections), found on the report text the offsets index."""
    from gongkai.claims import corpus
    from gongkai.document import Document, Source
    from gongkai.segment import Segment

    sections: dict[str, Any] = {}
    out: list[str | None] = []
    for record in records:
        doc = record.get("doc")
        if doc is None:
            out.append(None)
            continue
        if doc not in sections:
            text = corpus.text_path(Path(shared_dir), doc).read_bytes().decode("utf-8")
            sections[doc] = Segment()(Document(source=Source(path=doc), text=text)).sections
        out.append(hint_at(sections[doc], record["start"]))
    return out


def noisy_hint(role: str | None, rng: random.Random, keep: float, parent: float) -> str | None:
    """Heading context for a synthetic clause of known role, as a segment stage might find it:
    the role itself, its parent section (subsection headings not found), or nothing."""
    from gongkai.claims.tagger import SUBSECTIONS

    draw = rng.random()
    if role is None or draw >= keep + parent:
        return None
    if draw < keep:
        return role
    return next((p for p, subs in SUBSECTIONS.items() if role in subs[1:]), role)


def with_rule_types(records: Sequence[dict[str, Any]], types: Sequence[str], rng: random.Random | None = None,
                    drop: float = 0.0, add: float = 0.0,
                    unseen_rules: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Records with ``rule_types``: what the rule tagger tags on the clause under its ``hint``.
    With ``rng``, each tagged type is left out with chance ``drop`` and one untagged type is
    added with chance ``add`` (a rule-hint model must not copy the hint blindly). A record
    marked ``unseen_rules`` is tagged by ``unseen_rules[its doc]`` instead (rule_ablation.py:
    the rules less what only its report needed)."""
    from gongkai.claims.rules import RuleTagger

    rules = RuleTagger()
    out = []
    for record in records:
        tagger = unseen_rules[record["doc"]] if unseen_rules and record.get("unseen_rules") else rules
        found = list(tagger.tag(record["text"], record.get("hint")).types)
        if rng is not None:
            found = [t for t in found if rng.random() >= drop]
            if rng.random() < add:
                others = [t for t in types if t not in found]
                if others:
                    found.append(rng.choice(others))
            found = [t for t in types if t in found]
        out.append({**record, "rule_types": found})
    return out


def keys_at(sections: Sequence[Any], offset: int) -> tuple[str | None, str | None]:
    """(section key, subsection key) of the segment-stage sections holding ``offset``."""
    for section in sections:
        if section.start <= offset < section.end:
            sub = next((s for s in section.subsections if s.start <= offset < s.end), None)
            return section.key, sub.key if sub else None
    return None, None


def hint_at(sections: Sequence[Any], offset: int) -> str | None:
    section, subsection = keys_at(sections, offset)
    if section is None:
        return "preamble" if sections else None
    return subsection or section


# --- label-preserving augmentation of real clauses --------------------------------------
# The real train reports are few; their clauses are varied here in what does not change a
# label: the numbers (value and style), enumeration markers, list punctuation, and single
# characters replaced by [UNK] so the model does not hang on one rare character (test
# reports bring characters training never showed).

_NUMBER = re.compile(r"[0-9０-９]{1,3}(?:,[0-9]{3})+|[0-9０-９]+(?:[.．][0-9０-９]+)?")
_CN_DIGITS = "零一二三四五六七八九"
_MARKERS = ("", "一是", "二是", "三是", "（一）", "（二）", "1.", "2．", "一、", "第一，", "首先，")
_LEADING_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\(?[0-9]+[.．、)）]|"
                             r"[一二三四五六七八九十]+、|第[一二三四五六七八九十]+，|首先，)")
_SWAPS = {"，": "、", "、": "，", "；": "，"}


def _chinese(value: int) -> str:
    """1..99 as a Chinese numeral (十二, 二十三); other values stay digits."""
    if 1 <= value <= 9:
        return _CN_DIGITS[value]
    if 10 <= value <= 99:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(value)


def _new_number(match: re.Match, rng: random.Random) -> str:
    raw = match.group(0).translate(str.maketrans("０１２３４５６７８９．", "0123456789.", ","))
    percent = match.string[match.end():match.end() + 1] in ("%", "％")
    if "." in raw:
        return f"{rng.uniform(0.1, 99.9):.{len(raw.split('.')[1])}f}"
    value = int(raw)
    if value == 0 or (percent and value == 100):
        return raw  # a stated zero or a full rate keeps its meaning
    new = max(1, int(value * rng.uniform(0.3, 3.0)))
    if percent:
        new = min(new, 99)
    style = rng.random()
    if style < 0.15 and new < 100:
        return _chinese(new)
    if style < 0.25:
        return str(new).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if style < 0.35 and new >= 1000:
        return f"{new:,}"
    return str(new)


def augment_text(text: str, rng: random.Random, unk_prob: float = 0.06) -> str:
    """One label-preserving variant of a clause (see the block comment above)."""
    out = _NUMBER.sub(lambda m: _new_number(m, rng), text)
    if rng.random() < 0.5:
        out = rng.choice(_MARKERS) + _LEADING_MARKER.sub("", out, count=1)
    chars = []
    for ch in out:
        if ch in _SWAPS and rng.random() < 0.15:
            ch = _SWAPS[ch]
        elif "\u4e00" <= ch <= "\u9fff" and rng.random() < unk_prob:
            ch = "[UNK]"
        chars.append(ch)
    return "".join(chars)


def augment_unk(text: str, rng: random.Random, unk_prob: float) -> str:
    """Only the [UNK] replacement of augment_text."""
    return "".join("[UNK]" if "\u4e00" <= ch <= "\u9fff" and rng.random() < unk_prob else ch for ch in text)


def augmented(records: Sequence[dict[str, Any]], copies: int, seed: int,
              unk_prob: float = 0.06) -> list[dict[str, Any]]:
    """``copies`` variants of every record (labels kept), seeded."""
    rng = random.Random(seed)
    return [{**record, "text": augment_text(record["text"], rng, unk_prob), "augmented": True}
            for _ in range(copies) for record in records]

"""Generate synthetic labelled clauses for the claim tagger.

Labels are known by construction: every hand-written template in ``data/templates``
declares its claim types and the section roles it may sit in. The generator expands
templates with random slot values, numbers in the styles real reports use
(full-width, Chinese numerals, 余/多/近/约, thousands separators, 万), enumeration
markers and endings, and sometimes joins two clauses into one mixed clause.

    python data/generate.py --seed 13 --out data/synthetic

writes ``train.jsonl``, ``dev.jsonl`` (another seed, plus held-out templates) and
``mlm_text.txt`` (paragraphs under a section heading, for MLM pre-training).
Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import tomllib
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Union

log = logging.getLogger("generate")

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
LABELS_FILE = HERE.parent / "src" / "gongkai" / "resources" / "labels.json"

CLAIM_TYPES = ("publication_count", "platform_count", "request_count", "appeal_count",
               "enforcement_count", "fee", "training", "staffing", "problem", "planned_fix")
ROLES = ("preamble", "overview", "active_disclosure", "request_disclosure", "information_management",
         "platform_building", "supervision", "active", "requests", "appeals", "problems",
         "identified_problems", "improvements", "other")
HOLDOUT_MOD = 8  # one template in ~8 (by crc32 of its id) is kept out of train
NONE_SHARE = 0.36  # share of draws that pick a no-type template
MIX_SHARE = 0.10  # share of typed clauses joined with a second clause
NO_PREFIX = ("其中", "另有", "包括", "（", "(", "[", "同时", "此外", "另外")  # bodies that take no marker

# --------------------------------------------------------------------------- parsing

Node = Union[str, "Slot", "Alt", "Num"]


@dataclass(frozen=True)
class Slot:
    name: str


@dataclass(frozen=True)
class Alt:
    options: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True)
class Num:
    kind: str
    unit: str


NUM_KINDS = ("tiny", "small", "med", "big", "huge", "pct", "money", "wan", "zero", "dec")


def parse(text: str) -> tuple[Node, ...]:
    """Parse ``{slot}``, ``[a|b]`` (nestable) and ``<kind:unit>`` into nodes."""
    nodes, pos = _parse_seq(text, 0, top=True)
    if pos != len(text):
        raise ValueError(f"unbalanced template: {text!r}")
    return nodes


def _parse_seq(text: str, pos: int, top: bool) -> tuple[tuple[Node, ...], int]:
    out: list[Node] = []
    buf: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if not top and ch in "|]":
            break
        if ch == "{":
            end = text.index("}", pos)
            _flush(buf, out)
            out.append(Slot(text[pos + 1:end]))
            pos = end + 1
        elif ch == "<":
            end = text.index(">", pos)
            kind, _, unit = text[pos + 1:end].partition(":")
            if kind not in NUM_KINDS:
                raise ValueError(f"unknown number kind {kind!r} in {text!r}")
            _flush(buf, out)
            out.append(Num(kind, unit))
            pos = end + 1
        elif ch == "[":
            _flush(buf, out)
            options = []
            pos += 1
            while True:
                seq, pos = _parse_seq(text, pos, top=False)
                options.append(seq)
                if pos >= len(text):
                    raise ValueError(f"unclosed [ in {text!r}")
                if text[pos] == "]":
                    pos += 1
                    break
                pos += 1  # '|'
            out.append(Alt(tuple(options)))
        elif top and ch in "|]":
            raise ValueError(f"stray {ch!r} in {text!r}")
        else:
            buf.append(ch)
            pos += 1
    _flush(buf, out)
    return tuple(out), pos


def _flush(buf: list[str], out: list[Node]) -> None:
    if buf:
        out.append("".join(buf))
        buf.clear()


# --------------------------------------------------------------------------- numbers

CN_DIGITS = "零一二三四五六七八九"
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def chinese_numeral(n: int, liang: bool = False) -> str:
    """Chinese numeral for 0..9999 (十二, 一百零五, 两个)."""
    if n == 0:
        return "零"
    if n == 2 and liang:
        return "两"
    units = ((1000, "千"), (100, "百"), (10, "十"))
    out, zero = [], False
    for value, name in units:
        digit, n = divmod(n, value) if n >= value else (0, n)
        if digit:
            if zero:
                out.append("零")
            out.append(("" if (value == 10 and digit == 1 and not out) else CN_DIGITS[digit]) + name)
            zero = False
        elif out:
            zero = True
    if n:
        if zero:
            out.append("零")
        out.append(CN_DIGITS[n])
    return "".join(out)


def _value(kind: str, rng: random.Random) -> int | float:
    if kind == "tiny":
        return rng.randint(1, 9)
    if kind == "small":
        return rng.choice((rng.randint(1, 12), rng.randint(1, 40)))
    if kind == "med":
        return rng.randint(10, 999)
    if kind == "big":
        return rng.randint(1000, 60000)
    if kind == "huge":
        return rng.randint(20000, 900000)
    if kind == "money":
        return round(rng.uniform(0.3, 9999.0), rng.choice((2, 2, 4, 1)))
    if kind == "wan":
        return round(rng.uniform(1.1, 4000.0), 1)
    if kind == "dec":
        return round(rng.uniform(0.1, 99.9), 1)
    return 0


def render_number(kind: str, unit: str, rng: random.Random) -> str:
    """A number with its unit in one of the styles reports use."""
    if kind == "pct":
        value = rng.choice(("100", "100", "100", "98.5", "99", "95", "96.7", "90", "87.5", "100.0"))
        text = value + "%"
        return text.translate(FULLWIDTH) if rng.random() < 0.1 else text
    value = _value(kind, rng)
    if kind == "zero":
        return rng.choice(("0", "0", "0", "0", "０")) + unit
    if kind == "wan":
        digits = f"{value}万"
    elif isinstance(value, float):
        digits = f"{value}"
    else:
        digits = _int_style(value, unit, rng)
    text = digits + unit
    if kind in ("med", "big", "huge", "wan") and rng.random() < 0.3:
        text = _approx(digits, unit, value, rng)
    elif kind == "small" and rng.random() < 0.08:
        text = rng.choice(("共", "共计", "累计", "合计")) + text
    if rng.random() < 0.07 and digits[0].isdigit():
        text = " " + text.replace(unit, " " + unit, 1) if unit else " " + text + " "
    return text


def _int_style(value: int, unit: str, rng: random.Random) -> str:
    r = rng.random()
    if value < 100 and r < 0.18:
        return chinese_numeral(value, liang=unit in ("个", "名", "次", "场", "期", "项", "种", "家", "人"))
    if r < 0.26:
        return str(value).translate(FULLWIDTH)
    if value >= 1000 and r < 0.34:
        return f"{value:,}"
    if value >= 10000 and r < 0.42:
        return f"{value / 10000:.{rng.choice((1, 2))}f}".rstrip("0").rstrip(".") + "万"
    return str(value)


def _approx(digits: str, unit: str, value: int | float, rng: random.Random) -> str:
    where = rng.random()
    if where < 0.45 and isinstance(value, int) and value >= 10:
        return digits + rng.choice(("余", "余", "多")) + unit
    if where < 0.85:
        return rng.choice(("近", "约", "超过", "逾", "达", "突破", "共计", "累计", "共")) + digits + unit
    return digits + unit + rng.choice(("以上", "以上", "左右"))


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    id: str
    types: tuple[str, ...]
    roles: tuple[str, ...]
    nodes: tuple[Node, ...]
    enum: bool  # may take an enumeration marker
    weight: float
    source: str

    @property
    def holdout(self) -> bool:
        return zlib.crc32(self.id.encode("utf-8")) % HOLDOUT_MOD == 0


@dataclass(frozen=True)
class Bank:
    templates: tuple[Template, ...]
    slots: dict[str, tuple[tuple[Node, ...], ...]]
    styles: dict


def load_bank(folder: Path = TEMPLATES, labels: tuple[str, ...] = CLAIM_TYPES) -> Bank:
    """Read and validate every template file; fail on unknown types, roles or slots."""
    slots_raw = tomllib.loads((folder / "slots.toml").read_text("utf-8"))["slots"]
    slots = {name: tuple(parse(v) for v in values) for name, values in slots_raw.items()}
    styles = tomllib.loads((folder / "styles.toml").read_text("utf-8"))
    templates: list[Template] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("claims_*.toml")) + sorted(folder.glob("none_*.toml")):
        for entry in tomllib.loads(path.read_text("utf-8"))["template"]:
            tid = entry["id"]
            if tid in seen:
                raise ValueError(f"{path.name}: duplicate template id {tid}")
            seen.add(tid)
            types = tuple(entry.get("types", ()))
            bad = [t for t in types if t not in labels] + [r for r in entry["roles"] if r not in ROLES]
            if bad:
                raise ValueError(f"{path.name}:{tid}: unknown type/role {bad}")
            texts = entry["text"] if isinstance(entry["text"], list) else [entry["text"]]
            for i, text in enumerate(texts):
                nodes = parse(text)
                _check_slots(nodes, slots, f"{path.name}:{tid}")
                templates.append(Template(f"{tid}.{i}" if len(texts) > 1 else tid, types,
                                          tuple(entry["roles"]), nodes, entry.get("enum", True),
                                          float(entry.get("weight", 1.0)), path.stem))
    for name, options in slots.items():
        for nodes in options:
            _check_slots(nodes, slots, f"slot {name}")
    return Bank(tuple(templates), slots, styles)


def _check_slots(nodes: tuple[Node, ...], slots: dict, where: str) -> None:
    for node in nodes:
        if isinstance(node, Slot) and node.name not in slots and node.name not in DYNAMIC:
            raise ValueError(f"{where}: unknown slot {{{node.name}}}")
        if isinstance(node, Alt):
            for option in node.options:
                _check_slots(option, slots, where)


DYNAMIC = ("year", "prev_year", "next_year", "month", "day", "phone", "docno", "zip", "article")


def _dynamic(name: str, rng: random.Random, ctx: dict) -> str:
    year = ctx.setdefault("year", rng.randint(2011, 2025))
    if name == "year":
        return str(year)
    if name == "prev_year":
        return str(year - 1)
    if name == "next_year":
        return str(year + 1)
    if name == "month":
        return str(rng.randint(1, 12))
    if name == "day":
        return str(rng.randint(1, 28))
    if name == "phone":
        return f"0{rng.randint(10, 999)}-{rng.randint(2000000, 89999999)}"
    if name == "docno":
        return f"〔{year - rng.randint(0, 3)}〕{rng.randint(1, 150)}号"
    if name == "zip":
        return f"{rng.randint(10, 85)}{rng.randint(0, 9999):04d}"
    return chinese_numeral(rng.randint(1, 56))  # article


def expand(nodes: tuple[Node, ...], bank: Bank, rng: random.Random, ctx: dict, depth: int = 0) -> str:
    """Render parsed nodes with random choices."""
    if depth > 12:
        raise ValueError("slot recursion too deep")
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Slot):
            if node.name in DYNAMIC:
                out.append(_dynamic(node.name, rng, ctx))
            else:
                out.append(expand(rng.choice(bank.slots[node.name]), bank, rng, ctx, depth + 1))
        elif isinstance(node, Alt):
            out.append(expand(rng.choice(node.options), bank, rng, ctx, depth + 1))
        else:
            out.append(render_number(node.kind, node.unit, rng))
    return "".join(out)


# --------------------------------------------------------------------------- clauses


def enum_marker(rng: random.Random, styles: dict) -> str:
    """An enumeration marker such as 二是, （三）, 4. or 第二，."""
    n = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 7))
    cn = chinese_numeral(n)
    style = rng.choice(styles["enum"]["patterns"])
    return style.replace("CN", cn).replace("N", str(n))


def finish(body: str, rng: random.Random, styles: dict, enum: bool) -> str:
    """Add an optional enumeration marker or connective and an ending."""
    r = rng.random()
    if body.startswith(NO_PREFIX):
        enum = False
    if enum and r < 0.30:
        marker = enum_marker(rng, styles)
        body = (f"**{marker}**" if rng.random() < 0.02 else marker) + body
    elif enum and r < 0.38:
        body = rng.choice(styles["enum"]["connectives"]) + body
    body = body.rstrip("，。；")
    return body + rng.choices(("。", "；", "", "，"), weights=(55, 22, 18, 5))[0]


def make_clause(template: Template, bank: Bank, rng: random.Random) -> str:
    return finish(expand(template.nodes, bank, rng, {}), rng, bank.styles, template.enum)


def join_clauses(first: str, second: str, rng: random.Random) -> str:
    """Join two bodies into one mixed clause (both keep their types)."""
    first = first.rstrip("，。；")
    second = second.lstrip()
    glue = rng.choice(("，", "，", "；", "，同时", "，并", "，另外"))
    return first + glue + second


def pick_template(pool: dict[str, list[Template]], none_pool: list[Template], rng: random.Random) -> Template:
    if rng.random() < NONE_SHARE:
        return _weighted(none_pool, rng)
    ctype = rng.choice(sorted(pool))
    return _weighted(pool[ctype], rng)


def _weighted(templates: list[Template], rng: random.Random) -> Template:
    return rng.choices(templates, weights=[t.weight for t in templates])[0]


def generate(bank: Bank, n: int, seed: int, use_holdout: bool,
             exclude: frozenset[str] = frozenset()) -> list[dict]:
    """``n`` distinct records; held-out templates only when ``use_holdout``."""
    rng = random.Random(seed)
    usable = [t for t in bank.templates if use_holdout or not t.holdout]
    if use_holdout:  # dev: held-out templates drawn three times as often
        usable = [Template(t.id, t.types, t.roles, t.nodes, t.enum, t.weight * (3 if t.holdout else 1),
                           t.source) for t in usable]
    pool: dict[str, list[Template]] = {}
    for t in usable:
        for ctype in t.types:
            pool.setdefault(ctype, []).append(t)
    none_pool = [t for t in usable if not t.types]
    typed = [t for t in usable if t.types]
    records, seen, tries = [], set(exclude), 0
    while len(records) < n and tries < n * 20:
        tries += 1
        template = pick_template(pool, none_pool, rng)
        text = make_clause(template, bank, rng)
        types, tid = set(template.types), template.id
        role = rng.choice(template.roles)
        if template.types and rng.random() < MIX_SHARE:
            other = _weighted([t for t in typed if role in t.roles] or typed, rng)
            text = join_clauses(text, expand(other.nodes, bank, rng, {}), rng) + rng.choice(("。", "；", ""))
            types |= set(other.types)
            tid = f"{tid}+{other.id}"
        if text in seen:
            continue
        seen.add(text)
        records.append({"text": text, "types": [t for t in CLAIM_TYPES if t in types],
                        "role": role, "template": tid})
    return records


# --------------------------------------------------------------------------- MLM text


def mlm_paragraphs(bank: Bank, seed: int, max_bytes: int) -> list[str]:
    """Paragraphs: a section heading, then clauses whose role fits it."""
    rng = random.Random(seed)
    by_role: dict[str, list[Template]] = {}
    for t in bank.templates:
        for role in t.roles:
            by_role.setdefault(role, []).append(t)
    headings = bank.styles["headings"]
    out, size = [], 0
    while size < max_bytes:
        role = rng.choice(sorted(by_role))
        heading = rng.choice(headings[role]) if role in headings and rng.random() < 0.8 else None
        parts = [expand(parse(heading), bank, rng, {})] if heading else []
        for _ in range(rng.randint(3, 9)):
            parts.append(make_clause(_weighted(by_role[role], rng), bank, rng))
        joiner = rng.choice(("", "", "\n"))
        para = parts[0] + ("\n" if parts and rng.random() < 0.6 else "") + joiner.join(parts[1:])
        size += len(para.encode("utf-8")) + 1
        if size <= max_bytes:
            out.append(para)
    return out


# --------------------------------------------------------------------------- output


def load_labels(path: Path = LABELS_FILE) -> tuple[str, ...]:
    """Claim types from ``labels.json`` when present, else the spec list."""
    if not path.exists():
        return CLAIM_TYPES
    data = json.loads(path.read_text("utf-8"))
    labels = data.get("labels", data.get("claim_types")) if isinstance(data, dict) else data
    return tuple(labels)


def write_jsonl(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def summary(records: list[dict]) -> dict:
    types = Counter(t for r in records for t in r["types"])
    return {"n": len(records), "no_type": sum(not r["types"] for r in records),
            "types": dict(sorted(types.items())), "roles": dict(sorted(Counter(r["role"] for r in records).items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=HERE / "synthetic")
    parser.add_argument("--n-train", type=int, default=24000)
    parser.add_argument("--n-dev", type=int, default=2000)
    parser.add_argument("--mlm-bytes", type=int, default=4_500_000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    bank = load_bank(labels=load_labels())
    args.out.mkdir(parents=True, exist_ok=True)
    train = generate(bank, args.n_train, args.seed, use_holdout=False)
    dev = generate(bank, args.n_dev, args.seed + 1_000_003, use_holdout=True,
                   exclude=frozenset(r["text"] for r in train))
    write_jsonl(train, args.out / "train.jsonl")
    write_jsonl(dev, args.out / "dev.jsonl")
    text = "\n".join(mlm_paragraphs(bank, args.seed + 2_000_003, args.mlm_bytes)) + "\n"
    (args.out / "mlm_text.txt").write_text(text, encoding="utf-8", newline="\n")
    n_hold = sum(t.holdout for t in bank.templates)
    log.info("templates: %d (%d held out of train)", len(bank.templates), n_hold)
    log.info("train: %s", json.dumps(summary(train), ensure_ascii=False))
    log.info("dev: %s", json.dumps(summary(dev), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

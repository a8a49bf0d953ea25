"""Generate synthetic labelled clauses for the claim tagger.

Labels are known by construction: every hand-written template in ``data/templates``
declares its claim types and the section roles it may sit in. The generator expands
templates with random slot values, numbers in the styles real reports use
(full-width, Chinese numerals, 余/多/近/约, thousands separators, 万), enumeration
markers and endings. It also joins two clauses into one mixed clause, glues a section
heading in front, cuts PDF line fragments (labels per docs/annotation.md rule 17) and adds
typographic noise; all of that keeps the labels known.

    python data/generate.py --seed 13 --out data/synthetic

writes ``train.jsonl``, ``dev.jsonl`` (another seed, plus held-out templates) and
``mlm_text.txt`` (whole invented reports, train templates only, for MLM pre-training).
Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import tomllib
import zlib
from collections import Counter
from dataclasses import dataclass, replace
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
NONE_SHARE = 0.51  # share of draws that pick a no-type template (real train reports: 55 % of clauses have no type)
MIX_SHARE = 0.14  # share of typed clauses joined with a second clause
GLUE_SHARE = 0.03  # heading run into the clause (annotation rule 7 of roles)
FRAGMENT_SHARE = 0.05  # clause cut into PDF line fragments (annotation rule 17)
BURY_SHARE = 0.30  # generic clause wrapped in a long bureaucratic frame, the claim mid-sentence (issue 4)
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
        digits = f"{value / 1000:.2f}".rstrip("0").rstrip(".") + "亿" if rng.random() < 0.08 else f"{value}万"
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


def _round_style(digits: str, value: int) -> str:
    """Round down to two significant figures, keeping the digit style (200, 15000, 二十)."""
    if not digits[0].isdigit() and digits[0] not in "０１２３４５６７８９":
        return digits
    scale = 10 ** max(1, len(str(value)) - 2)
    rounded = str(value // scale * scale)
    return rounded.translate(FULLWIDTH) if digits[0] in "０１２３４５６７８９" else rounded


def _approx(digits: str, unit: str, value: int | float, rng: random.Random) -> str:
    where = rng.random()
    if where < 0.45 and isinstance(value, int) and value >= 10:
        if digits[0] in CN_DIGITS + "十":  # 二十余条, not 二十七余条
            digits = chinese_numeral(value // 10 * 10)
        if rng.random() < 0.3 and value >= 20:  # 多 goes with a round figure: 200多条
            digits = _round_style(digits, value)
            return digits + "多" + unit
        return digits + "余" + unit
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
    tail: str | None = None  # lead/tail phrase kind; "" for none, None to infer

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
                                          float(entry.get("weight", 1.0)), path.stem, entry.get("tail")))
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


DYNAMIC = ("cn_date", "year", "prev_year", "next_year", "month", "day", "phone", "docno", "zip", "article")


def _dynamic(name: str, rng: random.Random, ctx: dict) -> str:
    year = ctx.setdefault("year", rng.randint(2011, 2025))
    if name == "year":
        return str(year)
    if name == "cn_date":
        digits = "".join("〇一二三四五六七八九"[int(d)] for d in str(year + 1))
        return f"{digits}年{chinese_numeral(rng.randint(1, 3))}月{chinese_numeral(rng.randint(1, 31))}日"
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
    if not enum and len(body) < 24:  # headings, title and date lines
        return body.rstrip("，。；") + rng.choices(("", "。", "：", "；"), weights=(70, 20, 7, 3))[0]
    if body.startswith(NO_PREFIX):
        enum = False
    if enum and r < 0.30:
        marker = enum_marker(rng, styles)
        bold = rng.random()
        body = (f"**{marker}**" if bold < 0.015 else f"{marker}**" if bold < 0.025 else marker) + body
    elif enum and r < 0.38:
        body = rng.choice(styles["enum"]["connectives"]) + body
    body = body.rstrip("，。；")
    return body + rng.choices(("。", "；", "", "，"), weights=(55, 22, 18, 5))[0]


def tail_kind(template: Template) -> str | None:
    """Which lead/tail phrases may decorate a clause without changing its labels."""
    if template.tail is not None:
        return template.tail or None
    if template.id.startswith(("head.", "pre.", "other.")):
        return None
    if "problem" in template.types:
        return "problem"
    if "planned_fix" in template.types:
        return "fix"
    return "generic"


def decorate(body: str, kind: str | None, bank: Bank, rng: random.Random) -> str:
    """Bureaucratic leads and purpose tails, so clause lengths resemble real ones."""
    if kind is None:
        return body
    styles = bank.styles
    if kind == "generic" and rng.random() < BURY_SHARE and not body.startswith(NO_PREFIX):
        for _ in range(4):  # redraw frames that repeat a phrase of the clause
            lead = expand(parse(rng.choice(styles["leads"]["bury"])), bank, rng, {})
            tail = expand(parse(rng.choice(styles["tails"]["bury"])), bank, rng, {})
            wrapped = lead + body.rstrip("，。；") + tail
            if not _repeats(wrapped):
                break
        return wrapped
    if kind == "generic" and rng.random() < 0.15 and not body.startswith(NO_PREFIX):
        body = expand(parse(rng.choice(styles["leads"]["generic"])), bank, rng, {}) + body
    if rng.random() < 0.45:
        body = body.rstrip("，。；") + expand(parse(rng.choice(styles["tails"][kind])), bank, rng, {})
    return body


def _repeats(text: str) -> bool:
    """True when a comma-separated phrase of four or more characters occurs twice."""
    parts = [p for p in re.split("[，,；]", text) if len(p) >= 4]
    return len(parts) != len(set(parts))


def make_clause(template: Template, bank: Bank, rng: random.Random, ctx: dict | None = None) -> str:
    body = decorate(expand(template.nodes, bank, rng, {} if ctx is None else ctx), tail_kind(template), bank, rng)
    return finish(body, rng, bank.styles, template.enum)


def join_clauses(first: str, second: str, rng: random.Random) -> str:
    """Join two bodies into one mixed clause (both keep their types)."""
    first = first.rstrip("，。；")
    second = second.lstrip()
    glue = rng.choice(("，", "，", "；", "，同时", "，并", "，另外"))
    return first + glue + second


def pick_template(pool: dict[str, list[Template]], none_pool: list[Template], rng: random.Random,
                  counts: Counter) -> Template:
    """A no-type template, or one of a claim type; half the time the type with fewest positives."""
    if rng.random() < NONE_SHARE:
        return _weighted(none_pool, rng)
    types = sorted(pool)
    ctype = min(types, key=lambda t: (counts[t], t)) if rng.random() < 0.5 else rng.choice(types)
    return _weighted(pool[ctype], rng)


def _weighted(templates: list[Template], rng: random.Random) -> Template:
    return rng.choices(templates, weights=[t.weight for t in templates])[0]


def glue_heading(text: str, role: str, bank: Bank, rng: random.Random) -> tuple[str, str]:
    """Heading run into its first sentence; the clause takes the role of the section it opens."""
    headings = bank.styles["headings"]
    if role in ("identified_problems", "improvements") and rng.random() < 0.5:
        role = "problems"
    heading = expand(parse(rng.choice(headings[role])), bank, rng, {}).rstrip("。：:")
    return heading + rng.choice(("", "", " ", "\u3000", "。")) + text, role


QUANTITY = re.compile(r"[0-9０-９]|[零一二两三四五六七八九十百千]+万?[余多]?[件个条篇名人次期场项份家万元%起笔户]"
                      r"|没有|未|无|均未|暂未|零|%|％")
YEAR = re.compile(r"[0-9０-９]{4}\s*年(?:度)?|〔[0-9]{4}〕[0-9]*号?|第[0-9一二三四五六七八九十]+[条期]|[0-9]{1,2}月[0-9]{1,2}日")
COUNT_TYPES = ("publication_count", "platform_count", "request_count", "appeal_count", "enforcement_count")
KEYWORDS = {"training": re.compile("培训|学习|辅导|授课|以会代训|讲座|参训"), "fee": re.compile("费")}


def fragment_types(fragment: str, types: set[str]) -> set[str]:
    """Labels of a PDF line fragment (annotation rule 17): what the fragment itself asserts."""
    out = set()
    bare = YEAR.sub("", fragment)
    for ctype in types:
        if ctype in COUNT_TYPES:
            if QUANTITY.search(bare):
                out.add(ctype)
        elif ctype in KEYWORDS:
            if KEYWORDS[ctype].search(fragment):
                out.add(ctype)
        else:  # problem, planned_fix: a fragment of the statement keeps it
            out.add(ctype)
    return out


def line_fragments(text: str, rng: random.Random) -> list[str]:
    """Cut a clause where a PDF page of fixed width would break its lines."""
    width = rng.randint(24, 36)
    first = rng.randint(4, width)
    cuts = [0, first] + list(range(first + width, len(text), width)) + [len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:]) if text[a:b].strip(" ，。；、")]


PROTECTED = set("没有未无零暂均培训学费一二两三四五六七八九十百千万亿")  # never split negations or key words with a stray space


def typographic_noise(text: str, rng: random.Random) -> str:
    """Label-neutral noise real dumps show: ASCII commas and brackets, a stray layout space."""
    r = rng.random()
    if r < 0.04:
        text = text.replace("，", ",")
    elif r < 0.08:
        text = text.replace("（", "(").replace("）", ")")
    elif r < 0.11 and len(text) > 8:
        cut = rng.randrange(1, len(text) - 1)
        if not any(ch.isdigit() or ch in PROTECTED for ch in text[cut - 1:cut + 1]):
            text = text[:cut] + " " + text[cut:]
    return text


def fragmentable(types: set[str]) -> bool:
    return "staffing" not in types and len(types & set(COUNT_TYPES)) <= 1


def generate(bank: Bank, n: int, seed: int, use_holdout: bool,
             exclude: frozenset[str] = frozenset()) -> list[dict]:
    """``n`` distinct records; held-out templates only when ``use_holdout``."""
    rng = random.Random(seed)
    usable = [t for t in bank.templates if use_holdout or not t.holdout]
    if use_holdout:  # dev: held-out templates drawn three times as often
        usable = [replace(t, weight=t.weight * (3 if t.holdout else 1)) for t in usable]
    pool: dict[str, list[Template]] = {}
    for t in usable:
        for ctype in t.types:
            pool.setdefault(ctype, []).append(t)
    none_pool = [t for t in usable if not t.types]
    typed = [t for t in usable if t.types]
    records: list[dict] = []
    seen, tries, counts = set(exclude), 0, Counter()
    while len(records) < n and tries < n * 20:
        tries += 1
        template = pick_template(pool, none_pool, rng, counts)
        text = make_clause(template, bank, rng)
        types, tid = set(template.types), template.id
        role = rng.choice(template.roles)
        partners = [t for t in typed if role in t.roles and not set(t.types) & types] if template.types else []
        if partners and rng.random() < MIX_SHARE:  # only partners that occur in the same section
            other = _weighted(partners, rng)
            text = join_clauses(text, expand(other.nodes, bank, rng, {}), rng) + rng.choice(("。", "；", ""))
            types |= set(other.types)
            tid = f"{tid}+{other.id}"
        pieces = [(text, types, role, tid)]
        r = rng.random()
        if r < GLUE_SHARE and not tid.startswith("head.") and role in bank.styles["headings"]:
            glued, new_role = glue_heading(text, role, bank, rng)
            pieces = [(glued, types, new_role, tid + "#glued")]
        elif r < GLUE_SHARE + FRAGMENT_SHARE and len(text) > 20 and fragmentable(types):
            pieces = [(frag, fragment_types(frag, types), role, tid + "#frag")
                      for frag in line_fragments(text, rng)]
        for text, types, role, tid in pieces:
            text = typographic_noise(text, rng)
            if text in seen or len(records) >= n:
                continue
            seen.add(text)
            counts.update(types)
            records.append({"text": text, "types": [t for t in CLAIM_TYPES if t in types],
                            "role": role, "template": tid})
    return records


# --------------------------------------------------------------------------- MLM text


REPORT_2021 = (("preamble", 3), ("overview", 2), ("active_disclosure", 4), ("request_disclosure", 3),
               ("information_management", 3), ("platform_building", 3), ("supervision", 4), ("active", 1),
               ("requests", 1), ("appeals", 1), ("problems", 1), ("identified_problems", 4),
               ("improvements", 5), ("other", 2))
REPORT_OLD = (("preamble", 4), ("overview", 4), ("active", 6), ("requests", 3), ("appeals", 2),
              ("problems", 1), ("identified_problems", 4), ("improvements", 5), ("other", 2))
ENUMERATED = ("supervision", "identified_problems", "improvements")


def synthetic_report(by_role: dict[str, list[Template]], bank: Bank, rng: random.Random) -> str:
    """One invented report: headings in order, paragraphs of role-fitting clauses.

    Sections 五 and 监督保障 are written as 一是…；二是… enumerations, as reports do.
    """
    headings = bank.styles["headings"]
    layout = REPORT_2021 if rng.random() < 0.7 else REPORT_OLD
    ctx = {"year": rng.randint(2011, 2025)}  # one report year throughout
    lines = []
    for role, size in layout:
        if role in headings and (role != "preamble" or rng.random() < 0.7):
            lines.append(expand(parse(rng.choice(headings[role])), bank, rng, ctx))
        pool = [t for t in by_role.get(role, []) if not t.id.startswith("head.")]
        if not pool:
            continue
        count = rng.randint(1, size + 1)
        enumerate_ = role in ENUMERATED and rng.random() < 0.6
        clauses = []
        for i in range(count):
            body = expand(_weighted(pool, rng).nodes, bank, rng, ctx).rstrip("，。；")
            if enumerate_:
                body = chinese_numeral(i + 1) + "是" + body
            clauses.append(body + ("；" if enumerate_ and i < count - 1 else "。"))
        lines.append(rng.choice(("", "", "\u3000\u3000")) + "".join(clauses))
    return "\n".join(lines)


def mlm_text(bank: Bank, seed: int, max_bytes: int) -> str:
    """Whole invented reports (train templates only) up to ``max_bytes`` of UTF-8."""
    rng = random.Random(seed)
    by_role: dict[str, list[Template]] = {}
    for t in bank.templates:
        if not t.holdout:
            for role in t.roles:
                by_role.setdefault(role, []).append(t)
    out, size = [], 0
    while True:
        report = synthetic_report(by_role, bank, rng) + "\n\n"
        size += len(report.encode("utf-8"))
        if size > max_bytes:
            return "".join(out)
        out.append(report)


# --------------------------------------------------------------------------- output


def load_labels(path: Path = LABELS_FILE) -> tuple[str, ...]:
    """Claim types from ``labels.json`` when present, else the spec list."""
    if not path.exists():
        return CLAIM_TYPES
    data = json.loads(path.read_text("utf-8"))
    return tuple(data["types"] if isinstance(data, dict) else data)


def load_label_roles(path: Path = LABELS_FILE) -> tuple[str, ...]:
    """Roles from ``labels.json`` when present, else ours."""
    if not path.exists():
        return ROLES
    data = json.loads(path.read_text("utf-8"))
    return tuple(data.get("roles", ROLES)) if isinstance(data, dict) else ROLES


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
    unknown = set(ROLES) - set(load_label_roles())
    if unknown:
        raise SystemExit(f"roles missing from labels.json: {sorted(unknown)}")
    bank = load_bank(labels=load_labels())
    args.out.mkdir(parents=True, exist_ok=True)
    train = generate(bank, args.n_train, args.seed, use_holdout=False)
    dev = generate(bank, args.n_dev, args.seed + 1_000_003, use_holdout=True,
                   exclude=frozenset(r["text"] for r in train))
    write_jsonl(train, args.out / "train.jsonl")
    write_jsonl(dev, args.out / "dev.jsonl")
    text = mlm_text(bank, args.seed + 2_000_003, args.mlm_bytes)
    (args.out / "mlm_text.txt").write_text(text, encoding="utf-8", newline="\n")
    n_hold = sum(t.holdout for t in bank.templates)
    log.info("templates: %d (%d held out of train)", len(bank.templates), n_hold)
    log.info("train: %s", json.dumps(summary(train), ensure_ascii=False))
    log.info("dev: %s", json.dumps(summary(dev), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

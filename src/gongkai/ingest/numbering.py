"""Word list numbering: the "一、" / "（二）" / "3." that Word draws but does not store as text.

Reports written with auto-numbered headings would otherwise lose their section
numbers, which the segment stage reads. Counters run in document order per
list (w:numId); a level restarts when a shallower level advances.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

log = logging.getLogger(__name__)

_VAL = qn("w:val")
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_PLACEHOLDER = re.compile(r"%([1-9])")


def chinese_number(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (list counters stay small)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = digits[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and ones:
        out += digits[0]
    return out + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, mark in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += mark * count
    return out


def format_counter(n: int, fmt: str) -> str:
    """A counter in a w:numFmt style; unknown styles fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL, "拾")
    if fmt == "ideographTraditional" and 0 < n <= len(_HEAVENLY):
        return _HEAVENLY[n - 1]
    if fmt == "decimalEnclosedCircle" and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalFullWidth":
        return str(n)  # normalised to half-width anyway
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


def _child_val(el: etree._Element, tag: str) -> str | None:
    child = el.find(qn(tag))
    return None if child is None else child.get(_VAL)


def _int(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.lstrip("-").isdigit() else default


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        levels[_int(lvl.get(qn("w:ilvl")), 0)] = Level(_int(_child_val(lvl, "w:start"), 1),
                                                       _child_val(lvl, "w:numFmt") or "decimal",
                                                       _child_val(lvl, "w:lvlText") or "")
    return levels


@dataclass
class Numbering:
    """Level definitions per list and the running counters."""

    lists: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_lists: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: object) -> Numbering:
        """Definitions from numbering.xml and the list ties of paragraph styles."""
        out = cls()
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return out
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            levels = dict(abstracts.get(_child_val(num, "w:abstractNumId"), {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _child_val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    lv = levels[ilvl]
                    levels[ilvl] = Level(_int(start, lv.start), lv.fmt, lv.text)
            out.lists[num.get(qn("w:numId"))] = levels
        for style in document.styles.element.findall(qn("w:style")):  # type: ignore[attr-defined]
            ppr = style.find(qn("w:pPr"))
            num_pr = None if ppr is None else ppr.find(qn("w:numPr"))
            if num_pr is not None:
                out.style_lists[style.get(qn("w:styleId"))] = (
                    _child_val(num_pr, "w:numId") or "", _int(_child_val(num_pr, "w:ilvl"), 0))
        return out

    def _list_of(self, p: etree._Element) -> tuple[str, int] | None:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            return None
        num_pr = ppr.find(qn("w:numPr"))
        if num_pr is not None:
            return _child_val(num_pr, "w:numId") or "", _int(_child_val(num_pr, "w:ilvl"), 0)
        style = _child_val(ppr, "w:pStyle")
        return self.style_lists.get(style) if style else None

    def label(self, p: etree._Element) -> str:
        """The number Word shows before paragraph ``p`` ('' when it is not in a list); advances counters."""
        found = self._list_of(p)
        if found is None or found[0] in ("", "0") or found[0] not in self.lists:
            return ""
        num_id, ilvl = found
        levels = self.lists[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def fill(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, Level())
            return format_counter(counters.get(k, lv.start), lv.fmt)

        return _PLACEHOLDER.sub(fill, level.text)

"""Number parsing shared by every stage: full-width forms, 中文数字, 万/亿, units in cells."""

from __future__ import annotations

import re

Number = int | float

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space

# Punctuation whose full-width form carries meaning in Chinese prose; keep it.
_KEEP_FULLWIDTH = set("，。；：？！（）、")


_FULLWIDTH_BUT_CJK_PUNCT = {k: v for k, v in _FULLWIDTH.items() if chr(k) not in _KEEP_FULLWIDTH}


def to_halfwidth(text: str, keep_cjk_punct: bool = True) -> str:
    """Full-width ASCII to half-width; optionally keep Chinese sentence punctuation."""
    return text.translate(_FULLWIDTH_BUT_CJK_PUNCT if keep_cjk_punct else _FULLWIDTH)


_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
           "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def parse_chinese_numeral(text: str) -> int | None:
    """三 -> 3, 十二 -> 12, 两百零五 -> 205, 一万二千 -> 12000; None if not a numeral."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        # digit-by-digit form such as 二〇二三
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _BIG_UNITS[ch] if _BIG_UNITS[ch] > 10_000 else total + section * _BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_decimal(text: str) -> Number | None:
    """'1,234' -> 1234, '8768.62' -> 8768.62; int when integral in form."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    clean = text.replace(",", "")
    if "." in clean:
        return float(clean)
    return int(clean)


# Units a table cell may carry after its number; 万元 cells are already in the header unit.
_CELL_UNITS = ("万元", "元", "件", "个", "项", "条", "份", "次", "人次", "人", "家", "户", "%")
MAX_CELL_DIGITS = 15
NON_NUMBER_MARKS = frozenset({"/", "-", "—", "－", "无", "—/—", "\\", "／", "――", "--", "×", "空"})


def parse_cell(raw: str) -> tuple[Number | None, str]:
    """A table cell's value and why: ('number'|'blank'|'non_number'|'unparsed').

    Blank and non-numbers stay None so that they are never confused with 0.
    """
    text = to_halfwidth(raw, keep_cjk_punct=False).replace("\u00a0", " ").strip()
    text = re.sub(r"\s+", "", text)
    if not text:
        return None, "blank"
    if text in NON_NUMBER_MARKS:
        return None, "non_number"
    for unit in _CELL_UNITS:
        if text.endswith(unit) and len(text) > len(unit):
            text = text[: -len(unit)]
            break
    if sum(ch.isdigit() for ch in text) > MAX_CELL_DIGITS:
        return None, "unparsed"  # no report counts past 10^15; a longer run is damage, not data
    value = parse_decimal(text)
    if value is not None:
        return value, "number"
    value = parse_chinese_numeral(text)
    if value is not None:
        return value, "number"
    return None, "unparsed"

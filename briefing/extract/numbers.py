"""Numbers with units as written in policy text: 40家, 3—5个, 1.2万亿元, □%, ××项, 二十个, 一百五十家."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from briefing.rules import GoalRules

MASK_CHARS = "□×xX"
_ARABIC = r"\d+(?:\.\d+)?"
_MASK = r"[□×]+"
# Chinese numerals; a bare 一 ("一个平台", "一批") is an article more often than a count, so it needs 十/百/千.
_CHINESE = r"(?:[两二三四五六七八九十][零〇一二两三四五六七八九十百千]*|一[十百千][零〇一二两三四五六七八九十百千]*)"


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    placeholder: bool
    text: str
    #: written in Chinese numerals ("二十个"), which section counts ("七项重点工作") use too
    chinese: bool = False


def quantity_pattern(rules: GoalRules) -> re.Pattern[str]:
    units = sorted((rule.unit for rule in rules.units), key=len, reverse=True)
    unit_alternatives = "|".join(re.escape(unit) for unit in units)
    return re.compile(
        rf"(?<![\d.A-Za-z〔一二两三四五六七八九十百千万])(?P<low>{_ARABIC}|{_MASK}|{_CHINESE})"
        rf"(?:\s*(?:[—\-~至到]|——)\s*(?P<high>{_ARABIC}|{_CHINESE}))?"
        rf"\s*(?P<unit>{unit_alternatives})"
    )


def parse_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_number(text: str) -> Decimal | None:
    """Arabic or Chinese numerals to an exact Decimal ("1.2" -> 1.2, "一百五十" -> 150)."""
    if not text:
        return None
    if text[0].isdigit():
        return parse_decimal(text)
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None


def find_quantities(text: str, pattern: re.Pattern[str]) -> list[Quantity]:
    """Every number-with-unit in ``text``; years, names (5G) and codes have no unit and are not found."""
    found: list[Quantity] = []
    for match in pattern.finditer(text):
        low, high = match.group("low"), match.group("high")
        placeholder = low[0] in MASK_CHARS
        value = None if placeholder else parse_number(low)
        if value is None and not placeholder:
            continue
        found.append(Quantity(
            start=match.start(),
            end=match.end(),
            value=value,
            value_max=parse_number(high) if high else None,
            unit=match.group("unit"),
            placeholder=placeholder,
            text=match.group(0),
            chinese=not placeholder and not low[0].isdigit(),
        ))
    return found


def scale(unit: str | None, rules: GoalRules) -> tuple[int, str]:
    """(multiplier, base unit): 万亿元 -> (10**12, 元); 家 -> (1, 家)."""
    if not unit:
        return 1, ""
    for prefix, multiplier in sorted(rules.multipliers.items(), key=lambda item: -len(item[0])):
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return multiplier, unit[len(prefix):]
    return 1, unit

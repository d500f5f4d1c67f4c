"""Numbers with units as written in policy text: 40家, 3—5个, 1.2万亿元, □%, ××项."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from briefing.rules import GoalRules

MASK_CHARS = "□×xX"
_NUMBER = r"\d+(?:\.\d+)?"
_MASK = r"[□×]+"


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    placeholder: bool
    text: str


def quantity_pattern(rules: GoalRules) -> re.Pattern[str]:
    units = sorted((rule.unit for rule in rules.units), key=len, reverse=True)
    unit_alternatives = "|".join(re.escape(unit) for unit in units)
    return re.compile(
        rf"(?<![\d.A-Za-z〔])(?P<low>{_NUMBER}|{_MASK})"
        rf"(?:\s*(?:[—\-~至到]|——)\s*(?P<high>{_NUMBER}))?"
        rf"\s*(?P<unit>{unit_alternatives})"
    )


def parse_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def find_quantities(text: str, pattern: re.Pattern[str]) -> list[Quantity]:
    """Every number-with-unit in ``text``; years, names (5G) and codes have no unit and are not found."""
    found: list[Quantity] = []
    for match in pattern.finditer(text):
        low, high = match.group("low"), match.group("high")
        placeholder = low[0] in MASK_CHARS
        found.append(Quantity(
            start=match.start(),
            end=match.end(),
            value=None if placeholder else parse_decimal(low),
            value_max=parse_decimal(high) if high else None,
            unit=match.group("unit"),
            placeholder=placeholder,
            text=match.group(0),
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

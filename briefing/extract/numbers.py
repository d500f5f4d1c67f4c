"""Numbers with units as written in policy text: 40家, 3—5个, 1.2万亿元, □%, ××项, 二十个, 过千家, 35EFlops."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from briefing.extract.units import UnitForm, Units

MASK_CHARS = "□×xX"
_ARABIC = r"\d+(?:\.\d+)?"
_MASK = r"[□×]+"
# Chinese numerals; a bare 一 ("一个平台", "一批") is an article more often than a count, so it needs 十/百/千.
_CHINESE = r"(?:[两二三四五六七八九十][零〇一二两三四五六七八九十百千]*|一[十百千][零〇一二两三四五六七八九十百千]*)"
# A bare order of magnitude is a number right after a comparator: "过千家", "超百亿元", "突破千亿元".
_MAGNITUDE = r"(?<=[过超破达近])[百千万]"
_MAGNITUDES = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10000)}


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
    #: the unit table's entry for the unit, None for a number without unit
    unit_form: UnitForm | None = None


class QuantityFinder:
    """Numbers followed by a unit of the unit table; build once per rule set."""

    def __init__(self, units: Units) -> None:
        self.units = units
        self.multiplier_end = re.compile(units.table.multiplier_followed_by)
        unit = units.pattern()
        self.pattern = re.compile(
            rf"(?<![\d.A-Za-z〔一二两三四五六七八九十百千万])"
            rf"(?P<low>{_ARABIC}|{_MASK}|{_CHINESE}|{_MAGNITUDE})"
            # a range may write the unit twice: "3—5个", "2.5%—3%"
            rf"(?:\s*(?P<low_unit>{unit})?\s*(?:[—\-~至到]|——)\s*(?P<high>{_ARABIC}|{_CHINESE}))?"
            rf"\s*(?P<unit>{unit})"
        )

    def find(self, text: str) -> list[Quantity]:
        """Every number-with-unit in ``text``; years, names (5G) and codes have no unit and are not found."""
        found: list[Quantity] = []
        for match in self.pattern.finditer(text):
            low, high = match.group("low"), match.group("high")
            if match.group("low_unit") and match.group("low_unit") != match.group("unit"):
                continue  # "3个—5家" is no range
            placeholder = low[0] in MASK_CHARS
            value = None if placeholder else parse_number(low)
            if value is None and not placeholder:
                continue
            unit = match.group("unit")
            form = self.units.lookup(unit)
            if form is not None and form.family == "multiplier" and not self.multiplier_end.match(text, match.end()):
                continue  # "830万像素": 万 is the prefix of a unit the table does not know
            found.append(Quantity(
                start=match.start(),
                end=match.end(),
                value=value,
                value_max=parse_number(high) if high else None,
                unit=unit,
                placeholder=placeholder,
                text=match.group(0),
                chinese=not placeholder and not low[0].isdigit(),
                unit_form=form,
            ))
        return found


def parse_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_number(text: str) -> Decimal | None:
    """Arabic or Chinese numerals to an exact Decimal ("1.2" -> 1.2, "一百五十" -> 150, "千" -> 1000)."""
    if not text:
        return None
    if text[0].isdigit():
        return parse_decimal(text)
    if text in _MAGNITUDES:
        return _MAGNITUDES[text]
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None

"""Baselines: past figures that a target is measured against.

Two shapes: inline ("由2020年的7.8%提高到10%", "比2020年提高3个百分点") and statistics stated apart
("截至2020年，全省数字经济规模达到3万亿元。到2025年……达到4万亿元"). Statistics are never goals; they become the
baseline of the target with the same indicator and unit family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from briefing.extract.numbers import parse_number
from briefing.models import Goal

_INLINE = re.compile(
    r"(?:由|从)(?P<year>(?:19|20)\d\d)年(?:底|末)?的?(?P<value>\d+(?:\.\d+)?)(?P<unit>%|个百分点|[万亿千百]*[元家个项人件户台套])?$"
)
_COMPARED_WITH = re.compile(r"(?:比|较|相比)(?P<year>(?:19|20)\d\d)年(?:底|末)?(?:末)?$")
_STATISTIC_SENTENCE = re.compile(r"^\s*(?:(?:19|20)\d\d年(?:底|末)?[,，]|.{0,20}?(?:截至|截止|截止到)(?:19|20)\d\d年)")
_STATISTIC_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)年")
PAIRING_SIMILARITY = 0.5


@dataclass(frozen=True)
class InlineBaseline:
    phrase: str
    value: Decimal | None
    year: int


@dataclass(frozen=True)
class Statistic:
    """A past figure found in the text, kept only to become a target's baseline."""

    indicator: str
    value: Decimal | None
    unit: str | None
    year: int | None


def split_inline_baseline(phrase: str) -> InlineBaseline | None:
    """Remove "由2020年的7.8%" / "比2020年" from the end of an indicator phrase and return what it said."""
    if match := _INLINE.search(phrase):
        return InlineBaseline(phrase[:match.start()], parse_number(match.group("value")), int(match.group("year")))
    if match := _COMPARED_WITH.search(phrase):
        return InlineBaseline(phrase[:match.start()], None, int(match.group("year")))
    return None


def statistic_year(sentence_before: str) -> int | None:
    """The year of a sentence that reports the past ("2020年，我国…", "截至2022年底…"), else None."""
    if _STATISTIC_SENTENCE.search(sentence_before):
        if match := _STATISTIC_YEAR.search(sentence_before):
            return int(match.group("year"))
    return None


# Wording that differs between a statistic and its target without changing what is measured.
_SAME_MEANING = ((re.compile(r"国内生产总值[(]?GDP[)]?|地区生产总值|国内生产总值|全省GDP|全市GDP"), "GDP"),
                 (re.compile(r"^(?:我国|全国|全省|全市|全区|我省|我市)"), ""))


def _canonical(phrase: str) -> str:
    for pattern, replacement in _SAME_MEANING:
        phrase = pattern.sub(replacement, phrase)
    return phrase.replace("的", "")


def _similarity(a: str, b: str) -> float:
    sa, sb = set(_canonical(a)), set(_canonical(b))
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def pair_statistics(goals: list[Goal], statistics: list[Statistic]) -> list[Goal]:
    """Give each target without a baseline the closest earlier statistic of the same indicator and unit.

    Units must match as written: a baseline is shown beside its target, so it must be in the same unit.
    """
    paired = []
    for goal in goals:
        if goal.baseline_value is None and not goal.placeholder:
            candidates = [
                s for s in statistics
                if s.value is not None and s.unit == goal.unit
                and (goal.year is None or s.year is None or s.year < goal.year)
                and _similarity(s.indicator, goal.indicator) >= PAIRING_SIMILARITY
            ]
            if candidates:
                best = max(candidates, key=lambda s: _similarity(s.indicator, goal.indicator))
                goal = replace(goal, baseline_value=best.value, baseline_year=best.year)
        paired.append(goal)
    return paired

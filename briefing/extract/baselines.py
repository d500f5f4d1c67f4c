"""Baselines: past figures that a target is measured against.

Two shapes: inline ("由2020年的7.8%提高到10%", "比2020年提高3个百分点") and statistics stated apart
("截至2020年，全省数字经济规模达到3万亿元。到2025年……达到4万亿元"). Statistics are never goals; they become the
baseline of the target with the same indicator and unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from briefing.extract.numbers import parse_number
from briefing.models import Goal
from briefing.rules import GoalRules
from briefing.similarity import character_jaccard


@dataclass(frozen=True)
class InlineBaseline:
    phrase: str
    value: Decimal | None
    year: int
    rule_id: str


@dataclass(frozen=True)
class Statistic:
    """A past figure found in the text, kept only to become a target's baseline."""

    indicator: str
    value: Decimal | None
    unit: str | None
    year: int | None


class InlineBaselineReader:
    def __init__(self, rules: GoalRules, unit_pattern: str) -> None:
        baselines = rules.baselines
        self.inline_from = re.compile(baselines.inline_from.pattern.replace("UNIT", unit_pattern))
        self.inline_from_id = baselines.inline_from.id
        self.compared_with = re.compile(baselines.compared_with.pattern)
        self.compared_with_id = baselines.compared_with.id

    def split(self, phrase: str) -> InlineBaseline | None:
        """Remove "由2020年的7.8%" / "比2020年" from the end of an indicator phrase and return what it said."""
        if match := self.inline_from.search(phrase):
            return InlineBaseline(phrase[:match.start()], parse_number(match.group("value")),
                                  int(match.group("year")), self.inline_from_id)
        if match := self.compared_with.search(phrase):
            return InlineBaseline(phrase[:match.start()], None, int(match.group("year")), self.compared_with_id)
        return None


class StatisticPairer:
    """Gives each target without a baseline the closest earlier statistic of the same indicator and unit."""

    def __init__(self, rules: GoalRules) -> None:
        pairing = rules.baselines.statistic
        self.rule_id = pairing.id
        self.similarity_needed = pairing.similarity
        self.same_meaning = [(re.compile(m.pattern), m.replacement) for m in pairing.same_meaning]
        self.growth_words = tuple(sorted(rules.growth_words, key=len, reverse=True))

    def _canonical(self, phrase: str) -> str:
        for pattern, replacement in self.same_meaning:
            phrase = pattern.sub(replacement, phrase)
        return phrase.replace("的", "")

    def similarity(self, a: str, b: str) -> float:
        return character_jaccard(self._canonical(a), self._canonical(b))

    def _target_similarity(self, statistic: str, indicator: str) -> float:
        """A growth target that took its subject from the clause before ("收入…年均增长") also matches a
        statistic of the growth alone ("年均增长率达13.8%")."""
        growth = next((w for w in self.growth_words if indicator.endswith(w)), None)
        alone = self.similarity(statistic, growth) if growth and growth != indicator else 0.0
        return max(self.similarity(statistic, indicator), alone)

    def pair(self, goals: list[Goal], statistics: list[Statistic]) -> list[Goal]:
        """Units must match as written: a baseline is shown beside its target, so it must be in the same unit."""
        paired = []
        for goal in goals:
            if goal.baseline_value is None and not goal.placeholder:
                candidates = [
                    s for s in statistics
                    if s.value is not None and s.unit == goal.unit
                    and (goal.year is None or s.year is None or s.year < goal.year)
                    and self._target_similarity(s.indicator, goal.indicator) >= self.similarity_needed
                ]
                if candidates:
                    best = max(candidates, key=lambda s: self._target_similarity(s.indicator, goal.indicator))
                    goal = replace(goal, baseline_value=best.value, baseline_year=best.year,
                                   rule_ids=(*goal.rule_ids, self.rule_id))
            paired.append(goal)
        return paired

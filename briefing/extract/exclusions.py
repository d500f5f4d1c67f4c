"""What is not a target although it is a number with a unit: codes, penalties, names in quotes, rhetorical
counts, size labels, incentives and their conditions, counts of the document's own parts, past statistics
(config/goals.yaml: exclusions, statistic_markers)."""

from __future__ import annotations

import re

from briefing.extract.clauses import sentence_around
from briefing.extract.indicators import IndicatorReader
from briefing.extract.numbers import Quantity
from briefing.extract.years import YearAnchor, statistic_anchor
from briefing.rules import GoalRules


class Exclusions:
    """Compiled exclusion rules; each test says whether its rule applies to one number."""

    def __init__(self, rules: GoalRules, indicators: IndicatorReader) -> None:
        self.rules = rules.exclusions
        self.markers = rules.statistic_markers
        self.indicators = indicators
        self.quote_open = re.compile(self.rules.quoted_name.open)
        self.quote_close = re.compile(self.rules.quoted_name.close)

    def penalty_sentence(self, text: str, position: int) -> bool:
        sentence = sentence_around(text, position)
        return any(word in sentence for word in self.rules.penalty_sentence.words)

    def code_context(self, before: str) -> bool:
        tail = before[-3:]
        return any(tail.endswith(word) for word in self.rules.code_context.words)

    def excluded(self, text: str, quantity: Quantity, before: str, after: str) -> bool:
        if self.code_context(before):
            return True
        if text[max(0, quantity.start - 1):quantity.start] in self.rules.list_count.words:
            return True
        if any(after.startswith(word) for word in self.rules.size_label.words):
            return True
        if self._quoted(text, quantity) or self._incentive(quantity, before, after) or self._eligibility(before, after):
            return True
        return self._counts_parts(quantity, after)

    def _quoted(self, text: str, quantity: Quantity) -> bool:
        """"“四个中心”": a number inside a short quotation is a name."""
        if quantity.start == 0 or not self.quote_open.match(text, quantity.start - 1):
            return False
        return self.quote_close.search(text, quantity.end, quantity.end + self.rules.quoted_name.max_inside) is not None

    def _incentive(self, quantity: Quantity, before: str, after: str) -> bool:
        """"给予一次性100万元奖励": money a policy grants."""
        rule = self.rules.incentive
        if quantity.unit_form is None or quantity.unit_form.family not in rule.families:
            return False
        return any(word in before or word in after for word in rule.words)

    def _eligibility(self, before: str, after: str) -> bool:
        """"对年营业收入首次突破1亿元的软件企业": the number says who qualifies."""
        rule = self.rules.eligibility
        return before.lstrip().startswith(rule.openers) and rule.marker in after

    def rhetorical_count(self, quantity: Quantity, comparator_ids: tuple[str, ...]) -> bool:
        """"两个市场、两种资源": a small count in Chinese numerals with no comparator is not a target."""
        rule = self.rules.small_chinese_count
        return (quantity.chinese and not comparator_ids and quantity.value is not None
                and quantity.value < rule.below)

    def _counts_parts(self, quantity: Quantity, after: str) -> bool:
        """"主要任务12项", "5条重点赛道", "七项重点工作": a count of the document's own parts."""
        rule = self.rules.part_count
        head = self.indicators.object_after(after)
        if any(head.endswith(noun) for noun in rule.any_numeral):
            return True
        if quantity.chinese:
            return any(head.endswith(noun) or noun in after[:6] for noun in (*rule.any_numeral, *rule.chinese_numeral))
        return False

    def clause_statistic(self, before: str) -> bool:
        return any(marker in before for marker in self.markers.clause)

    def statistic(self, text: str, position: int, before: str, anchors: list[YearAnchor], start: int) -> bool:
        """A past figure: a marker in its clause ("已达") or sentence ("目前"), or a past year governing it."""
        if self.clause_statistic(before):
            return True
        if any(marker in text[start:position] for marker in self.markers.sentence):
            return True
        return statistic_anchor(anchors, position, start) is not None

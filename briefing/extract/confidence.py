"""A goal's confidence: how reliable the weakest rule that produced it proved on the gold annotations.

config/confidence.yaml holds, per rule id, how many goals the rule produced on the gold documents and how
many of them were right (matched a gold goal with its year, comparator and baseline); `briefing score
--calibrate` measures it again. A rule with few goals is shrunk towards the unseen-rule value, so one lucky
goal does not make a rule certain.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.rules import ConfidenceTable, RuleReliability

#: pseudo-counts of the prior when a rule's reliability is computed from few goals
PRIOR_WEIGHT = 2.0


def reliability(correct: int, fired: int, prior: float) -> float:
    """Right share of a rule's goals, shrunk towards ``prior`` by ``PRIOR_WEIGHT`` pseudo-goals."""
    return (correct + PRIOR_WEIGHT * prior) / (fired + PRIOR_WEIGHT)


def rule_reliability(correct: int, fired: int, prior: float) -> RuleReliability:
    return RuleReliability(fired=fired, correct=correct, reliability=round(reliability(correct, fired, prior), 3))


def goal_confidence(rule_ids: Iterable[str], table: ConfidenceTable) -> float:
    """The lowest reliability among the goal's rules (a rule never seen on the gold counts as unseen)."""
    values = [table.rules[rule_id].reliability if rule_id in table.rules else table.unseen_rule
              for rule_id in rule_ids]
    return min(values) if values else table.unseen_rule

"""Extraction: a ``Document`` in, its goals and measures out. Pure: no file system, no database."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from briefing.extract.goals import ProseGoalFinder, same_target
from briefing.extract.measures import find_measures
from briefing.extract.numbers import scale
from briefing.extract.tables import table_goals
from briefing.models import Document, Extraction, Goal
from briefing.rules import DEFAULT_CONFIG_DIR, GoalRules, load_rules

#: Bumped whenever extraction output can change; stored with every run.
EXTRACTOR_VERSION = "0.1.0"


@lru_cache(maxsize=4)
def _prose_finder(config_dir: Path) -> ProseGoalFinder:
    return ProseGoalFinder(load_rules(config_dir).goals)


def _scaled(goal: Goal, rules: GoalRules) -> Decimal | None:
    if goal.value is None:
        return None
    multiplier, _ = scale(goal.unit, rules)
    return goal.value * multiplier


def merge_duplicates(goals: list[Goal], rules: GoalRules) -> list[Goal]:
    """One record per target: a target stated twice keeps its first statement, plus any baseline found."""
    kept: list[Goal] = []
    for goal in sorted(goals, key=lambda g: g.provenance.span[0]):
        twin_index = next(
            (i for i, other in enumerate(kept)
             if same_target(other, goal, _scaled(other, rules), _scaled(goal, rules))),
            None,
        )
        if twin_index is None:
            kept.append(goal)
            continue
        twin = kept[twin_index]
        if twin.baseline_value is None and goal.baseline_value is not None:
            kept[twin_index] = replace(twin, baseline_value=goal.baseline_value, baseline_year=goal.baseline_year,
                                       year=twin.year or goal.year)
    return kept


def extract_document(document: Document, config_dir: Path = DEFAULT_CONFIG_DIR) -> Extraction:
    rules = load_rules(config_dir)
    goals = _prose_finder(config_dir).goals(document) + table_goals(document, rules.goals)
    return Extraction(
        document=document,
        goals=tuple(merge_duplicates(goals, rules.goals)),
        measures=tuple(find_measures(document, rules.measures)),
    )

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
from briefing.extract.themes import MeasureClassifier
from briefing.models import Document, Extraction, Goal, Measure
from briefing.rules import DEFAULT_CONFIG_DIR, GoalRules, load_rules

#: Bumped whenever extraction output can change; stored with every run.
EXTRACTOR_VERSION = "0.1.0"


@lru_cache(maxsize=4)
def _prose_finder(config_dir: Path) -> ProseGoalFinder:
    return ProseGoalFinder(load_rules(config_dir).goals)


@lru_cache(maxsize=4)
def measure_classifier(config_dir: Path = DEFAULT_CONFIG_DIR) -> MeasureClassifier:
    """The tokenizer and theme/instrument rules, built once per process (jieba loads ~1 s on first use)."""
    return MeasureClassifier(load_rules(config_dir))


def _enrich(measure: Measure, goals: tuple[Goal, ...], classifier: MeasureClassifier) -> Measure:
    """Themes, instrument type and the goals stated inside the measure (its text starts at its heading)."""
    classification = classifier.classify(measure.text)
    start = measure.provenance.span[0]
    end = start + len(measure.text)
    inside = tuple(i for i, goal in enumerate(goals) if start <= goal.provenance.span[0] < end)
    return replace(measure, themes=classification.themes, instrument=classification.instrument,
                   goal_indexes=inside)


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
    found = _prose_finder(config_dir).goals(document) + table_goals(document, rules.goals)
    goals = tuple(merge_duplicates(found, rules.goals))
    classifier = measure_classifier(config_dir)
    measures = tuple(_enrich(measure, goals, classifier) for measure in find_measures(document, rules.measures))
    return Extraction(document=document, goals=goals, measures=measures)

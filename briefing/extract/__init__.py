"""Extraction: a ``Document`` in, its goals and measures out. Pure: no file system, no database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from briefing.extract.confidence import goal_confidence
from briefing.extract.goals import ProseGoalFinder, same_target
from briefing.extract.measures import find_measures
from briefing.extract.tables import TableReader
from briefing.extract.themes import MeasureClassifier
from briefing.extract.tokens import Tokenizer
from briefing.extract.units import Units
from briefing.extractor_version import EXTRACTOR_VERSION
from briefing.models import Document, Extraction, Goal, Measure
from briefing.rules import DEFAULT_CONFIG_DIR, Rules, load_rules



@dataclass(frozen=True)
class Extractor:
    """Everything extraction needs, compiled once per config folder."""

    rules: Rules
    units: Units
    tokenizer: Tokenizer
    prose: ProseGoalFinder
    tables: TableReader
    classifier: MeasureClassifier


@lru_cache(maxsize=4)
def extractor(config_dir: Path = DEFAULT_CONFIG_DIR) -> Extractor:
    """The compiled rules of ``config_dir``, built once per process (jieba loads ~1 s on first use)."""
    rules = load_rules(config_dir)
    units = Units(rules.goals.units)
    tokenizer = Tokenizer(rules)
    return Extractor(rules, units, tokenizer, ProseGoalFinder(rules.goals, units, tokenizer),
                     TableReader(rules.goals, units), MeasureClassifier(rules, tokenizer))


def _enrich(measure: Measure, goals: tuple[Goal, ...], classifier: MeasureClassifier) -> Measure:
    """Themes, instrument type and the goals stated inside the measure (its text starts at its heading)."""
    classification = classifier.classify(measure.text)
    start = measure.provenance.span[0]
    end = start + len(measure.text)
    inside = tuple(i for i, goal in enumerate(goals) if start <= goal.provenance.span[0] < end)
    return replace(measure, themes=classification.themes, instrument=classification.instrument,
                   goal_indexes=inside)


def merge_duplicates(goals: list[Goal]) -> list[Goal]:
    """One record per target: a target stated twice keeps its first statement, plus any baseline found."""
    kept: list[Goal] = []
    for goal in sorted(goals, key=lambda g: g.provenance.span[0]):
        twin_index = next((i for i, other in enumerate(kept) if same_target(other, goal)), None)
        if twin_index is None:
            kept.append(goal)
            continue
        twin = kept[twin_index]
        if twin.baseline_value is None and goal.baseline_value is not None:
            kept[twin_index] = replace(twin, baseline_value=goal.baseline_value, baseline_year=goal.baseline_year,
                                       year=twin.year or goal.year,
                                       rule_ids=(*twin.rule_ids, "goal.merged_statement"))
    return kept


def extract_document(document: Document, config_dir: Path = DEFAULT_CONFIG_DIR) -> Extraction:
    compiled = extractor(config_dir)
    document_year = compiled.prose.years.document_year(document)
    found = compiled.prose.goals(document) + compiled.tables.goals(document, document_year)
    confidence = compiled.rules.confidence
    goals = tuple(replace(goal, confidence=goal_confidence(goal.rule_ids, confidence))
                  for goal in merge_duplicates(found))
    measures = tuple(_enrich(measure, goals, compiled.classifier)
                     for measure in find_measures(document, compiled.rules.measures))
    return Extraction(document=document, goals=goals, measures=measures)

__all__ = ["EXTRACTOR_VERSION", "Extractor", "extract_document", "extractor"]

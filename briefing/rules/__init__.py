"""Rules kept as data in config/: loaded once, validated, each rule with a stable id."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from briefing.errors import ConfigError
from briefing.rules.base import IdentifiedRule, Pattern, Rule, Words
from briefing.rules.goals import ComparatorRule, GoalRules, UnitRule, UnitTable

__all__ = ["ComparatorRule", "ConfidenceTable", "DEFAULT_CONFIG_DIR", "GoalRules", "GoldSize", "MeasureRules",
           "RuleReliability", "Rules", "StructureRules", "UnitRule", "UnitTable", "load_model", "load_rules"]

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parent.parent.parent / "config"


class HeadingRule(IdentifiedRule):
    """A heading marker at the start of a line, its depth and the section kind it implies."""

    pattern: Pattern
    depth: int
    kind: str | None = None


class SectionKindRule(IdentifiedRule):
    """Title keywords that give a section its kind."""

    kind: str
    keywords: Words


class StructureRules(Rule):
    """config/structure.yaml: headings, section kinds, paragraph openers."""

    headings: tuple[HeadingRule, ...]
    max_title_length: int
    #: web pages flattened into one line: headings of at most this depth, with titles this short, split off
    inline_heading_depth: int
    inline_title_length: int
    section_kinds: tuple[SectionKindRule, ...]
    paragraph_openers: tuple[Pattern, ...]


class MeasureRules(Rule):
    """config/measures.yaml: the responsible units of a measure."""

    responsible_pattern: Pattern
    responsible_separators: Pattern


class KeywordRule(IdentifiedRule):
    """A named list of keywords matched on tokens."""

    name: str
    keywords: Words


class ThemeRules(Rule):
    """config/themes.yaml."""

    themes: tuple[KeywordRule, ...]


class InstrumentRules(Rule):
    """config/instruments.yaml."""

    instruments: tuple[KeywordRule, ...]


class RuleReliability(Rule):
    """How a rule did on the gold annotations: goals it produced, and how many of them were right."""

    fired: int
    correct: int
    reliability: float


class GoldSize(Rule):
    documents: int
    gold_goals: int
    predicted_goals: int


class ConfidenceTable(Rule):
    """config/confidence.yaml, written by `briefing score --calibrate`."""

    measured_on: GoldSize
    #: the reliability given to a rule that never fired on the gold
    unseen_rule: float
    rules: dict[str, RuleReliability]


class Rules(Rule):
    structure: StructureRules
    goals: GoalRules
    measures: MeasureRules
    themes: ThemeRules
    instruments: InstrumentRules
    confidence: ConfidenceTable
    #: extra words for the tokenizer, one "word [frequency] [tag]" a line (jieba's user dictionary format)
    user_dictionary: Path
    #: the folder the rules were read from
    config_dir: Path


M = TypeVar("M", bound=BaseModel)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: rule file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of rules at the top")
    return data


def _validate(data: dict[str, Any], model: type[M], path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        raise ConfigError(f"{path}: bad rule at '{key}': {error['msg']}") from None


def load_model(path: Path, model: type[M]) -> M:
    """One config file validated into ``model``; a bad or missing file is one ConfigError naming it."""
    return _validate(_read(path), model, path)


@lru_cache(maxsize=4)
def load_rules(config_dir: Path = DEFAULT_CONFIG_DIR) -> Rules:
    """All extraction rules from ``config_dir``, validated once."""
    user_dictionary = config_dir / "jieba_user_dict.txt"
    if not user_dictionary.is_file():
        raise ConfigError(f"{user_dictionary}: user dictionary not found")
    goals_path = config_dir / "goals.yaml"
    goal_data = {**_read(goals_path), "units": _read(config_dir / "units.yaml")}
    return Rules(
        structure=load_model(config_dir / "structure.yaml", StructureRules),
        goals=_validate(goal_data, GoalRules, goals_path),
        measures=load_model(config_dir / "measures.yaml", MeasureRules),
        themes=load_model(config_dir / "themes.yaml", ThemeRules),
        instruments=load_model(config_dir / "instruments.yaml", InstrumentRules),
        confidence=load_model(config_dir / "confidence.yaml", ConfidenceTable),
        user_dictionary=user_dictionary,
        config_dir=config_dir,
    )

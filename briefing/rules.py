"""Rules kept as data in config/: loaded once, validated, each rule with a stable id."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from briefing.errors import ConfigError

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression: {exc}") from exc
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeadingRule(_Rule):
    id: str
    pattern: Pattern
    depth: int
    kind: str | None = None


class SectionKindRule(_Rule):
    id: str
    kind: str
    keywords: tuple[str, ...]


class StructureRules(_Rule):
    headings: tuple[HeadingRule, ...]
    max_title_length: int
    section_kinds: tuple[SectionKindRule, ...]
    paragraph_openers: tuple[Pattern, ...]
    inline_heading_depth: int
    inline_title_length: int


class UnitRule(_Rule):
    """One base unit of config/units.yaml; prefixed forms ("万家", "亿元") are derived from it."""

    id: str
    unit: str
    family: str
    canonical: str
    factor: Decimal
    prefixes: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()
    #: False where the unit is read only with a prefix ("万人" yes, "人" alone no)
    bare: bool = True


class UnitTable(_Rule):
    multipliers: dict[str, int]
    alternative_classifier: Pattern
    multiplier_followed_by: Pattern
    units: tuple[UnitRule, ...]


class ComparatorRule(_Rule):
    id: str
    comparator: Literal[">", ">=", "=", "~", "<=", "<"]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    #: the words state a change, not a level ("增长10%"): for a percentage, the word joins the indicator
    change: bool = False


class WordRule(_Rule):
    id: str
    words: tuple[str, ...]


class VerbTagCue(_Rule):
    id: str
    tags: tuple[str, ...]
    sections: tuple[str, ...]
    reporting_verbs: tuple[str, ...]


class PercentPredicateRule(_Rule):
    id: str
    max_predicate_length: int
    rate_suffix: str


class UnitlessRule(_Rule):
    id: str
    followed_by: Pattern


class ListContinuationRule(_Rule):
    id: str
    max_gap: int


class YearAnchorRule(_Rule):
    id: str
    pattern: Pattern
    #: "target": always a target year; "document_year": a target year unless before the document's own year
    tense: Literal["target", "document_year"] = "target"
    #: what a "document_year" anchor is in a document whose own year is unknown
    without_document_year: Literal["target", "statistic"] = "target"


class QuotedNameRule(_Rule):
    id: str
    open: Pattern
    close: Pattern
    max_inside: int


class PartCountRule(_Rule):
    id: str
    any_numeral: tuple[str, ...]
    chinese_numeral: tuple[str, ...]


class SmallCountRule(_Rule):
    id: str
    below: int


class IncentiveRule(_Rule):
    id: str
    words: tuple[str, ...]
    families: tuple[str, ...]


class EligibilityRule(_Rule):
    id: str
    openers: tuple[str, ...]
    marker: str


class Exclusions(_Rule):
    code_context: WordRule
    penalty_sentence: WordRule
    list_count: WordRule
    quoted_name: QuotedNameRule
    small_chinese_count: SmallCountRule
    size_label: WordRule
    incentive: IncentiveRule
    eligibility: EligibilityRule
    part_count: PartCountRule


class StatisticMarkers(_Rule):
    id: str
    clause: tuple[str, ...]
    sentence: tuple[str, ...]


class PatternRule(_Rule):
    id: str
    pattern: Pattern


class SameMeaning(_Rule):
    pattern: Pattern
    replacement: str


class StatisticPairing(_Rule):
    id: str
    similarity: float
    same_meaning: tuple[SameMeaning, ...] = ()


class BaselineRules(_Rule):
    inline_from: PatternRule
    compared_with: PatternRule
    statistic: StatisticPairing


class RuleId(_Rule):
    id: str


class TableRules(_Rule):
    header_columns: RuleId
    unit_column: RuleId
    year_header: Pattern
    label_header: tuple[str, ...]
    unit_header: tuple[str, ...]
    subrow_prefix: Pattern
    value: Pattern
    binding: Pattern


class GoalRules(_Rule):
    comparators: tuple[ComparatorRule, ...]
    comparator_guards: tuple[str, ...]
    hedges: tuple[WordRule, ...]
    target_verbs: WordRule
    verb_tag_cue: VerbTagCue
    percent_predicate: PercentPredicateRule
    unitless: UnitlessRule
    list_continuation: ListContinuationRule
    year_anchors: tuple[YearAnchorRule, ...]
    five_year_plans: dict[str, int]
    title_period: Pattern
    indicator_stop: Pattern
    indicator_strip_prefix: Pattern
    indicator_strip_suffix: Pattern
    indicator_keeps_verbs: tuple[str, ...]
    modifier_tags: tuple[str, ...]
    short_modifier: int
    predicate_tags: tuple[str, ...]
    object_stop_verbs: tuple[str, ...]
    shared_head_nouns: tuple[str, ...]
    growth_words: tuple[str, ...]
    rate_adverbs: tuple[str, ...]
    exclusions: Exclusions
    statistic_markers: StatisticMarkers
    baselines: BaselineRules
    tables: TableRules
    #: the unit table (config/units.yaml), loaded with the goal rules
    units: UnitTable


class MeasureRules(_Rule):
    responsible_pattern: Pattern
    responsible_separators: Pattern


class KeywordRule(_Rule):
    id: str
    name: str
    keywords: tuple[str, ...]


class ThemeRules(_Rule):
    themes: tuple[KeywordRule, ...]


class InstrumentRules(_Rule):
    instruments: tuple[KeywordRule, ...]


class RuleReliability(_Rule):
    """How a rule did on the gold annotations: goals it produced, and how many of them were right."""

    fired: int
    correct: int
    reliability: float


class GoldSize(_Rule):
    documents: int
    gold_goals: int
    predicted_goals: int


class ConfidenceTable(_Rule):
    """config/confidence.yaml, written by `briefing score --calibrate`."""

    measured_on: GoldSize
    #: the reliability given to a rule that never fired on the gold
    unseen_rule: float
    rules: dict[str, RuleReliability]


class Rules(_Rule):
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


def _load(path: Path, model: type[M]) -> M:
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
        structure=_load(config_dir / "structure.yaml", StructureRules),
        goals=_validate(goal_data, GoalRules, goals_path),
        measures=_load(config_dir / "measures.yaml", MeasureRules),
        themes=_load(config_dir / "themes.yaml", ThemeRules),
        instruments=_load(config_dir / "instruments.yaml", InstrumentRules),
        confidence=_load(config_dir / "confidence.yaml", ConfidenceTable),
        user_dictionary=user_dictionary,
        config_dir=config_dir,
    )

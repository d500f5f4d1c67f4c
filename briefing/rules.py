"""Rules kept as data in config/: loaded once, validated, each rule with a stable id."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

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


class UnitRule(_Rule):
    unit: str
    family: str  # money | percent | pp | count | index


class GoalRules(_Rule):
    units: tuple[UnitRule, ...]
    multipliers: dict[str, int]
    comparators_before: dict[str, str]
    comparators_after: dict[str, str]
    hedges: tuple[str, ...]
    target_verbs: tuple[str, ...]
    year_anchor: Pattern
    period_years: dict[str, int]
    indicator_stop: Pattern
    indicator_strip_prefix: Pattern
    excluded_contexts: tuple[str, ...]
    excluded_sentences: tuple[str, ...]
    section_count_nouns: tuple[str, ...]
    baseline_markers: tuple[str, ...]


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


class Rules(_Rule):
    structure: StructureRules
    goals: GoalRules
    measures: MeasureRules
    themes: ThemeRules
    instruments: InstrumentRules
    #: extra words for the tokenizer, one "word [frequency] [tag]" a line (jieba's user dictionary format)
    user_dictionary: Path


def _load(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except FileNotFoundError:
        raise ConfigError(f"{path}: rule file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        raise ConfigError(f"{path}: bad rule at '{key}': {error['msg']}") from None


@lru_cache(maxsize=4)
def load_rules(config_dir: Path = DEFAULT_CONFIG_DIR) -> Rules:
    """All extraction rules from ``config_dir``, validated once."""
    user_dictionary = config_dir / "jieba_user_dict.txt"
    if not user_dictionary.is_file():
        raise ConfigError(f"{user_dictionary}: user dictionary not found")
    return Rules(
        structure=_load(config_dir / "structure.yaml", StructureRules),  # type: ignore[arg-type]
        goals=_load(config_dir / "goals.yaml", GoalRules),  # type: ignore[arg-type]
        measures=_load(config_dir / "measures.yaml", MeasureRules),  # type: ignore[arg-type]
        themes=_load(config_dir / "themes.yaml", ThemeRules),  # type: ignore[arg-type]
        instruments=_load(config_dir / "instruments.yaml", InstrumentRules),  # type: ignore[arg-type]
        user_dictionary=user_dictionary,
    )

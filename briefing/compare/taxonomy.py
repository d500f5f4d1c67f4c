"""Canonical indicators (config/indicators.yaml): every goal maps to one id with a score, or is unmapped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from briefing.errors import ConfigError
from briefing.rules import DEFAULT_CONFIG_DIR
from briefing.similarity import character_jaccard


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    unit_kind: str
    patterns: tuple[str, ...]
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    indicator: Indicator
    score: float


class IndicatorTaxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fuzzy_threshold: float
    indicators: tuple[Indicator, ...]

    @cached_property
    def _compiled(self) -> list[tuple[Indicator, list[re.Pattern[str]]]]:
        return [(indicator, [re.compile(p) for p in indicator.patterns]) for indicator in self.indicators]

    def by_id(self, indicator_id: str) -> Indicator | None:
        return next((indicator for indicator in self.indicators if indicator.id == indicator_id), None)

    def map(self, phrase: str) -> Mapping | None:
        """The canonical indicator of a goal's indicator phrase: by pattern (score 1.0) or by shared characters."""
        for indicator, patterns in self._compiled:
            if any(pattern.search(phrase) for pattern in patterns):
                return Mapping(indicator, 1.0)
        best: Mapping | None = None
        for indicator in self.indicators:
            for name in (indicator.name, *indicator.synonyms):
                score = character_jaccard(phrase, name, ignore_fillers=True)
                if score >= self.fuzzy_threshold and (best is None or score > best.score):
                    best = Mapping(indicator, round(score, 3))
        return best


@lru_cache(maxsize=4)
def load_taxonomy(config_dir: Path = DEFAULT_CONFIG_DIR) -> IndicatorTaxonomy:
    path = config_dir / "indicators.yaml"
    try:
        taxonomy = IndicatorTaxonomy.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for indicator in taxonomy.indicators:
            for pattern in indicator.patterns:
                re.compile(pattern)
    except (OSError, yaml.YAMLError, ValidationError, re.error) as exc:
        raise ConfigError(f"{path}: {str(exc).splitlines()[0]}") from None
    ids = [i.id for i in taxonomy.indicators]
    if len(ids) != len(set(ids)):
        raise ConfigError(f"{path}: indicator ids must be unique")
    return taxonomy

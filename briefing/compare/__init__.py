"""Comparison of the goals on file: what each region aims for, grouped by canonical indicator.

Pure functions over DataFrames read from the store; the report renders what they return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from briefing.errors import ConfigError
from briefing.rules import DEFAULT_CONFIG_DIR


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    unit_kind: str
    patterns: tuple[str, ...]


class IndicatorTaxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    indicators: tuple[Indicator, ...]

    def match(self, phrase: str) -> Indicator | None:
        for indicator in self.indicators:
            if any(re.search(pattern, phrase) for pattern in indicator.patterns):
                return indicator
        return None


@lru_cache(maxsize=4)
def load_taxonomy(config_dir: Path = DEFAULT_CONFIG_DIR) -> IndicatorTaxonomy:
    path = config_dir / "indicators.yaml"
    try:
        return IndicatorTaxonomy.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}".splitlines()[0]) from None


_UNIT_KINDS = {"%": "percent", "个百分点": "pp", "百分点": "pp"}


@dataclass(frozen=True)
class Comparison:
    #: every stored goal with its document's region, the canonical indicator and whether it is new
    goals: pd.DataFrame
    #: canonical indicator x region: the latest target of each region (one row per pair)
    peers: pd.DataFrame
    #: one row per region: documents, goals, measures, latest document date
    regions: pd.DataFrame


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def _goal_text(row: pd.Series) -> str:
    """The target as a reader says it: "50%", "3—5个", "□万亿元"."""
    if row["placeholder"]:
        value = "□"
    else:
        value = _plain_number(row["value"])
        if _present(row["value_max"]):
            value += f"—{_plain_number(row['value_max'])}"
    return value + (row["unit"] if _present(row["unit"]) else "")


def _plain_number(value: object) -> str:
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def compare(goals: pd.DataFrame, documents: pd.DataFrame, new_doc_ids: set[str],
            config_dir: Path = DEFAULT_CONFIG_DIR) -> Comparison:
    """Group goals by region and canonical indicator; mark the goals of this run's new documents."""
    taxonomy = load_taxonomy(config_dir)
    goals = goals.copy()
    matched = [taxonomy.match(phrase) for phrase in goals["indicator"]]
    goals["indicator_id"] = [m.id if m else None for m in matched]
    goals["indicator_name"] = [m.name if m else phrase for m, phrase in zip(matched, goals["indicator"])]
    goals["is_new"] = goals["doc_id"].isin(new_doc_ids)
    goals["target"] = goals.apply(_goal_text, axis=1) if len(goals) else pd.Series(dtype=str)

    mapped = goals[goals["indicator_id"].notna()]
    if len(mapped):
        latest = (mapped.sort_values(["document_date", "year"], na_position="first")
                  .groupby(["indicator_id", "region"], as_index=False).last())
        peers = latest[["indicator_id", "indicator_name", "region", "level", "target", "value", "unit", "year",
                        "comparator", "hedge", "baseline_value", "baseline_year", "placeholder", "is_new",
                        "document_title", "doc_id", "ordinal"]].sort_values(["indicator_id", "region"])
    else:
        peers = pd.DataFrame(columns=["indicator_id", "indicator_name", "region", "target"])

    regions = (documents.groupby("region", as_index=False)
               .agg(documents=("doc_id", "count"), goals=("goal_count", "sum"),
                    measures=("measure_count", "sum"), latest=("date", "max"))
               .sort_values("region")) if len(documents) else pd.DataFrame(
                   columns=["region", "documents", "goals", "measures", "latest"])
    return Comparison(goals=goals, peers=peers.reset_index(drop=True), regions=regions.reset_index(drop=True))

"""Peer benchmark: for each canonical indicator, every region's latest target in a common unit, the annual
growth it implies from its baseline, and its rank among regions of the same level."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd

from briefing.compare.taxonomy import IndicatorTaxonomy, Mapping
from briefing.extract.units import Units
from briefing.tables import MAPPED_GOALS, PEERS, missing, records


def _decimal(value: object) -> Decimal | None:
    if missing(value):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def map_goals(goals: pd.DataFrame, taxonomy: IndicatorTaxonomy, units: Units, new_doc_ids: set[str]) -> pd.DataFrame:
    """Goals with their canonical indicator (or none), mapping score and value in a common unit."""
    goals = goals.copy()
    by_phrase = {phrase: taxonomy.map(phrase) for phrase in dict.fromkeys(goals["indicator"])}
    mappings = [by_phrase[phrase] for phrase in goals["indicator"]]
    if "forced_indicator_id" in goals.columns:  # a reviewer's correction names the canonical indicator
        mappings = [_forced(taxonomy, forced) or mapping
                    for forced, mapping in zip(goals["forced_indicator_id"], mappings)]
    goals["indicator_id"] = [m.indicator.id if m else None for m in mappings]
    goals["indicator_name"] = [m.indicator.name if m else phrase for m, phrase in zip(mappings, goals["indicator"])]
    goals["mapping_score"] = [m.score if m else None for m in mappings]
    goals["is_new"] = goals["doc_id"].isin(new_doc_ids)
    common = [_common(row, units) for row in records(goals)]
    goals["value_common"] = [c[0] for c in common]
    goals["unit_common"] = [c[1] for c in common]
    return MAPPED_GOALS.conform(goals)


def _forced(taxonomy: IndicatorTaxonomy, indicator_id: object) -> Mapping | None:
    indicator = None if missing(indicator_id) else taxonomy.by_id(str(indicator_id))
    return None if indicator is None else Mapping(indicator, 1.0)


def _common(row: dict, units: Units) -> tuple[float | None, str | None]:
    value = _decimal(row["value"])
    unit = None if missing(row["unit"]) else row["unit"]
    multiplier, base = units.scale(unit)
    if value is None:
        return None, base or unit
    return float(value * multiplier), base or unit


def _annual_growth(row: pd.Series) -> tuple[float | None, float | None]:
    """CAGR from baseline to target for amounts and counts; percentage points a year for shares."""
    target, baseline = _decimal(row["value"]), _decimal(row["baseline_value"])
    if target is None or baseline is None or missing(row["year"]) or missing(row["baseline_year"]):
        return None, None
    years = int(row["year"]) - int(row["baseline_year"])
    if years <= 0:
        return None, None
    if row["unit"] in ("%", "个百分点"):
        return None, round(float(target - baseline) / years, 3)
    if baseline <= 0:
        return None, None
    return round((float(target) / float(baseline)) ** (1 / years) - 1, 4), None


def peer_benchmark(goals: pd.DataFrame) -> pd.DataFrame:
    """Each region's latest target per canonical indicator, ranked within its level (province / city ...)."""
    mapped = goals[goals["indicator_id"].notna()]
    if not len(mapped):
        return PEERS.frame()
    ordered = mapped.sort_values(["document_date", "year", "ordinal"], na_position="first")
    # The whole latest row of each region: groupby().last() would take each column's last non-missing value,
    # mixing one goal's target with an earlier goal's baseline.
    latest = ordered.drop_duplicates(["indicator_id", "region"], keep="last").reset_index(drop=True)
    growth = [_annual_growth(row) for _, row in latest.iterrows()]
    latest["annual_growth"] = [g[0] for g in growth]
    latest["annual_change_pp"] = [g[1] for g in growth]
    ranked = latest[latest["value_common"].notna()]
    latest["rank"] = ranked.groupby(["indicator_id", "level", "unit_common"])["value_common"].rank(
        ascending=False, method="min")
    latest["regions_ranked"] = ranked.groupby(["indicator_id", "level", "unit_common"])["value_common"].transform("count")
    return PEERS.conform(latest.sort_values(["indicator_id", "level", "rank", "region"]))

"""Rows of each briefing section, built from the comparison's declared frames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd

from briefing.bundles import Comparison
from briefing.report.charts import Bar, BarChart, bar_chart
from briefing.report.format import (
    COMPARATOR_WORDS,
    baseline_text,
    growth_text,
    target_text,
    targets_text,
)
from briefing.report.rows import (
    ChangeRow,
    ChangeSet,
    DocumentCard,
    GoalRow,
    Heatmap,
    MeasureRow,
    PeerGroup,
    PeerRow,
    ReuseRow,
)
from briefing.tables import json_value, missing, records, records_by, value_or_none

#: indicators shown in the peer section when at least this many regions state a number for them
KEY_INDICATOR_REGIONS = 2
#: passages of text reuse shown
REUSE_ROWS = 12
#: themes named on a document card
CARD_THEMES = 5

GoalRowMaker = Callable[[dict[str, Any]], GoalRow]


def _year(value: object) -> int | None:
    return None if missing(value) else int(float(str(value)))


@lru_cache(maxsize=8192)
def _section_text(section_path: str | None) -> str:
    """"一、总体要求 › （二）发展目标" from the section path (a json column: JSON text or None), decoded once
    per distinct path: a document's goals share a few, and the web edition lists every goal on file."""
    return " › ".join(json_value(section_path))


def goal_row(row: dict[str, Any], uncertain_below: float = 0.0) -> GoalRow:
    confidence = value_or_none(row.get("confidence"))
    return GoalRow(
        indicator=row["indicator"], target=target_text(row), year=_year(row["year"]),
        comparator=COMPARATOR_WORDS.get(row["comparator"], row["comparator"]), hedge=bool(row["hedge"]),
        baseline=baseline_text(row), placeholder=bool(row["placeholder"]), quote=row["quote"],
        section=_section_text(row.get("section_path")),
        document_title=value_or_none(row["document_title"]) or "(无标题)",
        region=value_or_none(row["region"]) or "",
        binding=value_or_none(row.get("binding")),
        confidence=None if confidence is None else float(confidence),
        uncertain=_uncertain(row, uncertain_below),
        comparable=not missing(row.get("indicator_id")),
        doc_id=str(row["doc_id"]),
        corrected=value_or_none(row.get("corrected")),
    )


def _top_themes(measures: list[dict[str, Any]], theme_names: dict[str, str]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for measure in measures:
        for theme in json_value(measure["themes"]):
            counts[theme] = counts.get(theme, 0) + 1
    top = sorted(counts, key=lambda theme: (-counts[theme], theme))[:CARD_THEMES]
    return tuple(theme_names.get(t, t) for t in top)


def cards(documents: pd.DataFrame, goals: pd.DataFrame, measures: pd.DataFrame, theme_names: dict[str, str],
          make_goal_row: GoalRowMaker = goal_row) -> tuple[DocumentCard, ...]:
    goals_by_doc, measures_by_doc = records_by(goals, "doc_id"), records_by(measures, "doc_id")
    result = []
    for doc in records(documents):
        doc_goals, doc_measures = goals_by_doc.get(doc["doc_id"], []), measures_by_doc.get(doc["doc_id"], [])
        result.append(DocumentCard(
            doc_id=doc["doc_id"], title=value_or_none(doc["title"]) or "(无标题)",
            region=value_or_none(doc["region"]) or "", issuer=value_or_none(doc["issuer"]),
            date=value_or_none(doc["date"]), doc_type=value_or_none(doc["doc_type"]),
            draft=bool(doc["draft"]), script=doc["script"], source=doc["source"],
            goals=tuple(make_goal_row(row) for row in doc_goals),
            measures=tuple(MeasureRow(m["number"], m["title"], tuple(json_value(m["responsible"])))
                           for m in doc_measures),
            themes=_top_themes(doc_measures, theme_names),
        ))
    return tuple(result)


def _peer_row(row: dict[str, Any], featured: bool, uncertain_below: float) -> PeerRow:
    return PeerRow(
        region=row["region"] or "", level=value_or_none(row["level"]), target=target_text(row),
        year=_year(row["year"]), comparator=COMPARATOR_WORDS.get(row["comparator"], row["comparator"]),
        hedge=bool(row["hedge"]), baseline=baseline_text(row), is_new=bool(row["is_new"]),
        document_title=row["document_title"] or "", growth=growth_text(row["annual_growth"], row["annual_change_pp"]),
        rank=_year(row["rank"]), regions_ranked=_year(row["regions_ranked"]),
        value_common=value_or_none(row["value_common"]), unit_common=value_or_none(row["unit_common"]),
        featured=featured, doc_id=str(row["doc_id"]), uncertain=_uncertain(row, uncertain_below))


def _uncertain(row: dict[str, Any], uncertain_below: float) -> bool:
    confidence = value_or_none(row.get("confidence"))
    return confidence is not None and float(confidence) < uncertain_below


@dataclass(frozen=True)
class PeerBounds:
    """How many rows of a peer group the PDF features: this period's and those on file, best ranked first;
    and the bars of its chart (this period's first)."""

    new_rows: int
    on_file_rows: int
    chart_bars: int
    #: groups with a chart: the first in ``print_order``, those the PDF shows
    charts: int


def _best_ranked(rows: pd.DataFrame, count: int) -> pd.Index:
    return rows.sort_values("rank", na_position="last", kind="stable").index[:count]


def _featured(group: pd.DataFrame, bounds: PeerBounds | None) -> pd.Series:
    """This period's rows and the best ranked of those on file, within the bounds (all rows without)."""
    if bounds is None:
        return pd.Series(True, index=group.index)
    is_new = group["is_new"].astype(bool)
    kept = _best_ranked(group[is_new], bounds.new_rows).union(_best_ranked(group[~is_new], bounds.on_file_rows))
    return pd.Series(group.index.isin(kept), index=group.index)


def _chart(numeric: pd.DataFrame, bounds: PeerBounds | None, uncertain_below: float) -> BarChart | None:
    """Bars of the featured rows with a number, this period's first, when they share one unit as written."""
    if bounds is not None:
        order = numeric.assign(on_file=~numeric["is_new"].astype(bool))
        numeric = numeric.loc[order.sort_values(["on_file", "rank"], na_position="last", kind="stable")
                              .index[:bounds.chart_bars]]
    units = numeric["unit"].dropna().unique()
    if len(numeric) < KEY_INDICATOR_REGIONS or len(units) != 1:
        return None
    return bar_chart([Bar(r["region"], float(r["value"]), bool(r["is_new"]), uncertain=_uncertain(r, uncertain_below))
                      for r in records(numeric)], str(units[0]))


def print_order(group: PeerGroup) -> tuple[int, int]:
    """Indicators most of this period's documents state come first, then those most regions state."""
    return -sum(row.is_new for row in group.rows), -len(group.rows)


def peer_groups(peers: pd.DataFrame, bounds: PeerBounds | None = None,
                uncertain_below: float = 0.0) -> tuple[PeerGroup, ...]:
    """One group per canonical indicator that several regions or this period's documents state; rows within
    ``bounds`` are featured (the PDF shows them), and the first ``bounds.charts`` groups in ``print_order``
    get a chart of their featured rows (every group without bounds)."""
    groups, charted = [], []
    for indicator_id, group in peers.groupby("indicator_id", sort=True):
        numeric = group[group["value_common"].notna()]
        if numeric["region"].nunique() < KEY_INDICATOR_REGIONS and not group["is_new"].any():
            continue
        featured = _featured(group, bounds)
        rows = tuple(_peer_row(row, bool(flag), uncertain_below)
                     for row, flag in zip(records(group), featured))
        groups.append(PeerGroup(str(indicator_id), str(group["indicator_name"].iloc[0]), rows, None))
        charted.append(numeric[featured[numeric.index]])
    chosen = sorted(range(len(groups)), key=lambda i: print_order(groups[i]))
    for i in chosen[:bounds.charts] if bounds is not None else chosen:
        groups[i] = replace(groups[i], chart=_chart(charted[i], bounds, uncertain_below))
    return tuple(groups)


def changes(comparison: Comparison, theme_names: dict[str, str]) -> tuple[ChangeSet, ...]:
    indicators_by_doc = records_by(comparison.indicator_changes, "doc_id")
    themes_by_doc = records_by(comparison.theme_changes, "doc_id")
    measure_statuses = comparison.measure_changes.groupby(["doc_id", "status"]).size().to_dict()
    result = []
    for pair in records(comparison.predecessors):
        doc_id = pair["doc_id"]
        themes = themes_by_doc.get(doc_id, [])
        result.append(ChangeSet(
            title=pair["title"] or "", region=pair["region"] or "",
            predecessor_title=pair["predecessor_title"] or "", predecessor_date=pair["predecessor_date"] or "",
            indicators=tuple(ChangeRow(row["indicator_name"], tuple(row["statuses"]),
                                       targets_text(row["old_targets"]) or "—", targets_text(row["new_targets"]) or "—")
                             for row in indicators_by_doc.get(doc_id, [])),
            themes_gained=tuple(theme_names.get(t["theme"], t["theme"]) for t in themes if t["status"] == "gained"),
            themes_lost=tuple(theme_names.get(t["theme"], t["theme"]) for t in themes if t["status"] == "lost"),
            measures_continued=int(measure_statuses.get((doc_id, "continued"), 0)),
            measures_new=int(measure_statuses.get((doc_id, "new"), 0)),
            measures_dropped=int(measure_statuses.get((doc_id, "dropped"), 0)),
            doc_id=doc_id, predecessor_id=pair["predecessor_id"],
        ))
    return tuple(result)


def heatmap(comparison: Comparison, theme_names: dict[str, str], new_regions: set[str]) -> Heatmap:
    matrix = comparison.theme_matrix
    theme_ids = [c for c in matrix.columns if c not in ("doc_id", "region", "title")]
    by_region = matrix.groupby("region")[theme_ids].sum() if len(matrix) else pd.DataFrame(columns=theme_ids)
    regions = tuple(str(region) for region in by_region.index)
    rows = tuple((theme_names.get(theme, theme), tuple(int(v) for v in by_region[theme])) for theme in theme_ids)
    return Heatmap(regions, rows, tuple(sorted(new_regions)))


def reuse(comparison: Comparison, titles: dict[str, str]) -> tuple[ReuseRow, ...]:
    """The longest shared passages, each pair of documents and passage once whichever side found it."""
    seen: set[frozenset[str]] = set()
    rows = []
    for row in records(comparison.reuse.sort_values("length", ascending=False, kind="stable")):
        pair = frozenset((row["doc_id"], row["other_doc_id"], row["passage"][:20]))
        if pair in seen:
            continue
        seen.add(pair)
        rows.append(ReuseRow(titles.get(row["doc_id"], ""), titles.get(row["other_doc_id"], ""),
                             row["passage"].replace("\n", " "), int(row["length"]), row["doc_id"],
                             row["other_doc_id"]))
    return tuple(rows[:REUSE_ROWS])

"""BriefingContext: everything a template sees, built from the comparison and the run's records.

Templates get typed, display-ready rows (strings already formatted by the filters' rules where they carry
units), never DataFrames; the only logic left in a template is layout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

import pandas as pd

from briefing.compare import Comparison
from briefing.compare.peers import plain_number, present
from briefing.period import Period
from briefing.report.charts import Bar, bar_chart
from briefing.report.highlights import highlights

COMPARATOR_WORDS = {">": "超过", ">=": "不低于", "=": "达到", "~": "左右", "<=": "不超过", "<": "低于"}
STATUS_WORDS = {"new": "新增", "dropped": "删去", "raised": "提高", "lowered": "降低", "unchanged": "不变",
                "masked": "数值待定", "changed": "调整", "deadline moved": "期限调整"}
#: indicators shown in the peer section when at least this many regions state a number for them
KEY_INDICATOR_REGIONS = 2


@dataclass(frozen=True)
class GoalRow:
    indicator: str
    target: str
    year: int | None
    comparator: str
    hedge: bool
    baseline: str | None
    placeholder: bool
    quote: str
    section: str
    document_title: str
    region: str
    binding: str | None = None
    #: 0–1, from the rules that produced the goal (config/confidence.yaml); None for goals stored without one
    confidence: float | None = None
    #: the confidence is below the briefing's threshold: the reader is asked to check the source sentence
    uncertain: bool = False


@dataclass(frozen=True)
class MeasureRow:
    number: str
    title: str
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class DocumentCard:
    doc_id: str
    title: str
    region: str
    issuer: str | None
    date: str | None
    doc_type: str | None
    draft: bool
    script: str
    source: str
    goals: tuple[GoalRow, ...]
    measures: tuple[MeasureRow, ...]
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PeerRow:
    region: str
    level: str | None
    target: str
    year: int | None
    comparator: str
    hedge: bool
    baseline: str | None
    is_new: bool
    document_title: str
    growth: str | None = None
    rank: str | None = None
    #: the target in the indicator's common unit (元, 家, %), for comparing regions that write it differently
    value_common: float | None = None
    unit_common: str | None = None


@dataclass(frozen=True)
class PeerGroup:
    indicator_id: str
    indicator_name: str
    rows: tuple[PeerRow, ...]
    chart: str | None = None  # data: URI of an SVG bar chart


@dataclass(frozen=True)
class ChangeRow:
    indicator: str
    status: str
    old_targets: str
    new_targets: str


@dataclass(frozen=True)
class ChangeSet:
    """A new document against the same region's earlier plan."""

    title: str
    region: str
    predecessor_title: str
    predecessor_date: str
    indicators: tuple[ChangeRow, ...]
    themes_gained: tuple[str, ...]
    themes_lost: tuple[str, ...]
    measures_continued: int
    measures_new: int
    measures_dropped: int


@dataclass(frozen=True)
class Heatmap:
    """Themes (rows) x regions (columns); a cell counts the region's documents whose measures name the theme."""

    regions: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    highlighted: tuple[str, ...]  # regions with a new document this period


@dataclass(frozen=True)
class ReuseRow:
    title: str
    other_title: str
    passage: str
    length: int


@dataclass(frozen=True)
class RegionRow:
    region: str
    documents: int
    goals: int
    measures: int
    latest: str | None


@dataclass(frozen=True)
class QuarantineRow:
    path: str
    reason: str
    hint: str


@dataclass(frozen=True)
class VersionLink:
    """Two documents that are versions of one text (a draft and its final version), kept apart."""

    title: str
    draft: bool
    other_title: str
    other_draft: bool
    similarity: float


@dataclass(frozen=True)
class ManifestRow:
    path: str
    content_hash: str
    status: str


@dataclass(frozen=True)
class BriefingContext:
    title: str
    period: str
    period_chinese: str
    generated_at: str
    generated_iso: str
    run_id: int
    extractor_version: str
    highlights: tuple[str, ...]
    new_documents: tuple[DocumentCard, ...]
    on_file_documents: tuple[DocumentCard, ...]
    peer_groups: tuple[PeerGroup, ...]
    changes: tuple[ChangeSet, ...]
    heatmap: Heatmap
    reuse: tuple[ReuseRow, ...]
    unsupported_goals: tuple[GoalRow, ...]
    regions: tuple[RegionRow, ...]
    quarantined: tuple[QuarantineRow, ...]
    linked_versions: tuple[VersionLink, ...]
    masked: tuple[GoalRow, ...]
    unmapped: tuple[GoalRow, ...]
    manifest: tuple[ManifestRow, ...]
    all_goals: tuple[GoalRow, ...]
    #: goals of this period's new documents whose confidence is below ``uncertain_below``
    uncertain: tuple[GoalRow, ...] = ()
    uncertain_below: float = 0.0

    @property
    def new_goal_count(self) -> int:
        return sum(len(card.goals) for card in self.new_documents)

    @property
    def new_measure_count(self) -> int:
        return sum(len(card.measures) for card in self.new_documents)

    @property
    def unmapped_goals(self) -> int:
        return len(self.unmapped)

    @property
    def masked_goals(self) -> int:
        return len(self.masked)


def _none(value: object) -> object:
    return value if present(value) else None


def _baseline(row: pd.Series | dict) -> str | None:
    value = _none(row.get("baseline_value"))
    if value is None:
        return None
    year = _none(row.get("baseline_year"))
    unit = _none(row.get("unit")) or ""
    return f"{plain_number(value)}{unit}" + (f"({int(year)}年)" if year is not None else "")  # type: ignore[call-overload]


def _year(value: object) -> int | None:
    value = _none(value)
    return int(value) if value is not None else None  # type: ignore[call-overload]


def _goal_row(row: dict, uncertain_below: float = 0.0) -> GoalRow:
    section = " › ".join(json.loads(row["section_path"])) if row.get("section_path") else ""
    confidence = _none(row.get("confidence"))
    return GoalRow(
        indicator=row["indicator"], target=row["target"], year=_year(row["year"]),
        comparator=COMPARATOR_WORDS.get(row["comparator"], row["comparator"]), hedge=bool(row["hedge"]),
        baseline=_baseline(row), placeholder=bool(row["placeholder"]), quote=row["quote"], section=section,
        document_title=_none(row["document_title"]) or "(无标题)",  # type: ignore[arg-type]
        region=_none(row["region"]) or "",  # type: ignore[arg-type]
        binding=_none(row.get("binding")),  # type: ignore[arg-type]
        confidence=float(confidence) if confidence is not None else None,  # type: ignore[arg-type]
        uncertain=confidence is not None and float(confidence) < uncertain_below,  # type: ignore[arg-type]
    )


def _cards(documents: pd.DataFrame, goals: pd.DataFrame, measures: pd.DataFrame,
           theme_names: dict[str, str], goal_row: Callable[[dict], GoalRow] = _goal_row) -> tuple[DocumentCard, ...]:
    goals_by_doc = {doc_id: group for doc_id, group in goals.groupby("doc_id")}
    measures_by_doc = {doc_id: group for doc_id, group in measures.groupby("doc_id")}
    cards = []
    for doc in documents.to_dict("records"):
        doc_goals = goals_by_doc.get(doc["doc_id"], goals.iloc[0:0])
        doc_measures = measures_by_doc.get(doc["doc_id"], measures.iloc[0:0])
        theme_counts: dict[str, int] = {}
        for value in doc_measures.get("themes", []):
            for theme in json.loads(value) if isinstance(value, str) else value:
                theme_counts[theme] = theme_counts.get(theme, 0) + 1
        top = sorted(theme_counts, key=lambda t: (-theme_counts[t], t))[:5]
        cards.append(DocumentCard(
            doc_id=doc["doc_id"], title=_none(doc["title"]) or "(无标题)",  # type: ignore[arg-type]
            region=_none(doc["region"]) or "", issuer=_none(doc["issuer"]),  # type: ignore[arg-type]
            date=_none(doc["date"]), doc_type=_none(doc["doc_type"]),  # type: ignore[arg-type]
            draft=bool(doc["draft"]), script=doc["script"], source=doc["source"],
            goals=tuple(goal_row(row) for row in doc_goals.to_dict("records")),
            measures=tuple(MeasureRow(m["number"], m["title"], tuple(json.loads(m["responsible"])))
                           for m in doc_measures.to_dict("records")),
            themes=tuple(theme_names.get(t, t) for t in top),
        ))
    return tuple(cards)


def _peer_groups(peers: pd.DataFrame) -> tuple[PeerGroup, ...]:
    groups = []
    for indicator_id, group in peers.groupby("indicator_id", sort=True):
        numeric = group[group["value_common"].notna()]
        if numeric["region"].nunique() < KEY_INDICATOR_REGIONS and not group["is_new"].any():
            continue
        rows = []
        for row in group.to_dict("records"):
            growth = None
            if present(row["annual_growth"]):
                growth = f"年均{row['annual_growth'] * 100:.1f}%"
            elif present(row["annual_change_pp"]):
                growth = f"年均{row['annual_change_pp']:+.2f}个百分点"
            rank = f"{int(row['rank'])}/{int(row['regions_ranked'])}" if present(row["rank"]) else None
            rows.append(PeerRow(
                region=row["region"] or "", level=_none(row["level"]), target=row["target"],  # type: ignore[arg-type]
                year=_year(row["year"]), comparator=COMPARATOR_WORDS.get(row["comparator"], row["comparator"]),
                hedge=bool(row["hedge"]), baseline=_baseline(row), is_new=bool(row["is_new"]),
                document_title=row["document_title"] or "", growth=growth, rank=rank,
                value_common=_none(row["value_common"]), unit_common=_none(row["unit_common"])))  # type: ignore[arg-type]
        chart = None
        units = numeric["unit"].dropna().unique()
        if len(numeric) >= KEY_INDICATOR_REGIONS and len(units) == 1:
            chart = bar_chart([Bar(r["region"], float(r["value"]), bool(r["is_new"]))
                               for r in numeric.to_dict("records")], str(units[0]))
        groups.append(PeerGroup(str(indicator_id), str(group["indicator_name"].iloc[0]), tuple(rows), chart))
    return tuple(groups)


def _changes(comparison: Comparison, theme_names: dict[str, str]) -> tuple[ChangeSet, ...]:
    changes = []
    for pair in comparison.predecessors.to_dict("records"):
        indicators = comparison.indicator_changes
        themes = comparison.theme_changes
        measures = comparison.measure_changes
        mine = lambda frame: frame[frame["doc_id"] == pair["doc_id"]] if len(frame) else frame  # noqa: E731
        status_counts = mine(measures)["status"].value_counts() if len(mine(measures)) else {}
        changes.append(ChangeSet(
            title=pair["title"] or "", region=pair["region"] or "",
            predecessor_title=pair["predecessor_title"] or "", predecessor_date=pair["predecessor_date"] or "",
            indicators=tuple(ChangeRow(row["indicator_name"],
                                       "，".join(STATUS_WORDS.get(s.strip(), s) for s in row["status"].split(",")),
                                       row["old_targets"] or "—", row["new_targets"] or "—")
                             for row in mine(indicators).to_dict("records")),
            themes_gained=tuple(theme_names.get(t, t) for t in mine(themes).query("status == 'gained'")["theme"])
            if len(mine(themes)) else (),
            themes_lost=tuple(theme_names.get(t, t) for t in mine(themes).query("status == 'lost'")["theme"])
            if len(mine(themes)) else (),
            measures_continued=int(status_counts.get("continued", 0)),
            measures_new=int(status_counts.get("new", 0)),
            measures_dropped=int(status_counts.get("dropped", 0)),
        ))
    return tuple(changes)


def _heatmap(comparison: Comparison, theme_names: dict[str, str], new_regions: set[str]) -> Heatmap:
    matrix = comparison.theme_matrix
    theme_ids = [c for c in matrix.columns if c not in ("doc_id", "region", "title")]
    by_region = matrix.groupby("region")[theme_ids].sum() if len(matrix) else pd.DataFrame(columns=theme_ids)
    regions = tuple(str(region) for region in by_region.index)
    rows = tuple((theme_names.get(theme, theme), tuple(int(v) for v in by_region[theme])) for theme in theme_ids)
    return Heatmap(regions, rows, tuple(sorted(new_regions)))


def _reuse(comparison: Comparison, titles: dict[str, str], limit: int = 12) -> tuple[ReuseRow, ...]:
    reuse = comparison.reuse
    if not len(reuse):
        return ()
    seen: set[frozenset[str]] = set()
    rows = []
    for row in reuse.sort_values("length", ascending=False).to_dict("records"):
        pair = frozenset((row["doc_id"], row["other_doc_id"], row["passage"][:20]))
        if pair in seen:
            continue
        seen.add(frozenset((row["other_doc_id"], row["doc_id"], row["passage"][:20])))
        seen.add(pair)
        rows.append(ReuseRow(titles.get(row["doc_id"], ""), titles.get(row["other_doc_id"], ""),
                             row["passage"].replace("\n", " "), int(row["length"])))
    return tuple(rows[:limit])


def build_context(
    *,
    title: str,
    period: Period,
    run_id: int,
    extractor_version: str,
    comparison: Comparison,
    documents: pd.DataFrame,
    measures: pd.DataFrame,
    new_doc_ids: set[str],
    quarantine: pd.DataFrame,
    links: pd.DataFrame,
    manifest: tuple[ManifestRow, ...],
    generated_at: datetime,
    theme_names: dict[str, str] | None = None,
    uncertain_below: float = 0.0,
) -> BriefingContext:
    """``uncertain_below``: goals with a lower confidence are marked for the reader to check."""
    theme_names = theme_names or {}
    goal_row = partial(_goal_row, uncertain_below=uncertain_below)
    goals = comparison.goals
    is_new = documents["doc_id"].isin(new_doc_ids)
    titles = dict(zip(documents["doc_id"], documents["title"].fillna("(无标题)")))
    records = goals.to_dict("records")
    new_cards = _cards(documents[is_new], goals, measures, theme_names, goal_row)
    context = BriefingContext(
        title=title,
        period=period.label,
        period_chinese=period.chinese,
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M"),
        generated_iso=generated_at.astimezone().isoformat(timespec="seconds"),  # PDF dates need an offset
        run_id=run_id,
        extractor_version=extractor_version,
        highlights=(),
        new_documents=new_cards,
        on_file_documents=_cards(documents[~is_new], goals, measures, theme_names, goal_row),
        peer_groups=_peer_groups(comparison.peers),
        changes=_changes(comparison, theme_names),
        heatmap=_heatmap(comparison, theme_names, {card.region for card in new_cards}),
        reuse=_reuse(comparison, titles),
        unsupported_goals=tuple(goal_row(row) for row in goals.merge(
            comparison.unsupported_goals[["doc_id", "ordinal"]], on=["doc_id", "ordinal"]).to_dict("records"))
        if len(comparison.unsupported_goals) else (),
        regions=tuple(RegionRow(r["region"] or "", int(r["documents"]), int(r["goals"]), int(r["measures"]),
                                _none(r["latest"])) for r in comparison.regions.to_dict("records")),  # type: ignore[arg-type]
        quarantined=tuple(QuarantineRow(q["path"], q["reason"], q["hint"]) for q in quarantine.to_dict("records")),
        linked_versions=tuple(VersionLink(link["title"] or "(无标题)", bool(link["draft"]),
                                          link["other_title"] or "(无标题)", bool(link["other_draft"]),
                                          float(link["similarity"])) for link in links.to_dict("records")),
        masked=tuple(goal_row(row) for row in records if row["placeholder"]),
        unmapped=tuple(goal_row(row) for row in records if not present(row["indicator_id"])),
        uncertain=tuple(goal for card in new_cards for goal in card.goals if goal.uncertain),
        uncertain_below=uncertain_below,
        manifest=manifest,
        all_goals=tuple(goal_row(row) for row in records),
    )
    # Highlights are written from the finished context: the same rows the reader sees.
    return replace(context, highlights=highlights(context, comparison))

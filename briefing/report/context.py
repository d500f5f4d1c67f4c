"""BriefingContext: everything a template sees, built from what the store seam loads for a run.

Templates get typed, display-ready rows (briefing/report/rows.py), never DataFrames; the only logic left
in a template is layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from briefing.bundles import BriefingInputs
from briefing.period import Period
from briefing.report import sections
from briefing.report.highlights import highlights
from briefing.report.rows import (
    ChangeSet,
    DocumentCard,
    GoalRow,
    Heatmap,
    ManifestRow,
    PeerGroup,
    QuarantineRow,
    RegionRow,
    ReuseRow,
    VersionLink,
)
from briefing.tables import missing, value_or_none


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
    uncertain: tuple[GoalRow, ...]
    uncertain_below: float

    @property
    def new_goal_count(self) -> int:
        return sum(len(card.goals) for card in self.new_documents)

    @property
    def new_measure_count(self) -> int:
        return sum(len(card.measures) for card in self.new_documents)


@dataclass(frozen=True)
class Edition:
    """What the briefing says about itself: title, period, run, extractor, when it was made."""

    title: str
    period: Period
    extractor_version: str
    generated_at: datetime
    theme_names: dict[str, str]
    #: goals with a lower confidence are marked for the reader to check
    uncertain_below: float = 0.0


def _records(inputs: BriefingInputs) -> tuple[tuple[RegionRow, ...], tuple[QuarantineRow, ...],
                                              tuple[VersionLink, ...], tuple[ManifestRow, ...]]:
    regions = tuple(RegionRow(r["region"] or "", int(r["documents"]), int(r["goals"]), int(r["measures"]),
                              value_or_none(r["latest"])) for r in inputs.comparison.regions.to_dict("records"))
    quarantined = tuple(QuarantineRow(q["path"], q["reason"], q["hint"])
                        for q in inputs.quarantine.to_dict("records"))
    links = tuple(VersionLink(link["title"] or "(无标题)", bool(link["draft"]), link["other_title"] or "(无标题)",
                              bool(link["other_draft"]), float(link["similarity"]))
                  for link in inputs.links.to_dict("records"))
    manifest = tuple(ManifestRow(m["path"], m["content_hash"], m["status"]) for m in inputs.manifest.to_dict("records"))
    return regions, quarantined, links, manifest


def build_context(inputs: BriefingInputs, edition: Edition) -> BriefingContext:
    comparison, documents = inputs.comparison, inputs.documents
    goal_row = partial(sections.goal_row, uncertain_below=edition.uncertain_below)
    goals = comparison.goals
    is_new = documents["doc_id"].isin(inputs.new_doc_ids)
    titles = dict(zip(documents["doc_id"], documents["title"].fillna("(无标题)")))
    records = goals.to_dict("records")
    new_cards = sections.cards(documents[is_new], goals, inputs.measures, edition.theme_names, goal_row)
    unsupported = goals.merge(comparison.unsupported_goals[["doc_id", "ordinal"]], on=["doc_id", "ordinal"])
    regions, quarantined, links, manifest = _records(inputs)
    context = BriefingContext(
        title=edition.title, period=edition.period.label, period_chinese=edition.period.chinese,
        generated_at=edition.generated_at.strftime("%Y-%m-%d %H:%M"),
        generated_iso=edition.generated_at.astimezone().isoformat(timespec="seconds"),  # PDF dates need an offset
        run_id=inputs.run_id, extractor_version=edition.extractor_version, highlights=(),
        new_documents=new_cards,
        on_file_documents=sections.cards(documents[~is_new], goals, inputs.measures, edition.theme_names, goal_row),
        peer_groups=sections.peer_groups(comparison.peers),
        changes=sections.changes(comparison, edition.theme_names),
        heatmap=sections.heatmap(comparison, edition.theme_names, {card.region for card in new_cards}),
        reuse=sections.reuse(comparison, titles),
        unsupported_goals=tuple(goal_row(row) for row in unsupported.to_dict("records")),
        regions=regions, quarantined=quarantined, linked_versions=links, manifest=manifest,
        masked=tuple(goal_row(row) for row in records if row["placeholder"]),
        unmapped=tuple(goal_row(row) for row in records if missing(row["indicator_id"])),
        all_goals=tuple(goal_row(row) for row in records),
        uncertain=tuple(goal for card in new_cards for goal in card.goals if goal.uncertain),
        uncertain_below=edition.uncertain_below,
    )
    # Highlights are written from the finished context: the same rows the reader sees.
    return replace(context, highlights=highlights(context))

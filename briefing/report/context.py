"""BriefingContext: everything a template sees, built from what the store seam loads for a run.

Templates get typed, display-ready rows (briefing/report/rows.py), never DataFrames; the only logic left
in a template is layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from briefing.bundles import BriefingInputs
from briefing.period import Period
from briefing.report import sections
from briefing.report.format import input_name
from briefing.report.highlights import highlights
from briefing.report.rows import (
    ChangeSet,
    CorrectionRow,
    DocumentCard,
    GoalRow,
    Highlight,
    Heatmap,
    ManifestRow,
    Omitted,
    PeerGroup,
    QuarantineRow,
    RegionRow,
    ReuseRow,
    VersionLink,
)
from briefing.tables import missing, records, value_or_none


@dataclass(frozen=True)
class Masthead:
    """What the briefing says about itself: on its cover, in its PDF metadata, under its data-quality section."""

    title: str
    period: str
    period_chinese: str
    generated_at: str
    #: with its offset: PDF dates need one
    generated_iso: str
    run_id: int
    extractor_version: str


@dataclass(frozen=True)
class DataQuality:
    """What the reader should know before trusting the numbers: files set aside, versions kept apart,
    masked or unmapped targets, goals to check, and every input of the run."""

    quarantined: tuple[QuarantineRow, ...]
    linked_versions: tuple[VersionLink, ...]
    masked: tuple[GoalRow, ...]
    unmapped: tuple[GoalRow, ...]
    #: goals of this period's new documents whose confidence is below ``uncertain_below``
    uncertain: tuple[GoalRow, ...]
    uncertain_below: float
    manifest: tuple[ManifestRow, ...]
    #: the reviewer's corrections: applied ones, and stale ones to fix in config/corrections.yaml
    corrections: tuple[CorrectionRow, ...] = ()

    @property
    def stale_corrections(self) -> tuple[CorrectionRow, ...]:
        return tuple(row for row in self.corrections if row.status == "stale")


@dataclass(frozen=True)
class BriefingContext:
    """The briefing's parts in the order it prints them."""

    masthead: Masthead
    highlights: tuple[Highlight, ...]
    new_documents: tuple[DocumentCard, ...]
    #: every document on file, this period's new ones included
    documents_in_store: int
    peer_groups: tuple[PeerGroup, ...]
    changes: tuple[ChangeSet, ...]
    heatmap: Heatmap
    reuse: tuple[ReuseRow, ...]
    unsupported_goals: tuple[GoalRow, ...]
    regions: tuple[RegionRow, ...]
    quality: DataQuality
    #: every goal on file (in a context built for the print edition only: those its data quality lists)
    all_goals: tuple[GoalRow, ...]
    #: how many goals are on file
    goals_on_file: int
    #: goals with their source sentences at the end: all of them in the HTML twin, this period's in the PDF
    appendix: tuple[GoalRow, ...]
    #: "web" (the HTML twin: everything) or "print" (the PDF: see briefing/report/print_edition.py)
    edition: str = "web"
    #: this period's documents past the PDF's cards, one line each (print only)
    listed_documents: tuple[DocumentCard, ...] = ()
    omitted: Omitted = Omitted()

    @property
    def appendix_anchors(self) -> dict[str, int]:
        """Each document in the appendix -> the index of its first goal there (the row a highlight points to)."""
        anchors: dict[str, int] = {}
        for index, goal in enumerate(self.appendix):
            anchors.setdefault(goal.doc_id, index)
        return anchors

    @property
    def new_document_count(self) -> int:
        return len(self.new_documents) + len(self.listed_documents)

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
    #: the peer rows the PDF features and its charts show (None: all of them)
    peer_bounds: sections.PeerBounds | None = None
    #: the folders the run read; input files are named relative to them, never by the machine's paths
    input_folders: tuple[Path, ...] = ()


def _masthead(run_id: int, edition: Edition) -> Masthead:
    return Masthead(title=edition.title, period=edition.period.label, period_chinese=edition.period.chinese,
                    generated_at=edition.generated_at.strftime("%Y-%m-%d %H:%M"),
                    generated_iso=edition.generated_at.astimezone().isoformat(timespec="seconds"),
                    run_id=run_id, extractor_version=edition.extractor_version)


def _data_quality(inputs: BriefingInputs, all_goals: tuple[GoalRow, ...], new_cards: tuple[DocumentCard, ...],
                  edition: Edition) -> DataQuality:
    def named(path: str) -> str:
        return input_name(path, edition.input_folders)

    return DataQuality(
        quarantined=tuple(QuarantineRow(named(q["path"]), q["reason"], q["hint"])
                          for q in records(inputs.quarantine)),
        linked_versions=tuple(VersionLink(link["title"] or "(无标题)", bool(link["draft"]),
                                          link["other_title"] or "(无标题)", bool(link["other_draft"]),
                                          float(link["similarity"])) for link in records(inputs.links)),
        masked=tuple(goal for goal in all_goals if goal.placeholder),
        unmapped=tuple(goal for goal in all_goals if not goal.comparable),
        uncertain=tuple(goal for card in new_cards for goal in card.goals if goal.uncertain),
        uncertain_below=edition.uncertain_below,
        manifest=tuple(ManifestRow(named(m["path"]), m["content_hash"], m["status"])
                       for m in records(inputs.manifest)),
        corrections=tuple(CorrectionRow(c["document"], c["quote"], c["action"], c["status"], c["detail"] or "")
                          for c in records(inputs.corrections)),
    )


def build_context(inputs: BriefingInputs, edition: Edition, every_goal: bool = True) -> BriefingContext:
    """The context of the web edition; with ``every_goal`` false, of the print edition only (see
    print_edition): of the goals on file only those the data quality lists become rows, not the tens of
    thousands the web edition's appendix shows."""
    comparison, documents = inputs.comparison, inputs.documents
    goal_row = partial(sections.goal_row, uncertain_below=edition.uncertain_below)
    goals = comparison.goals
    is_new = documents["doc_id"].isin(inputs.new_doc_ids)
    titles = dict(zip(documents["doc_id"], documents["title"].fillna("(无标题)")))
    # the data quality's two lists of goals on file, by the tests goal_row makes (masked, not comparable)
    listed = goals if every_goal else goals[goals["placeholder"].map(bool) | goals["indicator_id"].map(missing)]
    all_goals = tuple(goal_row(row) for row in records(listed))
    new_cards = sections.cards(documents[is_new], goals, inputs.measures, edition.theme_names, goal_row)
    unsupported = goals.merge(comparison.unsupported_goals[["doc_id", "ordinal"]], on=["doc_id", "ordinal"])
    regions = tuple(RegionRow(r["region"] or "", int(r["documents"]), int(r["goals"]), int(r["measures"]),
                              value_or_none(r["latest"])) for r in records(comparison.regions))
    context = BriefingContext(
        masthead=_masthead(inputs.run_id, edition), highlights=(),
        new_documents=new_cards,
        documents_in_store=len(documents),
        peer_groups=sections.peer_groups(comparison.peers, edition.peer_bounds, edition.uncertain_below),
        changes=sections.changes(comparison, edition.theme_names),
        heatmap=sections.heatmap(comparison, edition.theme_names, {card.region for card in new_cards}),
        reuse=sections.reuse(comparison, titles),
        unsupported_goals=tuple(goal_row(row) for row in records(unsupported)),
        regions=regions,
        quality=_data_quality(inputs, all_goals, new_cards, edition),
        all_goals=all_goals,
        goals_on_file=len(goals),
        appendix=all_goals,
    )
    # Highlights are written from the finished context: the same rows the reader sees.
    return replace(context, highlights=highlights(context))

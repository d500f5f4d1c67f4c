"""The print edition: what the PDF carries of a briefing whose HTML twin carries everything.

The PDF holds what a reader acts on (highlights, this period's documents and their goals, peers, changes,
reuse, data quality) and grows slowly with the number of new documents: measure lists stay in the HTML twin
and measures.csv, long lists are cut to the bounds of config/report.yaml, and every cut is counted so the
PDF can say how many rows it leaves out and where they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from briefing.report.context import BriefingContext, DataQuality
from briefing.report.rows import ChangeSet, DocumentCard, Heatmap, Omitted, PeerGroup
from briefing.report.sections import PeerBounds, print_order
from briefing.rules import DEFAULT_CONFIG_DIR, load_model
from briefing.rules.base import Rule

Row = TypeVar("Row")


class PrintBounds(Rule):
    """The print section of config/report.yaml (its comments say what each bound keeps)."""

    document_cards: int
    card_goal_rows: int
    min_goals_per_card: int
    peer_groups: int
    peer_rows_new: int
    peer_rows_on_file: int
    chart_bars: int
    change_sets: int
    change_rows: int
    regions: int
    list_rows: int
    manifest_rows: int
    appendix_goals: int

    def peers(self) -> PeerBounds:
        return PeerBounds(self.peer_rows_new, self.peer_rows_on_file, self.chart_bars, charts=self.peer_groups)


class PdfOptions(Rule):
    """The pdf section of config/report.yaml: tagged or not, and the archival variant."""

    tags: bool = True
    variant: Literal["none", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/a-1a",
                     "pdf/a-2a", "pdf/a-3a", "pdf/ua-1", "pdf/ua-2"] = "pdf/a-3a"

    @property
    def variant_name(self) -> str | None:
        return None if self.variant == "none" else self.variant


class ReportConfig(Rule):
    """config/report.yaml."""

    print: PrintBounds
    pdf: PdfOptions = PdfOptions()


def load_print_bounds(config_dir: Path = DEFAULT_CONFIG_DIR) -> PrintBounds:
    return load_model(config_dir / "report.yaml", ReportConfig).print


def load_pdf_options(config_dir: Path = DEFAULT_CONFIG_DIR) -> PdfOptions:
    return load_model(config_dir / "report.yaml", ReportConfig).pdf


def _cut(rows: tuple[Row, ...], bound: int) -> tuple[tuple[Row, ...], int]:
    return rows[:bound], max(0, len(rows) - bound)


def _first(rows: tuple[Row, ...], bound: int, rank: Callable[[Row], Any]) -> tuple[Row, ...]:
    """The ``bound`` rows that rank first (a stable sort: ties keep their order), in their own order."""
    ranked = sorted(range(len(rows)), key=lambda i: rank(rows[i]))
    return tuple(rows[i] for i in sorted(ranked[:bound]))


def _peers(groups: tuple[PeerGroup, ...], bound: int) -> tuple[PeerGroup, ...]:
    """The indicators most of this period's documents state (then the most regions), each with its featured
    rows."""
    shown = _first(groups, bound, print_order)
    return tuple(replace(group, rows=tuple(row for row in group.rows if row.featured),
                         omitted=sum(not row.featured for row in group.rows)) for group in shown)


def goals_per_card(cards: int, bounds: PrintBounds) -> int:
    """The cards share ``card_goal_rows``: a few documents show all their goals, a hundred a few each."""
    return max(bounds.min_goals_per_card, bounds.card_goal_rows // max(1, cards))


def _cards(cards: tuple[DocumentCard, ...], bound: int) -> tuple[DocumentCard, ...]:
    """Each card's goals cut to ``bound``, those compared across regions first."""
    return tuple(replace(card, goals=_first(card.goals, bound, lambda goal: not goal.comparable),
                         omitted_goals=max(0, len(card.goals) - bound)) for card in cards)


def _changes(changes: tuple[ChangeSet, ...], bound: int, rows: int) -> tuple[ChangeSet, ...]:
    """The comparisons with the most moved indicators, each with its first ``rows`` indicators (those in both
    documents come first)."""
    def moved(change: ChangeSet) -> int:
        return sum(row.statuses != ("unchanged",) for row in change.indicators)

    return tuple(replace(change, indicators=change.indicators[:rows],
                         omitted_rows=max(0, len(change.indicators) - rows))
                 for change in _first(changes, bound, lambda change: -moved(change)))


def _heatmap(heatmap: Heatmap, documents: dict[str, int], bound: int) -> Heatmap:
    """This period's regions first, then those with the most documents on file."""
    ranked = sorted(range(len(heatmap.regions)), key=lambda i: (heatmap.regions[i] not in heatmap.highlighted,
                                                               -documents.get(heatmap.regions[i], 0)))
    kept = sorted(ranked[:bound])
    return replace(heatmap, regions=tuple(heatmap.regions[i] for i in kept),
                   rows=tuple((theme, tuple(counts[i] for i in kept)) for theme, counts in heatmap.rows))


def _quality(quality: DataQuality, bound: int, manifest_rows: int) -> tuple[DataQuality, dict[str, int]]:
    linked, linked_left = _cut(quality.linked_versions, bound)
    masked, masked_left = _cut(quality.masked, bound)
    uncertain, uncertain_left = _cut(quality.uncertain, bound)
    unmapped, unmapped_left = _cut(quality.unmapped, bound)
    manifest = tuple(row for row in quality.manifest if row.status_code != "on_file")[:manifest_rows]
    cut = replace(quality, linked_versions=linked, masked=masked, uncertain=uncertain, unmapped=unmapped,
                  manifest=manifest)
    return cut, {"linked_versions": linked_left, "masked": masked_left, "uncertain": uncertain_left,
                 "unmapped": unmapped_left, "manifest": len(quality.manifest) - len(manifest)}


def print_edition(context: BriefingContext, bounds: PrintBounds) -> BriefingContext:
    """The context the PDF is rendered from; ``context`` itself renders the HTML twin."""
    documents = {row.region: row.documents for row in context.regions}
    regions = tuple(sorted(context.regions, key=lambda row: (row.region not in context.heatmap.highlighted,
                                                             -row.documents)))[:bounds.regions]
    quality, quality_left = _quality(context.quality, bounds.list_rows, bounds.manifest_rows)
    unsupported, unsupported_left = _cut(context.unsupported_goals, bounds.list_rows)
    new_goals = tuple(goal for card in context.new_documents for goal in card.goals)
    appendix, appendix_left = _cut(new_goals, bounds.appendix_goals)
    changes = _changes(context.changes, bounds.change_sets, bounds.change_rows)
    peers = _peers(context.peer_groups, bounds.peer_groups)
    heatmap = _heatmap(context.heatmap, documents, bounds.regions)
    cards, listed = context.new_documents[:bounds.document_cards], context.new_documents[bounds.document_cards:]
    omitted = Omitted(dict(
        regions=len(context.regions) - len(regions), measures=context.new_measure_count,
        peer_groups=len(context.peer_groups) - len(peers), change_sets=len(context.changes) - len(changes),
        heatmap_regions=len(context.heatmap.regions) - len(heatmap.regions),
        unsupported=unsupported_left, appendix=appendix_left, **quality_left))
    return replace(context, edition="print", new_documents=_cards(cards, goals_per_card(len(cards), bounds)),
                   listed_documents=listed, peer_groups=peers, changes=changes, heatmap=heatmap,
                   regions=tuple(sorted(regions, key=lambda row: row.region)), unsupported_goals=unsupported,
                   quality=quality, appendix=appendix, omitted=omitted)

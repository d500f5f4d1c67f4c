"""The print edition: the PDF carries bounded lists and counts what it leaves to the HTML twin."""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefing import tables
from briefing.report.context import BriefingContext, DataQuality, Masthead
from briefing.report.print_edition import PrintBounds, load_print_bounds, print_edition
from briefing.report.rows import (
    ChangeRow,
    ChangeSet,
    DocumentCard,
    GoalRow,
    Highlight,
    Heatmap,
    ManifestRow,
    MeasureRow,
    Omitted,
    RegionRow,
    VersionLink,
)
from briefing.report.sections import PeerBounds, peer_groups

BOUNDS = PrintBounds(document_cards=3, card_goal_rows=4, min_goals_per_card=2, peer_groups=2, peer_rows_new=3,
                     peer_rows_on_file=2, chart_bars=4, change_sets=5, change_rows=3, regions=4, list_rows=2,
                     manifest_rows=3, appendix_goals=5)


def goal(region: str, number: int, comparable: bool = False) -> GoalRow:
    return GoalRow(indicator=f"指标{number}", target="10%", year=2027, comparator="达到", hedge=False, baseline=None,
                   placeholder=number % 2 == 0, quote=f"到2027年，指标{number}达到10%。", section="发展目标",
                   document_title=f"{region}数字经济方案", region=region, comparable=comparable)


def card(region: str, goals: int = 2) -> DocumentCard:
    return DocumentCard(doc_id=region, title=f"{region}数字经济方案", region=region, issuer=None, date="2026-10-01",
                        doc_type="方案", draft=False, script="simplified", source=f"inbox/{region}.txt",
                        goals=tuple(goal(region, n, comparable=n % 3 == 2) for n in range(goals)),
                        measures=(MeasureRow("1", "建设算力中心", ("市经信委",)),))


def context(new_regions: list[str], on_file_regions: list[str]) -> BriefingContext:
    cards = tuple(card(region) for region in new_regions)
    regions = [*new_regions, *on_file_regions]
    goals = tuple(g for c in cards for g in c.goals)
    quality = DataQuality(
        quarantined=(), linked_versions=tuple(VersionLink(f"{r}方案", False, f"{r}草案", True, 0.9) for r in regions),
        masked=tuple(g for g in goals if g.placeholder), unmapped=goals, uncertain=goals, uncertain_below=0.8,
        manifest=tuple(ManifestRow(f"{r}.txt", "0" * 64, "new" if r in new_regions else "on_file") for r in regions))
    return BriefingContext(
        masthead=Masthead("简报", "2026-10", "2026年10月", "2026-11-01 07:00", "2026-11-01T07:00:00+08:00", 2, "t"),
        highlights=(Highlight("本期新收录政策文件。"),), new_documents=cards, documents_in_store=len(regions), peer_groups=(),
        changes=(), heatmap=Heatmap(tuple(sorted(regions)), (("算力", tuple(1 for _ in regions)),),
                                    tuple(sorted(new_regions))),
        reuse=(), unsupported_goals=goals,
        regions=tuple(RegionRow(r, 3 if r.startswith("乙") else 1, 2, 1, "2026-10-01") for r in sorted(regions)),
        quality=quality, all_goals=goals, goals_on_file=len(goals), appendix=goals)


def test_a_large_period_is_cut_to_the_bounds_and_every_cut_counted():
    whole = context([f"甲{n}市" for n in range(5)], [f"乙{n}市" for n in range(6)])
    printed = print_edition(whole, BOUNDS)
    assert printed.edition == "print" and whole.edition == "web"
    assert [c.region for c in printed.new_documents] == ["甲0市", "甲1市", "甲2市"]
    assert [c.region for c in printed.listed_documents] == ["甲3市", "甲4市"]
    assert printed.new_document_count == whole.new_document_count == 5
    assert len(printed.appendix) == 5 and printed.omitted.appendix == 5
    assert (len(printed.quality.uncertain), printed.omitted.uncertain) == (2, 8)
    assert (len(printed.quality.linked_versions), printed.omitted.linked_versions) == (2, 9)
    assert (len(printed.unsupported_goals), printed.omitted.unsupported) == (2, 8)
    assert [row.path for row in printed.quality.manifest] == ["甲0市.txt", "甲1市.txt", "甲2市.txt"]
    assert printed.omitted.manifest == 8  # two new files past the bound, six on file
    assert printed.omitted.measures == 5  # measure lists stay in the HTML twin
    # regions: this period's first (four of the five fit), in the table's own order
    assert [row.region for row in printed.regions] == ["甲0市", "甲1市", "甲2市", "甲3市"]
    assert printed.omitted.regions == 7
    assert printed.heatmap.regions == ("甲0市", "甲1市", "甲2市", "甲3市")
    assert printed.heatmap.rows == (("算力", (1, 1, 1, 1)),) and printed.omitted.heatmap_regions == 7
    # what the PDF's own sentences count is untouched
    assert printed.all_goals == whole.all_goals and printed.highlights == whole.highlights


def test_a_small_period_is_printed_whole():
    whole = context(["甲市"], ["乙市"])
    printed = print_edition(whole, BOUNDS)
    assert printed.new_documents == whole.new_documents and printed.listed_documents == ()
    assert printed.appendix == whole.appendix and printed.regions == whole.regions
    assert printed.heatmap == whole.heatmap
    left_out = {name: count for name, count in printed.omitted.counts.items() if count}
    assert left_out == {"measures": 1, "manifest": 1}


def test_the_bundled_bounds_are_read_from_config():
    bounds = load_print_bounds()
    assert bounds.document_cards >= 100 and bounds.appendix_goals > 0


def peer(region: str, rank: int | None, is_new: bool) -> dict[str, object]:
    return {"indicator_id": "dig_share", "indicator_name": "数字经济核心产业增加值占比", "region": region,
            "level": "city", "value": 10 + (rank or 0), "unit": "%", "value_common": 10.0 + (rank or 0),
            "unit_common": "%", "year": 2027, "comparator": ">=", "hedge": 0, "rank": rank, "regions_ranked": 6,
            "placeholder": 0, "is_new": is_new, "document_title": f"{region}方案", "doc_id": region, "ordinal": 0}


def test_cards_share_their_goal_rows_and_keep_comparable_goals_first_in_document_order():
    whole = replace(context(["甲市"], []), new_documents=(card("甲市", goals=6),))
    printed, = print_edition(whole, BOUNDS).new_documents  # one card: all four rows are its own
    assert [g.indicator for g in printed.goals] == ["指标0", "指标1", "指标2", "指标5"] and printed.omitted_goals == 2
    assert len(whole.new_documents[0].goals) == 6
    crowded = replace(whole, new_documents=tuple(card(f"{n}市", goals=6) for n in range(3)))
    assert [[g.indicator for g in c.goals] for c in print_edition(crowded, BOUNDS).new_documents] == \
        [["指标2", "指标5"]] * 3  # three cards: the fewest a card shows, comparable goals first


def change(region: str, moved: int, rows: int) -> ChangeSet:
    indicators = tuple(ChangeRow(f"指标{n}", ("raised",) if n < moved else ("unchanged",), "5%", "8%")
                       for n in range(rows))
    return ChangeSet(f"{region}方案", region, f"{region}旧方案", "2021-01-01", indicators, (), (), 1, 0, 0)


def test_changes_that_moved_most_are_printed_with_their_first_rows():
    changes = tuple(change(f"{n}市", moved=n, rows=4) for n in range(7))
    printed = print_edition(replace(context(["甲市"], []), changes=changes), BOUNDS)
    assert [c.region for c in printed.changes] == ["2市", "3市", "4市", "5市", "6市"]
    assert printed.omitted.change_sets == 2
    assert all(len(c.indicators) == 3 and c.omitted_rows == 1 for c in printed.changes)


def test_peers_feature_this_periods_rows_and_the_best_ranked_on_file():
    frame = tables.PEERS.frame([peer("新市", 4, True), peer("新二市", 7, True),
                                *(peer(f"旧{n}市", n, False) for n in (5, 1, 3, 2, 6)), peer("无数市", None, False)])
    group, = peer_groups(frame, PeerBounds(new_rows=1, on_file_rows=2, chart_bars=3, charts=1))
    assert {row.region for row in group.rows if row.featured} == {"新市", "旧1市", "旧2市"}
    assert len(group.rows) == 8 and group.chart is not None
    whole, = peer_groups(frame)
    assert all(row.featured for row in whole.rows)
    printed = print_edition(replace(context(["新市"], []), peer_groups=(group,)), BOUNDS)
    assert [row.region for row in printed.peer_groups[0].rows] == [row.region for row in group.rows if row.featured]
    assert printed.peer_groups[0].omitted == 5


def test_targets_under_the_confidence_threshold_are_marked_in_peer_rows_and_chart_bars():
    rows = [{**peer(f"{n}市", n, n == 1), "confidence": confidence} for n, confidence in ((1, 0.55), (2, 0.95), (3, None))]
    group, = peer_groups(tables.PEERS.frame(rows), uncertain_below=0.8)
    assert {row.region: row.uncertain for row in group.rows} == {"1市": True, "2市": False, "3市": False}
    assert group.chart is not None
    assert {bar.label: bar.uncertain for bar in group.chart.bars} == {"1市": True, "2市": False, "3市": False}


def test_omitted_counts_name_only_lists_the_pdf_cuts():
    assert Omitted({"masked": 2}).masked == 2 and Omitted().appendix == 0
    with pytest.raises(ValueError, match="masks"):
        Omitted({"masks": 1})
    with pytest.raises(AttributeError):
        Omitted().masks  # noqa: B018 (a misspelt name in a template fails instead of printing 0)

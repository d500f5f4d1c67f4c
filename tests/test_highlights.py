"""本期要点: a ranking is claimed only among three or more regions of one level, and every sentence names
the documents it rests on."""

from __future__ import annotations

from types import SimpleNamespace

from briefing.report.highlights import MIN_RANKED_PEERS, _boldest, _change
from briefing.report.rows import ChangeRow, ChangeSet, PeerGroup, PeerRow


def _row(region: str, value: str, rank: int, ranked: int, is_new: bool = False) -> PeerRow:
    return PeerRow(region=region, level="市级", target=f"{value}%", year=2027, comparator="达到", hedge=False,
                   baseline=None, is_new=is_new, document_title=f"{region}数字经济发展规划", rank=rank,
                   regions_ranked=ranked, doc_id=f"doc-{region}")


def _context(*rows: PeerRow) -> SimpleNamespace:
    return SimpleNamespace(peer_groups=(PeerGroup("share", "数字经济核心产业增加值占GDP比重", rows, None),))


def test_the_highest_of_two_regions_is_not_claimed():
    context = _context(_row("扬州市", "15", 1, 2, is_new=True), _row("镇江市", "12", 2, 2))
    assert _boldest(context) == []


def test_the_highest_of_three_regions_is_claimed_with_their_number_and_its_document():
    context = _context(_row("扬州市", "15", 1, 3, is_new=True), _row("镇江市", "12", 2, 3), _row("泰州市", "10", 3, 3))
    claim, = _boldest(context)
    assert claim.text == "扬州市提出到2027年数字经济核心产业增加值占GDP比重达到15%，在3个同级地区中目标最高。"
    assert [(source.doc_id, source.title) for source in claim.sources] == [("doc-扬州市", "扬州市数字经济发展规划")]
    assert MIN_RANKED_PEERS == 3


def test_a_leader_on_file_is_no_highlight_of_this_period():
    context = _context(_row("扬州市", "15", 1, 3), _row("镇江市", "12", 2, 3, is_new=True), _row("泰州市", "10", 3, 3))
    assert _boldest(context) == []


def test_a_change_names_both_plans():
    change = ChangeSet(title="无锡市数字经济发展规划（2026—2030年）", region="无锡市",
                       predecessor_title="无锡市数字经济发展规划（2021—2025年）", predecessor_date="2021-05-01",
                       indicators=(ChangeRow("数字经济核心产业增加值", ("raised",), "2000亿元", "3000亿元"),),
                       themes_gained=(), themes_lost=(), measures_continued=3, measures_new=2, measures_dropped=1,
                       doc_id="new", predecessor_id="old")
    sentence = _change(change)
    assert sentence.text.startswith("无锡市新文件与2021年前期文件相比，调整指标1项")
    assert [source.doc_id for source in sentence.sources] == ["new", "old"]

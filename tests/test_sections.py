"""Each document's card and change set take exactly that document's rows, in the frame's order."""

from briefing import tables
from briefing.bundles import COMPARISON_TABLES, Comparison
from briefing.report import sections


def _goal(doc_id: str, ordinal: int, indicator: str) -> dict[str, object]:
    return {"doc_id": doc_id, "ordinal": ordinal, "indicator": indicator, "value": "10", "unit": "个",
            "year": 2027, "comparator": "=", "hedge": 0, "placeholder": 0, "quote": indicator,
            "section_path": "[]", "document_title": f"{doc_id}的方案", "region": "芜湖市"}


def _document(doc_id: str) -> dict[str, object]:
    return {"doc_id": doc_id, "title": f"{doc_id}的方案", "region": "芜湖市", "draft": 0, "script": "simplified",
            "source": f"inbox/{doc_id}.txt"}


def test_records_by_groups_rows_by_a_column_keeping_their_order():
    frame = tables.GOALS.frame([_goal("乙", 0, "智能工厂"), _goal("甲", 0, "数据中心"), _goal("乙", 1, "工业互联网平台")])
    grouped = tables.records_by(frame, "doc_id")
    assert list(grouped) == ["乙", "甲"]
    assert [row["indicator"] for row in grouped["乙"]] == ["智能工厂", "工业互联网平台"]


def test_each_card_holds_its_own_goals_and_measures_and_a_card_without_any_is_empty():
    goals = tables.GOALS.frame([_goal("乙", 0, "智能工厂"), _goal("甲", 0, "数据中心"), _goal("乙", 1, "5G基站")])
    measures = tables.MEASURES.frame([
        {"doc_id": "甲", "ordinal": 0, "number": "（一）", "title": "建设算力设施", "responsible": '["市发展改革委"]',
         "themes": '["cloud_datacenters"]'},
        {"doc_id": "乙", "ordinal": 0, "number": "1.", "title": "推进智能制造", "responsible": "[]",
         "themes": '["industrial_internet", "cloud_datacenters"]'}])
    documents = tables.DOCUMENTS.frame([_document("甲"), _document("乙"), _document("丙")])
    cards = sections.cards(documents, goals, measures, {"cloud_datacenters": "云计算与数据中心"})
    assert [[goal.indicator for goal in card.goals] for card in cards] == [["数据中心"], ["智能工厂", "5G基站"], []]
    assert [card.measures[0].responsible if card.measures else None for card in cards] == [("市发展改革委",), (), None]
    assert [card.themes for card in cards] == [("云计算与数据中心",), ("云计算与数据中心", "industrial_internet"), ()]


def test_a_change_set_counts_only_its_own_documents_measures_and_themes():
    empty = {name: table.frame() for name, table in COMPARISON_TABLES.items()}
    comparison = Comparison(**{**empty, **dict(
        predecessors=tables.PREDECESSORS.frame([
            {"doc_id": "新甲", "title": "甲方案", "region": "芜湖市", "predecessor_id": "旧甲", "predecessor_title": "旧方案"},
            {"doc_id": "新乙", "title": "乙方案", "region": "铜陵市", "predecessor_id": "旧乙", "predecessor_title": "旧方案"}]),
        measure_changes=tables.MEASURE_CHANGES.frame(
            [{"doc_id": "新甲", "status": "new"}, {"doc_id": "新乙", "status": "continued"},
             {"doc_id": "新甲", "status": "new"}, {"doc_id": "新甲", "status": "dropped"}]),
        theme_changes=tables.THEME_CHANGES.frame(
            [{"doc_id": "新乙", "theme": "networks", "status": "gained"}, {"doc_id": "新甲", "theme": "software", "status": "lost"}]))})
    first, second = sections.changes(comparison, {"networks": "网络基础设施"})
    assert (first.measures_new, first.measures_continued, first.measures_dropped) == (2, 0, 1)
    assert (second.measures_new, second.measures_continued, second.measures_dropped) == (0, 1, 0)
    assert (first.themes_gained, first.themes_lost, second.themes_gained) == ((), ("software",), ("网络基础设施",))

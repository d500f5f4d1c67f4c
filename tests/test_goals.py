from decimal import Decimal

import pytest

from helpers import document_from_text, extract_text

GOAL_PARAGRAPH = """一、总体要求
(二)发展目标
到2025年,数字经济核心产业增加值占地区生产总值比重达到13.5%左右,培育数字经济相关高新技术企业40家,支持关键技术攻关项目20项以上。
"""


def goals_of(text):
    return extract_text(text).goals


def test_explicit_goal_paragraph_gives_value_unit_year_and_comparator():
    goals = goals_of(GOAL_PARAGRAPH)
    found = {(g.indicator, g.value, g.unit, g.year, g.comparator) for g in goals}
    assert found == {
        ("数字经济核心产业增加值占地区生产总值比重", Decimal("13.5"), "%", 2025, "~"),
        ("数字经济相关高新技术企业", Decimal("40"), "家", 2025, "="),
        ("关键技术攻关项目", Decimal("20"), "项", 2025, ">="),
    }


def test_every_goal_carries_provenance_that_slices_back_to_its_quote():
    document = document_from_text(GOAL_PARAGRAPH)
    from briefing.extract import extract_document

    for goal in extract_document(document).goals:
        start, end = goal.provenance.span
        assert document.text[start:end] == goal.quote
        assert goal.provenance.rule_id.startswith("goal.")
        assert goal.provenance.section_path == ("总体要求", "发展目标")
        original_start, original_end = goal.provenance.original_span
        assert document.original[original_start:original_end].endswith(goal.quote[-3:])


def test_masked_hedged_target_in_traditional_script():
    goals = goals_of("到2027年,數字經濟核心產業增加值力爭突破□□億元。\n")
    assert len(goals) == 1
    goal = goals[0]
    assert goal.placeholder and goal.value is None
    assert (goal.unit, goal.year, goal.comparator, goal.hedge) == ("亿元", 2027, ">", True)
    assert goal.indicator == "数字经济核心产业增加值"


def test_range_gives_value_and_value_max():
    goal, = goals_of("二、重点任务\n(三)做大做强大数据产业。建设3—5个大数据产业基地。\n")
    assert (goal.value, goal.value_max, goal.unit, goal.indicator) == (Decimal(3), Decimal(5), "个", "大数据产业基地")
    assert goal.year is None


def test_money_with_multiplier_unit_and_object_after_the_number():
    goal, = goals_of("到2025年,打造5个以上超过1千亿元的细分领域产业集群。\n")[-1:]
    assert (goal.value, goal.unit, goal.comparator) == (Decimal(1), "千亿元", ">")
    assert "产业集群" in goal.indicator


def test_items_of_a_target_list_share_its_verb():
    goals = goals_of("累计建成国家智能制造示范项目2个,省级工业互联网标杆工厂13家、智能制造示范车间160个。\n")
    assert [(g.indicator, g.value) for g in goals] == [
        ("国家智能制造示范项目", 2), ("省级工业互联网标杆工厂", 13), ("智能制造示范车间", 160)]


def test_share_of_gdp_inherits_the_subject_of_its_sentence():
    goals = goals_of("到2027年,数字经济增加值达到□万亿元、占GDP的比重超过□%。\n")
    assert [g.indicator for g in goals] == ["数字经济增加值", "数字经济增加值占GDP的比重"]


def test_unitless_index_target():
    goal, = goals_of("到2022年，两化融合总指数超90。\n")
    assert (goal.indicator, goal.value, goal.unit, goal.comparator) == ("两化融合总指数", 90, None, ">")


@pytest.mark.parametrize("text", [
    "推进5G基站建设,支持IPv6规模部署,发展4K/8K超高清视频。\n",
    "根据《关于印发数字泰州规划的通知》(泰政发〔2021〕118号)文件精神。\n",
    "违反本条例规定的,处5万元以上20万元以下罚款。\n",
    "聚焦“33618”现代制造业集群体系,实施“5020”项目。\n",
    "联系电话:028-86260279,邮编:610015。\n",
    "截至2022年,全市数字经济增加值已达到4000亿元。\n",
    "实施数字核心产业加速等七项重点工作。\n",
])
def test_non_targets_are_not_goals(text):
    assert goals_of(text) == ()


def test_table_rows_give_target_year_and_baseline():
    table = ("表1 主要指标\n类别 |\n主要指标 |\n单位 |\n2022年 |\n2027年 |\n来源 |\n总体 |\n"
             "数字经济增加值占GDP的比重 |\n% |\n45.4 |\n50 |\n市统计局 |\n数字经济重点企业 |\n家 |\n/ |\n500 |\n"
             "市经济信息委 |\n|\n其中:创新工厂(含5G工厂) |\n个 |\n/ |\n50 |\n市经济信息委 |\n")
    goals = goals_of(table)
    assert [(g.indicator, g.value, g.unit, g.year, g.baseline_value, g.baseline_year) for g in goals] == [
        ("数字经济增加值占GDP的比重", Decimal(50), "%", 2027, Decimal("45.4"), 2022),
        ("数字经济重点企业", Decimal(500), "家", 2027, None, None),
        ("创新工厂(含5G工厂)", Decimal(50), "个", 2027, None, None),
    ]


def test_a_target_stated_in_table_and_prose_is_one_goal_with_the_tables_baseline():
    text = ("表1 指标\n指标 |\n单位 |\n2022年 |\n2027年 |\n智能工厂 |\n个 |\n127 |\n180 |\n"
            "二、发展任务\n(一)制造业\n1.制造业数字化。到2027年,全市建设180个智能工厂。\n")
    goal, = goals_of(text)
    assert (goal.indicator, goal.value, goal.baseline_value, goal.baseline_year) == ("智能工厂", 180, 127, 2022)

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


def test_html_indicator_table_with_binding_column():
    from briefing.ingest.readers import read_document

    page = ("<html><body><div id='zoom'><p>表1 “十四五”数字经济发展主要指标。以下指标为本规划的主要量化目标，"
            "由各有关部门负责监测评估。</p><table>"
            "<tr><th>指标</th><th>2020年</th><th>2025年</th><th>属性</th></tr>"
            "<tr><td>数字经济核心产业增加值占GDP比重(%)</td><td>7.8</td><td>10</td><td>预期性</td></tr>"
            "<tr><td>IPv6活跃用户数(亿户)</td><td>4.6</td><td>8</td><td>预期性</td></tr>"
            "<tr><td>单位GDP能耗降低(%)</td><td>/</td><td>13.5</td><td>约束性</td></tr>"
            "</table></div></body></html>").encode("utf-8")
    text = read_document(".html", page).text
    goals = goals_of(text + "\n")
    assert [(g.indicator, g.value, g.unit, g.year, g.baseline_value, g.baseline_year, g.binding) for g in goals] == [
        ("数字经济核心产业增加值占GDP比重", Decimal(10), "%", 2025, Decimal("7.8"), 2020, "预期性"),
        ("IPv6活跃用户数", Decimal(8), "亿户", 2025, Decimal("4.6"), 2020, "预期性"),
        ("单位GDP能耗降低", Decimal("13.5"), "%", 2025, None, None, "约束性"),
    ]


def test_whitespace_table_with_category_cells_and_sub_rows():
    text = ("类别\t指标\t单位\t2022年\t2027年\n"
            "产业数字化\t未来工厂\t个\t/\t115\n"
            "\t其中:创新工厂\t个\t/\t50\n"
            "智能工厂\t个\t127\t180\n")
    goals = goals_of(text)
    assert [(g.indicator, g.value, g.baseline_value) for g in goals] == [
        ("未来工厂", 115, None), ("创新工厂", 50, None), ("智能工厂", 180, 127)]


@pytest.mark.parametrize(("text", "expected"), [
    ("力争到2026年,全市软件和信息服务业收入突破500亿元。\n",
     [("软件和信息服务业收入", Decimal(500), "亿元", 2026, ">", True, None, None)]),
    ("到2025年,数字经济核心产业增加值占GDP比重比2020年提高3个百分点。\n",
     [("数字经济核心产业增加值占GDP比重", Decimal(3), "个百分点", 2025, "=", False, None, 2020)]),
    ("十四五期间,数字经济核心产业增加值年均增长15%左右。\n",
     [("数字经济核心产业增加值年均增长", Decimal(15), "%", 2025, "~", False, None, None)]),
    ("到2025年,行政村光纤和4G通达率实现双100%。\n",
     [("行政村光纤通达率", Decimal(100), "%", 2025, "=", False, None, None),
      ("4G通达率", Decimal(100), "%", 2025, "=", False, None, None)]),
    ("到2025年,5G网络和千兆光网覆盖率分别达到80%、95%。\n",
     [("5G网络覆盖率", Decimal(80), "%", 2025, "=", False, None, None),
      ("千兆光网覆盖率", Decimal(95), "%", 2025, "=", False, None, None)]),
    ("到2025年,数字经济核心产业增加值占GDP比重由2020年的7.8%提高到10%。\n",
     [("数字经济核心产业增加值占GDP比重", Decimal(10), "%", 2025, "=", False, Decimal("7.8"), 2020)]),
    ("到2025年,培育二十个省级平台和一百五十家专精特新企业。\n",
     [("省级平台", Decimal(20), "个", 2025, "=", False, None, None),
      ("专精特新企业", Decimal(150), "家", 2025, "=", False, None, None)]),
    ("截至2020年,全省数字经济规模达到3万亿元。到2025年,全省数字经济规模达到4万亿元。\n",
     [("数字经济规模", Decimal(4), "万亿元", 2025, "=", False, Decimal(3), 2020)]),
    ("到2027年,数字经济规模达到1.2万亿元,上云企业达到8万家。\n",
     [("数字经济规模", Decimal("1.2"), "万亿元", 2027, "=", False, None, None),
      ("上云企业", Decimal(8), "万家", 2027, "=", False, None, None)]),
])
def test_other_phrasings(text, expected):
    found = [(g.indicator, g.value, g.unit, g.year, g.comparator, g.hedge, g.baseline_value, g.baseline_year)
             for g in goals_of(text)]
    assert found == expected


REGULATION = """第一章 总则
第一条 为了促进数字经济发展,制定本条例。
第四十条 违反本条例第十二条规定,未履行数据安全保护义务的,由有关部门责令改正,给予警告;拒不改正的,处五万元以上五十万元以下罚款。
第四十一条 违反本条例规定,处1万元以上10万元以下的罚款;情节严重的,处10万元以上100万元以下罚款,并可以责令暂停相关业务。
第四十二条 本条例自2023年1月1日起施行。
"""


def test_a_regulation_full_of_fines_has_no_goals():
    assert goals_of(REGULATION) == ()


@pytest.mark.parametrize("text", [
    "本意见自2023年1月1日起施行,有效期至2027年12月31日。\n",
    "邮寄至成都市青羊区人民东路66号(邮编:610015)。\n",
    "推进“123+N”智慧园区体系建设。\n",
    "实施“03专项”和5G应用“扬帆”行动。\n",
    "重点实施八大工程,围绕两大主题,实施三百工程。\n",
])
def test_more_non_targets(text):
    assert goals_of(text) == ()

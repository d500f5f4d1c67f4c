"""How Chinese plans state targets, one class at a time: sentences written for these tests (not copied from
the development passages), each class with its negative cases."""

from decimal import Decimal

import pytest

from briefing.extract import extract_document, extractor
from briefing.extract.confidence import goal_confidence, reliability
from briefing.ingest.normalize import normalize
from briefing.rules import ConfidenceTable, GoldSize, RuleReliability
from helpers import document_from_text, extract_text


def goals_of(text):
    return extract_text(text).goals


def summary(goal):
    return (goal.indicator, goal.value, goal.unit, goal.year, goal.comparator, goal.hedge)


# --- 1. target year ---------------------------------------------------------------------------------------

def test_a_year_that_opens_the_sentence_without_dao_anchors_its_targets():
    goal, = goals_of("2027年,全市软件业务收入突破800亿元。\n")
    assert (goal.year, "year.anchor.opener" in goal.rule_ids) == (2027, True)


def test_a_year_before_the_documents_own_year_states_a_statistic_that_becomes_the_baseline():
    text = ("某市人民政府\n2023年5月10日\n2022年,全市软件业务收入达到600亿元。\n"
            "到2025年,全市软件业务收入突破800亿元。\n")
    goal, = goals_of(text)
    assert (goal.value, goal.year, goal.baseline_value, goal.baseline_year) == (800, 2025, 600, 2022)


def test_five_year_plan_ends_written_with_quotes_are_years():
    goal, = goals_of("到“十五五”末,全省算力规模力争突破50EFLOPS。\n")
    assert (goal.year, goal.hedge) == (2030, True)
    goal, = goals_of("“十四五”期间,累计建成智能工厂60个。\n")
    assert goal.year == 2025


def test_each_target_takes_the_nearest_anchor_before_it():
    goals = goals_of("到2026年底,软件业务收入达到800亿元,力争达到850亿元;到“十五五”末,力争突破1200亿元。\n")
    assert [(g.value, g.year, g.hedge, g.comparator) for g in goals] == [
        (800, 2026, False, "="), (850, 2026, True, "="), (1200, 2030, True, ">")]
    assert {g.indicator for g in goals} == {"软件业务收入"}


def test_bullets_of_a_goals_section_take_the_year_of_its_opening_paragraph():
    text = ("一、总体要求\n(二)发展目标\n到2026年,全市数字经济迈上新台阶。\n"
            "——产业规模持续壮大。软件业务收入突破500亿元。\n——应用场景更加丰富。打造应用场景40个以上。\n")
    assert [(g.value, g.year) for g in goals_of(text)] == [(500, 2026), (40, 2026)]


def test_a_paragraph_whose_only_anchor_follows_its_targets_gives_them_that_year():
    goal, = goals_of("计划建设8个产业园,到2027年基本形成产业集群。\n")
    assert (goal.indicator, goal.year) == ("产业园", 2027)


def test_task_targets_without_a_year_of_their_own_keep_none():
    text = ("一、总体要求\n(二)发展目标\n到2026年,全市数字经济迈上新台阶。\n"
            "二、重点任务\n(一)建设算力设施\n1.建设算力中心。新建标准机架5000个。\n")
    goal, = goals_of(text)
    assert (goal.indicator, goal.value, goal.year) == ("标准机架", 5000, None)


def test_a_sentence_opening_year_of_the_past_is_a_statistic_not_a_target():
    text = "某省人民政府\n2024年3月1日\n2023年,全省软件业务收入达到1200亿元,同比增长8%。\n"
    assert goals_of(text) == ()


# --- 2. indicator = the head noun -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "indicator"), [
    ("打造不少于30个特色鲜明、示范性强的数字化转型促进中心。", "数字化转型促进中心"),
    ("建设15个左右国内领先、辐射带动力强的算力枢纽节点。", "算力枢纽节点"),
    ("培育5家以上营收超百亿的龙头企业。", "龙头企业"),
    ("挖掘20家优质企业进行重点培育。", "优质企业"),
    ("建设100个5G+工业互联网示范项目。", "5G+工业互联网示范项目"),
    ("新建标准机架5000个。", "标准机架"),
    ("力争建成12个“数字乡村”。", "“数字乡村”"),
])
def test_the_indicator_is_the_head_noun_of_the_counted_object(text, indicator):
    goal, = goals_of("二、重点任务\n1.推进建设。" + text + "\n")
    assert goal.indicator == indicator


def test_a_clause_without_a_subject_takes_the_subject_of_the_clause_before():
    goal, = goals_of("到2025年,数字经济核心产业增加值占地区生产总值比重稳步提升,年均提高1个百分点。\n")
    assert goal.indicator.startswith("数字经济核心产业增加值占地区生产总值比重")
    assert (goal.value, goal.unit) == (1, "个百分点")


def test_modal_words_before_the_comparator_are_not_part_of_the_indicator():
    goals = goals_of("到2025年,全省数字经济规模将突破3万亿元,核心产业增加值有望达到5000亿元。\n")
    assert [g.indicator for g in goals] == ["数字经济规模", "核心产业增加值"]


def test_a_list_of_subjects_keeps_each_head_of_its_own():
    goals = goals_of("到2025年,两化融合水平和设备联网率分别达到70%、60%。\n")
    assert [(g.indicator, g.value) for g in goals] == [("两化融合水平", 70), ("设备联网率", 60)]


def test_no_number_no_goal():
    assert goals_of("二、重点任务\n1.引进项目。引进一批带动性强、示范性好的重大项目。\n") == ()


# --- 3. target verbs and forms ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("攻克50项关键核心技术。", ("关键核心技术", 50, "项")),
    ("开放测试道路500公里。", ("测试道路", 500, "公里")),
    ("建成开通5G基站3万座。", ("5G基站", 3, "万座")),
    ("组织实施12个数字化改造示范工程。", ("数字化改造示范工程", 12, "个")),
    ("具备10个以上国家级创新平台。", ("国家级创新平台", 10, "个")),
])
def test_target_verbs_before_a_count(text, expected):
    goal, = goals_of("到2026年," + text + "\n")
    assert (goal.indicator, goal.value, goal.unit) == expected


def test_a_verb_the_tagger_knows_makes_a_count_a_target_in_a_task_section():
    goal, = goals_of("二、重点任务\n1.企业梯度培育。每年甄选30家成长型企业。\n")
    assert (goal.value, goal.unit, goal.indicator) == (30, "家", "成长型企业")
    assert "goal.prose.verb_tag" in goal.rule_ids


def test_a_verb_tagged_count_outside_a_committing_section_or_after_a_reporting_verb_is_not_a_target():
    assert goals_of("一、发展基础\n近年来甄选30家成长型企业。\n") == ()
    assert goals_of("二、重点任务\n1.完善机制。梳理30家企业名单。\n") == ()


def test_a_percentage_followed_by_the_verb_it_measures():
    goals = goals_of("到2026年,实现规上企业100%上云、重点园区100%联网。\n")
    assert [(g.indicator, g.value, g.unit) for g in goals] == [("规上企业上云率", 100, "%"), ("重点园区联网率", 100, "%")]


def test_two_targets_in_one_clause_pair():
    goals = goals_of("到2025年,软件业务收入突破3600亿元,年均增长12%左右。\n")
    assert [(g.indicator, g.value, g.unit, g.comparator) for g in goals] == [
        ("软件业务收入", 3600, "亿元", ">"), ("软件业务收入年均增长", 12, "%", "~")]


@pytest.mark.parametrize(("text", "value", "unit", "comparator"), [
    ("服务企业过千家。", 1000, "家", ">"),
    ("核心产业营业收入达到两千亿元。", 2000, "亿元", "="),
    ("力争产业规模突破百亿元。", 100, "亿元", ">"),
    ("研发投入强度提高到2.5%—3%。", Decimal("2.5"), "%", "="),
    ("IPv6活跃用户数达到3000万。", 3000, "万", "="),
])
def test_numbers_written_in_words_magnitudes_and_ranges(text, value, unit, comparator):
    goal, = goals_of("到2025年," + text + "\n")
    assert (goal.value, goal.unit, goal.comparator) == (value, unit, comparator)


def test_a_range_with_the_unit_written_twice_keeps_both_ends():
    goal, = goals_of("到2025年,研发投入强度提高到2.5%—3%。\n")
    assert (goal.value, goal.value_max) == (Decimal("2.5"), 3)


# --- 4. units ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "canonical", "factor"), [
    ("80Tbps", "bps", Decimal(10) ** 12),
    ("400Gbps", "bps", Decimal(10) ** 9),
    ("1000Mbps", "bps", Decimal(10) ** 6),
    ("20太比特每秒", "bps", Decimal(10) ** 12),
    ("12EFLOPS", "FLOPS", Decimal(10) ** 18),
    ("12EFlops", "FLOPS", Decimal(10) ** 18),
    ("3000PFLOPS", "FLOPS", Decimal(10) ** 15),
    ("600公里", "米", Decimal(1000)),
    ("5万公里", "米", Decimal(10) ** 7),
    ("30处", "处", Decimal(1)),
    ("8万座", "座", Decimal(10) ** 4),
    ("50万台", "台", Decimal(10) ** 4),
    ("20条(个)", "条", Decimal(1)),
])
def test_units_keep_their_spelling_and_know_their_canonical_unit(written, canonical, factor):
    goal, = goals_of(f"到2026年,建设规模达到{written}。\n")
    number = Decimal("".join(c for c in written if c.isdigit()))
    assert goal.unit == written.lstrip("0123456789")
    assert (goal.canonical_unit, goal.scaled_value) == (canonical, number * factor)


def test_one_target_in_two_spellings_of_a_unit_is_one_goal():
    text = "到2026年,全省算力规模达到5EFLOPS。\n到2026年,全省算力规模达到5000PFLOPS。\n"
    assert len(goals_of(text)) == 1


def test_single_letters_are_not_units():
    assert goals_of("到2026年,推进5G网络和6G研究,建设超算中心5.4万P算力。\n") == ()


# --- 5. tables --------------------------------------------------------------------------------------------

CELL_STREAM = ("一、发展目标\n到2027年,软件业务收入达到1000亿元。\n表1 主要指标\n\n指标\n\n单位\n\n2022年\n\n"
               "2025年\n\n2027年\n\n软件业务收入\n\n亿元\n\n500\n\n800\n\n1000\n\n算力规模\n\nEFLOPS\n\n2\n\n5\n\n10\n\n"
               "二、重点任务\n1.建设设施。\n")


def test_a_table_of_one_cell_a_line_gives_a_goal_per_target_column_with_the_base_column_as_baseline():
    found = sorted((g.indicator, g.value, g.year, g.baseline_value, g.baseline_year) for g in goals_of(CELL_STREAM))
    assert found == [("算力规模", 5, 2025, 2, 2022), ("算力规模", 10, 2027, 2, 2022),
                     ("软件业务收入", 800, 2025, 500, 2022), ("软件业务收入", 1000, 2027, 500, 2022)]


def test_bare_numbers_of_a_cell_table_are_not_taken_for_page_numbers():
    assert "\n500\n" in normalize(CELL_STREAM).text


def test_a_header_table_with_two_target_columns_and_units_in_the_labels():
    table = ("表2 指标\n指标 | 2020年 | 2023年 | 2025年 | 属性\n数字经济增加值(亿元) | 3000 | 4000 | 5000 | 预期性\n"
             "5G基站数(万座) | 2 | / | 5 | 约束性\n")
    found = [(g.indicator, g.value, g.unit, g.year, g.baseline_value, g.binding) for g in goals_of(table)]
    assert found == [("数字经济增加值", 4000, "亿元", 2023, 3000, "预期性"),
                     ("数字经济增加值", 5000, "亿元", 2025, 3000, "预期性"),
                     ("5G基站数", 5, "万座", 2025, 2, "约束性")]


# --- 6. spurious goals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "《方案》共提出主要任务12项,聚焦5条重点赛道。",
    "到2025年,全省互联网产业规模力争突破35",
    "培育千亿元级龙头企业,引进50亿级企业。",
    "推动人工智能成为建设“三个中心”的新引擎,打造“两个高地”。",
    "统筹国内国际两个市场,用好两种资源。",
    "省数据局等6部门联合印发实施意见。",
    "目前全市算力规模突破3000PFLOPS,已建成数据中心20个。",
    "对新认定的国家级企业技术中心,给予一次性100万元奖励,按设备投资额的10%给予补助。",
    "对年营业收入首次突破1亿元的软件企业,给予最高200万元补助。",
])
def test_parts_of_the_document_labels_names_and_cut_numbers_are_not_goals(text):
    assert goals_of(text + "\n") == ()


def test_large_counts_in_chinese_numerals_still_count():
    goal, = goals_of("到2025年,培育二十个省级平台。\n")
    assert (goal.value, goal.indicator) == (20, "省级平台")


# --- 7. text ----------------------------------------------------------------------------------------------

def test_spaces_inside_words_left_by_pdf_extraction_go_and_offsets_still_map():
    document = document_from_text("到2025年,推动数字化 转型,培育示范企业100家以 上,工业 APP 突破500个。\n")
    assert "数字化转型" in document.text and "工业APP" in document.text
    goals = extract_document(document).goals
    assert [(g.indicator, g.comparator) for g in goals] == [("示范企业", ">="), ("工业APP", ">")]
    for goal in goals:
        start, end = goal.provenance.original_span
        assert document.original[start:end].replace(" ", "").endswith(goal.quote[-3:])


def test_a_heading_keeps_the_space_after_its_number():
    assert normalize("第一章 总 则\n").text == "第一章 总则\n"


def test_a_page_flattened_into_one_line_gets_its_headings_back():
    document = document_from_text("为推动发展,制定本方案。 一、发展目标 到2026年,建成算力中心3个。 二、重点任务 "
                                  "(一)夯实基础 建设5G基站2000个。\n")
    kinds = {section.title: section.kind for section in document.sections}
    assert kinds["发展目标"] == "goals" and kinds["重点任务"] == "tasks"


def test_traditional_script_verbs_and_units_are_read_after_conversion():
    goal, = goals_of("到2025年,培育數位化轉型促進中心10個以上,資金規模達到5億元。\n")[:1]
    assert (goal.value, goal.unit, goal.comparator) == (10, "个", ">=")


# --- rule ids and confidence ------------------------------------------------------------------------------

def test_every_goal_records_the_ids_of_the_rules_that_made_it_and_those_ids_exist():
    rules = extractor().rules
    known = {c.id for c in rules.goals.comparators} | {h.id for h in rules.goals.hedges} | {
        a.id for a in rules.goals.year_anchors} | {u.id for u in rules.goals.units.units}
    goal, = goals_of("到2025年,全省5G基站力争突破8万座。\n")
    assert goal.rule_ids[0] == goal.provenance.rule_id == "goal.prose.comparator"
    assert {"cmp.more_than", "hedge.strive", "year.anchor.by", "unit.count.zuo"} <= set(goal.rule_ids)
    assert {rule for rule in goal.rule_ids if not rule.startswith(("goal.", "indicator."))} <= known


def test_confidence_is_the_reliability_of_the_weakest_rule():
    table = ConfidenceTable(measured_on=GoldSize(documents=1, gold_goals=10, predicted_goals=10), unseen_rule=0.5,
                            rules={"a": RuleReliability(fired=10, correct=9, reliability=0.9),
                                   "b": RuleReliability(fired=4, correct=2, reliability=0.5)})
    assert goal_confidence(["a"], table) == 0.9
    assert goal_confidence(["a", "b"], table) == 0.5
    assert goal_confidence(["a", "never-seen"], table) == 0.5


def test_a_rule_that_fired_rarely_is_shrunk_towards_the_unseen_value():
    assert reliability(correct=1, fired=1, prior=0.5) < reliability(correct=50, fired=50, prior=0.5) < 1
    assert reliability(correct=0, fired=0, prior=0.5) == 0.5


def test_goals_carry_a_confidence_between_zero_and_one():
    for goal in goals_of("到2025年,全省5G基站力争突破8万座,培育数字化转型促进中心10个。\n"):
        assert goal.confidence is not None and 0 < goal.confidence <= 1

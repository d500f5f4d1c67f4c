from helpers import extract_text

PLAN = """一、总体要求
(一)发展目标
到2025年,培育数字经济企业40家。
二、重点任务
(一)强化创新策源
1.加强关键技术攻关。建立健全合作机制。(责任单位:市经济信息委、市科技局)
2.加快建设创新载体。支持企业建设研发机构。
(二)推动产业数字化
3.推动制造业数字化转型。推动企业全面实施提升。
三、保障措施
(一)加强组织领导。建立领导小组。
"""


def test_measures_are_the_finest_numbered_items_of_the_task_part():
    measures = extract_text(PLAN).measures
    assert [(m.number, m.title) for m in measures] == [
        ("1", "加强关键技术攻关"), ("2", "加快建设创新载体"), ("3", "推动制造业数字化转型")]
    assert measures[0].responsible == ("市经济信息委", "市科技局")
    assert measures[0].provenance.section_path == ("重点任务", "强化创新策源", "加强关键技术攻关")
    assert measures[2].number_path == ("二", "二", "3")


def test_task_chapters_titled_by_topic_count_as_tasks():
    plan = PLAN.replace("二、重点任务", "二、加快发展数字经济核心产业")
    assert len(extract_text(plan).measures) == 3


def test_measures_get_themes_instrument_and_their_goals():
    plan = ("二、重点任务\n(一)夯实基础\n"
            "1.建设算力基础设施。加快建设智算中心和数据中心,到2025年建成5G基站2万个。\n"
            "2.完善数据要素市场制度。制定数据交易规范和监管制度,健全标准体系。\n"
            "3.开放应用场景。组织示范应用,推广首版次软件,开放政府采购市场。\n")
    extraction = extract_text(plan)
    first, second, third = extraction.measures
    assert {"computing_power", "networks"} <= set(first.themes)
    assert [extraction.goals[i].indicator for i in first.goal_indexes] == ["5G基站"]
    assert "data_elements" in second.themes and second.instrument == "environment"
    assert third.instrument == "demand" and "software" in third.themes
    assert second.goal_indexes == () and third.goal_indexes == ()


def test_responsible_units_of_document_004_are_exact():
    import json

    from briefing.inspect import extract_files
    from conftest import GOLD, PLANS

    gold = json.loads((GOLD / "004_053b5a309c349924.txt.json").read_text(encoding="utf-8"))["measures"]
    measures = extract_files([PLANS / "004_053b5a309c349924.txt"]).extractions[0].measures
    assert [(m.number, m.title, list(m.responsible)) for m in measures] == [
        (g["number"], g["title"], g["responsible"]) for g in gold]


def test_only_clauses_holding_a_keyword_are_segmented_and_the_keywords_found_are_the_same():
    from briefing.extract import extractor

    classifier = extractor().classifier
    keywords = classifier.keywords
    texts = ["完善数据交易规则，培育数据要素市场；推进计算法则研究，建设一批产业园区。",
             "加快5G基站建设，设立专项资金给予补贴，探索数据资产入表。",
             "加强组织领导，压实各方责任。"]
    for text in texts:
        whole = [token for token in classifier.tokens(text) if token in keywords]
        assert [token for token in classifier.keyword_tokens(text) if token in keywords] == whole
    assert classifier.keyword_tokens(texts[2]) == []  # no keyword in any clause: nothing is segmented
    assert "数据要素市场" in classifier.keyword_tokens(texts[0])
    assert classifier.classify(texts[0]).themes == classifier.classify(texts[0].replace("；", "，")).themes

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


def test_task_chapters_titled_by_topic_count_as_tasks():
    plan = PLAN.replace("二、重点任务", "二、加快发展数字经济核心产业")
    assert len(extract_text(plan).measures) == 3

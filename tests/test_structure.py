from briefing.ingest.structure import build_sections
from briefing.rules import load_rules

RULES = load_rules().structure


def outline(text):
    return [(s.number, s.title, s.kind, s.depth) for s in build_sections(text, RULES)]


def test_every_heading_marker_is_recognised_and_nested():
    text = ("为加快发展数字经济，制定本方案。\n"
            "第一章 总体要求\n一、发展目标\n到2025年，培育企业40家。\n"
            "第二章 重点任务\n一 实施创新工程\n(一)强化创新\n1.建设平台。推进。\n2、引进人才。推进。\n"
            "(1)培育工匠。推进。\n①开展培训。推进。\n专栏1 重点工程\n表1 主要指标\n"
            "第三章 保障措施\n一、加强组织领导。建立机制。\n附件 名词解释\n")
    found = outline(text)
    assert found[0] == ("", "前言", "preamble", -1)
    assert ("第一章", "总体要求", "goals", 0) in found
    assert ("一", "发展目标", "goals", 1) in found
    assert ("一", "实施创新工程", "tasks", 1) in found  # a heading without its 、
    assert ("一", "强化创新", "tasks", 2) in found
    assert ("1", "建设平台", "tasks", 3) in found and ("2", "引进人才", "tasks", 3) in found
    assert ("1", "培育工匠", "tasks", 4) in found
    assert ("①", "开展培训", "tasks", 5) in found
    assert ("专栏1", "重点工程", "box", 6) in found
    assert ("表1", "主要指标", "table", 6) in found
    assert ("一", "加强组织领导", "safeguards", 1) in found
    assert ("附件", "名词解释", "annex", 0) in found


def test_numbers_in_body_text_and_table_cells_are_not_headings():
    text = "一、总体要求\n45.4 |\n2022年全市数字经济增加值达到2240亿元。\n3.5万家企业上云,这一数字比上年增加了很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多。\n"
    assert [s.number for s in build_sections(text, RULES)] == ["一"]


def test_a_notice_wrapping_its_plan_keeps_the_plan_as_the_document():
    text = "关于印发实施方案的通知\n现将方案印发给你们。\n附件\n一、总体要求\n到2025年。\n二、重点任务\n(一)建设平台。\n"
    kinds = {s.title or s.number: s.kind for s in build_sections(text, RULES)}
    assert kinds["附件"] == "other"
    assert kinds["重点任务"] == "tasks"

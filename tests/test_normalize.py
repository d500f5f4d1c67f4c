import re

import pytest

from briefing.ingest.lines import rejoin_broken_lines, remove_chrome_lines, remove_page_markers
from briefing.ingest.normalize import (
    PINYIN_GLOSS,
    detect_script,
    normalize,
    remove_cjk_digit_spaces,
    strip_pinyin,
    to_simplified,
    unify_width,
)
from conftest import PLANS


@pytest.mark.parametrize(("raw", "clean"), [
    ("發(fā)展", "發展"),
    ("中(zhōng)共江西省委", "中共江西省委"),
    ("技(jì )術", "技術"),
    ("人民(mín)政府", "人民政府"),
    ("（fā）展", "展"),
])
def test_pinyin_glosses_are_removed(raw, clean):
    assert strip_pinyin(raw).text == clean


@pytest.mark.parametrize("kept", ["(CIM)", "(REITs)", "(10G-PON)", "(NB-IoT)", "(一)", "(2024—2028年)",
                                  "(责任单位:市经济信息委)", "(DCMM)"])
def test_real_parentheses_survive(kept):
    assert strip_pinyin(f"城市信息模型{kept}平台").text == f"城市信息模型{kept}平台"


@pytest.mark.parametrize("name", ["000_2f5447efbbe91bf0.txt", "001_4a9c806636f62f5b.txt"])
def test_seed_documents_lose_every_gloss_and_keep_every_other_parenthesis(name):
    original = (PLANS / name).read_text(encoding="utf-8")
    glosses = len(PINYIN_GLOSS.findall(original))
    other_open = len(re.findall(r"[(（]", original)) - glosses
    text = normalize(original).text
    assert glosses > 500
    assert not PINYIN_GLOSS.search(text)
    assert not re.search(r"[(][a-zāáǎàēéěèīíǐìōóǒòūúǔù ]+[)]", text)
    assert text.count("(") == other_open


def test_traditional_becomes_simplified():
    assert to_simplified("數字經濟發展").text == "数字经济发展"
    assert detect_script("關於加快發展數字經濟的意見") == "traditional"
    assert detect_script("关于加快发展数字经济的意见") == "simplified"


def test_spaces_around_numbers_from_pdf_extraction_go():
    assert remove_cjk_digit_spaces("到 2025 年，达到 10% 以上").text == "到2025年，达到10%以上"
    assert remove_cjk_digit_spaces("VR 是 Virtual Reality").text == "VR 是 Virtual Reality"


def test_full_width_digits_brackets_and_percent_become_half_width():
    assert unify_width("（一）达到１０％").text == "(一)达到10%"


def test_page_markers_are_removed_and_broken_sentences_rejoined():
    raw = ("(四)加快发展人工智能产业。积极建设创新平台，加强人工\n\n— 2 —\n\n\n智能领域基础理论研究。\n\n"
           "二、加快产业数字化转型\n")
    text = rejoin_broken_lines(remove_page_markers(raw).text).text
    assert "加强人工智能领域基础理论研究。" in text
    assert "— 2 —" not in text
    assert "\n\n二、加快产业数字化转型" in text


def test_headings_and_titles_are_not_joined_to_the_next_line():
    raw = "四川省人民政府 关于加快推进数字经济发展的指导意见\n\n各市(州)人民政府:\n一、总体要求\n"
    assert rejoin_broken_lines(raw).text == raw


def test_offset_map_points_every_character_back_into_the_original():
    original = "到 2025 年，數字經濟發(fā)展水平達到（一）１０％以上。\n— 3 —\n"
    result = normalize(original)
    assert result.text.startswith("到2025年，数字经济发展水平达到(一)10%以上。")
    for index, char in enumerate(result.text):
        source_char = original[result.offsets[index]]
        assert to_simplified(unify_width(source_char).text).text == char or char == "\n"


def test_html_residue_goes():
    from briefing.ingest.normalize import remove_html_residue

    assert remove_html_residue("<p>数字经济&nbsp;发展</p><br/>“一芯一屏”&amp;").text == "数字经济 发展“一芯一屏”&"


def test_web_chrome_and_table_of_contents_lines_go():
    raw = ("目 录\n一、发展回顾........................1\n【打印本页】 【关闭窗口】\n当前位置:首页 > 政策文件\n"
           "一、发展回顾\n")
    assert remove_chrome_lines(raw).text == "一、发展回顾\n"

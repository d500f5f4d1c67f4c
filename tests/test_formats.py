"""Every format reads back to the same normalized text as its .txt original, up to layout whitespace."""

import re
from pathlib import Path

import pytest

from briefing.errors import UnreadableDocument, UnsupportedFormat
from briefing.ingest import ingest_document
from briefing.ingest.readers import read_document
from briefing.models import SourceFile
from conftest import PLANS, SHARED, sha256

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    ("003_gbk.txt", "003_751def9eb89f538a.txt", "gb18030"),
    ("002_utf16.txt", "002_abf5e99d2b5f1a8f.txt", "utf-16"),
    ("003_page.html", "003_751def9eb89f538a.txt", "html/gb2312"),
    ("002_print.pdf", "002_abf5e99d2b5f1a8f.txt", "pdf"),
    ("001_colleague.docx", "001_4a9c806636f62f5b.txt", "docx"),
]


def ingest(path: Path):
    data = path.read_bytes()
    return ingest_document(SourceFile(path, sha256(path), len(data), "inbox"), data)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("fixture", "original", "encoding"), CASES, ids=[c[0] for c in CASES])
def test_fixture_reads_back_to_the_original_text(fixture, original, encoding):
    document = ingest(FIXTURES / fixture)
    reference = ingest(PLANS / original)
    assert document.meta.encoding == encoding
    assert squash(document.text) == squash(reference.text)
    assert document.meta.title == reference.meta.title
    assert document.meta.province == reference.meta.province


def test_the_same_text_in_two_encodings_is_one_document():
    assert ingest(FIXTURES / "003_gbk.txt").doc_id == ingest(PLANS / "003_751def9eb89f538a.txt").doc_id
    assert ingest(FIXTURES / "002_utf16.txt").doc_id == ingest(PLANS / "002_abf5e99d2b5f1a8f.txt").doc_id


def test_html_page_chrome_is_dropped():
    text = read_document(".html", (FIXTURES / "003_page.html").read_bytes()).text
    for chrome in ("统计代码", "当前位置", "政务公开", "分享到", "打印本页", "版权所有", "索引号", "console.log"):
        assert chrome not in text


def test_html_tables_keep_rows_and_separated_cells():
    page = ("<html><body><div id='zoom'><p>到2025年，主要指标如下（见下表）。本段文字用于让正文足够长，"
            "以便模板识别正文区域并保留表格内容。</p>"
            "<table><tr><th>指标</th><th>单位</th><th>2020年</th><th>2025年</th><th>属性</th></tr>"
            "<tr><td>数字经济核心产业增加值占GDP比重</td><td>%</td><td>7.8</td><td>10</td><td>预期性</td></tr>"
            "</table></div></body></html>").encode("utf-8")
    lines = read_document(".html", page).text.splitlines()
    assert "指标 | 单位 | 2020年 | 2025年 | 属性" in lines
    assert "数字经济核心产业增加值占GDP比重 | % | 7.8 | 10 | 预期性" in lines


def test_pdf_running_header_and_page_numbers_are_removed():
    text = read_document(".pdf", (FIXTURES / "002_print.pdf").read_bytes()).text
    assert "数字经济政策文件汇编" not in text
    assert not re.search(r"^— \d+ —$", text, re.MULTILINE)


@pytest.mark.parametrize(("name", "data", "error", "reason"), [
    ("empty.txt", b"", UnreadableDocument, "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, UnreadableDocument, "binary"),
    ("truncated.pdf", None, UnreadableDocument, "damaged or truncated PDF"),
    ("scanned.pdf", None, UnreadableDocument, "no text layer"),
    ("table.xlsx", b"PK\x03\x04" + b"\x00" * 64, UnsupportedFormat, "unsupported file type '.xlsx'"),
    ("broken.docx", b"PK\x03\x04 not really a zip", UnreadableDocument, "damaged DOCX"),
    ("empty.html", b"<html><body><nav>home</nav></body></html>", UnreadableDocument, "without readable main text"),
])
def test_each_kind_of_bad_file_gets_its_own_message(tmp_path, name, data, error, reason):
    if name == "truncated.pdf":
        data = (FIXTURES / "002_print.pdf").read_bytes()[:5000]
    if name == "scanned.pdf":
        data = (FIXTURES / "scanned.pdf").read_bytes()
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error, match=re.escape(reason)):
        ingest(path)
    assert path.read_bytes() == data


CORPUS_PDFS = ["national_14th_fyp_digital_economy", "miit_14th_fyp_software_it_services",
               "nda_trusted_data_space_action_plan_2024_2028"]


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_official_pdfs_match_their_text_version(name):
    pdf_path = SHARED / "corpus" / f"{name}.pdf"
    if not pdf_path.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    from difflib import SequenceMatcher

    from_pdf = squash(ingest(pdf_path).text)
    from_text = squash(ingest(pdf_path.with_suffix(".txt")).text)
    matcher = SequenceMatcher(None, from_pdf, from_text, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    assert matched / len(from_text) >= 0.98


@pytest.mark.parametrize(("name", "title", "issuer", "doc_type", "date"), [
    ("national_14th_fyp_digital_economy", "“十四五”数字经济发展规划", "国务院", "规划", "2021-12-12"),
    ("miit_14th_fyp_software_it_services", "“十四五”软件和信息技术服务业发展规划", "工业和信息化部", "规划", None),
    ("nda_trusted_data_space_action_plan_2024_2028", "可信数据空间发展行动计划(2024—2028年)", None, "行动计划", None),
])
def test_official_pdfs_ingest_with_national_metadata(name, title, issuer, doc_type, date):
    pdf_path = SHARED / "corpus" / f"{name}.pdf"
    if not pdf_path.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    meta = ingest(pdf_path).meta
    assert (meta.title, meta.issuer, meta.level, meta.doc_type) == (title, issuer, "national", doc_type)
    assert (meta.date.isoformat() if meta.date else None) == date
    assert meta.province is None


def test_the_same_text_in_two_scripts_is_one_document(tmp_path):
    import opencc

    simplified = (PLANS / "003_751def9eb89f538a.txt").read_text(encoding="utf-8")
    traditional = tmp_path / "003_traditional.txt"
    traditional.write_text(opencc.OpenCC("s2t").convert(simplified), encoding="utf-8")
    document = ingest(traditional)
    assert document.meta.script == "traditional"
    assert document.doc_id == ingest(PLANS / "003_751def9eb89f538a.txt").doc_id

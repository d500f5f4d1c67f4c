"""The briefing PDF from the bundled inputs, read back with pdftotext, pdfplumber and pdffonts."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from briefing import pipeline
from briefing.settings import load_settings
from briefing.run_scope import RunRequest
from conftest import PLANS, PROJECT
from helpers import LoopbackListener

pytestmark = pytest.mark.integration

HEADINGS = ["目录", "本期要点", "本期新增文件", "地区目标对比", "与前期规划对比", "主题覆盖", "文本复用",
            "缺少任务支撑的目标", "数据质量", "附录：目标及原文出处"]


def run_stages(inputs: Path, out: Path, store: Path, period: str, **overrides: object) -> Path:
    """The monthly run's stages in order, without Prefect (the flow test covers the wiring)."""
    settings = load_settings(PROJECT / "config" / "briefing.yaml", store=store, **overrides)
    request = RunRequest(period, str(inputs), str(out), store=str(settings.path("store")))
    return pipeline.run(settings, request).published.pdf


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def briefing_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    inputs = folder / "inputs"
    shutil.copytree(PLANS, inputs)
    return run_stages(inputs, folder / "out", folder / "b.db", "2026-10")


def section_pages(pdf: Path) -> dict[str, int]:
    """Page number (1-based) on which each heading opens its section (sections start on a new page)."""
    found: dict[str, int] = {}
    for number, page in enumerate(page_texts(pdf), start=1):
        body = squash(page).removeprefix("数字经济政策监测简报").lstrip("0123456789年月")
        for heading in HEADINGS:
            if body.startswith(heading) and heading not in found:
                found[heading] = number
    return found


def test_every_section_heading_is_present_in_order(briefing_pdf):
    pages = section_pages(briefing_pdf)
    assert list(pages) == HEADINGS
    assert list(pages.values()) == sorted(pages.values())


def test_contents_page_numbers_point_at_their_sections(briefing_pdf):
    contents = page_texts(briefing_pdf)[1]
    pages = section_pages(briefing_pdf)
    for heading in HEADINGS[1:]:
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)\s*$", contents, re.MULTILINE)
        assert match, heading
        assert int(match.group(1)) == pages[heading], heading


MARGIN = 18 / 25.4 * 72  # left and right page margins of briefing.css, in points


def test_no_character_leaves_its_page_or_crosses_the_side_margins(briefing_pdf):
    with pdfplumber.open(briefing_pdf) as pdf:
        assert len(pdf.pages) > 10
        for page in pdf.pages:
            for char in page.chars:
                where = (page.page_number, char["text"])
                assert 0 <= char["top"] and char["bottom"] <= page.height + 0.5, where
                assert MARGIN - 1 <= char["x0"] and char["x1"] <= page.width - MARGIN + 1, where


def test_appendix_lists_every_goal_of_the_period_and_the_html_twin_every_measure(briefing_pdf):
    import pandas as pd

    goals = pd.read_csv(briefing_pdf.parent / "goals.csv")
    raw = subprocess.run(["pdftotext", "-raw", str(briefing_pdf), "-"], capture_output=True, text=True, check=True)
    text = squash(raw.stdout)
    appendix = text[text.rindex("附录：目标及原文出处"):]
    for quote in goals["quote"]:  # the first run: every goal on file is this period's
        assert squash(quote) in appendix, quote
    assert len(goals) > 70
    # measure lists with their responsible units are in the HTML twin and measures.csv, not in the PDF
    html = (briefing_pdf.parent / "briefing-2026-10.html").read_text(encoding="utf-8")
    measures = pd.read_csv(briefing_pdf.parent / "measures.csv")
    assert "责任单位：" in html and "责任单位：" not in text
    assert f"重点任务清单（共{len(measures)}项" in text


def test_fonts_are_embedded_cjk_subsets(briefing_pdf):
    fonts = subprocess.run(["pdffonts", str(briefing_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    cjk = [row for row in rows if "CJK" in row[0]]
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= {re.sub(r"^[A-Z]{6}\+", "", row[0]) for row in cjk}
    for row in cjk:
        assert re.match(r"^[A-Z]{6}\+", row[0])  # a subset
        assert row[-5:-3] == ["yes", "yes"]  # emb, sub


def test_pdf_metadata_and_bookmarks(briefing_pdf):
    info = subprocess.run(["pdfinfo", str(briefing_pdf)], capture_output=True, text=True, check=True).stdout
    assert "数字经济政策监测简报（2026年10月）" in info
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(briefing_pdf)
    titles = [item.get_title() for item in document.get_toc()]
    assert [t for t in titles if t in HEADINGS] == HEADINGS[1:]
    assert (briefing_pdf.parent / "briefing-2026-10.html").read_text(encoding="utf-8").count("<style>") == 1


def test_a_period_with_nothing_new_says_so_and_keeps_the_benchmark(briefing_pdf):
    folder = briefing_pdf.parents[2]
    again = run_stages(folder / "inputs", folder / "out", folder / "b.db", "2026-11")
    raw = subprocess.run(["pdftotext", "-raw", str(again), "-"], capture_output=True, text=True, check=True).stdout
    text = squash(raw)
    assert "本期没有新收录的政策文件" in text
    # nothing new: the PDF's appendix has no goal, the HTML twin's every goal on file
    assert squash("全部在库目标的原文见同一目录下的网页版简报（briefing-2026-11.html）") in text
    html = (again.parent / "briefing-2026-11.html").read_text(encoding="utf-8")
    assert "全部在库目标及其原文句子" in html and html.count('<td class="quote">') >= 70
    assert re.search(r"重庆市50%？?(50%)?2027年", text)


def test_hostile_document_renders_as_text_and_fetches_nothing(tmp_path):
    listener = LoopbackListener()
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a-MARKER", encoding="utf-8")
    image_and_script = '<img src="file:///etc/hostname"><script>alert(1)</script>'
    stylesheet = f'<link rel="stylesheet" href="http://127.0.0.1:{listener.port}/x.css">'
    attachment = f'<a rel="attachment" href="{secret.as_uri()}">附件</a>'
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "hostile.txt").write_text(
        f"泰州市关于数字经济的实施方案\n一、总体要求\n到2025年,{image_and_script}企业上云率达到80%。\n"
        f"二、重点任务\n(一)推进企业上云{image_and_script}。推动企业上云。\n(二)建设平台{stylesheet}。建设平台。\n"
        f"(三)完善标准{attachment}。制定标准。\n", encoding="utf-8")
    try:
        pdf = run_stages(inputs, tmp_path / "out", tmp_path / "b.db", "2026-10")
    finally:
        listener.close()
    assert listener.connections == 0
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = squash(raw)
    assert "<script>alert(1)</script>" in text  # shown to the reader, escaped, not run or dropped
    assert "/etc/hostname" in text  # the tag as text (a narrow table column may break it across lines)
    html = (pdf.parent / "briefing-2026-10.html").read_text(encoding="utf-8")  # the measure lists are here
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html and '<img src="file:///etc/hostname">' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert f"http://127.0.0.1:{listener.port}/x.css" in html and "<link" not in html
    assert "SECRET-7f3a-MARKER" not in text
    hostname = Path("/etc/hostname").read_text().strip()
    assert not re.search(rf"(?m)^\s*{re.escape(hostname)}\s*$", raw)
    import pypdfium2 as pdfium

    # the PDF carries exactly its own two tables, and nothing the document pointed at
    document = pdfium.PdfDocument(pdf)
    attached = [document.get_attachment(i) for i in range(document.count_attachments())]
    assert [a.get_name() for a in attached] == ["goals.csv", "measures.csv"]
    assert not any(b"SECRET-7f3a-MARKER" in bytes(a.get_data()) for a in attached)
    with pdfplumber.open(pdf) as document:  # the layout holds: nothing leaves its page
        for page in document.pages:
            assert all(char["x1"] <= page.width + 0.5 for char in page.chars)


def _single_document_briefing(tmp_path: Path, uncertain_confidence: float) -> str:
    """The briefing of document 003 alone, as squashed PDF text."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(PLANS / "003_751def9eb89f538a.txt", inputs)
    pdf = run_stages(inputs, tmp_path / "out", tmp_path / "b.db", "2026-10",
                     uncertain_confidence=uncertain_confidence)
    return squash("".join(page_texts(pdf)))


def test_goals_below_the_confidence_threshold_are_marked_and_listed(tmp_path):
    from briefing.inspect import extract_files

    text = _single_document_briefing(tmp_path, 0.99)
    assert "置信度较低的目标" in text and "请以原文为准" in text
    extracted, = extract_files([PLANS / "003_751def9eb89f538a.txt"]).extractions
    uncertain = [goal for goal in extracted.goals if goal.confidence < 0.99]
    assert uncertain, "the bundled document should have goals from rules less reliable than 0.99"
    assert f"本期新增文件中{len(uncertain)}项目标的提取置信度低于99%" in text
    # the document's own goal table marks each of them (other tables may repeat some)
    assert text.count("？") - text.count("标“？”") >= len(uncertain)


def test_no_goal_is_marked_when_the_threshold_is_zero(tmp_path):
    text = _single_document_briefing(tmp_path, 0.0)
    assert "？" not in text and "目标提取置信度均不低于0%" in text


def test_outputs_are_readable_by_recipients_and_name_no_path_of_this_machine(briefing_pdf):
    umask = os.umask(0o022)
    os.umask(umask)
    for output in briefing_pdf.parent.iterdir():
        assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~umask, output.name
    text = squash(subprocess.run(["pdftotext", str(briefing_pdf), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    html = (briefing_pdf.parent / "briefing-2026-10.html").read_text(encoding="utf-8")
    folder = str(briefing_pdf.parents[2])  # the test's folder, where inputs/ and out/ are
    for written in (text, squash(html)):
        assert squash(folder) not in written and squash(str(PROJECT)) not in written
    # the manifest names each input relative to its folder, with its hash
    for plan in PLANS.iterdir():
        assert squash(f"inputs/{plan.name}") in text


def test_the_pdf_is_tagged_archival_and_carries_its_tables_data(briefing_pdf, tmp_path):
    info = subprocess.run(["pdfinfo", str(briefing_pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    structure = subprocess.run(["pdfinfo", "-struct", str(briefing_pdf)], capture_output=True, text=True,
                               check=True).stdout
    elements = re.findall(r"(?m)^\s*(\w+)", structure)
    assert elements.count("H1") == 1 and elements.count("H2") >= len(HEADINGS) - 1
    assert elements.count("Table") >= 5 and "TH" in elements and "TD" in elements
    assert "/Headers" in structure  # data cells name their header cells
    metadata = subprocess.run(["pdfinfo", "-meta", str(briefing_pdf)], capture_output=True, text=True,
                              check=True).stdout
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="A"' in metadata
    listed = subprocess.run(["pdfdetach", "-list", str(briefing_pdf)], capture_output=True, text=True,
                            check=True).stdout
    assert [line.split(": ", 1)[1] for line in listed.splitlines()[1:]] == ["goals.csv", "measures.csv"]
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(briefing_pdf)], check=True)
    for name in ("goals.csv", "measures.csv"):
        assert (tmp_path / name).read_bytes() == (briefing_pdf.parent / name).read_bytes()


def test_highlights_claim_no_ranking_among_fewer_than_three_and_point_to_their_quotes(briefing_pdf):
    pages = section_pages(briefing_pdf)
    texts = page_texts(briefing_pdf)
    highlights = squash(texts[pages["本期要点"] - 1])
    highlights = highlights[:highlights.index("各地区在库文件")]
    for claim in re.finditer(r"目标最高", highlights):
        peers = re.search(r"在(\d+)个同级地区中$", highlights[:claim.start()])
        assert peers and int(peers.group(1)) >= 3, highlights
    sentences = highlights.split("•")[1:]
    assert len(sentences) >= 3 and all("（依据：《" in s for s in sentences[:2]), sentences
    referenced = [int(page) for page in re.findall(r"原文见附录第(\d+)页", highlights)]
    assert referenced and all(pages["附录：目标及原文出处"] <= page <= len(texts) for page in referenced)
    for page in referenced:  # the page named holds quotes of the document named
        assert "原文" in squash(texts[page - 1])

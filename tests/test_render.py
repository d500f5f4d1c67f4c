"""Rendering with untrusted policy text: escaped in HTML, nothing fetched outside report_templates/."""

from datetime import datetime, timezone

import pypdfium2 as pdfium
import pytest

from briefing import tables
from briefing.bundles import BriefingInputs
from briefing.compare import compare, reuse_on_file
from briefing.period import Period
from briefing.report.context import Edition, build_context
from briefing.report.render import TemplateDirFetcher, render_html, render_pdf
from conftest import PROJECT
from helpers import LoopbackListener, extract_text

TEMPLATES = PROJECT / "report_templates"
HOSTILE = ('<img src="file:///etc/hostname"><script>alert(1)</script>'
           '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">')


def _context_with_goal_indicator(indicator: str):
    """One document with one goal whose indicator is ``indicator``: frames built from the declared tables."""
    extraction = extract_text("到2025年,培育数字经济企业40家。\n")
    goal = extraction.goals[0]
    goals = tables.GOALS.frame([{
        "doc_id": "d1", "ordinal": 0, "indicator": indicator, "value": "40", "unit": "家", "year": 2025,
        "comparator": "=", "hedge": 0, "placeholder": 0, "quote": indicator, "sentence": goal.provenance.sentence,
        "section_path": "[]", "span_start": 0, "span_end": 1, "original_start": 0, "original_end": 1,
        "rule_id": "goal.test", "region": "泰州市", "province": "江苏省", "city": "泰州市", "level": "city",
        "document_title": indicator, "document_date": "2023-01-01"}])
    documents = tables.DOCUMENTS.frame([{
        "doc_id": "d1", "title": indicator, "province": "江苏省", "city": "泰州市", "region": "泰州市",
        "level": "city", "date": "2023-01-01", "doc_type": "意见", "draft": 0, "script": "simplified",
        "first_run_id": 1, "source": "inbox/x.txt", "goal_count": 1, "measure_count": 0}])
    measures = tables.MEASURES.frame()
    inputs = BriefingInputs(
        run_id=1, comparison=compare(goals, documents, measures, {"d1"},
                                        lambda: reuse_on_file({"d1": indicator}, {"d1"})), documents=documents,
        measures=measures, quarantine=tables.QUARANTINE.frame(), links=tables.LINKS.frame(),
        manifest=tables.MANIFEST.frame(), new_doc_ids=frozenset({"d1"}))
    edition = Edition(title="数字经济政策监测简报", period=Period(2026, 10), extractor_version="test",
                      generated_at=datetime(2026, 11, 1, 7, 0, tzinfo=timezone.utc), theme_names={})
    return build_context(inputs, edition)


def test_policy_text_is_escaped_in_html():
    html = render_html(_context_with_goal_indicator(HOSTILE.format(port=9)), TEMPLATES)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="file:///etc/hostname">' not in html


@pytest.mark.integration
def test_pdf_renders_hostile_text_as_text_and_fetches_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7f3a", encoding="utf-8")
    hostile = HOSTILE + f'<a rel="attachment" href="{secret.as_uri()}">x</a>'
    listener = LoopbackListener()
    try:
        html = render_html(_context_with_goal_indicator(hostile.format(port=listener.port)), TEMPLATES)
        pdf = render_pdf(html, TEMPLATES)
    finally:
        listener.close()
    assert listener.connections == 0
    document = pdfium.PdfDocument(pdf)
    assert document.count_attachments() == 0
    text = "".join(page.get_textpage().get_text_range() for page in document).replace("\r", "").replace("\n", "")
    assert "<script>alert(1)</script>" in text  # shown to the reader as text
    assert "SECRET-MARKER" not in text


def test_fetcher_refuses_everything_outside_the_template_folder():
    fetcher = TemplateDirFetcher(TEMPLATES)
    for url in ("file:///etc/hostname", "http://127.0.0.1:9/x.css", f"file://{TEMPLATES.parent}/README.md"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch((TEMPLATES / "briefing.css").as_uri()).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (1.2e12, "元", "1.2万亿元"), (4e11, "元", "4000亿元"), (8e4, "家", "8万家"), (50.0, "%", "50%"),
    (180.0, "个", "180个"), (None, "元", "—"), (5e18, "FLOPS", "5EFLOPS"), (3.5e18, "FLOPS", "3.5EFLOPS"),
    (8e13, "bps", "80Tbps"), (3.6e12, "bps", "3.6Tbps"), (2.1e9, "米", "210万公里"), (5e5, "米", "500公里"),
])
def test_amounts_are_written_the_chinese_way(value, unit, shown):
    from briefing.report.render import make_environment

    environment = make_environment(TEMPLATES)
    assert environment.filters["amount"](value, unit) == shown


def test_dates_and_years_are_written_the_chinese_way():
    from briefing.report.render import make_environment

    filters = make_environment(TEMPLATES).filters
    assert filters["cn_date"]("2023-12-13") == "2023年12月13日"
    assert filters["cn_date"](None) == "未注明"
    assert filters["year"](2025) == "2025年"
    assert filters["percent"](0.834) == "83%"


def test_measures_csv_is_refused_for_inputs_holding_only_the_new_documents_measures():
    from briefing.bundles import COMPARISON_TABLES, Comparison
    from briefing.report import exports

    comparison = Comparison(**{name: table.frame() for name, table in COMPARISON_TABLES.items()})
    measures = tables.MEASURES.frame([{"doc_id": "d1", "ordinal": 0, "number": "1", "title": "推进工业互联网建设",
                                       "text": "推进工业互联网建设。", "responsible": "[]", "themes": "[]"}])
    partial = BriefingInputs(1, comparison, tables.DOCUMENTS.frame(), measures, tables.QUARANTINE.frame(),
                             tables.LINKS.frame(), tables.MANIFEST.frame(), frozenset({"d1"}), every_measure=False)
    with pytest.raises(ValueError, match="every measure"):
        exports.measures_csv(partial)
    whole = exports.measures_csv(BriefingInputs(1, comparison, tables.DOCUMENTS.frame(), measures,
                                                tables.QUARANTINE.frame(), tables.LINKS.frame(),
                                                tables.MANIFEST.frame(), frozenset({"d1"})))
    assert "推进工业互联网建设" in whole.decode("utf-8-sig")

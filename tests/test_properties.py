"""Properties that hold for any text: extraction never raises, spans stay inside and quote their words."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.extract import extract_document
from briefing.ingest import document_id
from briefing.ingest.metadata import read_metadata
from briefing.ingest.normalize import normalize
from briefing.ingest.structure import build_sections
from briefing.models import Document, SourceFile
from briefing.rules import load_rules

RULES = load_rules()
# Policy vocabulary mixed into arbitrary Unicode, so that the rules actually fire on generated text.
POLICY_PIECES = st.sampled_from([
    "到2025年,", "力争", "达到", "超过", "以上", "左右", "%", "亿元", "万家", "个", "□", "××", "3—5", "二十",
    "一、", "(一)", "1.", "重点任务\n", "发展目标\n", "(责任单位:市经济信息委)", " | ", "\n", "。", "由2020年的7.8%",
    "提高到", "分别达到80%、95%", "双100%", "處", "發(fā)展", "（", "）", "2027年 |", "其中:", "\t", "罚款",
])
TEXT = st.lists(st.one_of(st.text(max_size=12), POLICY_PIECES), max_size=60).map("".join)


def document_of(text: str) -> Document:
    normalized = normalize(text)
    return Document(
        doc_id=document_id(normalized.text),
        source=SourceFile(Path("generated.txt"), "0" * 64, len(text), "inbox"),
        original=text,
        text=normalized.text,
        offsets=normalized.offsets.tolist(),
        meta=read_metadata(normalized.text, normalized.script, "utf-8"),  # type: ignore[arg-type]
        sections=build_sections(normalized.text, RULES.structure),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_extraction_never_raises_and_spans_quote_their_words(text):
    document = document_of(text)
    extraction = extract_document(document)
    for goal in extraction.goals:
        start, end = goal.provenance.span
        assert 0 <= start <= end <= len(document.text)
        assert document.text[start:end] == goal.quote
        original_start, original_end = goal.provenance.original_span
        assert 0 <= original_start <= original_end <= len(document.original)
        assert goal.value is not None or goal.placeholder
    for measure in extraction.measures:
        start, end = measure.provenance.span
        assert 0 <= start <= end <= len(document.text)
        assert document.text[start:end].startswith(measure.provenance.sentence)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_offsets_map_into_the_original(text):
    normalized = normalize(text)
    assert len(normalized.offsets) == len(normalized.text)
    assert all(0 <= offset < len(text) for offset in normalized.offsets.tolist())
    assert list(normalized.offsets) == sorted(normalized.offsets)

"""Limits checked before parsing, what makes a file a document, and the time budget per document."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from briefing.errors import LimitExceeded, UnreadableDocument
from briefing.ingest.limits import ReadLimits
from briefing.ingest.readers.text import decode_text
from briefing.isolation import Budget, read_files, release_workers
from briefing.models import Extraction, QuarantineRecord, SourceFile
from briefing.reading import read_file
from briefing.settings import load_settings
from conftest import PROJECT

CONFIG = PROJECT / "config"
TEXT = "到2026年，全省建成数据中心标准机架12万架，算力规模达到每秒8百亿亿次浮点运算。\n"


def source_for(path: Path) -> SourceFile:
    return SourceFile(path, "0" * 64, path.stat().st_size, "inbox")


def written(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    path = tmp_path / name
    path.write_bytes(data)
    return source_for(path)


def test_a_file_over_max_file_bytes_is_quarantined_naming_the_key(tmp_path):
    record = read_file(written(tmp_path, "big.txt", TEXT.encode() * 10), CONFIG, ReadLimits(max_file_bytes=100))
    assert isinstance(record, QuarantineRecord)
    assert "max_file_bytes" in record.reason and record.hint


def test_a_text_over_max_text_characters_is_quarantined(tmp_path):
    record = read_file(written(tmp_path, "long.txt", TEXT.encode() * 40), CONFIG, ReadLimits(max_text_characters=500))
    assert isinstance(record, QuarantineRecord) and "max_text_characters" in record.reason


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_docx_limits_are_read_from_the_zip_directory_before_unpacking():
    package = zipped({"word/document.xml": b"<w:t>" + "数据".encode() * 2_000_000 + b"</w:t>"})
    with pytest.raises(LimitExceeded, match="max_docx_compression_ratio"):
        ReadLimits().check_docx(package)
    with pytest.raises(LimitExceeded, match="max_docx_uncompressed_bytes"):
        ReadLimits(max_docx_uncompressed_bytes=1_000_000).check_docx(package)
    with pytest.raises(UnreadableDocument, match="not a DOCX file"):
        ReadLimits().check_docx(TEXT.encode())
    ReadLimits().check_docx(zipped({"word/document.xml": b"<w:t>ok</w:t>"}))  # small parts compress well: fine


def test_a_pdf_over_max_pdf_pages_is_refused_before_its_text_is_read(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    record = read_file(written(tmp_path, "three.pdf", buffer.getvalue()), CONFIG, ReadLimits(max_pdf_pages=2))
    assert isinstance(record, QuarantineRecord) and "3 pages" in record.reason and "max_pdf_pages" in record.reason


def test_a_few_bad_bytes_are_replaced_and_counted_more_are_refused():
    data = ("数字经济" * 300).encode()
    damaged = data[:600] + b"\xff\xfe" + data[600:]
    decoded = decode_text(damaged)
    assert decoded.text.count("\ufffd") == 2 and decoded.warnings == ("2 undecodable bytes replaced (utf-8)",)
    with pytest.raises(UnreadableDocument, match="max_bad_byte_share"):
        decode_text(damaged, ReadLimits(max_bad_byte_share=0.0001))


@pytest.mark.parametrize("content", [" \n\t　\n" * 20, "2026 2027 100%\n" * 20, "，。；：？！（）\n" * 20, "目标：数据\n"])
def test_text_without_enough_chinese_characters_is_not_a_document(tmp_path, content):
    record = read_file(written(tmp_path, "x.txt", content.encode()), CONFIG)
    assert isinstance(record, QuarantineRecord) and record.reason.startswith("no Chinese text")


def test_the_limits_come_from_the_settings():
    settings = load_settings(CONFIG / "briefing.yaml", max_pdf_pages=7, min_chinese_characters=3,
                             max_bad_byte_share=0.01)
    limits = settings.read_limits()
    assert (limits.max_pdf_pages, limits.min_chinese_characters, limits.max_bad_byte_share) == (7, 3, 0.01)


@pytest.mark.integration
def test_a_document_over_its_time_budget_is_abandoned_and_the_batch_goes_on(tmp_path):
    slow = written(tmp_path, "slow.txt", ("一、总体要求\n" + TEXT * 40_000).encode())  # seconds of extraction
    quick = written(tmp_path, "quick.txt", ("一、总体要求\n" + TEXT).encode())
    results = read_files((slow, quick, quick), CONFIG, ReadLimits(), Budget(seconds=1, memory_mb=2048, workers=1))
    assert isinstance(results[0], QuarantineRecord)
    assert results[0].reason == "took longer than 1 s" and "document_timeout" in results[0].hint
    assert all(isinstance(result, Extraction) and result.goals for result in results[1:])


@pytest.mark.integration
def test_the_document_workers_end_when_the_batches_are_read(tmp_path):
    """They hold a few hundred MB each; rendering should not share the machine with them."""
    import psutil

    def document_workers() -> set[psutil.Process]:
        return {child for child in psutil.Process().children() if "spawn_main" in " ".join(child.cmdline())}

    release_workers()  # those earlier tests left
    earlier = document_workers()
    quick = written(tmp_path, "quick.txt", ("一、总体要求\n" + TEXT).encode())
    read_files((quick,), CONFIG, ReadLimits(), Budget(seconds=60, memory_mb=2048, workers=2))
    workers = document_workers() - earlier
    assert len(workers) == 2
    release_workers()
    psutil.wait_procs(workers, timeout=30)
    assert not any(worker.is_running() for worker in workers)
    assert isinstance(read_files((quick,), CONFIG, ReadLimits(), Budget(60, 2048, 1))[0], Extraction)  # started anew
    release_workers()


def test_running_out_of_memory_on_one_document_quarantines_it(tmp_path, monkeypatch):
    """Workers run under an address-space cap (document_memory_mb): an allocation over it raises MemoryError."""
    import briefing.reading

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(briefing.reading, "extract_document", exhausted)
    record = read_file(written(tmp_path, "x.txt", ("一、总体要求\n" + TEXT).encode()), CONFIG)
    assert isinstance(record, QuarantineRecord) and "document_memory_mb" in record.reason

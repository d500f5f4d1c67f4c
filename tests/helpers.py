"""Small builders for tests: a Document from inline text, without files."""

from __future__ import annotations

from pathlib import Path

from briefing.ingest import ingest_document
from briefing.models import Document, Extraction, SourceFile
from briefing.extract import extract_document


def document_from_text(text: str, name: str = "inline.txt") -> Document:
    data = text.encode("utf-8")
    return ingest_document(SourceFile(Path(name), "0" * 64, len(data), "inbox"), data)


def extract_text(text: str) -> Extraction:
    return extract_document(document_from_text(text))

"""Paragraphs and sentences of a document, the units goal rules read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.models import Document, SectionKind

SENTENCE_END = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of the normalized text and the section it sits in."""

    start: int
    text: str
    kind: SectionKind
    #: start of the innermost section holding the paragraph (-1: none), for years carried within a section
    section_start: int


def is_table_line(line: str) -> bool:
    """A row or cell of a pipe-drawn table (read by tables.py), not prose that happens to end in a pipe."""
    return line.count("|") >= 2 or ("|" in line and len(line.replace("|", "").strip()) < 30)


def paragraphs(document: Document) -> Iterator[Paragraph]:
    position = 0
    for line in document.text.splitlines(keepends=True):
        if line.strip():
            inner = [s for s in document.sections if s.start <= position < s.end and s.depth >= 0]
            section_start = max(inner, key=lambda s: s.depth).start if inner else -1
            yield Paragraph(position, line.rstrip("\n"), document.section_kind_at(position), section_start)
        position += len(line)


def sentence_start(text: str, position: int) -> int:
    start = 0
    for match in SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    return start


def sentence_around(text: str, position: int) -> str:
    start = sentence_start(text, position)
    end_match = SENTENCE_END.search(text, position)
    return text[start:end_match.end() if end_match else len(text)].strip()

"""Readers: the bytes of one file in, its text out. One module per format; no file system access."""

from __future__ import annotations

from collections.abc import Callable

from briefing.errors import UnsupportedFormat
from briefing.ingest.readers.html import read_html
from briefing.ingest.readers.office import read_docx
from briefing.ingest.readers.pdf import read_pdf
from briefing.ingest.readers.text import DecodedText, decode_text, read_plain

READERS: dict[str, Callable[[bytes], DecodedText]] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}


def read_document(suffix: str, data: bytes) -> DecodedText:
    """Dispatch on the file's extension."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        known = " ".join(sorted(READERS))
        raise UnsupportedFormat(f"unsupported file type '{suffix or '(none)'}' (readable: {known})")
    return reader(data)


__all__ = ["DecodedText", "READERS", "decode_text", "read_document"]

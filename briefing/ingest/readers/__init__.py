"""Readers: the bytes of one file in, its text out. One module per format; no file system access."""

from __future__ import annotations

from collections.abc import Callable

from briefing.errors import UnsupportedFormat
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.ingest.readers.html import read_html
from briefing.ingest.readers.office import read_docx
from briefing.ingest.readers.pdf import read_pdf
from briefing.ingest.readers.text import DecodedText, decode_text, read_plain

READERS: dict[str, Callable[[bytes, ReadLimits], DecodedText]] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}


def read_document(suffix: str, data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedText:
    """Dispatch on the file's extension; the limits are checked before each reader's expensive step."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        known = " ".join(sorted(READERS))
        raise UnsupportedFormat(f"unsupported file type '{suffix or '(none)'}' (readable: {known})")
    limits.check_file_size(len(data))
    return reader(data, limits)


__all__ = ["DecodedText", "READERS", "decode_text", "read_document"]

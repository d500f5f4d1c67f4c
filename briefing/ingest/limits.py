"""What a file may be before it is parsed, and what makes it a document: checked before the expensive step
(the size before reading, the zip directory before python-docx opens it, the page count before text
extraction), each breach one quarantine reason naming the limit and its config key (config/briefing.yaml).
The defaults admit every real policy document (the largest real ones are a few MB).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from briefing.errors import LimitExceeded, UnreadableDocument

_HAN = re.compile(r"[\u3400-\u9fff]")
_MB = 1_000_000
#: members smaller than this are not held to the compression ratio (a tiny XML part compresses well)
_RATIO_FLOOR_BYTES = _MB


def _size(count: float) -> str:
    return f"{count / _MB:.1f} MB"


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int = 50 * _MB
    max_docx_uncompressed_bytes: int = 150 * _MB
    max_docx_compression_ratio: float = 100.0
    max_pdf_pages: int = 1000
    max_text_characters: int = 5_000_000
    #: share of a text's bytes that may be undecodable; they are replaced (U+FFFD) and counted in a warning
    max_bad_byte_share: float = 0.005
    min_chinese_characters: int = 10

    def check_file_size(self, size: int) -> None:
        if size > self.max_file_bytes:
            raise LimitExceeded(f"file is {_size(size)}, more than max_file_bytes ({_size(self.max_file_bytes)})",
                                "split it, or raise max_file_bytes in config/briefing.yaml if it is one real text")

    def check_docx(self, data: bytes) -> None:
        """The zip directory of a DOCX, before anything is unpacked: total size and compression ratio.

        A directory that understates a part's size cannot smuggle more past this check: zipfile stops
        unpacking a member at its declared size, and the CRC then fails (a damaged DOCX)."""
        if not data.startswith(b"PK"):
            raise UnreadableDocument("not a DOCX file (no zip archive)",
                                     "save it again from Word as .docx, or give it the extension of what it is")
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnreadableDocument(f"damaged DOCX ({type(exc).__name__})") from None
        total = sum(member.file_size for member in members)
        if total > self.max_docx_uncompressed_bytes:
            raise LimitExceeded(f"DOCX unpacks to {_size(total)}, more than max_docx_uncompressed_bytes "
                                f"({_size(self.max_docx_uncompressed_bytes)})",
                                "save it again from Word, or raise max_docx_uncompressed_bytes")
        for member in members:
            ratio = member.file_size / max(1, member.compress_size)
            if member.file_size > _RATIO_FLOOR_BYTES and ratio > self.max_docx_compression_ratio:
                raise LimitExceeded(f"DOCX part {member.filename} is compressed {ratio:.0f}:1, more than "
                                    f"max_docx_compression_ratio ({self.max_docx_compression_ratio:g}:1)",
                                    "such a ratio marks a zip bomb, not a document; ask the sender for the text")

    def check_pages(self, pages: int) -> None:
        if pages > self.max_pdf_pages:
            raise LimitExceeded(f"PDF has {pages} pages, more than max_pdf_pages ({self.max_pdf_pages})",
                                "split it, or raise max_pdf_pages in config/briefing.yaml")

    def check_text(self, text: str) -> None:
        """A text that is a Chinese policy document: not too long, with enough Chinese characters."""
        if len(text) > self.max_text_characters:
            raise LimitExceeded(f"text has {len(text):,} characters, more than max_text_characters "
                                f"({self.max_text_characters:,})",
                                "split it, or raise max_text_characters in config/briefing.yaml")
        han = len(_HAN.findall(text))
        if han < self.min_chinese_characters:
            raise UnreadableDocument(
                f"no Chinese text ({han} Chinese characters; a document has at least {self.min_chinese_characters})",
                "drop only Chinese policy texts into the inputs; check the file is the one meant")


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True)
class Budget:
    """Seconds and megabytes one document may use, and how many worker processes read documents."""

    seconds: float
    memory_mb: int
    workers: int

    @property
    def enforced(self) -> bool:
        return self.seconds > 0

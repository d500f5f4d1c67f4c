"""PDF files: the text layer, without running headers, footers and page numbers.

pypdfium2 (PDFium) keeps reading order and Chinese text of WPS and browser-printed PDFs intact; pdfplumber
is kept for tests that look at layout.
"""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from briefing.errors import UnreadableDocument
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.ingest.readers.text import DecodedText

_PAGE_NUMBER = re.compile(r"^[\s\-—–·第页/共]*\d{1,4}[\s\-—–·页/共\d]*$")
_EDGE_LINES = 2
#: characters a text layer must have, per page on average, before the PDF counts as having text
_MIN_CHARS_PER_PAGE = 20


def _shape(line: str) -> str:
    """A header line with its page number abstracted, so "2/24" and "3/24" count as the same line."""
    return re.sub(r"\d+", "#", line.strip())


def _page_lines(pdf: pdfium.PdfDocument) -> list[list[str]]:
    pages = []
    for page in pdf:
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        text_page.close()
        page.close()
        pages.append([line for line in re.split(r"\r\n|\n|\r", text)])
    return pages


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers at the top or bottom of each page, and lines repeated at the edges of many pages."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line.strip()]
        edges = {_shape(line) for line in content[:_EDGE_LINES] + content[-_EDGE_LINES:]}
        edge_counts.update(edges)
    threshold = max(3, len(pages) // 2 + 1)
    running = {shape for shape, count in edge_counts.items() if count >= threshold and shape}
    cleaned = []
    for lines in pages:
        content_indexes = [i for i, line in enumerate(lines) if line.strip()]
        edge_indexes = set(content_indexes[:_EDGE_LINES] + content_indexes[-_EDGE_LINES:])
        cleaned.append([
            line for i, line in enumerate(lines)
            if not (i in edge_indexes and (_shape(line) in running or _PAGE_NUMBER.match(line.strip())))
        ])
    return cleaned


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data.lstrip().startswith(b"%PDF"):
        raise UnreadableDocument("not a PDF file (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableDocument("encrypted PDF: a password is needed",
                                     hint="ask the sender for an unprotected copy, or save it again without a password") from None
        raise UnreadableDocument(f"damaged or truncated PDF ({exc})",
                                 hint="download it again or ask the sender for a new copy") from None


def read_pdf(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedText:
    pdf = _open(data)
    try:
        limits.check_pages(len(pdf))
        pages = _page_lines(pdf)
    finally:
        pdf.close()
    if sum(len("".join(lines).strip()) for lines in pages) < _MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4:
        raise UnreadableDocument("no text layer (scanned?)", hint="run OCR on it and drop the text version in")
    text = "\n".join("\n".join(lines) for lines in strip_running_lines(pages))
    return DecodedText(text, "pdf")

"""Word documents (.docx): paragraphs and tables in document order."""

from __future__ import annotations

import io

from briefing.errors import UnreadableDocument
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.ingest.readers.text import DecodedText, ensure_text


def read_docx(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    limits.check_docx(data)  # the zip directory's sizes, before anything is unpacked
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a broken package
        raise UnreadableDocument(f"damaged DOCX ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:  # a merged cell is returned once per grid column it spans
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text.strip())
                lines.append(" | ".join(cells))
    text = "\n".join(lines)
    ensure_text(text.encode("utf-8"))
    return DecodedText(text, "docx")

"""Two costs of pydyf (the PDF writer under WeasyPrint 70) that grow with the briefing, removed.

- Every stream is deflated at level 9. Level 9 takes about twice as long as zlib's default, 6, for a
  PDF 1 % larger here; the embedded CSVs (tens of MB at a few thousand plans on file) made it a second
  of every render. Streams are deflated at level 6.
- ``PDF.page_references`` builds the reference of every page each time it is read, and WeasyPrint's tags
  read it once per structure element: pages times elements (73 pages and 20,000 elements, 1.5 million
  references, a second). The references are kept until a page is added.

Both are patched once, when the renderer is imported; the PDF's content is the same (a deflated stream
inflates to the same bytes at any level).
"""

from __future__ import annotations

import zlib
from types import SimpleNamespace
from typing import Any

import pydyf

STREAM_COMPRESSION_LEVEL = 6


def _compressobj(level: int = STREAM_COMPRESSION_LEVEL, *args: Any, **kwargs: Any) -> Any:  # noqa: ARG001
    return zlib.compressobj(STREAM_COMPRESSION_LEVEL, *args, **kwargs)


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_page_references")
    if kept is None or kept[0] != len(kids):
        kept = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_page_references"] = kept
    return kept[1]


def patch_pydyf() -> None:
    setattr(pydyf, "zlib", SimpleNamespace(compress=zlib.compress, compressobj=_compressobj))
    setattr(pydyf.PDF, "page_references", property(_page_references))

"""The two pydyf patches the renderer applies: the same PDF objects, made faster."""

import zlib

import pydyf

import briefing.report.render  # noqa: F401 (importing the renderer applies the patches)
from briefing.report.pdf_objects import STREAM_COMPRESSION_LEVEL


def _page() -> pydyf.Dictionary:
    return pydyf.Dictionary({"Type": "/Page", "MediaBox": pydyf.Array([0, 0, 595, 842])})


def test_page_references_follow_the_pages_added():
    pdf = pydyf.PDF()
    pdf.add_page(_page())
    first = pdf.page_references
    assert len(first) == 1 and pdf.page_references is first  # kept while no page is added
    pdf.add_page(_page())
    pdf.add_page(_page())
    references = pdf.page_references
    assert len(references) == 3 and references[0] == first[0]
    assert references == tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])


def test_streams_are_deflated_at_the_default_level_and_inflate_to_their_content():
    lines = [f"BT /F1 9 Tf 72 {y} Td (数字经济核心产业增加值) Tj ET".encode() for y in range(400)]
    data = pydyf.Stream(lines, compress=True).data
    deflated = data.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert zlib.decompress(deflated) == b"\n".join(lines)
    assert deflated == zlib.compress(b"\n".join(lines), STREAM_COMPRESSION_LEVEL)
    assert b"/Filter /FlateDecode" in data and f"/Length {len(deflated)}".encode() in data

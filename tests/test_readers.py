import codecs
import os

import pytest

from briefing.errors import UnreadableDocument, UnsupportedFormat
from briefing.ingest.readers import decode_text, read_document

TEXT = "到2027年,数字经济增加值占GDP比重超过50%。\n(责任单位:市经济信息委)\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16"),
])
def test_text_files_decode_in_every_chinese_encoding(data, encoding):
    decoded = decode_text(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_big5_is_recognised():
    traditional = "到2027年,數字經濟增加值占GDP比重超過50%,推動數字產業化和產業數字化發展。" * 5
    assert decode_text(traditional.encode("big5")).text == traditional


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00", "binary"),
])
def test_unreadable_bytes_get_a_named_error(data, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        decode_text(data)


def test_unknown_extension_is_unsupported():
    with pytest.raises(UnsupportedFormat, match=r"\.xls"):
        read_document(".xls", b"whatever")


def test_truncated_pdf_is_unreadable():
    with pytest.raises(UnreadableDocument, match="PDF"):
        read_document(".pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")

"""Plain text files: decoding bytes in whatever encoding Chinese government sites and colleagues use."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from briefing.errors import UnreadableDocument


@dataclass(frozen=True)
class DecodedText:
    text: str
    #: how the text was obtained: an encoding name for text files, the format otherwise
    encoding: str


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Chinese government texts are UTF-8, GB-family or Big5; a wider guess mostly finds false friends.
_GUESSABLE = ["utf_8", "gb18030", "big5"]


def ensure_text(data: bytes) -> None:
    if not data.strip():
        raise UnreadableDocument("empty file (0 bytes of text)")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return "\x00" in text[:4096] or controls > 8


def decode_text(data: bytes) -> DecodedText:
    """BOM, then strict UTF-8, then a declared charset, then GB18030, then a guess among UTF-8/GB18030/Big5."""
    ensure_text(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding), encoding)
    if b"\x00" in data:
        if utf16 := _bomless_utf16(data):
            return _checked(data.decode(utf16), utf16)
        raise UnreadableDocument("binary content (NUL bytes), not a text file")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared := _DECLARED_CHARSET.search(data[:2048]):
        name = declared.group(1).decode("ascii").lower()
        try:
            return _checked(data.decode(name), name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and not _also_decodes(data, "big5"):
        return _checked(gb_text, "gb18030")
    # GB18030 accepts almost any byte string, Big5 text included: let the detector choose between them.
    best = from_bytes(data, cp_isolation=_GUESSABLE).best()
    if best is None:
        raise UnreadableDocument("not decodable as UTF-8, GB18030 or Big5 text")
    return _checked(str(best), best.encoding)


def _also_decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the NUL bytes of ASCII characters all sit on one parity."""
    if len(data) % 2:
        return None
    sample = data[:65536]
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, others, encoding in ((odd_zeros, even_zeros, "utf-16-le"), (even_zeros, odd_zeros, "utf-16-be")):
        if zeros and others * 3 < zeros and _also_decodes(data, encoding):
            return encoding
    return None


def _checked(text: str, encoding: str) -> DecodedText:
    if _looks_binary(text):
        raise UnreadableDocument("binary content (control characters), not a text file")
    return DecodedText(text, encoding)


def read_plain(data: bytes) -> DecodedText:
    return decode_text(data)

"""Plain text files: decoding bytes in whatever encoding Chinese government sites and colleagues use."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from briefing.errors import UnreadableDocument
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits


@dataclass(frozen=True)
class DecodedText:
    text: str
    #: how the text was obtained: an encoding name for text files, the format otherwise
    encoding: str
    #: what the reader had to put up with ("3 undecodable bytes replaced"), shown with the document
    warnings: tuple[str, ...] = ()


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


_REPLACEMENT = "\ufffd"
_ENCODED_REPLACEMENT = _REPLACEMENT.encode("utf-8")


def _with_replacements(data: bytes, encoding: str, limits: ReadLimits) -> DecodedText | None:
    """The text with its few undecodable bytes replaced (U+FFFD), where they are no more than
    max_bad_byte_share of the file; None where there are more."""
    text = data.decode(encoding, errors="replace")
    bad = text.count(_REPLACEMENT) - (data.count(_ENCODED_REPLACEMENT) if encoding.startswith("utf") else 0)
    if bad > limits.max_bad_byte_share * len(data):
        return None
    checked = _checked(text, encoding)
    return DecodedText(checked.text, checked.encoding,
                       (f"{bad} undecodable byte{'s' if bad != 1 else ''} replaced ({encoding})",))


def _share_undecodable(data: bytes) -> float:
    text = data.decode("utf-8", errors="replace")
    return text.count(_REPLACEMENT) / max(1, len(data))


def decode_text(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedText:
    """BOM, then strict UTF-8, then UTF-8 with a few bad bytes, then a declared charset, then GB18030, then a
    guess among UTF-8/GB18030/Big5, then GB18030 with a few bad bytes."""
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
    if repaired := _with_replacements(data, "utf-8", limits):
        return repaired
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
    if best is not None:
        return _checked(str(best), best.encoding)
    if repaired := _with_replacements(data, "gb18030", limits):
        return repaired
    raise UnreadableDocument(
        f"not decodable as UTF-8, GB18030 or Big5 text ({_share_undecodable(data):.1%} of the bytes are not UTF-8, "
        f"more than max_bad_byte_share {limits.max_bad_byte_share:.1%})",
        "save it again as UTF-8, or raise max_bad_byte_share if a few damaged bytes are acceptable")


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


def read_plain(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedText:
    return decode_text(data, limits)

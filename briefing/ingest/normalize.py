"""Text normalization with an offset map back to the original.

Each step is a small pure function ``str -> Edit`` (briefing/ingest/edits.py): the new text plus, for every
new character, the index of the character in the step's input it came from. ``normalize`` chains the steps
and composes the maps, so every span found later in the normalized text can be pointed back into the file
as it was. Character steps are here, line steps in briefing/ingest/lines.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache, partial

import numpy as np
import opencc

from briefing.ingest.edits import Edit, Step, chain, rewrite, translate
from briefing.ingest.lines import (
    LineStarts,
    line_starts,
    rejoin_broken_lines,
    remove_chrome_lines,
    remove_page_markers,
    remove_spaces_in_words,
    split_inline_headings,
    trim_line_space,
)
from briefing.rules import StructureRules


@dataclass(frozen=True)
class NormalizedText:
    text: str
    #: offsets[i] = index in the original text of normalized character i
    offsets: np.ndarray
    script: str


# --- the steps --------------------------------------------------------------------------------------------

_LINE_ENDINGS = re.compile(r"\r\n?|\u2028|\u2029|\x0c")


def unify_line_endings(text: str) -> Edit:
    return rewrite(text, _LINE_ENDINGS, "\n")


# Formatting tags left by copy-and-paste from web pages. Other markup (<script>, <img>, <link> ...) is not
# residue but content of the text as published; it is kept, and the briefing shows it escaped.
_HTML_TAG = re.compile(
    r"</?(?:p|br|span|div|font|strong|b|i|u|em|sup|sub|table|tbody|thead|tr|td|th|ul|ol|li|h[1-6]|center)"
    r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|mdash|hellip|middot|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_NAMED_ENTITIES = {"nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "ldquo": "“",
                   "rdquo": "”", "mdash": "—", "hellip": "…", "middot": "·"}


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _NAMED_ENTITIES[name]


def remove_html_residue(text: str) -> Edit:
    """Tags and entities left in text copied from web pages."""
    return chain(text, [lambda t: rewrite(t, _HTML_TAG, ""), lambda t: rewrite(t, _HTML_ENTITY, _entity)])


def _width_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}  # ０-９
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
    # Brackets, percent, colon, dot and the dash variants the parsers rely on.
    for wide, narrow in {"（": "(", "）": ")", "％": "%", "：": ":", "．": ".", "－": "-", "‐": "-", "‑": "-",
                         "–": "—", "―": "—", "─": "—", "﹪": "%", "\u3000": " ", "\u00a0": " "}.items():
        table[ord(wide)] = narrow
    return table


_WIDTH_TABLE = _width_table()


def unify_width(text: str) -> Edit:
    """Full-width digits, letters, % and brackets to half-width; one form per dash."""
    return translate(text, _WIDTH_TABLE)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> Edit:
    """Traditional to simplified with OpenCC; its phrase tables almost always keep length."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return Edit(converted, np.arange(len(text), dtype=np.int64))
    return _align(text, converted)


def _align(before: str, after: str) -> Edit:
    """Offsets for a conversion that changed length: align the two strings block by block."""
    source = np.zeros(len(after), dtype=np.int64)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal" or (i2 - i1) == (j2 - j1):
            source[j1:j2] = np.arange(i1, i1 + (j2 - j1))
        else:
            source[j1:j2] = i1
    return Edit(after, source)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def detect_script(text: str, sample: int = 8000) -> str:
    """'traditional' where OpenCC would change a noticeable share of the Han characters."""
    head = text[:sample]
    han = len(_HAN.findall(head))
    if not han:
        return "simplified"
    converted = _t2s().convert(head)
    if len(converted) != len(head):
        converted = _align(head, converted).text
    changed = sum(1 for a, b in zip(head, converted) if a != b)
    return "traditional" if changed / han > 0.02 else "simplified"


# A pinyin gloss: bracket, optional space, Latin letters containing exactly one toned vowel, optional space,
# bracket. Real parentheses ((CIM), (NB-IoT), (一), (2024—2028年)) have no toned vowel and survive.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(
    rf"[(（]\s?[a-zü]*[{_TONED}][a-zü]*\s?[)）]"
)


def strip_pinyin(text: str) -> Edit:
    """Drop inline pinyin glosses: "發(fā)展" -> "發展", "技(jì )" -> "技"."""
    return rewrite(text, PINYIN_GLOSS, "")


_CJK = r"\u4e00-\u9fff"
# One space only: tabs and wider gaps separate table columns.
_SPACE_CJK_DIGIT = re.compile(rf"(?<=[{_CJK}]) (?=[0-9□×])|(?<=[0-9%□×]) (?=[{_CJK}])")


def remove_cjk_digit_spaces(text: str) -> Edit:
    """PDF extraction puts spaces around numbers: "到 2025 年" -> "到2025年"."""
    return rewrite(text, _SPACE_CJK_DIGIT, "")


# --- the pipeline -----------------------------------------------------------------------------------------


def steps(starts: LineStarts) -> tuple[Step, ...]:
    return (
        unify_line_endings,
        remove_html_residue,
        unify_width,
        to_simplified,
        strip_pinyin,
        remove_cjk_digit_spaces,
        partial(split_inline_headings, starts=starts),
        partial(remove_spaces_in_words, starts=starts),
        trim_line_space,
        remove_chrome_lines,
        remove_page_markers,
        partial(rejoin_broken_lines, starts=starts),
    )


def normalize(original: str, rules: StructureRules | None = None) -> NormalizedText:
    """Run every step; the script is detected on the original before conversion. ``rules``: the heading
    rules of config/structure.yaml (default: the project's)."""
    script = detect_script(original)
    edit = chain(original, steps(line_starts(rules)))
    return NormalizedText(edit.text, edit.source, script)

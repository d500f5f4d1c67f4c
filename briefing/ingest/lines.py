"""Line steps of normalization: page markers and page chrome go, sentences broken across lines and pages
are rejoined, headings of pages flattened into one line get lines of their own, and spaces PDF extraction
leaves inside words go. What starts a line (heading markers, paragraph openers) is read from
config/structure.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.ingest.edits import Edit, chain, rewrite
from briefing.rules import StructureRules

_CJK = r"\u4e00-\u9fff"
_PAGE_MARKER = re.compile(
    r"(?m)^[ \t]*(?:[—\-]+[ \t]*\d{1,4}[ \t]*[—\-]+|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[/,，共][ \t]*\d{1,4}[ \t]*页)?"
    r"|\d{1,4}|\d{1,4}[ \t]*/[ \t]*\d{1,4})[ \t]*\n"
)


_BARE_NUMBER = re.compile(r"[ \t]*\d{1,4}[ \t]*\n")
# A table cell when tables are laid out one cell a line: a value, a year, or a short word (a unit, a label).
_TABLE_CELL = re.compile(r"\d+(?:\.\d+)?%?|[□×/—-]+|20\d\d年.{0,4}|[^。；;，,、！!？?:：()（）]{1,6}")


def _neighbour_lines(text: str, start: int, end: int) -> tuple[str, str]:
    """The nearest non-empty lines before ``start`` and after ``end``."""
    before = text[:start].rstrip().rsplit("\n", 1)[-1].strip()
    after = text[end:].lstrip().split("\n", 1)[0].strip()
    return before, after


def remove_page_markers(text: str) -> Edit:
    """Lines that only number a page: "— 2 —", "- 3 -", "第 4 页", a bare "12". A bare number between short
    lines is kept: it is a cell of a table laid out one cell a line ("亿元\n\n500\n\n800")."""

    def remove_or_keep(match: re.Match[str]) -> str:
        if _BARE_NUMBER.fullmatch(match.group(0)):
            before, after = _neighbour_lines(text, match.start(), match.end())
            if _TABLE_CELL.fullmatch(before) or _TABLE_CELL.fullmatch(after):
                return match.group(0)
        return ""

    return rewrite(text, _PAGE_MARKER, remove_or_keep)


# A line that stops mid-sentence (long body text, or a line ending in a comma-like mark) continues on the
# next non-empty line unless that line starts a heading or a paragraph (config/structure.yaml).
_SENTENCE_END = "。；;！!？?:：”’」』)|"
_NEVER_STARTS_A_LINE = "、，,。；;：:）)”’」』！？!?"
_LINE_BREAKS = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*")
# A title line ("…的指导意见", "…行动计划(2024—2028年)") is complete although it has no full stop.
_TITLE_END = re.compile(r"(?:意见|规划|方案|计划|通知|条例|办法|决定|纲要|要点|措施|若干政策)(?:[(（][^()（）]{1,20}[)）])?$")
_NAMED_GROUP = re.compile(r"\(\?P<[a-z_]+>")


@dataclass(frozen=True)
class LineStarts:
    """What begins a line of its own, compiled from the heading rules of config/structure.yaml."""

    #: a heading marker or a paragraph opener at the start of a line
    line_start: re.Pattern[str]
    #: the markers of top-level headings, which flattened web pages run into the text
    inline_heading: re.Pattern[str]
    #: a line holding only a heading's number so far ("第一章", "一、", "(一)"): the space after it stays
    heading_number: re.Pattern[str]
    inline_title_length: int

    @classmethod
    def from_rules(cls, rules: StructureRules) -> LineStarts:
        def plain(pattern: str) -> str:
            return _NAMED_GROUP.sub("(?:", pattern)

        headings = [plain(rule.pattern) for rule in rules.headings]
        top = [plain(rule.pattern) for rule in rules.headings
               if rule.depth <= rules.inline_heading_depth and rule.kind is None]
        return cls(
            line_start=re.compile("|".join(f"(?:{p})" for p in (*headings, *rules.paragraph_openers))),
            inline_heading=re.compile("|".join(f"(?:{p})" for p in top)),
            heading_number=re.compile("(?:" + "|".join(f"(?:{p})" for p in headings) + r")\s*"),
            inline_title_length=rules.inline_title_length,
        )


@lru_cache(maxsize=4)
def line_starts(rules: StructureRules | None = None) -> LineStarts:
    if rules is None:
        from briefing.rules import load_rules

        rules = load_rules().structure
    return LineStarts.from_rules(rules)


def rejoin_broken_lines(text: str, min_body_length: int = 25, starts: LineStarts | None = None) -> Edit:
    """Rejoin sentences broken across lines and pages (page markers must be gone already)."""
    line_start = (starts or line_starts()).line_start

    def join_or_keep(match: re.Match[str]) -> str:
        begin = text.rfind("\n", 0, match.start()) + 1
        line = text[begin:match.start()]
        following = text[match.end():match.end() + 12]
        if following and following[0] in _NEVER_STARTS_A_LINE:
            return ""  # "一\n、发展现状": Chinese typography never starts a line with these marks
        if (not line or not following or line[-1] in _SENTENCE_END or line_start.match(following)
                or _TITLE_END.search(line) or "|" in line or "\t" in line):  # table rows stay rows
            return match.group(0)
        if line[-1] in ",，、“‘(（" or len(line) >= min_body_length:
            return ""
        return match.group(0)

    return rewrite(text, _LINE_BREAKS, join_or_keep)


_LINE_SPACE = re.compile(r"[ \t]+")
_AFTER_SENTENCE = "。；;！!？?"


def split_inline_headings(text: str, starts: LineStarts | None = None) -> Edit:
    """A page flattened into one line: "…目标。 一、发展目标 充分发挥…" -> heading and text on lines of their own."""
    starts = starts or line_starts()

    def after_full_stop(text: str) -> Edit:
        def split_or_keep(match: re.Match[str]) -> str:
            before = text[match.start() - 1] if match.start() else "\n"
            if before in _AFTER_SENTENCE and starts.inline_heading.match(text, match.end()):
                return "\n"
            return match.group(0)

        return rewrite(text, _LINE_SPACE, split_or_keep)

    def after_short_title(text: str) -> Edit:
        def split_or_keep(match: re.Match[str]) -> str:
            line = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
            heading = starts.inline_heading.match(line)
            title = line[heading.end():] if heading else ""
            rest = text[match.end():text.find("\n", match.end()) % (len(text) + 1)]
            body_follows = _CJK_CHARACTER.match(rest) is not None or starts.inline_heading.match(rest) is not None
            if heading and 0 < len(title) <= starts.inline_title_length and not _PUNCTUATION.search(title) \
                    and body_follows and _SENTENCE_IN.search(rest):
                return "\n"  # only where a sentence follows: "第一章 总 则" is a heading with a spaced title
            return match.group(0)

        return rewrite(text, _LINE_SPACE, split_or_keep)

    return chain(text, (after_full_stop, after_short_title))


_PUNCTUATION = re.compile(r"[,，。;；:：!！?？]")
_SENTENCE_IN = re.compile(r"[。；;！!？?]")
_CJK_CHARACTER = re.compile(rf"[{_CJK}]")
_SPACE_IN_WORDS = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}A-Za-z])|(?<=[A-Za-z]) (?=[{_CJK}])")


def remove_spaces_in_words(text: str, starts: LineStarts | None = None) -> Edit:
    """PDF extraction leaves spaces inside words ("数字化 转型", "以 上", "工业 APP"); a heading keeps the space
    after its number ("第一章 总则")."""
    heading_number = (starts or line_starts()).heading_number

    def remove_or_keep(match: re.Match[str]) -> str:
        begin = text.rfind("\n", 0, match.start()) + 1
        if heading_number.fullmatch(text[begin:match.start()]):
            return match.group(0)
        return ""

    return rewrite(text, _SPACE_IN_WORDS, remove_or_keep)


_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n)|(?<=\n) +")


def trim_line_space(text: str) -> Edit:
    return rewrite(text, _TRAILING_SPACE, "")


# Lines that belong to the page, not the document: tables of contents (dot leaders and a page number),
# print/close/share buttons, font-size switches, breadcrumbs and editor credits of government web pages.
_CHROME_LINE = re.compile(
    r"(?m)^(?:目\s*录|.{1,80}?[.…·]{6,}\s*\d{1,4}|(?:【?(?:打印|打印本页|关闭|关闭窗口|返回顶部|收藏|纠错)】?\s*)+"
    r"|分享到[:：]?.{0,40}|【?字[体号][:：]?\s*[大中小\s]+】?|扫一扫.{0,30}|(?:当前位置|您现在的位置|您的位置)[:：].{0,80}"
    r"|(?:责任编辑|编辑|校对)[:：].{0,20})\n"
)


def remove_chrome_lines(text: str) -> Edit:
    return rewrite(text, _CHROME_LINE, "")



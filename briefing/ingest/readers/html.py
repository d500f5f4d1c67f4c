"""Web pages: the main text of government page templates, tables kept as rows of separated cells.

selectolax finds the content container most government sites use (TRS/UCAP templates: #zoom,
.TRS_Editor, #UCAP-CONTENT ...) and we walk it block by block, because its own ``text()`` either glues
paragraphs together or splits sentences at every inline tag. trafilatura is the fallback for templates we
do not recognise.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from briefing.errors import UnreadableDocument
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.ingest.readers.text import DecodedText, decode_text

_DROPPED_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template",
                 "button", "select", "svg", "object")
_CHROME = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|bread|position|location|footer|header|top|"
                     r"share|sidebar|side|toolbar|search|login|link|friend|copyright|print|font|related)($|[\s_-])",
                     re.IGNORECASE)
_CONTENT_SELECTORS = ("#zoom", ".zoom", "#UCAP-CONTENT", ".TRS_Editor", ".trs_editor_view", "#Zoom",
                      ".pages_content", ".article-content", ".article_content", ".news_content", ".content_text",
                      "#content", ".content", "article", ".article", "main", ".main")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
               "br", "blockquote", "pre", "center", "dd", "dt", "dl", "figure", "figcaption", "hr", "caption",
               "tbody", "thead", "tfoot", "body", "html", "font"}
_MIN_CONTENT_CHARS = 80


def _drop_chrome(tree: HTMLParser) -> None:
    for tag in _DROPPED_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id]"):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME.search(label) and not _is_content(node):
            node.decompose()


def _is_content(node: Node) -> bool:
    """Content containers whose class names also match chrome words (".content-top" ...)."""
    return any(node.css_matches(selector) for selector in _CONTENT_SELECTORS[:8])


def _cell_text(cell: Node) -> str:
    return re.sub(r"\s+", " ", _block_text(cell)).strip()


def _owning_table(node: Node) -> int | None:
    ancestor = node.parent
    while ancestor is not None and ancestor.tag != "table":
        ancestor = ancestor.parent
    return ancestor.mem_id if ancestor is not None else None


def _own(table: Node, selector: str) -> list[Node]:
    """Rows or cells of this table, not of the tables nested in its cells: their text is part of the cell
    that holds them, and counting it again at every level would multiply a page's text."""
    return [node for node in table.css(selector) if _owning_table(node) == table.mem_id]


def _table_lines(table: Node) -> list[str]:
    rows = []
    for row in _own(table, "tr"):
        cells = [_cell_text(cell) for cell in row.iter() if cell.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
    if rows and max(len(cells) for cells in rows) == 1:  # a layout table: its cells are just blocks
        return [_block_text(cell) for cell in _own(table, "td, th")]
    return [" | ".join(cells) for cells in rows]


def _block_text(node: Node) -> str:
    """Text with a line break at every block boundary and none inside inline markup.

    Walked with a stack of child iterators, not by recursion: a page nested thousands of elements deep must
    not exhaust Python's stack."""
    parts: list[str] = []
    children = [iter(node.iter(include_text=True))]
    closers = [""]
    while children:
        child = next(children[-1], None)
        if child is None:
            children.pop()
            parts.append(closers.pop())
            continue
        tag = child.tag
        if tag == "-text":
            parts.append(re.sub(r"[ \t\r\n]+", " ", child.text_content or ""))
        elif tag == "table":
            parts.append("\n" + "\n".join(_table_lines(child)) + "\n")
        elif tag == "br":
            parts.append("\n")
        elif tag != "-comment":
            block = tag in _BLOCK_TAGS or tag in ("td", "th", "tr")
            parts.append("\n" if block else "")
            children.append(iter(child.iter(include_text=True)))
            closers.append("\n" if block else "")
    return "".join(parts)


def _clean_lines(text: str) -> str:
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _main_content(tree: HTMLParser) -> Node | None:
    for selector in _CONTENT_SELECTORS:
        for node in tree.css(selector):
            if len(node.text(strip=True)) >= _MIN_CONTENT_CHARS:
                return node
    return tree.body


def _trafilatura(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html, include_tables=True, include_comments=False, favor_recall=True)


def read_html(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedText:
    decoded = decode_text(data, limits)
    tree = HTMLParser(decoded.text)
    try:
        _drop_chrome(tree)
        content = _main_content(tree)
        text = _clean_lines(_block_text(content)) if content is not None else ""
        if len(text) < _MIN_CONTENT_CHARS:
            text = _clean_lines(_trafilatura(decoded.text) or "")
    except RecursionError:  # tables nested in tables thousands deep: no page a person reads
        raise UnreadableDocument("HTML nested too deeply to read",
                                 hint="save the page's text or PDF instead") from None
    if len(text) < _MIN_CONTENT_CHARS:
        raise UnreadableDocument("HTML page without readable main text", hint="save the page's text or PDF instead")
    return DecodedText(text, f"html/{decoded.encoding}", decoded.warnings)

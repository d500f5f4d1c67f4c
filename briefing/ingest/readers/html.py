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


def _table_lines(table: Node) -> list[str]:
    rows = []
    for row in table.css("tr"):
        if row.parent is not None and row.parent.tag not in ("table", "tbody", "thead", "tfoot"):
            continue
        cells = [_cell_text(cell) for cell in row.iter() if cell.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
    if rows and max(len(cells) for cells in rows) == 1:  # a layout table: its cells are just blocks
        return [_block_text(cell) for cell in table.css("td, th")]
    return [" | ".join(cells) for cells in rows]


def _block_text(node: Node) -> str:
    """Text with a line break at every block boundary and none inside inline markup."""
    parts: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(re.sub(r"[ \t\r\n]+", " ", child.text_content or ""))
        elif tag == "table":
            parts.append("\n" + "\n".join(_table_lines(child)) + "\n")
        elif tag == "br":
            parts.append("\n")
        elif tag in _BLOCK_TAGS or tag in ("td", "th", "tr"):
            parts.append("\n" + _block_text(child) + "\n")
        elif tag not in ("-comment",):
            parts.append(_block_text(child))
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
    _drop_chrome(tree)
    content = _main_content(tree)
    text = _clean_lines(_block_text(content)) if content is not None else ""
    if len(text) < _MIN_CONTENT_CHARS:
        text = _clean_lines(_trafilatura(decoded.text) or "")
    if len(text) < _MIN_CONTENT_CHARS:
        raise UnreadableDocument("HTML page without readable main text", hint="save the page's text or PDF instead")
    return DecodedText(text, f"html/{decoded.encoding}", decoded.warnings)

"""Rendering: a BriefingContext through the Jinja2 templates to HTML, then WeasyPrint to PDF bytes.

Policy texts are untrusted: autoescape is on, undefined names fail, and WeasyPrint may fetch nothing but
files under report_templates/ and data: URIs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from briefing.compare.peers import plain_number
from briefing.errors import RenderError
from briefing.report.context import BriefingContext

MAIN_TEMPLATE = "briefing.html.j2"
STYLESHEET = "briefing.css"

logger = logging.getLogger(__name__)


class TemplateDirFetcher(URLFetcher):
    """Serves data: URIs and files inside one folder; refuses everything else (file:, http:, ...)."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=["file", "data"], allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None):  # type: ignore[no-untyped-def]
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        logger.warning("refused to fetch %s while rendering", url)
        raise ValueError(f"fetching {url} is not allowed")


def _number(value: object) -> str:
    """Decimal-as-text without float noise: '50', '13.5'."""
    return "—" if value is None else plain_number(value)


def _year(value: object) -> str:
    return f"{value}年" if value not in (None, "") else "—"


def _cn_date(value: object) -> str:
    """ISO date to the Chinese form: 2023-12-13 -> 2023年12月13日."""
    if not value:
        return "未注明"
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return text


# Canonical units of the unit table that are written with SI prefixes (5e18 FLOPS -> 5EFLOPS, 8e13 bps -> 80Tbps).
_SI_UNITS = ("FLOPS", "bps", "B")
_SI_PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K"))


def _amount(value: object, unit: object = "元") -> str:
    """A value in base units the Chinese way: 1.2e12 元 -> 1.2万亿元, 4e11 元 -> 4000亿元, 8e4 家 -> 8万家;
    computing power and bandwidth with SI prefixes (5EFLOPS, 80Tbps), lengths in 公里."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    number, base = float(value), str(unit or "")  # type: ignore[arg-type]
    if base == "%":
        return f"{number:g}%"
    if base in _SI_UNITS:
        factor, prefix = next(((f, p) for f, p in _SI_PREFIXES if abs(number) >= f), (1.0, ""))
        return f"{number / factor:.4g}{prefix}{base}"
    if base == "米" and abs(number) >= 1000:
        number, base = number / 1000, "公里"
    for scale, prefix in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(number) >= scale and (base == "元" or scale == 1e4):
            return f"{number / scale:.4g}{prefix}{base}"
    return f"{number:.4g}{base}"


def _percent(value: object, digits: int = 0) -> str:
    """A share as a percentage: 0.83 -> 83%."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{digits}f}%"  # type: ignore[arg-type]


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "html.j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.filters["year"] = _year
    env.filters["cn_date"] = _cn_date
    env.filters["percent"] = _percent
    env.filters["amount"] = _amount
    return env


def render_html(context: BriefingContext, templates_dir: Path) -> str:
    """The briefing as one standalone HTML file (the stylesheet inlined)."""
    env = make_environment(templates_dir)
    try:
        css = (templates_dir / STYLESHEET).read_text(encoding="utf-8")
        template = env.get_template(MAIN_TEMPLATE)
        return template.render(briefing=context, stylesheet=Markup(css))
    except (OSError, TemplateError) as exc:
        raise RenderError(f"template rendering failed: {exc}") from exc


def render_pdf(html: str, templates_dir: Path) -> bytes:
    """PDF bytes; any resource outside ``templates_dir`` is refused, not fetched."""
    fetcher = TemplateDirFetcher(templates_dir)
    try:
        document = HTML(string=html, base_url=templates_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
        pdf = document.write_pdf()
    except Exception as exc:  # WeasyPrint raises many unrelated types
        raise RenderError(f"PDF rendering failed: {exc}") from exc
    if pdf is None:
        raise RenderError("PDF rendering produced nothing")
    return pdf

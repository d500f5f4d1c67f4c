"""Rendering: a BriefingContext through the Jinja2 templates to HTML, then WeasyPrint to PDF bytes.

Policy texts are untrusted: autoescape is on, undefined names fail, and WeasyPrint may fetch nothing but
files under report_templates/ and data: URIs.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
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
from weasyprint import HTML, Attachment, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefing.errors import RenderError
from briefing.report import format
from briefing.report.context import BriefingContext
from briefing.report.pdf_objects import patch_pydyf

MAIN_TEMPLATE = "briefing.html.j2"
STYLESHEET = "briefing.css"

logger = logging.getLogger(__name__)
patch_pydyf()


class TemplateDirFetcher(URLFetcher):
    """Serves data: URIs and files inside one folder; refuses everything else (file:, http:, ...)."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=["file", "data"], allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
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


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "html.j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = format.number
    env.filters["year"] = format.year
    env.filters["cn_date"] = format.chinese_date
    env.filters["percent"] = format.percent
    env.filters["amount"] = format.amount
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


@dataclass(frozen=True)
class PdfFile:
    """A file the PDF carries inside it (PDF/A-3 "associated files"): the data of its tables."""

    name: str
    data: bytes
    description: str
    #: its relation to the document (ISO 32000-2, 7.11.3): Data is the data the document's tables show
    relationship: str = "Data"


@dataclass
class LaidOutPdf:
    """A briefing laid out in pages, not yet written: WeasyPrint's layout is most of a PDF's time and needs
    only the HTML, so it can run while the files the PDF embeds are still being made."""

    document: Document
    fetcher: TemplateDirFetcher
    tags: bool
    variant: str | None


def lay_out_pdf(html: str, templates_dir: Path, tags: bool = False, variant: str | None = None) -> LaidOutPdf:
    """The pages of ``html``, tagged and of an archival variant if asked; any resource outside
    ``templates_dir`` is refused, not fetched."""
    fetcher = TemplateDirFetcher(templates_dir)
    try:
        document = HTML(string=html, base_url=templates_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render(
            pdf_tags=tags, pdf_variant=variant)
    except Exception as exc:  # WeasyPrint raises many unrelated types
        raise RenderError(f"PDF rendering failed: {exc}") from exc
    return LaidOutPdf(document, fetcher, tags, variant)


def write_pdf(laid_out: LaidOutPdf, files: Sequence[PdfFile] = ()) -> bytes:
    """PDF bytes of laid-out pages, with ``files`` embedded."""
    attachments = [Attachment(file_obj=io.BytesIO(file.data), name=file.name, description=file.description,
                              relationship=file.relationship, url_fetcher=laid_out.fetcher) for file in files]
    try:
        pdf = laid_out.document.write_pdf(pdf_tags=laid_out.tags, pdf_variant=laid_out.variant,
                                          attachments=attachments or None)
    except Exception as exc:  # WeasyPrint raises many unrelated types
        raise RenderError(f"PDF rendering failed: {exc}") from exc
    if pdf is None:
        raise RenderError("PDF rendering produced nothing")
    return pdf


def render_pdf(html: str, templates_dir: Path, tags: bool = False, variant: str | None = None,
               files: Sequence[PdfFile] = ()) -> bytes:
    """PDF bytes, tagged and of an archival variant if asked, with ``files`` embedded; any resource outside
    ``templates_dir`` is refused, not fetched."""
    return write_pdf(lay_out_pdf(html, templates_dir, tags, variant), files)

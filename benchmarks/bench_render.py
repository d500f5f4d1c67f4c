"""Rendering: time and PDF size of the bundled briefing and of a synthetic 200-document briefing
(recombined sections of the bundled plans, fixed seed), with seconds per page; and the bundled briefing's
print HTML rendered as a plain PDF and as the tagged PDF/A-3a with its CSVs attached, alternately, as a ratio
(the price of the accessible, archival PDF)."""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium

from briefing import pipeline, steps
from briefing.settings import load_settings
from briefing.run_scope import RunRequest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SEED, section_pool, synthetic_documents  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


def render_figures(inputs: Path, scratch: Path, label: str) -> steps.RunPlan:
    settings = load_settings(PROJECT / "config" / "briefing.yaml", store=scratch / f"{label}.db")
    plan = pipeline.run(settings, RunRequest("2026-10", str(inputs), str(scratch / label), store=str(settings.path("store")))).plan  # fonts loaded once
    start = time.perf_counter()
    rendered = steps.render(plan)
    seconds = time.perf_counter() - start
    pages = len(pdfium.PdfDocument(rendered.pdf))
    print(f"{label}: {len(plan.new)} documents, {pages} pages, {len(rendered.pdf) / 1024:.0f} KB, "
          f"render {seconds:.2f} s = {seconds / pages:.3f} s/page")
    return plan


def archival_ratio(plan: steps.RunPlan, rounds: int = 3) -> None:
    from briefing.report import exports
    from briefing.report.context import Edition, build_context
    from briefing.report.print_edition import load_print_bounds, print_edition
    from briefing.report.render import PdfFile, render_html, render_pdf
    from briefing.store import seam

    inputs = seam.load_briefing(plan.store_path, plan.run_id)
    bounds = load_print_bounds(plan.config_dir)
    edition = Edition(title=plan.title, period=plan.period, extractor_version="bench", generated_at=datetime.now(),
                      theme_names={}, uncertain_below=plan.uncertain_confidence, peer_bounds=bounds.peers())
    html = render_html(print_edition(build_context(inputs, edition), bounds), plan.templates_dir)
    files = (PdfFile("goals.csv", exports.goals_csv(inputs), "goals"),
             PdfFile("measures.csv", exports.measures_csv(inputs), "measures"))
    plain, archival = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        render_pdf(html, plan.templates_dir)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_pdf(html, plan.templates_dir, tags=True, variant="pdf/a-3a", files=files)
        archival.append(time.perf_counter() - start)
    print(f"bundled print HTML: plain PDF {min(plain):.2f} s, tagged PDF/A-3a with CSVs {min(archival):.2f} s "
          f"(best of {rounds}): ratio {min(archival) / min(plain):.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        bundled = scratch / "bundled-inputs"
        shutil.copytree(PROJECT / "inputs" / "plans", bundled)
        archival_ratio(render_figures(bundled, scratch, "bundled"))
        synthetic = scratch / "synthetic-inputs"
        synthetic.mkdir()
        for number, text in enumerate(synthetic_documents(200, section_pool(), random.Random(SEED))):
            (synthetic / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        render_figures(synthetic, scratch, "synthetic-200")


if __name__ == "__main__":
    main()

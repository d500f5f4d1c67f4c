"""Rendering: time and PDF size of the bundled briefing and of a synthetic 200-document briefing
(recombined sections of the bundled plans, fixed seed), with seconds per page."""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from briefing import pipeline, steps
from briefing.settings import load_settings
from briefing.run_scope import RunRequest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SEED, section_pool, synthetic_documents  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


def render_figures(inputs: Path, scratch: Path, label: str) -> None:
    settings = load_settings(PROJECT / "config" / "briefing.yaml", store=scratch / f"{label}.db")
    plan = pipeline.run(settings, RunRequest("2026-10", str(inputs), str(scratch / label), store=str(settings.path("store")))).plan  # fonts loaded once
    start = time.perf_counter()
    rendered = steps.render(plan)
    seconds = time.perf_counter() - start
    pages = len(pdfium.PdfDocument(rendered.pdf))
    print(f"{label}: {len(plan.new)} documents, {pages} pages, {len(rendered.pdf) / 1024:.0f} KB, "
          f"render {seconds:.2f} s = {seconds / pages:.3f} s/page")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        bundled = scratch / "bundled-inputs"
        shutil.copytree(PROJECT / "inputs" / "plans", bundled)
        render_figures(bundled, scratch, "bundled")
        synthetic = scratch / "synthetic-inputs"
        synthetic.mkdir()
        for number, text in enumerate(synthetic_documents(200, section_pool(), random.Random(SEED))):
            (synthetic / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        render_figures(synthetic, scratch, "synthetic-200")


if __name__ == "__main__":
    main()

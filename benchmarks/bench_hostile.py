"""Hostile inputs through the real flow (`briefing run`, Prefect's temporary API included).

1. The five bundled plans plus a DOCX that unpacks to 200 MB, a 60 MB text and a text that needs longer than
   the time budget (document_timeout set to 10 s here; at the default 120 s no text under the limits takes
   that long): wall time, peak memory of the whole process tree (run, Prefect server, document workers), and
   the data-quality section's list read back from the PDF.
2. The time budget's cost: the same run over 60 generated documents with the budget (worker processes) and
   without it (document_timeout 0: read in the run's threads); per document, as a ratio.
3. `briefing ingest` over the hostile corpus of tests/fixtures/hostile.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT / "benchmarks"))

import run_tools  # noqa: E402
import synthetic  # noqa: E402
from fixtures.hostile.make_hostile import expanding_docx, write_corpus  # noqa: E402
from run_tools import RunMeasure  # noqa: E402

SEED = 20261201


def briefing_run(inputs: Path, scratch: Path, name: str, **settings: str) -> RunMeasure:
    """One `briefing run` on INPUTS in a fresh process, its store and outputs in SCRATCH under NAME."""
    return run_tools.briefing_run(
        ["--period", "2026-10", "--inputs", str(inputs), "--out", str(scratch / name)],
        {"BRIEFING_STORE": str(scratch / f"{name}.db"), "PREFECT_HOME": str(scratch / "prefect"),
         **{f"BRIEFING_{key.upper()}": value for key, value in settings.items()}})


def quality_section(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text[text.rfind("数据质量"):]


def hostile_run(scratch: Path) -> None:
    inbox = scratch / "inbox"
    shutil.copytree(PROJECT / "inputs" / "plans", inbox)
    (inbox / "zip-bomb.docx").write_bytes(expanding_docx(200))
    line = "到2027年，全市数字经济核心产业增加值占地区生产总值比重达到12%。\n".encode()
    with open(inbox / "huge.txt", "wb") as out:
        for _ in range(60_000_000 // len(line) + 1):
            out.write(line)
    plans = "".join(path.read_text(encoding="utf-8") for path in sorted((PROJECT / "inputs" / "plans").glob("*.txt")))
    (inbox / "slow.txt").write_text((plans * 30)[:2_000_000], encoding="utf-8")
    run = briefing_run(inbox, scratch, "hostile", document_timeout="10")
    seconds, pss, rss, log = run.seconds, run.peak_pss_mb, run.peak_rss_mb, run.log
    section = quality_section(scratch / "hostile" / "2026-10" / "briefing-2026-10.pdf")
    listed = [name for name in ("zip-bomb.docx", "huge.txt", "slow.txt") if name in section]
    print(f"5 plans + 200 MB-expanding DOCX + 60 MB text + slow text (budget 10 s): {seconds:.1f} s, "
          f"peak memory of the process tree {pss:.0f} MB PSS (target < 1024), {rss:.0f} MB as a sum of RSS; "
          f"in 数据质量: {', '.join(listed)}")
    for logged in log.splitlines():
        if "quarantined" in logged and any(name in logged for name in listed):
            print("   ", logged.split("| briefing - ", 1)[-1][:200])


def synthetic_corpus(folder: Path, count: int) -> None:
    synthetic.write_corpus(folder, synthetic.synthetic_documents(count, synthetic.section_pool(), random.Random(SEED)))


def budget_cost(scratch: Path, count: int = 60) -> None:
    corpus = scratch / "synthetic"
    synthetic_corpus(corpus, count)
    with_budget = briefing_run(corpus, scratch, "budget")
    without = briefing_run(corpus, scratch, "no-budget", document_timeout="0")
    extract_with, extract_without = with_budget.stage_spans()["extract"], without.stage_spans()["extract"]
    print(f"{count} documents, whole run: with the time budget {with_budget.seconds:.1f} s, without "
          f"{without.seconds:.1f} s; per document {with_budget.seconds / count:.2f} s vs "
          f"{without.seconds / count:.2f} s, ratio {with_budget.seconds / without.seconds:.2f}")
    print(f"{count} documents, extract stage: with {extract_with:.1f} s, without {extract_without:.1f} s, "
          f"ratio {extract_with / max(extract_without, 1e-9):.2f} (worker start-up included)")


def ingest_hostile(scratch: Path) -> None:
    folder = scratch / "hostile-corpus"
    write_corpus(folder)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefing.cli", "ingest", *sorted(map(str, folder.iterdir()))],
                            cwd=PROJECT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    skipped = sum(line.startswith("skipped: ") for line in result.stderr.splitlines())
    print(f"briefing ingest over {len(list(folder.iterdir()))} hostile files: {seconds:.1f} s "
          f"({skipped} quarantined; target < 60 s)")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        hostile_run(Path(scratch))
        budget_cost(Path(scratch))
        ingest_hostile(Path(scratch))


if __name__ == "__main__":
    main()

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

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from fixtures.hostile.make_hostile import expanding_docx, write_corpus  # noqa: E402

SEED = 20261201


class PeakMemory:
    """Samples the memory of a process and all its descendants every 50 ms: the sum of their proportional set
    sizes (PSS: a page shared by n processes counts 1/n in each, so the sum is what the tree really holds)
    and, for comparison, the sum of their resident sizes (RSS, which counts every shared library and
    copy-on-write page once per process)."""

    def __init__(self, pid: int) -> None:
        self.root, self.peak_pss, self.peak_rss, self._stop = psutil.Process(pid), 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            pss = rss = 0
            for process in processes:
                try:
                    info = process.memory_full_info()
                except psutil.Error:
                    continue
                pss, rss = pss + info.pss, rss + info.rss
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            time.sleep(0.05)

    def stop(self) -> tuple[float, float]:
        """Peak PSS and peak RSS of the tree, in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_pss / 1024 / 1024, self.peak_rss / 1024 / 1024


def briefing_run(inputs: Path, scratch: Path, name: str, **settings: str) -> tuple[float, tuple[float, float], str]:
    """Seconds, peak memory of the process tree (PSS, RSS in MB), and the log of one `briefing run` in a fresh
    process."""
    env = {**os.environ, "BRIEFING_STORE": str(scratch / f"{name}.db"), "PREFECT_HOME": str(scratch / "prefect"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
           **{f"BRIEFING_{key.upper()}": value for key, value in settings.items()}}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "briefing.cli", "run", "--period", "2026-10", "--inputs", str(inputs),
               "--out", str(scratch / name)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    memory = PeakMemory(process.pid)
    log, _ = process.communicate()
    seconds, peak = time.perf_counter() - start, memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"briefing run failed:\n{log[-3000:]}")
    return seconds, peak, log


def stage_span(log: str, stage: str) -> float:
    """Seconds from the stage's first "begins" line to its last finished line (all its batches)."""
    stamps = [datetime.strptime(line[:12], "%H:%M:%S.%f") for line in log.splitlines()
              if re.search(rf"stage={stage} (begins|seconds=)", line)]
    return (max(stamps) - min(stamps)).total_seconds() if stamps else 0.0


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
    seconds, (pss, rss), log = briefing_run(inbox, scratch, "hostile", document_timeout="10")
    section = quality_section(scratch / "hostile" / "2026-10" / "briefing-2026-10.pdf")
    listed = [name for name in ("zip-bomb.docx", "huge.txt", "slow.txt") if name in section]
    print(f"5 plans + 200 MB-expanding DOCX + 60 MB text + slow text (budget 10 s): {seconds:.1f} s, "
          f"peak memory of the process tree {pss:.0f} MB PSS (target < 1024), {rss:.0f} MB as a sum of RSS; "
          f"in 数据质量: {', '.join(listed)}")
    for line in log.splitlines():
        if "quarantined" in line and any(name in line for name in listed):
            print("   ", line.split("| briefing - ", 1)[-1][:200])


def synthetic_corpus(folder: Path, count: int) -> None:
    from bench_compare import section_pool, synthetic_documents

    folder.mkdir()
    for number, text in enumerate(synthetic_documents(count, section_pool(), random.Random(SEED))):
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")


def budget_cost(scratch: Path, count: int = 60) -> None:
    corpus = scratch / "synthetic"
    synthetic_corpus(corpus, count)
    with_budget = briefing_run(corpus, scratch, "budget")
    without = briefing_run(corpus, scratch, "no-budget", document_timeout="0")
    extract_with, extract_without = stage_span(with_budget[2], "extract"), stage_span(without[2], "extract")
    print(f"{count} documents, whole run: with the time budget {with_budget[0]:.1f} s, without {without[0]:.1f} s; "
          f"per document {with_budget[0] / count:.2f} s vs {without[0] / count:.2f} s, "
          f"ratio {with_budget[0] / without[0]:.2f}")
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

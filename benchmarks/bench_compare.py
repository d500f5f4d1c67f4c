"""The comparison stage on a synthetic corpus: 2,000 and 4,000 documents on file (recombined sections of the
bundled plans, regions and dates drawn with a fixed seed), each plus the same 100 new documents.
Prints time and peak memory of each and the ratio t(4,000)/t(2,000). Target: <= 2.3 (sub-quadratic)."""

from __future__ import annotations

import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from synthetic import SEED, section_pool, synthetic_documents

from briefing import steps
from briefing.extract import EXTRACTOR_VERSION, extract_document
from briefing.ingest import ingest_document
from briefing.models import SourceFile
from briefing.period import Period
from briefing.steps import RunPlan
from briefing.store import seam

PROJECT = Path(__file__).resolve().parent.parent
NEW = 100


def fill_store(path: Path, texts: list[str], first_new: int) -> RunPlan:
    """Store the documents: those before ``first_new`` as on file (run 1), the rest as new (run 2); the plan of
    run 2, whose comparison is measured."""
    on_file_run = seam.start_run(path, "2026-09", EXTRACTOR_VERSION, []).run_id
    new_run = seam.start_run(path, "2026-10", EXTRACTOR_VERSION, []).run_id
    batch = []
    for number, text in enumerate(texts):
        data = text.encode("utf-8")
        source = SourceFile(Path(f"synthetic/{number}.txt"), f"{number:064x}", len(data), "inbox")
        batch.append(extract_document(ingest_document(source, data)))
        if len(batch) == 200 or number == len(texts) - 1:
            seam.save_batch(path, on_file_run, [x for x in batch if int(x.document.source.path.stem) < first_new],
                            EXTRACTOR_VERSION)
            seam.save_batch(path, new_run, [x for x in batch if int(x.document.source.path.stem) >= first_new],
                            EXTRACTOR_VERSION)
            batch = []
    return RunPlan(run_id=new_run, period=Period(2026, 10), title="", timezone="Asia/Shanghai", store_path=path,
                   output_root=path.parent, templates_dir=PROJECT / "report_templates", config_dir=PROJECT / "config",
                   new=(), on_file=first_new, batch_size=20)


def compare_stage(plan: RunPlan) -> tuple[float, float]:
    """Seconds of one pass of the pipeline's compare stage, then peak traced memory of a second (tracing
    slows the pass it watches)."""
    start = time.perf_counter()
    steps.compare_on_file(plan)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    steps.compare_on_file(plan)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    rng = random.Random(SEED)
    pool = section_pool()
    on_file = synthetic_documents(4000, pool, rng)
    new = synthetic_documents(NEW, pool, rng)
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in (2000, 4000):
            path = Path(scratch) / f"compare-{size}.db"
            plan = fill_store(path, on_file[:size] + new, first_new=size)
            steps.compare_on_file(plan)  # warm: tokenizer and rules loaded once per process
            results[size] = compare_stage(plan)
            seconds, peak = results[size]
            print(f"{size} on file + {NEW} new: comparison stage {seconds:.2f} s, peak Python memory {peak:.0f} MB")
    print(f"ratio t(4000)/t(2000) = {results[4000][0] / results[2000][0]:.2f}  (target <= 2.3)")


if __name__ == "__main__":
    main()

"""Per-document ingest + extract of 200 new documents with each task runner (threads, processes, a 2-worker
Dask LocalCluster), wall time of the mapped tasks inside one Prefect flow; then the cached rerun: discovery
finds nothing new and nothing is read or extracted."""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import flow, unmapped  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner  # noqa: E402
from prefect.testing.utilities import prefect_test_harness  # noqa: E402

from briefing import stages  # noqa: E402
from briefing.settings import load_settings  # noqa: E402
from flows.monthly_briefing import extract_task, ingest_task  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_compare import SEED, section_pool, synthetic_documents  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


@flow(name="benchmark-ingest-extract")
def ingest_and_extract(sources: list, config_dir: Path) -> int:
    ingested = ingest_task.map(sources, config_dir=unmapped(config_dir))
    extracted = extract_task.map(ingested, config_dir=unmapped(config_dir))
    return sum(1 for future in extracted if future.result() is not None)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, prefect_test_harness(server_startup_timeout=240):
        scratch = Path(folder)
        inputs = scratch / "inputs"
        inputs.mkdir()
        for number, text in enumerate(synthetic_documents(200, section_pool(), random.Random(SEED))):
            (inputs / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        settings = load_settings(PROJECT / "config" / "briefing.yaml", store=scratch / "b.db")
        plan = stages.start_run(settings, "2026-10", str(inputs), str(scratch / "out"))
        from distributed import LocalCluster
        from prefect_dask import DaskTaskRunner

        with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
            runners = {"threads (2)": ThreadPoolTaskRunner(max_workers=2),
                       "processes (2)": ProcessPoolTaskRunner(max_workers=2),
                       "dask LocalCluster (2 workers)": DaskTaskRunner(address=cluster.scheduler_address)}
            for name, runner in runners.items():
                start = time.perf_counter()
                done = ingest_and_extract.with_options(task_runner=runner)(list(plan.new), plan.config_dir)
                print(f"{name}: {done} documents ingested and extracted in {time.perf_counter() - start:.1f} s")
        results = [stages.extract(stages.ingest(s, plan.config_dir), plan.config_dir) for s in plan.new]
        stages.store_results(plan, results)
        start = time.perf_counter()
        rerun = stages.start_run(settings, "2026-10", str(inputs), str(scratch / "out"))
        print(f"cached rerun: {len(rerun.new)} documents to read of {len(rerun.on_file)} on file; "
              f"discovery {time.perf_counter() - start:.2f} s, ingest and extract skipped")


if __name__ == "__main__":
    main()

"""The pipeline's discover and extract stages on 200 new documents with each task runner (threads, processes,
a 2-worker Dask LocalCluster), as Prefect tasks inside one flow (extract mapped per batch); then the cached
rerun: discovery finds nothing new and nothing is read or extracted."""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import flow  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner  # noqa: E402
from prefect.testing.utilities import prefect_test_harness  # noqa: E402

from briefing import steps  # noqa: E402
from briefing.pipeline import BY_NAME  # noqa: E402
from briefing.settings import Settings, load_settings  # noqa: E402
from briefing.run_scope import RunRequest  # noqa: E402
from flows.monthly_briefing import PrefectTasks  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SEED, section_pool, synthetic_documents  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


@flow(name="benchmark-discover-extract")
def discover_and_extract(settings: Settings, request: RunRequest) -> int:
    tasks = PrefectTasks(settings)
    plan = tasks.call(BY_NAME["discover"], settings, request)
    return sum(batch.extracted for batch in tasks.map(BY_NAME["extract"], plan.for_batches(), plan.batches()))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, prefect_test_harness(server_startup_timeout=240):
        scratch = Path(folder)
        inputs = scratch / "inputs"
        inputs.mkdir()
        for number, text in enumerate(synthetic_documents(200, section_pool(), random.Random(SEED))):
            (inputs / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        request = RunRequest("2026-10", str(inputs), str(scratch / "out"))  # each runner below names its store
        from distributed import LocalCluster
        from prefect_dask import DaskTaskRunner

        with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
            runners: dict[str, Any] = {"threads (2)": ThreadPoolTaskRunner(max_workers=2),
                       "processes (2)": ProcessPoolTaskRunner(max_workers=2),
                       "dask LocalCluster (2 workers)": DaskTaskRunner(address=cluster.scheduler_address)}
            for number, (name, runner) in enumerate(runners.items()):
                settings = load_settings(PROJECT / "config" / "briefing.yaml", store=scratch / f"{number}.db")
                start = time.perf_counter()
                done = discover_and_extract.with_options(task_runner=runner)(settings, request)
                print(f"{name}: {done} documents ingested and extracted in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        rerun = steps.discover(settings, request)
        print(f"cached rerun: {len(rerun.new)} documents to read of {rerun.on_file} on file; "
              f"discovery {time.perf_counter() - start:.2f} s, ingest and extract skipped")


if __name__ == "__main__":
    main()

"""`briefing run` on the bundled inputs: wall time, split by stage, and Prefect's own share.

Measured in one run, on one machine, in this order:
  1. a trivial Prefect flow in a fresh process (Prefect's start-up: import + ephemeral API server);
  2. `briefing run` in a fresh process on an empty store (first run: five new documents);
  3. `briefing run` again (second run: nothing new; it keeps the briefing without starting Prefect);
  4. the same two runs against a started Prefect server (the test harness's, on loopback): the unchanged
     rerun then goes through the flow and is recorded on the server;
  5. the same pipeline in-process without Prefect, for the split by stage (from the stage log lines).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TRIVIAL_FLOW = "from prefect import flow\n@flow\ndef noop():\n    return 1\nnoop()\n"


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=PROJECT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def stage_times(store: Path, out: Path) -> dict[str, float]:
    from briefing import pipeline
    from briefing.settings import load_settings
    from briefing.run_scope import RunRequest

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from stage_clock import stage_clock

    settings = load_settings(PROJECT / "config" / "briefing.yaml", store=store)
    with stage_clock() as clock:
        pipeline.run(settings, RunRequest("2026-10", out=str(out)))
    return clock.seconds


def main() -> None:
    from prefect.testing.utilities import prefect_test_harness

    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        env = {**os.environ, "BRIEFING_STORE": str(scratch_path / "run.db"),
               "PREFECT_HOME": str(scratch_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
        env.pop("PREFECT_API_URL", None)
        briefing = [sys.executable, "-m", "briefing.cli", "run", "--period", "2026-10", "--out", str(scratch_path)]
        wall([sys.executable, "-c", TRIVIAL_FLOW], env)  # first start on a fresh PREFECT_HOME: migrations
        trivial = wall([sys.executable, "-c", TRIVIAL_FLOW], env)
        first = wall(briefing, env)
        second = wall(briefing, env)
        with prefect_test_harness(server_startup_timeout=240):
            from prefect.settings import PREFECT_API_URL

            served = {**env, "BRIEFING_STORE": str(scratch_path / "served.db"),
                      "PREFECT_API_URL": str(PREFECT_API_URL.value())}
            served_briefing = [*briefing[:-1], str(scratch_path / "served")]
            served_first = wall(served_briefing, served)
            served_second = wall(served_briefing, served)
        first_stages = stage_times(scratch_path / "stages.db", scratch_path / "stages-out")
        second_stages = stage_times(scratch_path / "stages.db", scratch_path / "stages-out")

    print(f"trivial Prefect flow (start-up):   {trivial:6.2f} s")
    print(f"briefing run, 5 new documents:     {first:6.2f} s   (Prefect start-up = {trivial / first:.0%} of it)")
    print(f"briefing run, nothing new:         {second:6.2f} s   ({second / first:.2f} x the first run; target < 0.10; "
          "it keeps the briefing without starting Prefect)")
    print(f"against a started server: first run {served_first:6.2f} s, nothing new {served_second:6.2f} s "
          f"({served_second / served_first:.2f} x; target < 3 s)")
    for label, times in (("first run", first_stages), ("second run", second_stages)):
        total = sum(times.values())
        split = ", ".join(f"{name} {seconds:.2f} s ({seconds / total:.0%})" for name, seconds in times.items())
        print(f"stages without Prefect, {label}: {total:.2f} s = {split}")


if __name__ == "__main__":
    main()

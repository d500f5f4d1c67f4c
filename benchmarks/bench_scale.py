"""The monthly run at real size, through `briefing run` as the schedule starts it (Prefect's temporary API,
a fresh process each time), on the generated corpus of benchmarks/synthetic.py (fixed seed):

  1. first load: 2,000 plans in plans/, the inbox empty;
  2. the monthly run: 100 new texts in the inbox;
  3. the same run again with nothing changed (it keeps the briefing);
  4. 4,000 on file: the store of step 1 copied, 2,000 more plans loaded, then the same 100 new texts.

Printed per run: wall time, the stages (from their log lines), the time outside them (Python and Prefect
start-up, task orchestration, the flow's own bookkeeping) as Prefect's share, peak memory of the process
tree, and the briefing's page count; then the unchanged-rerun ratio and t(4,000)/t(2,000).
`python benchmarks/bench_scale.py FOLDER` keeps the corpus, the stores and the briefings in FOLDER.
Targets: first load < 300 s; monthly run < 60 s at 2,000 and < 90 s at 4,000, ratio <= 1.6;
unchanged rerun < 0.10 of the run before it; peak memory < 2 GB.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_tools  # noqa: E402
from run_tools import RunMeasure  # noqa: E402
from synthetic import SEED, section_pool, synthetic_documents, write_corpus  # noqa: E402

ON_FILE, MORE, NEW = 2000, 2000, 100
#: sections per generated plan: about 30 KB, the size of a real plan (2,000 plans: about 58 MB)
REAL_SIZE = (16, 26)


def environment(scratch: Path, name: str) -> dict[str, str]:
    """The settings of an operator whose plans, inbox, store and outputs live under SCRATCH/NAME."""
    home = scratch / name
    return {"BRIEFING_PLANS_DIR": str(home / "plans"), "BRIEFING_INBOX_DIR": str(home / "inbox"),
            "BRIEFING_STORE": str(home / "briefing.db"), "BRIEFING_OUTPUT_DIR": str(home / "outputs"),
            "BRIEFING_PREFECT_HOME": str(scratch / "prefect")}


def pages(log: str) -> int:
    pdf = next(line for line in reversed(log.splitlines()) if line.endswith(".pdf"))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


def report(label: str, run: RunMeasure) -> None:
    spans = run.stage_spans()
    inside = sum(spans.values())
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in spans.items())
    print(f"{label}: {run.seconds:.1f} s = {stages}; outside the stages {run.seconds - inside:.1f} s "
          f"({(run.seconds - inside) / run.seconds:.0%}: start-up and Prefect); peak memory "
          f"{run.peak_pss_mb:.0f} MB PSS ({run.peak_rss_mb:.0f} MB RSS sum); {pages(run.log)} pages", flush=True)


def briefing_run(arguments: list[str], environment: dict[str, str]) -> RunMeasure:
    return run_tools.briefing_run(arguments, environment, sample_every=0.5)  # minutes-long runs: sample less


def served_runs(scratch: Path, new: list[str]) -> tuple[RunMeasure, RunMeasure]:
    """The monthly run and its unchanged rerun on a copy of the 2,000 store, against a started Prefect
    server (the test harness's, on loopback) instead of a temporary one per run."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # the harness's server sends nothing out
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    served = environment(scratch, "served")
    write_corpus(Path(served["BRIEFING_INBOX_DIR"]), new, first_number=100_000)
    with prefect_test_harness(server_startup_timeout=240):
        served["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
        return briefing_run(["--period", "2026-10"], served), briefing_run(["--period", "2026-10"], served)


def main() -> None:
    rng = random.Random(SEED)
    pool = section_pool()
    on_file, more, new = (synthetic_documents(count, pool, rng, REAL_SIZE) for count in (ON_FILE, MORE, NEW))
    keep = sys.argv[1] if len(sys.argv) > 1 else None  # a folder to keep the corpus, stores and briefings in
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(keep or directory)
        small, large = environment(scratch, "2000"), environment(scratch, "4000")
        size = write_corpus(Path(small["BRIEFING_PLANS_DIR"]), on_file)
        Path(small["BRIEFING_INBOX_DIR"]).mkdir()
        print(f"corpus: {ON_FILE} plans, {size / 1e6:.0f} MB; {NEW} new texts", flush=True)
        first = briefing_run(["--period", "2026-09"], small)
        report(f"first load of {ON_FILE}", first)

        shutil.copytree(scratch / "2000", scratch / "4000")
        shutil.copytree(scratch / "2000", scratch / "served")
        write_corpus(Path(small["BRIEFING_INBOX_DIR"]), new, first_number=100_000)
        monthly = briefing_run(["--period", "2026-10"], small)
        report(f"monthly run, {ON_FILE} on file + {NEW} new", monthly)
        unchanged = briefing_run(["--period", "2026-10"], small)
        report("the same run, nothing changed", unchanged)
        served_monthly, served_unchanged = served_runs(scratch, new)
        report(f"against a started Prefect server: monthly run, {ON_FILE} on file + {NEW} new", served_monthly)
        report("against a started Prefect server: the same run, nothing changed", served_unchanged)

        write_corpus(Path(large["BRIEFING_PLANS_DIR"]), more, first_number=ON_FILE)
        report(f"load of {MORE} more", briefing_run(["--period", "2026-09"], large))
        write_corpus(Path(large["BRIEFING_INBOX_DIR"]), new, first_number=100_000)
        larger = briefing_run(["--period", "2026-10"], large)
        report(f"monthly run, {ON_FILE + MORE} on file + {NEW} new", larger)
    print(f"unchanged rerun / monthly run = {unchanged.seconds / monthly.seconds:.2f} (target < 0.10); against a "
          f"started server {served_unchanged.seconds:.1f} s in all (target < 3 s)")
    print(f"t({ON_FILE + MORE}) / t({ON_FILE}) = {larger.seconds / monthly.seconds:.2f} (target <= 1.6)")


if __name__ == "__main__":
    main()

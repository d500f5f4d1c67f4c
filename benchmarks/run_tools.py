"""`briefing run` in a fresh process, as an operator starts it: wall time, peak memory of its process tree, its
log, and the time of each stage read from the log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parent.parent
STAGE_LINE = re.compile(r"^(?P<clock>\d\d:\d\d:\d\d\.\d{3}) .*stage=(?P<stage>\w+) (?:begins|seconds=)")


class PeakMemory:
    """Samples the memory of a process and all its descendants every ``interval`` seconds (reading a large
    process's page map costs CPU: long runs sample less often): the sum of their proportional set
    sizes (PSS: a page shared by n processes counts 1/n in each, so the sum is what the tree really holds)
    and, for comparison, the sum of their resident sizes (RSS, which counts every shared library and
    copy-on-write page once per process)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.root, self.peak_pss, self.peak_rss, self._stop = psutil.Process(pid), 0, 0, threading.Event()
        self.interval = interval
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
            time.sleep(self.interval)

    def stop(self) -> tuple[float, float]:
        """Peak PSS and peak RSS of the tree, in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_pss / 1024 / 1024, self.peak_rss / 1024 / 1024


@dataclass(frozen=True)
class RunMeasure:
    seconds: float
    peak_pss_mb: float
    peak_rss_mb: float
    log: str

    def stage_spans(self) -> dict[str, float]:
        """Seconds from each stage's first "begins" line to its last finished line (all its batches), in the
        order the stages began."""
        stamps: dict[str, list[datetime]] = {}
        for line in self.log.splitlines():
            if match := STAGE_LINE.match(line):
                stamps.setdefault(match["stage"], []).append(datetime.strptime(match["clock"], "%H:%M:%S.%f"))
        return {stage: (max(times) - min(times)).total_seconds() for stage, times in stamps.items()}


def briefing_run(arguments: list[str], environment: dict[str, str], sample_every: float = 0.05) -> RunMeasure:
    """One `briefing run ARGUMENTS` in a fresh process with the BRIEFING_*/PREFECT_* variables given (Prefect's
    temporary API unless PREFECT_API_URL is among them)."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
    env.pop("PREFECT_API_URL", None)
    env.update(environment)
    command = [sys.executable, "-m", "briefing.cli", "run", *arguments]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    memory = PeakMemory(process.pid, sample_every)
    log, _ = process.communicate()
    seconds, (pss, rss) = time.perf_counter() - start, memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"briefing run failed:\n{log[-3000:]}")
    return RunMeasure(seconds, pss, rss, log)

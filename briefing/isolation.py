"""A time budget and a memory cap per document: each file is read and extracted in a worker process that can
be ended.

A thread cannot be stopped from outside; a process can. Workers (pebble's ProcessPool) are spawned, so no
thread of the orchestrator is copied into them, once per run (they end when its batches are read); they load
the rules and dictionaries once, cap their own address space, and are replaced when one is ended for
overrunning its budget or dies. A document that
overruns is quarantined "took longer than N s", and the run goes on.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import resource
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from briefing.collection import collect_less_often
from briefing.errors import TookTooLong
from briefing.ingest.limits import Budget, ReadLimits
from briefing.models import Extraction, QuarantineRecord, SourceFile
from briefing.reading import quarantined, read_file

logger = logging.getLogger("briefing")
_MB = 1024 * 1024


def _start_worker(config_dir: str, memory_mb: int) -> None:
    """Cap the worker's memory, then load what every document needs (so its budget counts only its own work:
    a worker started after one was abandoned would otherwise charge the next document with 1.5 s of the
    fingerprints' library imports and the gazetteer's regular expressions)."""
    collect_less_often()
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * _MB, hard))
    import datasketch  # noqa: F401
    from briefing.extract import extractor
    from briefing.ingest.gazetteer import load_gazetteer

    extractor(Path(config_dir)).tokenizer.segmenter.initialize()
    load_gazetteer()


class DocumentWorkers:
    """Worker processes that read documents, each under the budget."""

    def __init__(self, config_dir: Path, limits: ReadLimits, budget: Budget) -> None:
        self.config_dir, self.limits, self.budget = config_dir, limits, budget
        self.pool = ProcessPool(max_workers=budget.workers, initializer=_start_worker,
                                initargs=(str(config_dir), budget.memory_mb),
                                context=multiprocessing.get_context("spawn"))
        atexit.register(self.close)

    def close(self) -> None:
        atexit.unregister(self.close)
        self.pool.stop()
        self.pool.join()

    def read_all(self, sources: tuple[SourceFile, ...]) -> list[Extraction | QuarantineRecord]:
        futures = [self.pool.schedule(read_file, args=(source, self.config_dir, self.limits),
                                      timeout=self.budget.seconds) for source in sources]
        results: list[Extraction | QuarantineRecord] = []
        for source, future in zip(sources, futures):
            try:
                results.append(future.result())
            except FutureTimeout:
                results.append(self._abandoned(source, TookTooLong(f"took longer than {self.budget.seconds:g} s")))
            except ProcessExpired as exc:  # killed by the system (out of memory) or crashed in native code
                results.append(self._abandoned(source, TookTooLong(
                    f"the worker reading it died (exit code {exc.exitcode})",
                    "check the file; if it is a real text, raise document_memory_mb in config/briefing.yaml")))
        return results

    @staticmethod
    def _abandoned(source: SourceFile, error: TookTooLong) -> QuarantineRecord:
        record = quarantined(source, error)
        logger.warning("quarantined %s", record.one_line())
        return record


_running: dict[tuple[Path, ReadLimits, Budget], DocumentWorkers] = {}
_running_lock = threading.Lock()


def document_workers(config_dir: Path, limits: ReadLimits, budget: Budget) -> DocumentWorkers:
    """The workers of this process for these rules and limits, started on first use and shared by the run's
    batches (which may call from several threads)."""
    with _running_lock:
        key = (config_dir, limits, budget)
        if key not in _running:
            _running[key] = DocumentWorkers(config_dir, limits, budget)
        return _running[key]


def release_workers() -> None:
    """End the document workers once every batch is read: they hold a few hundred MB each, which the later
    stages (rendering most of all) should not have to share the machine with."""
    with _running_lock:
        workers = list(_running.values())
        _running.clear()
    for each in workers:
        each.close()


def read_files(sources: tuple[SourceFile, ...], config_dir: Path, limits: ReadLimits,
               budget: Budget) -> list[Extraction | QuarantineRecord]:
    """Every file of a batch, under the budget where one is set and this process may have children."""
    if not budget.enforced or multiprocessing.current_process().daemon:
        if budget.enforced:
            logger.warning("document_timeout not enforced: this worker process is daemonic and cannot start "
                           "children (for Dask, set distributed.worker.daemon: false)")
        return [read_file(source, config_dir, limits) for source in sources]
    return document_workers(config_dir, limits, budget).read_all(sources)

"""One function run in a process of its own while the caller goes on with other work: a stage's two halves on
the machine's two cores (the comparison's text reuse beside the rest of it).

The process is spawned (no thread of the orchestrator is copied into it) and ended when the block is left,
finished or not. Where this process may not have children (a daemonic task-runner worker), the function
runs here when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future
from types import TracebackType
from typing import Any, Generic, TypeVar

from pebble import ProcessExpired, ProcessPool

from briefing.collection import collect_less_often
from briefing.errors import BackgroundDied

T = TypeVar("T")


class InBackground(Generic[T]):
    """``with InBackground(function, *args) as job: ...; job.result()``: ``function(*args)`` in a spawned
    process, started on entry; ``result()`` waits for it and raises what it raised."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self.function, self.args = function, args
        self._pool: ProcessPool | None = None
        self._future: Future[T] | None = None

    def __enter__(self) -> InBackground[T]:
        if not multiprocessing.current_process().daemon:
            self._pool = ProcessPool(max_workers=1, context=multiprocessing.get_context("spawn"))
            self._future = self._pool.schedule(_with_fewer_collections, args=(self.function, *self.args))
        return self

    def result(self) -> T:
        if self._future is None:
            return self.function(*self.args)
        try:
            return self._future.result()
        except ProcessExpired as exc:
            raise BackgroundDied(f"the process computing {self.function.__name__} died (exit code {exc.exitcode})",
                                 hint="run again; if it recurs, see the system log for the process being killed") from exc

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()


def _with_fewer_collections(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in the spawned process, which starts with CPython's default thresholds."""
    collect_less_often()
    return function(*args)

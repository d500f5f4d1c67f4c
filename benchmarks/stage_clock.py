"""Seconds per stage of a pipeline run in this process, read from the stage log lines."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class StageClock(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        stage = getattr(record, "stage", None)
        if stage is not None:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + float(getattr(record, "seconds", 0.0))


@contextmanager
def stage_clock() -> Iterator[StageClock]:
    clock = StageClock()
    logger = logging.getLogger("briefing")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(clock)
    try:
        yield clock
    finally:
        logger.removeHandler(clock)
        logger.setLevel(level)

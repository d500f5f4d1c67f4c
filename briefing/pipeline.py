"""The monthly run: its stages, in order, once.

    discover -> extract (per batch of new files) -> store -> compare -> render -> publish -> deliver

Each stage is a step of briefing/steps.py. Between stages only small values travel: the run plan (ids,
paths, the new files' names and hashes), counts, and the rendered briefing; the records themselves stay in
the store, written and read through its seam. ``run`` executes the stages under the store's lock, records
a failure (its documents count as new again next time) and writes one log line per stage. An executor
decides how a stage is called: in this process (``InProcess``), or as Prefect tasks (flows/).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

from briefing import schedule, steps
from briefing.collection import collect_less_often
from briefing.deliver import Published
from briefing.extractor_version import EXTRACTOR_VERSION
from briefing.locking import exclusive_run
from briefing.models import Delivery
from briefing.period import resolve_period, today_in
from briefing.settings import Settings
from briefing.run_scope import RunRequest, settings_for
from briefing.steps import RunPlan
from briefing.store import seam

logger = logging.getLogger("briefing")


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[..., Any]
    #: the earlier results it takes, by stage name ("request" and "settings" are the run's inputs)
    takes: tuple[str, ...]
    #: called once per batch of the run's new files (a mapped task under Prefect)
    per_batch: bool = False
    #: a failure here undoes the run's additions; after publishing, the briefing stands whatever follows
    before_publishing: bool = True
    #: worth trying again after a failure (fonts or disk briefly missing, a mail server that hangs up);
    #: under Prefect, retried task_retries times with backoff
    retried: bool = False


STAGES: tuple[Stage, ...] = (
    Stage("discover", steps.discover, takes=("settings", "request")),
    Stage("extract", steps.extract, takes=("discover",), per_batch=True),
    Stage("store", steps.store, takes=("discover", "extract")),
    Stage("compare", steps.compare_on_file, takes=("discover",)),
    Stage("render", steps.render, takes=("discover",), retried=True),
    Stage("publish", steps.publish_briefing, takes=("discover", "render")),
    Stage("deliver", steps.deliver, takes=("discover", "publish"), before_publishing=False, retried=True),
)
#: the route of a run that finds nothing changed since a briefing was published: it keeps that briefing
KEEP = Stage("keep", steps.keep_briefing, takes=("discover",), before_publishing=False)
BY_NAME = {stage.name: stage for stage in (*STAGES, KEEP)}


@dataclass(frozen=True)
class Outcome:
    plan: RunPlan
    published: Published
    delivery: Delivery


def run_stage(name: str, *args: Any) -> Any:
    """Call one stage and write its log lines: ``stage=<name> begins``, then ``stage=<name> seconds=<s>
    <counts>`` when it is done."""
    collect_less_often()  # whichever process the task runner calls it in
    logger.info("stage=%s begins", name, extra={"stage_begins": name})
    start = time.perf_counter()
    result = BY_NAME[name].run(*args)
    seconds = time.perf_counter() - start
    fields = result.log_fields() if hasattr(result, "log_fields") else {}
    logger.info("stage=%s seconds=%.2f %s", name, seconds, " ".join(f"{key}={value}" for key, value in fields.items()),
                extra={"stage": name, "seconds": seconds})
    return result


class Executor(Protocol):
    def call(self, stage: Stage, *args: Any) -> Any: ...

    def map(self, stage: Stage, plan: RunPlan, batches: list[tuple[Any, ...]]) -> list[Any]: ...


class InProcess:
    """Every stage in this process, one after the other."""

    def call(self, stage: Stage, *args: Any) -> Any:
        return run_stage(stage.name, *args)

    def map(self, stage: Stage, plan: RunPlan, batches: list[tuple[Any, ...]]) -> list[Any]:
        return [run_stage(stage.name, plan, batch) for batch in batches]


def _execute(stage: Stage, results: dict[str, Any], executor: Executor) -> Any:
    args = [results[name] for name in stage.takes]
    if stage.per_batch:
        plan: RunPlan = args[0]
        return executor.map(stage, plan.for_batches(), plan.batches())
    return executor.call(stage, *args)


def run(settings: Settings, request: RunRequest, executor: Executor | None = None) -> Outcome:
    """The stages in order under the store's lock. A failure before publishing is recorded (its documents
    count as new again) and re-raised; so is one after, but the published briefing stands."""
    executor = executor or InProcess()
    settings = settings_for(settings, request)
    with exclusive_run(settings.path("store"), settings.lock_timeout):
        results: dict[str, Any] = {"settings": settings, "request": request}
        results["discover"] = _execute(STAGES[0], results, executor)
        plan: RunPlan = results["discover"]
        if plan.unchanged_since is not None:
            return _keep(plan, results, executor)
        try:
            for stage in STAGES[1:]:
                if stage.before_publishing:
                    results[stage.name] = _execute(stage, results, executor)
        except BaseException as error:
            seam.record_failure(plan.store_path, plan.run_id, error)
            raise
        try:
            for stage in STAGES[1:]:
                if not stage.before_publishing:
                    results[stage.name] = _execute(stage, results, executor)
        except BaseException as error:
            seam.record_failure_after_publishing(plan.store_path, plan.run_id, error)
            raise
    return Outcome(plan, results["publish"], results["deliver"])


def _keep(plan: RunPlan, results: dict[str, Any], executor: Executor) -> Outcome:
    logger.info("run %d: nothing changed since run %d published %s; keeping it (--force makes it again)",
                plan.run_id, plan.unchanged_since.run_id if plan.unchanged_since else 0, plan.output_root)
    try:
        kept: steps.Kept = _execute(KEEP, results, executor)
    except BaseException as error:
        seam.record_failure(plan.store_path, plan.run_id, error)
        raise
    return Outcome(plan, kept.published, kept.delivery)


def skip_if_late(settings: Settings, scheduled_start: datetime | None) -> bool:
    """Under ``missed_runs: skip``, record a scheduled run that started too late as skipped; True if so."""
    if not schedule.is_skipped_as_late(settings, scheduled_start, datetime.now(timezone.utc)):
        return False
    assert scheduled_start is not None
    period = resolve_period(None, schedule.scheduled_day(settings, scheduled_start) or today_in(settings.timezone),
                            settings.period_rule)
    seam.record_skipped(settings.path("store"), period.label, EXTRACTOR_VERSION,
                        f"started late (scheduled {scheduled_start.isoformat(timespec='minutes')})")
    logger.warning("run for %s skipped: it started more than %g hours after its schedule (missed_runs: skip)",
                   period, settings.late_after_hours)
    return True

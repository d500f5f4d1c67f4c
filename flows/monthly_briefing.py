"""The monthly briefing flow: the stages of briefing/pipeline.py, each a Prefect task.

The flow reads the stage list; it does not repeat it. Per-batch stages are mapped over the task runner chosen
in config (threads, processes or a Dask cluster). Tasks pass the run plan and counts, never records, so
Prefect has little to walk or serialize; caching is off: the store decides what is new, by content hash and
extractor version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from prefect import Flow, Task, flow, serve, task, unmapped
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy, FlowRun, State
from prefect.deployments.runner import RunnerDeployment
from prefect.logging import get_logger
from prefect.runtime import flow_run
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from briefing import alerts, pipeline, schedule
from briefing.errors import BriefingError
from briefing.prefect_env import TemporaryApi
from briefing.report.summary import new_goal_rows, run_summary
from briefing.settings import Settings, load_settings
from briefing.run_scope import RunRequest
from briefing.steps import RunPlan
from briefing.store import seam


def _stage(name: str, arguments: tuple[Any, ...]) -> Any:
    return pipeline.run_stage(name, *arguments)


_TASKS: dict[str, Task[..., Any]] = {
    stage.name: task(name=stage.name, cache_policy=NO_CACHE)(_stage) for stage in pipeline.BY_NAME.values()}


class PrefectTasks:
    """Calls each stage as its task; a per-batch stage as one mapped task run per batch; a stage marked
    ``retried`` with task_retries retries, the delay doubling from task_retry_delay_seconds."""

    def __init__(self, settings: Settings) -> None:
        self.delays = [settings.task_retry_delay_seconds * 2 ** attempt for attempt in range(settings.task_retries)]

    def call(self, stage: pipeline.Stage, *args: Any) -> Any:
        stage_task = _TASKS[stage.name]
        if stage.retried and self.delays:
            stage_task = stage_task.with_options(retries=len(self.delays), retry_delay_seconds=self.delays)
        return stage_task(stage.name, args)

    def map(self, stage: pipeline.Stage, plan: RunPlan, batches: list[tuple[Any, ...]]) -> list[Any]:
        futures = _TASKS[stage.name].map(unmapped(stage.name), [(plan, batch) for batch in batches])
        return [future.result() for future in futures]


def _tell_operator(flow: Flow[..., Any], flow_run: FlowRun, state: State[Any]) -> None:  # noqa: ARG001
    """Flow hook on failure or crash (Prefect's names for its arguments): record the reason as the run's
    artifact and tell the operator."""
    reason = state.message or state.name or "failed"
    create_markdown_artifact(key="briefing-failure", description="why the briefing run failed",
                             markdown=f"Run `{flow_run.name}` failed: {reason}")
    try:
        settings = load_settings()
    except BriefingError:  # the settings are what failed: the artifact and the flow run's state say so
        return
    alerts.tell_operator(settings, flow_run.name, flow_run.parameters, reason)


@flow(name="monthly-briefing", log_prints=True, on_failure=[_tell_operator], on_crashed=[_tell_operator])
def monthly_briefing(period: str | None = None, inputs: str | None = None, out: str | None = None,
                     force: bool = False, store: str | None = None) -> str:
    """Build the briefing for ``period`` (default: the previous month) and return the PDF's path; with
    nothing changed since a briefing was published, keep it (``force`` makes it again)."""
    settings = load_settings()
    scheduled: datetime | None = flow_run.scheduled_start_time if flow_run.get_id() else None
    if period is None and pipeline.skip_if_late(settings, scheduled):
        return ""
    request = RunRequest(period, inputs, out, schedule.scheduled_day(settings, scheduled), force, store)
    outcome = pipeline.run(settings, request, PrefectTasks(settings))
    _publish_artifacts(outcome)
    return str(outcome.published.pdf)


def _publish_artifacts(outcome: pipeline.Outcome) -> None:
    plan, pdf = outcome.plan, outcome.published.pdf
    create_link_artifact(key="briefing-pdf", link=pdf.resolve().as_uri(), link_text=pdf.name)
    if plan.unchanged_since is not None:
        create_markdown_artifact(key="briefing-summary", description=f"briefing {plan.period}",
                                 markdown=f"Nothing changed since run {plan.unchanged_since.run_id}: its briefing "
                                          f"`{pdf}` is kept ({outcome.delivery}).")
        return
    inputs = seam.load_run_summary(plan.store_path, plan.run_id)
    create_markdown_artifact(key="briefing-summary", description=f"briefing {plan.period}",
                             markdown=run_summary(plan.period.label, inputs, str(pdf), str(outcome.delivery)))
    rows = new_goal_rows(inputs)
    if rows:
        create_table_artifact(key="briefing-new-goals", table=rows, description="goals of this period's documents")


@contextmanager
def api_for_run(temporary: TemporaryApi | None) -> Iterator[None]:
    """The API the flow talks to: the one configured (environment or Prefect profile), else the temporary
    server started for this run, once it answers."""
    if temporary is None:
        yield
        return
    if PREFECT_API_URL.value():  # a profile names a server: the temporary one is not needed
        temporary.stop()
        yield
        return
    url = temporary.wait_until_ready()
    get_logger("prefect").info("temporary server of Prefect's API for this run on %s (it stops when the run ends)", url)
    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield


def task_runner_for(settings: Settings) -> Any:
    """The runner for per-batch tasks: threads (default), processes, or a Dask cluster."""
    if settings.task_runner == "processes":
        return ProcessPoolTaskRunner(max_workers=settings.workers)
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.workers, "threads_per_worker": 1})
    return ThreadPoolTaskRunner(max_workers=settings.workers)


def configured_flow(settings: Settings) -> Any:
    return monthly_briefing.with_options(task_runner=task_runner_for(settings))


def build_deployment(settings: Settings) -> RunnerDeployment:
    """The scheduled deployment: cron with its timezone (flow.serve(cron=...) would store UTC)."""
    return configured_flow(settings).to_deployment(
        name=settings.deployment_name,
        schedules=[Cron(settings.schedule, timezone=settings.timezone)],
        parameters={"period": None},
        description="Monthly digital-economy policy briefing (reports the previous calendar month).",
        # one run at a time; a run due while another runs waits its turn instead of being dropped
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE),
    )


def serve_deployment(settings: Settings) -> None:
    """Register the scheduled deployment with the Prefect server and run its flow runs until SIGTERM."""
    if not PREFECT_API_URL.value():
        raise BriefingError("PREFECT_API_URL is not set",
                            hint="start `prefect server start` and export PREFECT_API_URL=http://127.0.0.1:4200/api")
    serve(build_deployment(settings))

"""The monthly briefing flow: discover -> ingest -> extract -> store -> compare -> render -> publish -> deliver.

Tasks are per stage or per document (never per sentence): each task run costs tens of milliseconds.
Per-document ingest and extract are mapped over the task runner chosen in config (threads, processes or a
Dask cluster). Caching is off: the store decides what is new, by content hash and extractor version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path

from prefect import flow, serve, task, unmapped
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.deployments.runner import RunnerDeployment
from prefect.runtime import flow_run
from prefect.settings import PREFECT_API_URL
from prefect.schedules import Cron
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from briefing import stages
from briefing.deliver import Published
from briefing.errors import BriefingError
from briefing.locking import exclusive_run
from briefing.models import Document, Extraction, QuarantineRecord, SourceFile
from briefing.report.summary import new_goal_rows, run_summary
from briefing.settings import Settings, load_settings
from briefing.store import SavedCounts


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(settings: Settings, period: str | None, inputs: str | None, out: str | None,
                  today: date | None) -> stages.RunPlan:
    return stages.start_run(settings, period, inputs, out, today)


@task(name="ingest", cache_policy=NO_CACHE, task_run_name="ingest {source.path.name}")
def ingest_task(source: SourceFile, config_dir: Path) -> Document | QuarantineRecord:
    return stages.ingest(source, config_dir)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(item: Document | QuarantineRecord, config_dir: Path) -> Extraction | QuarantineRecord:
    return stages.extract(item, config_dir)


@task(name="store", cache_policy=NO_CACHE)
def store_task(plan: stages.RunPlan, results: Sequence[Extraction | QuarantineRecord]) -> SavedCounts:
    return stages.store_results(plan, results)


@task(name="compare", cache_policy=NO_CACHE)
def compare_task(plan: stages.RunPlan) -> stages.Compared:
    return stages.compare_on_file(plan)


@task(name="render", cache_policy=NO_CACHE)
def render_task(plan: stages.RunPlan, compared: stages.Compared) -> stages.Rendered:
    return stages.render(plan, compared)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(plan: stages.RunPlan, compared: stages.Compared, rendered: stages.Rendered) -> Published:
    return stages.publish_briefing(plan, compared, rendered)


@task(name="deliver", cache_policy=NO_CACHE)
def deliver_task(plan: stages.RunPlan, published: Published) -> str:
    return stages.deliver(plan, published)


@flow(name="monthly-briefing", log_prints=True)
def monthly_briefing(period: str | None = None, inputs: str | None = None, out: str | None = None) -> str:
    """Build the briefing for ``period`` (default: the previous month) and return the PDF's path."""
    settings = load_settings()
    scheduled = flow_run.scheduled_start_time if flow_run.get_id() else None
    if period is None and stages.is_skipped_as_late(settings, scheduled, datetime.now(timezone.utc)):
        stages.record_skipped(settings, scheduled)
        return ""
    with exclusive_run(settings.path("store"), settings.lock_timeout):
        plan = discover_task(settings, period, inputs, out, stages.scheduled_day(settings, scheduled))
        try:
            ingested = ingest_task.map(plan.new, config_dir=unmapped(plan.config_dir))
            extracted = extract_task.map(ingested, config_dir=unmapped(plan.config_dir))
            store_task(plan, [future.result() for future in extracted])
            compared = compare_task(plan)
            rendered = render_task(plan, compared)
            published = publish_task(plan, compared, rendered)
        except BaseException as error:
            stages.fail_run(plan, error)
            raise
        delivery = deliver_task(plan, published)
    _publish_artifacts(plan, compared, published, delivery)
    return str(published.pdf)


def _publish_artifacts(plan: stages.RunPlan, compared: stages.Compared, published: Published, delivery: str) -> None:
    goals = compared.comparison.goals
    create_markdown_artifact(
        key="briefing-summary", description=f"briefing {plan.period}",
        markdown=run_summary(plan.period.label, plan.run_id, compared.documents, goals, set(compared.new_doc_ids),
                             compared.comparison.indicator_changes, compared.quarantine, str(published.pdf), delivery))
    rows = new_goal_rows(goals, set(compared.new_doc_ids))
    if rows:
        create_table_artifact(key="briefing-new-goals", table=rows, description="goals of this period's documents")
    create_link_artifact(key="briefing-pdf", link=published.pdf.resolve().as_uri(), link_text=published.pdf.name)


def task_runner_for(settings: Settings) -> TaskRunner:
    """The runner for per-document tasks: threads (default), processes, or a Dask cluster."""
    if settings.task_runner == "processes":
        return ProcessPoolTaskRunner(max_workers=settings.workers)
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.workers, "threads_per_worker": 1})
    return ThreadPoolTaskRunner(max_workers=settings.workers)


def configured_flow(settings: Settings):  # type: ignore[no-untyped-def]
    return monthly_briefing.with_options(task_runner=task_runner_for(settings))


def build_deployment(settings: Settings) -> RunnerDeployment:
    """The scheduled deployment: cron with its timezone (flow.serve(cron=...) would store UTC)."""
    return configured_flow(settings).to_deployment(
        name=settings.deployment_name,
        schedules=[Cron(settings.schedule, timezone=settings.timezone)],
        parameters={"period": None},
        description="Monthly digital-economy policy briefing (reports the previous calendar month).",
    )


def serve_deployment(settings: Settings) -> None:
    """Register the scheduled deployment with the Prefect server and run its flow runs until SIGTERM."""
    if not PREFECT_API_URL.value():
        raise BriefingError("PREFECT_API_URL is not set",
                            hint="start `prefect server start` and export PREFECT_API_URL=http://127.0.0.1:4200/api")
    serve(build_deployment(settings))

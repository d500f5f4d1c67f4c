"""The monthly briefing flow: discover -> ingest -> extract -> store -> compare -> render -> publish.

Tasks are per stage or per document (never per sentence): each task run costs tens of milliseconds.
Caching is off: the store decides what is new, by content hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from briefing import stages
from briefing.deliver import Published
from briefing.models import Document, Extraction, QuarantineRecord, SourceFile
from briefing.settings import Settings, load_settings
from briefing.store import SavedCounts


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(settings: Settings, period: str | None, inputs: str | None, out: str | None) -> stages.RunPlan:
    return stages.start_run(settings, period, inputs, out)


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


@flow(name="monthly-briefing", log_prints=True)
def monthly_briefing(period: str | None = None, inputs: str | None = None, out: str | None = None) -> str:
    """Build the briefing for ``period`` (default: the previous month) and return the PDF's path."""
    settings = load_settings()
    plan = discover_task(settings, period, inputs, out)
    try:
        ingested = [ingest_task(source, plan.config_dir) for source in plan.new]
        extracted = [extract_task(item, plan.config_dir) for item in ingested]
        store_task(plan, extracted)
        compared = compare_task(plan)
        rendered = render_task(plan, compared)
        published = publish_task(plan, compared, rendered)
    except BaseException as error:
        stages.fail_run(plan, error)
        raise
    return str(published.pdf)


def build_deployment(settings: Settings) -> RunnerDeployment:
    """The scheduled deployment: cron with its timezone (flow.serve(cron=...) would store UTC)."""
    return monthly_briefing.to_deployment(
        name=settings.deployment_name,
        schedules=[Cron(settings.schedule, timezone=settings.timezone)],
        parameters={"period": None},
        description="Monthly digital-economy policy briefing (reports the previous calendar month).",
    )

"""Command line of policy-briefing (`briefing --help` lists the commands). Errors become one line and a
non-zero exit."""

from __future__ import annotations

import atexit
import gc
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from briefing.collection import collect_less_often
from briefing.errors import BriefingError
from briefing.models import QuarantineRecord
from briefing.run_listing import ListingFormat
from briefing.settings import Settings, load_settings

if TYPE_CHECKING:
    from briefing.ingest.limits import ReadLimits
    from briefing.run_scope import RunRequest

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="policy-briefing: monthly briefing on regional digital-economy policy.")
err = Console(stderr=True)
console = Console()

F = TypeVar("F", bound=Callable[..., Any])
Read = TypeVar("Read")
ConfigOption = Annotated[Path | None, typer.Option("--config", help="config file (default: config/briefing.yaml)")]
PolicyFiles = Annotated[list[Path], typer.Argument(help="policy texts (.txt .md .html .pdf .docx)")]


def _one_line_errors(command: F) -> F:
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BriefingError as exc:
            err.print(f"[red]error:[/red] {exc.one_line()}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    return wrapper  # type: ignore[return-value]


@app.command()
@_one_line_errors
def run(
    period: Annotated[str | None, typer.Option(help="reporting period YYYY-MM (default: the previous month)")] = None,
    inputs: Annotated[Path | None, typer.Option(help="take inputs from this folder instead of the configured ones")] = None,
    out: Annotated[Path | None, typer.Option(help="write outputs/<period>/ below this folder")] = None,
    force: Annotated[bool, typer.Option(help="make the briefing even if nothing changed since it was published")] = False,
    store: Annotated[Path | None, typer.Option(help="the store to use (a run with --inputs otherwise keeps its "
                                                     "own, <out>/ad-hoc.db)")] = None,
    config: ConfigOption = None,
) -> None:
    """Run the monthly briefing flow now, in this process, and print where the PDF is. A rerun with nothing
    changed keeps the briefing already published. A run on a folder (--inputs) is ad hoc: it leaves the
    configured store alone unless --store (or BRIEFING_STORE) names it."""
    collect_less_often()
    settings = load_settings(config)
    if period:
        from briefing.period import parse_period

        parse_period(period)  # a bad period fails here, before Prefect starts
    from briefing.corrections import load_corrections
    from briefing.run_scope import RunRequest

    load_corrections(settings.config_dir)  # so does a corrections file that is not valid

    request = RunRequest(period, str(inputs) if inputs else None, str(out) if out else None, force=force,
                         store=str(store.absolute()) if store else None)
    from briefing.prefect_env import prepare_prefect_environment, start_temporary_api

    prepare_prefect_environment(settings)
    # Runs after every other exit handler (Prefect's, the temporary API's stop): the interpreter's last
    # collections would walk every object the run leaves (jieba's dictionary, the frames), a second here.
    atexit.register(gc.freeze)
    # Started before the inputs are hashed: it boots (ten seconds, mostly imports) while this process finds
    # out whether the run has anything to do and then imports Prefect and the flow; stopped if it has not.
    temporary_api = start_temporary_api()
    if _kept_without_prefect(settings, request):
        if temporary_api is not None:
            temporary_api.stop()
        return
    from flows.monthly_briefing import api_for_run, configured_flow

    if temporary_api is not None:  # the API is still booting: load what the stages will need meanwhile
        from briefing.warm_up import load_stage_modules

        load_stage_modules(settings)
    with api_for_run(temporary_api), _progress_on_terminal():
        pdf = configured_flow(settings)(period=request.period, inputs=request.inputs, out=request.out,
                                        force=request.force, store=request.store)
    typer.echo(pdf)


def _kept_without_prefect(settings: Settings, request: RunRequest) -> bool:
    """A rerun with nothing changed: keep the published briefing in this process, recorded in the store
    (`briefing history`), rather than start Prefect for it: Prefect's client alone takes longer than the
    whole answer (its import two seconds, a flow run one or two more, a temporary API ten). Runs Prefect
    starts itself (the served deployment) are flow runs whatever they find."""
    from briefing import pipeline
    from briefing.run_scope import would_keep

    if not would_keep(settings, request):
        return False
    outcome = pipeline.run(settings, request)
    if outcome.plan.unchanged_since is not None:
        err.print(f"nothing changed since run {outcome.plan.unchanged_since.run_id} published this briefing; "
                  "kept it (--force makes it again)", highlight=False, soft_wrap=True)
    typer.echo(outcome.published.pdf)
    return True


@app.command()
@_one_line_errors
def serve(config: ConfigOption = None) -> None:
    """Register the scheduled deployment with the Prefect server (PREFECT_API_URL) and serve it."""
    settings = load_settings(config)
    from briefing.prefect_env import prepare_prefect_environment

    prepare_prefect_environment(settings)
    from flows.monthly_briefing import serve_deployment

    err.print(f"serving deployment monthly-briefing/{settings.deployment_name}: "
              f"cron '{settings.schedule}' ({settings.timezone}); stop with SIGTERM", highlight=False)
    serve_deployment(settings)


class OutputFormat(str, Enum):
    json = "json"
    csv = "csv"
    table = "table"


@contextmanager
def _progress_on_terminal() -> Iterator[None]:
    """A progress bar over the run's stages on a terminal; elsewhere the plain log lines are enough."""
    if not sys.stdout.isatty():
        yield
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from briefing.pipeline import STAGES

    whole_stages = {stage.name for stage in STAGES if not stage.per_batch}
    progress = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err)
    bar = progress.add_task("briefing: starting", total=len(whole_stages))

    class StageHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            begins, stage = getattr(record, "stage_begins", None), getattr(record, "stage", None)
            if begins in whole_stages:
                progress.update(bar, description=f"briefing: {begins}")
            elif stage in whole_stages:
                progress.update(bar, advance=1, description=f"briefing: {stage} done")

    handler = StageHandler()
    logging.getLogger("briefing").addHandler(handler)
    try:
        with progress:
            yield
    finally:
        logging.getLogger("briefing").removeHandler(handler)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _report_skipped(records: Iterable[QuarantineRecord]) -> None:
    """One line per file that could not be read: the file, the reason, what to do."""
    for record in records:
        err.print(f"[yellow]skipped:[/yellow] {record.one_line()}", highlight=False, soft_wrap=True)


class IngestFormat(str, Enum):
    json = "json"
    outline = "outline"


OutlineFormatOption = Annotated[IngestFormat, typer.Option("--format", "-f", help="json, or outline for tables")]


def _read_files(reader: Callable[[list[Path], Path, ReadLimits], Read], files: list[Path], config: Path | None) -> Read:
    """Read FILES the way a run would (the config's rules and read limits), storing nothing."""
    settings = load_settings(config)
    return reader(files, settings.config_dir, settings.read_limits())


@app.command()
@_one_line_errors
def ingest(
    files: PolicyFiles,
    format: OutlineFormatOption = IngestFormat.outline,
    config: ConfigOption = None,
) -> None:
    """Show what each file becomes: metadata, an outline of its sections, warnings (nothing is stored)."""
    from briefing.inspect import ingest_files, ingestion_json, ingestion_outline

    results = _read_files(ingest_files, files, config)
    if format is IngestFormat.json:
        _print_json(ingestion_json(results))
    else:
        for document in results.documents:
            console.print(ingestion_outline(document))
    _report_skipped(results.quarantined)


@app.command()
@_one_line_errors
def extract(
    files: PolicyFiles,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Show the goals and measures extracted from FILES (nothing is stored)."""
    from briefing.inspect import (
        extract_files,
        extraction_csv,
        extraction_json,
        extraction_tables,
    )

    results = _read_files(extract_files, files, config)
    if format is OutputFormat.json:
        _print_json(extraction_json(results))
    elif format is OutputFormat.csv:
        sys.stdout.write(extraction_csv(results))
    else:
        for table in extraction_tables(results):
            console.print(table)
    _report_skipped(results.quarantined)


@app.command()
@_one_line_errors
def compare(
    old: Annotated[str, typer.Argument(help="the earlier document: a file, or a document id in the store")],
    new: Annotated[str, typer.Argument(help="the later document: a file, or a document id in the store")],
    format: OutlineFormatOption = IngestFormat.outline,
    config: ConfigOption = None,
) -> None:
    """What changed from OLD to NEW: indicators (raised, lowered, new, dropped, masked), themes, measures."""
    from briefing.pairs import compare_pair, comparison_tables

    settings = load_settings(config)
    diff = compare_pair(old, new, settings.path("store"), settings.config_dir)
    if format is IngestFormat.json:
        _print_json(diff)
    else:
        for table in comparison_tables(diff):
            console.print(table)


@app.command()
@_one_line_errors
def score(
    files: Annotated[list[Path] | None, typer.Argument(
        help="texts to score (default: every text tests/gold annotates, from inputs/plans and tests/passages)")] = None,
    gold: Annotated[Path | None, typer.Option(help="folder of gold annotations (default: tests/gold)")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="list every error, grouped by the class that caused it")] = False,
    calibrate: Annotated[bool, typer.Option(
        "--calibrate", help="measure each rule's reliability and write it to config/confidence.yaml")] = False,
    write_baseline: Annotated[Path | None, typer.Option(
        help="write the figures as the quality gate's baseline (tests/quality_baseline.json)")] = None,
    config: ConfigOption = None,
) -> None:
    """Extraction quality against gold annotations: goal precision/recall per document and overall."""
    from briefing.evaluate import development_files
    from briefing.evaluate import score as score_extractions
    from briefing.inspect import extract_files, extraction_json, write_confidence_table

    settings = load_settings(config)
    gold_dir = gold or settings.project_root / "tests" / "gold"
    paths = files or development_files(gold_dir, [settings.path("plans_dir"),
                                                  settings.project_root / "tests" / "passages"])
    results = score_extractions(gold_dir, extraction_json(extract_files(paths, settings.config_dir))["documents"])
    typer.echo(results.report())
    if errors:
        typer.echo("")
        typer.echo(results.error_report())
    if calibrate:
        target = write_confidence_table(results, settings.config_dir)
        err.print(f"rule reliabilities written to {target}", highlight=False)
    if write_baseline:
        text = json.dumps(results.baseline_record(), ensure_ascii=False, indent=1) + "\n"
        temporary = write_baseline.with_name(write_baseline.name + ".part")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(write_baseline)
        err.print(f"quality baseline written to {write_baseline}", highlight=False)


@app.command()
@_one_line_errors
def history(limit: Annotated[int, typer.Option(help="how many runs")] = 20,
            format: Annotated[ListingFormat, typer.Option("--format", help="table, json or csv")] = ListingFormat.table,
            config: ConfigOption = None) -> None:
    """List the recorded runs: period, status, documents, goals, output. In a pipe or a log the table keeps
    every value whole; --format json or csv is for scripts."""
    from briefing import run_listing
    from briefing.store import seam

    runs = seam.run_history(load_settings(config).path("store"), limit)
    if format is not ListingFormat.table:
        typer.echo(run_listing.as_json(runs) if format is ListingFormat.json else run_listing.as_csv(runs), nl=False)
    elif not console.is_terminal:
        typer.echo(run_listing.as_plain_table(runs), nl=False)
    else:
        table = Table(*(heading for heading, _ in run_listing.COLUMNS))
        for record in run_listing.records(runs):
            table.add_row(*run_listing.cells(record))
        console.print(table)


@app.command()
@_one_line_errors
def review(period: Annotated[str | None, typer.Option(
               help="YYYY-MM (default: the latest period that stored documents)")] = None,
           stub: Annotated[int | None, typer.Option(
               help="append a correction stub for goal N of the listing to config/corrections.yaml")] = None,
           config: ConfigOption = None) -> None:
    """A period's goals, lowest extraction confidence first, with their quote and location; --stub N writes a
    correction of goal N for the reviewer to complete."""
    from briefing import review as reviewing
    from briefing.store import seam

    settings = load_settings(config)
    if period:
        from briefing.period import parse_period

        parse_period(period)
    found, goals = seam.period_goals(settings.path("store"), period)
    rows = reviewing.review_rows(goals)
    if stub is None:
        typer.echo(reviewing.review_text(found, rows), nl=False)
        return
    if not 1 <= stub <= len(rows):
        raise BriefingError(f"there is no goal {stub} in the review of {found}", hint=f"give 1 to {len(rows)}")
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    path = reviewing.append_stub(settings.config_dir, reviewing.correction_stub(rows[stub - 1], today))
    typer.echo(f"a correction stub for goal {stub} is at the end of {path}: complete it and remove its # signs")


if __name__ == "__main__":
    app()

"""The monthly run, one function per stage. Each Prefect task in flows/ calls exactly one of these.

discover -> ingest (per document) -> extract (per document) -> store -> compare -> render -> publish.
Bad input never stops a run: it becomes a ``QuarantineRecord`` and is listed in the briefing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from briefing.compare import Comparison, compare
from briefing.deliver import MailSettings, Published, publish, send_briefing
from briefing.discover import discover
from briefing.errors import DeliveryError, InputError
from briefing.extract import EXTRACTOR_VERSION, extract_document
from briefing.ingest import ingest_document
from briefing.ingest.identity import near_duplicates
from briefing.models import Document, Extraction, QuarantineRecord, SourceFile
from briefing.period import Period, resolve_period, today_in
from briefing.report.context import BriefingContext, ManifestRow, build_context
from briefing.report.render import render_html, render_pdf
from briefing.rules import load_rules
from briefing.settings import Settings
from briefing.store import SavedCounts, Store

logger = logging.getLogger("briefing")


@contextmanager
def _stage(name: str, counts: dict[str, object]) -> Iterator[None]:
    """One structured log line per stage: its name, duration and the counts it filled in."""
    start = time.perf_counter()
    yield
    fields = " ".join(f"{key}={value}" for key, value in counts.items())
    logger.info("stage=%s seconds=%.2f %s", name, time.perf_counter() - start, fields, extra={"stage": name})


@dataclass(frozen=True)
class RunPlan:
    """What one run works on: decided once at discovery, passed to every later stage."""

    run_id: int
    period: Period
    title: str
    timezone: str
    store_path: Path
    output_root: Path
    templates_dir: Path
    config_dir: Path
    new: tuple[SourceFile, ...]
    on_file: tuple[SourceFile, ...]
    mail: MailSettings | None = None
    uncertain_confidence: float = 0.8


@dataclass(frozen=True)
class Compared:
    comparison: Comparison
    documents: pd.DataFrame
    measures: pd.DataFrame
    quarantine: pd.DataFrame
    links: pd.DataFrame
    new_doc_ids: frozenset[str]


@dataclass(frozen=True)
class Rendered:
    context: BriefingContext
    html: str
    pdf: bytes


def scheduled_day(settings: Settings, scheduled_start: datetime | None) -> date | None:
    """The day a scheduled run was due, in the schedule's timezone: a late run reports the month it was due for."""
    if scheduled_start is None:
        return None
    return scheduled_start.astimezone(ZoneInfo(settings.timezone)).date()


def is_skipped_as_late(settings: Settings, scheduled_start: datetime | None, now: datetime) -> bool:
    """Under the "skip" policy, a run starting more than ``late_after_hours`` after its time is not built."""
    if settings.missed_runs != "skip" or scheduled_start is None:
        return False
    return (now - scheduled_start).total_seconds() > settings.late_after_hours * 3600


def record_skipped(settings: Settings, scheduled_start: datetime) -> None:
    period = resolve_period(None, scheduled_day(settings, scheduled_start) or today_in(settings.timezone),
                            settings.period_rule)
    with Store(settings.path("store")) as store:
        run_id = store.begin_run(period.label, EXTRACTOR_VERSION)
        store.finish_run(run_id, f"skipped: started late (scheduled {scheduled_start.isoformat(timespec='minutes')})")
    logger.warning("run for %s skipped: it started more than %g hours after its schedule (missed_runs: skip)",
                   period, settings.late_after_hours)


def start_run(settings: Settings, period: str | None = None, inputs: str | None = None, out: str | None = None,
              today: date | None = None) -> RunPlan:
    """Discover: resolve the period and folders, record the run, split inputs into new and on file."""
    resolved = resolve_period(period, today or today_in(settings.timezone), settings.period_rule)
    if inputs:
        folders = [(Path(inputs), "inbox")]
    else:
        folders = [(settings.path("plans_dir"), "plans"), (settings.path("inbox_dir"), "inbox")]
    store_path = settings.path("store")
    counts: dict[str, object] = {}
    with _stage("discover", counts), Store(store_path) as store:
        run_id = store.begin_run(resolved.label, EXTRACTOR_VERSION)
        # Files extracted by another extractor version count as unseen: they are read and extracted again.
        found = discover(folders, store.known_hashes(EXTRACTOR_VERSION))  # type: ignore[arg-type]
        counts.update(run=run_id, period=resolved.label, to_read=len(found.new), on_file=len(found.on_file))
    mail = None
    if settings.mail_to:
        mail = MailSettings(settings.smtp_host, settings.smtp_port, settings.smtp_security, settings.smtp_user,
                            settings.mail_from, settings.mail_to, settings.mail_attempts, settings.mail_backoff_seconds)
    return RunPlan(
        run_id=run_id,
        period=resolved,
        title=settings.title,
        timezone=settings.timezone,
        store_path=store_path,
        output_root=Path(out) if out else settings.path("output_dir"),
        templates_dir=settings.path("templates_dir"),
        config_dir=settings.config_dir,
        new=found.new,
        on_file=found.on_file,
        mail=mail,
        uncertain_confidence=settings.uncertain_confidence,
    )


def ingest(source: SourceFile, config_dir: Path) -> Document | QuarantineRecord:
    """Read and normalize one file; an unusable file becomes a quarantine record (the file is untouched)."""
    try:
        return ingest_document(source, source.path.read_bytes(), config_dir)
    except InputError as exc:
        record = QuarantineRecord(source.path, source.content_hash, exc.reason, exc.hint)
    except OSError as exc:
        record = QuarantineRecord(source.path, source.content_hash, f"cannot be read ({exc.strerror})",
                                  "check the file's permissions")
    logger.warning("quarantined %s", record.one_line())
    return record


def extract(item: Document | QuarantineRecord, config_dir: Path) -> Extraction | QuarantineRecord:
    """Goals and measures of one document; a failure is quarantined instead of stopping the run."""
    if isinstance(item, QuarantineRecord):
        return item
    try:
        return extract_document(item, config_dir)
    except Exception as exc:  # an extractor bug on one text must not cost the whole briefing
        record = QuarantineRecord(item.source.path, item.source.content_hash,
                                  f"extraction failed ({type(exc).__name__}: {exc})",
                                  "report this file to the maintainers; the run went on without it")
        logger.exception("extraction failed for %s", item.source.path)
        return record


def store_results(plan: RunPlan, results: Sequence[Extraction | QuarantineRecord]) -> SavedCounts:
    extractions = [r for r in results if isinstance(r, Extraction)]
    quarantined = [r for r in results if isinstance(r, QuarantineRecord)]
    log: dict[str, object] = {}
    with _stage("store", log), Store(plan.store_path) as store:
        counts = store.save_extractions(extractions, plan.run_id, EXTRACTOR_VERSION)
        store.record_quarantine(quarantined, plan.run_id)
        store.record_work(plan.run_id, read=len(results), extracted=len(extractions))
        new = {x.document.doc_id: x.document.signature for x in extractions}
        store.save_links(near_duplicates(new, store.signatures()), plan.run_id)
        log.update(read=len(results), extracted=len(extractions), new_documents=counts.documents_added,
                   goals=counts.goals, measures=counts.measures, quarantined=len(quarantined))
    return counts


def compare_on_file(plan: RunPlan) -> Compared:
    log: dict[str, object] = {}
    with _stage("compare", log):
        compared = _compare(plan)
        log.update(documents=len(compared.documents), new_documents=len(compared.new_doc_ids),
                   peer_rows=len(compared.comparison.peers), reuse_passages=len(compared.comparison.reuse))
    return compared


def _compare(plan: RunPlan) -> Compared:
    with Store(plan.store_path) as store:
        documents = store.documents()
        goals = store.goals()
        measures = store.measures()
        quarantine = store.quarantine(plan.run_id)
        links = store.links()
        texts = store.document_texts()
    new_doc_ids = frozenset(documents.loc[documents["first_run_id"] == plan.run_id, "doc_id"])
    comparison = compare(goals, documents, measures, texts, set(new_doc_ids), plan.config_dir)
    with Store(plan.store_path) as store:
        store.save_comparison(plan.run_id, comparison.frames())
    return Compared(comparison, documents, measures, quarantine, links, new_doc_ids)


def render(plan: RunPlan, compared: Compared) -> Rendered:
    log: dict[str, object] = {}
    with _stage("render", log):
        rendered = _render(plan, compared)
        log.update(pdf_bytes=len(rendered.pdf), html_chars=len(rendered.html))
    return rendered


def _render(plan: RunPlan, compared: Compared) -> Rendered:
    quarantined = set(compared.quarantine["path"])
    manifest = tuple(
        ManifestRow(str(source.path), source.content_hash,
                    "隔离" if str(source.path) in quarantined else ("新增" if source in plan.new else "在库"))
        for source in (*plan.new, *plan.on_file)
    )
    context = build_context(
        title=plan.title,
        period=plan.period,
        run_id=plan.run_id,
        extractor_version=EXTRACTOR_VERSION,
        comparison=compared.comparison,
        documents=compared.documents,
        measures=compared.measures,
        new_doc_ids=set(compared.new_doc_ids),
        quarantine=compared.quarantine,
        links=compared.links,
        manifest=manifest,
        generated_at=datetime.now(ZoneInfo(plan.timezone)),
        theme_names={rule.id: rule.name for rule in load_rules(plan.config_dir).themes.themes},
        uncertain_below=plan.uncertain_confidence,
    )
    html = render_html(context, plan.templates_dir)
    return Rendered(context, html, render_pdf(html, plan.templates_dir))


_GOAL_COLUMNS = ["region", "document_title", "indicator", "indicator_id", "value", "value_max", "unit", "year",
                 "comparator", "hedge", "baseline_value", "baseline_year", "placeholder", "quote", "section_path",
                 "span_start", "span_end", "original_start", "original_end", "rule_id", "rule_ids", "confidence",
                 "doc_id", "is_new"]
_MEASURE_COLUMNS = ["region", "document_title", "number", "title", "responsible", "section_path", "span_start",
                    "span_end", "original_start", "original_end", "rule_id", "doc_id"]


def publish_briefing(plan: RunPlan, compared: Compared, rendered: Rendered) -> Published:
    log: dict[str, object] = {}
    with _stage("publish", log):
        published = publish(plan.output_root, plan.period, rendered.pdf, rendered.html,
                            compared.comparison.goals[_GOAL_COLUMNS], compared.measures[_MEASURE_COLUMNS])
        with Store(plan.store_path) as store:
            store.finish_run(plan.run_id, "succeeded", str(published.pdf))
        log.update(pdf=published.pdf)
    return published


def deliver(plan: RunPlan, published: Published) -> str:
    """E-mail the PDF where recipients are configured; a failure marks the run, the PDF stays."""
    log: dict[str, object] = {}
    with _stage("deliver", log):
        if plan.mail is None:
            delivery = "not configured"
        else:
            try:
                send_briefing(plan.mail, plan.title, plan.period, published.pdf)
                delivery = f"sent to {len(plan.mail.recipients)}"
            except DeliveryError as error:
                delivery = f"failed: {error.reason}"
                logger.error("%s", error.one_line())
        with Store(plan.store_path) as store:
            store.record_delivery(plan.run_id, delivery)
            if delivery.startswith("failed"):
                store.finish_run(plan.run_id, "delivery failed", str(published.pdf))
        log.update(delivery=delivery.split(" (")[0])
    return delivery


def fail_run(plan: RunPlan, error: BaseException) -> None:
    """Record a run that stopped early, so history shows it; its files count as new again next time."""
    with Store(plan.store_path) as store:
        store.forget_additions(plan.run_id)
        store.finish_run(plan.run_id, f"failed: {type(error).__name__}: {error}"[:500])

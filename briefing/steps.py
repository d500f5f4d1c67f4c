"""What each stage of the run does: load what it needs through the store seam, call the domain's pure
functions, save what they produced. The order of the stages is briefing/pipeline.py's, not this module's.

Every result has ``log_fields``: the counts of the stage's log line ("stage=store seconds=0.12 new=5 ...").

What only one stage needs is imported in that stage (the readers and jieba in extract, the comparison in
compare, WeasyPrint in render): a run that keeps its briefing loads none of it, and every
`briefing run` starts a second or two sooner.
"""

from __future__ import annotations

import logging
import multiprocessing
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from briefing.deliver import (
    MailSettings,
    Published,
    mail_settings,
    publish,
    published_paths,
    remove_partial_files,
    send_briefing,
)
from briefing.errors import DeliveryError
from briefing.extractor_version import EXTRACTOR_VERSION
from briefing.ingest.limits import DEFAULT_LIMITS, Budget, ReadLimits
from briefing.models import Delivery, DeliveryOutcome, Extraction, SourceFile
from briefing.period import Period
from briefing.run_scope import RunRequest, run_scope
from briefing.settings import Settings
from briefing.store import seam
from briefing.store.corrections import CorrectionOutcome
from briefing.store.ledger import PublishedRun

if TYPE_CHECKING:
    from briefing.compare import Reuse
    from briefing.report.context import Edition
    from briefing.report.print_edition import PrintBounds

logger = logging.getLogger("briefing")


@dataclass(frozen=True)
class RunPlan:
    """What one run works on: decided once at discovery, handed to every later stage (small: no records)."""

    run_id: int
    period: Period
    title: str
    timezone: str
    store_path: Path
    output_root: Path
    templates_dir: Path
    config_dir: Path
    new: tuple[SourceFile, ...]
    on_file: int
    batch_size: int
    mail: MailSettings | None = None
    uncertain_confidence: float = 0.8
    limits: ReadLimits = DEFAULT_LIMITS
    budget: Budget = Budget(seconds=0, memory_mb=0, workers=1)
    #: what the briefing depends on besides the store (briefing/fingerprint.py), recorded when it is published
    basis: str = ""
    #: the run whose briefing this one keeps, when nothing changed since it published
    unchanged_since: PublishedRun | None = None
    #: the folders it reads (the briefing names input files relative to them)
    input_folders: tuple[Path, ...] = ()

    def log_fields(self) -> dict[str, object]:
        fields: dict[str, object] = {"run": self.run_id, "period": self.period.label, "to_read": len(self.new),
                                     "on_file": self.on_file}
        if self.unchanged_since:
            fields["unchanged_since_run"] = self.unchanged_since.run_id
        return fields

    def for_batches(self) -> RunPlan:
        """The plan each batch is given: a batch brings its own files, the run's list of thousands stays here
        (an orchestrator walks and records every task argument)."""
        return replace(self, new=())

    def batches(self) -> list[tuple[SourceFile, ...]]:
        """The new files in batches: one mapped task per batch, not per document."""
        size = max(1, self.batch_size)
        return [self.new[i:i + size] for i in range(0, len(self.new), size)]


@dataclass(frozen=True)
class Counts:
    """A stage result made of counts: its log line lists them all."""

    def log_fields(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class BatchResult(Counts):
    """What one batch of new files became."""

    read: int
    extracted: int
    quarantined: int
    goals: int
    measures: int


@dataclass(frozen=True)
class StoreResult(Counts):
    """What the store stage recorded: the run's work and the new documents' links."""

    read: int
    extracted: int
    near_duplicate_links: int
    corrections_applied: int = 0
    corrections_stale: int = 0


@dataclass(frozen=True)
class CompareResult(Counts):
    """The size of the run's comparison."""

    documents: int
    new_documents: int
    peer_rows: int
    reuse_passages: int


@dataclass(frozen=True)
class Rendered:
    """The briefing as PDF and HTML, and its tables as CSV, ready to publish."""

    pdf: bytes
    html: str
    goals_csv: bytes
    measures_csv: bytes

    def log_fields(self) -> dict[str, object]:
        return {"pdf_bytes": len(self.pdf), "html_chars": len(self.html)}


def discover(settings: Settings, request: RunRequest) -> RunPlan:
    """Resolve the period and folders, close runs that died, record this run, split the inputs into new and
    on file, and find the briefing it would only make again (unless forced). A corrections file that is not
    valid stops the run here, before anything is read."""
    from briefing.corrections import load_corrections

    load_corrections(settings.config_dir)
    period, folders, output_root, basis = run_scope(settings, request)
    close_interrupted_runs(settings.path("store"))
    started = seam.start_run(settings.path("store"), period.label, EXTRACTOR_VERSION, folders,
                             output_root / period.label, None if request.force else basis)
    kept = started.unchanged_since
    return RunPlan(
        run_id=started.run_id, period=period, title=settings.title, timezone=settings.timezone,
        store_path=settings.path("store"), output_root=output_root,
        templates_dir=settings.path("templates_dir"), config_dir=settings.config_dir,
        new=started.discovery.new, on_file=len(started.discovery.on_file), batch_size=settings.batch_size,
        mail=mail_settings(settings, settings.mail_to), uncertain_confidence=settings.uncertain_confidence, limits=settings.read_limits(),
        budget=settings.budget(), basis=basis,
        unchanged_since=kept if kept and Path(kept.output).is_file() else None,
        input_folders=tuple(folder for folder, _ in folders))


def close_interrupted_runs(store_path: Path) -> None:
    """Before a run starts (under the store's lock): runs whose process died are marked interrupted, their
    additions undone and the temporary files they left in their output folders removed."""
    for run in seam.close_interrupted_runs(store_path):
        removed = remove_partial_files(Path(run.output_dir)) if run.output_dir else []
        logger.warning("run %d was interrupted (%s); its documents count as new again%s", run.run_id,
                       run.detail(), f", {len(removed)} temporary file(s) removed" if removed else "")


def extract(plan: RunPlan, batch: tuple[SourceFile, ...]) -> BatchResult:
    """A batch of new files: read, ingest and extract each (in worker processes, under the time budget), and
    save the results in the store."""
    from briefing.isolation import read_files, release_workers

    results = read_files(batch, plan.config_dir, plan.limits, plan.budget)
    if multiprocessing.parent_process() is not None:
        # A batch in a task runner's worker process: no store stage runs in this process to end its document
        # workers, and left running they keep the worker process from exiting when the run ends.
        release_workers()
    counts = seam.save_batch(plan.store_path, plan.run_id, results, EXTRACTOR_VERSION)
    extracted = sum(isinstance(r, Extraction) for r in results)
    return BatchResult(len(results), extracted, len(results) - extracted, counts.goals, counts.measures)


def store(plan: RunPlan, batches: list[BatchResult]) -> StoreResult:
    """Record what the batches did and link the run's new documents to their near duplicates. Every batch is
    read by now, so the document workers are ended first."""
    from briefing.isolation import release_workers

    release_workers()
    read, extracted = sum(b.read for b in batches), sum(b.extracted for b in batches)
    links = seam.link_new_documents(plan.store_path, plan.run_id, read, extracted)
    outcomes = _apply_corrections(plan)
    stale = [outcome for outcome in outcomes if outcome.stale]
    for outcome in stale:
        logger.warning("%s; fix or remove it in config/corrections.yaml", outcome.one_line())
    return StoreResult(read, extracted, links, len(outcomes) - len(stale), len(stale))


def _apply_corrections(plan: RunPlan) -> list[CorrectionOutcome]:
    from briefing.compare.taxonomy import load_taxonomy
    from briefing.corrections import load_corrections
    from briefing.extract.units import Units
    from briefing.rules import load_rules

    units = Units(load_rules(plan.config_dir).goals.units)
    indicator_ids = {indicator.id for indicator in load_taxonomy(plan.config_dir).indicators}
    return seam.apply_corrections(plan.store_path, plan.run_id, load_corrections(plan.config_dir), units,
                                  indicator_ids)


def compare_on_file(plan: RunPlan) -> CompareResult:
    """The comparison, its text reuse in a process of its own meanwhile (it alone reads the texts; the rest
    reads goals and measures): the two halves take about as long, and the machine has two cores."""
    from briefing.background import InBackground
    from briefing.compare import compare

    with InBackground(reuse_of_run, plan.store_path, plan.run_id, plan.config_dir) as reuse:
        on_file = seam.load_on_file(plan.store_path, plan.run_id)
        comparison = compare(on_file.goals, on_file.documents, on_file.measures, set(on_file.new_doc_ids),
                             reuse.result, plan.config_dir)
    seam.save_comparison(plan.store_path, plan.run_id, comparison)
    return CompareResult(len(on_file.documents), len(on_file.new_doc_ids), len(comparison.peers),
                         len(comparison.reuse))


def reuse_of_run(store_path: Path, run_id: int, config_dir: Path) -> Reuse:
    """The text reuse of a run's new documents, read from the store by whichever process computes it."""
    from briefing.compare import reuse_on_file

    on_file = seam.load_texts_on_file(store_path, run_id)
    return reuse_on_file(on_file.texts, set(on_file.new_doc_ids), config_dir, on_file.fingerprints)


def render(plan: RunPlan) -> Rendered:
    """The print edition laid out here while a process of its own makes the web edition and the CSVs: the
    PDF's layout is most of the stage and runs on one core, the rest grows with what is on file. The CSVs
    are embedded once the pages are laid out."""
    from briefing.background import InBackground
    from briefing.report.context import build_context
    from briefing.report.print_edition import load_pdf_options, load_print_bounds, print_edition
    from briefing.report.render import PdfFile, lay_out_pdf, render_html, write_pdf

    bounds, pdf = load_print_bounds(plan.config_dir), load_pdf_options(plan.config_dir)
    edition = _edition(plan, bounds)
    with InBackground(web_edition, plan.store_path, plan.run_id, edition, plan.templates_dir) as web:
        inputs = seam.load_briefing(plan.store_path, plan.run_id, every_measure=False)
        printed = render_html(print_edition(build_context(inputs, edition, every_goal=False), bounds),
                              plan.templates_dir)
        del inputs  # WeasyPrint's page boxes are the largest thing the stage holds
        pages = lay_out_pdf(printed, plan.templates_dir, pdf.tags, pdf.variant_name)
        twin = web.result()
    files = (PdfFile("goals.csv", twin.goals_csv, "目标：全部在库目标及其出处（UTF-8，带 BOM）"),
             PdfFile("measures.csv", twin.measures_csv, "重点任务：全部在库任务及其责任单位（UTF-8，带 BOM）"))
    return Rendered(write_pdf(pages, files), twin.html, twin.goals_csv, twin.measures_csv)


def _edition(plan: RunPlan, bounds: PrintBounds) -> Edition:
    from briefing.report.context import Edition
    from briefing.rules import load_rules

    return Edition(title=plan.title, period=plan.period, extractor_version=EXTRACTOR_VERSION,
                   generated_at=datetime.now(ZoneInfo(plan.timezone)),
                   theme_names={rule.id: rule.name for rule in load_rules(plan.config_dir).themes.themes},
                   uncertain_below=plan.uncertain_confidence, peer_bounds=bounds.peers(),
                   input_folders=plan.input_folders)


@dataclass(frozen=True)
class WebEdition:
    """The briefing's HTML twin and its tables as CSV: everything on file, for the reader who wants it all."""

    html: str
    goals_csv: bytes
    measures_csv: bytes


def web_edition(store_path: Path, run_id: int, edition: Edition, templates_dir: Path) -> WebEdition:
    """The web edition and the CSVs of a run, read from the store by whichever process makes them."""
    from briefing.report import exports
    from briefing.report.context import build_context
    from briefing.report.render import render_html

    inputs = seam.load_briefing(store_path, run_id)
    goals_csv, measures_csv = exports.goals_csv(inputs), exports.measures_csv(inputs)
    return WebEdition(render_html(build_context(inputs, edition), templates_dir), goals_csv, measures_csv)


def publish_briefing(plan: RunPlan, rendered: Rendered) -> Published:
    published = publish(plan.output_root, plan.period, rendered.pdf, rendered.html, rendered.goals_csv,
                        rendered.measures_csv)
    seam.record_published(plan.store_path, plan.run_id, published.pdf, plan.basis)
    return published


def _send(plan: RunPlan, pdf: Path) -> Delivery:
    if plan.mail is None:
        return Delivery(DeliveryOutcome.NOT_CONFIGURED)
    try:
        send_briefing(plan.mail, plan.title, plan.period, pdf)
    except DeliveryError as error:
        logger.error("%s", error.one_line())
        return Delivery(DeliveryOutcome.FAILED, error.reason)
    return Delivery(DeliveryOutcome.SENT, f"to {len(plan.mail.recipients)} recipient(s)")


def deliver(plan: RunPlan, published: Published) -> Delivery:
    """E-mail the PDF where recipients are configured; a failure marks the run, the PDF stays."""
    delivery = _send(plan, published.pdf)
    seam.record_delivery(plan.store_path, plan.run_id, delivery, published.pdf)
    return delivery


@dataclass(frozen=True)
class Kept:
    """An unchanged run: the briefing it keeps, and its delivery (sent now only if it never was)."""

    published: Published
    delivery: Delivery

    def log_fields(self) -> dict[str, object]:
        return {"pdf": self.published.pdf, "delivery": self.delivery.outcome.value}


def keep_briefing(plan: RunPlan) -> Kept:
    """Nothing the briefing depends on changed since a run published it: keep it, render nothing."""
    kept = plan.unchanged_since
    assert kept is not None, "keep_briefing is the route of unchanged runs only"
    published = published_paths(plan.output_root, plan.period)
    delivery = (Delivery(DeliveryOutcome.ALREADY_SENT, f"by run {kept.run_id}") if kept.delivered
                else _send(plan, published.pdf))
    seam.record_unchanged(plan.store_path, plan.run_id, kept, delivery, plan.basis)
    return Kept(published, delivery)

"""The one seam between the run and the database: what a stage needs is loaded here as a typed bundle, and
what it produced is saved here. No other module opens the database.

The rule for "new" lives here, once: a document is new to a run's briefing when a run of the same period
was the first to store it (so rerunning a period, after a reviewer's correction say, makes the same
briefing with the same news); every other stored document is on file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from briefing.bundles import (
    COMPARISON_TABLES,
    BriefingInputs,
    Comparison,
    OnFile,
    RunSummaryInputs,
    TextsOnFile,
)
from briefing.corrections import Correction
from briefing.discover import Discovery, FolderSpec, discover
from briefing.ingest.identity import near_duplicates
from briefing.locking import run_lock_is_held
from briefing.models import (
    Delivery,
    DeliveryOutcome,
    Extraction,
    QuarantineRecord,
    RunStatus,
)
from briefing.store import corrections as stored_corrections
from briefing.store import ledger, views, writes
from briefing.store.corrections import CorrectionOutcome
from briefing.store.database import Store
from briefing.store.ledger import PublishedRun, UnfinishedRun
from briefing.store.writes import SavedCounts

if TYPE_CHECKING:
    from briefing.extract.units import Units


@dataclass(frozen=True)
class StartedRun:
    run_id: int
    discovery: Discovery
    #: the run that published the briefing this one would make (nothing changed since), if any
    unchanged_since: PublishedRun | None = None


def _new_documents(db: Store, run_id: int) -> frozenset[str]:
    return frozenset(views.first_stored_in_period_of(db, run_id))


# --- a run, stage by stage ---------------------------------------------------------------------------------

def close_interrupted_runs(store: Path) -> list[UnfinishedRun]:
    """Runs left "running" by a process that died: their additions are undone (their files count as new
    again, so they appear in the next briefing) and they are marked interrupted. Call only under the store's
    run lock: then no other run is alive."""
    with Store(store) as db:
        unfinished = ledger.unfinished_runs(db)
        for run in unfinished:
            writes.forget_additions(db, run.run_id)
            ledger.finish_run(db, run.run_id, RunStatus.INTERRUPTED, detail=run.detail())
    return unfinished


def start_run(store: Path, period: str, extractor_version: str, folders: Sequence[FolderSpec],
              output_dir: Path | None = None, unchanged_base: str | None = None) -> StartedRun:
    """Record the run and split its inputs into new and on file. Files extracted by another extractor
    version count as new: they are read and extracted again. With ``unchanged_base`` (what else the briefing
    depends on), a published run whose briefing was made from the same is looked up."""
    with Store(store) as db:
        run_id = ledger.begin_run(db, period, extractor_version, str(output_dir) if output_dir else None)
        discovery = discover(folders, views.known_hashes(db, extractor_version))
        ledger.record_inputs(db, run_id, discovery.new, discovery.on_file)
        if unchanged_base is None:
            return StartedRun(run_id, discovery)
        return StartedRun(run_id, discovery, ledger.published_with(db, ledger.fingerprint(db, run_id, unchanged_base)))


def published_for(store: Path, extractor_version: str, folders: Sequence[FolderSpec],
                  unchanged_base: str) -> PublishedRun | None:
    """The published run whose briefing a run on these inputs would keep, looked up without recording a run
    (None where there is no store yet, or a file is new)."""
    if not store.exists():
        return None
    with Store(store) as db:
        discovery = discover(folders, views.known_hashes(db, extractor_version))
        if discovery.new:
            return None
        inputs = [(str(source.path), source.content_hash) for source in discovery.on_file]
        return ledger.published_with(db, ledger.fingerprint_of(db, inputs, unchanged_base))


def save_batch(store: Path, run_id: int, results: Iterable[Extraction | QuarantineRecord],
               extractor_version: str) -> SavedCounts:
    results = list(results)
    with Store(store) as db:
        counts = writes.save_extractions(db, [r for r in results if isinstance(r, Extraction)], run_id,
                                         extractor_version)
        writes.record_quarantine(db, [r for r in results if isinstance(r, QuarantineRecord)], run_id)
    return counts


def link_new_documents(store: Path, run_id: int, read: int, extracted: int) -> int:
    """Record the run's work and link its new documents to near duplicates on file; the number of links."""
    with Store(store) as db:
        ledger.record_work(db, run_id, read=read, extracted=extracted)
        writes.save_missing_fingerprints(db)
        signatures = views.signatures(db)
        new = {doc_id: signatures[doc_id] for doc_id in views.first_stored_in(db, run_id) if doc_id in signatures}
        links = near_duplicates(new, signatures)
        writes.save_links(db, links, run_id)
    return len(links)


def apply_corrections(store: Path, run_id: int, corrections: Sequence[Correction], units: Units,
                      indicator_ids: set[str]) -> list[CorrectionOutcome]:
    """The stored goals become the extraction plus ``corrections`` (see briefing/store/corrections.py)."""
    with Store(store) as db:
        return stored_corrections.apply_corrections(db, run_id, corrections, units, indicator_ids)


def load_on_file(store: Path, run_id: int) -> OnFile:
    with Store(store) as db:
        return OnFile(views.documents(db), views.goals(db), views.measures(db), _new_documents(db, run_id))


def load_texts_on_file(store: Path, run_id: int) -> TextsOnFile:
    with Store(store) as db:
        return TextsOnFile(views.texts(db), _new_documents(db, run_id), views.fingerprints(db))


def save_comparison(store: Path, run_id: int, comparison: Comparison) -> None:
    frames = comparison.frames()
    with Store(store) as db:
        writes.save_snapshot(db, run_id, {name: (COMPARISON_TABLES[name], frames[name]) for name in frames})


def load_briefing(store: Path, run_id: int, every_measure: bool = True) -> BriefingInputs:
    """A run's briefing inputs; with ``every_measure`` false only the new documents' measures, the only ones
    either edition shows (measures.csv needs every one, and they are most of what is read)."""
    with Store(store) as db:
        comparison = Comparison(**{name: views.snapshot(db, run_id, name, table)
                                   for name, table in COMPARISON_TABLES.items()})
        new_doc_ids = _new_documents(db, run_id)
        measures = views.measures(db, None if every_measure else sorted(new_doc_ids))
        return BriefingInputs(run_id, comparison, views.documents(db), measures, views.quarantine(db, run_id),
                              views.links(db), ledger.manifest(db, run_id), new_doc_ids,
                              views.corrections(db, run_id), every_measure)


def load_run_summary(store: Path, run_id: int) -> RunSummaryInputs:
    """The run page's inputs: only the new documents' rows are read, not the whole store."""
    with Store(store) as db:
        documents = views.documents(db)
        new = documents[documents["doc_id"].isin(_new_documents(db, run_id))].reset_index(drop=True)
        changes = views.snapshot(db, run_id, "indicator_changes", COMPARISON_TABLES["indicator_changes"])
        return RunSummaryInputs(run_id, new, len(documents), views.goals(db, period=views.period_of(db, run_id)),
                                views.goal_count(db), len(changes), views.quarantine(db, run_id))


def record_published(store: Path, run_id: int, pdf: Path, unchanged_base: str) -> None:
    with Store(store) as db:
        ledger.record_output(db, run_id, str(pdf), ledger.fingerprint(db, run_id, unchanged_base))


def record_unchanged(store: Path, run_id: int, kept: PublishedRun, delivery: Delivery, unchanged_base: str) -> None:
    """A run that kept the briefing of an earlier one: nothing was added, nothing rendered."""
    with Store(store) as db:
        ledger.record_output(db, run_id, kept.output, ledger.fingerprint(db, run_id, unchanged_base))
        ledger.record_delivery(db, run_id, delivery)
        ledger.finish_run(db, run_id, RunStatus.UNCHANGED, detail=f"briefing of run {kept.run_id} kept")


def record_delivery(store: Path, run_id: int, delivery: Delivery, pdf: Path) -> None:
    """The run's last step: it succeeded, or its briefing stands undelivered."""
    failed = delivery.outcome is DeliveryOutcome.FAILED
    with Store(store) as db:
        ledger.record_delivery(db, run_id, delivery)
        ledger.finish_run(db, run_id, RunStatus.DELIVERY_FAILED if failed else RunStatus.SUCCEEDED, str(pdf))


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def record_failure_after_publishing(store: Path, run_id: int, error: BaseException) -> None:
    """A run that published its briefing and then stopped: the briefing and its documents stand."""
    with Store(store) as db:
        ledger.finish_run(db, run_id, RunStatus.DELIVERY_FAILED, detail=_reason(error))


def record_failure(store: Path, run_id: int, error: BaseException) -> None:
    """A run that stopped early: history shows why, and its files count as new again next time."""
    with Store(store) as db:
        writes.forget_additions(db, run_id)
        ledger.finish_run(db, run_id, RunStatus.FAILED, detail=_reason(error))


def record_skipped(store: Path, period: str, extractor_version: str, reason: str) -> None:
    with Store(store) as db:
        run_id = ledger.begin_run(db, period, extractor_version)
        ledger.finish_run(db, run_id, RunStatus.SKIPPED, detail=reason)


# --- read-only, for the command line ----------------------------------------------------------------------

def run_history(store: Path, limit: int) -> pd.DataFrame:
    """The latest runs; one still marked running whose process has died is shown as interrupted (the next
    run records it so). The live run, if any, holds the store's lock, and it is the newest running one."""
    with Store(store) as db:
        runs = ledger.runs(db, limit)
    running = runs.index[runs["status"] == RunStatus.RUNNING.value]
    live = running[:1] if len(running) and run_lock_is_held(store) else running[:0]
    dead = running.difference(live)
    runs.loc[dead, "status"] = RunStatus.INTERRUPTED.value
    runs.loc[dead, "status_detail"] = "its process ended; the next run undoes its additions"
    return runs


def stored_records(store: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Documents, goals and measures on file."""
    with Store(store) as db:
        return views.documents(db), views.goals(db), views.measures(db)


def period_goals(store: Path, period: str | None) -> tuple[str | None, pd.DataFrame]:
    """The goals of the documents a period's runs stored (default: the latest period that stored any)."""
    with Store(store) as db:
        period = period or views.latest_period_with_documents(db)
        return period, views.goals(db, period=period) if period else views.goals(db).iloc[:0]


def stored_texts(store: Path, doc_ids: Sequence[str]) -> dict[str, str]:
    """The normalized texts of the given documents."""
    with Store(store) as db:
        return views.texts(db, doc_ids)


def in_memory_records(extractions: Sequence[Extraction], extractor_version: str) -> tuple[pd.DataFrame, ...]:
    """Documents, goals and measures of extractions shaped as the store returns them (a store in memory)."""
    with Store(Path(":memory:")) as db:
        run_id = ledger.begin_run(db, "inspect", extractor_version)
        writes.save_extractions(db, extractions, run_id, extractor_version)
        return views.documents(db), views.goals(db), views.measures(db)

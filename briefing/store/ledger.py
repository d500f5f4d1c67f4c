"""The run ledger: one row per run with its period, status, counts, output and delivery, and the inputs it
saw (the run's manifest)."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from briefing.models import Delivery, RunStatus, SourceFile
from briefing.store.database import Store
from briefing.tables import MANIFEST, RUNS


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def begin_run(db: Store, period: str, extractor_version: str) -> int:
    with db.transaction() as connection:
        cursor = connection.execute(
            "INSERT INTO runs (period, started_at, status, extractor_version) VALUES (?, ?, ?, ?)",
            (period, _now(), RunStatus.RUNNING.value, extractor_version))
        return int(cursor.lastrowid or 0)


def record_inputs(db: Store, run_id: int, new: tuple[SourceFile, ...], on_file: tuple[SourceFile, ...]) -> None:
    """The files a run found: new ones and those on file (the briefing's manifest lists them)."""
    rows = [(run_id, str(s.path), s.content_hash, "new") for s in new]
    rows += [(run_id, str(s.path), s.content_hash, "on_file") for s in on_file]
    with db.transaction() as connection:
        connection.executemany("INSERT OR REPLACE INTO run_inputs (run_id, path, content_hash, status) "
                               "VALUES (?, ?, ?, ?)", rows)


def record_work(db: Store, run_id: int, read: int, extracted: int) -> None:
    with db.transaction() as connection:
        connection.execute("UPDATE runs SET documents_read = ?, documents_extracted = ? WHERE run_id = ?",
                           (read, extracted, run_id))


def finish_run(db: Store, run_id: int, status: RunStatus, output: str | None = None,
               detail: str | None = None) -> None:
    """Close a run with its status and the counts of what the store holds after it."""
    with db.transaction() as connection:
        counts = connection.execute(
            """SELECT
                 (SELECT COUNT(*) FROM documents WHERE first_run_id = :run) AS new_docs,
                 (SELECT COUNT(*) FROM documents WHERE first_run_id < :run OR first_run_id IS NULL) AS on_file,
                 (SELECT COUNT(*) FROM goals) AS goals,
                 (SELECT COUNT(*) FROM measures) AS measures,
                 (SELECT COUNT(*) FROM quarantine WHERE run_id = :run) AS quarantined""",
            {"run": run_id},
        ).fetchone()
        connection.execute(
            """UPDATE runs SET finished_at = ?, status = ?, status_detail = ?, output = ?, documents_new = ?,
               documents_on_file = ?, goals = ?, measures = ?, quarantined = ? WHERE run_id = ?""",
            (_now(), status.value, detail, output, counts["new_docs"], counts["on_file"], counts["goals"],
             counts["measures"], counts["quarantined"], run_id),
        )


def record_delivery(db: Store, run_id: int, delivery: Delivery) -> None:
    with db.transaction() as connection:
        connection.execute("UPDATE runs SET delivery = ?, delivery_detail = ? WHERE run_id = ?",
                           (delivery.outcome.value, delivery.detail or None, run_id))


def runs(db: Store, limit: int) -> pd.DataFrame:
    return db.frame(RUNS, f"SELECT {', '.join(RUNS.names)} FROM runs ORDER BY run_id DESC LIMIT ?", (limit,))


def manifest(db: Store, run_id: int) -> pd.DataFrame:
    """The run's inputs: path, content hash and status (new, on_file, quarantined)."""
    return db.frame(MANIFEST, """
        SELECT i.path, i.content_hash,
               CASE WHEN q.path IS NOT NULL THEN 'quarantined' ELSE i.status END AS status
        FROM run_inputs i LEFT JOIN quarantine q ON q.run_id = i.run_id AND q.path = i.path
        WHERE i.run_id = ? ORDER BY i.rowid""", (run_id,))

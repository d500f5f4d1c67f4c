"""The run ledger: one row per run with its period, status, counts, output and delivery, and the inputs it
saw (the run's manifest)."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd

from briefing.models import Delivery, DeliveryOutcome, RunStatus, SourceFile
from briefing.store.database import Store
from briefing.tables import MANIFEST, RUNS


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def begin_run(db: Store, period: str, extractor_version: str, output_dir: str | None = None) -> int:
    """A new run, with the process and host that run it (so a dead one can be told from a live one)."""
    with db.transaction() as connection:
        cursor = connection.execute(
            "INSERT INTO runs (period, started_at, status, extractor_version, pid, host, output_dir) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (period, _now(), RunStatus.RUNNING.value, extractor_version, os.getpid(), socket.gethostname(),
             output_dir))
        return int(cursor.lastrowid or 0)


@dataclass(frozen=True)
class UnfinishedRun:
    run_id: int
    pid: int | None
    host: str | None
    output_dir: str | None
    published: bool

    def detail(self) -> str:
        process = f"process {self.pid} on {self.host}" if self.pid else "its process"
        stage = "after publishing, before delivery finished" if self.published else "before publishing"
        return f"{process} ended {stage}"


def unfinished_runs(db: Store) -> list[UnfinishedRun]:
    """Runs still marked running, oldest first."""
    return [UnfinishedRun(row["run_id"], row["pid"], row["host"], row["output_dir"], row["output"] is not None)
            for row in db.query("SELECT run_id, pid, host, output_dir, output FROM runs WHERE status = ? "
                                "ORDER BY run_id", (RunStatus.RUNNING.value,))]


def record_output(db: Store, run_id: int, output: str, fingerprint: str) -> None:
    """The briefing is published; the run is finished only when delivery is."""
    with db.transaction() as connection:
        connection.execute("UPDATE runs SET output = ?, fingerprint = ? WHERE run_id = ?",
                           (output, fingerprint, run_id))


def fingerprint(db: Store, run_id: int, base: str) -> str:
    """What a run's briefing is made from: ``base`` (period, extractor version, config, templates, output
    folder), the run's inputs by path and hash, and every source the store holds."""
    inputs = db.query("SELECT path, content_hash FROM run_inputs WHERE run_id = ?", (run_id,))
    return fingerprint_of(db, [(row[0], row[1]) for row in inputs], base)


def fingerprint_of(db: Store, inputs: Iterable[tuple[str, str]], base: str) -> str:
    """The fingerprint of a run with these inputs (path, content hash), recorded or not."""
    digest = hashlib.sha256(base.encode())
    for path, content_hash in sorted(inputs):
        digest.update(f"\0{path}\0{content_hash}".encode())
    digest.update(b"\1")
    for row in db.query("SELECT content_hash FROM sources ORDER BY content_hash"):
        digest.update(row[0].encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class PublishedRun:
    """A run that published a briefing, which a rerun with nothing changed keeps."""

    run_id: int
    output: str
    delivered: bool


def published_with(db: Store, fingerprint: str) -> PublishedRun | None:
    rows = db.query(
        "SELECT run_id, output, delivery FROM runs WHERE fingerprint = ? AND output IS NOT NULL "
        "AND status IN (?, ?, ?) ORDER BY run_id DESC LIMIT 1",
        (fingerprint, RunStatus.SUCCEEDED.value, RunStatus.DELIVERY_FAILED.value, RunStatus.UNCHANGED.value))
    if not rows:
        return None
    delivered = rows[0]["delivery"] in (DeliveryOutcome.SENT.value, DeliveryOutcome.ALREADY_SENT.value)
    return PublishedRun(rows[0]["run_id"], rows[0]["output"], delivered)


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
            """UPDATE runs SET finished_at = ?, status = ?, status_detail = ?, output = COALESCE(?, output), documents_new = ?,
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

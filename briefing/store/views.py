"""Read views: what the store holds, as frames of the declared tables (briefing/tables.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from briefing.store.database import Store
from briefing.tables import (
    CORRECTIONS,
    DOCUMENTS,
    GOAL_RECORDS,
    GOALS,
    LINKS,
    MEASURE_RECORDS,
    MEASURES,
    QUARANTINE,
    Table,
)
from briefing.winnow import Fingerprints


def _prefixed(table: Table, alias: str) -> str:
    return ", ".join(f"{alias}.{name}" for name in table.names)


def documents(db: Store) -> pd.DataFrame:
    return db.frame(DOCUMENTS, """
        SELECT d.doc_id, d.title, d.issuer, d.province, d.city, d.county, d.region, d.level, d.doc_number,
               d.date, d.doc_type, d.draft, d.script, d.first_run_id,
               (SELECT s.path FROM sources s WHERE s.doc_id = d.doc_id ORDER BY s.first_run_id LIMIT 1) AS source,
               (SELECT COUNT(*) FROM goals g WHERE g.doc_id = d.doc_id) AS goal_count,
               (SELECT COUNT(*) FROM measures m WHERE m.doc_id = d.doc_id) AS measure_count
        FROM documents d ORDER BY d.date, d.doc_id""")


def goals(db: Store, period: str | None = None) -> pd.DataFrame:
    """Every stored goal a reviewer did not drop, with its document's region and title; with ``period``,
    only those of documents first stored by a run of that period."""
    where, parameters = "", tuple[object, ...]()
    if period is not None:
        where, parameters = "AND d.first_run_id IN (SELECT run_id FROM runs WHERE period = ?)", (period,)
    return db.frame(GOALS, f"""
        SELECT {_prefixed(GOAL_RECORDS, "g")}, d.region, d.province, d.city, d.level,
               d.title AS document_title, d.date AS document_date, g.corrected, g.forced_indicator_id
        FROM goals g JOIN documents d USING (doc_id) WHERE g.dropped = 0 {where}
        ORDER BY d.date, g.doc_id, g.ordinal""", parameters)


def period_of(db: Store, run_id: int) -> str:
    return str(db.query("SELECT period FROM runs WHERE run_id = ?", (run_id,))[0][0])


def latest_period_with_documents(db: Store) -> str | None:
    rows = db.query("SELECT r.period FROM runs r WHERE EXISTS (SELECT 1 FROM documents d WHERE d.first_run_id = "
                    "r.run_id) ORDER BY r.run_id DESC LIMIT 1")
    return rows[0][0] if rows else None


def goal_count(db: Store) -> int:
    """Goals on file, those a reviewer dropped aside."""
    return int(db.query("SELECT COUNT(*) FROM goals WHERE dropped = 0")[0][0])


def corrections(db: Store, run_id: int) -> pd.DataFrame:
    """What each correction did in a run: applied, or stale (and why)."""
    return db.frame(CORRECTIONS, "SELECT document, quote, action, status, detail FROM run_corrections "
                                 "WHERE run_id = ? ORDER BY position", (run_id,))


def measures(db: Store, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Every measure on file, or those of ``doc_ids``."""
    parameters: tuple[str, ...]
    where, parameters = "", ()
    if doc_ids is not None:
        where, parameters = f"WHERE m.doc_id IN ({', '.join('?' * len(doc_ids))})", tuple(doc_ids)
    return db.frame(MEASURES, f"""
        SELECT {_prefixed(MEASURE_RECORDS, "m")}, d.region, d.title AS document_title
        FROM measures m JOIN documents d USING (doc_id) {where} ORDER BY d.date, m.doc_id, m.ordinal""",
        parameters)


def quarantine(db: Store, run_id: int) -> pd.DataFrame:
    return db.frame(QUARANTINE, "SELECT path, content_hash, reason, hint FROM quarantine WHERE run_id = ? "
                                "ORDER BY path", (run_id,))


def links(db: Store) -> pd.DataFrame:
    return db.frame(LINKS, """
        SELECT l.doc_id, a.title AS title, a.draft AS draft, l.other_doc_id, b.title AS other_title,
               b.draft AS other_draft, l.similarity, l.kind
        FROM document_links l JOIN documents a ON a.doc_id = l.doc_id
        JOIN documents b ON b.doc_id = l.other_doc_id ORDER BY l.similarity DESC""")


def texts(db: Store, doc_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Normalized texts by document id: all of them, or those of ``doc_ids``."""
    if doc_ids is None:
        return {row[0]: row[1] for row in db.query("SELECT doc_id, text FROM documents")}
    marks = ", ".join("?" * len(doc_ids))
    return {row[0]: row[1] for row in db.query(f"SELECT doc_id, text FROM documents WHERE doc_id IN ({marks})",
                                               tuple(doc_ids))}


def fingerprints(db: Store) -> dict[str, Fingerprints]:
    return {row[0]: Fingerprints.from_bytes(row[1], row[2])
            for row in db.query("SELECT doc_id, hashes, positions FROM text_fingerprints")}


def signatures(db: Store) -> dict[str, bytes]:
    return {row[0]: row[1] for row in db.query("SELECT doc_id, signature FROM documents WHERE signature IS NOT NULL")}


def known_hashes(db: Store, extractor_version: str | None = None) -> set[str]:
    """Content hashes on file; with a version, only those extracted by it (others are extracted again)."""
    if extractor_version is None:
        return {row[0] for row in db.query("SELECT content_hash FROM sources")}
    return {row[0] for row in db.query(
        "SELECT s.content_hash FROM sources s JOIN documents d USING (doc_id) WHERE d.extractor_version = ?",
        (extractor_version,))}


def first_stored_in_period_of(db: Store, run_id: int) -> set[str]:
    """Ids of the documents first stored by a run of the same period as ``run_id``."""
    return {row[0] for row in db.query(
        "SELECT doc_id FROM documents WHERE first_run_id IN "
        "(SELECT run_id FROM runs WHERE period = (SELECT period FROM runs WHERE run_id = ?))", (run_id,))}


def first_stored_in(db: Store, run_id: int) -> set[str]:
    """Ids of the documents a run was the first to store."""
    return {row[0] for row in db.query("SELECT doc_id FROM documents WHERE first_run_id = ?", (run_id,))}


def snapshot(db: Store, run_id: int, name: str, table: Table) -> pd.DataFrame:
    """One frame of a run's comparison, read back through its declaration."""
    rows = db.query("SELECT rows FROM comparison_snapshots WHERE run_id = ? AND name = ?", (run_id, name))
    return table.from_json(rows[0][0]) if rows else table.frame()

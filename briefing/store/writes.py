"""Document writes: documents by id (hash of the normalized text), sources by content hash, their goals and
measures, quarantine records, near-duplicate links and the latest comparison snapshot."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from briefing.ingest.identity import NearDuplicate, signature
from briefing.models import Extraction, Goal, Measure, QuarantineRecord
from briefing.store.database import Store
from briefing.tables import GOAL_RECORDS, MEASURE_RECORDS, Table
from briefing.winnow import Fingerprints, fingerprints


@dataclass(frozen=True)
class SavedCounts:
    """What a batch added: documents new to the store, and the goals and measures saved."""

    documents_added: int
    goals: int
    measures: int


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _goal_row(doc_id: str, ordinal: int, g: Goal) -> tuple[object, ...]:
    p = g.provenance
    return (doc_id, ordinal, g.indicator, _text(g.value), _text(g.value_max), g.unit, g.year, g.comparator,
            int(g.hedge), _text(g.baseline_value), g.baseline_year, int(g.placeholder), g.quote, p.sentence,
            json.dumps(p.section_path, ensure_ascii=False), *p.span, *p.original_span, p.rule_id, g.binding,
            json.dumps(g.rule_ids), g.confidence, g.canonical_unit, _text(g.scaled_value))


def _measure_row(doc_id: str, ordinal: int, m: Measure) -> tuple[object, ...]:
    p = m.provenance
    return (doc_id, ordinal, m.number, m.title, m.text, json.dumps(m.responsible, ensure_ascii=False),
            json.dumps(p.section_path, ensure_ascii=False), *p.span, *p.original_span, p.rule_id,
            json.dumps(m.themes), m.instrument, json.dumps(m.goal_indexes))


def _insert(sql_table: str, table: Table) -> str:
    return f"INSERT INTO {sql_table} ({', '.join(table.names)}) VALUES ({', '.join('?' * len(table.names))})"


def _upsert_document(db: sqlite3.Connection, extraction: Extraction, run_id: int, extractor_version: str) -> bool:
    """Insert or update the document row; True where it is new to the store."""
    document, meta = extraction.document, extraction.document.meta
    exists = db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (document.doc_id,)).fetchone()
    db.execute(
        """INSERT INTO documents (doc_id, title, issuer, province, city, county, region, level,
             doc_number, date, doc_type, draft, script, text, first_run_id, extractor_version, signature)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(doc_id) DO UPDATE SET title=excluded.title, issuer=excluded.issuer,
             province=excluded.province, city=excluded.city, county=excluded.county,
             region=excluded.region, level=excluded.level, doc_number=excluded.doc_number,
             date=excluded.date, doc_type=excluded.doc_type, draft=excluded.draft,
             script=excluded.script, extractor_version=excluded.extractor_version,
             signature=excluded.signature""",
        (document.doc_id, meta.title, meta.issuer, meta.province, meta.city, meta.county, meta.region,
         meta.level, meta.doc_number, meta.date.isoformat() if meta.date else None, meta.doc_type,
         int(meta.draft), meta.script, document.text, run_id, extractor_version,
         extraction.signature or signature(document.text)),
    )
    _save_fingerprints(db, {document.doc_id: extraction.fingerprints or fingerprints(document.text)})
    return exists is None


def _save_fingerprints(db: sqlite3.Connection, prints: dict[str, Fingerprints]) -> None:
    db.executemany("INSERT OR REPLACE INTO text_fingerprints (doc_id, hashes, positions) VALUES (?, ?, ?)",
                   [(doc_id, *each.to_bytes()) for doc_id, each in prints.items()])


def save_missing_fingerprints(db: Store) -> int:
    """Fingerprints for documents stored before they were kept; how many were added."""
    missing = db.query("SELECT doc_id, text FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM text_fingerprints)")
    with db.transaction() as connection:
        _save_fingerprints(connection, {row[0]: fingerprints(row[1]) for row in missing})
    return len(missing)


def save_extractions(db: Store, extractions: Iterable[Extraction], run_id: int,
                     extractor_version: str) -> SavedCounts:
    """Upsert documents by id and their sources by content hash; replace their goals and measures."""
    added_docs = goal_count = measure_count = 0
    with db.transaction() as connection:
        for extraction in extractions:
            document = extraction.document
            added_docs += _upsert_document(connection, extraction, run_id, extractor_version)
            source = document.source
            connection.execute(
                """INSERT INTO sources (content_hash, doc_id, path, collection, encoding, size, first_run_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING""",
                (source.content_hash, document.doc_id, str(source.path), source.collection,
                 document.meta.encoding, source.size, run_id),
            )
            connection.execute("DELETE FROM goals WHERE doc_id = ?", (document.doc_id,))
            connection.execute("DELETE FROM measures WHERE doc_id = ?", (document.doc_id,))
            connection.executemany(_insert("goals", GOAL_RECORDS), [_goal_row(document.doc_id, i, g)
                                                           for i, g in enumerate(extraction.goals)])
            connection.executemany(_insert("measures", MEASURE_RECORDS), [_measure_row(document.doc_id, i, m)
                                                              for i, m in enumerate(extraction.measures)])
            goal_count += len(extraction.goals)
            measure_count += len(extraction.measures)
    return SavedCounts(added_docs, goal_count, measure_count)


def record_quarantine(db: Store, records: Iterable[QuarantineRecord], run_id: int) -> None:
    with db.transaction() as connection:
        connection.executemany(
            """INSERT INTO quarantine (run_id, path, content_hash, reason, hint) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(run_id, path) DO UPDATE SET reason = excluded.reason, hint = excluded.hint""",
            [(run_id, str(r.path), r.content_hash, r.reason, r.hint) for r in records],
        )


def save_links(db: Store, links: Iterable[NearDuplicate], run_id: int) -> None:
    with db.transaction() as connection:
        connection.executemany(
            """INSERT INTO document_links (doc_id, other_doc_id, kind, similarity, run_id)
               VALUES (?, ?, 'near_duplicate', ?, ?)
               ON CONFLICT(doc_id, other_doc_id, kind) DO UPDATE SET similarity = excluded.similarity""",
            [(link.doc_id, link.other_doc_id, link.similarity, run_id) for link in links],
        )


def forget_additions(db: Store, run_id: int) -> None:
    """Undo what a failed run added, so the next run sees those files as new again."""
    doomed = "SELECT doc_id FROM documents WHERE first_run_id = ?"
    with db.transaction() as connection:
        connection.execute(f"DELETE FROM document_links WHERE doc_id IN ({doomed}) OR other_doc_id IN ({doomed})",
                           (run_id, run_id))
        connection.execute(f"DELETE FROM goals WHERE doc_id IN ({doomed})", (run_id,))
        connection.execute(f"DELETE FROM text_fingerprints WHERE doc_id IN ({doomed})", (run_id,))
        connection.execute(f"DELETE FROM measures WHERE doc_id IN ({doomed})", (run_id,))
        connection.execute("DELETE FROM sources WHERE first_run_id = ?", (run_id,))
        connection.execute("DELETE FROM documents WHERE first_run_id = ? AND doc_id NOT IN (SELECT doc_id FROM sources)",
                           (run_id,))


def save_snapshot(db: Store, run_id: int, frames: dict[str, tuple[Table, pd.DataFrame]]) -> None:
    """The run's comparison, frame by frame as JSON of their declared columns; only the latest run's is
    kept (the report of that run reads it back)."""
    with db.transaction() as connection:
        connection.execute("DELETE FROM comparison_snapshots WHERE run_id != ?", (run_id,))
        connection.executemany(
            "INSERT OR REPLACE INTO comparison_snapshots (run_id, name, rows) VALUES (?, ?, ?)",
            [(run_id, name, table.to_json(frame)) for name, (table, frame) in frames.items()])

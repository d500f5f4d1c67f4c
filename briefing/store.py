"""The embedded database: documents, their sources, goals, measures, runs and quarantine.

SQLite in WAL mode: one run writes inside short transactions while `briefing history` and other readers
keep reading the last committed state; no server to install. Schema changes are numbered migrations
recorded in ``PRAGMA user_version``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pandas as pd

from briefing.errors import StoreError
from briefing.ingest.identity import NearDuplicate
from briefing.models import Extraction, QuarantineRecord

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial schema
    """
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        title TEXT, issuer TEXT, province TEXT, city TEXT, county TEXT, region TEXT, level TEXT,
        doc_number TEXT, date TEXT, doc_type TEXT, draft INTEGER NOT NULL, script TEXT NOT NULL,
        text TEXT NOT NULL,
        first_run_id INTEGER,
        extractor_version TEXT
    );
    CREATE TABLE sources (
        content_hash TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        path TEXT NOT NULL, collection TEXT NOT NULL, encoding TEXT, size INTEGER NOT NULL,
        first_run_id INTEGER
    );
    CREATE TABLE goals (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        ordinal INTEGER NOT NULL,
        indicator TEXT NOT NULL, value TEXT, value_max TEXT, unit TEXT, year INTEGER,
        comparator TEXT NOT NULL, hedge INTEGER NOT NULL, baseline_value TEXT, baseline_year INTEGER,
        placeholder INTEGER NOT NULL, quote TEXT NOT NULL, sentence TEXT NOT NULL, section_path TEXT NOT NULL,
        span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, original_start INTEGER NOT NULL,
        original_end INTEGER NOT NULL, rule_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, ordinal)
    );
    CREATE TABLE measures (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        ordinal INTEGER NOT NULL,
        number TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, responsible TEXT NOT NULL,
        section_path TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
        original_start INTEGER NOT NULL, original_end INTEGER NOT NULL, rule_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, ordinal)
    );
    CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY AUTOINCREMENT,
        period TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
        documents_new INTEGER, documents_on_file INTEGER, goals INTEGER, measures INTEGER,
        quarantined INTEGER, output TEXT, extractor_version TEXT
    );
    CREATE TABLE quarantine (
        run_id INTEGER NOT NULL REFERENCES runs(run_id),
        path TEXT NOT NULL, content_hash TEXT NOT NULL, reason TEXT NOT NULL, hint TEXT NOT NULL,
        PRIMARY KEY (run_id, path)
    );
    CREATE INDEX goals_indicator ON goals(indicator);
    CREATE INDEX sources_doc ON sources(doc_id);
    """,
    # 2: near-duplicate links (a draft and its final version are linked, not merged)
    """
    ALTER TABLE documents ADD COLUMN signature BLOB;
    CREATE TABLE document_links (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        other_doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        kind TEXT NOT NULL, similarity REAL NOT NULL, run_id INTEGER,
        PRIMARY KEY (doc_id, other_doc_id, kind)
    );
    """,
    # 3: binding type of goals; themes, instrument type and supported goals of measures
    """
    ALTER TABLE goals ADD COLUMN binding TEXT;
    ALTER TABLE measures ADD COLUMN themes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE measures ADD COLUMN instrument TEXT;
    ALTER TABLE measures ADD COLUMN goal_ordinals TEXT NOT NULL DEFAULT '[]';
    """,
    # 4: what each run read and extracted, and how its briefing was delivered
    """
    ALTER TABLE runs ADD COLUMN documents_read INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN documents_extracted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN delivery TEXT;
    """,
    # 5: every rule that produced a goal, its confidence, and its value in the unit family's canonical unit
    """
    ALTER TABLE goals ADD COLUMN rule_ids TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE goals ADD COLUMN confidence REAL;
    ALTER TABLE goals ADD COLUMN canonical_unit TEXT;
    ALTER TABLE goals ADD COLUMN scaled_value TEXT;
    """,
)


_GOAL_COLUMNS = ("doc_id", "ordinal", "indicator", "value", "value_max", "unit", "year", "comparator", "hedge",
                 "baseline_value", "baseline_year", "placeholder", "quote", "sentence", "section_path", "span_start",
                 "span_end", "original_start", "original_end", "rule_id", "binding", "rule_ids", "confidence",
                 "canonical_unit", "scaled_value")
_MEASURE_COLUMNS = ("doc_id", "ordinal", "number", "title", "text", "responsible", "section_path", "span_start",
                    "span_end", "original_start", "original_end", "rule_id", "themes", "instrument", "goal_ordinals")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _cell(value: object) -> object:
    """A DataFrame cell as SQLite stores it: lists as JSON, missing values as NULL, numpy scalars as Python."""
    if isinstance(value, (list, tuple, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else list(value), ensure_ascii=False)
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (str, int, float, bytes)):
        return value
    return str(value)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class SavedCounts:
    documents_added: int
    sources_added: int
    goals: int
    measures: int


class Store:
    """A connection to the database file; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from None
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=30000")
        self.migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- schema --------------------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the migrations this file has not seen, each in its own transaction."""
        for number, script in enumerate(MIGRATIONS, start=1):
            if self.schema_version >= number:
                continue
            with self.transaction() as db:
                if self.schema_version >= number:  # another process migrated meanwhile
                    continue
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # --- runs ----------------------------------------------------------------------------------------------

    def begin_run(self, period: str, extractor_version: str) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (period, started_at, status, extractor_version) VALUES (?, ?, 'running', ?)",
                (period, _now(), extractor_version),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, output: str | None = None) -> None:
        with self.transaction() as db:
            counts = db.execute(
                """SELECT
                     (SELECT COUNT(*) FROM documents WHERE first_run_id = :run) AS new_docs,
                     (SELECT COUNT(*) FROM documents WHERE first_run_id < :run OR first_run_id IS NULL) AS on_file,
                     (SELECT COUNT(*) FROM goals) AS goals,
                     (SELECT COUNT(*) FROM measures) AS measures,
                     (SELECT COUNT(*) FROM quarantine WHERE run_id = :run) AS quarantined""",
                {"run": run_id},
            ).fetchone()
            db.execute(
                """UPDATE runs SET finished_at = ?, status = ?, output = ?, documents_new = ?,
                   documents_on_file = ?, goals = ?, measures = ?, quarantined = ? WHERE run_id = ?""",
                (_now(), status, output, counts["new_docs"], counts["on_file"], counts["goals"],
                 counts["measures"], counts["quarantined"], run_id),
            )

    def forget_additions(self, run_id: int) -> None:
        """Undo what a failed run added, so the next run sees those files as new again."""
        with self.transaction() as db:
            doomed = "SELECT doc_id FROM documents WHERE first_run_id = ?"
            db.execute(f"DELETE FROM document_links WHERE doc_id IN ({doomed}) OR other_doc_id IN ({doomed})",
                       (run_id, run_id))
            db.execute(f"DELETE FROM goals WHERE doc_id IN ({doomed})", (run_id,))
            db.execute(f"DELETE FROM measures WHERE doc_id IN ({doomed})", (run_id,))
            db.execute("DELETE FROM sources WHERE first_run_id = ?", (run_id,))
            db.execute("DELETE FROM documents WHERE first_run_id = ? AND doc_id NOT IN (SELECT doc_id FROM sources)",
                       (run_id,))

    def runs(self, limit: int = 50) -> pd.DataFrame:
        return pd.read_sql_query("SELECT * FROM runs ORDER BY run_id DESC LIMIT ?", self._db, params=(limit,))

    # --- documents -----------------------------------------------------------------------------------------

    def known_hashes(self, extractor_version: str | None = None) -> set[str]:
        """Content hashes on file; with a version, only those extracted by it (others are extracted again)."""
        if extractor_version is None:
            return {row[0] for row in self._db.execute("SELECT content_hash FROM sources")}
        return {row[0] for row in self._db.execute(
            """SELECT s.content_hash FROM sources s JOIN documents d USING (doc_id)
               WHERE d.extractor_version = ?""", (extractor_version,))}

    def record_work(self, run_id: int, read: int, extracted: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET documents_read = ?, documents_extracted = ? WHERE run_id = ?",
                       (read, extracted, run_id))

    def record_delivery(self, run_id: int, delivery: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET delivery = ? WHERE run_id = ?", (delivery, run_id))

    def save_extractions(self, extractions: Iterable[Extraction], run_id: int, extractor_version: str) -> SavedCounts:
        """Upsert documents by id and their sources by content hash; replace their goals and measures."""
        added_docs = added_sources = goal_count = measure_count = 0
        with self.transaction() as db:
            for extraction in extractions:
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
                     int(meta.draft), meta.script, document.text, run_id, extractor_version, document.signature),
                )
                added_docs += exists is None
                source = document.source
                cursor = db.execute(
                    """INSERT INTO sources (content_hash, doc_id, path, collection, encoding, size, first_run_id)
                       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING""",
                    (source.content_hash, document.doc_id, str(source.path), source.collection, meta.encoding,
                     source.size, run_id),
                )
                added_sources += cursor.rowcount
                db.execute("DELETE FROM goals WHERE doc_id = ?", (document.doc_id,))
                db.execute("DELETE FROM measures WHERE doc_id = ?", (document.doc_id,))
                db.executemany(
                    f"INSERT INTO goals ({', '.join(_GOAL_COLUMNS)}) VALUES ({', '.join('?' * len(_GOAL_COLUMNS))})",
                    [(document.doc_id, ordinal, g.indicator, _text(g.value), _text(g.value_max), g.unit, g.year,
                      g.comparator, int(g.hedge), _text(g.baseline_value), g.baseline_year, int(g.placeholder),
                      g.quote, g.provenance.sentence, json.dumps(g.provenance.section_path, ensure_ascii=False),
                      *g.provenance.span, *g.provenance.original_span, g.provenance.rule_id, g.binding,
                      json.dumps(g.rule_ids), g.confidence, g.canonical_unit, _text(g.scaled_value))
                     for ordinal, g in enumerate(extraction.goals)],
                )
                db.executemany(
                    f"INSERT INTO measures ({', '.join(_MEASURE_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(_MEASURE_COLUMNS))})",
                    [(document.doc_id, ordinal, m.number, m.title, m.text,
                      json.dumps(m.responsible, ensure_ascii=False),
                      json.dumps(m.provenance.section_path, ensure_ascii=False),
                      *m.provenance.span, *m.provenance.original_span, m.provenance.rule_id,
                      json.dumps(m.themes), m.instrument, json.dumps(m.goal_indexes))
                     for ordinal, m in enumerate(extraction.measures)],
                )
                goal_count += len(extraction.goals)
                measure_count += len(extraction.measures)
        return SavedCounts(added_docs, added_sources, goal_count, measure_count)

    def record_quarantine(self, records: Iterable[QuarantineRecord], run_id: int) -> None:
        with self.transaction() as db:
            db.executemany(
                """INSERT INTO quarantine (run_id, path, content_hash, reason, hint) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(run_id, path) DO UPDATE SET reason = excluded.reason, hint = excluded.hint""",
                [(run_id, str(r.path), r.content_hash, r.reason, r.hint) for r in records],
            )

    def document_texts(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self._db.execute("SELECT doc_id, text FROM documents")}

    def save_comparison(self, run_id: int, frames: dict[str, pd.DataFrame]) -> None:
        """Keep the run's comparison tables (comparison_<name>, replaced by each run) for reports and readers."""
        with self.transaction() as db:  # pandas.to_sql would commit on its own; one transaction for all tables
            for name, frame in frames.items():
                table = f"comparison_{name}"
                columns = ["run_id", *map(str, frame.columns)]
                db.execute(f'DROP TABLE IF EXISTS "{table}"')
                db.execute(f'CREATE TABLE "{table}" ({", ".join(f"{c!r}" for c in columns)})'.replace("'", '"'))
                rows = [(run_id, *(_cell(value) for value in row)) for row in frame.itertuples(index=False)]
                db.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})', rows)

    def comparison(self, name: str) -> pd.DataFrame:
        return pd.read_sql_query(f"SELECT * FROM comparison_{name}", self._db)  # name comes from our own code

    def signatures(self) -> dict[str, bytes]:
        return {row[0]: row[1] for row in self._db.execute(
            "SELECT doc_id, signature FROM documents WHERE signature IS NOT NULL")}

    def save_links(self, links: Iterable[NearDuplicate], run_id: int) -> None:
        with self.transaction() as db:
            db.executemany(
                """INSERT INTO document_links (doc_id, other_doc_id, kind, similarity, run_id)
                   VALUES (?, ?, 'near_duplicate', ?, ?)
                   ON CONFLICT(doc_id, other_doc_id, kind) DO UPDATE SET similarity = excluded.similarity""",
                [(link.doc_id, link.other_doc_id, link.similarity, run_id) for link in links],
            )

    def links(self) -> pd.DataFrame:
        return pd.read_sql_query(
            """SELECT l.doc_id, a.title AS title, a.draft AS draft, l.other_doc_id, b.title AS other_title,
                      b.draft AS other_draft, l.similarity, l.kind
               FROM document_links l JOIN documents a ON a.doc_id = l.doc_id
               JOIN documents b ON b.doc_id = l.other_doc_id ORDER BY l.similarity DESC""",
            self._db,
        )

    # --- reading for comparison and reports -----------------------------------------------------------------

    def documents(self) -> pd.DataFrame:
        return pd.read_sql_query(
            """SELECT d.doc_id, d.title, d.issuer, d.province, d.city, d.county, d.region, d.level, d.doc_number,
                      d.date, d.doc_type, d.draft, d.script, d.first_run_id,
                      (SELECT s.path FROM sources s WHERE s.doc_id = d.doc_id ORDER BY s.first_run_id LIMIT 1)
                        AS source,
                      (SELECT COUNT(*) FROM goals g WHERE g.doc_id = d.doc_id) AS goal_count,
                      (SELECT COUNT(*) FROM measures m WHERE m.doc_id = d.doc_id) AS measure_count
               FROM documents d ORDER BY d.date, d.doc_id""",
            self._db,
        )

    def goals(self) -> pd.DataFrame:
        return pd.read_sql_query(
            """SELECT g.*, d.region, d.province, d.city, d.level, d.title AS document_title, d.date AS document_date
               FROM goals g JOIN documents d USING (doc_id) ORDER BY d.date, g.doc_id, g.ordinal""",
            self._db,
        )

    def measures(self) -> pd.DataFrame:
        return pd.read_sql_query(
            """SELECT m.*, d.region, d.title AS document_title
               FROM measures m JOIN documents d USING (doc_id) ORDER BY d.date, m.doc_id, m.ordinal""",
            self._db,
        )

    def quarantine(self, run_id: int) -> pd.DataFrame:
        return pd.read_sql_query(
            "SELECT path, content_hash, reason, hint FROM quarantine WHERE run_id = ? ORDER BY path",
            self._db, params=(run_id,),
        )

    def sources(self) -> pd.DataFrame:
        return pd.read_sql_query("SELECT * FROM sources ORDER BY path", self._db)

"""The schema, as numbered migrations recorded in ``PRAGMA user_version``: every table the store holds is
created here, and a database file of any earlier version is brought up to date on open."""

from __future__ import annotations

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
    # 6: run status and delivery as codes with their details apart; each run's inputs (the manifest); the
    # comparison of the latest run, kept as declared frames (briefing/tables.py) for the report to read back
    """
    ALTER TABLE runs ADD COLUMN status_detail TEXT;
    ALTER TABLE runs ADD COLUMN delivery_detail TEXT;
    UPDATE runs SET status_detail = substr(status, 9), status = 'failed' WHERE status LIKE 'failed: %';
    UPDATE runs SET status_detail = substr(status, 10), status = 'skipped' WHERE status LIKE 'skipped: %';
    UPDATE runs SET delivery_detail = delivery, delivery = 'failed' WHERE delivery LIKE 'failed%';
    UPDATE runs SET delivery_detail = delivery, delivery = 'sent' WHERE delivery LIKE 'sent%';
    UPDATE runs SET delivery = 'not_configured' WHERE delivery = 'not configured';
    CREATE TABLE run_inputs (
        run_id INTEGER NOT NULL REFERENCES runs(run_id),
        path TEXT NOT NULL, content_hash TEXT NOT NULL, status TEXT NOT NULL,
        PRIMARY KEY (run_id, path)
    );
    CREATE TABLE comparison_snapshots (
        run_id INTEGER NOT NULL REFERENCES runs(run_id),
        name TEXT NOT NULL, rows TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
    );
    DROP TABLE IF EXISTS comparison_goals;
    DROP TABLE IF EXISTS comparison_peers;
    DROP TABLE IF EXISTS comparison_regions;
    DROP TABLE IF EXISTS comparison_predecessors;
    DROP TABLE IF EXISTS comparison_indicator_changes;
    DROP TABLE IF EXISTS comparison_theme_changes;
    DROP TABLE IF EXISTS comparison_measure_changes;
    DROP TABLE IF EXISTS comparison_theme_matrix;
    DROP TABLE IF EXISTS comparison_theme_contrasts;
    DROP TABLE IF EXISTS comparison_reuse;
    DROP TABLE IF EXISTS comparison_reuse_shares;
    DROP TABLE IF EXISTS comparison_goal_links;
    DROP TABLE IF EXISTS comparison_unsupported_goals;
    """,
    # 7: which process runs a run, on which host, writing to which folder: a run whose process died is
    # recognised as interrupted, its additions undone and its temporary files removed; the fingerprint of what
    # a published briefing was made from, so that a rerun with nothing changed keeps it
    """
    ALTER TABLE runs ADD COLUMN fingerprint TEXT;
    CREATE INDEX runs_fingerprint ON runs(fingerprint);
    ALTER TABLE runs ADD COLUMN pid INTEGER;
    ALTER TABLE runs ADD COLUMN host TEXT;
    ALTER TABLE runs ADD COLUMN output_dir TEXT;
    """,
    # 8: each document's winnowed fingerprints (briefing/winnow.py), computed once when it is stored, for text
    # reuse against everything on file; documents stored before are given theirs by the next run's store stage
    """
    CREATE TABLE text_fingerprints (
        doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id),
        hashes BLOB NOT NULL, positions BLOB NOT NULL
    );
    """,
    # 9: a reviewer's corrections (briefing/corrections.py) on the stored goals: a dropped goal is kept and
    # hidden, a changed one keeps its extracted fields to be restored, an added one is marked; what each
    # run's corrections did (applied, or stale: their document or quote no longer matches)
    """
    ALTER TABLE goals ADD COLUMN origin TEXT NOT NULL DEFAULT 'extracted';
    ALTER TABLE goals ADD COLUMN dropped INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE goals ADD COLUMN corrected TEXT;
    ALTER TABLE goals ADD COLUMN extracted_fields TEXT;
    ALTER TABLE goals ADD COLUMN forced_indicator_id TEXT;
    CREATE TABLE run_corrections (
        run_id INTEGER NOT NULL REFERENCES runs(run_id),
        position INTEGER NOT NULL, document TEXT NOT NULL, quote TEXT NOT NULL, action TEXT NOT NULL,
        status TEXT NOT NULL, detail TEXT,
        PRIMARY KEY (run_id, position)
    );
    """,
)

"""The database file: SQLite in WAL mode, migrated on open.

WAL lets one run write in short transactions while `briefing history` and other readers keep reading the
last committed state; nothing to install, and it ships with Python. Only the seam (``briefing.store.seam``)
opens it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from briefing.errors import StoreError
from briefing.store.migrations import MIGRATIONS
from briefing.tables import Table


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

    def query(self, sql: str, parameters: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        return self._db.execute(sql, parameters).fetchall()

    def frame(self, table: Table, sql: str, parameters: tuple[object, ...] = ()) -> pd.DataFrame:
        """A read query as a frame of ``table``'s declared columns."""
        return table.conform(pd.read_sql_query(sql, self._db, params=parameters))

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

"""The temporary API's migration stamp: Prefect's migration check is skipped only for a database this Prefect
version has already brought up to date."""

import importlib.metadata
import os

import pytest

from briefing.prefect_env import MigrationStamp


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    for name in ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_a_stamp_holds_for_the_database_and_prefect_version_it_was_written_for(home, monkeypatch):
    stamp = MigrationStamp.of_default_database()
    assert stamp is not None and not stamp.current()  # no database yet
    stamp.record()
    assert not stamp.current() and not stamp.stamp.exists()  # nothing to stamp without a database
    (home / "prefect.db").write_bytes(b"migrated")
    assert not stamp.current()
    stamp.record()
    assert stamp.current() and MigrationStamp.of_default_database().current()

    replacement = home / "prefect.db.new"  # a new database file: another inode, since both exist at once
    replacement.write_bytes(b"fresh")
    os.replace(replacement, home / "prefect.db")
    assert not stamp.current()

    stamp.record()
    assert stamp.current()
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "0.0.1" if name == "prefect" else real_version(name))
    assert not stamp.current()  # another Prefect version migrates again


def test_a_database_named_by_a_connection_url_is_left_to_prefect(home, monkeypatch):
    monkeypatch.setenv("PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg://127.0.0.1/prefect")
    assert MigrationStamp.of_default_database() is None

"""Shared fixtures: the project folder, copies of the bundled inputs, a Prefect test server."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PLANS = PROJECT / "inputs" / "plans"
GOLD = PROJECT / "tests" / "gold"
PASSAGES = PROJECT / "tests" / "passages"
SHARED = PROJECT.parent / "shared"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan_copies(tmp_path: Path) -> Path:
    """A folder holding copies of the five bundled plans."""
    folder = tmp_path / "inputs"
    shutil.copytree(PLANS, folder)
    return folder


@pytest.fixture
def one_plan(tmp_path: Path) -> Path:
    """A folder holding a copy of the first bundled plan: a run that needs a document, quickly."""
    folder = tmp_path / "one"
    folder.mkdir()
    first = sorted(PLANS.glob("*.txt"))[0]
    shutil.copy(first, folder / first.name)
    return folder


@pytest.fixture
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the configured store at a fresh database file for this test."""
    store = tmp_path / "briefing.db"
    monkeypatch.setenv("BRIEFING_STORE", str(store))
    monkeypatch.chdir(PROJECT)
    return store


@pytest.fixture(scope="session")
def prefect_server():
    """A real Prefect API (the test harness's own server on loopback) for the whole session."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=240):
        yield

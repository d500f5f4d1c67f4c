"""Every process of a run collects garbage at the raised thresholds: this one, the document workers, the
background half of a stage, and the temporary API (each starts with CPython's defaults)."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from briefing.background import InBackground
from briefing.collection import SET_THRESHOLDS_SOURCE, THRESHOLDS, collect_less_often
from briefing.ingest.limits import Budget, ReadLimits
from briefing.isolation import DocumentWorkers
from briefing.prefect_env import _UVICORN_WITH_FEWER_COLLECTIONS
from conftest import PROJECT

DEFAULTS = (700, 10, 10)


@pytest.fixture
def default_thresholds():
    kept = gc.get_threshold()
    gc.set_threshold(*DEFAULTS)
    yield
    gc.set_threshold(*kept)


def test_the_thresholds_are_raised_and_collection_stays_on(default_thresholds):
    collect_less_often()
    assert gc.get_threshold() == THRESHOLDS and THRESHOLDS[0] > DEFAULTS[0] and gc.isenabled()


def test_a_stage_half_in_the_background_collects_at_the_raised_thresholds(default_thresholds):
    with InBackground(gc.get_threshold) as job:
        assert job.result() == THRESHOLDS
    assert gc.get_threshold() == DEFAULTS  # the caller's own are its business


@pytest.mark.integration
def test_the_document_workers_collect_at_the_raised_thresholds():
    workers = DocumentWorkers(PROJECT / "config", ReadLimits(), Budget(seconds=60, memory_mb=2048, workers=1))
    try:
        assert workers.pool.schedule(gc.get_threshold).result(timeout=120) == THRESHOLDS
    finally:
        workers.close()


def test_the_temporary_api_is_uvicorn_started_after_the_thresholds_are_raised():
    """The command Prefect's temporary API is started with: uvicorn's own command line, thresholds first."""
    version = subprocess.run([sys.executable, "-c", _UVICORN_WITH_FEWER_COLLECTIONS, "--version"],
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("Running uvicorn")
    assert _UVICORN_WITH_FEWER_COLLECTIONS.startswith(SET_THRESHOLDS_SOURCE)
    seen = subprocess.run([sys.executable, "-c", f"{SET_THRESHOLDS_SOURCE}; import gc; print(gc.get_threshold())"],
                          capture_output=True, text=True, timeout=60)
    assert seen.stdout.strip() == str(THRESHOLDS)

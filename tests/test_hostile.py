"""The hostile corpus (tests/fixtures/hostile/make_hostile.py): each file becomes a document or is quarantined
with its expected reason, through the run's own reading path (worker processes under the time budget), and
no input file is changed."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from briefing.discover import discover
from briefing.isolation import Budget, read_files
from briefing.models import Extraction, QuarantineRecord
from briefing.settings import load_settings
from conftest import PROJECT
from fixtures.hostile.make_hostile import DOCUMENT, write_corpus

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    expected = write_corpus(folder)
    return folder, expected


def digests(folder):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir()}


def test_every_hostile_file_is_a_document_or_quarantined_with_its_reason(corpus):
    folder, expected = corpus
    before = digests(folder)
    settings = load_settings(PROJECT / "config" / "briefing.yaml")
    found = discover([(folder, "inbox")], frozenset())
    plan_budget = Budget(
        settings.document_timeout, settings.document_memory_mb, settings.workers)
    results = read_files(found.new, settings.config_dir, settings.read_limits(), plan_budget)
    outcomes = {}
    for source, result in zip(found.new, results):
        if isinstance(result, Extraction):
            outcomes[source.path.name] = DOCUMENT
        else:
            assert isinstance(result, QuarantineRecord) and result.hint, result
            outcomes[source.path.name] = result.reason
    assert set(outcomes) == set(expected)
    wrong = {name: outcomes[name] for name, want in expected.items()
             if not (outcomes[name] == DOCUMENT if want == DOCUMENT else want in outcomes[name])}
    assert wrong == {}
    assert digests(folder) == before


def test_briefing_ingest_reports_each_hostile_file_in_one_line(corpus):
    folder, expected = corpus
    before = digests(folder)
    result = subprocess.run([sys.executable, "-m", "briefing.cli", "ingest", *sorted(map(str, folder.iterdir()))],
                            cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    refused = sorted(name for name, want in expected.items() if want != DOCUMENT)
    assert sorted(line.split(": ", 2)[1].rsplit("/", 1)[-1] for line in skipped) == refused
    assert digests(folder) == before

"""kill -9 at every stage of a real `briefing run`, then a plain rerun: the store is sound and holds what an
uninterrupted run would have stored, the briefing is the one it would have made, nothing is left half-written.

The moment of each kill is the stage's own "stage=<name> begins" log line. The whole process group is
killed, as a reboot or a service manager's SIGKILL would: the run, its document workers and, when a run
starts its own temporary Prefect API, that server too. Runs talk to the session's Prefect test server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import pipeline
from conftest import PASSAGES, PROJECT
from test_flow import pdf_text

pytestmark = pytest.mark.integration
BRIEFING = [sys.executable, "-m", "briefing.cli"]
#: every stage of the pipeline, in its order
STAGES = tuple(stage.name for stage in pipeline.STAGES)
PERIOD = "2026-10"


@pytest.fixture(scope="module")
def mailbox():
    from aiosmtpd.controller import Controller

    from test_operations import Mailbox, free_port

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A real passage and a file that is quarantined on every run."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("dazhou_2024_data_market_plan.txt",):
        shutil.copy(PASSAGES / name, folder / name)
    (folder / "blank.txt").write_bytes(b" \n\t\n" * 50)
    return folder


def environment(workspace: Path, port: int, stage: str) -> dict[str, str]:
    """Document workers only where the kill falls while they read (the extract stage): elsewhere they would
    only add their start-up to every run of this test."""
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "BRIEFING_STORE": str(workspace / "store" / "b.db"),
            "BRIEFING_DOCUMENT_TIMEOUT": "120" if stage == "extract" else "0",
            "PREFECT_HOME": str(workspace / "prefect"), "PREFECT_API_URL": str(PREFECT_API_URL.value()),
            "BRIEFING_LOCK_TIMEOUT": "5", "BRIEFING_WORKERS": "1",
            "BRIEFING_MAIL_TO": json.dumps(["desk@example.org"]), "BRIEFING_SMTP_PORT": str(port),
            "BRIEFING_MAIL_BACKOFF_SECONDS": "0"}


def start(workspace: Path, inputs: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([*BRIEFING, "run", "--period", PERIOD, "--inputs", str(inputs), "--out",
                             str(workspace / "out")], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def run_to_the_end(workspace: Path, inputs: Path, env: dict[str, str]) -> str:
    process = start(workspace, inputs, env)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output[-3000:]
    return output


def kill_when_stage_begins(workspace: Path, inputs: Path, env: dict[str, str], stage: str) -> str:
    process = start(workspace, inputs, env)
    seen = []
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line)
        if f"stage={stage} begins" in line:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.stdout.close()
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "".join(seen)[-3000:]
    return "".join(seen)


def stored(store: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        documents = db.execute("SELECT doc_id, title, region FROM documents ORDER BY doc_id").fetchall()
        goals = db.execute("SELECT doc_id, ordinal, indicator, value, unit, year, comparator FROM goals "
                           "ORDER BY doc_id, ordinal").fetchall()
        measures = db.execute("SELECT doc_id, ordinal, number, title FROM measures ORDER BY doc_id, ordinal").fetchall()
    return documents, goals, measures


def briefing_text(pdf: Path) -> str:
    """The PDF's text without what differs between two runs of the same briefing: run number and time."""
    text = pdf_text(pdf)
    text = re.sub(r"第\d+期", "第N期", text)
    text = re.sub(r"期号\d+", "期号N", text)
    return re.sub(r"生成时间\d{4}-\d{2}-\d{2}\d{2}:\d{2}", "生成时间T", text)


def leftovers(workspace: Path) -> list[str]:
    """Files a finished run should not leave: temporary outputs, or anything beside the store but the
    database, its WAL files and the lock."""
    allowed = {"b.db", "b.db-wal", "b.db-shm", "b.db.lock"}
    partial = [str(p) for p in (workspace / "out").rglob("*.part")]
    return partial + [p.name for p in (workspace / "store").iterdir() if p.name not in allowed]


@pytest.fixture(scope="module")
def uninterrupted(prefect_server, tmp_path_factory, inputs, mailbox):
    """The reference: the same run, never killed."""
    workspace = tmp_path_factory.mktemp("reference")
    run_to_the_end(workspace, inputs, environment(workspace, mailbox[1], "none"))
    pdf = workspace / "out" / PERIOD / f"briefing-{PERIOD}.pdf"
    return stored(workspace / "store" / "b.db"), briefing_text(pdf)


def left_running(store: Path) -> bool:
    if not store.exists():
        return False
    with sqlite3.connect(store) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        return "runs" in tables and db.execute("SELECT COUNT(*) FROM runs WHERE status = 'running'").fetchone()[0] > 0


def history(env: dict[str, str]) -> str:
    result = subprocess.run([*BRIEFING, "history"], cwd=PROJECT, env={**env, "COLUMNS": "250"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("stage", STAGES)
def test_a_run_killed_at_any_stage_is_made_whole_by_a_plain_rerun(stage, tmp_path, inputs, uninterrupted, mailbox):
    box, port = mailbox
    env = environment(tmp_path, port, stage)
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    kill_when_stage_begins(tmp_path, inputs, env, stage)

    pdf = tmp_path / "out" / PERIOD / f"briefing-{PERIOD}.pdf"
    if pdf.exists():  # never a partial file at the final path
        assert pdf.read_bytes().startswith(b"%PDF") and b"%%EOF" in pdf.read_bytes()[-1024:]
    store = tmp_path / "store" / "b.db"
    if left_running(store):  # the kill came after the run was recorded
        listed = history(env)
        assert "interrupted" in listed and "running" not in listed

    sent_before = len(box.messages)
    output = run_to_the_end(tmp_path, inputs, env)  # the dead run's lock does not block it (lock_timeout 5 s)
    assert "was interrupted" in output or stage == "discover"

    reference_store, reference_text = uninterrupted
    assert stored(store) == reference_store
    assert briefing_text(pdf) == reference_text
    assert len(box.messages) == sent_before + 1  # the recipients get the briefing once the run is whole
    assert leftovers(tmp_path) == []
    with sqlite3.connect(store) as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM runs ORDER BY run_id")]
    assert statuses[-1] == "succeeded"
    assert set(statuses[:-1]) <= {"interrupted"}
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before

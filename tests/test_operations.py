"""Operations: one run at a time, incremental reruns, e-mail delivery, Dask, history while a run writes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from filelock import FileLock

from briefing import pipeline, run_scope, steps
from briefing.models import DeliveryOutcome
from briefing.settings import load_settings
from briefing.run_scope import RunRequest
from conftest import PROJECT

pytestmark = pytest.mark.integration
BRIEFING = [sys.executable, "-m", "briefing.cli"]


def settings_for(store: Path, **overrides):
    return load_settings(PROJECT / "config" / "briefing.yaml", store=store, **overrides)


def run_stages(settings, inputs: Path, out: Path, period: str = "2026-10") -> pipeline.Outcome:
    """The pipeline in this process, without Prefect (the flow tests cover the Prefect runner)."""
    return pipeline.run(settings, RunRequest(period, str(inputs), str(out), store=str(settings.path("store"))))


def runs(store: Path) -> list[tuple]:
    with sqlite3.connect(store) as db:
        return db.execute("SELECT documents_read, documents_extracted, documents_new, status, delivery "
                          "FROM runs ORDER BY run_id").fetchall()


def test_a_rerun_skips_ingest_and_a_new_extractor_version_extracts_again(tmp_path, plan_copies, monkeypatch):
    store = tmp_path / "b.db"
    settings = settings_for(store)
    run_stages(settings, plan_copies, tmp_path / "out")
    plan = run_stages(settings, plan_copies, tmp_path / "out").plan
    assert plan.new == ()
    # a new extractor version: discovery reads it, and the briefing's basis holds it
    monkeypatch.setattr(steps, "EXTRACTOR_VERSION", "9.9.9-test")
    monkeypatch.setattr(run_scope, "EXTRACTOR_VERSION", "9.9.9-test")
    plan = run_stages(settings, plan_copies, tmp_path / "out").plan
    assert len(plan.new) == 5
    assert [r[:3] for r in runs(store)] == [(5, 5, 5), (0, 0, 0), (5, 5, 0)]
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT DISTINCT extractor_version FROM documents").fetchall() == [("9.9.9-test",)]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def test_the_pdf_is_mailed_to_the_recipients(tmp_path, plan_copies):
    from aiosmtpd.controller import Controller

    port = free_port()
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = settings_for(tmp_path / "b.db", mail_to=("desk@example.org", "lead@example.org"),
                                smtp_port=port, mail_backoff_seconds=0.0)
        outcome = run_stages(settings, plan_copies, tmp_path / "out")
        published = outcome.published
        assert (outcome.delivery.outcome, outcome.delivery.detail) == (DeliveryOutcome.SENT, "to 2 recipient(s)")
    finally:
        controller.stop()
    (sender, recipients, content), = mailbox.messages
    assert recipients == ["desk@example.org", "lead@example.org"]
    message = message_from_bytes(content, policy=default_policy)
    assert "2026年10月" in message["Subject"]
    attachment, = [part for part in message.iter_attachments()]
    assert attachment.get_filename() == "briefing-2026-10.pdf"
    assert attachment.get_content() == published.pdf.read_bytes()
    assert runs(tmp_path / "b.db")[-1][3:] == ("succeeded", "sent")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failed_delivery_marks_the_run_and_keeps_the_pdf(tmp_path, plan_copies):
    port = free_port()  # nobody listens there
    settings = settings_for(tmp_path / "b.db", mail_to=("desk@example.org",), smtp_port=port,
                            mail_attempts=3, mail_backoff_seconds=0.01)
    outcome = run_stages(settings, plan_copies, tmp_path / "out")
    delivery = outcome.delivery
    assert delivery.outcome is DeliveryOutcome.FAILED
    assert delivery.detail.startswith("e-mail to 1 recipient(s) via 127.0.0.1") and "3 attempts" in delivery.detail
    assert outcome.published.pdf.exists()
    assert runs(tmp_path / "b.db")[-1][3] == "delivery failed"


def test_an_ad_hoc_run_on_a_folder_leaves_the_configured_store_alone(tmp_path, plan_copies, one_plan,
                                                                       monkeypatch):
    """A maintainer's trial run on a folder keeps a store of its own beside its outputs."""
    monkeypatch.delenv("BRIEFING_STORE", raising=False)
    configured = tmp_path / "configured.db"
    settings = settings_for(configured)
    pipeline.run(settings, RunRequest("2026-09", str(one_plan), str(tmp_path / "scheduled"), store=str(configured)))
    before = documents_in(configured)
    assert len(before) == 1

    trial = pipeline.run(settings, RunRequest("2026-10", str(plan_copies), str(tmp_path / "trial")))
    assert trial.plan.store_path == tmp_path / "trial" / "ad-hoc.db"
    assert documents_in(configured) == before
    assert len(documents_in(tmp_path / "trial" / "ad-hoc.db")) == 5
    assert [row[3] for row in runs(configured)] == ["succeeded"]


def documents_in(store: Path) -> list[tuple]:
    with sqlite3.connect(store) as db:
        return db.execute("SELECT doc_id, first_run_id FROM documents ORDER BY doc_id").fetchall()


def test_history_answers_while_a_run_is_writing(tmp_path, plan_copies):
    store = tmp_path / "b.db"
    run_stages(settings_for(store), plan_copies, tmp_path / "out")
    writer = sqlite3.connect(store, isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO runs (period, started_at, status) VALUES ('2026-11', 'now', 'running')")
    try:
        result = subprocess.run([*BRIEFING, "history"], cwd=PROJECT, capture_output=True, text=True, timeout=60,
                                env={**os.environ, "BRIEFING_STORE": str(store), "COLUMNS": "200"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 0, result.stderr
    assert "2026-10" in result.stdout and "succeeded" in result.stdout


def start_run(tmp_path: Path, inputs: Path, period: str, lock_timeout: str) -> subprocess.Popen:
    """A real `briefing run` against the session's Prefect test server (each would otherwise start its own)."""
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "BRIEFING_STORE": str(tmp_path / "b.db"), "PREFECT_HOME": str(tmp_path / "prefect"),
           "BRIEFING_LOCK_TIMEOUT": lock_timeout, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    return subprocess.Popen([*BRIEFING, "run", "--period", period, "--inputs", str(inputs), "--out",
                             str(tmp_path / "out")], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_overlapping_runs_wait_or_give_up_with_a_clear_message(prefect_server, tmp_path, plan_copies):
    lock = FileLock(str(tmp_path / "b.db") + ".lock")
    with lock:  # a run in progress
        refused = start_run(tmp_path, plan_copies, "2026-10", lock_timeout="1")
        _, stderr = refused.communicate(timeout=300)
    assert refused.returncode == 2
    assert "another run holds the store" in stderr and "\n" not in stderr.strip().splitlines()[-1]
    assert not (tmp_path / "out").exists()

    first = start_run(tmp_path, plan_copies, "2026-10", lock_timeout="300")
    second = start_run(tmp_path, plan_copies, "2026-10", lock_timeout="300")
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], [err[-2000:] for _, err in outputs]
    pdfs = sorted((tmp_path / "out" / "2026-10").glob("*.pdf"))
    assert [pdf.name for pdf in pdfs] == ["briefing-2026-10.pdf"]
    assert not list((tmp_path / "out" / "2026-10").glob(".*.part"))
    statuses = runs(tmp_path / "b.db")
    # the run that waited found nothing changed since the first published, and kept its briefing
    assert [status[2:4] for status in statuses] == [(5, "succeeded"), (0, "unchanged")]


def test_processes_and_a_dask_cluster_yield_the_same_goals_as_threads(prefect_server, tmp_path, plan_copies,
                                                                       monkeypatch):
    from distributed import LocalCluster
    from prefect_dask import DaskTaskRunner

    from flows.monthly_briefing import monthly_briefing

    def goals_with(runner, name: str) -> list[tuple]:
        store = tmp_path / f"{name}.db"
        monkeypatch.setenv("BRIEFING_STORE", str(store))
        monkeypatch.chdir(PROJECT)
        monthly_briefing.with_options(task_runner=runner)(period="2026-10", inputs=str(plan_copies),
                                                          out=str(tmp_path / name))
        with sqlite3.connect(store) as db:
            return db.execute("SELECT doc_id, ordinal, indicator, value, unit, year FROM goals "
                              "ORDER BY doc_id, ordinal").fetchall()

    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    threads = goals_with(ThreadPoolTaskRunner(max_workers=2), "threads")
    # each batch in a worker process that starts (and must end) its own document workers
    assert goals_with(ProcessPoolTaskRunner(max_workers=2), "processes") == threads
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster:
        dask = goals_with(DaskTaskRunner(address=cluster.scheduler_address), "dask")
    assert dask == threads and len(threads) > 70

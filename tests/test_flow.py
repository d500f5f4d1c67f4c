"""The monthly flow end to end on a real Prefect server, a real database file and real PDFs."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import PROJECT, sha256

pytestmark = pytest.mark.integration

REGIONS = ("四川", "江西", "泰州", "重庆")
BAD_FILES = {
    "empty.txt": b"",
    "scan.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "broken.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    "figures.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    "scanned.pdf": (Path(__file__).parent / "fixtures" / "scanned.pdf").read_bytes(),
}


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, with all white space removed (tables wrap their cells)."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


@pytest.fixture
def inbox(plan_copies: Path) -> Path:
    for name, data in BAD_FILES.items():
        (plan_copies / name).write_bytes(data)
    return plan_copies


def test_monthly_flow_builds_the_briefing_and_quarantines_bad_files(prefect_server, isolated_store, inbox, tmp_path):
    from flows.monthly_briefing import monthly_briefing

    before = {path.name: sha256(path) for path in inbox.iterdir()}
    out = tmp_path / "out"
    pdf = Path(monthly_briefing(period="2026-10", inputs=str(inbox), out=str(out)))

    assert pdf == out / "2026-10" / "briefing-2026-10.pdf"
    text = pdf_text(pdf)
    for region in REGIONS:
        assert region in text
    assert "本期新收录政策文件5份" in text
    # Chongqing: 数字经济增加值占GDP比重 above 50% by 2027, in the peer table and the appendix.
    assert "数字经济增加值占GDP比重" in text
    # target (marked "？" where its confidence is under the threshold), common unit, year, baseline
    assert re.search(r"重庆市50%？?(50%)?2027年超过45.4%\(2022年\)", text)
    # Every bad file is listed in the data-quality section, and left byte-identical.
    quality = text[text.index("数据质量"):]
    for name in BAD_FILES:
        assert name in quality
    assert {path.name: sha256(path) for path in inbox.iterdir()} == before

    with sqlite3.connect(isolated_store) as db:
        reasons = dict(db.execute("SELECT path, reason FROM quarantine"))
        assert db.execute("SELECT status FROM runs").fetchone()[0] == "succeeded"
    assert {Path(path).name for path in reasons} == set(BAD_FILES)
    assert "empty" in reasons[str(inbox / "empty.txt")]
    assert "unsupported" in reasons[str(inbox / "figures.xls")]
    assert "PDF" in reasons[str(inbox / "broken.pdf")]
    assert "no text layer" in reasons[str(inbox / "scanned.pdf")]

    import httpx
    from prefect.settings import PREFECT_API_URL

    def artifacts_with(key: str) -> list[dict]:
        # The client's read_artifacts sends nulls this server version rejects (422); ask the REST API directly.
        body = {"artifacts": {"key": {"any_": [key]}}, "limit": 5, "offset": 0, "sort": "CREATED_DESC"}
        response = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    artifacts = {key: artifacts_with(key) for key in ("briefing-summary", "briefing-new-goals", "briefing-pdf")}
    assert all(artifacts.values()), {key: len(found) for key, found in artifacts.items()}
    assert "新增文件：5 份" in artifacts["briefing-summary"][0]["data"]
    assert "scan.txt" in artifacts["briefing-summary"][0]["data"]  # quarantined files are named
    assert artifacts["briefing-pdf"][0]["data"].endswith("briefing-2026-10.pdf)")

    goals = pd.read_csv(pdf.parent / "goals.csv")
    assert len(goals) > 50
    chongqing = goals[(goals["region"] == "重庆市") & (goals["indicator_id"] == "digital_economy_share_gdp")]
    assert chongqing[["value", "year"]].values.tolist() == [[50, 2027]]
    assert (pdf.parent / "measures.csv").exists() and (pdf.parent / "briefing-2026-10.html").exists()


def test_an_unchanged_rerun_keeps_the_briefing_and_a_forced_one_makes_it_again(
        prefect_server, isolated_store, plan_copies, tmp_path):
    from flows.monthly_briefing import monthly_briefing

    out = tmp_path / "out"
    first = Path(monthly_briefing(period="2026-10", inputs=str(plan_copies), out=str(out)))
    with sqlite3.connect(isolated_store) as db:
        counts = db.execute("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM goals)").fetchone()
    first_inode = first.stat().st_ino

    kept = Path(monthly_briefing(period="2026-10", inputs=str(plan_copies), out=str(out)))
    assert kept == first and kept.stat().st_ino == first_inode  # not rendered again
    forced = Path(monthly_briefing(period="2026-10", inputs=str(plan_copies), out=str(out), force=True))
    assert forced == first
    assert forced.stat().st_ino != first_inode  # written anew, then renamed into place
    with sqlite3.connect(isolated_store) as db:
        assert db.execute("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM goals)").fetchone() == counts
        runs = db.execute("SELECT documents_new, documents_on_file, status, status_detail FROM runs "
                          "ORDER BY run_id").fetchall()
    assert counts == (5, counts[1]) and counts[1] > 50
    assert runs == [(5, 0, "succeeded", None), (0, 5, "unchanged", "briefing of run 1 kept"),
                    (0, 5, "succeeded", None)]
    text = pdf_text(forced)
    # the same period made again: the same briefing, its documents still the period's news
    assert "本期没有新收录的政策文件" not in text and "本期新收录政策文件5份" in text
    assert re.search(r"重庆市50%？?(50%)?2027年", text)
    assert not list(forced.parent.glob(".*.part"))

    forced_inode = forced.stat().st_ino
    (plan_copies / "000_2f5447efbbe91bf0.txt").write_text("到2030年，全市数据中心机架达到5万架。\n", encoding="utf-8")
    changed = Path(monthly_briefing(period="2026-10", inputs=str(plan_copies), out=str(out)))
    assert changed.stat().st_ino != forced_inode  # an input changed: made again


def test_deployment_is_registered_with_cron_and_timezone(prefect_server):
    from prefect import get_client

    from briefing.settings import load_settings
    from flows.monthly_briefing import build_deployment

    settings = load_settings(PROJECT / "config" / "briefing.yaml")
    build_deployment(settings).apply()
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name("monthly-briefing/monthly-briefing")
    assert len(deployment.schedules) == 1
    schedule = deployment.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("0 7 1 * *", "Asia/Shanghai")
    assert deployment.parameters == {"period": None}
    assert deployment.global_concurrency_limit.limit == 1  # one run at a time; one due meanwhile waits
    assert deployment.concurrency_options.collision_strategy.value == "ENQUEUE"


def test_the_operators_prefect_cli_works_against_the_server(prefect_server, tmp_path):
    """`prefect deployment ls`, `flow-run ls` and `artifact ls` answer with what the server holds (with FastAPI
    0.151 and later the server refuses the CLI's requests with 422: pyproject.toml pins it below)."""
    from prefect import flow, get_client
    from prefect.artifacts import create_markdown_artifact
    from prefect.settings import PREFECT_API_URL

    from briefing.settings import load_settings
    from flows.monthly_briefing import build_deployment

    @flow(name="operator-check")
    def leave_an_artifact() -> None:
        create_markdown_artifact(key="operator-check", markdown="checked")

    deployment_id = build_deployment(load_settings(PROJECT / "config" / "briefing.yaml")).apply()
    with get_client(sync_client=True) as client:
        flow_run = client.create_flow_run_from_deployment(deployment_id)
    leave_an_artifact()
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "COLUMNS": "250"}
    prefect_cli = str(Path(sys.executable).parent / "prefect")
    listed = {}
    for command in (("deployment", "ls"), ("flow-run", "ls"), ("artifact", "ls")):
        result = subprocess.run([prefect_cli, *command], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        listed[command[0]] = result.stdout
    assert "monthly-briefing" in listed["deployment"]
    assert flow_run.name in listed["flow-run"]
    assert "operator-check" in listed["artifact"]
    # the README's automation for a run that did not happen is one the server accepts
    automation = tmp_path / "automation.yaml"
    automation.write_text((PROJECT / "config" / "automation-missed-run.yaml").read_text(encoding="utf-8").replace(
        "REPLACE-WITH-YOUR-NOTIFICATION-BLOCK-ID", "00000000-0000-0000-0000-000000000000"), encoding="utf-8")
    created = subprocess.run([prefect_cli, "automation", "create", "--from-file", str(automation)],
                             capture_output=True, text=True, env=env, timeout=120)
    assert created.returncode == 0 and "Created automation" in created.stdout, created.stdout + created.stderr


def test_a_render_that_fails_once_is_retried_by_prefect(prefect_server, isolated_store, one_plan, tmp_path,
                                                         monkeypatch):
    from dataclasses import replace

    from briefing import pipeline
    from briefing.errors import RenderError
    from flows.monthly_briefing import monthly_briefing

    monkeypatch.setenv("BRIEFING_TASK_RETRIES", "1")
    monkeypatch.setenv("BRIEFING_TASK_RETRY_DELAY_SECONDS", "0")
    render = pipeline.BY_NAME["render"]
    calls = []

    def fails_once(plan):
        calls.append(plan.run_id)
        if len(calls) == 1:
            raise RenderError("fonts briefly missing")
        return render.run(plan)

    monkeypatch.setitem(pipeline.BY_NAME, "render", replace(render, run=fails_once))
    pdf = Path(monthly_briefing(period="2026-10", inputs=str(one_plan), out=str(tmp_path / "out")))
    assert pdf.is_file() and len(calls) == 2
    with sqlite3.connect(isolated_store) as db:
        assert db.execute("SELECT status FROM runs").fetchall() == [("succeeded",)]


def test_a_failed_run_is_recorded_and_the_operator_is_told(prefect_server, isolated_store, plan_copies, tmp_path,
                                                           monkeypatch):
    import json
    from email import message_from_bytes
    from email.policy import default as default_policy

    from aiosmtpd.controller import Controller
    from filelock import FileLock
    from prefect import get_client

    from flows.monthly_briefing import monthly_briefing
    from test_operations import Mailbox, free_port

    port, mailbox = free_port(), Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("BRIEFING_OPERATOR_MAIL_TO", json.dumps(["ops@example.org"]))
    monkeypatch.setenv("BRIEFING_SMTP_PORT", str(port))
    monkeypatch.setenv("BRIEFING_LOCK_TIMEOUT", "0.5")
    try:
        with FileLock(str(isolated_store) + ".lock"):  # another run holds the store
            state = monthly_briefing(period="2026-10", inputs=str(plan_copies), out=str(tmp_path / "out"),
                                     return_state=True)
    finally:
        controller.stop()
    assert state.is_failed()
    (_, recipients, content), = mailbox.messages
    message = message_from_bytes(content, policy=default_policy)
    assert recipients == ["ops@example.org"] and "failed" in message["Subject"]
    assert "another run holds the store" in message.get_content() and "inputs=" in message.get_content()
    with get_client(sync_client=True) as client:
        artifact = client.read_latest_artifacts(limit=50)
    assert any(a.key == "briefing-failure" and "another run holds the store" in (a.data or "") for a in artifact)

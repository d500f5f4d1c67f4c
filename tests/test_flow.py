"""The monthly flow end to end on a real Prefect server, a real database file and real PDFs."""

from __future__ import annotations

import re
import sqlite3
import subprocess
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
    assert re.search(r"重庆市50%(50%)?2027年超过45.4%\(2022年\)", text)  # target, common unit, year, baseline
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
    assert "本期没有新收录的政策文件" in text
    assert re.search(r"重庆市50%(50%)?2027年", text)  # the benchmark of what is on file is still shown
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

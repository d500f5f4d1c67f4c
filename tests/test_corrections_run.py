"""Corrections through whole runs: each kind changes the PDF, goals.csv and the store, survives a rerun and a
new extractor version, and a stale one is reported in the log and the briefing; `briefing review` lists a
period's goals exactly and writes a stub."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from briefing import pipeline, run_scope, steps
from briefing.corrections import load_corrections
from briefing.extract import EXTRACTOR_VERSION
from briefing.run_scope import RunRequest
from briefing.settings import load_settings
from briefing.store import ledger, writes
from briefing.store.database import Store
from conftest import PLANS, PROJECT
from helpers import extract_text

pytestmark = pytest.mark.integration


def _run(config: Path, inputs: Path, out: Path, store: Path) -> Path:
    settings = load_settings(config / "briefing.yaml", store=store)
    return pipeline.run(settings, RunRequest("2026-10", str(inputs), str(out), store=str(store))).published.pdf


def _pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def test_corrections_change_the_briefing_and_survive_reruns_and_a_new_extractor(tmp_path, monkeypatch, caplog):
    config, inputs = tmp_path / "config", tmp_path / "inputs"
    shutil.copytree(PROJECT / "config", config)
    shutil.copytree(PROJECT / "report_templates", tmp_path / "report_templates")
    inputs.mkdir()
    shutil.copy(next(PLANS.glob("003_*.txt")), inputs)
    store, out = tmp_path / "b.db", tmp_path / "out"
    goals = pd.read_csv(_run(config, inputs, out, store).parent / "goals.csv", dtype=str)
    doc = goals["doc_id"].iloc[0]
    dropped, changed = goals["quote"].iloc[0], goals["quote"].iloc[1]
    measure = pd.read_csv(out / "2026-10" / "measures.csv", dtype=str)["title"].iloc[0]
    (config / "corrections.yaml").write_text(f"""corrections:
  - {{document: {doc}, quote: "{dropped}", action: drop, reason: 不是量化目标, date: 2026-11-30}}
  - {{document: {doc}, quote: "{changed}", action: change, set: {{value: "987.6", year: 2031}},
     reason: 以正式稿为准, date: 2026-11-30}}
  - {{document: {doc}, quote: "{measure}", action: add, set: {{indicator: 审阅补充指标, value: 42, unit: 个}},
     reason: 规则漏提, date: 2026-11-30}}
  - {{document: {doc}, quote: 本句不在文件中, action: drop, reason: 旧稿, date: 2026-11-30}}
""", encoding="utf-8")
    assert len(load_corrections(config)) == 4

    def check(pdf: Path) -> None:
        corrected = pd.read_csv(pdf.parent / "goals.csv", dtype=str)
        assert dropped not in set(corrected["quote"])
        row = corrected[corrected["quote"] == changed].iloc[0]
        assert (row["value"], row["year"], row["corrected"]) == ("987.6", "2031", "corrected: 以正式稿为准, 2026-11-30")
        added = corrected[corrected["indicator"] == "审阅补充指标"].iloc[0]
        assert (added["value"], added["unit"], added["quote"]) == ("42", "个", measure)
        assert len(corrected) == len(goals)  # one dropped, one added
        text = _pdf_text(pdf)
        assert "人工校正" in text and "本句不在文件中" in text and "已失效" in text
        assert "987.6" in text and "审阅补充指标" in text and "corrected:以正式稿为准,2026-11-30" in text
        with sqlite3.connect(store) as db:
            assert db.execute("SELECT dropped FROM goals WHERE quote = ?", (dropped,)).fetchone() == (1,)
            assert db.execute("SELECT value FROM goals WHERE quote = ?", (changed,)).fetchone() == ("987.6",)

    with caplog.at_level(logging.WARNING, logger="briefing"):
        check(_run(config, inputs, out, store))
    assert any("本句不在文件中" in r.getMessage() and "corrections.yaml" in r.getMessage() for r in caplog.records)
    check(_run(config, inputs, out, store))  # a rerun: applied again, not twice
    monkeypatch.setattr(steps, "EXTRACTOR_VERSION", "9.9.9-test")
    monkeypatch.setattr(run_scope, "EXTRACTOR_VERSION", "9.9.9-test")
    check(_run(config, inputs, out, store))  # extracted again, corrected again


TEXT = "无锡市数字经济发展规划\n一、发展目标\n到2027年,全市软件业务收入达到2000亿元。到2026年,培育智能工厂50家左右。\n"


def test_review_lists_the_periods_goals_lowest_confidence_first_and_writes_a_stub(tmp_path):
    extraction = extract_text(TEXT)
    with Store(tmp_path / "b.db") as db:
        writes.save_extractions(db, [extraction], ledger.begin_run(db, "2026-10", EXTRACTOR_VERSION), EXTRACTOR_VERSION)
    low, high = sorted(extraction.goals, key=lambda goal: goal.confidence or 0)
    doc = extraction.document.doc_id
    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    command = [sys.executable, "-m", "briefing.cli", "review", "--config", str(config / "briefing.yaml")]
    env = {"BRIEFING_STORE": str(tmp_path / "b.db"), "PATH": "/usr/bin:/bin"}
    listing = subprocess.run([*command, "--period", "2026-10"], capture_output=True, text=True, cwd=PROJECT,
                             env=env, check=True).stdout
    spans = {goal.quote: goal.provenance.span for goal in extraction.goals}
    target = {2027: "2000亿元", 2026: "50家"}
    assert listing == (
        "Goals of 2026-10: 2 in 1 document(s), lowest confidence first.\n\n"
        f"  1. confidence {low.confidence:.2f}  {low.indicator}：{target[low.year]}"
        f"（{low.year}年）\n"
        f"     原文：{low.quote}\n"
        f"     位置：无锡市数字经济发展规划 › 发展目标（字符 {spans[low.quote][0]}–{spans[low.quote][1]}）\n"
        f"     文件：{doc}\n"
        f"  2. confidence {high.confidence:.2f}  {high.indicator}：{target[high.year]}"
        f"（{high.year}年）\n"
        f"     原文：{high.quote}\n"
        f"     位置：无锡市数字经济发展规划 › 发展目标（字符 {spans[high.quote][0]}–{spans[high.quote][1]}）\n"
        f"     文件：{doc}\n\n"
        "`briefing review --stub N` adds a correction of goal N to config/corrections.yaml.\n")
    written = subprocess.run([*command, "--period", "2026-10", "--stub", "2"], capture_output=True, text=True,
                             cwd=PROJECT, env=env, check=True).stdout
    assert "goal 2" in written and "corrections.yaml" in written
    stubbed = (config / "corrections.yaml").read_text(encoding="utf-8")
    assert f"  # - document: {doc}\n" in stubbed and f'  #   quote: "{high.quote}"' in stubbed
    assert load_corrections(config) == ()  # a stub changes nothing until the reviewer completes it
    uncommented = stubbed.replace("  # - document", "  - document").replace("  #   ", "    ")
    (config / "corrections.yaml").write_text(uncommented, encoding="utf-8")
    correction, = load_corrections(config)
    assert (correction.document, correction.quote, correction.action) == (doc, high.quote, "change")
    wrong = subprocess.run([*command, "--period", "2026-10", "--stub", "9"], capture_output=True, text=True,
                           cwd=PROJECT, env=env)
    assert wrong.returncode == 2 and "there is no goal 9" in wrong.stderr and len(wrong.stderr.splitlines()) == 1

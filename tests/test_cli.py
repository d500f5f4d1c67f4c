"""The command line as a user runs it: real processes, real Prefect (ephemeral), real files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.inspect import ingest_files
from conftest import PROJECT

BRIEFING = [sys.executable, "-m", "briefing.cli"]


def run_cli(*args: str, env: dict[str, str | None] | None = None,
            timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the CLI; ``env`` entries set to None are removed from the child's environment."""
    child_env = {**os.environ, **(env or {})}
    return subprocess.run([*BRIEFING, *args], cwd=PROJECT, capture_output=True, text=True, timeout=timeout,
                          env={key: value for key, value in child_env.items() if value is not None})


def test_a_config_file_with_a_bad_key_fails_with_one_line(tmp_path):
    config = tmp_path / "config" / "briefing.yaml"
    config.parent.mkdir()
    config.write_text("title: 简报\ntimezone: Asia/Shanghai\nstorage: x.db\n", encoding="utf-8")
    result = run_cli("run", "--config", str(config))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "storage" in lines[0] and str(config) in lines[0]


def test_a_bad_period_is_refused_before_anything_runs():
    result = run_cli("run", "--period", "2026-13")
    assert result.returncode == 2
    assert "YYYY-MM" in result.stderr


def test_extract_prints_goals_as_json():
    result = run_cli("extract", "inputs/plans/004_053b5a309c349924.txt", "--format", "json")
    assert result.returncode == 0, result.stderr
    document, = json.loads(result.stdout)["documents"]
    assert document["meta"]["province"] == "重庆市"
    headline = [g for g in document["goals"] if g["indicator"].startswith("数字经济增加值占GDP")]
    assert [(g["value"], g["unit"], g["year"], g["comparator"], g["baseline_value"]) for g in headline] == [
        (50, "%", 2027, ">", 45.4)]


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str], dict[str, str | None]]:
    """One real `briefing run` of two plans into a store of its own."""
    tmp_path = tmp_path_factory.mktemp("run")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in ("003_751def9eb89f538a.txt", "004_053b5a309c349924.txt"):
        (inputs / name).write_bytes((PROJECT / "inputs" / "plans" / name).read_bytes())
    env: dict[str, str | None] = {"BRIEFING_STORE": str(tmp_path / "b.db"), "PREFECT_HOME": str(tmp_path / "prefect"),
                                  "PREFECT_API_URL": None}
    result = run_cli("run", "--period", "2026-09", "--inputs", str(inputs), "--out", str(tmp_path / "out"), env=env)
    return tmp_path, result, env


@pytest.mark.integration
def test_briefing_run_writes_the_pdf_and_prints_its_path(finished_run):
    tmp_path, result, _ = finished_run
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = Path(result.stdout.strip().splitlines()[-1])
    assert pdf == tmp_path / "out" / "2026-09" / "briefing-2026-09.pdf"
    # a temporary Prefect API served the run, and stopped with it
    api = re.search(r"temporary server of Prefect's API for this run on http://127\.0\.0\.1:(\d+)/api", result.stderr)
    assert api, result.stderr[-3000:]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", int(api.group(1))), timeout=5).close()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "泰州" in text and "重庆" in text


@pytest.mark.integration
def test_history_in_a_pipe_keeps_every_value_whole_and_speaks_json_and_csv(finished_run):
    tmp_path, result, env = finished_run
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = result.stdout.strip().splitlines()[-1]
    piped = run_cli("history", env={**env, "COLUMNS": None})  # stdout is a pipe here, as in `| cat`
    assert piped.returncode == 0, piped.stderr
    header, row = piped.stdout.splitlines()
    assert header.split()[:3] == ["run", "period", "started"]
    assert re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d", row) and pdf in row and "succeeded" in row
    runs = json.loads(run_cli("history", "--format", "json", env=env).stdout)
    assert [(run["period"], run["status"], run["output"], run["documents_new"]) for run in runs
            if run["run_id"] == 1] == [("2026-09", "succeeded", pdf, 2)]
    table = list(csv.DictReader(io.StringIO(run_cli("history", "--format", "csv", env=env).stdout)))
    assert [(row["status"], row["output"]) for row in table if row["run_id"] == "1"] == [("succeeded", pdf)]


@pytest.mark.integration
def test_a_rerun_with_nothing_changed_keeps_the_briefing_without_starting_prefect(finished_run):
    tmp_path, first, env = finished_run
    assert first.returncode == 0, first.stderr[-3000:]
    pdf = Path(first.stdout.strip().splitlines()[-1])
    inode = pdf.stat().st_ino
    again = run_cli("run", "--period", "2026-09", "--inputs", str(tmp_path / "inputs"), "--out", str(tmp_path / "out"),
                    env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert Path(again.stdout.strip().splitlines()[-1]) == pdf and pdf.stat().st_ino == inode
    assert "nothing changed since run 1" in again.stderr and "temporary server" not in again.stderr
    runs = json.loads(run_cli("history", "--format", "json", env=env).stdout)
    assert [run["status"] for run in runs][:1] == ["unchanged"]
    # with a Prefect server configured it still answers without Prefect: nothing listens at this address
    served = run_cli("run", "--period", "2026-09", "--inputs", str(tmp_path / "inputs"), "--out",
                     str(tmp_path / "out"), env={**env, "PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert served.returncode == 0, served.stderr[-3000:]
    assert Path(served.stdout.strip().splitlines()[-1]) == pdf and pdf.stat().st_ino == inode


def test_score_prints_precision_and_recall_of_the_whole_development_set():
    result = run_cli("score")
    assert result.returncode == 0, result.stderr
    assert "004_053b5a309c349924.txt: gold 23" in result.stdout
    assert "hebei_2024_computing_ai_opinion.txt: gold 4" in result.stdout
    assert len([line for line in result.stdout.splitlines() if ": gold " in line]) == 26
    assert result.stdout.strip().splitlines()[-1].startswith("goals F1 ")


def test_score_errors_puts_every_error_in_a_class(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("一、发展目标\n到2026年,全市软件业务收入突破500亿元,培育数字化转型促进中心8个。\n"
                    "二、重点任务\n1.建设算力中心。新建标准机架3000个。\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    goals = [  # the first with a wrong year on purpose, the second not in the text; the machine racks unannotated
        {"indicator": "软件业务收入", "value": 500, "unit": "亿元", "year": 2025, "comparator": ">", "quote": "突破500亿元"},
        {"indicator": "工业互联网平台", "value": 12, "unit": "个", "year": 2026, "comparator": "=", "quote": "12个"},
        {"indicator": "数字化转型促进中心", "value": 8, "unit": "个", "year": 2026, "comparator": "=", "quote": "中心8个"},
    ]
    (gold / "plan.txt.json").write_text(json.dumps({"doc": "plan.txt", "goals": goals, "measures": []},
                                                   ensure_ascii=False), encoding="utf-8")
    result = run_cli("score", str(text), "--gold", str(gold), "--errors")
    assert result.returncode == 0, result.stderr
    counts = {line.split()[0]: int(line.split()[1]) for line in result.stdout.splitlines()
              if len(line.split()) == 2 and line.split()[1].isdigit()}
    assert (counts["year"], counts["cue"], counts["exclusion"], counts["all"]) == (1, 1, 1, 3)
    assert "[year] plan.txt: found 软件业务收入 500亿元 (2026)" in result.stdout


def test_extract_csv_carries_confidence_and_rule_ids(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("到2026年,全省算力规模达到5EFLOPS,建成5G基站3万座。\n", encoding="utf-8")
    result = run_cli("extract", str(text), "--format", "csv")
    assert result.returncode == 0, result.stderr
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["unit"], row["canonical_unit"]) for row in rows] == [("EFLOPS", "FLOPS"), ("万座", "座")]
    assert all(0 < float(row["confidence"]) <= 1 and json.loads(row["rule_ids"]) for row in rows)


def test_every_inspect_command_reads_the_rules_beside_the_settings_file(tmp_path):
    import shutil

    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    units = (config / "units.yaml").read_text(encoding="utf-8")
    (config / "units.yaml").write_text(
        "\n".join(line for line in units.splitlines() if "unit.compute.eflops" not in line) + "\n", encoding="utf-8")
    text = tmp_path / "plan.txt"
    text.write_text("到2026年,全省算力规模达到5EFLOPS。\n", encoding="utf-8")
    project = json.loads(run_cli("extract", str(text), "--format", "json").stdout)
    other = run_cli("extract", str(text), "--format", "json", "--config", str(config / "briefing.yaml"))
    assert other.returncode == 0, other.stderr
    assert len(project["documents"][0]["goals"]) == 1
    assert json.loads(other.stdout)["documents"][0]["goals"] == []


def test_compare_two_files_prints_the_diff_as_json():
    result = run_cli("compare", "inputs/plans/002_abf5e99d2b5f1a8f.txt", "inputs/plans/000_2f5447efbbe91bf0.txt",
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    assert (diff["old"]["date"], diff["new"]["date"]) == ("2019-08-05", "2022-11-02")
    first = diff["indicators"][0]
    assert first["indicator_id"] == "digital_economy_value_added"
    assert first["old_targets"] == "2万亿元(2022年)" and first["status"] == "masked, deadline moved"
    assert {"continued", "new", "dropped"} <= {m["status"] for m in diff["measures"]}


def test_compare_shows_the_passages_two_documents_share_with_their_spans_in_both():
    old, new = "inputs/plans/000_2f5447efbbe91bf0.txt", "inputs/plans/003_751def9eb89f538a.txt"
    result = run_cli("compare", old, new, "--format", "json")
    assert result.returncode == 0, result.stderr
    passages = json.loads(result.stdout)["passages"]
    shared = next(p for p in passages if "现代产业学院" in p["passage"] and "数字工匠" in p["passage"])
    texts = [document.text for document in ingest_files([PROJECT / old, PROJECT / new]).documents]
    assert texts[1][shared["new_start"]:shared["new_end"]] == shared["passage"]
    assert "现代产业学院" in texts[0][shared["old_start"]:shared["old_end"]]
    assert shared["length"] >= 24 and 0 < shared["share_of_old"] < shared["share_of_new"] < 1
    table = run_cli("compare", old, new, env={"COLUMNS": "200"})
    assert "passages:" in table.stdout and "现代产业学院" in table.stdout


def test_a_corrections_file_that_is_not_valid_stops_the_run_with_one_line(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    (config / "corrections.yaml").write_text(
        "corrections:\n  - {document: abc, quote: 到2027年, action: change, reason: 核对, date: 2026-11-30}\n",
        encoding="utf-8")
    result = run_cli("run", "--config", str(config / "briefing.yaml"), env={"BRIEFING_STORE": str(tmp_path / "b.db")})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "corrections.yaml" in result.stderr and "at least one field" in result.stderr
    assert not (tmp_path / "b.db").exists()  # stopped before the run began


def test_compare_with_an_unknown_id_fails_with_one_line(tmp_path):
    result = run_cli("compare", "nosuchdoc", "inputs/plans/000_2f5447efbbe91bf0.txt",
                     env={"BRIEFING_STORE": str(tmp_path / "empty.db")})
    assert result.returncode == 2
    assert "neither a file nor a document id" in result.stderr


def test_serve_without_a_prefect_server_says_what_to_start(tmp_path):
    result = run_cli("serve", env={"PREFECT_API_URL": None, "PREFECT_HOME": str(tmp_path / "prefect")}, timeout=120)
    assert result.returncode == 2
    assert "PREFECT_API_URL is not set" in result.stderr and "prefect server start" in result.stderr


def test_ingest_prints_metadata_sections_and_quarantine_as_json():
    result = run_cli("ingest", "inputs/plans/002_abf5e99d2b5f1a8f.txt", "tests/fixtures/scanned.pdf", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    document, = data["documents"]
    assert {"title", "issuer", "province", "city", "county", "level", "doc_number", "date", "doc_type", "draft",
            "script"} <= set(document["meta"])
    assert (document["meta"]["doc_number"], document["meta"]["date"], document["meta"]["level"]) == (
        "川府发〔2019〕20号", "2019-08-05", "province")
    assert {"preamble", "goals", "tasks", "safeguards"} <= {section["kind"] for section in document["sections"]}
    assert data["quarantined"] == [{"source": "tests/fixtures/scanned.pdf", "reason": "no text layer (scanned?)"}]
    assert "scanned.pdf: no text layer" in result.stderr

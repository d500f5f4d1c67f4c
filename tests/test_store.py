import json
import sqlite3

from briefing.extract import EXTRACTOR_VERSION
from briefing.models import QuarantineRecord, RunStatus
from briefing.store import ledger, views, writes
from briefing.store.database import Store
from briefing.store.migrations import MIGRATIONS
from helpers import extract_text

TEXT = "一、总体要求\n到2025年,培育数字经济企业40家。\n二、重点任务\n(一)创新\n1.加强攻关。推进。\n"


def test_migrations_create_the_schema_in_wal_mode(tmp_path):
    path = tmp_path / "b.db"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    db = sqlite3.connect(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "sources", "goals", "measures", "runs", "quarantine", "run_inputs",
            "comparison_snapshots"} <= tables
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(path) as store:  # reopening applies nothing twice
        assert store.schema_version == len(MIGRATIONS)


def test_saving_the_same_document_twice_adds_nothing(tmp_path):
    extraction = extract_text(TEXT)
    with Store(tmp_path / "b.db") as store:
        first_run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        first = writes.save_extractions(store, [extraction], first_run, EXTRACTOR_VERSION)
        second_run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        second = writes.save_extractions(store, [extraction], second_run, EXTRACTOR_VERSION)
        assert (first.documents_added, first.goals, first.measures) == (1, 1, 1)
        assert second.documents_added == 0
        assert len(views.documents(store)) == 1
        assert len(views.goals(store)) == 1
        assert views.documents(store)["first_run_id"].tolist() == [first_run]
        assert views.known_hashes(store) == {extraction.document.source.content_hash}


def test_goal_values_keep_their_exact_decimal_text(tmp_path):
    extraction = extract_text("到2027年,网络零售额达到1352.20亿元。\n")
    with Store(tmp_path / "b.db") as store:
        writes.save_extractions(store, [extraction], ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION),
                                EXTRACTOR_VERSION)
        assert views.goals(store)["value"].tolist() == ["1352.20"]


def test_a_failed_run_forgets_what_it_added_and_is_recorded(tmp_path):
    with Store(tmp_path / "b.db") as store:
        run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        writes.save_extractions(store, [extract_text(TEXT)], run, EXTRACTOR_VERSION)
        writes.forget_additions(store, run)
        ledger.finish_run(store, run, RunStatus.FAILED, detail="RenderError")
        assert views.known_hashes(store) == set()
        assert len(views.documents(store)) == 0 and len(views.goals(store)) == 0
        runs = ledger.runs(store, 10)
        assert (runs["status"].tolist(), runs["status_detail"].tolist()) == (["failed"], ["RenderError"])


def test_quarantine_is_recorded_per_run(tmp_path):
    record = QuarantineRecord(tmp_path / "bad.txt", "ab" * 32, "empty file", "check the file")
    with Store(tmp_path / "b.db") as store:
        run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        writes.record_quarantine(store, [record, record], run)
        ledger.finish_run(store, run, RunStatus.SUCCEEDED, "x.pdf")
        assert views.quarantine(store, run)[["reason"]].values.tolist() == [["empty file"]]
        assert ledger.runs(store, 10)["quarantined"].tolist() == [1]


def test_a_revised_version_is_linked_not_merged(tmp_path):
    from briefing.ingest.identity import near_duplicates, signature

    plan = "\n".join(f"({n})第{n}项任务。推进数字经济核心产业发展,加快建设数据中心和工业互联网平台。" for n in range(1, 40))
    draft = extract_text("关于加快发展数字经济的实施方案(征求意见稿)\n" + plan + "\n到2025年,培育企业40家。\n")
    final = extract_text("关于加快发展数字经济的实施方案\n" + plan + "\n到2025年,培育企业60家。\n")
    with Store(tmp_path / "b.db") as store:
        run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        writes.save_extractions(store, [draft, final], run, EXTRACTOR_VERSION)
        links = near_duplicates({final.document.doc_id: signature(final.document.text)}, views.signatures(store))
        writes.save_links(store, links, run)
        assert len(views.documents(store)) == 2
        linked = views.links(store)
    assert len(linked) == 1
    assert {linked.loc[0, "title"], linked.loc[0, "other_title"]} == {"关于加快发展数字经济的实施方案"}
    assert sorted(linked.loc[0, ["draft", "other_draft"]].tolist()) == [0, 1]
    assert linked.loc[0, "similarity"] > 0.6


def test_goals_keep_their_rule_ids_confidence_and_canonical_value(tmp_path):
    extraction = extract_text("到2026年,全省算力规模力争突破5EFlops。\n")
    goal, = extraction.goals
    with Store(tmp_path / "b.db") as store:
        run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        writes.save_extractions(store, [extraction], run, EXTRACTOR_VERSION)
        row = views.goals(store).iloc[0]
    assert json.loads(row["rule_ids"]) == list(goal.rule_ids)
    assert "unit.compute.eflops" in json.loads(row["rule_ids"])
    assert row["confidence"] == goal.confidence and 0 < row["confidence"] <= 1
    assert (row["unit"], row["canonical_unit"], row["scaled_value"]) == ("EFlops", "FLOPS", "5000000000000000000")


def test_a_run_left_running_by_a_dead_process_is_closed_as_interrupted(tmp_path):
    from filelock import FileLock

    from briefing.store import seam

    path = tmp_path / "b.db"
    with Store(path) as store:
        dead = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
        writes.save_extractions(store, [extract_text(TEXT)], dead, EXTRACTOR_VERSION)
    with FileLock(str(path) + ".lock"):  # a live run holds the store: the newest running run is that one
        assert seam.run_history(path, 10)["status"].tolist() == ["running"]
    history = seam.run_history(path, 10)  # nobody holds it: the process of that run is gone
    assert history["status"].tolist() == ["interrupted"]

    closed = seam.close_interrupted_runs(path)
    assert [run.run_id for run in closed] == [dead] and not closed[0].published
    with Store(path) as store:
        runs = ledger.runs(store, 10)
        assert runs["status"].tolist() == ["interrupted"]
        assert runs["status_detail"].iloc[0].endswith("ended before publishing")
        assert views.known_hashes(store) == set()  # its documents count as new again
    assert seam.close_interrupted_runs(path) == []


def test_an_unchanged_run_finds_the_run_that_published_the_same_briefing(tmp_path):
    from briefing.store import seam

    path = tmp_path / "b.db"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(TEXT, encoding="utf-8")
    first = seam.start_run(path, "2026-10", EXTRACTOR_VERSION, [(inputs, "inbox")], unchanged_base="basis")
    assert first.unchanged_since is None and len(first.discovery.new) == 1
    seam.save_batch(path, first.run_id, [extract_text(TEXT)], EXTRACTOR_VERSION)
    seam.record_published(path, first.run_id, tmp_path / "b.pdf", "basis")
    from briefing.models import Delivery, DeliveryOutcome

    seam.record_delivery(path, first.run_id, Delivery(DeliveryOutcome.SENT, "to 1"), tmp_path / "b.pdf")

    again = seam.start_run(path, "2026-10", EXTRACTOR_VERSION, [(inputs, "inbox")], unchanged_base="basis")
    assert again.unchanged_since is not None
    assert (again.unchanged_since.run_id, again.unchanged_since.delivered) == (first.run_id, True)
    other_templates = seam.start_run(path, "2026-10", EXTRACTOR_VERSION, [(inputs, "inbox")], unchanged_base="x")
    assert other_templates.unchanged_since is None
    (inputs / "b.txt").write_text(TEXT + "三、保障措施\n", encoding="utf-8")
    new_file = seam.start_run(path, "2026-10", EXTRACTOR_VERSION, [(inputs, "inbox")], unchanged_base="basis")
    assert new_file.unchanged_since is None


def test_measures_of_some_documents_are_theirs_in_stored_order(tmp_path):
    texts = {name: f"二、重点任务\n1.{name}推进工业互联网建设。\n2.{name}加快数据中心布局。\n"
             for name in ("泰州", "扬州", "镇江")}
    extractions = [extract_text(text) for text in texts.values()]
    with Store(tmp_path / "b.db") as store:
        writes.save_extractions(store, extractions, ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION),
                                EXTRACTOR_VERSION)
        every = views.measures(store)
        some_ids = [extractions[0].document.doc_id, extractions[2].document.doc_id]
        some = views.measures(store, some_ids)
        none = views.measures(store, [])
    assert none.empty and list(none.columns) == list(every.columns)
    assert len(every) == 6 and set(some["doc_id"]) == set(some_ids)
    expected = every[every["doc_id"].isin(some_ids)].reset_index(drop=True)
    assert some.reset_index(drop=True).equals(expected)

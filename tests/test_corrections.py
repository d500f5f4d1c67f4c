"""A reviewer's corrections: validated, applied to the stored goals from the file as it is on each run,
undone when removed, and reported when they no longer match."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.corrections import Correction, GoalFields, find_in_text, load_corrections
from briefing.errors import ConfigError
from briefing.extract import EXTRACTOR_VERSION
from briefing.extract.units import Units
from briefing.rules import load_rules
from briefing.store import ledger, views, writes
from briefing.store.corrections import apply_corrections
from briefing.store.database import Store
from helpers import extract_text

TEXT = ("苏州市数字经济发展行动方案\n一、发展目标\n到2027年,全市数字经济核心产业增加值达到5000亿元。"
        "到2027年,建成5G基站8万个。规模以上工业企业全部完成数字化改造。\n")
UNITS = Units(load_rules().goals.units)
DAY = dt.date(2026, 11, 30)


def _stored(tmp_path):
    extraction = extract_text(TEXT)
    store = Store(tmp_path / "b.db").__enter__()
    run = ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)
    writes.save_extractions(store, [extraction], run, EXTRACTOR_VERSION)
    return store, extraction.document.doc_id


def _run(store) -> int:
    return ledger.begin_run(store, "2026-10", EXTRACTOR_VERSION)


def _goal(store, word):
    goals = views.goals(store)
    return goals[goals["indicator"].str.contains(word)].to_dict("records")


def test_each_kind_of_correction_changes_the_stored_goals_and_removing_it_undoes_it(tmp_path):
    store, doc = _stored(tmp_path)
    extracted = views.goals(store)
    base_quote, station_quote = (_goal(store, word)[0]["quote"] for word in ("增加值", "基站"))
    corrections = [
        Correction(document=doc, quote=station_quote, action="drop", reason="重复统计", date=DAY),
        Correction(document=doc, quote=base_quote.replace("，", " ，"), action="change",
                   set=GoalFields(value="5500", year=2028, indicator_id="digital_economy_core_value_added"),
                   reason="以正式稿为准", date=DAY),
        Correction(document=doc, quote="规模以上工业企业全部完成数字化改造", action="add",
                   set=GoalFields(indicator="规上工业企业数字化改造比例", value=100, unit="%", year=2027,
                                  comparator=">=", hedge=True),
                   reason="规则漏提", date=DAY),
        Correction(document=doc, quote="这句话不在文中", action="drop", reason="旧稿", date=DAY),
        Correction(document="no-such-document", quote=base_quote, action="drop", reason="旧稿", date=DAY),
    ]
    outcomes = apply_corrections(store, _run(store), corrections, UNITS, {"digital_economy_core_value_added"})
    assert [o.status for o in outcomes] == ["applied", "applied", "applied", "stale", "stale"]
    assert "no goal of the document has this quote" in outcomes[3].detail
    assert not _goal(store, "基站")
    changed, = _goal(store, "增加值")
    assert (changed["value"], changed["year"], changed["forced_indicator_id"]) == ("5500", 2028, "digital_economy_core_value_added")
    assert changed["corrected"] == "corrected: 以正式稿为准, 2026-11-30"
    assert changed["scaled_value"] == "550000000000"
    added, = _goal(store, "数字化改造")
    assert (added["value"], added["unit"], added["comparator"], added["hedge"]) == ("100", "%", ">=", 1)
    assert added["quote"] == "规模以上工业企业全部完成数字化改造"
    assert added["rule_id"] == "correction.added" and added["corrected"].startswith("added: 规则漏提")
    assert views.corrections(store, 2)["status"].tolist() == ["applied"] * 3 + ["stale"] * 2
    # the same file again: the same goals (applied from scratch, not on top of the last run)
    apply_corrections(store, _run(store), corrections, UNITS, {"digital_economy_core_value_added"})
    assert len(views.goals(store)) == len(extracted) and _goal(store, "增加值")[0]["value"] == "5500"
    # the corrections removed from the file: the extraction again
    apply_corrections(store, _run(store), [], UNITS, set())
    restored = views.goals(store)
    assert restored.drop(columns=["corrected", "forced_indicator_id"]).equals(
        extracted.drop(columns=["corrected", "forced_indicator_id"]))
    assert restored["corrected"].isna().all()


def test_a_correction_naming_an_unknown_indicator_is_stale(tmp_path):
    store, doc = _stored(tmp_path)
    quote = _goal(store, "基站")[0]["quote"]
    outcome, = apply_corrections(store, _run(store), [Correction(document=doc, quote=quote, action="change",
                                                       set=GoalFields(indicator_id="no_such_indicator"),
                                                       reason="归类", date=DAY)], UNITS, {"known"})
    assert outcome.stale and "no_such_indicator" in outcome.detail


@pytest.mark.parametrize(("entry", "message"), [
    ("{document: d, quote: q, action: drop, set: {value: 3}, reason: r, date: 2026-11-30}", "sets no fields"),
    ("{document: d, quote: q, action: change, reason: r, date: 2026-11-30}", "at least one field"),
    ("{document: d, quote: q, action: add, set: {value: 3}, reason: r, date: 2026-11-30}", "indicator and value"),
    ("{document: d, quote: q, action: change, set: {value: 三}, reason: r, date: 2026-11-30}", "not a number"),
    ("{document: d, quote: q, action: change, set: {comparator: 大于}, reason: r, date: 2026-11-30}", "comparator"),
    ("{document: d, quote: q, action: rename, reason: r, date: 2026-11-30}", "action"),
])
def test_a_bad_corrections_file_is_one_clear_error(tmp_path, entry, message):
    (tmp_path / "corrections.yaml").write_text(f"corrections:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="corrections.yaml") as error:
        load_corrections(tmp_path)
    assert message in str(error.value)


def test_the_bundled_corrections_file_is_valid_and_empty():
    assert load_corrections() == ()


def test_a_quote_is_found_in_the_text_whatever_its_white_space():
    text = "到2027年，建成 5G 基站\n8万个。"
    start, end = find_in_text(text, "建成5G基站8万个")
    assert text[start:end] == "建成 5G 基站\n8万个"
    assert find_in_text(text, "建成6G基站") is None

"""Extraction quality gate: scores over tests/gold must not drop below tests/quality_baseline.json."""

import json
from pathlib import Path

import pytest

from briefing.evaluate import score
from briefing.inspect import extract_files, extraction_json
from conftest import GOLD, PLANS, SHARED

BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predictions():
    return extraction_json(extract_files(sorted(PLANS.glob("*.txt"))))


@pytest.fixture(scope="module")
def result(predictions):
    outcome = score(GOLD, predictions["documents"])
    print(outcome.report())
    return outcome


def test_goal_precision_and_recall_do_not_drop(result):
    assert result.precision >= BASELINE["goal_precision"]
    assert result.recall >= BASELINE["goal_recall"]


def test_attributes_of_matched_goals_do_not_drop(result):
    assert result.attribute_accuracy("year") >= BASELINE["year_accuracy"]
    assert result.attribute_accuracy("comparator") >= BASELINE["comparator_accuracy"]
    assert result.attribute_accuracy("baseline_value") >= BASELINE["baseline_accuracy"]


def test_measure_titles_do_not_drop(result):
    assert result.measure_title_recall >= BASELINE["measure_title_recall"]
    assert result.measure_precision >= BASELINE["measure_precision"]


def test_project_scorer_agrees_with_the_reference_scorer(predictions, tmp_path, capsys):
    reference = SHARED / "eval" / "score_goals.py"
    if not reference.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    import runpy

    path = tmp_path / "p.json"
    path.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")
    module = runpy.run_path(str(reference))
    _, p, r = module["score"](str(GOLD), module["load_pred"](str(path)))
    ours = score(GOLD, predictions["documents"])
    assert (round(p, 6), round(r, 6)) == (round(ours.precision, 6), round(ours.recall, 6))


def test_regulations_without_targets_yield_no_goals():
    files = sorted((SHARED / "corpus").glob("*regulation*.txt"))
    if not files:
        pytest.skip("../shared/corpus is not beside this checkout")
    for extraction in extract_files(files).extractions:
        assert extraction.goals == (), extraction.document.source.path.name

"""Extraction quality gate over the development set (the five bundled plans and the 21 regional passages in
tests/passages, annotated in tests/gold): no document may drop below tests/quality_baseline.json, and the
whole set holds the figures the project promises."""

import json
from pathlib import Path

import pytest

from briefing.evaluate import development_files, score
from briefing.inspect import extract_files, extraction_json
from conftest import GOLD, PASSAGES, PLANS, SHARED

BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text(encoding="utf-8"))
FIGURES = ("precision", "recall", "year", "comparator", "baseline_value")


@pytest.fixture(scope="module")
def predictions():
    return extraction_json(extract_files(development_files(GOLD, [PLANS, PASSAGES])))


@pytest.fixture(scope="module")
def result(predictions):
    outcome = score(GOLD, predictions["documents"])
    print(outcome.report())
    print(outcome.error_report())
    return outcome


def test_every_gold_file_has_its_text():
    assert len(development_files(GOLD, [PLANS, PASSAGES])) == len(list(GOLD.glob("*.json"))) == 26


def test_the_development_set_holds_the_promised_figures(result):
    assert result.f1 >= 0.97
    assert result.attribute_accuracy("year") >= 0.95
    assert result.attribute_accuracy("comparator") >= 0.97
    assert result.attribute_accuracy("baseline_value") >= 0.90


def test_no_document_drops_below_its_baseline(result):
    drops = []
    for document in result.documents:
        recorded = BASELINE["documents"][document.name]
        found = {"precision": document.precision, "recall": document.recall,
                 **{key: document.attribute_accuracy(key) for key in FIGURES[2:]}}
        drops.extend(f"{document.name} {key} {found[key]:.3f} < {recorded[key]:.3f}"
                     for key in FIGURES if found[key] < recorded[key] - 1e-9)
    assert not drops, "\n".join(drops)


def test_overall_figures_do_not_drop(result):
    overall = BASELINE["overall"]
    assert result.precision >= overall["precision"] - 1e-9
    assert result.recall >= overall["recall"] - 1e-9
    for key in FIGURES[2:]:
        assert result.attribute_accuracy(key) >= overall[key] - 1e-9


def test_measure_titles_do_not_drop(result):
    assert result.measure_title_recall >= BASELINE["overall"]["measure_title_recall"]
    assert result.measure_precision >= BASELINE["overall"]["measure_precision"]


def test_project_scorer_agrees_with_the_reference_scorer(predictions, tmp_path):
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


def test_national_plans_still_yield_their_targets():
    corpus = SHARED / "corpus"
    if not corpus.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    extractions = {x.document.source.path.name: x for x in extract_files(sorted(corpus.glob("*.txt"))).extractions}

    def targets(name):
        return {(g.indicator, float(g.value) if g.value is not None else None, g.unit, g.year)
                for g in extractions[name].goals}

    assert ("数字经济核心产业增加值占GDP比重", 10.0, "%", 2025) in targets("national_14th_fyp_digital_economy.txt")
    software = targets("miit_14th_fyp_software_it_services.txt")
    assert ("规模以上企业软件业务收入", 14.0, "万亿元", 2025) in software
    assert ("千亿级企业", 15.0, "家", 2025) in software
    assert ("可信数据空间", 100.0, "个", 2028) in targets("nda_trusted_data_space_action_plan_2024_2028.txt")

"""Extraction quality against gold annotations: goal precision/recall, attributes, error classes, rule
reliability.

Matching follows the reference scorer (../shared/eval/score_goals.py): a predicted goal matches a gold goal
when both are placeholders or their values agree after unit scaling within one unit family, their years
agree where both are given, and their indicators share characters (Jaccard >= 0.2); greedy, one-to-one.

Every error is put in one class, so the next rule is chosen from a count: a missed gold goal that a
prediction nearly matched is a `year`, `unit`, `value` or `indicator` error of that prediction; a missed goal
nothing came near is `table` (a table cell) or `cue` (no rule made its number a target); a prediction that
matches nothing is `table`, `duplicate` (a second record of a matched target) or `exclusion` (a number that
is not a target); a matched goal with a wrong attribute is a `year`, `comparator`, `baseline` or `hedge`
error.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.evaluate.errors import ERROR_CLASSES, ExtractionError, classify, rule_outcomes
from briefing.evaluate.matching import ATTRIBUTES, attribute_right, greedy_matches
from briefing.extract.confidence import rule_reliability
from briefing.rules import ConfidenceTable, GoldSize


@dataclass(frozen=True)
class DocumentScore:
    name: str
    gold: int
    predicted: int
    matched: int
    measure_titles_gold: int
    measure_titles_found: int
    measures_predicted: int
    measures_in_gold: int
    attribute_hits: dict[str, tuple[int, int]]
    errors: tuple[ExtractionError, ...] = ()
    #: rule id -> (goals it produced, of which right)
    rule_outcomes: dict[str, tuple[int, int]] | None = None

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def attribute_accuracy(self, key: str) -> float:
        hits, total = self.attribute_hits[key]
        return hits / total if total else 1.0


class _Share:
    """A figure of the whole set: one per-document count summed over another (0 where the other is 0)."""

    def __init__(self, part: str, whole: str) -> None:
        self.part, self.whole = part, whole

    def __get__(self, score: Score, owner: type | None = None) -> float:
        total = sum(getattr(d, self.whole) for d in score.documents)
        return sum(getattr(d, self.part) for d in score.documents) / total if total else 0.0


@dataclass(frozen=True)
class Score:
    documents: tuple[DocumentScore, ...]

    def _sum(self, field: str) -> int:
        return sum(getattr(d, field) for d in self.documents)

    precision = _Share("matched", "predicted")
    recall = _Share("matched", "gold")
    measure_title_recall = _Share("measure_titles_found", "measure_titles_gold")
    measure_precision = _Share("measures_in_gold", "measures_predicted")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


    def attribute_accuracy(self, key: str) -> float:
        hits = sum(d.attribute_hits[key][0] for d in self.documents)
        total = sum(d.attribute_hits[key][1] for d in self.documents)
        return hits / total if total else 1.0

    @property
    def errors(self) -> tuple[ExtractionError, ...]:
        return tuple(error for d in self.documents for error in d.errors)

    def error_counts(self) -> Counter[str]:
        return Counter(error.kind for error in self.errors)

    def report(self) -> str:
        lines = [f"{d.name}: gold {d.gold} pred {d.predicted} matched {d.matched}  "
                 f"P {d.precision:.3f} R {d.recall:.3f}  measures {d.measure_titles_found}/{d.measure_titles_gold}"
                 for d in self.documents]
        for key in ATTRIBUTES:
            lines.append(f"attribute {key}: {self.attribute_accuracy(key):.3f}")
        lines.append(f"goals F1 {self.f1:.3f} P {self.precision:.3f} R {self.recall:.3f}; "
                     f"measures P {self.measure_precision:.3f} R {self.measure_title_recall:.3f}")
        return "\n".join(lines)

    def error_report(self) -> str:
        counts = self.error_counts()
        lines = [f"{'class':<11} errors", *(f"{kind:<11} {counts.get(kind, 0)}" for kind in ERROR_CLASSES),
                 f"{'all':<11} {sum(counts.values())}", ""]
        lines.extend(f"[{e.kind}] {e.document}: {e.detail}" for e in self.errors)
        return "\n".join(lines)

    def baseline_record(self) -> dict[str, Any]:
        """The figures a quality gate holds a later extractor to: overall and per document."""
        def figures(item: Score | DocumentScore) -> dict[str, float]:
            return {"precision": round(item.precision, 4), "recall": round(item.recall, 4),
                    **{key: round(item.attribute_accuracy(key), 4) for key in ATTRIBUTES}}

        return {"overall": {**figures(self), "f1": round(self.f1, 4),
                            "measure_title_recall": round(self.measure_title_recall, 4),
                            "measure_precision": round(self.measure_precision, 4)},
                "documents": {d.name: figures(d) for d in self.documents}}

    def calibration(self, unseen_rule: float) -> ConfidenceTable:
        """The reliability of every rule on these documents, shrunk towards ``unseen_rule`` where it fired rarely."""
        totals: dict[str, list[int]] = {}
        for document in self.documents:
            for rule_id, (fired, right) in (document.rule_outcomes or {}).items():
                total = totals.setdefault(rule_id, [0, 0])
                total[0] += fired
                total[1] += right
        rules = {rule_id: rule_reliability(right, fired, unseen_rule)
                 for rule_id, (fired, right) in sorted(totals.items())}
        size = GoldSize(documents=len(self.documents), gold_goals=self._sum("gold"),
                        predicted_goals=self._sum("predicted"))
        return ConfidenceTable(measured_on=size, unseen_rule=unseen_rule, rules=rules)


def score_document(name: str, gold: dict[str, Any], predicted: dict[str, Any]) -> DocumentScore:
    gold_goals, pred_goals = gold["goals"], predicted.get("goals", [])
    matches = greedy_matches(gold_goals, pred_goals)
    hits = {key: [0, 0] for key in ATTRIBUTES}
    for i, j in matches:
        for key in hits:
            if gold_goals[j].get(key) is not None:
                hits[key][1] += 1
                hits[key][0] += int(attribute_right(key, pred_goals[i], gold_goals[j]))
    gold_titles = [m["title"] for m in gold.get("measures", [])]
    predicted_list = [m["title"] for m in predicted.get("measures", [])]
    predicted_titles = set(predicted_list)
    return DocumentScore(
        name=name, gold=len(gold_goals), predicted=len(pred_goals), matched=len(matches),
        measure_titles_gold=len(gold_titles),
        measure_titles_found=sum(1 for title in gold_titles if title in predicted_titles),
        measures_predicted=len(predicted_list) if gold_titles else 0,
        measures_in_gold=sum(1 for title in predicted_list if title in set(gold_titles)),
        attribute_hits={k: (v[0], v[1]) for k, v in hits.items()},
        errors=tuple(classify(name, gold_goals, pred_goals, matches)),
        rule_outcomes=rule_outcomes(gold_goals, pred_goals, matches),
    )


def gold_documents(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(gold_dir.glob("*.json"))]


def development_files(gold_dir: Path, folders: list[Path]) -> list[Path]:
    """The texts the gold files annotate, looked up by name in ``folders`` (first found wins)."""
    files = []
    for gold in gold_documents(gold_dir):
        found = next((folder / gold["doc"] for folder in folders if (folder / gold["doc"]).is_file()), None)
        if found is not None:
            files.append(found)
    return files


def score(gold_dir: Path, predicted_documents: list[dict[str, Any]]) -> Score:
    """Score predictions (the `briefing extract --format json` documents) against every gold file."""
    by_name = {Path(str(d["source"])).name: d for d in predicted_documents}
    results = [score_document(gold["doc"], gold, by_name.get(gold["doc"], {})) for gold in gold_documents(gold_dir)]
    return Score(tuple(results))

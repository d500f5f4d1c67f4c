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

from briefing.extract.confidence import rule_reliability
from briefing.rules import ConfidenceTable, GoldSize
from briefing.similarity import character_jaccard

_MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
_COUNT_UNITS = ("家", "个", "项", "名", "件", "所", "座", "条", "次", "户", "人", "台", "套", "款", "种", "处", "张",
                "台套", "对", "篇", "场", "批", "只", "位", "支", "园", "区", "类", "万人", "亿人", "人次")
_TRADITIONAL_UNIT_CHARACTERS = str.maketrans({"％": "%", "個": "个", "項": "项", "億": "亿", "萬": "万"})
INDICATOR_SIMILARITY = 0.2
ATTRIBUTES = ("year", "comparator", "baseline_value")
ERROR_CLASSES = ("year", "comparator", "baseline", "hedge", "indicator", "unit", "value", "table", "cue",
                 "duplicate", "exclusion")


def _unit_family(unit: str | None) -> tuple[float, str]:
    text = (unit or "").strip().translate(_TRADITIONAL_UNIT_CHARACTERS).replace("元人民币", "元")
    if not text:
        return 1.0, "none"
    if text == "%":
        return 1.0, "percent"
    if text in ("百分点", "个百分点"):
        return 1.0, "pp"
    multiplier = 1.0
    for prefix, value in _MULTIPLIERS.items():
        if text.startswith(prefix) and len(text) > len(prefix):
            multiplier, text = value, text[len(prefix):]
            break
    if text.endswith(("元", "美元")):
        return multiplier, "money"
    if text in _COUNT_UNITS or text.endswith(_COUNT_UNITS):
        return multiplier, "count"
    return multiplier, "other:" + text.lower()  # ASCII units (EFlops, EFLOPS) compare without case


def _years_agree(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return gold.get("year") is None or pred.get("year") is None or int(gold["year"]) == int(pred["year"])


def _same_quantity(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if bool(gold.get("placeholder")) != bool(pred.get("placeholder")):
        return False
    if gold.get("placeholder"):
        return True
    try:
        pv, gv = float(pred["value"]), float(gold["value"])
    except (TypeError, ValueError, KeyError):
        return False
    (pm, pf), (gm, gf) = _unit_family(pred.get("unit")), _unit_family(gold.get("unit"))
    return pf == gf and abs(pv * pm - gv * gm) <= 1e-9 * max(1.0, abs(gv * gm))


def _compatible(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return _years_agree(pred, gold) and _same_quantity(pred, gold)


def _attribute_right(key: str, pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    pv, gv = pred.get(key), gold.get(key)
    if key == "baseline_value":
        return pv is not None and gv is not None and abs(float(pv) - float(gv)) < 1e-9
    return bool(pv == gv)


@dataclass(frozen=True)
class ExtractionError:
    document: str
    kind: str
    detail: str


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


@dataclass(frozen=True)
class Score:
    documents: tuple[DocumentScore, ...]

    def _sum(self, field: str) -> int:
        return sum(getattr(d, field) for d in self.documents)

    @property
    def precision(self) -> float:
        predicted = self._sum("predicted")
        return self._sum("matched") / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        gold = self._sum("gold")
        return self._sum("matched") / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def measure_title_recall(self) -> float:
        gold = self._sum("measure_titles_gold")
        return self._sum("measure_titles_found") / gold if gold else 0.0

    @property
    def measure_precision(self) -> float:
        predicted = self._sum("measures_predicted")
        return self._sum("measures_in_gold") / predicted if predicted else 0.0

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


def _describe(goal: dict[str, Any]) -> str:
    value = "□" if goal.get("placeholder") else goal.get("value")
    return f"{goal.get('indicator')} {value}{goal.get('unit') or ''} ({goal.get('year')}) «{goal.get('quote', '')}»"


def _near_miss(gold: dict[str, Any], pred: dict[str, Any]) -> str | None:
    """The one attribute that kept ``pred`` from matching ``gold``, or None where they are unrelated."""
    similar = character_jaccard(str(pred.get("indicator") or ""), gold.get("indicator") or "") >= INDICATOR_SIMILARITY
    if similar and _same_quantity(pred, gold) and not _years_agree(pred, gold):
        return "year"
    if _compatible(pred, gold) and not similar:
        return "indicator"
    if similar and _years_agree(pred, gold) and not gold.get("placeholder") and not pred.get("placeholder"):
        same_family = _unit_family(pred.get("unit"))[1] == _unit_family(gold.get("unit"))[1]
        try:
            same_number = float(pred["value"]) == float(gold["value"])
        except (TypeError, ValueError, KeyError):
            same_number = False
        if same_number and not same_family:
            return "unit"
        if same_family and not same_number:
            return "value"
    return None


def _classify(name: str, gold_goals: list[dict[str, Any]], pred_goals: list[dict[str, Any]],
              matches: list[tuple[int, int]]) -> list[ExtractionError]:
    errors: list[ExtractionError] = []
    for i, j in matches:
        pred, gold = pred_goals[i], gold_goals[j]
        for key, kind in (("year", "year"), ("comparator", "comparator"), ("baseline_value", "baseline")):
            if gold.get(key) is not None and not _attribute_right(key, pred, gold):
                errors.append(ExtractionError(name, kind, f"{key} {pred.get(key)} for {gold.get(key)}: {_describe(gold)}"))
        if "hedge" in gold and bool(pred.get("hedge")) != bool(gold["hedge"]):
            errors.append(ExtractionError(name, "hedge", f"hedge {pred.get('hedge')} for {gold['hedge']}: {_describe(gold)}"))
    used_p = {i for i, _ in matches}
    used_g = {j for _, j in matches}
    spurious = [i for i in range(len(pred_goals)) if i not in used_p]
    for j, gold in enumerate(gold_goals):
        if j in used_g:
            continue
        near = next(((i, attribute) for i in spurious
                     if (attribute := _near_miss(gold, pred_goals[i])) is not None), None)
        if near is not None:
            i, kind = near
            spurious.remove(i)
            errors.append(ExtractionError(name, kind, f"found {_describe(pred_goals[i])} for {_describe(gold)}"))
        elif "|" in str(gold.get("quote", "")):
            errors.append(ExtractionError(name, "table", f"missed {_describe(gold)}"))
        else:
            errors.append(ExtractionError(name, "cue", f"missed {_describe(gold)}"))
    matched_quantities = [pred_goals[i] for i, _ in matches]
    for i in spurious:
        pred = pred_goals[i]
        if str(pred.get("rule_id", "")).startswith("goal.table."):
            kind = "table"
        elif any(_compatible(pred, other) and character_jaccard(str(pred.get("indicator")), str(other.get("indicator"))) >= 0.5
                 for other in matched_quantities):
            kind = "duplicate"
        else:
            kind = "exclusion"
        errors.append(ExtractionError(name, kind, f"spurious {_describe(pred)} [{pred.get('rule_id')}]"))
    return errors


def _rule_outcomes(gold_goals: list[dict[str, Any]], pred_goals: list[dict[str, Any]],
                   matches: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Per rule id: how many predicted goals carry it, and how many of those are right in every attribute."""
    right = {i for i, j in matches
             if all(gold_goals[j].get(key) is None or _attribute_right(key, pred_goals[i], gold_goals[j])
                    for key in ATTRIBUTES)}
    outcomes: dict[str, list[int]] = {}
    for i, pred in enumerate(pred_goals):
        for rule_id in set(pred.get("rule_ids") or [pred.get("rule_id")]):
            if rule_id:
                outcome = outcomes.setdefault(str(rule_id), [0, 0])
                outcome[0] += 1
                outcome[1] += i in right
    return {rule_id: (fired, hits) for rule_id, (fired, hits) in outcomes.items()}


def score_document(name: str, gold: dict[str, Any], predicted: dict[str, Any]) -> DocumentScore:
    gold_goals, pred_goals = gold["goals"], predicted.get("goals", [])
    pairs = sorted(
        ((character_jaccard(str(p.get("indicator") or ""), g.get("indicator") or ""), i, j)
         for i, p in enumerate(pred_goals) for j, g in enumerate(gold_goals) if _compatible(p, g)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = []
    for similarity, i, j in pairs:
        if similarity < INDICATOR_SIMILARITY or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matches.append((i, j))
    hits = {key: [0, 0] for key in ATTRIBUTES}
    for i, j in matches:
        for key in hits:
            if gold_goals[j].get(key) is not None:
                hits[key][1] += 1
                hits[key][0] += int(_attribute_right(key, pred_goals[i], gold_goals[j]))
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
        errors=tuple(_classify(name, gold_goals, pred_goals, matches)),
        rule_outcomes=_rule_outcomes(gold_goals, pred_goals, matches),
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

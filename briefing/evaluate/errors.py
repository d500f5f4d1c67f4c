"""Every error of a scored document in one class, and what each rule's goals were worth on the gold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.evaluate.matching import (
    ATTRIBUTES,
    INDICATOR_SIMILARITY,
    attribute_right,
    compatible,
    same_quantity,
    unit_family,
    years_agree,
)
from briefing.similarity import character_jaccard

ERROR_CLASSES = ("year", "comparator", "baseline", "hedge", "indicator", "unit", "value", "table", "cue",
                 "duplicate", "exclusion")


@dataclass(frozen=True)
class ExtractionError:
    document: str
    kind: str
    detail: str


def _describe(goal: dict[str, Any]) -> str:
    value = "□" if goal.get("placeholder") else goal.get("value")
    return f"{goal.get('indicator')} {value}{goal.get('unit') or ''} ({goal.get('year')}) «{goal.get('quote', '')}»"


def _near_miss(gold: dict[str, Any], pred: dict[str, Any]) -> str | None:
    """The one attribute that kept ``pred`` from matching ``gold``, or None where they are unrelated."""
    similar = character_jaccard(str(pred.get("indicator") or ""), gold.get("indicator") or "") >= INDICATOR_SIMILARITY
    if similar and same_quantity(pred, gold) and not years_agree(pred, gold):
        return "year"
    if compatible(pred, gold) and not similar:
        return "indicator"
    if similar and years_agree(pred, gold) and not gold.get("placeholder") and not pred.get("placeholder"):
        same_family = unit_family(pred.get("unit"))[1] == unit_family(gold.get("unit"))[1]
        try:
            same_number = float(pred["value"]) == float(gold["value"])
        except (TypeError, ValueError, KeyError):
            same_number = False
        if same_number and not same_family:
            return "unit"
        if same_family and not same_number:
            return "value"
    return None


def classify(name: str, gold_goals: list[dict[str, Any]], pred_goals: list[dict[str, Any]],
              matches: list[tuple[int, int]]) -> list[ExtractionError]:
    errors: list[ExtractionError] = []
    for i, j in matches:
        pred, gold = pred_goals[i], gold_goals[j]
        for key, kind in (("year", "year"), ("comparator", "comparator"), ("baseline_value", "baseline")):
            if gold.get(key) is not None and not attribute_right(key, pred, gold):
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
        elif any(compatible(pred, other) and character_jaccard(str(pred.get("indicator")), str(other.get("indicator"))) >= 0.5
                 for other in matched_quantities):
            kind = "duplicate"
        else:
            kind = "exclusion"
        errors.append(ExtractionError(name, kind, f"spurious {_describe(pred)} [{pred.get('rule_id')}]"))
    return errors


def rule_outcomes(gold_goals: list[dict[str, Any]], pred_goals: list[dict[str, Any]],
                   matches: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Per rule id: how many predicted goals carry it, and how many of those are right in every attribute."""
    right = {i for i, j in matches
             if all(gold_goals[j].get(key) is None or attribute_right(key, pred_goals[i], gold_goals[j])
                    for key in ATTRIBUTES)}
    outcomes: dict[str, list[int]] = {}
    for i, pred in enumerate(pred_goals):
        for rule_id in set(pred.get("rule_ids") or [pred.get("rule_id")]):
            if rule_id:
                outcome = outcomes.setdefault(str(rule_id), [0, 0])
                outcome[0] += 1
                outcome[1] += i in right
    return {rule_id: (fired, hits) for rule_id, (fired, hits) in outcomes.items()}



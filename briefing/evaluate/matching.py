"""Matching predicted goals to gold goals, as the reference scorer (../shared/eval/score_goals.py) does.

The unit families here mirror the reference scorer on purpose, not the project's unit table: the scorer is
the yardstick, so it must not learn from the extractor."""

from __future__ import annotations

from typing import Any

from briefing.similarity import character_jaccard

_MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
_COUNT_UNITS = ("家", "个", "项", "名", "件", "所", "座", "条", "次", "户", "人", "台", "套", "款", "种", "处", "张",
                "台套", "对", "篇", "场", "批", "只", "位", "支", "园", "区", "类", "万人", "亿人", "人次")
_TRADITIONAL_UNIT_CHARACTERS = str.maketrans({"％": "%", "個": "个", "項": "项", "億": "亿", "萬": "万"})
INDICATOR_SIMILARITY = 0.2
ATTRIBUTES = ("year", "comparator", "baseline_value")


def unit_family(unit: str | None) -> tuple[float, str]:
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


def years_agree(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return gold.get("year") is None or pred.get("year") is None or int(gold["year"]) == int(pred["year"])


def same_quantity(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if bool(gold.get("placeholder")) != bool(pred.get("placeholder")):
        return False
    if gold.get("placeholder"):
        return True
    try:
        pv, gv = float(pred["value"]), float(gold["value"])
    except (TypeError, ValueError, KeyError):
        return False
    (pm, pf), (gm, gf) = unit_family(pred.get("unit")), unit_family(gold.get("unit"))
    return pf == gf and abs(pv * pm - gv * gm) <= 1e-9 * max(1.0, abs(gv * gm))


def compatible(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return years_agree(pred, gold) and same_quantity(pred, gold)


def attribute_right(key: str, pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    pv, gv = pred.get(key), gold.get(key)
    if key == "baseline_value":
        return pv is not None and gv is not None and abs(float(pv) - float(gv)) < 1e-9
    return bool(pv == gv)


def greedy_matches(gold_goals: list[dict[str, Any]], pred_goals: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(predicted index, gold index) pairs: compatible goals, most similar indicators first, one-to-one."""
    pairs = sorted(
        ((character_jaccard(str(p.get("indicator") or ""), g.get("indicator") or ""), i, j)
         for i, p in enumerate(pred_goals) for j, g in enumerate(gold_goals) if compatible(p, g)),
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
    return matches

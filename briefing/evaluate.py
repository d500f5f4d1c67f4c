"""Extraction quality against gold annotations: goal precision/recall and measure-title recall.

Matching follows the reference scorer (../shared/eval/score_goals.py): a predicted goal matches a gold goal
when both are placeholders or their values agree after unit scaling within one unit family, their years
agree where both are given, and their indicators share characters (Jaccard >= 0.2); greedy, one-to-one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
_COUNT_UNITS = ("家", "个", "项", "名", "件", "所", "座", "条", "次", "户", "人", "台", "套", "款", "种", "处", "张",
                "台套", "对", "篇", "场", "批", "只", "位", "支", "园", "区", "类", "万人", "亿人", "人次")
INDICATOR_SIMILARITY = 0.2


def _unit_family(unit: str | None) -> tuple[float, str]:
    text = (unit or "").strip().replace("元人民币", "元")
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
    return multiplier, "other:" + text


def _jaccard(a: str, b: str) -> float:
    sa, sb = set(a or ""), set(b or "")
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def _compatible(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if bool(gold.get("placeholder")) != bool(pred.get("placeholder")):
        return False
    if gold.get("year") is not None and pred.get("year") is not None and int(gold["year"]) != int(pred["year"]):
        return False
    if gold.get("placeholder"):
        return True
    try:
        pv, gv = float(pred["value"]), float(gold["value"])
    except (TypeError, ValueError, KeyError):
        return False
    (pm, pf), (gm, gf) = _unit_family(pred.get("unit")), _unit_family(gold.get("unit"))
    return pf == gf and abs(pv * pm - gv * gm) <= 1e-9 * max(1.0, abs(gv * gm))


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

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0


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

    def report(self) -> str:
        lines = [f"{d.name}: gold {d.gold} pred {d.predicted} matched {d.matched}  "
                 f"P {d.precision:.3f} R {d.recall:.3f}  measures {d.measure_titles_found}/{d.measure_titles_gold}"
                 for d in self.documents]
        for key in ("year", "comparator", "baseline_value"):
            lines.append(f"attribute {key}: {self.attribute_accuracy(key):.3f}")
        lines.append(f"goals P {self.precision:.3f} R {self.recall:.3f}; "
                     f"measures P {self.measure_precision:.3f} R {self.measure_title_recall:.3f}")
        return "\n".join(lines)


def score_document(name: str, gold: dict[str, Any], predicted: dict[str, Any]) -> DocumentScore:
    gold_goals, pred_goals = gold["goals"], predicted.get("goals", [])
    pairs = sorted(
        ((_jaccard(str(p.get("indicator") or ""), g.get("indicator") or ""), i, j)
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
    hits = {"year": [0, 0], "comparator": [0, 0], "baseline_value": [0, 0]}
    for i, j in matches:
        for key in hits:
            if gold_goals[j].get(key) is not None:
                hits[key][1] += 1
                pv, gv = pred_goals[i].get(key), gold_goals[j].get(key)
                ok = pv == gv if key != "baseline_value" else pv is not None and abs(float(pv) - float(gv)) < 1e-9
                hits[key][0] += int(ok)
    gold_titles = [m["title"] for m in gold.get("measures", [])]
    predicted_list = [m["title"] for m in predicted.get("measures", [])]
    predicted_titles = set(predicted_list)
    return DocumentScore(
        name=name, gold=len(gold_goals), predicted=len(pred_goals), matched=len(matches),
        measure_titles_gold=len(gold_titles),
        measure_titles_found=sum(1 for title in gold_titles if title in predicted_titles),
        measures_predicted=len(predicted_list),
        measures_in_gold=sum(1 for title in predicted_list if title in set(gold_titles)),
        attribute_hits={k: (v[0], v[1]) for k, v in hits.items()},
    )


def score(gold_dir: Path, predicted_documents: list[dict[str, Any]]) -> Score:
    """Score predictions (the `briefing extract --format json` documents) against every gold file."""
    by_name = {Path(str(d["source"])).name: d for d in predicted_documents}
    results = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        results.append(score_document(gold["doc"], gold, by_name.get(gold["doc"], {})))
    return Score(tuple(results))

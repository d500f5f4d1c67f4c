"""Goal <-> measure links: which measures support a goal, and which goals have none.

A measure supports a goal when the goal is stated inside it, or when the measure's tokens include at least
half of the goal indicator's content words, and at least two of them unless the indicator has only one:
"智能工厂" and a task about building smart factories meet; a target and an unrelated task of the same
document do not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from briefing.tables import GOAL_LINKS, UNSUPPORTED_GOALS, json_value, records


def measure_text(measure: Mapping[str, Any]) -> str:
    """What a measure is compared on: its title, then its text (a full stop between: no word spans both)."""
    return f"{measure['title']}。{measure['text']}"

MIN_SHARED_WORDS = 2
_STOP_WORDS = {"数字", "经济", "数字经济", "企业", "产业", "发展", "建设", "全省", "全市", "比重", "个", "家", "的"}


def goal_measure_links(goals: pd.DataFrame, measures: pd.DataFrame,
                       tokenize: Callable[[str], list[str]]) -> pd.DataFrame:
    """Links of the given goals to the measures of their own documents."""
    rows = []
    measures = measures[measures["doc_id"].isin(set(goals["doc_id"]))]
    by_document: dict[str, list[tuple[dict, set[str], list[int]]]] = {}
    for measure in records(measures):
        by_document.setdefault(measure["doc_id"], []).append(
            (measure, set(tokenize(measure_text(measure))), json_value(measure["goal_ordinals"])))
    for goal in records(goals):
        words = {w for w in tokenize(goal["indicator"]) if len(w) >= 2 and w not in _STOP_WORDS}
        for measure, tokens, inside_ordinals in by_document.get(goal["doc_id"], []):
            inside = goal["ordinal"] in inside_ordinals
            shared = words & tokens
            by_words = bool(shared) and len(shared) >= min(MIN_SHARED_WORDS, len(words)) and len(shared) * 2 >= len(words)
            if inside or by_words:
                rows.append({"doc_id": goal["doc_id"], "goal_ordinal": goal["ordinal"],
                             "indicator": goal["indicator"], "measure_ordinal": measure["ordinal"],
                             "measure_number": measure["number"], "measure_title": measure["title"],
                             "link": "inside" if inside else "shared words",
                             "shared_words": "、".join(sorted(shared))})
    return GOAL_LINKS.frame(rows)


def unsupported_goals(goals: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    linked = set(zip(links["doc_id"], links["goal_ordinal"]))
    mask = [(d, o) not in linked for d, o in zip(goals["doc_id"], goals["ordinal"])]
    return UNSUPPORTED_GOALS.conform(goals.loc[mask])

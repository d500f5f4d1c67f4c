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

from briefing.tables import GOAL_LINKS, UNSUPPORTED_GOALS, json_value, records, records_by


def measure_text(measure: Mapping[str, Any]) -> str:
    """What a measure is compared on: its title, then its text (a full stop between: no word spans both)."""
    return f"{measure['title']}。{measure['text']}"

MIN_SHARED_WORDS = 2
_STOP_WORDS = {"数字", "经济", "数字经济", "企业", "产业", "发展", "建设", "全省", "全市", "比重", "个", "家", "的"}


def goal_measure_links(goals: pd.DataFrame, measures: pd.DataFrame,
                       tokenize: Callable[[str], list[str]]) -> pd.DataFrame:
    """Links of the given goals to the measures of their own documents, in the goals' order. A document's
    measures are tokenized when its goals are linked and let go after: the token sets of every measure of
    a 2,000-document load held at once took 900 MB."""
    goal_records = records(goals)
    goals_by_document: dict[str, list[int]] = {}
    for index, goal in enumerate(goal_records):
        goals_by_document.setdefault(goal["doc_id"], []).append(index)
    measures_by_document = records_by(measures[measures["doc_id"].isin(set(goals_by_document))], "doc_id")
    links_of_goal: dict[int, list[dict[str, Any]]] = {}
    for doc_id, indexes in goals_by_document.items():
        document_measures = [(measure, set(tokenize(measure_text(measure))), json_value(measure["goal_ordinals"]))
                             for measure in measures_by_document.get(doc_id, [])]
        for index in indexes:
            links_of_goal[index] = _links(goal_records[index], document_measures, tokenize)
    return GOAL_LINKS.frame(row for index in range(len(goal_records)) for row in links_of_goal.get(index, []))


def _links(goal: dict[str, Any], document_measures: list[tuple[dict[str, Any], set[str], list[int]]],
           tokenize: Callable[[str], list[str]]) -> list[dict[str, Any]]:
    words = {w for w in tokenize(goal["indicator"]) if len(w) >= 2 and w not in _STOP_WORDS}
    rows = []
    for measure, tokens, inside_ordinals in document_measures:
        inside = goal["ordinal"] in inside_ordinals
        shared = words & tokens
        by_words = bool(shared) and len(shared) >= min(MIN_SHARED_WORDS, len(words)) and len(shared) * 2 >= len(words)
        if inside or by_words:
            rows.append({"doc_id": goal["doc_id"], "goal_ordinal": goal["ordinal"],
                         "indicator": goal["indicator"], "measure_ordinal": measure["ordinal"],
                         "measure_number": measure["number"], "measure_title": measure["title"],
                         "link": "inside" if inside else "shared words",
                         "shared_words": "、".join(sorted(shared))})
    return rows


def unsupported_goals(goals: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    linked = set(zip(links["doc_id"], links["goal_ordinal"]))
    mask = [(d, o) not in linked for d, o in zip(goals["doc_id"], goals["ordinal"])]
    return UNSUPPORTED_GOALS.conform(goals.loc[mask])

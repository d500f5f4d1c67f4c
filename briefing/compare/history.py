"""History: each document against the same region's earlier plan.

Indicators new / dropped / raised / lowered / masked / deadline moved (values and years of both shown),
themes gained and lost, measures continued / new / dropped. Measures are matched by TF-IDF cosine on
jieba tokens: at or above ``MEASURE_SIMILARITY`` (0.3, where rewritten task titles of one programme still
meet and unrelated tasks of one policy field do not; tested in tests/test_compare.py) they are one measure
continued, matched one-to-one, best first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from briefing.compare.links import measure_text
from briefing.compare.tokens import Tokenize, TokenIds, token_ids_of
from briefing.tables import (
    INDICATOR_CHANGES,
    MEASURE_CHANGES,
    PREDECESSORS,
    THEME_CHANGES,
    json_value,
    missing,
    records,
    value_or_none,
)

MEASURE_SIMILARITY = 0.3
Record = dict[str, Any]


def find_predecessors(documents: pd.DataFrame) -> pd.DataFrame:
    """For each dated document, the latest earlier dated document of the same region (province, city, county)."""
    dated = documents[documents["date"].notna() & documents["province"].notna()].copy()
    if not len(dated):
        return PREDECESSORS.frame()
    dated["region_key"] = (dated["province"].fillna("") + "/" + dated["city"].fillna("") + "/"
                           + dated["county"].fillna(""))
    dated = dated.sort_values(["region_key", "date", "doc_id"])
    previous = dated.groupby("region_key")[["doc_id", "title", "date"]].shift(1)
    dated["predecessor_id"] = previous["doc_id"]
    dated["predecessor_title"] = previous["title"]
    dated["predecessor_date"] = previous["date"]
    paired = dated[dated["predecessor_id"].notna() & (dated["predecessor_date"] < dated["date"])]
    return PREDECESSORS.conform(paired)


def _by_document(frame: pd.DataFrame, doc_ids: set[str]) -> dict[str, list[Record]]:
    """The rows of the given documents as records, grouped by document in their stored order."""
    grouped: dict[str, list[Record]] = {doc_id: [] for doc_id in doc_ids}
    for row in records(frame[frame["doc_id"].isin(doc_ids)]):
        grouped[row["doc_id"]].append(row)
    return grouped


def _targets(goals: list[Record]) -> list[dict[str, object]]:
    """The targets of one indicator in one document, in order: what the report writes as "2万亿元(2022年)"."""
    return [{key: value_or_none(goal[key]) for key in ("value", "value_max", "unit", "placeholder", "year")}
            for goal in goals]


def _status(old_last: Record, new_last: Record) -> list[str]:
    statuses = []
    if new_last["placeholder"] and not old_last["placeholder"]:
        statuses.append("masked")
    elif (not missing(old_last["value_common"]) and not missing(new_last["value_common"])
          and old_last["unit_common"] == new_last["unit_common"]):
        if new_last["value_common"] > old_last["value_common"]:
            statuses.append("raised")
        elif new_last["value_common"] < old_last["value_common"]:
            statuses.append("lowered")
        else:
            statuses.append("unchanged")
    else:
        statuses.append("changed")
    if not missing(old_last["year"]) and not missing(new_last["year"]) and old_last["year"] != new_last["year"]:
        statuses.append("deadline moved")
    return statuses


def _by_indicator(goals: list[Record]) -> dict[str, list[Record]]:
    """Mapped goals per canonical indicator, each list by year (undated first), then by position."""
    mapped = [goal for goal in goals if not missing(goal["indicator_id"])]
    mapped.sort(key=lambda goal: (not missing(goal["year"]), 0 if missing(goal["year"]) else goal["year"],
                                  goal["ordinal"]))
    grouped: dict[str, list[Record]] = {}
    for goal in mapped:
        grouped.setdefault(goal["indicator_id"], []).append(goal)
    return grouped


def indicator_change_rows(old_goals: list[Record], new_goals: list[Record]) -> list[Record]:
    """One row per canonical indicator in either document, with both documents' targets side by side."""
    rows = []
    old_by, new_by = _by_indicator(old_goals), _by_indicator(new_goals)
    for indicator_id in dict.fromkeys([*old_by, *new_by]):
        old, new = old_by.get(indicator_id, []), new_by.get(indicator_id, [])
        status = ["new"] if not old else ["dropped"] if not new else _status(old[-1], new[-1])
        rows.append({"indicator_id": indicator_id, "indicator_name": (new or old)[0]["indicator_name"],
                     "statuses": status, "old_targets": _targets(old), "new_targets": _targets(new),
                     "old_quote": "；".join(g["quote"] for g in old), "new_quote": "；".join(g["quote"] for g in new)})
    # Indicators in both documents first (what moved), then new ones, then dropped ones.
    rows.sort(key=lambda row: {"new": 1, "dropped": 2}.get(row["statuses"][0], 0) if len(row["statuses"]) == 1 else 0)
    return rows


def document_themes(measures: Iterable[Record]) -> set[str]:
    themes: set[str] = set()
    for measure in measures:
        themes.update(json_value(measure["themes"]))
    return themes


def tfidf_cosine(old: list[list[str]], new: list[list[str]]) -> np.ndarray:
    """Cosine similarity (rows: ``new``, columns: ``old``) of the token lists' TF-IDF vectors over the
    vocabulary of both, weighted as scikit-learn's TfidfVectorizer does by default (see ``cosine_of_ids``)."""
    ids = TokenIds(lambda text: [])
    return cosine_of_ids([ids.of_tokens(tokens) for tokens in old], [ids.of_tokens(tokens) for tokens in new])


def cosine_of_ids(old: list[np.ndarray], new: list[np.ndarray]) -> np.ndarray:
    """``tfidf_cosine`` of texts given as token ids: raw counts times the smoothed idf
    ln((1 + n) / (1 + df)) + 1, each vector l2-normalized, over the tokens of these texts only.

    Computed here with numpy rather than scikit-learn: the two documents' few dozen measures make a small
    dense matrix, while importing scikit-learn (and the parts of SciPy it loads) took three and a half
    seconds of every run's comparison."""
    documents = [*old, *new]
    flat = np.concatenate(documents) if documents else np.empty(0, dtype=np.int64)
    vocabulary, columns = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(documents)), [len(ids) for ids in documents])
    counts = np.bincount(rows * len(vocabulary) + columns.reshape(-1),
                         minlength=len(documents) * len(vocabulary)).reshape(len(documents), len(vocabulary))
    frequency = np.count_nonzero(counts, axis=0)
    weighted = counts * (np.log((1 + len(documents)) / (1 + frequency)) + 1)
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    unit = np.divide(weighted, norms, out=np.zeros_like(weighted), where=norms > 0)
    return unit[len(old):] @ unit[:len(old)].T


def _continued(old: list[Record], new: list[Record], token_ids: TokenIds,
               threshold: float) -> dict[int, tuple[int, float]]:
    """New measure index -> (old measure index, similarity), one-to-one, best pairs first."""
    if not old or not new:
        return {}
    similarity = cosine_of_ids([token_ids(measure_text(measure)) for measure in old],
                               [token_ids(measure_text(measure)) for measure in new])
    candidates = np.argwhere(similarity >= threshold)
    scores = similarity[candidates[:, 0], candidates[:, 1]]
    matched_new: dict[int, tuple[int, float]] = {}
    matched_old: set[int] = set()
    for (i, j), score in sorted(zip(map(tuple, candidates.tolist()), scores.tolist()),
                                key=lambda pair: (pair[1], pair[0]), reverse=True):
        if i not in matched_new and j not in matched_old:
            matched_new[i] = (j, score)
            matched_old.add(j)
    return matched_new


def measure_change_rows(old: list[Record], new: list[Record], tokenize: Tokenize | TokenIds,
                        threshold: float = MEASURE_SIMILARITY) -> list[Record]:
    """Each measure of either document: continued (with its match and similarity), new or dropped."""
    matched = _continued(old, new, token_ids_of(tokenize), threshold)
    rows = []
    for i, measure in enumerate(new):
        j, score = matched.get(i, (None, None))
        previous = old[j] if j is not None else {"number": None, "title": None}
        rows.append({"status": "new" if j is None else "continued", "number": measure["number"],
                     "title": measure["title"], "old_number": previous["number"], "old_title": previous["title"],
                     "similarity": None if score is None else round(score, 3)})
    continued_old = {j for j, _ in matched.values()}
    rows.extend({"status": "dropped", "number": None, "title": None, "old_number": previous["number"],
                 "old_title": previous["title"], "similarity": None}
                for j, previous in enumerate(old) if j not in continued_old)
    return rows


def measure_changes(old: pd.DataFrame, new: pd.DataFrame, tokenize: Tokenize,
                    threshold: float = MEASURE_SIMILARITY) -> pd.DataFrame:
    """``measure_change_rows`` of two documents' measure frames, as a frame."""
    return MEASURE_CHANGES.frame(measure_change_rows(records(old), records(new), tokenize,
                                                     threshold))


def _change_rows(old: tuple[list[Record], list[Record]], new: tuple[list[Record], list[Record]],
                 token_ids: TokenIds) -> dict[str, list[Record]]:
    """(goals, measures) of a predecessor and of its successor -> the rows of the three change tables."""
    old_themes, new_themes = document_themes(old[1]), document_themes(new[1])
    return {
        "indicators": indicator_change_rows(old[0], new[0]),
        "themes": [{"theme": theme, "status": "gained"} for theme in sorted(new_themes - old_themes)]
                  + [{"theme": theme, "status": "lost"} for theme in sorted(old_themes - new_themes)],
        "measures": measure_change_rows(old[1], new[1], token_ids),
    }


_DECLARED = {"indicators": INDICATOR_CHANGES, "themes": THEME_CHANGES, "measures": MEASURE_CHANGES}


def diff_documents(old_id: str, new_id: str, goals: pd.DataFrame, measures: pd.DataFrame,
                   tokenize: Tokenize) -> dict[str, pd.DataFrame]:
    """Everything that changed from one document to another (predecessor first)."""
    ids = {old_id, new_id}
    goals_of, measures_of = _by_document(goals, ids), _by_document(measures, ids)
    rows = _change_rows((goals_of[old_id], measures_of[old_id]), (goals_of[new_id], measures_of[new_id]),
                        TokenIds(tokenize))
    return {name: _DECLARED[name].frame(rows[name]) for name in rows}


def history(documents: pd.DataFrame, goals: pd.DataFrame, measures: pd.DataFrame, tokenize: Tokenize | TokenIds,
            doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    """Predecessor pairs of ``doc_ids`` and their diffs, stacked into three frames keyed by doc_id. The paired
    documents' rows are grouped once and compared as records: a frame per pair cost a third of a second."""
    pairs = find_predecessors(documents)
    pairs = pairs[pairs["doc_id"].isin(doc_ids)].reset_index(drop=True)
    paired = set(pairs["doc_id"]) | set(pairs["predecessor_id"])
    goals_of, measures_of = _by_document(goals, paired), _by_document(measures, paired)
    token_ids = token_ids_of(tokenize)
    stacked: dict[str, list[Record]] = {name: [] for name in _DECLARED}
    for new_id, old_id in zip(pairs["doc_id"], pairs["predecessor_id"]):
        changed = _change_rows((goals_of[old_id], measures_of[old_id]), (goals_of[new_id], measures_of[new_id]),
                               token_ids)
        for name, found in changed.items():
            stacked[name].extend({**row, "doc_id": new_id, "predecessor_id": old_id} for row in found)
    result = {"predecessors": pairs}
    for name, stacked_rows in stacked.items():
        result[f"{name}_changes"] = _DECLARED[name].frame(stacked_rows)
    return result
